"""Options on the page "Acties en besluit" (issue 15): set up the ways to carry out the project
(from "zoals voorgesteld" and "niets doen"), their effects, the legal floors an option breaks; the
ranking, what would change the decision (chart, sentences, a try-out weight) and, with a group
session, the share of the group under which each option wins and which disagreements matter.

Every change is one operation of the case (``add_option``, ``update_option``, ``set_option_effect``,
``remove_option``, ``mark_breaks``, ``unmark_breaks``); widgets name an option by its id.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pandas as pd
import streamlit as st

from dilemmakaart.case import Breach, Case, EditError, Option, Response
from dilemmakaart.charts.sensitivity_charts import flip_chart, flip_table
from dilemmakaart.limits import text_limit, text_problem
from dilemmakaart.options import (
    Sensitivity,
    disagreement_sentence,
    due_for_review,
    flip_points,
    flip_sentence,
    group_sentence,
    rank,
    ranking_sentence,
    sensitivity,
    signed_words,
)
from dilemmakaart.scales import EFFECT, WEIGHT
from dilemmakaart.text import md_escape, shorten
from dilemmakaart.ui import state, undo
from dilemmakaart.ui.bootstrap import Ctx
from dilemmakaart.ui.fields import note, text_field
from dilemmakaart.ui.flow_common import bind, on_change
from dilemmakaart.ui.widgets import kept_open

PREFIX = "options"


# ---------------------------------------------------------------- callbacks: one operation each


def _refused(ctx: Ctx, exc: EditError) -> None:
    st.session_state[f"{PREFIX}:message"] = exc.message(ctx.lang, name=lambda v: ctx.code.value_name(v, ctx.lang))


def _start(ctx: Ctx) -> None:
    """ "Zoals voorgesteld" and "niets doen", the two options every comparison starts from."""
    case = state.current_case()
    if case is None:
        return
    try:
        case.add_option(ctx.t("options.proposed"), start="proposed")
        case.add_option(ctx.t("options.nothing"), start="nothing")
    except EditError as exc:
        _refused(ctx, exc)
    state.touch(ctx)


def _add(ctx: Ctx) -> None:
    case = state.current_case()
    title = (st.session_state.get(f"{PREFIX}:new-title") or "").strip()
    if case is None:
        return
    if not title:
        st.session_state[f"{PREFIX}:message"] = ctx.t("options.need_title")
        return
    if text_problem(title, text_limit(Option, "title")) is not None:
        return  # the message is at the field; the text stays
    try:
        case.add_option(title, start=st.session_state.get(f"{PREFIX}:new-start") or "nothing")
    except EditError as exc:
        _refused(ctx, exc)
        return
    st.session_state[f"{PREFIX}:new-title"] = ""
    state.touch(ctx)


def _remove(ctx: Ctx, option_id: str) -> None:
    case = state.current_case()
    option = case.option(option_id) if case is not None else None
    if case is None or option is None:
        return
    removed = case.remove_option(option_id)
    state.touch(ctx)
    undo.offer(PREFIX, ctx.t("options.removed", option=shorten(option.title, 80)), removed)


def _effect(option_id: str, value_id: str):
    def apply(case: Case, value: Any) -> None:
        case.set_option_effect(option_id, value_id, value)

    return apply


def _title(option_id: str):
    def apply(case: Case, value: Any) -> None:
        case.update_option(option_id, title=str(value or ""))

    return apply


def _description(option_id: str):
    def apply(case: Case, value: Any) -> None:
        case.update_option(option_id, description=str(value or ""))

    return apply


def _mark(ctx: Ctx, option_id: str) -> None:
    case = state.current_case()
    if case is None:
        return
    chosen = st.session_state.get(f"{PREFIX}:{option_id}:floor")
    why = (st.session_state.get(f"{PREFIX}:{option_id}:why") or "").strip()
    if not chosen or not why:
        st.session_state[f"{PREFIX}:message"] = ctx.t("options.need_floor_and_why")
        return
    value_id, law = chosen.split("|", 1)
    try:
        case.mark_breaks(option_id, value_id, law, why)
    except EditError as exc:
        _refused(ctx, exc)
        return
    st.session_state[f"{PREFIX}:{option_id}:why"] = ""
    state.touch(ctx)


def _unmark(ctx: Ctx, option_id: str, index: int) -> None:
    case = state.current_case()
    if case is None:
        return
    try:
        case.unmark_breaks(option_id, index)
    except EditError as exc:
        _refused(ctx, exc)
        return
    state.touch(ctx)


# ---------------------------------------------------------------- the section


def options_section(ctx: Ctx, case: Case | None) -> None:
    """The whole section: the part "opties" of the page "Acties en besluit" (``flow_actions``)."""
    if case is None:
        return
    st.header(ctx.t("options.title"), anchor=False)
    st.markdown(ctx.t("options.intro"))
    message = st.session_state.pop(f"{PREFIX}:message", None)
    if message:
        st.warning(md_escape(message), icon=":material/block:")
    undo.notice(ctx, PREFIX)
    if not case.values:
        st.info(ctx.t("options.no_values"), icon=":material/info:")
        return
    left, right = st.columns([1, 1], gap="large")
    with left:
        st.subheader(ctx.t("options.setup", n=len(case.options)), anchor=False)
        if not case.options:
            st.button(
                ctx.t("options.start"),
                key=f"{PREFIX}:start",
                icon=":material/playlist_add:",
                on_click=_start,
                args=(ctx,),
                type="primary",
                help=ctx.t("options.start_help"),
            )
        for option in list(case.options):
            option_editor(ctx, case, option)
        new_option(ctx, case)
    result = sensitivity(case)
    with right:
        ranking_block(ctx, case, result)
    if result.ranking.best is None or len(result.ranking.scores) < 2:
        return
    flips_block(ctx, case, result)
    trial, group = st.columns([1, 1], gap="large")
    with trial:
        try_weight_part(ctx)
    with group:
        group_block(ctx, case, result)


def new_option(ctx: Ctx, case: Case) -> None:
    with st.container(border=True, key=f"{PREFIX}-new"):
        st.markdown(f"**{ctx.t('options.add_title')}**")
        st.text_input(ctx.t("options.option_title"), key=f"{PREFIX}:new-title", placeholder=ctx.t("options.example"))
        note(ctx, f"{PREFIX}:new-title", text_limit(Option, "title"))
        st.radio(
            ctx.t("options.start_from"),
            options=["nothing", "proposed"],
            format_func=lambda k: ctx.t(f"options.start_from.{k}"),
            key=f"{PREFIX}:new-start",
            horizontal=True,
        )
        st.button(
            ctx.t("options.add"),
            key=f"{PREFIX}:add",
            icon=":material/add:",
            on_click=_add,
            args=(ctx,),
            disabled=len(case.options) >= 6,
        )


def option_editor(ctx: Ctx, case: Case, option: Option) -> None:
    key = f"{PREFIX}:{option.id}"
    label = option.title + (f" — {ctx.t('options.not_allowed')}" if option.breaks else "")
    # built only while open (a rerun on opening and closing): closed, its effects cost the browser
    # nothing after a move of the try-a-weight slider (bench/slider_speed.py)
    box = kept_open(
        label, f"{key}:open", icon=":material/block:" if option.breaks else ":material/alt_route:", steady_label=True
    )
    if not box.open:
        return
    with box:
        text_field(
            ctx,
            ctx.t("options.option_title"),
            f"{key}:title",
            option.title,
            text_limit(Option, "title"),
            _title(option.id),
            strip=True,
        )
        text_field(
            ctx,
            ctx.t("options.description"),
            f"{key}:description",
            option.description,
            text_limit(Option, "description"),
            _description(option.id),
            area=True,
            height=80,
        )
        st.markdown(f"**{ctx.t('options.effects')}**")
        st.caption(ctx.t("options.effects_help"))
        columns = st.columns(2)
        for i, value in enumerate(case.values):
            with columns[i % 2]:
                effect_key = bind(f"{key}:effect:{value.value}", option.effects.get(value.value, 0))
                st.number_input(
                    ctx.code.value_name(value.value, ctx.lang),
                    min_value=EFFECT.min,
                    max_value=EFFECT.max,
                    step=EFFECT.step,
                    **on_change(ctx, _effect(option.id, value.value), effect_key),
                )
        legal_floors(ctx, case, option)
        st.button(
            ctx.t("options.remove"),
            key=f"{key}:remove",
            icon=":material/delete:",
            on_click=_remove,
            args=(ctx, option.id),
        )


def legal_floors(ctx: Ctx, case: Case, option: Option) -> None:
    """The floors the option is marked as breaking, and marking another (from the values at stake)."""
    key = f"{PREFIX}:{option.id}"
    st.markdown(f"**{ctx.t('options.breaks')}**")
    for i, breach in enumerate(option.breaks):
        text, button = st.columns([5, 1], vertical_alignment="center")
        text.error(md_escape(breach_line(ctx, breach)), icon=":material/gavel:")
        button.button(
            ctx.t("options.unmark"),
            key=f"{key}:unmark:{i}",
            on_click=_unmark,
            args=(ctx, option.id, i),
            help=ctx.t("options.unmark_help"),
        )
    floors = {
        f"{v.value}|{floor.cite}": f"{ctx.code.value_name(v.value, ctx.lang)}: {floor.cite} — {floor.floor(ctx.lang)}"
        for v in case.values
        if v.value in ctx.code.value_ids
        for floor in ctx.code.value(v.value).legal_floors
    }
    if not floors:
        st.caption(ctx.t("options.no_floors"))
        return
    st.selectbox(
        ctx.t("options.floor"),
        options=list(floors),
        format_func=lambda k: floors[k],
        index=None,
        placeholder=ctx.t("options.floor_placeholder"),
        key=f"{key}:floor",
    )
    st.text_input(ctx.t("options.why"), key=f"{key}:why", placeholder=ctx.t("options.why_placeholder"))
    st.button(ctx.t("options.mark"), key=f"{key}:mark", icon=":material/gavel:", on_click=_mark, args=(ctx, option.id))


def breach_line(ctx: Ctx, breach: Breach) -> str:
    """ "Niet toegestaan — Privacy: AVG art. 9. <why>" (in the option's editor)."""
    return ctx.t("options.breach", reason=breach_reason(ctx, breach))


def breach_reason(ctx: Ctx, breach: Breach) -> str:
    """ "Privacy: AVG art. 9. <why>"."""
    return ctx.t(
        "options.breach_reason", value=ctx.code.value_name(breach.value, ctx.lang), law=breach.law, why=breach.why
    )


# ---------------------------------------------------------------- what the options say


def ranking_block(ctx: Ctx, case: Case, result: Sensitivity) -> None:
    """The ranking and the options that are not permitted."""
    st.subheader(ctx.t("options.ranking"), anchor=False)
    sentence = ranking_sentence(case, result.ranking, ctx.lang)
    with st.container(key=f"{PREFIX}-ranking"):
        if result.ranking.best is not None:
            st.success(md_escape(sentence), icon=":material/trophy:")
        else:
            st.info(md_escape(sentence), icon=":material/info:")
    if result.ranking.scores:
        rows = [
            {
                ctx.t("options.col.rank"): i,
                ctx.t("options.col.option"): _option_title(case, option_id),
                ctx.t("options.col.score"): signed_words(score, ctx.lang),
            }
            for i, (option_id, score) in enumerate(result.ranking.scores.items(), start=1)
        ]
        st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
    for option in case.options:
        if option.breaks:
            reasons = "; ".join(breach_reason(ctx, b) for b in option.breaks)
            st.error(
                md_escape(ctx.t("options.line.not_allowed", option=option.title, reasons=reasons)),
                icon=":material/gavel:",
            )


def _option_title(case: Case, option_id: str) -> str:
    option = case.option(option_id)
    return option.title if option is not None else option_id


def flips_block(ctx: Ctx, case: Case, result: Sensitivity) -> None:
    st.subheader(ctx.t("options.what_changes"), anchor=False)
    nearest = result.nearest()
    with st.container(key=f"{PREFIX}-flips"):
        if nearest:
            lines = [flip_sentence(case, f, ctx.code.value_name(f.value, ctx.lang), ctx.lang) for f in nearest]
            st.markdown("\n".join(f"- {md_escape(line)}" for line in lines))
        else:
            st.markdown(md_escape(ctx.t("options.no_flip")))
    st.altair_chart(flip_chart(case, result, ctx.code, ctx.lang), key=f"{PREFIX}:chart", theme=None)
    box = kept_open(ctx.t("flow.map.as_text"), f"{PREFIX}:flips-as-text")  # its table built only while open
    if box.open:
        with box:
            st.dataframe(flip_table(case, result, ctx.code, ctx.lang), hide_index=True, width="stretch")


@st.fragment
def try_weight_part(ctx: Ctx) -> None:
    """``try_weight`` as a fragment: its slider changes nothing in the case, so a move reruns and
    redraws only this box, not the page (bench/slider_speed.py, "Acties: try a weight")."""
    case = state.current_case()
    if case is not None:
        try_weight(ctx, case)


def try_weight(ctx: Ctx, case: Case) -> None:
    """Try another weight for one value without changing the case: which option wins then."""
    with st.container(border=True, key=f"{PREFIX}-try"):
        st.markdown(f"**{ctx.t('options.try')}**")
        st.caption(ctx.t("options.try_help"))
        names = {v.value: ctx.code.value_name(v.value, ctx.lang) for v in case.values}
        value_id = st.selectbox(
            ctx.t("options.try_value"), options=list(names), format_func=lambda k: names[k], key=f"{PREFIX}:try-value"
        )
        if value_id is None:
            return
        now = case.value(value_id)
        current = now.weight if now is not None else WEIGHT.default
        slider_key = f"{PREFIX}:try-weight:{value_id}"
        if slider_key not in st.session_state:
            st.session_state[slider_key] = current
        weight = st.slider(
            ctx.t("options.try_weight", value=names[value_id], now=current),
            min_value=WEIGHT.min,
            max_value=WEIGHT.max,
            step=WEIGHT.step,
            key=slider_key,
        )
        weights = {v.value: v.weight for v in case.values}
        weights[value_id] = weight
        trial = rank(case, weights)
        said = ranking_sentence(case, trial, ctx.lang)
        flip = flip_points(case, weights).get(value_id)
        lines = [said]
        if flip is not None:
            lines.append(flip_sentence(case, flip, names[value_id], ctx.lang))
        with st.container(key=f"{PREFIX}-try-said"):
            st.markdown("  \n".join(md_escape(line) for line in lines))


def group_block(ctx: Ctx, case: Case, result: Sensitivity) -> None:
    if result.group is None:
        return
    st.subheader(ctx.t("options.group"), anchor=False)
    lines = [group_sentence(case, result.group, option_id, ctx.lang) for option_id in result.group.counts]
    if result.group.undecided:
        lines.append(ctx.t("options.group_undecided", k=result.group.undecided, n=result.group.participants))
    st.markdown("\n".join(f"- {md_escape(line)}" for line in lines))
    disagreement_block(ctx, case, result)


def disagreement_block(ctx: Ctx, case: Case, result: Sensitivity) -> None:
    """Which disagreements can change the decision, and which do not."""
    st.markdown(f"**{ctx.t('options.disagreements')}**")
    if not result.disagreements:
        st.caption(ctx.t("options.no_disagreements"))
        return
    with st.container(key=f"{PREFIX}-disagreements"):
        for d in result.disagreements:
            text = md_escape(disagreement_sentence(d, ctx.code.value_name(d.value, ctx.lang), ctx.lang, case))
            if d.matters:
                st.warning(text, icon=":material/forum:")
            else:
                st.info(text, icon=":material/check_circle:")


def reveal_panel(ctx: Ctx, case: Case | None, responses: list[Response], *, big: bool = False) -> None:
    """On the facilitator's reveal: for the round's answers, under which option each person's
    weights lead and which disagreements matter. Nothing when the case has no options to compare."""
    if case is None or len([o for o in case.options if not o.breaks]) < 2 or not responses:
        return
    result = sensitivity(case, responses)
    if result.ranking.best is None:
        return
    (st.header if big else st.subheader)(ctx.t("options.reveal_title"), anchor=False)
    group_block(ctx, case, result)


# ---------------------------------------------------------------- review dates

SOON_DAYS = 30  # the home page and the library also show reviews this many days ahead


def due_reviews(ctx: Ctx, cases: list[Case], *, where: str, today: date | None = None) -> None:
    """Decisions due for review (and those due within 30 days), each with a link to its decision."""
    from dilemmakaart.i18n import format_date
    from dilemmakaart.ui import pages

    found = due_for_review(cases, today or date.today(), soon=SOON_DAYS)
    if not found:
        return
    with st.container(border=True, key=f"{where}-due"):
        due_now = sum(d.due for d in found)
        soon = len(found) - due_now
        title = ctx.t("options.due_title", n=due_now, soon=soon) if due_now else ctx.t("options.soon_title", soon=soon)
        st.subheader(title, anchor=False)
        for d in found:
            when = format_date(d.review, ctx.lang)
            said = ctx.t("options.due_now" if d.due else "options.due_soon", date=when)
            query = {"case": d.case_id, "deel": "besluit", **({"lang": ctx.lang} if ctx.lang != "nl" else {})}
            st.page_link(
                pages.ACTIONS.file,
                label=f"{d.title} — {said}",
                icon=":material/event_repeat:" if d.due else ":material/event:",
                query_params=query,
            )
            if d.triggers:
                st.caption(ctx.t("options.due_triggers", triggers="; ".join(d.triggers)))


def _set_triggers(case: Case, value: Any) -> None:
    triggers = [line.strip() for line in str(value or "").splitlines() if line.strip()]
    case.decide(triggers=triggers)


def review_section(ctx: Ctx, case: Case | None) -> None:
    """When to look at the decision again: the review date is set with the decision; here the
    events that call for a review sooner, one per line. In the part "besluit", under the decision."""
    if case is None:
        return
    st.subheader(ctx.t("options.review_title"), anchor=False)
    st.caption(ctx.t("options.review_help"))
    since_decided(ctx, case)
    triggers = "\n".join(case.decision.triggers) if case.decision else ""
    bind(f"{PREFIX}:triggers", triggers)
    st.text_area(
        ctx.t("options.triggers"),
        placeholder=ctx.t("options.triggers_placeholder"),
        height=90,
        **on_change(ctx, _set_triggers, f"{PREFIX}:triggers"),
    )


def since_decided(ctx: Ctx, case: Case) -> None:
    """At a review: what changed in the weights since the decided version in the library's history,
    and whether the best option changed."""
    from dilemmakaart.options import decided_version, since_decision, since_lines

    decided = decided_version(ctx.library, case)
    if decided is None:
        return
    since = since_decision(decided, case)
    lines = since_lines(decided, case, since, lambda v: ctx.code.value_name(v, ctx.lang), ctx.lang)
    with st.container(border=True, key=f"{PREFIX}-since"):
        st.markdown(f"**{md_escape(ctx.t('options.since.title', revision=since.revision))}**")
        st.markdown("\n".join(f"- {md_escape(line)}" for line in lines))
