"""The facilitator's page (/sessie): start a session, show the join code, follow the count, close,
reveal (after a confirmation), start the next round, end, save the outcome in the case; decide what
the projector shows, set a timer per round, choose what to ask, see the participants and remove a
ghost, hide an argument. The projector view (``?session=<id>&view=projector&screen=<token>``) shows
the session large and with nothing to edit; it carries only the session's read-only projector token,
never the facilitator key, and follows the facilitator's choices within a second.

The facilitator key comes in once (the link made when the session started, ``?session=<id>&key=<key>``)
and is taken out of the address bar at once. It is then kept for this browser: in the browser
session's state, and sealed on the server under an opaque per-browser cookie (``dilemmakaart.desks``),
so a reload, a new tab or the list of sessions running on the case brings the facilitator back in
control without the key. Every action names the round and state the page was drawn for, so a stale
tab is refused (``moved_on``).
"""

from __future__ import annotations

import contextlib
import io
from urllib.parse import urlencode

import segno
import streamlit as st

from dilemmakaart import audit, desks
from dilemmakaart.aggregate import summarise
from dilemmakaart.case import Case
from dilemmakaart.charts import session_charts as charts
from dilemmakaart.roles import Action
from dilemmakaart.scales import TIMER
from dilemmakaart.session import (
    ASK_MODES,
    PUBLIC_URL_ENV,
    SCREENS,
    Argument,
    SessionError,
    SessionInfo,
    SessionStore,
    adopt,
    adopt_arguments,
    lifetime,
    local_host,
    pretty_code,
    public_base,
)
from dilemmakaart.store import LibraryError
from dilemmakaart.text import md_escape
from dilemmakaart.ui import a11y, auth, cookies, pages, state, teaching_panels
from dilemmakaart.ui.bootstrap import Ctx
from dilemmakaart.ui.faults import SAVE_FAILURES, fault_message, save_failure
from dilemmakaart.ui.refresh import drawn_last, self_refreshing
from dilemmakaart.ui.session_common import (
    REFRESH_SECONDS,
    RoundView,
    agree_differ,
    anonymous_label,
    error,
    error_text,
    fresh_info,
    movement_section,
    results,
    role_name,
    round_view,
    section,
    session_case,
    store,
)
from dilemmakaart.ui.widgets import kept_open


def is_projector() -> bool:
    return st.query_params.get("view") == "projector"


KEYS = "sess:keys"  # session id → facilitator key, kept in this browser session
DESK = "sess:desk"  # this browser's desk token (the cookie), see dilemmakaart.desks


def _cookie() -> str | None:
    """The desk cookie this browser sent with the page (None in tests and without cookies)."""
    try:
        sent = st.context.cookies.get(desks.COOKIE)
    except (AttributeError, RuntimeError, KeyError):
        return None
    return sent if isinstance(sent, str) else None


def desk() -> str:
    """This browser's desk token: the cookie it sent, else a new one, set as a cookie now (a small
    script; SameSite=Strict, for as long as a session runs). It is not the key and holds no session."""
    sent = _cookie()
    if desks.valid_desk(sent):
        assert sent is not None
        st.session_state[DESK] = sent
        return sent
    token = st.session_state.get(DESK) or desks.new_desk()
    st.session_state[DESK] = token
    with st.sidebar:
        cookies.set_cookie(desks.COOKIE, token, int(lifetime().total_seconds()))
    return token


def _remember(sessions: SessionStore, session_id: str, key: str) -> None:
    st.session_state.setdefault(KEYS, {})[session_id] = key
    with contextlib.suppress(OSError, SessionError):  # kept across reloads; else the browser session has it
        desks.remember(sessions, session_id, key, st.session_state.get(DESK))


def facilitator_page(ctx: Ctx) -> None:
    sessions = store(ctx)
    session_id = st.query_params.get("session")
    if session_id and is_projector():  # read-only: the projector token, never the key (and no cookie)
        try:
            info = sessions.check_projector(session_id, st.query_params.get("screen"))
        except SessionError as exc:
            st.title(ctx.t("session.f.title"), anchor=False)
            error(ctx, exc)
            return
        case = session_case(ctx, info)
        if case is not None:
            projector(ctx, sessions, info, case)
        return
    my_desk = desk()
    if not session_id:
        st.title(ctx.t("session.f.title"), anchor=False)
        st.write(ctx.t("session.f.intro"))
        yours(ctx, sessions)
        start_form(ctx, sessions)
        return
    typed = st.query_params.get("key")
    key = typed or st.session_state.get(KEYS, {}).get(session_id) or desks.key_for(sessions, session_id, my_desk) or ""
    try:
        info = sessions.check_key(session_id, key)
    except SessionError as exc:
        st.title(ctx.t("session.f.title"), anchor=False)
        error(ctx, exc)
        st.caption(ctx.t("session.f.no_key"))
        if st.button(ctx.t("session.f.start"), key="sess:new"):
            st.query_params.clear()
            st.query_params["lang"] = ctx.lang
            st.rerun()
        return
    if typed:  # the facilitator link, opened once: the key stays with this browser, out of the address bar
        del st.query_params["key"]
    if typed or session_id not in st.session_state.get(KEYS, {}):
        _remember(sessions, session_id, key)
    case = session_case(ctx, info)
    if case is None:
        return
    control(ctx, sessions, info, key, case)


# ---------------------------------------------------------------- starting


def yours(ctx: Ctx, sessions: SessionStore) -> None:
    """The sessions this browser leads (kept in the browser session, or sealed under its desk
    cookie): back to one in a click, without the key."""
    ids = dict.fromkeys([*st.session_state.get(KEYS, {}), *desks.led_by(sessions, st.session_state.get(DESK))])
    rows = []
    for session_id in ids:
        try:
            info = sessions.load(session_id)
            title = ctx.library.load(info.case_id).title
        except (SessionError, LibraryError, ValueError):
            continue
        if info.ended and info.adopted:
            continue
        rows.append((info, title))
    if not rows:
        return
    rows.sort(key=lambda row: row[0].created, reverse=True)
    st.subheader(ctx.t("session.f.yours"), anchor=False)
    for info, title in rows:  # a rerun in this browser, not a new page: the key stays here
        st.button(
            f"{md_escape(title)} · {pretty_code(info.join_code)} · {ctx.t('session.f.round', round=info.round)}"
            f" · {ctx.t(f'session.state.{info.moment[1]}').split(':')[0]}",
            key=f"sess:back:{info.id}",
            icon=":material/arrow_forward:",
            on_click=_open_session,
            args=(info.id, ctx.lang),
        )
    elsewhere(ctx, sessions, {info.case_id for info, _ in rows}, set(ids))


def elsewhere(ctx: Ctx, sessions: SessionStore, case_ids: set[str], led: set[str]) -> None:
    """Other sessions still running on the cases this browser leads a session on (led from another
    browser): said, without their join code, with how to take them over (the facilitator link)."""
    others = [
        info
        for case_id in sorted(case_ids)
        for info in sessions.list_for_case(case_id)
        if info.id not in led and not info.ended
    ]
    if not others:
        return
    lines = [
        f"- {md_escape(ctx.library.load(info.case_id).title)} · {ctx.t('session.f.round', round=info.round)}"
        f" · {ctx.t(f'session.state.{info.moment[1]}').split(':')[0]} · {info.created[:16].replace('T', ' ')}"
        for info in others[:20]
    ]
    st.caption(ctx.t("session.f.elsewhere"))
    st.markdown("\n".join(lines))


def _open_session(session_id: str, lang: str) -> None:
    st.query_params.from_dict({"session": session_id, "lang": lang})


def start_form(ctx: Ctx, sessions: SessionStore) -> None:
    cases = ctx.library.list().cases
    if not cases:
        st.info(ctx.t("session.f.no_cases"))
        return
    ids = [c.id for c in cases]
    titles = {c.id: c.title for c in cases}
    current = state.current_case()
    default = 0
    if current is not None:
        if current.id in ids:
            default = ids.index(current.id)
        else:
            st.warning(ctx.t("session.f.unsaved_case"))
    if st.session_state.get("sess:case") not in ids:
        st.session_state["sess:case"] = ids[default]
    with st.form("sess:start", border=True):
        st.selectbox(ctx.t("session.f.choose_case"), ids, format_func=lambda i: titles[i], key="sess:case")
        st.checkbox(ctx.t("session.f.anonymous"), key="sess:anonymous")
        st.checkbox(ctx.t("session.f.roles"), key="sess:roles")
        teach = teaching_panels.start_choices(ctx)  # teaching mode and a script (issue 14)
        submitted = st.form_submit_button(ctx.t("session.f.start"), type="primary")
    started = teaching_panels.template_starts(ctx, sessions, cases)  # one click from a saved set-up (issue 14)
    if started is not None:
        auth.record(audit.START_SESSION, started[0].case_id, detail=f"session {started[0].id}")
        _remember(sessions, started[0].id, started[1])
        st.query_params.from_dict({"session": started[0].id, "lang": ctx.lang})
        st.rerun()
    if submitted:
        chosen = next(c for c in cases if c.id == st.session_state["sess:case"])
        if not chosen.values:
            st.warning(ctx.t("session.f.case_empty"))
            return
        if auth.refused(ctx, Action.RUN_SESSION, chosen.id):
            return
        try:
            info, key = sessions.create(
                chosen.id,
                anonymous=bool(st.session_state.get("sess:anonymous")),
                roles=bool(st.session_state.get("sess:roles")),
            )
            teaching_panels.after_start(ctx, sessions, info.id, key, chosen.id, teach)
        except OSError as exc:  # a full or read-only disk: said in words
            st.error(fault_message(ctx, exc, action="save"), icon=":material/error:")
            return
        auth.record(audit.START_SESSION, chosen.id, detail=f"session {info.id}")
        _remember(sessions, info.id, key)
        st.query_params.from_dict({"session": info.id, "lang": ctx.lang})
        st.rerun()


# ---------------------------------------------------------------- join panel


def _public_setting() -> str:
    """The public address set as a Streamlit secret (``DILEMMAKAART_PUBLIC_URL`` in secrets.toml)."""
    try:
        return str(st.secrets.get(PUBLIC_URL_ENV) or "")
    except (FileNotFoundError, OSError):  # no secrets file: the environment variable or the address
        return ""


def _base() -> str:
    """The public address (setting, environment variable), else the one this page was opened with."""
    try:
        opened = st.context.url or ""
    except (AttributeError, RuntimeError):
        opened = ""
    return public_base(_public_setting(), opened=opened)


def join_link(code: str, lang: str) -> str:
    """The participant's link, on the public address."""
    return f"{_base()}{pages.url(pages.JOIN)}?{urlencode({'code': code, 'lang': lang})}"


def qr_png(link: str, scale: int = 8) -> bytes:
    buffer = io.BytesIO()
    segno.make(link, error="m").save(buffer, kind="png", scale=scale, border=2)
    return buffer.getvalue()


def join_panel(ctx: Ctx, info: SessionInfo, *, big: bool) -> None:
    link = join_link(info.join_code, ctx.lang)
    qr, text = st.columns([1, 2] if big else [1, 3])
    with qr:
        st.image(qr_png(link, 10 if big else 6), alt=ctx.t("session.f.qr_alt"), width=560 if big else 200)
    with text:
        (st.header if big else st.subheader)(ctx.t("session.f.join_title"), anchor=False)
        st.markdown(("### " if big else "") + ctx.t("session.f.join_how"))
        with st.container(key="dk-join-code-big" if big else "dk-join-code"):  # the projector: huge type
            st.title(pretty_code(info.join_code), anchor=False)
        st.caption(ctx.t("session.f.join_link"))
        st.code(link, language=None, wrap_lines=True)
    host = local_host(link)
    if host and not big:  # phones in the room cannot reach this computer's own address
        st.warning(ctx.t("session.f.local_link", host=host), icon=":material/wifi_off:")


def clock(seconds: float) -> str:
    """Seconds left as m:ss."""
    whole = int(seconds + 0.999)
    return f"{whole // 60}:{whole % 60:02d}"


def _drawn_for(info: SessionInfo) -> tuple:
    """What a facilitator's or projector's page shows of the session: when any of it changes
    (in another tab, by another person), the page is drawn again."""
    return (
        info.moment,
        info.screen,
        info.screen_item,
        info.deadline,
        info.ask,
        tuple(info.ask_items),
        tuple(info.hidden),
    )


def _keep_screen_choice(ctx: Ctx, sessions: SessionStore, info: SessionInfo, key: str | None) -> bool:
    """A projector screen chosen on this page that no run of the page has stored yet (a click that
    Streamlit folded into a run of the refresh fragment: the picker shows it, and no full run
    follows): stored from here. True when the page should be drawn again (stored, or refused: the
    page then says why and shows the session's choice)."""
    if key is None or "sess:screen" not in st.session_state:  # no picker on the page (this run)
        return False
    if st.session_state.get("sess:screen-seen") != (info.id, info.screen, info.screen_item):
        return False  # the picker does not show this session's state yet: nothing chosen here
    chosen = st.session_state.get("sess:screen") or "auto"
    item = st.session_state.get("sess:screen-item") or ""
    if (chosen == "item" and not item) or (chosen, item if chosen == "item" else info.screen_item) == (
        info.screen,
        info.screen_item,
    ):
        return False
    if not _carried_out(ctx, lambda: sessions.set_screen(info.id, key, chosen, item)):
        st.session_state.pop("sess:screen-seen", None)
    return True


def live(ctx: Ctx, sessions: SessionStore, info: SessionInfo, *, big: bool, key: str | None = None) -> None:
    """The count of answers and the round's timer, redrawn every second on its own (never who
    answered what); the whole page is redrawn when the session moved on elsewhere."""
    seen = _drawn_for(info)

    @self_refreshing(REFRESH_SECONDS)
    def count() -> None:
        try:
            now = fresh_info(sessions, info.id)
        except SessionError:
            return
        if _drawn_for(now) != seen:
            st.rerun(scope="app")
        if not big and _keep_screen_choice(ctx, sessions, now, key):
            st.rerun(scope="app")
        answered = sessions.answered(info.id, now.round)
        joined = sessions.joined(info.id)
        left = now.time_left()
        if big:
            line = ctx.t("session.f.count", answered=answered, joined=joined, round=now.round)
            if left is not None:
                line += " · " + (
                    ctx.t("session.f.timer_left", clock=clock(left)) if left else ctx.t("session.f.timer_over")
                )
            st.markdown(f"### {line}")
            return
        cells = st.columns(3)
        cells[0].metric(ctx.t("session.f.count_label"), answered)
        cells[1].metric(ctx.t("session.f.joined_label"), joined)
        cells[2].metric(ctx.t("session.f.timer_label"), clock(left) if left is not None else "—")
        with a11y.status("f-count"):  # announced when someone joins or answers (not the clock)
            st.caption(ctx.t("session.f.count", answered=answered, joined=joined, round=now.round))

    drawn_last(count)


# ---------------------------------------------------------------- control view


def _act(ctx: Ctx, sessions: SessionStore, action: str, session_id: str, key: str, expect: tuple[int, str]) -> None:
    """A facilitator action for the (round, state) the page showed; refused when the session moved on."""
    _call(ctx, lambda: getattr(sessions, action)(session_id, key, expect=expect))


def _call(ctx: Ctx, action) -> None:
    """Carry out a facilitator action from a button; a refusal or a disk fault is said in words."""
    _carried_out(ctx, action)


def _carried_out(ctx: Ctx, action) -> bool:
    """``_call``, saying whether the action was carried out."""
    try:
        action()
    except SessionError as exc:
        st.session_state["sess:flash"] = ("error", error_text(ctx, exc))
    except OSError as exc:  # a full or read-only disk: said in words
        st.session_state["sess:flash"] = ("error", fault_message(ctx, exc, action="save"))
    else:
        return True
    return False


def control(ctx: Ctx, sessions: SessionStore, info: SessionInfo, key: str, case: Case) -> None:
    moment = info.moment  # what this page is drawn for: every action names it
    st.title(md_escape(case.title), anchor=False)
    st.markdown(
        f"**{ctx.t('session.f.round', round=info.round)} · {ctx.t('session.f.state', state=ctx.t(f'session.state.{moment[1]}'))}**"
        f" · {ctx.t('session.p.code')}: {pretty_code(info.join_code)}"
    )
    flash = st.session_state.pop("sess:flash", None)
    if flash:
        st.error(flash[1], icon=":material/error:")
    live(ctx, sessions, info, big=False, key=key)  # the count, above the fold
    actions(ctx, sessions, info, key, moment)
    teaching_panels.teaching_controls(ctx, sessions, info, key, case)  # reference and script (issue 14)
    if info.ended:
        st.info(ctx.t("session.f.ended"), icon=":material/event_busy:")
    screen_picker(ctx, sessions, info, key, case)
    if info.state == "revealed":
        st.header(ctx.t("session.f.results", round=info.round), anchor=False)
        unusable = sessions.unusable_answers(info.id, info.round)
        if unusable:  # a hand-edited or damaged answer file: left out and said, never a crash
            st.warning(ctx.t("session.f.unusable_answers", numbers=", ".join(map(str, unusable))))
        results(ctx, case, sessions, info, info.round, key="now", show_names=True)
        teaching_panels.reference_table(ctx, case, sessions, info, info.round)  # teaching mode (issue 14)
        from dilemmakaart.ui.flow_options import reveal_panel  # options: which disagreements matter

        if case.options:  # read the answers again only when there is something to rank
            answers = sessions.keyed_responses(info.id, info.round, anonymous_label=anonymous_label(ctx))[1]
            reveal_panel(ctx, case, answers)
        arguments_panel(ctx, sessions, info, key, case)
    else:
        st.caption(ctx.t("session.f.hidden"))
        if info.round > 1:  # round 1's results stay in view while the group answers again
            shown = info.was_revealed(info.round - 1)  # never revealed: said so, and folded
            label = "session.f.previous_results" if shown else "session.f.previous_unshown"
            with st.expander(ctx.t(label, round=info.round - 1), expanded=shown):
                results(ctx, case, sessions, info, info.round - 1, key="prev", show_names=True)
    st.divider()
    if not info.ended:
        with st.expander(ctx.t("session.f.section_join"), icon=":material/qr_code_2:", expanded=info.state == "open"):
            join_panel(ctx, info, big=False)
    settings(ctx, sessions, info, key, case)
    participants_panel(ctx, sessions, info, key)
    leader_link(ctx, sessions, info, key)
    if info.state == "revealed" or info.ended:
        adopt_panel(ctx, sessions, info, key, case)


def actions(ctx: Ctx, sessions: SessionStore, info: SessionInfo, key: str, moment: tuple[int, str]) -> None:
    """The round's buttons; revealing asks first (it cannot be undone)."""
    if info.ended:
        return
    buttons = st.columns(3)
    args = (ctx, sessions)
    if info.state in ("open", "closed"):
        if info.state == "open":
            buttons[0].button(
                ctx.t("session.f.close"), key="sess:close", on_click=_act, args=(*args, "close", info.id, key, moment)
            )
        else:
            buttons[0].button(
                ctx.t("session.f.reopen"),
                key="sess:reopen",
                on_click=_act,
                args=(*args, "reopen", info.id, key, moment),
            )
        label = ctx.t("session.f.reveal" if info.state == "open" else "session.f.reveal_closed")
        with buttons[1].popover(label, type="primary", icon=":material/visibility:"):
            st.write(ctx.t("session.f.reveal_confirm", round=info.round))
            st.button(
                ctx.t("session.f.reveal_yes"),
                key="sess:reveal",
                type="primary",
                on_click=_act,
                args=(*args, "reveal", info.id, key, moment),
            )
    else:
        buttons[0].button(
            ctx.t("session.f.next_round", round=info.round + 1),
            key="sess:next",
            type="primary",
            on_click=_act,
            args=(*args, "next_round", info.id, key, moment),
        )
        buttons[1].empty()  # takes the reveal's place, so its confirmation cannot linger on screen
    with buttons[2].popover(ctx.t("session.f.end"), icon=":material/stop_circle:"):
        st.write(ctx.t("session.f.end_confirm"))
        st.button(
            ctx.t("session.f.end"),
            key="sess:end",
            type="primary",
            on_click=_act,
            args=(*args, "end", info.id, key, moment),
        )


def items_of(case: Case) -> list[str]:
    """Every item of the case that can be asked or shown: the dilemmas first, then each value's weight and effect."""
    out = [f"balance:{d.key}" for d in case.dilemmas]
    for v in case.values:
        out += [f"weight:{v.value}", f"effect:{v.value}"]
    return out


def screen_picker(ctx: Ctx, sessions: SessionStore, info: SessionInfo, key: str, case: Case) -> None:
    """What the projector shows: the facilitator decides, the projector follows within a second."""
    items = items_of(case)
    # The session's choice goes into the picker only when it changed (in another tab, or by this page):
    # a choice made here is kept by the picker until this run has stored it. (Stored from a callback
    # before, a choice made while the page's refresh fragment ran was lost on a busy server: the
    # picker showed it, the projector never got it.)
    seen = (info.id, info.screen, info.screen_item)
    if st.session_state.get("sess:screen-seen") != seen or "sess:screen" not in st.session_state:
        st.session_state["sess:screen-seen"] = seen
        st.session_state["sess:screen"] = info.screen
        if info.screen_item in items:
            st.session_state["sess:screen-item"] = info.screen_item
    left, right = st.columns([3, 2], vertical_alignment="bottom")
    with left:
        st.segmented_control(
            ctx.t("session.f.screen_label"),
            list(SCREENS),
            format_func=lambda s: ctx.t(f"session.screen.{s}"),
            key="sess:screen",
            help=ctx.t("session.f.screen_help"),
        )
    with right:
        try:
            token = sessions.projector_token(info.id, key)
        except (SessionError, OSError):
            token = ""
        if token:
            url = (
                pages.url(pages.SESSION)
                + "?"
                + urlencode({"session": info.id, "view": "projector", "screen": token, "lang": ctx.lang})
            )
            st.link_button(ctx.t("session.f.projector"), url, icon=":material/present_to_all:")
    if info.screen == "item" and items:
        st.selectbox(
            ctx.t("session.f.screen_item"),
            items,
            format_func=lambda i: charts.item_label(i, ctx.code, ctx.lang),
            key="sess:screen-item",
        )
    chosen = st.session_state.get("sess:screen") or "auto"
    item = st.session_state.get("sess:screen-item") or (items[0] if items else "")
    if chosen == "item" and not item:
        return
    if (chosen, item if chosen == "item" else info.screen_item) != (info.screen, info.screen_item):
        if not _carried_out(ctx, lambda: sessions.set_screen(info.id, key, chosen, item)):
            st.session_state.pop("sess:screen-seen", None)  # refused: the picker shows the session's again
        st.rerun()


def settings(ctx: Ctx, sessions: SessionStore, info: SessionInfo, key: str, case: Case) -> None:
    """The round's timer and what participants are asked."""
    if info.ended:
        return
    left = info.time_left()
    # the panels below keep their open state through every redraw (widgets.kept_open): a page that is
    # redrawn while someone types in one does not fold it shut; each is built only while open
    timer = kept_open(ctx.t("session.f.timer_title"), "sess:timer-open", icon=":material/timer:")
    if timer.open:
        timer_panel(ctx, sessions, info, key, timer, left)
    ask = kept_open(
        ctx.t("session.f.ask_title", now=ctx.t(f"session.ask.{info.ask}")), "sess:ask-open", icon=":material/checklist:"
    )
    if ask.open:
        ask_panel(ctx, sessions, info, key, ask, items_of(case))


def timer_panel(ctx: Ctx, sessions: SessionStore, info: SessionInfo, key: str, box, left) -> None:
    with box:
        cols = st.columns([2, 1, 1], vertical_alignment="bottom")
        minutes = cols[0].number_input(
            ctx.t("session.f.timer_minutes"),
            min_value=TIMER.min + TIMER.step,  # a running timer has at least one minute
            max_value=TIMER.max,
            value=TIMER.default,
            step=TIMER.step,
            key="sess:timer-min",
        )
        cols[1].button(
            ctx.t("session.f.timer_start", minutes=int(minutes)),
            key="sess:timer",
            on_click=lambda: _call(ctx, lambda: sessions.set_timer(info.id, key, float(minutes), expect=info.moment)),
        )
        if left is not None:
            cols[2].button(
                ctx.t("session.f.timer_stop"),
                key="sess:timer-stop",
                on_click=lambda: _call(ctx, lambda: sessions.set_timer(info.id, key, None, expect=info.moment)),
            )
        st.caption(ctx.t("session.f.timer_help"))


def ask_panel(ctx: Ctx, sessions: SessionStore, info: SessionInfo, key: str, box, items: list[str]) -> None:
    with box:
        stored = (info.id, info.ask, tuple(info.ask_items))
        # first draw, reopened (the closed panel's widgets were not kept), or changed in another tab
        if st.session_state.get("sess:ask-seen") != stored or "sess:ask" not in st.session_state:
            st.session_state["sess:ask-seen"] = stored
            st.session_state["sess:ask"] = info.ask
            st.session_state["sess:ask-items"] = [i for i in info.ask_items if i in items]
        st.radio(
            ctx.t("session.f.ask_label"),
            list(ASK_MODES),
            format_func=lambda m: ctx.t(f"session.ask.{m}"),
            key="sess:ask",
            horizontal=True,
        )
        if st.session_state.get("sess:ask") == "chosen":
            st.multiselect(
                ctx.t("session.f.ask_items"),
                items,
                format_func=lambda i: charts.item_label(i, ctx.code, ctx.lang),
                key="sess:ask-items",
            )
        if st.button(ctx.t("session.f.ask_apply"), key="sess:ask-apply"):
            mode = st.session_state.get("sess:ask") or "all"
            chosen = list(st.session_state.get("sess:ask-items") or [])
            if mode == "chosen" and not chosen:
                st.error(ctx.t("session.f.ask_none"), icon=":material/error:")
            else:
                _call(ctx, lambda: sessions.set_ask(info.id, key, mode, chosen, expect=info.moment))
                st.rerun()
        st.caption(ctx.t("session.f.ask_help"))


def participant_label(ctx: Ctx, info: SessionInfo, p) -> str:
    """A participant as the session's naming setting allows: by number in an anonymous session."""
    return anonymous_label(ctx).format(n=p.number) if info.anonymous else p.label(anonymous_label(ctx))


def participants_panel(ctx: Ctx, sessions: SessionStore, info: SessionInfo, key: str) -> None:
    """Who joined (by number or name), whether they answered this round; remove a ghost (a second
    device, someone who left): their answers leave every result."""
    people = sorted(sessions.participants(info.id).values(), key=lambda p: p.number)
    box = kept_open(ctx.t("session.f.people_title", n=len(people)), "sess:people-open", icon=":material/group:")
    if not box.open:
        return
    with box:
        if not people:
            st.caption(ctx.t("session.f.people_none"))
        for p in people:
            name, answered, remove = st.columns([4, 2, 2], vertical_alignment="center")
            label = participant_label(ctx, info, p)
            if info.roles and p.role:
                label += f" · {role_name(ctx, p.role)}"
            name.markdown(md_escape(label))
            done = sessions.answer(info.id, p.token, info.round) is not None
            answered.caption(ctx.t("session.f.people_answered") if done else ctx.t("session.f.people_waiting"))
            # asked in the page, not in a popover: the question is the session's state, so a redraw
            # of the busy page (the count refreshes twice a second) cannot fold it shut unseen
            remove.button(
                ctx.t("session.f.people_remove", label=md_escape(participant_label(ctx, info, p))),
                key=f"sess:remove-ask:{p.number}",
                icon=":material/person_remove:",
                on_click=_ask_remove,
                args=(p.number,),
            )
            if st.session_state.get(REMOVING) != p.number:
                continue
            with st.container(border=True, key=f"sess-removing-{p.number}"):
                st.write(ctx.t("session.f.people_remove_confirm", label=md_escape(participant_label(ctx, info, p))))
                yes_no = st.container(horizontal=True)
                yes_no.button(
                    ctx.t("session.f.people_remove_yes"),
                    key=f"sess:remove:{p.number}",
                    type="primary",
                    on_click=_remove,
                    args=(ctx, sessions, info, key, p.token),
                )
                yes_no.button(ctx.t("session.f.people_remove_no"), key=f"sess:remove-no:{p.number}", on_click=_asked)


REMOVING = "sess:removing"  # the number of the participant whose removal is being asked about


def _ask_remove(number: int) -> None:
    st.session_state[REMOVING] = number


def _asked() -> None:
    """The question is answered (yes or no): it goes."""
    st.session_state.pop(REMOVING, None)


def _remove(ctx: Ctx, sessions: SessionStore, info: SessionInfo, key: str, token: str) -> None:
    _asked()
    _call(ctx, lambda: sessions.remove_participant(info.id, key, token, expect=info.moment))


def leader_link(ctx: Ctx, sessions: SessionStore, info: SessionInfo, key: str) -> None:
    box = kept_open(ctx.t("session.f.leader_title"), "sess:leader-open", icon=":material/key:")
    if not box.open:
        return
    with box:
        st.write(ctx.t("session.f.keep_link"))
        if st.button(ctx.t("session.f.show_leader_link"), key="sess:show-link", icon=":material/key:"):
            st.caption(ctx.t("session.f.leader_link"))
            leader = (
                f"{_base()}{pages.url(pages.SESSION)}?{urlencode({'session': info.id, 'key': key, 'lang': ctx.lang})}"
            )
            st.code(leader, language=None)


# ---------------------------------------------------------------- arguments


def side_label(ctx: Ctx, case: Case, pair: str, side: str) -> str:
    a, _, b = pair.partition("|")
    names = {"a": ctx.code.value_name(a, ctx.lang) if a in ctx.code.value_ids else a}
    names["b"] = ctx.code.value_name(b, ctx.lang) if b in ctx.code.value_ids else b
    return ctx.t(f"session.side.{side}", a=names["a"], b=names["b"])


def arguments_panel(ctx: Ctx, sessions: SessionStore, info: SessionInfo, key: str, case: Case) -> None:
    """The "waarom" given with the balances, anonymously, grouped by side of the split; the
    facilitator can hide one from the room (and show it again)."""
    found = sessions.arguments(info.id, info.round, hidden=True)
    if not any(found.values()):
        return
    st.subheader(ctx.t("session.f.arguments_title"), anchor=False)
    st.caption(ctx.t("session.f.arguments_help"))
    number = 0  # each argument numbered, so every button says which one it is for
    for pair, group in found.items():
        if not group:
            continue
        st.markdown("**" + md_escape(charts.item_label(f"balance:{pair}", ctx.code, ctx.lang)) + "**")
        for side in dict.fromkeys(a.side for a in group):
            st.markdown("*" + md_escape(side_label(ctx, case, pair, side)) + "*")
            for argument in (a for a in group if a.side == side):
                number += 1
                text, button = st.columns([5, 2], vertical_alignment="center")
                shown = md_escape(argument.text)
                text.markdown(
                    f"{number}\\. ~~{shown}~~ · {ctx.t('session.f.argument_hidden')}"
                    if argument.hidden
                    else f"{number}\\. “{shown}”"
                )
                button.button(
                    ctx.t("session.f.argument_show" if argument.hidden else "session.f.argument_hide", n=number),
                    key=f"sess:arg:{argument.id}",
                    on_click=lambda a=argument: _call(
                        ctx, lambda: sessions.hide_argument(info.id, key, a.id, not a.hidden, expect=info.moment)
                    ),
                )


def arguments_big(ctx: Ctx, case: Case, found: dict[str, list[Argument]], pairs: list[str] | None = None) -> None:
    """The room's view of the arguments: per dilemma, per side, no names, hidden ones left out."""
    shown = {pair: group for pair, group in found.items() if group and (pairs is None or pair in pairs)}
    if not shown:
        st.markdown("#### " + ctx.t("session.f.arguments_none"))
        return
    for pair, group in shown.items():
        st.header(md_escape(charts.item_label(f"balance:{pair}", ctx.code, ctx.lang)), anchor=False)
        sides = list(dict.fromkeys(a.side for a in group))
        for column, side in zip(st.columns(len(sides)), sides):
            with column:
                st.subheader(md_escape(side_label(ctx, case, pair, side)), anchor=False)
                for argument in (a for a in group if a.side == side):  # large type, one per line
                    st.markdown(f"#### “{md_escape(argument.text)}”")


def adopt_panel(ctx: Ctx, sessions: SessionStore, info: SessionInfo, key: str, case) -> None:
    if teaching_panels.adopt_teaching(ctx, sessions, info, key, case):  # teaching mode: a group profile only
        return
    st.divider()
    st.subheader(ctx.t("session.f.adopt_title"), anchor=False)
    st.write(ctx.t("session.f.adopt_help"))
    if info.adopted:
        st.caption(ctx.t("session.f.adopted_before"))
    take = st.checkbox(ctx.t("session.f.adopt_medians"), key="sess:adopt-medians")
    blocked = take and not teaching_panels.confirm_weighing(ctx, sessions, info, case)  # says what changes
    names = False
    if not info.anonymous:  # names go into the case only when the facilitator chooses so
        names = st.checkbox(ctx.t("session.f.adopt_names"), key="sess:adopt-names")
    # the arguments the room saw go into the case only when the facilitator ticks this
    with_arguments = st.checkbox(ctx.t("session.f.adopt_arguments"), key="sess:adopt-arguments")
    if st.button(ctx.t("session.f.adopt"), key="sess:adopt", icon=":material/save:", disabled=blocked):
        if auth.refused(ctx, Action.ADOPT, info.case_id):
            return
        try:
            sessions.check_moment(info.id, key, info.moment)  # this tab is not behind the session
            rounds = sessions.to_case_sessions(info.id, anonymous_label=anonymous_label(ctx), names=names)
            fresh = ctx.library.load(info.case_id)
            medians = None
            if take:
                last = sessions.responses(info.id, info.round, anonymous_label=anonymous_label(ctx))
                medians = summarise(fresh, last).medians() if last else None
            adoption = adopt(fresh, rounds, medians)
            if with_arguments:  # never a name, never a hidden one: the arguments as the room saw them
                chosen = [
                    a
                    for r in sessions.rounds(info.id)
                    for group in sessions.arguments(info.id, r).values()
                    for a in group
                ]
                adoption.case = adopt_arguments(adoption.case, chosen)
            saved = ctx.library.save(adoption.case)
            auth.record(audit.ADOPT, saved.id, saved.revision, f"session {info.id}")
            sessions.mark_adopted(info.id, key, expect=info.moment)
        except SessionError as exc:
            error(ctx, exc)
            return
        except SAVE_FAILURES as exc:  # a colleague first, a rule of the case format, a full disk: in words
            st.error(save_failure(ctx, exc), icon=":material/error:")
            return
        current = state.current_case()
        if current is not None and current.id == saved.id:
            if state.is_dirty():
                st.warning(ctx.t("session.f.editing_dirty"))
            else:
                state.set_case(saved, dirty=False)
        st.success(ctx.t("session.f.adopted", revision=saved.revision), icon=":material/check_circle:")

        def pairs(keys: list[str]) -> str:
            return ", ".join(" – ".join(ctx.code.value_name(v, ctx.lang) for v in k.split("|", 1)) for k in keys)

        if adoption.left_out:
            st.warning(ctx.t("session.f.adopt_left_out", pairs=pairs(adoption.left_out)))
        if adoption.flipped:
            st.info(ctx.t("session.f.adopt_flipped", pairs=pairs(adoption.flipped)))
        if adoption.without_answers:
            st.info(ctx.t("session.f.adopt_counts_only", ids=", ".join(adoption.without_answers)))


# ---------------------------------------------------------------- projector view

PROJECTOR_CSS = """<style>
.block-container {padding-top: 1.2rem; padding-bottom: 0.5rem; max-width: 100%;}
header[data-testid="stHeader"] {display: none;}
.st-key-dk-join-code-big h1 {font-size: 6rem; letter-spacing: 0.05em;}
</style>"""


def shown_screen(info: SessionInfo) -> str:
    """The screen the projector shows now: the facilitator's choice, or for "auto" the join screen
    while round 1 runs and the split list once there are results to show."""
    if info.screen != "auto":
        return info.screen
    if shown_round(info) is not None:
        return "split"
    return "ended" if info.ended else "join"


def shown_round(info: SessionInfo) -> int | None:
    """The round whose results the projector may show: this round once revealed, else the round
    before when it was revealed (during round 2 round 1's results stay in view), else none."""
    if info.state == "revealed":
        return info.round
    return info.round - 1 if info.round > 1 and info.was_revealed(info.round - 1) else None


def projector(ctx: Ctx, sessions: SessionStore, info: SessionInfo, case: Case) -> None:
    """Large and read-only, one screen at a time (the facilitator chooses which): the join screen,
    one item, the group map, the split list, the dilemmas, the arguments or the movement. It fits a
    1920×1080 screen and follows the facilitator within a second."""
    st.set_page_config(initial_sidebar_state="collapsed")
    st.markdown(PROJECTOR_CSS, unsafe_allow_html=True)
    screen = shown_screen(info)
    round_no = shown_round(info)
    top = f"{md_escape(case.title)} · {ctx.t('session.f.round', round=info.round)} · {ctx.t(f'session.state.{info.moment[1]}')}"
    st.subheader(top, anchor=False)
    teaching_panels.phase_line(ctx, sessions, info)  # where the group is in the script (issue 14)
    live(ctx, sessions, info, big=True)
    if screen == "ended":
        st.header(ctx.t("session.p.ended"), anchor=False)
        return
    if screen == "join":
        if info.closed_to_joins:
            st.header(ctx.t("session.p.ended"), anchor=False)
        else:
            join_panel(ctx, info, big=True)
        return
    if round_no is None:
        st.header(ctx.t("session.f.projector_wait"), anchor=False)
        return
    view = round_view(ctx, case, sessions, info, round_no)
    if round_no != info.round:
        st.markdown("#### " + ctx.t("session.f.projector_previous", round=round_no))
    if not view.responses:
        st.header(ctx.t("session.f.no_answers"), anchor=False)
        return
    if screen == "split":
        agree_differ(ctx, view.summary, big=True)
        teaching_panels.reference_table(ctx, case, sessions, info, round_no, big=True)  # teaching mode (issue 14)
    elif screen == "map":
        section(ctx, case, view, "map", big=True, key="proj")
    elif screen == "dilemmas":
        section(ctx, case, view, "dilemmas", big=True, key="proj")
    elif screen == "movement":
        movement_section(ctx, case, view, big=True, key="proj")
    elif screen == "arguments":
        arguments_big(ctx, case, sessions.arguments(info.id, round_no))
    elif screen == "item":
        one_item(ctx, case, sessions, info, view, info.screen_item)


def one_item(ctx: Ctx, case: Case, sessions: SessionStore, info: SessionInfo, view: RoundView, item: str) -> None:
    """One item, large: a dilemma's dots (and its arguments), or a value's weight or effect."""
    kind, _, target = item.partition(":")
    if kind == "balance":  # the chart names the dilemma above its line
        only = [d for d in case.dilemmas if d.key == target]
        if not only:
            st.info(ctx.t("session.f.item_gone"))
            return
        single = case.model_copy(update={"dilemmas": only})
        st.altair_chart(
            charts.balance_dots(single, ctx.code, view.dots, view.summary, ctx.lang, big=True),
            width="stretch",
            theme=None,
            key="proj:item",
        )
        arguments_big(ctx, case, sessions.arguments(info.id, view.round), [target])
    elif kind in ("weight", "effect") and any(v.value == target for v in case.values):
        st.header(md_escape(charts.item_label(item, ctx.code, ctx.lang)), anchor=False)
        st.altair_chart(
            charts.item_dots(view.dots, item, ctx.code, ctx.lang, big=True),
            width="stretch",
            theme=None,
            key="proj:item",
        )
    else:
        st.info(ctx.t("session.f.item_gone"))


__all__ = ["facilitator_page", "is_projector"]
