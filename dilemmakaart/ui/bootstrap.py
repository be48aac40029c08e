"""The first call of every page: page set-up, language, navigation, shared resources.

Every page starts with ``ctx = page("nav.key")``. It is idempotent: calling it on every rerun costs
only dictionary look-ups; the value code and the library object are shared resources.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from dilemmakaart.code import ValueCode, code_path, load_code
from dilemmakaart.i18n import LANGUAGES, normalise_language, t
from dilemmakaart.store import CaseLibrary, library_folder

ROOT = Path(__file__).resolve().parents[2]

# (section key, [(page file, label key, icon)]). Pages whose file does not exist are not shown.
NAVIGATION: list[tuple[str, list[tuple[str, str, str]]]] = [
    (
        "nav.section.start",
        [
            ("app.py", "nav.home", ":material/home:"),
        ],
    ),
    (
        "nav.section.case",
        [
            ("pages/01_beschrijven.py", "nav.describe", ":material/edit_note:"),
            ("pages/02_waarden.py", "nav.values", ":material/label:"),
            ("pages/03_afwegen.py", "nav.weigh", ":material/balance:"),
            ("pages/04_dilemmakaart.py", "nav.map", ":material/scatter_plot:"),
            ("pages/05_acties.py", "nav.actions", ":material/task_alt:"),
        ],
    ),
    (
        "nav.section.library",
        [
            ("pages/10_bibliotheek.py", "nav.library", ":material/folder_open:"),
            ("pages/11_vergelijken.py", "nav.compare", ":material/compare:"),
            ("pages/12_inzichten.py", "nav.insights", ":material/insights:"),
        ],
    ),
    (
        "nav.section.session",
        [
            ("pages/20_sessie.py", "nav.session", ":material/groups:"),
            ("pages/21_meedoen.py", "nav.join", ":material/how_to_vote:"),
        ],
    ),
    (
        "nav.section.code",
        [
            ("pages/30_code.py", "nav.code", ":material/menu_book:"),
        ],
    ),
]


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


def page(title_key: str, *, layout: str = "wide", nav: bool = True) -> Ctx:
    """Set up the page; draw the sidebar with the language switch and the navigation."""
    lang = language()
    st.set_page_config(page_title=f"{t(title_key, lang)} · Dilemmakaart", page_icon=":material/balance:", layout=layout)
    library = shared_library()
    ctx = Ctx(lang=lang, code=library.code, library=library)
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
        if nav:
            draw_navigation(ctx)
    return ctx


def draw_navigation(ctx: Ctx) -> None:
    for section_key, entries in NAVIGATION:
        present = [(file, label, icon) for file, label, icon in entries if (ROOT / file).is_file()]
        if not present:
            continue
        st.caption(ctx.t(section_key))
        for file, label, icon in present:
            st.page_link(file, label=ctx.t(label), icon=icon)
