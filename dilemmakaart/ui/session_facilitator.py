"""The facilitator's page (/sessie): start a session, show the join code, follow the count, close,
reveal, start the next round, end, save the outcome in the case. The projector view
(``?session=<id>&view=projector&screen=<token>``) shows the same session large and with nothing to
edit; it carries only the session's read-only projector token, never the facilitator key.

The facilitator key comes in once (the link made when the session started, ``?session=<id>&key=<key>``);
it is then kept in this browser window's session state and taken out of the address bar. Every
action names the round and state the page was drawn for, so a stale tab is refused (``moved_on``).
"""

from __future__ import annotations

import io
from urllib.parse import urlencode

import segno
import streamlit as st

from dilemmakaart.aggregate import summarise
from dilemmakaart.problems import ProblemsError
from dilemmakaart.session import (
    PUBLIC_URL_ENV,
    SessionError,
    SessionInfo,
    SessionStore,
    adopt,
    local_host,
    pretty_code,
    public_base,
)
from dilemmakaart.store import ConflictError, LibraryError
from dilemmakaart.text import md_escape
from dilemmakaart.ui import pages, state
from dilemmakaart.ui.bootstrap import Ctx
from dilemmakaart.ui.faults import fault_message
from dilemmakaart.ui.session_common import (
    REFRESH_SECONDS,
    anonymous_label,
    error,
    error_text,
    results,
    session_case,
    store,
    watch_round,
)


def is_projector() -> bool:
    return st.query_params.get("view") == "projector"


KEYS = "sess:keys"  # session id → facilitator key, kept in this browser window only


def _remember(session_id: str, key: str) -> None:
    st.session_state.setdefault(KEYS, {})[session_id] = key


def facilitator_page(ctx: Ctx) -> None:
    sessions = store(ctx)
    session_id = st.query_params.get("session")
    if not session_id:
        st.title(ctx.t("session.f.title"), anchor=False)
        st.write(ctx.t("session.f.intro"))
        yours(ctx, sessions)
        start_form(ctx, sessions)
        return
    if is_projector():  # read-only: the projector token, never the key
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
    typed = st.query_params.get("key")
    key = typed or st.session_state.get(KEYS, {}).get(session_id, "")
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
    if typed:  # the facilitator link, opened once: the key stays in this window, out of the address bar
        _remember(session_id, typed)
        del st.query_params["key"]
    case = session_case(ctx, info)
    if case is None:
        return
    control(ctx, sessions, info, key, case)


# ---------------------------------------------------------------- starting


def yours(ctx: Ctx, sessions: SessionStore) -> None:
    """The sessions this window leads (their keys are kept here): back to one in a click."""
    rows = []
    for session_id in st.session_state.get(KEYS, {}):
        try:
            info = sessions.load(session_id)
            title = ctx.library.load(info.case_id).title
        except (SessionError, LibraryError, ValueError):
            continue
        rows.append((info, title))
    if not rows:
        return
    st.subheader(ctx.t("session.f.yours"), anchor=False)
    for info, title in rows:  # a rerun in this window, not a new page: the key stays here
        st.button(
            f"{md_escape(title)} · {pretty_code(info.join_code)} · {ctx.t('session.f.round', round=info.round)}",
            key=f"sess:back:{info.id}",
            icon=":material/arrow_forward:",
            on_click=_open_session,
            args=(info.id, ctx.lang),
        )


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
        submitted = st.form_submit_button(ctx.t("session.f.start"), type="primary")
    if submitted:
        chosen = next(c for c in cases if c.id == st.session_state["sess:case"])
        if not chosen.values:
            st.warning(ctx.t("session.f.case_empty"))
            return
        try:
            info, key = sessions.create(
                chosen.id,
                anonymous=bool(st.session_state.get("sess:anonymous")),
                roles=bool(st.session_state.get("sess:roles")),
            )
        except OSError as exc:  # a full or read-only disk: said in words
            st.error(fault_message(ctx, exc, action="save"), icon=":material/error:")
            return
        _remember(info.id, key)
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
        st.image(qr_png(link, 10 if big else 6), alt=ctx.t("session.f.qr_alt"), width="stretch" if big else 200)
    with text:
        (st.header if big else st.subheader)(ctx.t("session.f.join_title"), anchor=False)
        st.write(ctx.t("session.f.join_how"))
        st.title(pretty_code(info.join_code), anchor=False)
        st.caption(ctx.t("session.f.join_link"))
        st.code(link, language=None, wrap_lines=True)
    host = local_host(link)
    if host and not big:  # phones in the room cannot reach this computer's own address
        st.warning(ctx.t("session.f.local_link", host=host), icon=":material/wifi_off:")


def counter(ctx: Ctx, sessions: SessionStore, session_id: str, *, big: bool) -> None:
    """The count of answers, refreshed on its own every few seconds (never who answered what)."""

    @st.fragment(run_every=REFRESH_SECONDS)
    def count() -> None:
        info = sessions.load(session_id)
        answered = sessions.answered(session_id, info.round)
        joined = sessions.joined(session_id)
        left, right, status = st.columns(3)
        left.metric(ctx.t("session.f.count_label"), answered)
        right.metric(ctx.t("session.f.joined_label"), joined)
        status.metric(ctx.t("session.f.round", round=info.round), ctx.t(f"session.state.{info.state}").split(":")[0])
        st.caption(ctx.t("session.f.count", answered=answered, joined=joined, round=info.round))

    count()


# ---------------------------------------------------------------- control view


def _act(ctx: Ctx, sessions: SessionStore, action: str, session_id: str, key: str, expect: tuple[int, str]) -> None:
    """A facilitator action for the (round, state) the page showed; refused when the session moved on."""
    try:
        getattr(sessions, action)(session_id, key, expect=expect)
    except SessionError as exc:
        st.session_state["sess:flash"] = ("error", error_text(ctx, exc))
    except OSError as exc:  # a full or read-only disk: said in words
        st.session_state["sess:flash"] = ("error", fault_message(ctx, exc, action="save"))


def control(ctx: Ctx, sessions: SessionStore, info: SessionInfo, key: str, case) -> None:
    moment = info.moment  # what this page is drawn for: every action names it
    st.title(md_escape(case.title), anchor=False)
    st.caption(
        f"{ctx.t('session.f.round', round=info.round)} · {ctx.t('session.f.state', state=ctx.t(f'session.state.{moment[1]}'))}"
    )
    watch_round(sessions, info, REFRESH_SECONDS)  # another tab or person moved it on: redraw
    flash = st.session_state.pop("sess:flash", None)
    if flash:
        st.error(flash[1], icon=":material/error:")
    st.info(ctx.t("session.f.keep_link"), icon=":material/key:")
    if st.button(ctx.t("session.f.show_leader_link"), key="sess:show-link", icon=":material/key:"):
        st.caption(ctx.t("session.f.leader_link"))
        leader = f"{_base()}{pages.url(pages.SESSION)}?{urlencode({'session': info.id, 'key': key, 'lang': ctx.lang})}"
        st.code(leader, language=None)
    try:
        screen = sessions.projector_token(info.id, key)
    except (SessionError, OSError):
        screen = ""
    if screen:
        projector_url = (
            pages.url(pages.SESSION)
            + "?"
            + urlencode({"session": info.id, "view": "projector", "screen": screen, "lang": ctx.lang})
        )
        st.link_button(ctx.t("session.f.projector"), projector_url, icon=":material/present_to_all:")
    if info.ended:
        st.info(ctx.t("session.f.ended"), icon=":material/event_busy:")
    elif info.state == "open":
        join_panel(ctx, info, big=False)
    else:
        with st.expander(ctx.t("session.f.section_join"), icon=":material/qr_code_2:"):
            join_panel(ctx, info, big=False)
    st.divider()
    counter(ctx, sessions, info.id, big=False)
    buttons = st.columns(3)
    args = (ctx, sessions)
    if info.ended:
        pass
    elif info.state == "open":
        buttons[0].button(
            ctx.t("session.f.close"), key="sess:close", on_click=_act, args=(*args, "close", info.id, key, moment)
        )
        buttons[1].button(
            ctx.t("session.f.reveal"),
            key="sess:reveal",
            type="primary",
            on_click=_act,
            args=(*args, "reveal", info.id, key, moment),
        )
    elif info.state == "closed":
        buttons[0].button(
            ctx.t("session.f.reopen"), key="sess:reopen", on_click=_act, args=(*args, "reopen", info.id, key, moment)
        )
        buttons[1].button(
            ctx.t("session.f.reveal_closed"),
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
    if not info.ended:
        with buttons[2].popover(ctx.t("session.f.end"), icon=":material/stop_circle:"):
            st.write(ctx.t("session.f.end_confirm"))
            st.button(
                ctx.t("session.f.end"),
                key="sess:end",
                type="primary",
                on_click=_act,
                args=(*args, "end", info.id, key, moment),
            )
    if info.state == "revealed":
        st.header(ctx.t("session.f.results", round=info.round), anchor=False)
        unusable = sessions.unusable_answers(info.id, info.round)
        if unusable:  # a hand-edited or damaged answer file: left out and said, never a crash
            st.warning(ctx.t("session.f.unusable_answers", numbers=", ".join(map(str, unusable))))
        results(ctx, case, sessions, info, info.round, key="now", show_names=True)
        from dilemmakaart.ui.flow_options import reveal_panel  # options: which disagreements matter

        if case is not None and case.options:  # read the answers again only when there is something to rank
            answers = sessions.keyed_responses(info.id, info.round, anonymous_label=anonymous_label(ctx))[1]
            reveal_panel(ctx, case, answers)
        adopt_panel(ctx, sessions, info, key, case)
    else:
        st.caption(ctx.t("session.f.hidden"))
        if info.round > 1:
            with st.expander(ctx.t("session.f.previous_results", round=info.round - 1)):
                results(ctx, case, sessions, info, info.round - 1, key="prev", show_names=True)
            if info.ended:
                adopt_panel(ctx, sessions, info, key, case)


def adopt_panel(ctx: Ctx, sessions: SessionStore, info: SessionInfo, key: str, case) -> None:
    st.divider()
    st.subheader(ctx.t("session.f.adopt_title"), anchor=False)
    st.write(ctx.t("session.f.adopt_help"))
    if info.adopted:
        st.caption(ctx.t("session.f.adopted_before"))
    take = st.checkbox(ctx.t("session.f.adopt_medians"), key="sess:adopt-medians")
    names = False
    if not info.anonymous:  # names go into the case only when the facilitator chooses so
        names = st.checkbox(ctx.t("session.f.adopt_names"), key="sess:adopt-names")
    if st.button(ctx.t("session.f.adopt"), key="sess:adopt", icon=":material/save:"):
        try:
            sessions.check_moment(info.id, key, info.moment)  # this tab is not behind the session
            rounds = sessions.to_case_sessions(info.id, anonymous_label=anonymous_label(ctx), names=names)
            fresh = ctx.library.load(info.case_id)
            medians = None
            if take:
                last = sessions.responses(info.id, info.round, anonymous_label=anonymous_label(ctx))
                medians = summarise(fresh, last).medians() if last else None
            adoption = adopt(fresh, rounds, medians)
            saved = ctx.library.save(adoption.case)
            sessions.mark_adopted(info.id, key, expect=info.moment)
        except SessionError as exc:
            error(ctx, exc)
            return
        except ConflictError:
            st.error(ctx.t("session.f.conflict"))
            return
        except ProblemsError as exc:  # a rule or limit of the case format: said in the user's language
            st.error(ctx.t("session.f.save_failed", reason=exc.describe(ctx.lang)))
            return
        except (LibraryError, ValueError) as exc:
            st.error(ctx.t("session.f.save_failed", reason=str(exc)))
            return
        except OSError as exc:  # a full or read-only disk: said in words
            st.error(fault_message(ctx, exc, action="save"), icon=":material/error:")
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


def projector(ctx: Ctx, sessions: SessionStore, info: SessionInfo, case) -> None:
    """Large and read-only: the join code and count while a round is open, the results after."""
    st.set_page_config(initial_sidebar_state="collapsed")
    st.title(md_escape(case.title), anchor=False)
    st.header(
        f"{ctx.t('session.f.round', round=info.round)} · {ctx.t(f'session.state.{info.moment[1]}')}", anchor=False
    )
    watch_round(sessions, info, REFRESH_SECONDS)
    if info.state == "revealed":
        results(ctx, case, sessions, info, info.round, big=True, key="proj")
    elif info.ended:
        st.header(ctx.t("session.p.ended"), anchor=False)
    else:
        join_panel(ctx, info, big=True)
        counter(ctx, sessions, info.id, big=True)
    # no way back to leading the session from here: the projector has no key


__all__ = ["facilitator_page", "is_projector"]
