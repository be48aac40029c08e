"""Shared widgets: user text shown as text, and a read-only view of a case."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dilemmakaart.case import Case
from dilemmakaart.i18n import format_date, join_words
from dilemmakaart.text import md_escape
from dilemmakaart.ui.bootstrap import Ctx
from dilemmakaart.wording import balance_words


def user_text(text: str, *, empty: str = "—") -> None:
    """Show text a user typed exactly as typed: never as Markdown or HTML."""
    st.markdown(md_escape(text) if text.strip() else empty)


def label(ctx: Ctx, key: str, value: str | None) -> str:
    """A choice from the contract (``waterschap``, ``pilot``) in the user's language."""
    return ctx.t(f"{key}.{value}") if value else "—"


def case_facts(ctx: Ctx, case: Case) -> None:
    """Organisation, type, phase, status and technology as a small table."""
    rows = [
        (ctx.t("case.organisation"), case.organisation or "—"),
        (ctx.t("case.organisation_type"), label(ctx, "organisation_type", case.organisation_type)),
        (ctx.t("case.phase"), label(ctx, "phase", case.phase)),
        (ctx.t("case.status"), label(ctx, "status", case.status)),
        (ctx.t("case.technology"), join_words([_technology(ctx, x) for x in case.technology], ctx.lang) or "—"),
        (ctx.t("case.stakeholders"), ", ".join(case.stakeholders) or "—"),
        (ctx.t("case.revision"), str(case.revision)),
    ]
    st.dataframe(
        pd.DataFrame(rows, columns=[ctx.t("case.field"), ctx.t("case.content")]), hide_index=True, width="stretch"
    )


def values_table(ctx: Ctx, case: Case) -> pd.DataFrame:
    rows = []
    for v in case.values:
        foundation = ctx.code.foundation_of(v.value).name(ctx.lang) if v.value in ctx.code.value_ids else "?"
        rows.append(
            {
                ctx.t("case.value"): ctx.code.value_name(v.value, ctx.lang),
                ctx.t("case.foundation"): foundation,
                ctx.t("case.weight"): v.weight,
                ctx.t("case.effect"): v.effect,
                ctx.t("case.note"): v.note,
            }
        )
    return pd.DataFrame(rows)


def case_overview(ctx: Ctx, case: Case) -> None:
    """Everything in a case, read-only, for people who look before they edit."""
    st.subheader(md_escape(case.title), anchor=False)
    left, right = st.columns([3, 2])
    with left:
        st.markdown(f"**{ctx.t('case.description')}**")
        user_text(case.description)
    with right:
        case_facts(ctx, case)
    st.markdown(f"**{ctx.t('case.values_at_stake')}**")
    if case.values:
        st.dataframe(values_table(ctx, case), hide_index=True, width="stretch")
    else:
        st.caption(ctx.t("case.none_yet"))
    st.markdown(f"**{ctx.t('case.dilemmas')}**")
    if not case.dilemmas:
        st.caption(ctx.t("case.none_yet"))
    for d in case.dilemmas:
        a, b = ctx.code.value_name(d.a, ctx.lang), ctx.code.value_name(d.b, ctx.lang)
        st.markdown(f"- **{md_escape(a)} – {md_escape(b)}**: {md_escape(balance_words(a, b, d.balance, ctx.lang))}")
        if d.rationale:
            with st.container(border=False):
                user_text(d.rationale)
    st.markdown(f"**{ctx.t('case.actions')}**")
    if case.actions:
        rows = [
            {
                ctx.t("case.action"): a.text,
                ctx.t("case.kind"): label(ctx, "action_kind", a.kind),
                ctx.t("case.priority"): str(a.priority) if a.priority else "—",  # one type per column
                ctx.t("case.owner"): a.owner or "—",
                ctx.t("case.due"): format_date(a.due, ctx.lang),
                ctx.t("case.action_status"): label(ctx, "action_status", a.status),
            }
            for a in sorted(case.actions, key=lambda a: -a.priority)
        ]
        st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
    else:
        st.caption(ctx.t("case.none_yet"))
    if case.decision and (case.decision.text or case.decision.date):
        st.markdown(f"**{ctx.t('case.decision')}**")
        user_text(case.decision.text)
        when = format_date(case.decision.date, ctx.lang)
        review = format_date(case.decision.review, ctx.lang)
        st.caption(ctx.t("case.decision_meta", date=when, review=review, by=md_escape(case.decision.by or "—")))


def _technology(ctx: Ctx, tech_id: str) -> str:
    """A technology by its name in the code (an id the code does not know stays as typed)."""
    tech = ctx.code.technology(tech_id)
    return tech.name(ctx.lang) if tech else tech_id


OPEN = "dk:open-editors"  # the keys of the editors that are open (actions, options)
OPEN_LABELS = "dk:open-labels"  # key → the label an open ``kept_open(steady_label=True)`` keeps


def kept_open(label: str, key: str, icon: str | None = None, first_open: bool = False, steady_label: bool = False):
    """An expander whose content the caller builds only while it is open (``.open``; a rerun on
    opening and closing). It stays open when its label changes (a new title, a priority): Streamlit
    then sees a new expander, which is told it is open. ``expanded`` stays False: it is part of the
    expander's identity, and a new identity would draw the open editor anew (and lose the focus).
    ``first_open``: open the first time the page shows it. ``steady_label``: while open, the label
    it had when it was opened (for a label made of what is edited inside: each edit would otherwise
    draw the editor anew, and a field being typed in just then would lose what was typed); closed,
    the label as it is now."""
    opened: set[str] = st.session_state.setdefault(OPEN, set())
    labels: dict[str, str] = st.session_state.setdefault(OPEN_LABELS, {})
    if first_open and key not in st.session_state:
        opened.add(key)
    if key in opened and st.session_state.get(key, True):  # open, and not closed just now
        st.session_state[key] = True
        if steady_label:
            label = labels.setdefault(key, label)
    box = st.expander(label, key=key, on_change="rerun", icon=icon)
    if box.open:
        opened.add(key)
        if steady_label:
            labels.setdefault(key, label)
    else:
        opened.discard(key)
        labels.pop(key, None)
    return box
