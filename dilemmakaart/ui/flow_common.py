"""What every step of the flow shares: opening the case from the URL, the case header with the
"unsaved changes" mark and Save / Save as a copy / Reload, conflicts and problems on save, and the
links to the previous and next step.

Widget keys are namespaced per step (``describe:title``, ``weigh:privacy|veiligheid``). ``bind``
copies the case's value into a widget key before the widget is drawn; callbacks write it back.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import suppress
from typing import Any

import streamlit as st

from dilemmakaart.case import Case, EditError, case_to_data
from dilemmakaart.frameworks import framework_for
from dilemmakaart.merge import MINE, THEIRS, action_texts
from dilemmakaart.text import md_escape
from dilemmakaart.ui import a11y, pages, state
from dilemmakaart.ui import merge_words as describe
from dilemmakaart.ui.bootstrap import Ctx
from dilemmakaart.ui.draft_notice import draft_notices
from dilemmakaart.ui.frameworks_view import framework_notice


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
    try:
        apply(case, st.session_state.get(key))
    except EditError as exc:  # refused by the case's operation: nothing changed; say why
        st.toast(exc.message(ctx.lang, name=lambda v: ctx.code.value_name(v, ctx.lang)), icon=":material/block:")
        return
    state.touch(ctx, later=later)


def on_change(ctx: Ctx, apply: Callable[[Case, Any], None], key: str, *, later: bool = False) -> dict:
    """Keyword arguments for a widget whose value ``apply`` writes into the case. ``later``: the
    draft is written at the end of the run (``state.flush_draft``), for sliders in a fragment."""
    return {"key": key, "on_change": changed, "args": (ctx, apply, key, later)}


def flow_page(ctx: Ctx, step: int) -> Case | None:
    """Open the case for this step (session, draft or ``?case=``) and draw the header.

    Returns None when there is no case: the page then shows how to start one.
    """
    st.session_state[FLOW_STEP] = step
    opened = state.resolve(ctx)
    state.flush_draft(ctx)  # a change whose draft a cut-short run did not write yet
    if opened.error:
        _open_error(ctx, opened)
    if opened.other:
        _other_case(ctx, opened.other)
    if opened.restored:
        st.info(ctx.t("flow.draft_restored"), icon=":material/restore:")
    case = state.current_case()
    if case is not None:
        ctx.use_framework(framework_for(case.code, ctx.library.code))
    st.title(pages.STEPS[step - 1].title(ctx.lang), anchor=False)
    if case is None:
        no_case(ctx)
        return None
    case_header(ctx, case)
    framework_notice(ctx, case)
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
    elif opened.error:
        st.warning(ctx.t(opened.error), icon=":material/warning:")


def _other_case(ctx: Ctx, other: str) -> None:
    case = state.current_case()
    with st.container(border=True):
        st.warning(
            ctx.t("flow.other_case", other=md_escape(other), title=md_escape((case.title if case else "") or "…")),
            icon=":material/warning:",
        )
        left, right = st.columns(2)
        if left.button(ctx.t("flow.other_keep"), key="flow:other-keep", width="stretch"):
            state.sync_url()
            st.rerun()
        if right.button(ctx.t("flow.other_open"), key="flow:other-open", width="stretch"):
            token = st.session_state.get(state.TOKEN_KEY)
            state.keep_session_changes()  # "Ongedaan maken" on the home page brings them back
            if token:
                with suppress(OSError):  # a read-only library: the draft stays and is shown as one
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
    """Title, the unsaved-changes mark, and Save / Save as a copy / Reload; what went wrong with
    the disk; other unsaved versions of this case; undo after throwing changes away."""
    notice = state.pop_notice()
    if notice:
        key, params = notice
        with st.container(key="save-result"):
            if key == "save.nothing":
                st.info(ctx.t(key, **params), icon=":material/info:")
            else:
                st.success(ctx.t(key, **params), icon=":material/check_circle:")
    fault = state.save_fault()
    if fault:
        st.error(fault, icon=":material/error:")
    failing = state.autosave_failing()
    if failing:
        st.warning(failing, icon=":material/cloud_off:")
    if not state.is_new():
        _other_drafts(ctx, case)
    _undo_bar(ctx, case)
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
        with a11y.status("case-state"):  # "Niet opgeslagen" / "Opgeslagen" is announced
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
                on_click=_ask_reload,
                disabled=not (state.is_dirty() and not state.is_new()),
            )
        if st.session_state.get(CONFIRM_RELOAD) and state.is_dirty():
            st.warning(ctx.t("draft.reload_confirm"), icon=":material/warning:")
            with st.container(horizontal=True):
                st.button(
                    ctx.t("draft.reload_yes"), key="flow:reload-yes", type="primary", on_click=_reload, args=(ctx,)
                )
                st.button(ctx.t("draft.discard_no"), key="flow:reload-no", on_click=_cancel_reload)
    from dilemmakaart.ui.fields import refused_any  # fields imports this module

    slot = st.empty()  # always there, so the page below does not move when the note comes or goes
    if refused_any():  # a text over its limit is kept in its field but not in the case
        slot.warning(ctx.t("flow.limit.not_saved"), icon=":material/block:")
    conflict = state.conflict()
    if conflict:
        _conflict_box(ctx, conflict)
    problems = state.save_problems()
    if problems:
        _problems_box(ctx, problems)


# where focus goes after Opslaan: the message that says what happened (saved, nothing to save,
# what is wrong, a conflict with a colleague's save)
SAVE_MESSAGE = ", ".join(
    f".st-key-{k} [data-testid='stAlert']" for k in ("save-result", "flow-problems", "flow-conflict")
)


def _save(ctx: Ctx) -> None:
    state.save(ctx)
    a11y.request_focus(SAVE_MESSAGE, inside=False)


def _save_copy(ctx: Ctx) -> None:
    state.save_as_copy(ctx)
    a11y.request_focus(SAVE_MESSAGE, inside=False)


CONFIRM_RELOAD = "flow:confirm-reload"
UNDO_SHOWN = "flow:undo-shown"  # the token of changes just thrown away, while undo is offered here


def _ask_reload() -> None:
    st.session_state[CONFIRM_RELOAD] = True


def _cancel_reload() -> None:
    st.session_state.pop(CONFIRM_RELOAD, None)


def _reload(ctx: Ctx) -> None:
    st.session_state.pop(CONFIRM_RELOAD, None)
    token = st.session_state.get(state.TOKEN_KEY) if state.is_dirty() else None
    state.reload(ctx)
    if token:
        st.session_state[UNDO_SHOWN] = token


def _undo(ctx: Ctx) -> None:
    kept = state.discarded()
    shown = st.session_state.pop(UNDO_SHOWN, None)
    for index in range(len(kept) - 1, -1, -1):
        if kept[index]["token"] == shown:
            state.undo_discard(ctx, index)
            return


def _undo_bar(ctx: Ctx, case: Case) -> None:
    """Right after "Wijzigingen weggooien": say so and offer to undo (until the next edit; the home
    page keeps offering it for the rest of the browser session)."""
    shown = st.session_state.get(UNDO_SHOWN)
    if not shown:
        return
    if state.is_dirty() or not any(entry["token"] == shown for entry in state.discarded()):
        st.session_state.pop(UNDO_SHOWN, None)
        return
    with st.container(border=True, key="flow-undo"):
        left, right = st.columns([3, 1], vertical_alignment="center")
        left.info(ctx.t("draft.discarded_here"), icon=":material/delete:")
        right.button(ctx.t("draft.undo"), key="flow:undo", icon=":material/undo:", on_click=_undo, args=(ctx,))


def _other_drafts(ctx: Ctx, case: Case) -> None:
    """Unsaved versions of this case that are not this session's own (another tab, a closed one);
    the saved case is read only when such a version exists."""
    waiting = state.waiting_drafts(ctx, case.id)
    if waiting:
        draft_notices(ctx, waiting, where="flow", go_to_flow=False)


def _conflict_box(ctx: Ctx, conflict: dict) -> None:
    with st.container(border=True, key="flow-conflict"):
        kind = conflict.get("key")
        if kind == "moved_on":
            st.error(
                ctx.t("flow.conflict.moved_on", mine=conflict.get("mine"), theirs=conflict.get("theirs")),
                icon=":material/sync_problem:",
            )
        elif kind == "changed_on_disk":
            st.error(ctx.t("merge.changed_on_disk"), icon=":material/sync_problem:")
        elif kind == "unreadable_on_disk":
            st.error(ctx.t("flow.conflict.unreadable"), icon=":material/sync_problem:")
        else:
            st.error(
                ctx.t("flow.conflict.exists", id=md_escape(str(conflict.get("id", "")))), icon=":material/sync_problem:"
            )
        if kind in ("moved_on", "changed_on_disk"):
            _merge_choices(ctx)
            st.markdown(ctx.t("merge.or"))
        else:
            st.markdown(ctx.t("flow.conflict.choose"))
        left, right = st.columns(2)
        left.button(
            ctx.t("flow.conflict.save_copy"),
            key="flow:conflict-copy",
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


MERGE_PREFIX = "merge:"


def _choices() -> dict[str, str]:
    return {
        key[len(MERGE_PREFIX) :]: value
        for key, value in st.session_state.items()
        if isinstance(key, str) and key.startswith(MERGE_PREFIX) and value in (MINE, THEIRS)
    }


def _merge_choices(ctx: Ctx) -> None:
    """What the colleague changed since this version was opened, field by field: their changes
    to other fields are taken; for a field both changed, a choice (yours or theirs)."""
    found = state.conflict_merge(ctx, _choices())
    if found is None:
        return
    merged, other = found
    current = state.current_case()
    actions = action_texts(case_to_data(current) if current else {}, case_to_data(other))

    def name(path: tuple[str, ...]) -> str:
        return describe.field_name(ctx, path, actions)

    if merged.taken:
        names = ", ".join(name(path) for path in merged.taken)
        st.markdown(ctx.t("merge.taken", fields=md_escape(names)))
    if merged.conflicts:
        st.markdown(ctx.t("merge.choose", n=len(merged.conflicts)))
        for conflict in merged.conflicts:
            with st.container(border=True):
                st.markdown(f"**{md_escape(name(conflict.path))}**")
                mine, theirs = st.columns(2)
                mine.caption(ctx.t("merge.mine"))
                mine.text(describe.value_text(ctx, conflict.path, conflict.mine))
                theirs.caption(ctx.t("merge.theirs"))
                theirs.text(describe.value_text(ctx, conflict.path, conflict.theirs))
                st.radio(
                    ctx.t("merge.keep", field=name(conflict.path)),
                    [MINE, THEIRS],
                    key=MERGE_PREFIX + conflict.key,
                    format_func=lambda side: ctx.t(f"merge.keep_{side}"),
                    horizontal=True,
                    label_visibility="collapsed",
                )
    elif not merged.taken:
        st.markdown(ctx.t("merge.nothing_to_choose"))
    st.button(
        ctx.t("merge.save"),
        key="flow:merge-save",
        type="primary",
        icon=":material/merge:",
        on_click=_merge_save,
        args=(ctx,),
    )


def _merge_save(ctx: Ctx) -> None:
    choices = _choices()
    result = state.merge_and_save(ctx, choices)
    if result.ok:
        for key in [k for k in st.session_state if isinstance(k, str) and k.startswith(MERGE_PREFIX)]:
            del st.session_state[key]


FLOW_STEP = "dk:flow-step"  # the step whose page this run draws (for links to its fields)
# per step, the fields on its page that a problem's place can link to: place -> (key, required)
FIELDS_HERE = {1: {"title": ("describe:title", True)}}
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
    from dilemmakaart.ui.fields import field_link  # fields imports this module

    with st.container(border=True, key="flow-problems"):
        st.error(ctx.t("flow.problems", n=len(problems)), icon=":material/error:")
        lines = []
        for problem in problems:
            head = problem.place.split(".")[0].split("[")[0] if problem.place else ""
            where = ctx.t(PLACE_LABELS[head]) if head in PLACE_LABELS else (problem.place or "-")
            where = f"**{md_escape(where)}**"
            if head in FIELDS_HERE.get(st.session_state.get(FLOW_STEP, 0), {}):  # a link to the field
                where = f"[{where}]({field_link(*FIELDS_HERE[st.session_state[FLOW_STEP]][head])})"
            lines.append(f"- {where}: {md_escape(problem.message(ctx.lang))}")
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
