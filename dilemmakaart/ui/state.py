"""The case being worked on, kept in session state as the one source of truth.

Widgets never own case data: pages copy from the case into widget keys before drawing and write
back in ``on_change`` callbacks (see the flow pages).
"""

from __future__ import annotations

import streamlit as st

from dilemmakaart.case import Case
from dilemmakaart.ui.bootstrap import Ctx

CASE_KEY = "dk:case"
DIRTY_KEY = "dk:dirty"


def current_case() -> Case | None:
    return st.session_state.get(CASE_KEY)


def set_case(case: Case | None, *, dirty: bool = True) -> None:
    st.session_state[CASE_KEY] = case
    st.session_state[DIRTY_KEY] = dirty if case is not None else False


def is_dirty() -> bool:
    return bool(st.session_state.get(DIRTY_KEY))


def open_case(ctx: Ctx, case_id: str) -> Case:
    """Load a case from the library into the session (a fresh copy, no unsaved changes)."""
    case = ctx.library.load(case_id)
    set_case(case, dirty=False)
    st.query_params["case"] = case.id
    return case
