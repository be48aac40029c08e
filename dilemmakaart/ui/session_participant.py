"""The participant's page (/meedoen): join with a code, give an own judgement, see the group after
the reveal. Made for a phone: one column, one item per screen (or a compact list), large buttons.

Who I am: the participant token is in the URL (``?code=..&p=<token>``) and, once joined, in a cookie
of this browser for this session only (``dk_p_<session id>``), so scanning the QR code again on the
same phone continues as the same participant. The facilitator key never goes into either.

The answer being given lives in session state as one model (``join:model``: numbers, the items
skipped with "weet ik niet", the "waarom" per dilemma) and is copied into the widget keys of the
screen that is drawn (Streamlit drops the values of widgets not drawn). Every move is also kept on
the server as the participant's draft (``SessionStore.save_draft``), so moves not yet sent survive a
reload or a switch of apps. Only "Antwoord versturen" makes an answer; a skipped item is left out
of it (no answer, not the neutral value).

A tiny fragment checks the session's stamp (the session file's time and size) every second and
redraws the page only when the session changed (a round closed, a reveal, a new round, a timer, a
removal): phones follow the facilitator within about a second at the cost of one ``stat`` call.
"""

from __future__ import annotations

import json
import math
from datetime import UTC, datetime
from typing import Any

import streamlit as st
from streamlit.errors import StreamlitInvalidLayoutContextError

from dilemmakaart.aggregate import SPANS, Standing, standing, summarise
from dilemmakaart.case import Case
from dilemmakaart.charts.session_charts import item_label
from dilemmakaart.charts.standing import standing_chart
from dilemmakaart.limits import text_problem
from dilemmakaart.scales import BALANCE, EFFECT, WEIGHT
from dilemmakaart.session import (
    MAX_NAME,
    MAX_REASON,
    Participant,
    SessionError,
    SessionInfo,
    SessionStore,
    clean_answer,
    lifetime,
    pretty_code,
)
from dilemmakaart.text import md_escape
from dilemmakaart.ui import a11y, cookies, teaching_panels
from dilemmakaart.ui.bootstrap import Ctx
from dilemmakaart.ui.faults import fault_message
from dilemmakaart.ui.fields import problem_text
from dilemmakaart.ui.participant_lock import FORGOTTEN, PARTICIPANT, browser_cookies, cookie_name
from dilemmakaart.ui.refresh import drawn_last, part_alone, self_refreshing
from dilemmakaart.ui.session_common import (
    PARTICIPANT_REFRESH_SECONDS,
    anonymous_label,
    error,
    error_text,
    fmt,
    results,
    role_name,
    role_options,
    session_case,
    store,
)
from dilemmakaart.ui.widgets import user_text
from dilemmakaart.wording import balance_words

# how often a phone looks whether the session changed (a stat call; the page redraws only on a change)
FOLLOW_SECONDS = PARTICIPANT_REFRESH_SECONDS
# how often the answer part draws itself anew (see ``answer_part``). Not every second: with 40 phones
# that took the server's idle CPU from 8 to 22 % and the phones' median follow time from 0.74 to
# 1.43 s (bench.session_latency; every 5 s: 11 %, 0.97 s). Any press in the part draws it anew at
# once, and a press is a target screen, so pressing again meanwhile does no harm.
ANSWER_REDRAW_SECONDS = max(10.0, FOLLOW_SECONDS)
FIELDS = ("weights", "effects", "balances")
DEFAULTS = {"weights": WEIGHT.default, "effects": EFFECT.default, "balances": BALANCE.default}
MODEL = "join:model"  # the answer being given: {"weights", "effects", "balances", "reasons", "skipped"}
SENT = "join:sent"  # the model as last sent (or as loaded from the stored answer)
LOADED = "join:loaded"  # (session, token, round) the model was filled for
OTHER_SCREEN = "join:other-screen"  # a press in the answer part went to another screen or layout
REFUSED = "join:refused"  # (session, token, why, the answer as it was) a send that was refused
JUST_SENT = "join:just-sent"  # (session, token, round) this page sent an answer for: "saved" is said
WIDGETS = ("join:weight:", "join:effect:", "join:balance:", "join:skip:", "join:reason:")


# a phone is narrow: the results' tabs wrap onto a second line instead of running off the screen
# (the sliding underline cannot follow a wrapped row: the chosen tab is underlined by itself)
PHONE_CSS = """<style>
.stTabs [role="tablist"] { flex-wrap: wrap; row-gap: 0.25rem; }
.stTabs [data-baseweb="tab-highlight"] { display: none; }
.stTabs [role="tab"][aria-selected="true"] { box-shadow: inset 0 -3px 0 currentColor; }
</style>"""


def participant_page(ctx: Ctx) -> None:
    st.html(PHONE_CSS)
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
    if st.session_state.pop("join:forget", None) == (info.id, token):  # "stop on this device"
        forget_me(info, token or "")
        st.query_params.pop("p", None)
        st.success(ctx.t("session.p.forgotten"), icon=":material/logout:")
        token = None
    elif not token and cookie_name(info.id) not in st.session_state.get(FORGOTTEN, ()):
        token = browser_cookies().get(cookie_name(info.id))  # a rescan: this browser joined before
        if token:
            st.query_params["p"] = token
    if not token:
        join_form(ctx, sessions, info, case)
        return
    try:
        me = sessions.participant(info.id, token)
    except SessionError as exc:
        error(ctx, exc)
        if exc.key != "removed" and st.button(ctx.t("session.p.rejoin"), key="join:rejoin"):
            forget_me(info, token)
            del st.query_params["p"]
            st.rerun()
        return
    remember_me(info, me)
    taking_part(ctx, sessions, info, case, me)


# ---------------------------------------------------------------- this browser, this participant


def remember_me(info: SessionInfo, me: Participant) -> None:
    """Keep the participant's token in this browser (a cookie for this session only, for as long as a
    session can run), so a rescan of the QR code continues as the same participant; and mark this
    browser session as a participant's (the page registry then offers only this page)."""
    st.session_state[PARTICIPANT] = (info.id, me.token)
    if st.session_state.get("join:cookie") == (info.id, me.token):
        return
    st.session_state["join:cookie"] = (info.id, me.token)
    cookies.set_cookie(cookie_name(info.id), me.token, int(lifetime().total_seconds()))


def forget_me(info: SessionInfo, token: str) -> None:
    """This browser forgets that it takes part (the cookie, the mark); the answers already sent stay."""
    st.session_state.pop(PARTICIPANT, None)
    st.session_state.pop("join:cookie", None)
    # the cookies a browser session sent are read once, when it connected: remember it is gone
    st.session_state[FORGOTTEN] = {*st.session_state.get(FORGOTTEN, ()), cookie_name(info.id)}
    cookies.set_cookie(cookie_name(info.id), "", 0)  # max-age 0: gone


def leave_device(ctx: Ctx, info: SessionInfo, me: Participant) -> None:
    """Stop taking part on this device (a shared laptop, a phone passed on): the browser forgets the
    participant; what was sent still counts. Asked first, in a popover at the bottom of the page."""
    with st.popover(ctx.t("session.p.leave"), icon=":material/logout:"):
        st.caption(ctx.t("session.p.leave_help"))
        if st.button(ctx.t("session.p.leave_confirm"), key="join:leave"):
            st.session_state["join:forget"] = (info.id, me.token)
            st.rerun()


# ---------------------------------------------------------------- code and join


def code_form(ctx: Ctx, sessions: SessionStore) -> None:
    with st.form("join:code-form"):
        with a11y.field("join:code", required=True):  # a wrong code is said at the field (aria-invalid)
            st.text_input(
                ctx.t("session.p.code"),
                key="join:code",
                help=ctx.t("session.p.code_help"),
                placeholder="ABCD-EFGH",
            )
            wrong = st.empty()
        go = st.form_submit_button(ctx.t("session.p.go"), type="primary", width="stretch")
    if go:
        try:
            info = sessions.find(st.session_state.get("join:code", ""))
        except SessionError as exc:
            with wrong.container(key="dkerror-join-code"):
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
            st.text_input(
                ctx.t("session.p.name"), key="join:name", help=ctx.t("session.p.name_help"), autocomplete="name"
            )
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


def _view(sessions: SessionStore, info: SessionInfo, token: str) -> tuple:
    """What the page shows depends on: the round and its state, the timer, what is asked, the
    arguments the facilitator hid, whether this participant is still in the session."""
    try:
        sessions.participant(info.id, token)
        present = True
    except SessionError:
        present = False
    return (
        info.moment,
        info.deadline,
        info.deadline_round,
        info.ask,
        tuple(info.ask_items),
        tuple(info.hidden),
        present,
        teaching_panels.actions_state(sessions, info),  # the actions phase opened or closed (issue 14)
    )


def follow(ctx: Ctx, sessions: SessionStore, info: SessionInfo, me: Participant) -> None:
    """Redraw the page when the session changed (``SessionStore.stamp``: one stat call a second), and
    show the round's timer while it runs."""
    seen = {"stamp": sessions.stamp(info.id)}  # kept by the fragment's reruns (the same closure)
    seen_view = _view(sessions, info, me.token)
    drawn_round = info.round
    expires = None
    if not info.ended and info.created:
        try:
            expires = datetime.fromisoformat(info.created) + lifetime()
        except ValueError:
            expires = None

    @self_refreshing(FOLLOW_SECONDS)
    def check() -> None:
        stamp = sessions.stamp(info.id)
        now = info
        if stamp != seen["stamp"]:
            try:
                now = sessions.load(info.id)
            except SessionError:
                return
            if _view(sessions, now, me.token) != seen_view:
                st.rerun(scope="app")
            seen["stamp"] = stamp  # a change this page does not show (the projector's screen): read once
        elif expires is not None and datetime.now(UTC) >= expires:
            st.rerun(scope="app")  # the session ended by itself (its lifetime ran out)
        left = now.time_left() if now.round == drawn_round and now.state == "open" else None
        if left is not None:
            minutes, seconds = divmod(math.ceil(left), 60)
            text = (
                ctx.t("session.p.timer", time=f"{minutes}:{seconds:02d}") if left > 0 else ctx.t("session.p.timer_up")
            )
            st.markdown(f"**:material/timer: {text}**")

    drawn_last(check)


def taking_part(ctx: Ctx, sessions: SessionStore, info: SessionInfo, case: Case, me: Participant) -> None:
    st.header(md_escape(case.title), anchor=False)
    line = ctx.t("session.p.you_are", label=md_escape(_label(ctx, info, me)))
    if info.roles and me.role:
        line += " " + md_escape(ctx.t("session.p.your_role", role=role_name(ctx, me.role)))
    st.markdown(line)
    with st.expander(ctx.t("session.p.project"), icon=":material/description:"):
        user_text(case.description)
    follow(ctx, sessions, info, me)
    unsent_warning(ctx, sessions, info, me)
    teaching_panels.actions_phone(ctx, sessions, info, case, me.token)  # the actions phase (issue 14)
    if info.ended:
        st.info(ctx.t("session.p.ended"), icon=":material/event_busy:")
        if info.state == "revealed" and me.first_round <= info.round:
            where_i_stand(ctx, sessions, info, case, me, info.round)
            results(ctx, case, sessions, info, info.round, key="p", narrow=True)
    elif me.first_round > info.round:  # joined after this round closed: only what the room sees
        st.info(ctx.t("session.p.late", now=info.round, round=me.first_round), icon=":material/schedule:")
        if info.state == "revealed":
            results(ctx, case, sessions, info, info.round, key="p", narrow=True)
        else:
            st.caption(ctx.t("session.p.waiting_auto"))
    elif info.state == "open":
        st.success(ctx.t("session.p.open", round=info.round), icon=":material/how_to_vote:")
        answer_form(ctx, sessions, info, case, me)
        # the last round's results stay in view, when they were revealed
        if info.round > 1 and me.first_round < info.round and info.was_revealed(info.round - 1):
            with st.expander(ctx.t("session.p.previous_results", round=info.round - 1), icon=":material/history:"):
                where_i_stand(ctx, sessions, info, case, me, info.round - 1)
                results(ctx, case, sessions, info, info.round - 1, key="p-prev", narrow=True)
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
        where_i_stand(ctx, sessions, info, case, me, info.round)
        teaching_panels.my_distance(  # teaching mode: my distance to the group and the reference (issue 14)
            ctx, case, sessions, info, sessions.answer(info.id, me.token, info.round), info.round
        )
        arguments_view(ctx, sessions, info, case, info.round)
        results(ctx, case, sessions, info, info.round, key="p", narrow=True)
    leave_device(ctx, info, me)


# ---------------------------------------------------------------- the answer: model, widgets, draft


def _items(info: SessionInfo, case: Case) -> list[str]:
    return info.asked(case)


def _screens(items: list[str]) -> list[tuple[str, str]]:
    """One screen per value asked (its weight and effect together) and one per dilemma asked."""
    out: list[tuple[str, str]] = []
    for item in items:
        kind, _, target = item.partition(":")
        screen = ("dilemma" if kind == "balance" else "value", target)
        if screen not in out:
            out.append(screen)
    return out


def _widget_key(item: str) -> str:
    kind, _, target = item.partition(":")
    return f"join:{kind}:{target}"


def _empty_model() -> dict[str, Any]:
    return {"weights": {}, "effects": {}, "balances": {}, "reasons": {}, "skipped": []}


def _model_from(answer: dict | None, items: list[str], *, absent_skipped: bool = True) -> dict[str, Any]:
    """A stored answer (or a draft) as the model: a number for every item asked (the neutral value
    where it gave none); skipped: a draft's own list, else the items the answer left out
    (``absent_skipped``: this round's answer; last round's may have been asked other items)."""
    model = _empty_model()
    answer = answer or {}
    for item in items:
        kind, _, target = item.partition(":")
        field = kind + "s"
        given = (answer.get(field) or {}).get(target)
        ok = isinstance(given, (int, float)) and not isinstance(given, bool)
        model[field][target] = int(given) if isinstance(given, (int, float)) and ok else DEFAULTS[field]
        if answer and not ok and absent_skipped and "skipped" not in answer:
            model["skipped"].append(item)
    if "skipped" in answer:
        model["skipped"] = [i for i in answer["skipped"] if i in items]
    model["reasons"] = {k: str(v) for k, v in (answer.get("reasons") or {}).items() if str(v).strip()}
    return model


def _load(sessions: SessionStore, info: SessionInfo, case: Case, me: Participant) -> bool:
    """Fill the model once per round: the unsent draft first, then the stored answer, then last round's
    answer, else neutral values. Returns whether it came from the previous round."""
    marker = (info.id, me.token, info.round)
    if st.session_state.get(LOADED) == marker:
        return bool(st.session_state.get("join:from-previous"))
    items = _items(info, case)
    stored = sessions.answer(info.id, me.token, info.round)
    draft = sessions.draft(info.id, me.token, info.round)
    previous = sessions.answer(info.id, me.token, info.round - 1) if info.round > 1 and stored is None else None
    st.session_state[SENT] = _model_from(stored, items) if stored is not None else None
    if draft is not None or stored is not None:
        st.session_state[MODEL] = _model_from(draft if draft is not None else stored, items)
    else:
        st.session_state[MODEL] = _model_from(previous, items, absent_skipped=False)
    st.session_state[LOADED] = marker
    st.session_state["join:pos"] = 0
    for key in [k for k in st.session_state if str(k).startswith(WIDGETS)]:
        del st.session_state[key]  # the widgets follow the model loaded now
    st.session_state["join:from-previous"] = draft is None and stored is None and previous is not None
    st.session_state["join:moved"] = draft is not None  # moves kept from before a reload
    return bool(st.session_state["join:from-previous"])


def _model() -> dict[str, Any]:
    return st.session_state.setdefault(MODEL, _empty_model())


def _answer_of(model: dict[str, Any], items: list[str]) -> dict[str, dict]:
    """What is sent: every item asked that was not skipped."""
    out: dict[str, dict] = {"weights": {}, "effects": {}, "balances": {}}
    for item in items:
        if item in model["skipped"]:
            continue
        kind, _, target = item.partition(":")
        out[kind + "s"][target] = model[kind + "s"].get(target, DEFAULTS[kind + "s"])
    return out


def _save_draft(sessions: SessionStore, info: SessionInfo, token: str) -> None:
    """Keep the moves on the server (a reload or a switch of apps loses nothing)."""
    try:
        sessions.save_draft(info.id, token, info.round, _model())
    except (SessionError, OSError):
        st.session_state["join:draft-failed"] = True
    else:
        st.session_state["join:draft-failed"] = False
    st.session_state["join:moved"] = True  # something was moved since the page was filled


def _on_number(sessions: SessionStore, info: SessionInfo, token: str, item: str) -> None:
    kind, _, target = item.partition(":")
    _model()[kind + "s"][target] = int(st.session_state[_widget_key(item)])
    _save_draft(sessions, info, token)


def _on_skip(sessions: SessionStore, info: SessionInfo, token: str, item: str) -> None:
    skipped = [i for i in _model()["skipped"] if i != item]
    if st.session_state.get(f"join:skip:{item}"):
        skipped.append(item)
    _model()["skipped"] = skipped
    _save_draft(sessions, info, token)


def _on_reason(sessions: SessionStore, info: SessionInfo, token: str, pair: str) -> None:
    text = st.session_state.get(f"join:reason:{pair}") or ""
    if text.strip():
        _model()["reasons"][pair] = text
    else:
        _model()["reasons"].pop(pair, None)
    _save_draft(sessions, info, token)


def unsent_warning(ctx: Ctx, sessions: SessionStore, info: SessionInfo, me: Participant) -> None:
    """The round this form was drawn for closed (or a new one began) while the model held a change
    that was never sent: say so, never drop it in silence. Said once."""
    drawn = st.session_state.get(LOADED)
    if not drawn or drawn[:2] != (info.id, me.token):
        return
    if drawn[2] == info.round and info.state == "open" and not info.ended:
        return
    model, sent = st.session_state.get(MODEL), st.session_state.get(SENT)
    if model is not None and model != sent and st.session_state.get("join:moved"):
        st.warning(
            ctx.t("session.p.unsent_change" if sent is not None else "session.p.unsent", round=drawn[2]),
            icon=":material/warning:",
        )
    st.session_state.pop(LOADED, None)  # told once; the next open round fills the form afresh


def answer_form(ctx: Ctx, sessions: SessionStore, info: SessionInfo, case: Case, me: Participant) -> None:
    from_previous = _load(sessions, info, case, me)
    if from_previous:
        st.caption(ctx.t("session.p.round2_hint"))
    answer_part(ctx, sessions, info, case, me)


def _name(ctx: Ctx, value_id: str) -> str:
    return ctx.code.value_name(value_id, ctx.lang) if value_id in ctx.code.value_ids else value_id


def _meaning(ctx: Ctx, value_id: str) -> str:
    return ctx.code.value(value_id).meaning(ctx.lang) if value_id in ctx.code.value_ids else ""


def _number(
    ctx: Ctx,
    sessions: SessionStore,
    info: SessionInfo,
    me: Participant,
    item: str,
    label: str,
    words: str = "",
    **slider: Any,
) -> None:
    """One slider with its "weet ik niet" beside it; the slider rests while the item is skipped.
    ``words``: what the scale's numbers mean, right under the slider (and its description for a
    screen reader: a ``join-words-`` box, ``ui/a11y.py``)."""
    model = _model()
    kind, _, target = item.partition(":")
    key = _widget_key(item)
    # copied in only when the widget was not drawn on the last run: writing a drawn widget's key
    # would send the value back and overwrite a key press the browser made in the meantime
    if key not in st.session_state:
        st.session_state[key] = int(model[kind + "s"].get(target, DEFAULTS[kind + "s"]))
    skipped = item in model["skipped"]
    if f"join:skip:{item}" not in st.session_state:
        st.session_state[f"join:skip:{item}"] = skipped
    st.slider(label, key=key, disabled=skipped, on_change=_on_number, args=(sessions, info, me.token, item), **slider)
    if words:
        with st.container(key=f"join-words-{kind}-{target}"):
            st.caption(words)
    st.checkbox(
        ctx.t("session.p.skip"),
        key=f"join:skip:{item}",
        on_change=_on_skip,
        args=(sessions, info, me.token, item),
        help=ctx.t("session.p.skip_help"),
    )


def _value_screen(
    ctx: Ctx, sessions: SessionStore, info: SessionInfo, me: Participant, value_id: str, items: list[str]
) -> None:
    name = _name(ctx, value_id)
    st.subheader(md_escape(name), anchor=False)
    meaning = _meaning(ctx, value_id)
    if meaning:
        st.caption(md_escape(meaning))
    for kind, scale in (("weight", WEIGHT), ("effect", EFFECT)):
        item = f"{kind}:{value_id}"
        if item in items:
            label = ctx.t(f"session.p.{kind}_short", value=name)
            words = ctx.t(f"session.p.{kind}_scale")
            _number(
                ctx, sessions, info, me, item, label, words, min_value=scale.min, max_value=scale.max, step=scale.step
            )


def _dilemma_screen(
    ctx: Ctx, sessions: SessionStore, info: SessionInfo, case: Case, me: Participant, pair: str
) -> None:
    dilemma = next(d for d in case.dilemmas if d.key == pair)
    a, b = _name(ctx, dilemma.a), _name(ctx, dilemma.b)
    st.subheader(f"{md_escape(a)} ◀ ▶ {md_escape(b)}", anchor=False)
    st.markdown(md_escape(ctx.t("session.p.dilemma_question", a=a, b=b)))
    for value_id, name in ((dilemma.a, a), (dilemma.b, b)):
        meaning = _meaning(ctx, value_id)
        if meaning:
            st.caption(f"**{md_escape(name)}**: {md_escape(meaning)}")
    if dilemma.options:
        st.markdown(ctx.t("session.p.options"))
        for option in dilemma.options:
            st.markdown("- " + md_escape(option))
    item = f"balance:{pair}"
    _number(
        ctx,
        sessions,
        info,
        me,
        item,
        ctx.t("session.p.balance", a=a, b=b),
        min_value=BALANCE.min,
        max_value=BALANCE.max,
        step=BALANCE.step,
        help=ctx.t("session.p.balance_help", a=a, b=b),
    )
    model = _model()
    if item not in model["skipped"]:
        with st.container(key=f"join-words-{pair.replace('|', '--')}"):
            st.markdown(f"**{md_escape(balance_words(a, b, model['balances'].get(pair, 0), ctx.lang))}**")
    reason_key = f"join:reason:{pair}"
    if reason_key not in st.session_state:
        st.session_state[reason_key] = model["reasons"].get(pair, "")
    st.text_area(
        ctx.t("session.p.why"),
        key=reason_key,
        max_chars=MAX_REASON,
        height=80,
        help=ctx.t("session.p.why_help"),
        on_change=_on_reason,
        args=(sessions, info, me.token, pair),
        placeholder=ctx.t("session.p.why_placeholder"),
        disabled=item in model["skipped"],  # a reason goes with an answer: skipped, it rests (and is kept)
    )
    if item in model["skipped"] and model["reasons"].get(pair):
        st.caption(ctx.t("session.p.why_skipped"))


def _go_to(pos: int) -> None:
    """To screen ``pos`` (the one before or after the screen the button was drawn on). A target, not
    a step: Streamlit can hand one press to two runs (the self-refresh sends the press along when it
    fires between the press and its own message), and a step would then skip a screen."""
    st.session_state["join:pos"] = pos
    st.session_state[OTHER_SCREEN] = True


def _other_layout() -> None:
    st.session_state[OTHER_SCREEN] = True


def _refused(info: SessionInfo, me: Participant, model: dict[str, Any], text: str) -> None:
    """A send that was refused: said under the button until the answer changes or is sent, also
    when the page is drawn anew in between (it follows the session, and a round that closed is
    exactly when that happens)."""
    st.session_state[REFUSED] = (info.id, me.token, text, json.loads(json.dumps(model)))
    st.error(text, icon=":material/block:")


@st.fragment(run_every=ANSWER_REDRAW_SECONDS)
def answer_part(ctx: Ctx, sessions: SessionStore, info: SessionInfo, case: Case, me: Participant) -> None:
    """The screens (one item at a time, or all in a compact list) and the send button. A fragment:
    a move reruns only this part. It also draws itself anew every ``ANSWER_REDRAW_SECONDS``: on a busy
    server Streamlit 1.67 sometimes leaves a run's drawing unshown when the page's other
    self-refreshing fragment (``follow``) runs right after it (a press on "Volgende" was carried
    out, and the phone kept showing the old screen); the next run shows what is true."""
    items = _items(info, case)
    screens = _screens(items)
    stored = sessions.answer(info.id, me.token, info.round)
    if not screens:
        st.info(ctx.t("session.p.nothing_asked"))
        return
    with st.container(border=True, key="join-answer"):
        as_list = st.toggle(ctx.t("session.p.as_list"), key="join:list", on_change=_other_layout)
        pos = max(0, min(len(screens) - 1, int(st.session_state.get("join:pos", 0))))
        shown = list(enumerate(screens)) if as_list else [(pos, screens[pos])]
        for i, (kind, target) in shown:
            if as_list and i:
                st.divider()
            st.caption(ctx.t("session.p.step", n=i + 1, total=len(screens)))
            if kind == "value":
                _value_screen(ctx, sessions, info, me, target, items)
            else:
                _dilemma_screen(ctx, sessions, info, case, me, target)
        if not as_list and len(screens) > 1:
            # side by side on a phone too (columns stack under each other on a narrow screen)
            steps = st.container(horizontal=True, wrap=False, key="join-steps")
            steps.button(
                ctx.t("session.p.back"),
                key="join:back",
                icon=":material/arrow_back:",
                width="stretch",
                disabled=pos == 0,
                on_click=_go_to,
                args=(max(0, pos - 1),),
            )
            steps.button(
                ctx.t("session.p.next"),
                key="join:next",
                icon=":material/arrow_forward:",
                width="stretch",
                disabled=pos == len(screens) - 1,
                on_click=_go_to,
                args=(min(len(screens) - 1, pos + 1),),
            )
        model = _model()
        skipped = len([i for i in model["skipped"] if i in items])
        if skipped:
            st.caption(ctx.t("session.p.skipped_count", n=skipped))
        if st.session_state.get("join:draft-failed"):
            st.caption(ctx.t("session.p.draft_failed"))
        elif st.session_state.get("join:moved") and model != st.session_state.get(SENT):
            st.caption(ctx.t("session.p.not_sent_yet"))
        st.caption(ctx.t("session.p.send_round", round=info.round))  # the round this answer is for
        sent = st.button(
            ctx.t("session.p.update") if stored else ctx.t("session.p.submit"),
            key="join:send",
            type="primary",
            width="stretch",
            icon=":material/send:",
        )
    if sent:
        raw = _answer_of(model, items)
        answer: dict[str, Any] = clean_answer(case, raw["weights"], raw["effects"], raw["balances"])
        reasons = {pair: text for pair, text in model["reasons"].items() if pair in answer["balances"]}
        for text in reasons.values():
            problem = text_problem(" ".join(text.split()), MAX_REASON)
            if problem is not None:  # refused, not cut: the text stays in the field to shorten
                _refused(info, me, model, problem_text(ctx, problem))
                return
        answer["reasons"] = reasons
        try:
            sessions.submit(info.id, me.token, info.round, answer)
        except SessionError as exc:
            _refused(info, me, model, error_text(ctx, exc))
            return
        except OSError as exc:  # a full or read-only disk: said in words, the model keeps the answer
            _refused(info, me, model, fault_message(ctx, exc, action="answer"))
            return
        st.session_state.pop(REFUSED, None)
        st.session_state[SENT] = json.loads(json.dumps(model))  # sent: nothing left unsent
        st.session_state["join:moved"] = False
        st.session_state[JUST_SENT] = (info.id, me.token, info.round)
        # drawn again at once: this run drew the button and the "not sent yet" line before the answer
        # was sent (the button's press is known only once it is drawn); the whole page when the press
        # came in a run of the whole page
        try:
            st.rerun(scope="fragment")
        except StreamlitInvalidLayoutContextError:
            st.rerun()
    refused = st.session_state.get(REFUSED)
    if refused and refused[:2] == (info.id, me.token) and refused[3] == model:  # until the answer changes
        st.error(refused[2], icon=":material/block:")
    # said until the answer changes again (the part draws itself anew every few seconds)
    if st.session_state.get(JUST_SENT) == (info.id, me.token, info.round) and model == st.session_state.get(SENT):
        st.success(ctx.t("session.p.saved"), icon=":material/check_circle:")
    elif stored:
        st.caption(ctx.t("session.p.have_answered") + " " + ctx.t("session.p.bookmark"))
    if st.session_state.pop(OTHER_SCREEN, False) and part_alone():
        # another screen (or the list) drawn by this part alone: the elements of the screen before
        # stayed on the phone beside the new one when another part's run overtook this one (a
        # screenshot showed question 1 with question 2's slider under it). A run of the whole page
        # that ends cleanly clears them; "drawn last" keeps the page's own refresh out of its way.
        st.rerun(scope="app")


# ---------------------------------------------------------------- after the reveal


def where_i_stand(
    ctx: Ctx, sessions: SessionStore, info: SessionInfo, case: Case, me: Participant, round_no: int
) -> None:
    """Per item asked: my answer against the group's (median and middle half), in words and a small
    chart per scale."""
    mine = sessions.answer(info.id, me.token, round_no)
    responses = sessions.responses(info.id, round_no, anonymous_label=anonymous_label(ctx))
    st.subheader(ctx.t("session.p.mine_vs_group"), anchor=False)
    if not mine or not responses:
        st.caption(ctx.t("session.p.no_own_answer", round=round_no))
        return
    rows = standing(summarise(case, responses), mine, _items(info, case))
    labels = {s.item: item_label(s.item, ctx.code, ctx.lang) for s in rows}
    ordered = sorted(
        rows,
        key=lambda s: (
            -(abs((s.mine or 0) - (s.median or 0)) / SPANS[s.kind])
            if s.mine is not None and s.median is not None
            else 1,
            s.item,
        ),
    )
    for kind in ("balance", "weight", "effect"):
        chart = standing_chart(rows, labels, kind, ctx.lang)
        if chart is not None:
            st.altair_chart(chart, width="stretch", theme=None, key=f"stand:{round_no}:{kind}")
    st.caption(ctx.t("session.stand.legend"))

    def line(s: Standing) -> str:
        whole = (lambda x: fmt(round(x)) if x is not None else fmt(x)) if s.kind == "balance" else fmt
        text = ctx.t(
            f"session.stand.{s.place}",
            label=labels[s.item],
            mine=fmt(s.mine),
            median=fmt(s.median),
            low=whole(s.low),
            high=whole(s.high),
            n=s.n,
        )
        if s.camp:
            text += " " + ctx.t(f"session.stand.camp_{s.camp}")
        return "- " + md_escape(text)

    # first where I stand apart (outside the middle half, or in a camp), then every item on request
    apart = [s for s in ordered if s.place in ("below", "above") or s.camp][:5]
    if not apart:
        st.write(ctx.t("session.stand.no_outliers"))
    for s in apart:
        st.markdown(line(s))
    with st.expander(ctx.t("session.stand.every", n=len(rows)), icon=":material/list:"):
        st.markdown("\n".join(line(s) for s in ordered))


def arguments_view(ctx: Ctx, sessions: SessionStore, info: SessionInfo, case: Case, round_no: int) -> None:
    """The arguments of the round, without names, per dilemma and side (what the room sees)."""
    found = sessions.arguments(info.id, round_no)
    if not found:
        return
    st.subheader(ctx.t("session.p.arguments"), anchor=False)
    for d in case.dilemmas:
        args = found.get(d.key)
        if not args:
            continue
        a, b = _name(ctx, d.a), _name(ctx, d.b)
        st.markdown(f"**{md_escape(a)} ◀ ▶ {md_escape(b)}**")
        for side in ("low", "a", "equal", "b", "high"):
            texts = [x.text for x in args if x.side == side]
            if texts:
                st.caption(ctx.t(f"session.args.{side}", a=a, b=b))
                for text in texts:
                    st.markdown("> " + md_escape(text))
