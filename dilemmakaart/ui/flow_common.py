"""What every step of the flow shares: opening the case from the URL, the case header with the
"unsaved changes" mark and Save / Save as a copy / Reload, conflicts and problems on save, and the
links to the previous and next step.

Widget keys are namespaced per step (``describe:title``, ``weigh:privacy|veiligheid``). ``bind``
copies the case's value into a widget key before the widget is drawn; callbacks write it back.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st

from dilemmakaart.case import Case
from dilemmakaart.text import md_escape
from dilemmakaart.ui import pages, state
from dilemmakaart.ui.bootstrap import Ctx


def bind(key: str, value: Any) -> str:
    """Copy a value from the case into a widget key (before the widget is drawn).

    Only when the key is missing or differs from the case (a reload, another case, a change made
    elsewhere). Any write, also of an equal value, makes Streamlit push the value to the browser
    and overwrite what the widget holds there: a key press still waiting in the slider's debounce
    was then thrown away (ten presses to -50 saved as -35). The ``on_change`` callback keeps the
    case equal to the widget, so an unchanged key is left alone.
    """
    if key not in st.session_state or st.session_state[key] != value:
        st.session_state[key] = value
    return key


def changed(ctx: Ctx, apply: Callable[[Case, Any], None], key: str, later: bool = False) -> None:
    """An ``on_change`` callback: write the widget's value into the case and autosave."""
    case = state.current_case()
    if case is None:
        return
    apply(case, st.session_state.get(key))
    state.touch(ctx, later=later)


def on_change(ctx: Ctx, apply: Callable[[Case, Any], None], key: str, *, later: bool = False) -> dict:
    """Keyword arguments for a widget whose value ``apply`` writes into the case. ``later``: the
    draft is written at the end of the run (``state.flush_draft``), for sliders in a fragment."""
    return {"key": key, "on_change": changed, "args": (ctx, apply, key, later)}


def flow_page(ctx: Ctx, step: int) -> Case | None:
    """Open the case for this step (session, draft or ``?case=``) and draw the header.

    Returns None when there is no case: the page then shows how to start one.
    """
    opened = state.resolve(ctx)
    state.flush_draft(ctx)  # a change whose draft a cut-short run did not write yet
    if opened.error:
        _open_error(ctx, opened)
    if opened.other:
        _other_case(ctx, opened.other)
    if opened.restored:
        st.info(ctx.t("flow.draft_restored"), icon=":material/restore:")
    case = state.current_case()
    st.title(pages.STEPS[step - 1].title(ctx.lang), anchor=False)
    if case is None:
        no_case(ctx)
        return None
    case_header(ctx, case)
    return case


def _open_error(ctx: Ctx, opened: state.Opened) -> None:
    params = opened.params or {}
    if opened.error == "flow.error.unreadable":
        with st.container(border=True):
            st.error(ctx.t("flow.error.unreadable", id=md_escape(str(params.get("id", "")))), icon=":material/error:")
            for problem in params.get("problems") or []:
                st.text(f"{problem.place or '-'}: {problem.message(ctx.lang)}")
            if params.get("reason"):
                st.text(params["reason"])
    elif opened.error == "flow.error.not_found":
        st.error(ctx.t("flow.error.not_found", id=md_escape(str(params.get("id", "")))), icon=":material/error:")
    else:
        st.warning(ctx.t(opened.error), icon=":material/warning:")


def _other_case(ctx: Ctx, other: str) -> None:
    case = state.current_case()
    with st.container(border=True):
        st.warning(
            ctx.t("flow.other_case", other=md_escape(other), title=md_escape(case.title or "…")),
            icon=":material/warning:",
        )
        left, right = st.columns(2)
        if left.button(ctx.t("flow.other_keep"), key="flow:other-keep", width="stretch"):
            state.sync_url()
            st.rerun()
        if right.button(ctx.t("flow.other_open"), key="flow:other-open", width="stretch"):
            token = st.session_state.get(state.TOKEN_KEY)
            if token:
                state.drafts(ctx).delete(token)
            state.set_case(None)
            st.query_params["case"] = other
            st.rerun()


def no_case(ctx: Ctx) -> None:
    """No case open: start one here, or open one from the start page."""
    st.info(ctx.t("flow.no_case"), icon=":material/info:")
    left, right = st.columns(2)
    if left.button(
        ctx.t("flow.start_new"), key="flow:start-new", type="primary", icon=":material/add:", width="stretch"
    ):
        state.start_new_case(ctx)
        pages.switch(pages.DESCRIBE, ctx.lang)
    with right:
        pages.link(pages.HOME, ctx.lang, label=ctx.t("flow.open_from_home"), icon=":material/folder_open:")


def case_header(ctx: Ctx, case: Case) -> None:
    """Title, the unsaved-changes mark, and Save / Save as a copy / Reload."""
    notice = state.pop_notice()
    if notice:
        key, params = notice
        st.success(ctx.t(key, **params), icon=":material/check_circle:")
    with st.container(border=True):
        title = case.title.strip() or ctx.t("flow.untitled")
        if state.is_new():
            mark = ctx.t("flow.mark_new")
        elif state.is_dirty():
            mark = ctx.t("flow.mark_unsaved", id=case.id, revision=case.revision)
        else:
            mark = ctx.t("flow.mark_saved", id=case.id, revision=case.revision)
        if state.is_dirty() or state.is_new():
            badge = f":orange-badge[:material/edit: {ctx.t('flow.unsaved')}]"
        else:
            badge = f":green-badge[:material/check: {ctx.t('flow.all_saved')}]"
        st.markdown(f"**{md_escape(title)}** &nbsp; {badge}  \n:gray[{mark}]")
        with st.container(horizontal=True):
            st.button(
                ctx.t("flow.save"), key="flow:save", type="primary", icon=":material/save:", on_click=_save, args=(ctx,)
            )
            st.button(
                ctx.t("flow.save_copy"),
                key="flow:save-copy",
                icon=":material/content_copy:",
                on_click=_save_copy,
                args=(ctx,),
                disabled=state.is_new(),
            )
            st.button(
                ctx.t("flow.reload"),
                key="flow:reload",
                icon=":material/refresh:",
                on_click=_reload,
                args=(ctx,),
                disabled=not (state.is_dirty() and not state.is_new()),
            )
    conflict = state.conflict()
    if conflict:
        _conflict_box(ctx, conflict)
    problems = state.save_problems()
    if problems:
        _problems_box(ctx, problems)


def _save(ctx: Ctx) -> None:
    state.save(ctx)


def _save_copy(ctx: Ctx) -> None:
    state.save_as_copy(ctx)


def _reload(ctx: Ctx) -> None:
    state.reload(ctx)


def _conflict_box(ctx: Ctx, conflict: dict) -> None:
    with st.container(border=True, key="flow-conflict"):
        if conflict.get("key") == "moved_on":
            st.error(
                ctx.t("flow.conflict.moved_on", mine=conflict.get("mine"), theirs=conflict.get("theirs")),
                icon=":material/sync_problem:",
            )
        elif conflict.get("key") == "unreadable_on_disk":
            st.error(ctx.t("flow.conflict.unreadable"), icon=":material/sync_problem:")
        else:
            st.error(
                ctx.t("flow.conflict.exists", id=md_escape(str(conflict.get("id", "")))), icon=":material/sync_problem:"
            )
        st.markdown(ctx.t("flow.conflict.choose"))
        left, right = st.columns(2)
        left.button(
            ctx.t("flow.conflict.save_copy"),
            key="flow:conflict-copy",
            type="primary",
            icon=":material/content_copy:",
            on_click=_save_copy,
            args=(ctx,),
            width="stretch",
        )
        right.button(
            ctx.t("flow.conflict.reload"),
            key="flow:conflict-reload",
            icon=":material/refresh:",
            on_click=_reload,
            args=(ctx,),
            width="stretch",
        )


PLACE_LABELS = {
    "title": "case.title",
    "description": "case.description",
    "organisation": "case.organisation",
    "technology": "case.technology",
    "stakeholders": "case.stakeholders",
    "values": "case.values_at_stake",
    "dilemmas": "case.dilemmas",
    "actions": "case.actions",
    "decision": "case.decision",
}


def _problems_box(ctx: Ctx, problems: list) -> None:
    with st.container(border=True, key="flow-problems"):
        st.error(ctx.t("flow.problems", n=len(problems)), icon=":material/error:")
        lines = []
        for problem in problems:
            head = problem.place.split(".")[0].split("[")[0] if problem.place else ""
            where = ctx.t(PLACE_LABELS[head]) if head in PLACE_LABELS else (problem.place or "-")
            lines.append(
                f"- **{md_escape(where)}** ({md_escape(problem.place or '-')}): {md_escape(problem.message(ctx.lang))}"
            )
        st.markdown("\n".join(lines))
        st.caption(ctx.t("flow.problems_kept"))


def step_links(ctx: Ctx, step: int) -> None:
    """Previous and next step, at the bottom of a page."""
    st.divider()
    left, _, right = st.columns([2, 3, 2])
    if step > 1:
        with left:
            previous = pages.STEPS[step - 2]
            label = ctx.t("flow.previous", step=previous.title(ctx.lang))
            pages.link(previous, ctx.lang, label=label, icon=":material/arrow_back:")
    if step < len(pages.STEPS):
        with right:
            following = pages.STEPS[step]
            label = ctx.t("flow.next", step=following.title(ctx.lang))
            pages.link(following, ctx.lang, label=label, icon=":material/arrow_forward:")


def value_label(ctx: Ctx, value_id: str) -> str:
    return ctx.code.value_name(value_id, ctx.lang)
