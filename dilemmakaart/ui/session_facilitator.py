"""The facilitator's page (/sessie): start a session, show the join code, follow the count, close,
reveal, start the next round, save the outcome in the case. ``?view=projector`` shows the same
session large and with nothing to edit.

The facilitator key lives only in this page's URL (``?session=<id>&key=<key>``).
"""

from __future__ import annotations

import io
from urllib.parse import urlencode, urlsplit

import segno
import streamlit as st

from dilemmakaart.aggregate import summarise
from dilemmakaart.problems import ProblemsError
from dilemmakaart.session import SessionError, SessionInfo, SessionStore, adopt, pretty_code
from dilemmakaart.store import ConflictError, LibraryError
from dilemmakaart.text import md_escape
from dilemmakaart.ui import pages, state
from dilemmakaart.ui.bootstrap import Ctx
from dilemmakaart.ui.faults import fault_message
from dilemmakaart.ui.session_common import (
    REFRESH_SECONDS,
    anonymous_label,
    error,
    results,
    session_case,
    store,
    watch_round,
)


def is_projector() -> bool:
    return st.query_params.get("view") == "projector"


def facilitator_page(ctx: Ctx) -> None:
    sessions = store(ctx)
    session_id, key = st.query_params.get("session"), st.query_params.get("key", "")
    if not session_id:
        st.title(ctx.t("session.f.title"), anchor=False)
        st.write(ctx.t("session.f.intro"))
        start_form(ctx, sessions)
        return
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
    case = session_case(ctx, info)
    if case is None:
        return
    if is_projector():
        projector(ctx, sessions, info, case)
    else:
        control(ctx, sessions, info, key, case)


# ---------------------------------------------------------------- starting


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
        st.query_params.from_dict({"session": info.id, "key": key, "lang": ctx.lang})
        st.rerun()


# ---------------------------------------------------------------- join panel


def join_link(code: str, lang: str) -> str:
    """The participant's link, on the address this page was opened with."""
    base = ""
    try:
        url = st.context.url or ""
        parts = urlsplit(url)
        if parts.scheme and parts.netloc:
            base = f"{parts.scheme}://{parts.netloc}"
    except Exception:
        base = ""
    return f"{base}{pages.url(pages.JOIN)}?{urlencode({'code': code, 'lang': lang})}"


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


def _act(ctx: Ctx, sessions: SessionStore, action: str, session_id: str, key: str) -> None:
    try:
        getattr(sessions, action)(session_id, key)
    except SessionError as exc:
        st.session_state["sess:flash"] = ("error", ctx.t(f"session.error.{exc.key}", **exc.params))
    except OSError as exc:  # a full or read-only disk: said in words
        st.session_state["sess:flash"] = ("error", fault_message(ctx, exc, action="save"))


def control(ctx: Ctx, sessions: SessionStore, info: SessionInfo, key: str, case) -> None:
    st.title(md_escape(case.title), anchor=False)
    st.caption(
        f"{ctx.t('session.f.round', round=info.round)} · {ctx.t('session.f.state', state=ctx.t(f'session.state.{info.state}'))}"
    )
    flash = st.session_state.pop("sess:flash", None)
    if flash:
        st.error(flash[1])
    st.info(ctx.t("session.f.keep_link"), icon=":material/key:")
    projector_url = (
        pages.url(pages.SESSION)
        + "?"
        + urlencode({"session": info.id, "key": key, "view": "projector", "lang": ctx.lang})
    )
    st.link_button(ctx.t("session.f.projector"), projector_url, icon=":material/present_to_all:")
    if info.state == "open":
        join_panel(ctx, info, big=False)
    else:
        with st.expander(ctx.t("session.f.section_join"), icon=":material/qr_code_2:"):
            join_panel(ctx, info, big=False)
    st.divider()
    counter(ctx, sessions, info.id, big=False)
    buttons = st.columns(3)
    args = (ctx, sessions)
    if info.state == "open":
        buttons[0].button(
            ctx.t("session.f.close"), key="sess:close", on_click=_act, args=(*args, "close", info.id, key)
        )
        buttons[1].button(
            ctx.t("session.f.reveal"),
            key="sess:reveal",
            type="primary",
            on_click=_act,
            args=(*args, "reveal", info.id, key),
        )
    elif info.state == "closed":
        buttons[0].button(
            ctx.t("session.f.reopen"), key="sess:reopen", on_click=_act, args=(*args, "reopen", info.id, key)
        )
        buttons[1].button(
            ctx.t("session.f.reveal_closed"),
            key="sess:reveal",
            type="primary",
            on_click=_act,
            args=(*args, "reveal", info.id, key),
        )
    else:
        buttons[0].button(
            ctx.t("session.f.next_round", round=info.round + 1),
            key="sess:next",
            type="primary",
            on_click=_act,
            args=(*args, "next_round", info.id, key),
        )
    if info.state == "revealed":
        st.header(ctx.t("session.f.results", round=info.round), anchor=False)
        unusable = sessions.unusable_answers(info.id, info.round)
        if unusable:  # a hand-edited or damaged answer file: left out and said, never a crash
            st.warning(ctx.t("session.f.unusable_answers", numbers=", ".join(map(str, unusable))))
        results(ctx, case, sessions, info, info.round, key="now")
        adopt_panel(ctx, sessions, info, key, case)
    else:
        st.caption(ctx.t("session.f.hidden"))
        if info.round > 1:
            with st.expander(ctx.t("session.f.previous_results", round=info.round - 1)):
                results(ctx, case, sessions, info, info.round - 1, key="prev")


def adopt_panel(ctx: Ctx, sessions: SessionStore, info: SessionInfo, key: str, case) -> None:
    st.divider()
    st.subheader(ctx.t("session.f.adopt_title"), anchor=False)
    st.write(ctx.t("session.f.adopt_help"))
    if info.adopted:
        st.caption(ctx.t("session.f.adopted_before"))
    take = st.checkbox(ctx.t("session.f.adopt_medians"), key="sess:adopt-medians")
    if st.button(ctx.t("session.f.adopt"), key="sess:adopt", icon=":material/save:"):
        try:
            sessions.check_key(info.id, key)
            rounds = sessions.to_case_sessions(info.id, anonymous_label=anonymous_label(ctx))
            fresh = ctx.library.load(info.case_id)
            medians = None
            if take:
                last = sessions.responses(info.id, info.round, anonymous_label=anonymous_label(ctx))
                medians = summarise(fresh, last).medians() if last else None
            adoption = adopt(fresh, rounds, medians)
            saved = ctx.library.save(adoption.case)
            sessions.mark_adopted(info.id, key)
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
    st.header(f"{ctx.t('session.f.round', round=info.round)} · {ctx.t(f'session.state.{info.state}')}", anchor=False)
    watch_round(sessions, info, REFRESH_SECONDS)
    if info.state == "revealed":
        results(ctx, case, sessions, info, info.round, big=True, key="proj")
    else:
        join_panel(ctx, info, big=True)
        counter(ctx, sessions, info.id, big=True)
    back = (
        pages.url(pages.SESSION)
        + "?"
        + urlencode({"session": info.id, "key": st.query_params.get("key", ""), "lang": ctx.lang})
    )
    st.link_button(ctx.t("session.f.projector_leave"), back, icon=":material/arrow_back:")


__all__ = ["facilitator_page", "is_projector"]
