"""Saying what a click removed, once, with a button that puts it back (``Case.put_back``).

A page calls ``offer`` in the callback that removed something (``Case.untag``, ``remove_dilemma``,
``remove_action``) and ``notice`` where the message belongs. The offer lasts one run: after the
next step the case has moved on, and ``Case.put_back`` would refuse anyway.
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from dilemmakaart.case import EditError, Removed
from dilemmakaart.text import md_escape
from dilemmakaart.ui import a11y, state
from dilemmakaart.ui.bootstrap import Ctx


def offer(prefix: str, said: str, removed: Removed) -> None:
    """In a callback: say ``said`` on the next run under ``prefix``, and offer to put ``removed`` back."""
    st.session_state[f"{prefix}:removed"] = said
    st.session_state[f"{prefix}:undo"] = removed
    # focus to the message (what went, and the button that puts it back), not lost to the page
    a11y.request_focus(f"{a11y.key_class('undo-' + prefix)} [data-testid='stAlert']", inside=False)


def notice(ctx: Ctx, prefix: str, after: Callable[[], None] | None = None) -> None:
    """The message and the button, if a callback offered them; ``after`` runs once the case is put
    back (a page in a fragment asks for a full rerun there)."""
    said = st.session_state.pop(f"{prefix}:removed", None)
    if not said:
        st.session_state.pop(f"{prefix}:undo", None)
        return
    with st.container(key=f"undo-{prefix}"):
        st.info(md_escape(said), icon=":material/info:")
        if st.session_state.get(f"{prefix}:undo") is not None:
            st.button(
                ctx.t("flow.put_back"),
                key=f"{prefix}:put-back",
                help=ctx.t("flow.put_back_help"),
                on_click=_put_back,
                args=(ctx, prefix, after),
                icon=":material/undo:",
            )


def _put_back(ctx: Ctx, prefix: str, after: Callable[[], None] | None) -> None:
    case, removed = state.current_case(), st.session_state.pop(f"{prefix}:undo", None)
    if case is None or removed is None:
        return
    try:
        case.put_back(removed)
    except EditError as exc:
        st.session_state[f"{prefix}:removed"] = exc.message(ctx.lang)
        return
    state.touch(ctx)
    if after is not None:
        after()
