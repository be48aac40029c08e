"""A participant's browser sees the participant's page only.

Once somebody takes part in a session (``ui/session_participant.remember_me``), this browser session
is marked, and the browser keeps a cookie ``dk_p_<session id>`` with the participant's token. While
either names a participant of a session that still runs, the page registry (``ui/pages.navigate``)
offers only the participant's page: no link, typed address or "Back" leads to the library, other
cases or other sessions. When the session ends (or the participant was taken out) the browser is
free again.
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st
from streamlit.navigation.page import StreamlitPage

from dilemmakaart.session import SESSION_ID_RE, SessionError, SessionInfo, SessionStore
from dilemmakaart.store import library_folder

PARTICIPANT = "dk:participant"  # session state: (session id, token) of the participant in this browser session
COOKIE_PREFIX = "dk_p_"
FORGOTTEN = "dk:participant-forgotten"  # cookie names this browser session was told to forget


def cookie_name(session_id: str) -> str:
    return f"{COOKIE_PREFIX}{session_id}"


def browser_cookies() -> dict[str, str]:
    """The cookies this browser sent (none outside a browser: bare mode, AppTest)."""
    try:
        found = st.context.cookies
        return {k: v for k, v in found.items() if isinstance(k, str) and isinstance(v, str)}
    except Exception:  # outside a browser session there is no request to read them from
        return {}


def _taking_part(sessions: SessionStore, session_id: str, token: str) -> SessionInfo | None:
    """The session when ``token`` is a participant of it and it still runs, else None."""
    if not SESSION_ID_RE.fullmatch(session_id or ""):
        return None
    try:
        info = sessions.load(session_id)
        sessions.participant(session_id, token)
    except SessionError:
        return None
    return None if info.ended else info


def participant_only() -> tuple[SessionInfo, str] | None:
    """The running session this browser takes part in, with the participant's token (then only the
    participant's page is offered), else None. Reads the session state and the cookies this
    browser sent; a few small file reads, only when there is such a mark."""
    found = []
    mark = st.session_state.get(PARTICIPANT)
    if isinstance(mark, tuple) and len(mark) == 2:
        found.append(mark)
    forgotten = st.session_state.get(FORGOTTEN, ())
    for name, value in sorted(browser_cookies().items()):
        if name.startswith(COOKIE_PREFIX) and name not in forgotten:
            found.append((name[len(COOKIE_PREFIX) :], value))
    if not found:
        return None
    sessions = SessionStore(library_folder())
    for session_id, token in found:
        info = _taking_part(sessions, session_id, token)
        if info is not None:
            return info, token
    return None


def navigation(lang: str, info: SessionInfo, token: str) -> StreamlitPage:
    """``st.navigation`` for a participant's browser: the participant's page, and at every other
    page's address a step that sends them back to their own session (no other page script runs)."""
    from dilemmakaart.ui import pages

    def back_to(page: pages.AppPage) -> Callable[[], None]:
        def run() -> None:
            query = {"code": info.join_code, "p": token} | ({"lang": lang} if lang != "nl" else {})
            st.switch_page(pages.JOIN.file, query_params=query)

        run.__name__ = f"participant_{page.url_path or 'home'}"
        return run

    entries = [
        st.Page(pages.JOIN.file, title=pages.JOIN.title(lang), url_path=pages.JOIN.url_path)
        if page is pages.JOIN
        else st.Page(back_to(page), title=page.title(lang), default=True)
        if page is pages.HOME
        else st.Page(back_to(page), title=page.title(lang), url_path=page.url_path)
        for page in pages.PAGES
    ]
    return st.navigation(entries, position="hidden")
