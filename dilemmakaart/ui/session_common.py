"""Shared parts of the two session pages: the store, messages, and the results of a round."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from dilemmakaart.aggregate import (
    MIN_GROUP,
    OTHER,
    GroupSummary,
    both_rounds,
    movement,
    role_breakdown,
    summarise,
)
from dilemmakaart.case import Case, Response
from dilemmakaart.charts import AnyChart
from dilemmakaart.charts import session_charts as charts
from dilemmakaart.session import DEFAULT_ROLES, SessionError, SessionInfo, SessionStore
from dilemmakaart.store import LibraryError
from dilemmakaart.text import md_escape
from dilemmakaart.ui.bootstrap import Ctx


def _seconds(name: str, default: float) -> float:
    """A refresh interval from the environment (a slower refresh for a big room), else ``default``."""
    try:
        value = float(os.environ.get(name, default))
    except ValueError:
        return default
    return value if 0.25 <= value <= 3600 else default


REFRESH_SECONDS = _seconds("DILEMMAKAART_REFRESH", 0.5)  # the facilitator's count and the projector: within 1 s
# a phone looks every second whether the session changed (a stat call, redrawn only on a change)
PARTICIPANT_REFRESH_SECONDS = _seconds("DILEMMAKAART_PARTICIPANT_REFRESH", 1)
RECHECK_SECONDS = 30  # a session unchanged on disk is loaded again this often anyway (it may have run out)

_seen: dict[tuple[str, str], tuple[tuple[int, int], float, SessionInfo]] = {}
_seen_lock = threading.Lock()


def fresh_info(sessions: SessionStore, session_id: str) -> SessionInfo:
    """The session as it is now, cheaply: the session document is read again only when its stamp
    (``SessionStore.stamp``: for a file its modification time and size) changed, or every
    ``RECHECK_SECONDS`` (it may have run out). Shared by every browser session of this server
    process; another process's writes change the stamp, so this works across processes too.
    Raises ``SessionError`` as ``load`` does."""
    try:
        stamp = sessions.stamp(session_id)
    except (OSError, ValueError):
        return sessions.load(session_id)
    cache_key = (str(sessions.root), session_id)
    now = time.monotonic()
    with _seen_lock:
        hit = _seen.get(cache_key)
    if hit is not None and hit[0] == stamp and stamp != (0, 0) and now - hit[1] < RECHECK_SECONDS:
        return hit[2]
    info = sessions.load(session_id)
    with _seen_lock:
        if len(_seen) > 1000:
            _seen.clear()
        _seen[cache_key] = (stamp, now, info)
    return info


def store(ctx: Ctx) -> SessionStore:
    return SessionStore(ctx.library.documents())  # files in the library folder, or the database


def error_text(ctx: Ctx, exc: SessionError) -> str:
    """A refusal in words; a state it names (``moved_on``) in words too."""
    params = dict(exc.params)
    if "state" in params:
        params["state"] = ctx.t(f"session.state.{params['state']}")
    return ctx.t(f"session.error.{exc.key}", **params)


def error(ctx: Ctx, exc: SessionError) -> None:
    st.error(error_text(ctx, exc), icon=":material/error:")


def anonymous_label(ctx: Ctx) -> str:
    return ctx.t("session.anonymous_label", n="{n}")


def session_case(ctx: Ctx, info: SessionInfo) -> Case | None:
    try:
        case = ctx.library.load(info.case_id)
    except (LibraryError, ValueError):
        st.error(ctx.t("session.error.case_missing", id=info.case_id), icon=":material/error:")
        return None
    from dilemmakaart.frameworks import framework_for

    ctx.use_framework(framework_for(case.code, ctx.library.code))  # the case's own framework (issue 16)
    return case


def role_name(ctx: Ctx, role: str | None) -> str:
    if not role:
        return ctx.t("session.role.none")
    return ctx.t(f"session.role.{role}") if role in DEFAULT_ROLES else role


def role_options(case: Case) -> list[str]:
    """The standard perspectives, then the case's own stakeholders."""
    return list(DEFAULT_ROLES) + [s for s in case.stakeholders if s not in DEFAULT_ROLES]


def fmt(x: float | None) -> str:
    if x is None:
        return "—"
    return f"{x:g}" if float(x).is_integer() else f"{x:.1f}"


def agree_differ(ctx: Ctx, summary: GroupSummary, *, big: bool = False) -> None:
    """The two short lists that start the conversation."""
    left, right = st.columns(2)
    head = st.header if big else st.subheader
    bullet = "#### " if big else "- "  # the projector: each point as a line of large type
    with left:
        head(ctx.t("session.f.agree"), anchor=False)
        items = summary.agree()
        if not items:  # the projector: readable from the back of the room
            (st.markdown if big else st.caption)(
                bullet + ctx.t("session.f.agree_none") if big else ctx.t("session.f.agree_none")
            )
        for s in items:
            label = charts.item_label(s.item, ctx.code, ctx.lang)
            st.markdown(bullet + md_escape(ctx.t("session.f.agree_item", label=label, median=fmt(s.median))))
    with right:
        head(ctx.t("session.f.differ"), anchor=False)
        items = summary.differ()
        if not items:
            (st.markdown if big else st.caption)(
                bullet + ctx.t("session.f.differ_none") if big else ctx.t("session.f.differ_none")
            )
        for s in items:
            label = md_escape(charts.item_label(s.item, ctx.code, ctx.lang))
            if s.split:
                text = ctx.t(
                    "session.f.differ_split",
                    label=label,
                    low=s.split.low_count,
                    high=s.split.high_count,
                    gap_low=fmt(s.split.gap_low),
                    gap_high=fmt(s.split.gap_high),
                )
            else:
                text = ctx.t("session.f.differ_spread", label=label, spread=round((s.spread or 0) * 100))
            st.markdown(f"{bullet}:material/call_split: {text}" if s.split else f"{bullet}{text}")


def _table(ctx: Ctx, frame: pd.DataFrame, columns: dict[str, str]) -> None:
    with st.expander(ctx.t("session.f.text_equivalent")):
        st.dataframe(frame[list(columns)].rename(columns=columns), hide_index=True, width="stretch")


def _chart(ctx: Ctx, chart: AnyChart, frame: pd.DataFrame, columns: dict[str, str], key: str) -> None:
    """A results chart with its text equivalent below it (``frame``'s ``columns`` in a table)."""
    st.altair_chart(chart, width="stretch", theme=None, key=key)
    _table(ctx, frame, columns)


def _note(big: bool) -> Callable[[str], object]:
    """How a section explains its chart: on the projector (``big``) in readable type, a caption is
    too small at the back of a room."""
    return (lambda text: st.markdown("#### " + text)) if big else st.caption


@dataclass
class RoundView:
    """What the group's results of one round are drawn from (read once per page run)."""

    round: int
    keys: list[str]
    responses: list[Response]
    dots: list[Response]  # the responses as dots: without a name unless the facilitator's own screen
    summary: GroupSummary
    previous_keys: list[str]
    previous: list[Response]


def round_view(
    ctx: Ctx, case: Case, store_: SessionStore, info: SessionInfo, round_no: int, *, show_names: bool = False
) -> RoundView:
    keys, responses = store_.keyed_responses(info.id, round_no, anonymous_label=anonymous_label(ctx))
    dots = (
        responses
        if show_names
        else [r.model_copy(update={"participant": ctx.t("session.chart.participant")}) for r in responses]
    )
    previous_keys: list[str] = []
    previous: list[Response] = []
    if round_no > 1:
        previous_keys, previous = store_.keyed_responses(info.id, round_no - 1, anonymous_label=anonymous_label(ctx))
    return RoundView(round_no, keys, responses, dots, summarise(case, responses), previous_keys, previous)


def sections(info: SessionInfo, view: RoundView) -> list[str]:
    """The sections of a round's results, in the order of the tabs."""
    names = ["map", "dilemmas", "divergence"]
    if view.previous:
        names.append("movement")
    if info.roles:
        names.append("roles")
    return names


def results(
    ctx: Ctx,
    case: Case,
    store_: SessionStore,
    info: SessionInfo,
    round_no: int,
    *,
    big: bool = False,
    key: str = "res",
    show_names: bool = False,
    narrow: bool = False,
) -> None:
    """Everything the group sees after a reveal of ``round_no``. Only the facilitator's own screen
    (``show_names``) shows whose answer a dot is; the projector and the phones show every answer without
    a name next to it."""
    view = round_view(ctx, case, store_, info, round_no, show_names=show_names)
    if not view.responses:
        st.info(ctx.t("session.f.no_answers"))
        return
    agree_differ(ctx, view.summary, big=big)
    names = sections(info, view)
    if big:  # one section under the other, large headings, nothing to click
        for name in names:
            st.header(ctx.t(f"session.f.tab_{name}"), anchor=False)
            section(ctx, case, view, name, big=True, key=key)
        return
    for name, tab in zip(names, st.tabs([ctx.t(f"session.f.tab_{n}") for n in names])):
        with tab:
            section(ctx, case, view, name, key=key, narrow=narrow)


def section(
    ctx: Ctx, case: Case, view: RoundView, name: str, *, big: bool = False, key: str = "res", narrow: bool = False
) -> None:
    """One section of a round's results: "map", "dilemmas", "divergence", "movement" or "roles"
    (the projector shows one at a time, the facilitator's page has them as tabs; ``narrow``: a phone)."""
    summary = view.summary
    note = _note(big)
    if name == "map":
        frame = charts.group_map_data(case, ctx.code, summary, ctx.lang, narrow=narrow)
        if frame.empty:  # an empty chart says nothing (and trips accessibility checks)
            st.info(ctx.t("session.f.map_empty"))
            return
        note(ctx.t("session.f.map_caption"))
        _chart(
            ctx,
            charts.group_map(case, ctx.code, summary, ctx.lang, big=big, narrow=narrow),
            frame,
            {
                "name": ctx.t("session.chart.value"),
                "weight": ctx.t("session.chart.median_weight"),
                "effect": ctx.t("session.chart.median_effect"),
                "answers": ctx.t("session.chart.answers"),
            },
            f"{key}:map",
        )
    elif name == "dilemmas":
        if not case.dilemmas:
            st.caption(ctx.t("session.f.no_dilemmas"))
            return
        frame = charts.balance_dots_data(case, ctx.code, view.dots, summary, ctx.lang)
        if frame["balance"].isna().all() or (frame["kind"] == "participant").sum() == 0:
            st.info(ctx.t("session.f.dots_empty"))
            return
        note(ctx.t("session.f.dots_caption"))
        _chart(
            ctx,
            charts.balance_dots(case, ctx.code, view.dots, summary, ctx.lang, big=big),
            frame,
            {
                "pair": ctx.t("session.chart.item"),
                "participant": ctx.t("session.chart.participant"),
                "balance": ctx.t("session.chart.balance"),
            },
            f"{key}:dots",
        )
    elif name == "divergence":
        frame = charts.divergence_data(summary, ctx.code, ctx.lang)
        if not (frame["spread"] > 0).any():
            st.info(ctx.t("session.f.divergence_empty"))
        else:
            note(ctx.t("session.f.divergence_caption"))
            st.altair_chart(
                charts.divergence(summary, ctx.code, ctx.lang, big=big), width="stretch", theme=None, key=f"{key}:div"
            )
        _table(
            ctx,
            frame,
            {
                "label": ctx.t("session.chart.item"),
                "median": ctx.t("session.col.median"),
                "spread": ctx.t("session.col.spread"),
                "pattern": ctx.t("session.col.pattern"),
                "answers": ctx.t("session.col.answers"),
            },
        )
    elif name == "movement":
        movement_section(ctx, case, view, big=big, key=key)
    elif name == "roles":
        roles_section(ctx, case, view, big=big, key=key)


def movement_section(ctx: Ctx, case: Case, view: RoundView, *, big: bool = False, key: str = "res") -> None:
    note = _note(big)
    if not view.previous:
        st.info(ctx.t("session.f.movement_none_yet"))
        return
    moves = movement(case, view.previous, view.responses, view.previous_keys, view.keys)  # people matched by token
    note(ctx.t("session.f.movement_caption", before=view.round - 1, after=view.round))
    both = both_rounds(view.previous_keys, view.keys)
    left = len(set(view.previous_keys) ^ set(view.keys))
    st.caption(
        ctx.t("session.f.movement_people_left", n=both, left=left)
        if left
        else ctx.t("session.f.movement_people", n=both)
    )
    drawn = False
    for kind in ("weight", "balance", "effect"):
        frame = charts.movement_data(moves, ctx.code, ctx.lang, kind)
        if frame.empty:
            continue
        drawn = True
        _chart(
            ctx,
            charts.movement(moves, ctx.code, ctx.lang, kind, big=big),
            frame,
            {
                "label": ctx.t("session.chart.item"),
                "before": ctx.t("session.col.before"),
                "after": ctx.t("session.col.after"),
                "movers": ctx.t("session.col.movers"),
            },
            f"{key}:move:{kind}",
        )
    still = [
        charts.item_label(m.item, ctx.code, ctx.lang)
        for m in moves
        if m.median_before is not None and m.median_change == 0 and not m.movers
    ]
    if not drawn:
        st.info(ctx.t("session.f.nothing_moved"))
    elif still:
        st.caption(ctx.t("session.f.unchanged", count=len(still)))


def roles_section(ctx: Ctx, case: Case, view: RoundView, *, big: bool = False, key: str = "res") -> None:
    """The median weight per role, only for roles of at least three people (``aggregate.breakdown``):
    smaller ones are folded into "overig", and the text says so and why."""
    note = _note(big)
    table, folded = role_breakdown(case, view.responses)
    names = {role: role_name(ctx, role) for role in table if role != OTHER}
    names[OTHER] = ctx.t("session.breakdown.other")
    table = {names[role]: medians for role, medians in table.items()}
    if folded.folded:
        said = ", ".join(role_name(ctx, r) for r in folded.folded)
        if folded.hidden:
            st.info(ctx.t("session.breakdown.hidden", roles=md_escape(said), n=folded.hidden, minimum=MIN_GROUP))
        else:
            st.info(ctx.t("session.breakdown.folded", roles=md_escape(said), minimum=MIN_GROUP))
    frame = charts.role_data(case, ctx.code, table, ctx.lang)
    if frame.empty or not table:
        st.info(ctx.t("session.f.roles_empty"))
        return
    note(ctx.t("session.f.roles_caption"))
    _chart(
        ctx,
        charts.role_heatmap(case, ctx.code, table, ctx.lang, big=big),
        frame,
        {
            "role": ctx.t("session.chart.role"),
            "value": ctx.t("session.chart.value"),
            "weight": ctx.t("session.chart.median_weight"),
        },
        f"{key}:roles",
    )
