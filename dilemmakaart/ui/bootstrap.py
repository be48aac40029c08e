"""What runs before every page: language, navigation, page set-up, shared resources.

``app.py`` calls ``run_app``, which hands the registry of pages (``ui/pages.py``) to
``st.navigation`` and runs the page asked for; every page script starts with ``ctx = page()``.
Both are cheap on a rerun: the value code and the library object are shared resources.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from dilemmakaart.code import ValueCode, code_path, load_code
from dilemmakaart.i18n import LANGUAGES, normalise_language, t
from dilemmakaart.store import CaseLibrary, library_folder
from dilemmakaart.ui import pages

ROOT = Path(__file__).resolve().parents[2]
ENTRY_RAN = "dk:entry-ran"  # set by run_app, taken by page(): this run went through app.py
FAVICON = Path(__file__).parent / "static" / "favicon.png"  # served by the app itself (no font host)


@dataclass(frozen=True)
class Ctx:
    """What every page needs: the language, the value code and the library."""

    lang: str
    code: ValueCode
    library: CaseLibrary

    def t(self, key: str, /, **params: object) -> str:
        return t(key, self.lang, **params)


@st.cache_resource(show_spinner=False)
def _library(folder: str, code_file: str, code_mtime: int) -> CaseLibrary:
    return CaseLibrary(folder, load_code(code_file))


def shared_library() -> CaseLibrary:
    """One library object per folder and code file (changes to the code file are picked up)."""
    path = code_path()
    return _library(str(library_folder().resolve()), str(path), path.stat().st_mtime_ns)


def language() -> str:
    """The language from the session, else the URL's ``?lang=``, else Dutch."""
    if "dk:lang" not in st.session_state:
        st.session_state["dk:lang"] = normalise_language(st.query_params.get("lang"))
    return st.session_state["dk:lang"]


def _on_language_change() -> None:
    chosen = st.session_state.get("dk:lang-choice")
    st.session_state["dk:lang"] = normalise_language(chosen)
    st.query_params["lang"] = st.session_state["dk:lang"]


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
    chosen.run()


def page(*, nav: bool = True) -> Ctx:
    """The first call of every page script: what the page needs, and the sidebar's navigation
    (``nav=False`` for the participant's page and the projector view)."""
    if not st.session_state.pop(ENTRY_RAN, False):
        # On a freshly started server Streamlit runs the first page asked for straight from the
        # ``pages/`` folder, without app.py, until ``st.navigation`` has been called once: call it
        # (that ends the folder mode for the server) and run again, through app.py this time.
        pages.navigate(language())
        st.rerun()
    library = shared_library()
    ctx = Ctx(lang=language(), code=library.code, library=library)
    if nav:
        with st.sidebar:
            pages.draw_navigation(ctx.lang)
    return ctx
