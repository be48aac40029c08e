"""The one registry of pages: file, URL, title, icon, section and layout of every page.

``app.py`` (the entry script) hands these pages to ``st.navigation`` and runs the one asked for;
everything that links to a page (the sidebar, the step links "Terug/Verder", ``st.switch_page``,
the tests) takes it from here. A page file that is missing fails loudly when the app starts
(``st.Page`` refuses it) and in ``tests/test_pages.py``.

A link to a page carries the query parameters that page would write itself (``?case=`` and
``?draft=`` on the steps of the flow, ``?lang=`` when the language is not Dutch), so the page does
not change its URL after it opens: one click is one entry in the browser's history, and one press
on Back goes back one page.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import streamlit as st
from streamlit.navigation.page import StreamlitPage

from dilemmakaart.auth import Identity
from dilemmakaart.i18n import t
from dilemmakaart.roles import Action

ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class AppPage:
    """One page of the app."""

    file: str  # the page script, relative to app.py
    url_path: str  # the URL path: "" is the home page ("/"), "waarden" is "/waarden"
    title_key: str  # the locale key of its title
    icon: str
    section: str  # the locale key of its section in the sidebar
    layout: Literal["wide", "centered"] = "wide"
    carries_case: bool = False  # a step of the flow: links carry ?case= and ?draft=
    # what opening the page needs (dilemmakaart/roles.py: the role for it); None: no account at all
    # (the participant's page, whose key is the join code)
    needs: Action | None = Action.READ

    def title(self, lang: str) -> str:
        return t(self.title_key, lang)

    @property
    def path(self) -> Path:
        return ROOT / self.file


HOME = AppPage("pages/00_home.py", "", "nav.home", ":material/home:", "nav.section.start")
DESCRIBE = AppPage(
    "pages/01_beschrijven.py",
    "beschrijven",
    "nav.describe",
    ":material/edit_note:",
    "nav.section.case",
    carries_case=True,
    needs=Action.EDIT,
)
VALUES = AppPage(
    "pages/02_waarden.py",
    "waarden",
    "nav.values",
    ":material/label:",
    "nav.section.case",
    carries_case=True,
    needs=Action.EDIT,
)
WEIGH = AppPage(
    "pages/03_afwegen.py",
    "afwegen",
    "nav.weigh",
    ":material/balance:",
    "nav.section.case",
    carries_case=True,
    needs=Action.EDIT,
)
MAP = AppPage(
    "pages/04_dilemmakaart.py",
    "dilemmakaart",
    "nav.map",
    ":material/scatter_plot:",
    "nav.section.case",
    carries_case=True,
    needs=Action.EDIT,
)
ACTIONS = AppPage(
    "pages/05_acties.py",
    "acties",
    "nav.actions",
    ":material/task_alt:",
    "nav.section.case",
    carries_case=True,
    needs=Action.EDIT,
)
LIBRARY = AppPage(
    "pages/10_bibliotheek.py", "bibliotheek", "nav.library", ":material/folder_open:", "nav.section.library"
)
COMPARE = AppPage("pages/11_vergelijken.py", "vergelijken", "nav.compare", ":material/compare:", "nav.section.library")
INSIGHTS = AppPage("pages/12_inzichten.py", "inzichten", "nav.insights", ":material/insights:", "nav.section.library")
SESSION = AppPage(
    "pages/20_sessie.py", "sessie", "nav.session", ":material/groups:", "nav.section.session", needs=Action.RUN_SESSION
)
JOIN = AppPage(
    "pages/21_meedoen.py",
    "meedoen",
    "nav.join",
    ":material/how_to_vote:",
    "nav.section.session",
    layout="centered",
    needs=None,
)
PAPER = AppPage(  # the paper workshop: worksheet, template, answers typed in (issue 14)
    "pages/22_papier.py", "papier", "nav.paper", ":material/print:", "nav.section.session", needs=Action.RUN_SESSION
)
CODE = AppPage("pages/30_code.py", "code", "nav.code", ":material/menu_book:", "nav.section.code")
AUDIT = AppPage(
    "pages/40_audit.py", "audit", "nav.audit", ":material/policy:", "nav.section.admin", needs=Action.READ_AUDIT
)

PAGES: tuple[AppPage, ...] = (
    HOME,
    DESCRIBE,
    VALUES,
    WEIGH,
    MAP,
    ACTIONS,
    LIBRARY,
    COMPARE,
    INSIGHTS,
    SESSION,
    JOIN,
    PAPER,
    CODE,
    AUDIT,
)
STEPS: tuple[AppPage, ...] = (DESCRIBE, VALUES, WEIGH, MAP, ACTIONS)  # the flow, in order


def sections() -> list[tuple[str, list[AppPage]]]:
    """The pages grouped by section, in the registry's order."""
    grouped: dict[str, list[AppPage]] = {}
    for page in PAGES:
        grouped.setdefault(page.section, []).append(page)
    return list(grouped.items())


def by_url_path(url_path: str) -> AppPage:
    for page in PAGES:
        if page.url_path == url_path:
            return page
    raise KeyError(url_path)


def url(page: AppPage) -> str:
    """The page's path on the server: ``/`` or ``/waarden``."""
    return "/" + page.url_path


def _st_page(page: AppPage, lang: str) -> StreamlitPage:
    # No icon here: Streamlit would make a Material icon the tab's icon, fetched from a Google
    # font host on every page change. The tab shows the app's own favicon (``bootstrap.FAVICON``).
    if page is HOME:
        return st.Page(page.file, title=page.title(lang), default=True)
    return st.Page(page.file, title=page.title(lang), url_path=page.url_path)


def navigate(lang: str) -> tuple[AppPage, StreamlitPage]:
    """Hand every page to ``st.navigation`` (the sidebar is drawn by ``draw_navigation``) and
    return the page asked for, with the Streamlit page to run."""
    from dilemmakaart.ui import participant_lock

    taking_part = participant_lock.participant_only()
    if taking_part is not None:  # a participant's browser: the participant's page only (part, issue 12)
        return JOIN, participant_lock.navigation(lang, *taking_part)
    chosen = st.navigation(
        {t(section, lang): [_st_page(page, lang) for page in group] for section, group in sections()},
        position="hidden",
    )
    return by_url_path(chosen.url_path), chosen


def link_query(page: AppPage, lang: str) -> dict[str, str]:
    """The query parameters ``page`` would write on opening, so that it does not write them again."""
    query: dict[str, str] = {}
    if page.carries_case:
        from dilemmakaart.ui import state

        query.update(state.url_params())
    if lang != "nl":
        query["lang"] = lang
    return query


def allowed(page: AppPage, identity: Identity | None = None) -> bool:
    """Whether this browser session (or ``identity``, when the caller has it already) may open
    ``page`` (its role; ``ui/auth.py`` checks it again on the server before the page runs)."""
    if page.needs is None:
        return True
    if identity is None:
        from dilemmakaart.ui import auth

        identity = auth.current_or_nobody()
    return identity.may(page.needs)


def link(
    page: AppPage,
    lang: str,
    *,
    label: str | None = None,
    icon: str | None = None,
    identity: Identity | None = None,
    **kwargs,
) -> None:
    """A link to ``page`` (``st.page_link``), with its title and icon unless told otherwise; a
    page the person's roles do not open is shown greyed out, with the role it needs as its help."""
    if not allowed(page, identity):
        from dilemmakaart.ui import auth

        assert page.needs is not None
        kwargs["disabled"] = True
        kwargs["help"] = auth.refusal(lang, page.needs)
    st.page_link(
        page.file,
        label=label if label is not None else page.title(lang),
        icon=icon if icon is not None else page.icon,
        query_params=link_query(page, lang),
        **kwargs,
    )


def switch(page: AppPage, lang: str) -> None:
    """Go to ``page`` now (``st.switch_page``); ends the current run."""
    st.switch_page(page.file, query_params=link_query(page, lang))


def draw_navigation(lang: str) -> None:
    """The sidebar's navigation: each section's title, then a link to each of its pages that this
    person's roles open (all of them without sign-in on a private address)."""
    from dilemmakaart.ui import auth

    identity = auth.current_or_nobody()  # once for every link
    for section, group in sections():
        shown = [page for page in group if allowed(page, identity)]
        if not shown:
            continue
        st.caption(t(section, lang))
        for page in shown:
            link(page, lang, identity=identity)
