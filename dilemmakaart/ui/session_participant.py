"""The participant's page (/meedoen): join with a code, give an own judgement, see the group after
the reveal. Made for a phone: one column, a form (no rerun on every slider), large buttons.

The participant's token lives in the URL (``?code=..&p=<token>``): a reload keeps the answer. The
answer is kept in session state under stable keys (``join:weight:<value>``) and copied in from the
stored answer when the page (re)loads or a new round starts.
"""

from __future__ import annotations

import streamlit as st

from dilemmakaart.aggregate import SPANS, summarise
from dilemmakaart.case import Case
from dilemmakaart.charts.session_charts import item_label
from dilemmakaart.limits import text_problem
from dilemmakaart.scales import BALANCE, EFFECT, WEIGHT
from dilemmakaart.session import (
    MAX_NAME,
    Participant,
    SessionError,
    SessionInfo,
    SessionStore,
    clean_answer,
    pretty_code,
)
from dilemmakaart.text import md_escape
from dilemmakaart.ui.bootstrap import Ctx
from dilemmakaart.ui.faults import fault_message
from dilemmakaart.ui.fields import problem_text
from dilemmakaart.ui.session_common import (
    PARTICIPANT_REFRESH_SECONDS,
    anonymous_label,
    error,
    fmt,
    results,
    role_name,
    role_options,
    session_case,
    store,
    watch_round,
)
from dilemmakaart.ui.widgets import user_text
from dilemmakaart.wording import balance_words


def participant_page(ctx: Ctx) -> None:
    sessions = store(ctx)
    code, token = st.query_params.get("code"), st.query_params.get("p")
    if not code:
        st.title(ctx.t("session.p.title"), anchor=False)
        code_form(ctx, sessions)
        return
    try:
        info = sessions.find(code)
    except SessionError as exc:
        st.title(ctx.t("session.p.title"), anchor=False)
        error(ctx, exc)
        code_form(ctx, sessions)
        return
    case = session_case(ctx, info)
    if case is None:
        return
    if not token:
        join_form(ctx, sessions, info, case)
        return
    try:
        me = sessions.participant(info.id, token)
    except SessionError as exc:
        error(ctx, exc)
        if st.button(ctx.t("session.p.rejoin"), key="join:rejoin"):
            del st.query_params["p"]
            st.rerun()
        return
    taking_part(ctx, sessions, info, case, me)


# ---------------------------------------------------------------- code and join


def code_form(ctx: Ctx, sessions: SessionStore) -> None:
    with st.form("join:code-form"):
        st.text_input(
            ctx.t("session.p.code"),
            key="join:code",
            help=ctx.t("session.p.code_help"),
            placeholder="ABCD-EFGH",
        )
        go = st.form_submit_button(ctx.t("session.p.go"), type="primary", width="stretch")
    if go:
        try:
            info = sessions.find(st.session_state.get("join:code", ""))
        except SessionError as exc:
            error(ctx, exc)
            return
        st.query_params.from_dict({"code": info.join_code, "lang": ctx.lang})
        st.rerun()


def join_form(ctx: Ctx, sessions: SessionStore, info: SessionInfo, case: Case) -> None:
    st.header(md_escape(case.title), anchor=False)
    st.caption(f"{ctx.t('session.p.code')}: {pretty_code(info.join_code)}")
    if info.closed_to_joins:  # after the end or the adoption nobody joins (a stale QR photo neither)
        st.info(ctx.t("session.p.ended" if info.ended else "session.p.adopted"), icon=":material/event_busy:")
        return
    with st.form("join:join-form"):
        if info.anonymous:
            st.info(ctx.t("session.p.anonymous_note"), icon=":material/visibility_off:")
        else:
            st.text_input(ctx.t("session.p.name"), key="join:name", help=ctx.t("session.p.name_help"))
        if info.roles:
            options = [""] + role_options(case)
            st.selectbox(
                ctx.t("session.p.role"),
                options,
                key="join:role",
                help=ctx.t("session.p.role_help"),
                format_func=lambda r: ctx.t("session.p.role_other") if not r else role_name(ctx, r),
            )
        joined = st.form_submit_button(ctx.t("session.p.join"), type="primary", width="stretch")
    if joined:
        too_long = text_problem(" ".join((st.session_state.get("join:name") or "").split()), MAX_NAME)
        if too_long is not None:  # refused, not cut: the name stays in the field to shorten
            st.error(problem_text(ctx, too_long), icon=":material/block:")
            return
        try:
            _, me = sessions.join(
                info.join_code, name=st.session_state.get("join:name"), role=st.session_state.get("join:role")
            )
        except SessionError as exc:
            error(ctx, exc)
            return
        except OSError as exc:  # a full or read-only disk: said in words, the name stays in the field
            st.error(fault_message(ctx, exc, action="join"), icon=":material/error:")
            return
        st.query_params.from_dict({"code": info.join_code, "p": me.token, "lang": ctx.lang})
        st.rerun()


# ---------------------------------------------------------------- taking part


def _label(ctx: Ctx, info: SessionInfo, me: Participant) -> str:
    return anonymous_label(ctx).format(n=me.number) if info.anonymous else me.label(anonymous_label(ctx))


def taking_part(ctx: Ctx, sessions: SessionStore, info: SessionInfo, case: Case, me: Participant) -> None:
    st.header(md_escape(case.title), anchor=False)
    line = ctx.t("session.p.you_are", label=md_escape(_label(ctx, info, me)))
    if info.roles and me.role:
        line += " " + md_escape(ctx.t("session.p.your_role", role=role_name(ctx, me.role)))
    st.markdown(line)
    with st.expander(ctx.t("session.p.project"), icon=":material/description:"):
        user_text(case.description)
    with st.expander(ctx.t("session.p.values"), icon=":material/label:"):
        for v in case.values:
            if v.value in ctx.code.value_ids:
                value = ctx.code.value(v.value)
                st.markdown(f"**{md_escape(value.name(ctx.lang))}**")
                user_text(value.meaning(ctx.lang))
    watch_round(sessions, info, PARTICIPANT_REFRESH_SECONDS)
    unsent_warning(ctx, sessions, info, case, me)
    if info.ended:
        st.info(ctx.t("session.p.ended"), icon=":material/event_busy:")
        if info.state == "revealed" and me.first_round <= info.round:
            results(ctx, case, sessions, info, info.round, key="p")
    elif me.first_round > info.round:  # joined after this round closed: only what the room sees
        st.info(ctx.t("session.p.late", now=info.round, round=me.first_round), icon=":material/schedule:")
        if info.state == "revealed":
            results(ctx, case, sessions, info, info.round, key="p")
        else:
            st.caption(ctx.t("session.p.waiting_auto"))
    elif info.state == "open":
        st.success(ctx.t("session.p.open", round=info.round), icon=":material/how_to_vote:")
        answer_form(ctx, sessions, info, case, me)
    elif info.state == "closed":
        st.info(ctx.t("session.p.closed"), icon=":material/hourglass_top:")
        st.caption(ctx.t("session.p.waiting_auto"))
        st.caption(
            ctx.t("session.p.have_answered")
            if sessions.answer(info.id, me.token, info.round)
            else ctx.t("session.p.not_answered")
        )
    else:
        st.info(ctx.t("session.p.revealed", round=info.round), icon=":material/visibility:")
        mine_next_to_group(ctx, sessions, info, case, me)
        results(ctx, case, sessions, info, info.round, key="p")


def _keys(case: Case) -> dict[str, tuple[str, str]]:
    """Widget key → (answer field, item)."""
    out = {}
    for v in case.values:
        out[f"join:weight:{v.value}"] = ("weights", v.value)
        out[f"join:effect:{v.value}"] = ("effects", v.value)
    for d in case.dilemmas:
        out[f"join:balance:{d.key}"] = ("balances", d.key)
    return out


DEFAULTS = {"weights": WEIGHT.default, "effects": EFFECT.default, "balances": BALANCE.default}


def _fill_widgets(sessions: SessionStore, info: SessionInfo, case: Case, me: Participant) -> bool:
    """Copy the stored answer (or last round's, or neutral values) into the widget keys once per
    round, exactly as stored. Returns whether the values came from the previous round."""
    marker = (info.id, me.token, info.round)
    if st.session_state.get("join:loaded") == marker:
        return bool(st.session_state.get("join:from-previous"))
    answer = sessions.answer(info.id, me.token, info.round)
    from_previous = False
    if answer is None and info.round > 1:
        answer = sessions.answer(info.id, me.token, info.round - 1)
        from_previous = answer is not None
    answer = answer or {}
    for key, (field, item) in _keys(case).items():
        st.session_state[key] = int((answer.get(field) or {}).get(item, DEFAULTS[field]))
    st.session_state["join:loaded"] = marker
    st.session_state["join:shown"] = _shown(case)  # what the form showed: a change not sent is told
    st.session_state["join:from-previous"] = from_previous
    return from_previous


def _shown(case: Case) -> dict[str, object]:
    return {key: st.session_state.get(key) for key in _keys(case)}


def unsent_warning(ctx: Ctx, sessions: SessionStore, info: SessionInfo, case: Case, me: Participant) -> None:
    """The round this form was drawn for closed (or a new one began) while the sliders held a change
    that was never sent: say so, never drop it in silence. Said once."""
    drawn = st.session_state.get("join:loaded")
    if not drawn or drawn[:2] != (info.id, me.token):
        return
    if drawn[2] == info.round and info.state == "open" and not info.ended:
        return
    shown = st.session_state.get("join:shown")
    if shown is not None and shown != _shown(case):
        earlier = sessions.answer(info.id, me.token, drawn[2]) is not None
        st.warning(
            ctx.t("session.p.unsent_change" if earlier else "session.p.unsent", round=drawn[2]),
            icon=":material/warning:",
        )
    st.session_state["join:shown"] = None  # told once; the next open round fills the form afresh
    st.session_state.pop("join:loaded", None)


def answer_form(ctx: Ctx, sessions: SessionStore, info: SessionInfo, case: Case, me: Participant) -> None:
    from_previous = _fill_widgets(sessions, info, case, me)
    if from_previous and sessions.answer(info.id, me.token, info.round) is None:
        st.caption(ctx.t("session.p.round2_hint"))
    answer_part(ctx, sessions, info, case, me)


def _name(ctx: Ctx, value_id: str) -> str:
    return ctx.code.value_name(value_id, ctx.lang) if value_id in ctx.code.value_ids else value_id


@st.fragment
def answer_part(ctx: Ctx, sessions: SessionStore, info: SessionInfo, case: Case, me: Participant) -> None:
    """The sliders and the send button. A fragment, not a form: moving a slider reruns only this
    part, so the words under a balance slider follow the number as it moves."""
    stored = sessions.answer(info.id, me.token, info.round)
    with st.container(border=True, key="join-answer"):
        st.markdown("#### " + ctx.t("session.p.weigh_values"))
        st.caption(ctx.t("session.p.scales"))
        for v in case.values:
            name = _name(ctx, v.value)
            st.markdown(f"**{md_escape(name)}**")
            st.slider(
                ctx.t("session.p.weight_short", value=name),
                WEIGHT.min,
                WEIGHT.max,
                step=WEIGHT.step,
                key=f"join:weight:{v.value}",
            )
            st.slider(
                ctx.t("session.p.effect_short", value=name),
                EFFECT.min,
                EFFECT.max,
                step=EFFECT.step,
                key=f"join:effect:{v.value}",
            )
        if case.dilemmas:
            st.markdown("#### " + ctx.t("session.p.weigh_dilemmas"))
            st.caption(ctx.t("session.p.balance_scale"))
        for d in case.dilemmas:
            a, b = _name(ctx, d.a), _name(ctx, d.b)
            key = f"join:balance:{d.key}"
            st.markdown(f"**{md_escape(a)}** ◀ ▶ **{md_escape(b)}**")
            st.slider(
                ctx.t("session.p.balance", a=a, b=b),
                min_value=BALANCE.min,
                max_value=BALANCE.max,
                step=BALANCE.step,
                key=key,
                label_visibility="collapsed",
                help=ctx.t("session.p.balance_help", a=a, b=b),
            )
            with st.container(key=f"join-words-{d.key.replace('|', '--')}"):
                st.markdown(f"**{md_escape(balance_words(a, b, st.session_state.get(key, 0), ctx.lang))}**")
        st.caption(ctx.t("session.p.send_round", round=info.round))  # the round this answer is for
        sent = st.button(
            ctx.t("session.p.update") if stored else ctx.t("session.p.submit"),
            key="join:send",
            type="primary",
            width="stretch",
            icon=":material/send:",
        )
    if sent:
        answer: dict[str, dict] = {"weights": {}, "effects": {}, "balances": {}}
        for key, (field, item) in _keys(case).items():
            answer[field][item] = st.session_state.get(key)
        answer = clean_answer(case, answer["weights"], answer["effects"], answer["balances"])
        try:
            sessions.submit(info.id, me.token, info.round, answer)
        except SessionError as exc:
            error(ctx, exc)
            return
        except OSError as exc:  # a full or read-only disk: said in words, the sliders keep the answer
            st.error(fault_message(ctx, exc, action="answer"), icon=":material/error:")
            return
        st.session_state["join:shown"] = _shown(case)  # sent: nothing left unsent
        st.success(ctx.t("session.p.saved"), icon=":material/check_circle:")
    elif stored:
        st.caption(ctx.t("session.p.have_answered") + " " + ctx.t("session.p.bookmark"))


def mine_next_to_group(ctx: Ctx, sessions: SessionStore, info: SessionInfo, case: Case, me: Participant) -> None:
    """The few points where this participant differs most from the group's median."""
    mine = sessions.answer(info.id, me.token, info.round)
    responses = sessions.responses(info.id, info.round, anonymous_label=anonymous_label(ctx))
    if not mine or not responses:
        return
    summary = summarise(case, responses)
    rows = []
    for kind, field in (("weight", "weights"), ("effect", "effects"), ("balance", "balances")):
        for item, value in mine[field].items():
            stats = summary.items.get(f"{kind}:{item}")
            if stats is None or stats.median is None:
                continue
            distance = abs(value - stats.median) / SPANS[kind]
            rows.append((distance, f"{kind}:{item}", value, stats.median))
    rows.sort(key=lambda r: (-r[0], r[1]))
    st.subheader(ctx.t("session.p.mine_vs_group"), anchor=False)
    shown = [r for r in rows if r[0] > 0][:5]
    if not shown:
        st.write(ctx.t("session.p.same_as_group"))
    for _, item, value, median in shown:
        st.markdown(
            "- "
            + md_escape(
                ctx.t(
                    "session.p.mine_line",
                    label=item_label(item, ctx.code, ctx.lang),
                    mine=fmt(value),
                    group=fmt(median),
                )
            )
        )
