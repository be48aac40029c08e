"""The report as Markdown: charts as text equivalents (or links to images written next to it).

User text is escaped for Markdown and for HTML inside Markdown: whatever a user typed shows as
typed in any renderer and never becomes a link, an image, emphasis or markup.
"""

from __future__ import annotations

import re
from urllib.parse import quote

from dilemmakaart.report.blocks import Bullets, Facts, Figure, Heading, PageBreak, Para, Report, Table

# Characters that are Markdown syntax anywhere in a line (emphasis, code, links, images, tables,
# strike-through, headings); & < > become entities so that HTML in user text is shown, not run.
_SPECIAL = re.compile(r"([\\`*_\[\]|~#!{}$])")
_LINE_START = re.compile(r"^(\s*)([-+=])")  # list items, setext headings
_NUMBERED = re.compile(r"^(\s*\d+)([.)])")  # numbered lists


# Addresses that renderers turn into links by themselves (GitHub's autolinks: web and e-mail addresses,
# also without <>): such a word is put in a code span, where it is shown as typed, can be copied
# whole, and is never a link. Escaping or entities do not stop e-mail autolinks in cmark-gfm.
_ADDRESS = re.compile(
    r"(?i)(?:\b(?:https?|ftp)://|\bwww\.|\b(?:mailto|xmpp|tel):)[^\s`|<>]*[^\s`|<>.,;:!?)\]'\"]"
    r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
)


def md(text: str, *, line_start: bool = True) -> str:
    """One line of user text, safe in Markdown: shown as typed, never a link. ``line_start``: the text
    may begin a line, so list and heading markers at its start are escaped too (not in table cells)."""
    out, at = [], 0
    for found in _ADDRESS.finditer(text):
        out.append(_escape(text[at : found.start()]))
        out.append(f"`{found.group()}`")
        at = found.end()
    out.append(_escape(text[at:]))
    text = "".join(out)
    if not line_start:
        return text
    text = _LINE_START.sub(r"\1\\\2", text)
    return _NUMBERED.sub(r"\1\\\2", text)


def _escape(text: str) -> str:
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _SPECIAL.sub(r"\\\1", text)


def md_block(text: str) -> str:
    """A paragraph: line breaks kept as hard breaks."""
    return "  \n".join(md(line) for line in text.split("\n"))


def md_cell(text: str) -> str:
    return "<br>".join(md(line, line_start=False) for line in text.split("\n") if line.strip()) or " "


def render_markdown(report: Report, *, image_dir: str | None = None) -> str:
    out = [f"*{md(report.kind)}*", "", f"# {md(report.title)}", ""]
    if report.subtitle:
        out += [f"**{md(report.subtitle)}**", ""]
    out += [md(report.meta), ""]
    for block in report.blocks:
        if isinstance(block, PageBreak):
            continue
        if isinstance(block, Heading):
            out += [("## " if block.level == 1 else "### ") + md(block.text), ""]
        elif isinstance(block, Para):
            text = md_block(block.text)
            if block.style == "strong":
                text = f"**{text}**"
            elif block.style == "muted":
                text = f"*{text}*"
            out += [text, ""]
        elif isinstance(block, Bullets):
            out += [f"- {md_block(item)}" for item in block.items] + [""]
        elif isinstance(block, Facts):
            out += ["| | |", "|---|---|"]
            out += [f"| **{md_cell(k)}** | {md_cell(v)} |" for k, v in block.rows] + [""]
        elif isinstance(block, Table):
            out += _table(block)
        elif isinstance(block, Figure):
            out += _figure(block, image_dir)
    return "\n".join(out).rstrip() + "\n"


def _table(table: Table) -> list[str]:
    head = "| " + " | ".join(md_cell(c) for c in table.columns) + " |"
    rule = "|" + "|".join("---:" if i in table.numeric else "---" for i in range(len(table.columns))) + "|"
    rows = ["| " + " | ".join(md_cell(c) for c in row) + " |" for row in table.rows]
    return [head, rule, *rows, ""]


def _figure(fig: Figure, image_dir: str | None) -> list[str]:
    out = [f"### {md(fig.title)}", ""]
    if image_dir and fig.png:
        out += [f"![{md(fig.title)}](<{quote(image_dir)}/{fig.key}.png>)", ""]
    out += [f"*{md(fig.caption)}*", ""]
    for sentence in fig.sentences:
        out += [md_block(sentence), ""]
    if fig.table:
        out += _table(fig.table)
    return out
