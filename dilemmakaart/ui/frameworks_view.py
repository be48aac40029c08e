"""Frameworks in the flow (issue 16): which framework a case is weighed in, what changed in it since
the case was made, choosing the framework of a new case, and viewing a case through another one."""

from __future__ import annotations

import streamlit as st

from dilemmakaart.case import Case
from dilemmakaart.code import ValueCode
from dilemmakaart.frameworks import adopt_version, changes_since, frameworks
from dilemmakaart.text import md_escape
from dilemmakaart.ui import state
from dilemmakaart.ui.bootstrap import Ctx


def crosswalk_or_say(ctx: Ctx, *, say: bool = True):
    """The crosswalk; when its file does not load, an empty one, and (``say``) its problems in words."""
    from dilemmakaart.crosswalk import crosswalk_path, usable_crosswalk

    walk, problems = usable_crosswalk()
    if problems and say:
        with st.expander(ctx.t("fw.crosswalk_broken", file=crosswalk_path().name), icon=":material/error:"):
            st.text("\n".join(f"{p.place or '-'}: {p.message(ctx.lang)}" for p in problems))
    return walk


def change_lines(ctx: Ctx, case: Case) -> list[str]:
    """What changed in the case's framework since its version, one sentence each (may be empty)."""
    code = ctx.code
    changes = changes_since(code, case.code_version, ctx.lang)
    if changes is None or not changes.any:
        return []
    lines = []
    if not changes.known:
        lines.append(ctx.t("fw.changed.unknown_version", since=changes.since))
    for value_id in changes.added:
        lines.append(ctx.t("fw.changed.added", name=code.value_name(value_id, ctx.lang)))
    for value_id, was in changes.renamed:
        lines.append(ctx.t("fw.changed.renamed", was=was, name=code.value_name(value_id, ctx.lang)))
    for value_id in changes.removed:
        used = value_id in {v.value for v in case.values}
        lines.append(ctx.t("fw.changed.removed_used" if used else "fw.changed.removed", id=value_id))
    lines.extend(changes.notes)
    return lines


def _adopt(ctx: Ctx) -> None:
    case = state.current_case()
    if case is not None:
        adopt_version(case, ctx.code)
        state.touch(ctx)


def framework_notice(ctx: Ctx, case: Case) -> None:
    """Under the case header: the framework when it is not the library's default, and what
    changed in the framework file since the version the case was made with."""
    code = ctx.code
    if code.id != ctx.library.code.id:
        st.caption(ctx.t("fw.case_in", title=code.title(ctx.lang), version=code.version or "-"))
    lines = change_lines(ctx, case)
    if not lines:
        return
    with st.container(border=True, key="fw-changed"):
        st.warning(
            ctx.t(
                "fw.changed.title", title=code.title(ctx.lang), since=case.code_version or "", now=code.version or ""
            ),
            icon=":material/update:",
        )
        st.markdown("\n".join(f"- {md_escape(line)}" for line in lines))
        st.button(
            ctx.t("fw.changed.adopt", now=code.version or ""),
            key="fw:adopt",
            on_click=_adopt,
            args=(ctx,),
            help=ctx.t("fw.changed.adopt_help"),
        )


def _choose_framework(ctx: Ctx) -> None:
    case = state.current_case()
    chosen = frameworks().get(st.session_state.get("fw:choose") or "")
    if case is None or chosen is None or case.values or case.dilemmas:
        return
    case.code = chosen.id
    case.code_version = chosen.version
    ctx.use_framework(chosen)
    state.touch(ctx)


def framework_picker(ctx: Ctx, case: Case) -> None:
    """On the first step: the framework to weigh the case in. It can be chosen while no value is
    tagged yet (value ids belong to one framework); after that it is shown, with the reason."""
    found = frameworks()
    ids = found.ids()
    if case.code not in ids:
        ids.append(case.code)
    st.session_state["fw:choose"] = case.code
    locked = bool(case.values or case.dilemmas)
    st.selectbox(
        ctx.t("fw.choose"),
        options=ids,
        format_func=lambda i: found.by_id[i].title(ctx.lang) if i in found.by_id else i,
        key="fw:choose",
        on_change=_choose_framework,
        args=(ctx,),
        disabled=locked,
        help=ctx.t("fw.choose_locked" if locked else "fw.choose_help"),
    )


def view_choice(ctx: Ctx, case: Case) -> ValueCode | None:
    """A choice of the framework to view the case through; None: its own framework."""
    found = frameworks()
    walk = crosswalk_or_say(ctx)
    others = [i for i in found.ids() if i != ctx.code.id and walk.relates(ctx.code.id, i)]
    if not others:
        return None
    own = ctx.code.id
    options = [own, *others]
    choice = st.segmented_control(
        ctx.t("fw.view_through"),
        options=options,
        default=own,
        format_func=lambda i: found.by_id[i].title(ctx.lang) + (f" ({ctx.t('fw.own')})" if i == own else ""),
        key=f"fw:view:{case.id}",
        help=ctx.t("fw.view_help"),
    )
    if not choice or choice == own:
        return None
    return found.get(choice)


def show_view(ctx: Ctx, case: Case, target: ValueCode) -> None:
    """The case through ``target``: what carries over in words, the map in the other framework's
    items, the table of every item, and what stays untouched. The case itself is not changed."""
    from dilemmakaart.charts import case_charts
    from dilemmakaart.crosswalk import view_rows, view_sentences, view_through

    walk = crosswalk_or_say(ctx, say=False)  # view_choice has said it
    view = view_through(case, ctx.code, target, walk)
    title = target.title(ctx.lang)
    with st.container(border=True, key="fw-view"):
        st.subheader(ctx.t("cw.view.map_title", title=title), anchor=False)
        st.caption(ctx.t("cw.view.note"))
        st.markdown("\n".join(f"- {md_escape(line)}" for line in view_sentences(view, ctx.lang)))
        if view.carried():
            st.altair_chart(case_charts.dilemma_map(view.case, target, ctx.lang, size=560), width="content")
        else:
            st.info(ctx.t("cw.view.no_carried", title=title), icon=":material/info:")
        st.dataframe(view_rows(view, ctx.lang), hide_index=True, width="stretch")
        if walk.note is not None:
            st.caption(walk.note(ctx.lang))


def side_by_side(ctx: Ctx) -> None:
    """The shown framework beside another, with the crosswalk between them."""
    import pandas as pd

    from dilemmakaart.crosswalk import side_rows

    found = frameworks()
    walk = crosswalk_or_say(ctx)
    others = [i for i in found.ids() if i != ctx.code.id]
    if not others:
        st.info(ctx.t("fw.side_none"), icon=":material/info:")
        return
    st.caption(ctx.t("fw.side_intro"))
    other_id = st.selectbox(
        ctx.t("fw.side_other"),
        options=others,
        format_func=lambda i: found.by_id[i].title(ctx.lang),
        key=f"code:side:{ctx.code.id}",
    )
    other = found.get(other_id or "")
    if other is None:
        return
    pairs = walk.pairs(ctx.code.id, other.id)
    if not pairs:
        st.info(ctx.t("fw.side_none"), icon=":material/info:")
        return
    st.markdown(ctx.t("fw.side_count", n=len(pairs)))
    for code, against in ((ctx.code, other), (other, ctx.code)):  # each way round, full width: readable cells
        st.subheader(ctx.t("fw.side_from", title=code.title(ctx.lang), other=against.title(ctx.lang)), anchor=False)
        st.dataframe(pd.DataFrame(side_rows(walk, code, against, ctx.lang)), hide_index=True, width="stretch")
    for code, against in ((ctx.code, other), (other, ctx.code)):
        linked = {a for a, _, _ in walk.pairs(code.id, against.id)}
        loose = [v.name(ctx.lang) for v in code.values if v.id not in linked]
        if loose:
            st.caption(ctx.t("fw.side_unlinked", title=against.title(ctx.lang), names=", ".join(loose)))
    if walk.note is not None:
        st.caption(walk.note(ctx.lang))


def framework_group(ctx: Ctx, cases: list[Case]) -> list[Case]:
    """The library's insights grouped by framework: a choice of the framework (with its number of
    cases) when the cases use more than one; the rest of the page shows that group in its items."""
    from dilemmakaart.insights import by_framework

    groups = by_framework(cases)
    if len(groups) <= 1:
        only = next(iter(groups), ctx.code.id)
        code = frameworks().get(only)
        if code is not None:
            ctx.use_framework(code)
        return cases
    found = frameworks()
    ids = list(groups)
    default = ctx.code.id if ctx.code.id in groups else ids[0]

    def name(i: str) -> str:
        title = found.by_id[i].title(ctx.lang) if i in found.by_id else i
        return f"{title} ({len(groups[i])})"

    chosen = st.segmented_control(
        ctx.t("fw.group"),
        options=ids,
        default=default,
        format_func=name,
        key="ins:framework:" + "|".join(ids),
        help=ctx.t("fw.group_help"),
    )
    chosen = chosen or default
    code = found.get(chosen)
    if code is not None:
        ctx.use_framework(code)
    return groups[chosen]
