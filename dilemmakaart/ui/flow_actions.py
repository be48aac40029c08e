"""Step 5, Acties en besluit: options for action (three kinds) tied to the values they safeguard,
the priority matrix (necessity × importance), the instruments to run next and why, the decision.

Widgets name an action by its stable id (``actions:<id>:text``), never by its place in the list;
every change is one operation of the case (``add_action``, ``update_action``, ``remove_action``,
``decide``).
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dilemmakaart.analysis import (
    example_actions,
    instruments_next,
    priority_matrix,
    unprotected_values,
    unscored_actions,
)
from dilemmakaart.case import ACTION_KINDS, ACTION_STATUSES, STATUSES, Action, Case, Decision
from dilemmakaart.i18n import join_words
from dilemmakaart.limits import text_limit, text_problem
from dilemmakaart.scales import IMPORTANCE, NECESSITY
from dilemmakaart.text import md_escape, shorten
from dilemmakaart.ui import a11y, state, undo
from dilemmakaart.ui.bootstrap import Ctx
from dilemmakaart.ui.fields import note, problem_text, required_label, text_field
from dilemmakaart.ui.flow_common import bind, flow_page, on_change, step_links
from dilemmakaart.ui.flow_options import options_section, review_section
from dilemmakaart.ui.widgets import kept_open, label

# The page has three parts, one on screen at a time (chosen at the top, in the URL as ``deel``): the
# browser redraws every element of the page after each run, so a page that builds only the part in
# use answers a slider or a field faster (issue 10, bench/slider_speed.py).
PARTS = ("acties", "opties", "besluit")
PART = "actions:part"


def _keep_part_in_url() -> None:
    st.query_params["deel"] = st.session_state.get(PART) or PARTS[0]


def part_chooser(ctx: Ctx) -> str:
    """The choice of the part on screen; the first time from the URL's ``deel``, else the actions."""
    if st.session_state.get(PART) not in PARTS:
        asked = st.query_params.get("deel")
        st.session_state[PART] = asked if asked in PARTS else PARTS[0]
    st.segmented_control(
        ctx.t("flow.actions.part"),
        options=list(PARTS),
        format_func=lambda p: ctx.t(f"flow.actions.part.{p}"),
        required=True,
        key=PART,
        on_change=_keep_part_in_url,
    )
    return showing()


def showing() -> str:
    """The part of the page "Acties en besluit" that is on screen."""
    chosen = st.session_state.get(PART)
    return chosen if chosen in PARTS else PARTS[0]


def action_keys(case: Case) -> list[str]:
    """The widget key of each action: its stable id."""
    return [str(a.id) for a in case.actions]


def _set(key: str, field: str):
    """The callback's write: one ``update_action`` of the action with id ``key``."""

    def apply(case: Case, value) -> None:
        if field == "owner":
            value = (value or "").strip() or None
        elif field == "values":
            value = list(value or [])
        case.update_action(key, **{field: value})

    return apply


def add_action(case: Case, text: str, kind: str | None = None, values: list[str] | None = None) -> bool:
    """Add an action through the case; False when there is no text."""
    if not text.strip():
        return False
    case.add_action(text, kind=kind, values=list(values or []))
    return True


def _add_new(ctx: Ctx) -> None:
    case = state.current_case()
    text = st.session_state.get("actions:new-text") or ""
    if case is None or text_problem(text.strip(), text_limit(Action, "text")) is not None:
        return  # too long: the message is at the field, the text stays there
    if add_action(case, text, st.session_state.get("actions:new-kind"), st.session_state.get("actions:new-values")):
        st.session_state["actions:new-text"] = ""
        st.session_state["actions:new-values"] = []
        state.touch(ctx)
        # focus to the new action (its expander), where the work goes on
        a11y.request_focus(f"{a11y.key_class(f'actions:{case.actions[-1].id}:open')} summary", inside=False)
    else:
        st.session_state["actions:message"] = "flow.actions.need_text"
        a11y.request_focus(f".st-key-{a11y.field_key('actions:new-text', required=True)} input", inside=False)


def _add_example(ctx: Ctx, value_id: str, kind: str, text: str) -> None:
    case = state.current_case()
    if case is not None and add_action(case, text, kind, [value_id]):
        state.touch(ctx)


def _remove(ctx: Ctx, key: str) -> None:
    """Remove an action; the page says which, and offers to put it back."""
    case = state.current_case()
    action = case.action(key) if case is not None else None
    if case is not None and action is not None:
        removed = case.remove_action(key)
        state.touch(ctx)
        undo.offer("actions", ctx.t("flow.actions.removed", text=shorten(action.text, 80)), removed)


def _set_decision(field: str):
    """The callback's write: one ``decide`` of the case."""

    def apply(case: Case, value) -> None:
        if field == "by":
            value = (value or "").strip() or None
        elif field == "text":
            value = value or ""
        case.decide(**{field: value})

    return apply


def _set_status(case: Case, value) -> None:
    if value:
        case.describe(status=value)


def actions_page(ctx: Ctx) -> Case | None:
    case = flow_page(ctx, 5)
    if case is None:
        return None
    st.markdown(ctx.t("flow.actions.intro"))
    part = part_chooser(ctx)
    if part == "acties":
        instruments(ctx, case)
        left, right = st.columns([1, 1], gap="large")  # the priority matrix needs the width: no hidden scrolling
        with left:
            st.subheader(ctx.t("flow.actions.title", n=len(case.actions)), anchor=False)
            undo.notice(ctx, "actions")  # a removed action, and "Ongedaan maken"
            keys = action_keys(case)
            for key, action in zip(list(keys), list(case.actions)):
                action_editor(ctx, case, key, action)
            new_action(ctx, case)
        with right:
            matrix(ctx, case)
            examples(ctx, case)
    elif part == "opties":
        options_section(ctx, case)
    else:
        decision(ctx, case)
        review_section(ctx, case)
    step_links(ctx, 5)
    if not report_here():  # where the report is: one line instead of its 20 buttons and notes on every part
        st.caption(ctx.t("flow.actions.report_where"))
    return case


def report_here() -> bool:
    """The board report's downloads (and the filing drafts) go with the decision: they are drawn in
    that part, and on the map page. Every element on the page is drawn again by the browser after
    each run, so the other parts answer a slider or a field faster without them."""
    return showing() == "besluit"


def instrument_reason(ctx: Ctx, item) -> str:
    """Why an instrument is named, in one sentence."""
    name = lambda v: ctx.code.value_name(v, ctx.lang)  # noqa: E731
    reasons = []
    if item.under_pressure:
        pressure = [name(v) for v in item.under_pressure]
        reasons.append(ctx.t("flow.actions.because_pressure", values=join_words(pressure, ctx.lang), n=len(pressure)))
    other = [v for v in item.values if v not in item.under_pressure]
    if other:
        reasons.append(
            ctx.t("flow.actions.because_values", values=join_words([name(v) for v in other], ctx.lang), n=len(other))
        )
    if item.technologies:
        techs = [tech.name(ctx.lang) if (tech := ctx.code.technology(t)) else t for t in item.technologies]
        reasons.append(ctx.t("flow.actions.because_technology", technology=join_words(techs, ctx.lang)))
    return "; ".join(reasons)


def instruments(ctx: Ctx, case: Case) -> None:
    advice = instruments_next(case, ctx.code)
    with st.container(border=True):
        st.subheader(ctx.t("flow.actions.instruments"), anchor=False)
        if not advice:
            st.caption(ctx.t("flow.actions.no_instruments"))
            return
        st.caption(ctx.t("flow.actions.instruments_help"))
        for item in advice[:4]:
            st.markdown(
                f"**{item.instrument.name(ctx.lang)}** — {ctx.t('flow.actions.because')} {instrument_reason(ctx, item)}.",
                help=item.instrument.what(ctx.lang),
            )
        if len(advice) > 4:
            with st.expander(ctx.t("flow.actions.more_instruments", n=len(advice) - 4)):
                for item in advice[4:]:
                    st.markdown(
                        f"**{item.instrument.name(ctx.lang)}** — {ctx.t('flow.actions.because')} {instrument_reason(ctx, item)}.",
                        help=item.instrument.what(ctx.lang),
                    )


def action_editor(ctx: Ctx, case: Case, key: str, action: Action) -> None:
    name = lambda v: ctx.code.value_name(v, ctx.lang)  # noqa: E731
    title = shorten(action.text, 90) or "…"
    prio = f" · {ctx.t('flow.actions.priority', p=action.priority)}" if action.priority else ""
    # built only while open (a rerun on opening and closing): a closed editor costs the browser
    # nothing after a run elsewhere on the page (bench/slider_speed.py)
    box = kept_open(f"{md_escape(title)}{prio}", f"actions:{key}:open", steady_label=True)
    if not box.open:
        return
    with box:
        text_field(
            ctx,
            ctx.t("case.action"),
            f"actions:{key}:text",
            action.text,
            text_limit(Action, "text"),
            _set(key, "text"),
            area=True,
            strip=True,
            height=80,
        )
        c1, c2, c3 = st.columns(3)
        with c1:
            bind(f"actions:{key}:kind", action.kind)
            st.selectbox(
                ctx.t("case.kind"),
                options=list(ACTION_KINDS),
                index=None,
                format_func=lambda k: label(ctx, "action_kind", k),
                placeholder=ctx.t("flow.choose"),
                **on_change(ctx, _set(key, "kind"), f"actions:{key}:kind"),
            )
        with c2:
            bind(f"actions:{key}:necessity", action.necessity)
            st.selectbox(
                ctx.t("flow.actions.necessity"),
                options=NECESSITY.positions(),
                index=None,
                format_func=lambda n: ctx.t(f"flow.actions.level{n}"),
                placeholder=ctx.t("flow.choose"),
                **on_change(ctx, _set(key, "necessity"), f"actions:{key}:necessity"),
            )
        with c3:
            bind(f"actions:{key}:importance", action.importance)
            st.selectbox(
                ctx.t("flow.actions.importance"),
                options=IMPORTANCE.positions(),
                index=None,
                format_func=lambda n: ctx.t(f"flow.actions.level{n}"),
                placeholder=ctx.t("flow.choose"),
                **on_change(ctx, _set(key, "importance"), f"actions:{key}:importance"),
            )
        options = case.tagged() + [v for v in action.values if v not in case.tagged()]
        bind(f"actions:{key}:values", list(action.values))
        st.multiselect(
            ctx.t("flow.actions.safeguards"),
            options=options,
            format_func=name,
            placeholder=ctx.t("flow.choose"),
            **on_change(ctx, _set(key, "values"), f"actions:{key}:values"),
        )
        c1, c2, c3 = st.columns(3)
        with c1:
            text_field(
                ctx,
                ctx.t("case.owner"),
                f"actions:{key}:owner",
                action.owner or "",
                text_limit(Action, "owner"),
                _set(key, "owner"),
                strip=True,
            )
        with c2:
            bind(f"actions:{key}:due", action.due)
            st.date_input(
                ctx.t("case.due"), format="DD-MM-YYYY", **on_change(ctx, _set(key, "due"), f"actions:{key}:due")
            )
        with c3:
            bind(f"actions:{key}:status", action.status)
            st.selectbox(
                ctx.t("case.action_status"),
                options=list(ACTION_STATUSES),
                format_func=lambda s: label(ctx, "action_status", s),
                **on_change(ctx, _set(key, "status"), f"actions:{key}:status"),
            )
        with a11y.named(ctx.t("a11y.of_action", text=shorten(action.text, 60)), key=key):  # which action
            st.button(
                ctx.t("flow.actions.remove"),
                key=f"actions:{key}:remove",
                icon=":material/delete:",
                on_click=_remove,
                args=(ctx, key),
            )


def new_action(ctx: Ctx, case: Case) -> None:
    with st.container(border=True):
        st.markdown(f"**{ctx.t('flow.actions.new')}**")
        # required, and what is wrong said at the field (aria-required, aria-invalid: ui/a11y.py)
        with a11y.field("actions:new-text", required=True):
            st.text_input(
                required_label(ctx, ctx.t("case.action")),
                key="actions:new-text",
                placeholder=ctx.t("flow.actions.new_placeholder"),
            )
            too_long = text_problem(
                (st.session_state.get("actions:new-text") or "").strip(), text_limit(Action, "text")
            )
            message = st.session_state.pop("actions:message", None)
            if too_long is not None:
                with a11y.error("actions-new-text"):
                    st.empty().error(problem_text(ctx, too_long), icon=":material/block:")  # one element, as note's
            elif message:
                with a11y.error("actions-new-text"):
                    st.error(ctx.t(message), icon=":material/error:")
            else:
                note(ctx, "actions:new-text", text_limit(Action, "text"))
        left, right = st.columns(2)
        left.selectbox(
            ctx.t("case.kind"),
            options=list(ACTION_KINDS),
            index=None,
            format_func=lambda k: label(ctx, "action_kind", k),
            key="actions:new-kind",
            placeholder=ctx.t("flow.choose"),
        )
        right.multiselect(
            ctx.t("flow.actions.safeguards"),
            options=case.tagged(),
            format_func=lambda v: ctx.code.value_name(v, ctx.lang),
            key="actions:new-values",
            placeholder=ctx.t("flow.choose"),
        )
        st.button(
            ctx.t("flow.actions.add"),
            key="actions:add",
            type="primary",
            icon=":material/add:",
            on_click=_add_new,
            args=(ctx,),
        )


def matrix_frame(ctx: Ctx, case: Case) -> pd.DataFrame:
    """3 × 3: rows necessity (high first), columns importance (high last); each cell gives the
    number of actions and their (shortened) texts."""
    cells = priority_matrix(case)
    rows = {}
    for n in reversed(NECESSITY.positions()):
        row = {}
        for i in IMPORTANCE.positions():
            items = cells[(n, i)]  # st.table shows cells as Markdown: the action texts are escaped
            row[ctx.t("flow.actions.importance_col", level=i)] = (
                f"{len(items)}: " + "; ".join(md_escape(shorten(case.actions[k].text, 40)) for k in items)
                if items
                else "—"
            )
        rows[ctx.t("flow.actions.necessity_row", level=n)] = row
    return pd.DataFrame.from_dict(rows, orient="index")


def matrix(ctx: Ctx, case: Case) -> None:
    st.subheader(ctx.t("flow.actions.matrix"), anchor=False)
    st.caption(ctx.t("flow.actions.matrix_help"))
    st.table(matrix_frame(ctx, case))
    unscored = unscored_actions(case)
    if unscored:
        st.caption(ctx.t("flow.actions.unscored", n=len(unscored)))
    bare = unprotected_values(case)
    if bare:
        st.warning(
            ctx.t("flow.actions.unprotected", values=", ".join(ctx.code.value_name(v, ctx.lang) for v in bare)),
            icon=":material/shield:",
        )


def examples(ctx: Ctx, case: Case) -> None:
    found = example_actions(case, ctx.code, ctx.lang)
    st.subheader(ctx.t("flow.actions.examples"), anchor=False)
    if not found:
        st.caption(ctx.t("flow.actions.no_examples"))
        return
    by_value: dict[str, list] = {}
    for value_id, example in found:
        by_value.setdefault(value_id, []).append(example)
    for value_id, items in by_value.items():
        box = st.expander(
            ctx.code.value_name(value_id, ctx.lang), key=f"actions:examples:{value_id}", on_change="rerun"
        )
        if not box.open:  # built only while open, as an action's editor
            continue
        with box:
            for example in items:
                text, button = st.columns([4, 1], vertical_alignment="center")
                text.markdown(f"{example.text(ctx.lang)}  \n:gray[{label(ctx, 'action_kind', example.kind)}]")
                button.button(
                    ctx.t("flow.actions.take"),
                    key=f"actions:example:{value_id}:{_slug(example.text('nl'))}",
                    icon=":material/add:",
                    on_click=_add_example,
                    args=(ctx, value_id, example.kind, example.text(ctx.lang)),
                    width="stretch",
                )


def _slug(text: str) -> str:
    import hashlib

    return hashlib.sha1(text.encode()).hexdigest()[:10]


def decision(ctx: Ctx, case: Case) -> None:
    st.subheader(ctx.t("case.decision"), anchor=False)
    d = case.decision or Decision()
    with st.container(border=True):
        text_field(
            ctx,
            ctx.t("flow.actions.decision_text"),
            "actions:decision:text",
            d.text,
            text_limit(Decision, "text"),
            _set_decision("text"),
            area=True,
            height=120,
            placeholder=ctx.t("flow.actions.decision_placeholder"),
        )
        c1, c2, c3, c4 = st.columns(4)
        with c1:
            bind("actions:decision:date", d.date)
            st.date_input(
                ctx.t("flow.actions.decision_date"),
                format="DD-MM-YYYY",
                **on_change(ctx, _set_decision("date"), "actions:decision:date"),
            )
        with c2:
            bind("actions:decision:review", d.review)
            st.date_input(
                ctx.t("flow.actions.decision_review"),
                format="DD-MM-YYYY",
                **on_change(ctx, _set_decision("review"), "actions:decision:review"),
            )
        with c3:
            text_field(
                ctx,
                ctx.t("flow.actions.decision_by"),
                "actions:decision:by",
                d.by or "",
                text_limit(Decision, "by"),
                _set_decision("by"),
                strip=True,
            )
        with c4:
            bind("actions:status", case.status)
            st.selectbox(
                ctx.t("case.status"),
                options=list(STATUSES),
                format_func=lambda s: label(ctx, "status", s),
                **on_change(ctx, _set_status, "actions:status"),
            )
