"""Unsaved versions are never hidden: a notice on the home page, the library and the case's own
pages says that a newer unsaved version of a case exists and when it was made, and offers to go on
with it or throw it away (after a confirmation, and undoable for the rest of the browser session).
"""

from __future__ import annotations

from datetime import UTC, datetime

import streamlit as st

from dilemmakaart.drafts import Draft
from dilemmakaart.i18n import format_date
from dilemmakaart.text import md_escape
from dilemmakaart.ui import pages, state
from dilemmakaart.ui.bootstrap import Ctx

CONFIRM = "dk:draft-confirm-discard"  # the token whose discard waits for a "yes"


def ago(ctx: Ctx, when: datetime | None, now: datetime | None = None) -> str:
    """When, in words: "zojuist", "3 minuten geleden", "2 uur geleden", else the date and time."""
    if when is None:
        return ctx.t("draft.ago.unknown")
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    seconds = ((now or datetime.now(UTC)) - when).total_seconds()
    if seconds < 60:
        return ctx.t("draft.ago.now")
    minutes = int(seconds // 60)
    if minutes < 60:
        return ctx.t("draft.ago.minute" if minutes == 1 else "draft.ago.minutes", n=minutes)
    hours = minutes // 60
    if hours < 24:
        return ctx.t("draft.ago.hour" if hours == 1 else "draft.ago.hours", n=hours)
    return ctx.t("draft.ago.date", date=format_date(when.astimezone(), ctx.lang, time=True))


def title_of(ctx: Ctx, draft: Draft) -> str:
    return (draft.case.title or "").strip() or ctx.t("flow.untitled")


GO = "dk:draft-go-flow"  # a version was chosen on a page outside the flow: go to its first step


def follow(ctx: Ctx) -> None:
    """After "Verder met deze versie" on a page outside the flow: go to the flow's first step."""
    if st.session_state.pop(GO, False):
        pages.switch(pages.DESCRIBE, ctx.lang)


def draft_notices(ctx: Ctx, drafts: list[Draft], *, where: str, go_to_flow: bool, limit: int = 5) -> None:
    """One notice per unsaved version, newest first (at most ``limit``, then how many more).
    A page outside the flow calls ``follow`` first (every run)."""
    fault = st.session_state.pop(state.DISCARD_FAULT_KEY, None)
    if fault:
        st.error(fault, icon=":material/error:")
    for draft in drafts[:limit]:
        _notice(ctx, draft, where=where, go_to_flow=go_to_flow)
    if len(drafts) > limit:
        st.caption(ctx.t("draft.more", n=len(drafts) - limit))


def _continue(ctx: Ctx, draft: Draft, go_to_flow: bool) -> None:
    state.continue_draft(ctx, draft)
    if go_to_flow:
        st.session_state[GO] = True


def _ask(token: str) -> None:
    st.session_state[CONFIRM] = token


def _cancel() -> None:
    st.session_state.pop(CONFIRM, None)


def _discard(ctx: Ctx, draft: Draft) -> None:
    st.session_state.pop(CONFIRM, None)
    state.discard_draft(ctx, draft)


def _notice(ctx: Ctx, draft: Draft, *, where: str, go_to_flow: bool) -> None:
    with st.container(border=True, key=f"{where}-draft-{draft.token}"):
        text = ctx.t(
            "draft.exists" if draft.case_id else "draft.exists_new",
            title=md_escape(title_of(ctx, draft)),
            when=ago(ctx, draft.saved),
        )
        st.warning(text, icon=":material/edit_note:")
        if st.session_state.get(CONFIRM) == draft.token:
            st.markdown(ctx.t("draft.discard_confirm"))
            with st.container(horizontal=True):
                st.button(
                    ctx.t("draft.discard_yes"),
                    key=f"{where}:draft-discard-yes:{draft.token}",
                    type="primary",
                    on_click=_discard,
                    args=(ctx, draft),
                )
                st.button(ctx.t("draft.discard_no"), key=f"{where}:draft-discard-no:{draft.token}", on_click=_cancel)
            return
        with st.container(horizontal=True):
            st.button(
                ctx.t("draft.continue"),
                key=f"{where}:draft-continue:{draft.token}",
                type="primary",
                icon=":material/edit:",
                on_click=_continue,
                args=(ctx, draft, go_to_flow),
            )
            st.button(
                ctx.t("draft.discard"),
                key=f"{where}:draft-discard:{draft.token}",
                icon=":material/delete:",
                on_click=_ask,
                args=(draft.token,),
            )


def _undo(ctx: Ctx, index: int) -> None:
    state.undo_discard(ctx, index)


def discarded_list(ctx: Ctx, *, where: str) -> None:
    """Versions thrown away in this browser session, each with "Ongedaan maken"."""
    kept = state.discarded()
    if not kept:
        return
    with st.expander(ctx.t("draft.discarded_title", n=len(kept)), icon=":material/undo:"):
        for index in range(len(kept) - 1, -1, -1):
            entry = kept[index]
            left, right = st.columns([3, 1], vertical_alignment="center")
            left.text(
                ctx.t(
                    "draft.discarded_item",
                    title=(entry.get("title") or "").strip() or ctx.t("flow.untitled"),
                    when=ago(ctx, entry.get("when")),
                )
            )
            right.button(
                ctx.t("draft.undo"),
                key=f"{where}:undo:{index}:{entry['token']}",
                icon=":material/undo:",
                on_click=_undo,
                args=(ctx, index),
            )
