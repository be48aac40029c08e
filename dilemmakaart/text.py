"""Helpers for showing user text safely and plainly."""

from __future__ import annotations

import re

# Every character that Markdown, Streamlit's directives (:red[..], :material/..:) or LaTeX ($) treat
# as syntax. Escaped, user text is shown exactly as typed and never becomes a link, image or markup.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~:$&])")


# Streamlit's Markdown also rewrites plain text after escapes are resolved: web addresses and e-mail
# addresses become links, ``:material/x:`` and ``:smile:`` become icons, `` -> `` becomes an arrow.
# An invisible word joiner (U+2060) inside each such pattern keeps it plain text.
WORD_JOINER = "\u2060"
_TEXT_REWRITES = re.compile(r"(?i)(?<=http)(?=s?:)|(?<=www)(?=\.)|(?<=@)|(?<=:)(?=[\w+-])|(?<=[-<>~])(?=[-<>=])")


def md_escape(text: str) -> str:
    """User text made safe to pass to ``st.markdown``: shown as typed, nothing interpreted."""
    text = _TEXT_REWRITES.sub(WORD_JOINER, text)
    escaped = _MARKDOWN_SPECIAL.sub(r"\\\1", text)
    return escaped.replace("\n", "  \n")


def shorten(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
