"""What runs before every page: language, navigation, page set-up, shared resources.

``app.py`` calls ``run_app``, which hands the registry of pages (``ui/pages.py``) to
``st.navigation`` and runs the page asked for; every page script starts with ``ctx = page()``.
Both are cheap on a rerun: the value code and the library object are shared resources.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from dilemmakaart.backend import Library, open_library, where
from dilemmakaart.code import ValueCode, code_path, load_code
from dilemmakaart.i18n import LANGUAGES, normalise_language, strings, t
from dilemmakaart.ui import a11y, auth, pages, refresh
from dilemmakaart.ui.inline_script import script_literal

ROOT = Path(__file__).resolve().parents[2]
ENTRY_RAN = "dk:entry-ran"  # set by run_app, taken by page(): this run went through app.py
FAVICON = Path(__file__).parent / "static" / "favicon.png"  # served by the app itself (no font host)


@dataclass(frozen=True)
class Ctx:
    """What every page needs: the language, the value code and the library."""

    lang: str
    code: ValueCode
    library: Library

    def t(self, key: str, /, **params: object) -> str:
        return t(key, self.lang, **params)

    def use_framework(self, code: ValueCode) -> None:
        """The page's case is weighed in another framework than the library's default (issue 16):
        the rest of this page run names, draws and checks values with that one."""
        object.__setattr__(self, "code", code)


@st.cache_resource(show_spinner=False)
def _library(place: str, code_file: str, code_mtime: int) -> Library:
    return open_library(place, load_code(code_file))  # the database when DILEMMAKAART_DATABASE_URL is set


def shared_library() -> Library:
    """One library object per store (folder or database) and code file (changes to the code file
    are picked up)."""
    path = code_path()
    return _library(where(), str(path), path.stat().st_mtime_ns)


LANG_SEEN = "dk:lang-url"  # the URL's ?lang= as this session last saw (or wrote) it


def language() -> str:
    """The language from the session, else the URL's ``?lang=``, else Dutch.

    Switching the language writes ``?lang=`` (one entry in the browser's history); when the URL's
    ``?lang=`` later changes without the app writing it (Back or Forward after a switch), the
    language follows it, so one press on Back undoes the switch. Links between pages carry
    ``?lang=`` when the language is not Dutch (``ui/pages.py``), so they never change it."""
    in_url = st.query_params.get("lang")
    if "dk:lang" not in st.session_state:
        st.session_state["dk:lang"] = normalise_language(in_url)
    elif LANG_SEEN in st.session_state and in_url != st.session_state[LANG_SEEN]:
        st.session_state["dk:lang"] = normalise_language(in_url)
        st.session_state["dk:lang-choice"] = st.session_state["dk:lang"]
    st.session_state[LANG_SEEN] = in_url
    return st.session_state["dk:lang"]


def _on_language_change() -> None:
    chosen = st.session_state.get("dk:lang-choice")
    st.session_state["dk:lang"] = normalise_language(chosen)
    st.query_params["lang"] = st.session_state["dk:lang"]
    st.session_state[LANG_SEEN] = st.session_state["dk:lang"]


def run_app() -> None:
    """The entry script (``app.py``): language, navigation, page set-up, then the page asked for."""
    lang = language()
    current, chosen = pages.navigate(lang)
    st.session_state[ENTRY_RAN] = True
    st.set_page_config(
        page_title=f"{current.title(lang)} · Dilemmakaart", page_icon=str(FAVICON), layout=current.layout
    )
    with st.sidebar:
        st.segmented_control(
            t("nav.language", lang),
            options=list(LANGUAGES),
            format_func=lambda code: {"nl": "Nederlands", "en": "English"}[code],
            default=lang,
            key="dk:lang-choice",
            on_change=_on_language_change,
            selection_mode="single",
        )
        localise(lang)
    auth.gate(current, lang)  # sign-in, the page's role, an open network: before the page runs
    refresh.page_run_starts()
    chosen.run()
    refresh.page_run_ends()  # the parts that redraw themselves, drawn last (``refresh``)


LOCALISE_JS = Path(__file__).parent / "static" / "localise.js"
A11Y_JS = Path(__file__).parent / "static" / "a11y.js"
A11Y_CSS = Path(__file__).parent / "static" / "a11y.css"
# Streamlit's strings with a part filled in that are text on screen (the others, such as
# "Help for {label}", are only looked for in aria-labels, titles and placeholders)
TEXT_PATTERNS = ("st.add", "st.per_file", "st.only_up_to", "st.options_available", "st.option_available")


@functools.cache
def _localise_js() -> str:
    return LOCALISE_JS.read_text(encoding="utf-8") + "\n" + A11Y_JS.read_text(encoding="utf-8")


@functools.cache
def _a11y_css() -> str:
    return A11Y_CSS.read_text(encoding="utf-8")


def streamlit_words(lang: str) -> list[tuple[str, str]]:
    """(Streamlit's English string, the same in ``lang``) for every ``st.*`` key of the locale."""
    keys = sorted(key for key in strings() if key.startswith("st.") and key != "st.sidebar_region")
    return [(t(key, "en"), t(key, lang)) for key in keys]


def localise(lang: str) -> None:
    """Set ``<html lang>`` to the app's language and put Streamlit's own fixed English words
    ("Skip to main content", "Help for …", "No results" …) in that language; let the sidebar's
    scroll box take keyboard focus. The work is done in the browser by ``static/localise.js``
    (a MutationObserver over a fixed table; user text is never touched). Drawn on every run: the
    element only changes, and its script only runs again, when the language does or a focus
    request comes (``ui/a11y.py``). The same element brings the accessibility styles
    (``static/a11y.css``) and script (``static/a11y.js``: charts as named images, live regions,
    field states, focus after an action)."""
    config = {
        "lang": lang,
        "table": streamlit_words(lang),
        "textPatterns": [t(key, "en") for key in TEXT_PATTERNS],
        "region": t("st.sidebar_region", lang),
        "a11y": {
            "chart": t("st.chart", lang),
            "focus": a11y.focus_request(),
            "statusKeys": a11y.STATUS_KEYS,
            "balanceWords": a11y.BALANCE_WORDS,
        },
    }
    data = script_literal(config)
    st.html(
        f"<style>{_a11y_css()}</style>"
        f"<script>window.__dkLocale = {data};\n{_localise_js()}</script>",  # one script: Streamlit runs the first
        unsafe_allow_javascript=True,
    )


def page(*, nav: bool = True) -> Ctx:
    """The first call of every page script: what the page needs, and the sidebar's navigation
    (``nav=False`` for the participant's page and the projector view)."""
    if not st.session_state.pop(ENTRY_RAN, False):
        # On a freshly started server Streamlit runs the first page asked for straight from the
        # ``pages/`` folder, without app.py, until ``st.navigation`` has been called once: call it
        # (that ends the folder mode for the server) and run the app's entry in this same run (a
        # rerun would drop the click that started it), then stop this outer run.
        run_app()
        st.stop()
    library = shared_library()
    ctx = Ctx(lang=language(), code=library.code, library=library)
    if nav:
        with st.sidebar:
            pages.draw_navigation(ctx.lang)
    return ctx
