"""The comparison page: two to four cases side by side, and similar cases for one case."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dilemmakaart.case import Case
from dilemmakaart.charts import library_charts as charts
from dilemmakaart.frameworks import value_names
from dilemmakaart.profiles import comparison_text
from dilemmakaart.similarity import shared_and_only, similar_cases
from dilemmakaart.text import md_escape
from dilemmakaart.ui.bootstrap import Ctx

PICK = "cmp:cases"
PRESET = "cmp:preset"


def compare_page(ctx: Ctx) -> None:
    st.title(ctx.t("lib.cmp.title"), anchor=False)
    st.markdown(ctx.t("lib.cmp.intro"))
    cases = ctx.library.list().cases
    by_id = {c.id: c for c in cases}
    if len(cases) < 2:
        st.info(ctx.t("lib.cmp.too_few"))
        return
    preset = st.session_state.pop(PRESET, None)
    if preset is None and PICK not in st.session_state and st.query_params.get("cases"):
        preset = st.query_params.get("cases", "").split(",")
    if preset is not None:
        st.session_state[PICK] = [i for i in preset if i in by_id][:4]
    st.session_state[PICK] = [i for i in st.session_state.get(PICK, []) if i in by_id]
    chosen_ids = st.multiselect(
        ctx.t("lib.cmp.pick"),
        list(by_id),
        key=PICK,
        max_selections=4,
        format_func=lambda i: by_id[i].title,
        placeholder=ctx.t("lib.choose"),
    )
    chosen = [by_id[i] for i in chosen_ids]
    if len(chosen) >= 2:
        _side_by_side(ctx, chosen)
    else:
        st.info(ctx.t("lib.cmp.choose_two"))
    st.divider()
    _groups(ctx, cases, chosen_ids[0] if chosen_ids else None)
    st.divider()
    _similar(ctx, cases, by_id, chosen_ids[0] if chosen_ids else None)


def _side_by_side(ctx: Ctx, chosen: list[Case]) -> None:
    code, lang = ctx.code, ctx.lang
    names = value_names(chosen, code, lang)  # each case's values named by its own framework
    shared, only = shared_and_only(chosen)
    st.subheader(ctx.t("lib.cmp.shared_title"), anchor=False)
    if shared:
        st.markdown(
            ctx.t("lib.cmp.shared", n=len(shared), values=md_escape(", ".join(names.get(v, v) for v in shared)))
        )
    else:
        st.markdown(ctx.t("lib.cmp.none_shared"))
    for case in chosen:
        mine = only.get(case.id, [])
        if mine:
            st.markdown(
                ctx.t(
                    "lib.cmp.only",
                    title=md_escape(case.title),
                    values=md_escape(", ".join(names.get(v, v) for v in mine)),
                )
            )

    st.subheader(ctx.t("lib.cmp.wheels_title"), anchor=False)
    st.caption(ctx.t("lib.cmp.wheels_help"))
    # one chart per wheel in a row that wraps (WCAG 1.4.10: no wheel off-screen), the key below
    *wheels, key = charts.comparison_wheel_charts(chosen, code, lang, size=300 if len(chosen) <= 3 else 240)
    with st.container(horizontal=True, wrap=True, key="cmp-wheels"):
        for wheel in wheels:
            st.altair_chart(wheel, width="content", theme=None)
    st.altair_chart(key, width="content", theme=None)

    st.subheader(ctx.t("lib.cmp.heat_title"), anchor=False)
    measure = (
        st.segmented_control(
            ctx.t("lib.cmp.measure"),
            ["weight", "effect"],
            key="cmp:measure",
            default="weight",
            format_func=lambda m: ctx.t(f"lib.chart.{m}"),
        )
        or "weight"
    )
    st.caption(ctx.t(f"lib.cmp.heat_help_{measure}"))
    st.altair_chart(charts.comparison_heatmap(chosen, code, lang, measure), width="content", theme=None)
    data = charts.heatmap_data(chosen, code, lang)
    with st.expander(ctx.t("lib.as_table")):
        if len(data):
            table = data.pivot_table(index="name", columns="case", values=measure, aggfunc="first", sort=False)
            st.dataframe(table, width="stretch")

    st.subheader(ctx.t("lib.cmp.balances_title"), anchor=False)
    balances = charts.balances_data(chosen, code, lang)
    if len(balances):
        st.caption(ctx.t("lib.cmp.balances_help"))
        st.altair_chart(charts.comparison_balances(chosen, code, lang), width="content", theme=None)
        with st.expander(ctx.t("lib.as_table")):
            table = balances.pivot_table(index="pair", columns="case", values="balance", aggfunc="first")
            st.dataframe(table, width="stretch")
    else:
        st.caption(ctx.t("lib.cmp.no_dilemmas"))


def _groups(ctx: Ctx, cases: list[Case], default: str | None) -> None:
    """Groups (classes) and references of one case side by side per item (issue 14)."""
    st.subheader(ctx.t("teaching.compare.title"), anchor=False)
    st.caption(ctx.t("teaching.compare.intro"))
    with_profiles = {c.id: c for c in cases if c.profiles}
    if not with_profiles:
        st.info(ctx.t("teaching.compare.none"))
        return
    key = "cmp:groups-case"
    if st.session_state.get(key) not in with_profiles:
        st.session_state[key] = default if default in with_profiles else next(iter(with_profiles))
    case_id = st.selectbox(
        ctx.t("teaching.compare.case"), list(with_profiles), key=key, format_func=lambda i: with_profiles[i].title
    )
    case = ctx.library.load(case_id)  # the listing's copy is shared: read the case itself
    names = [p.name for p in case.profiles]
    kinds = {p.name: ctx.t(f"teaching.kind.{p.kind}") for p in case.profiles}
    picked_key = f"cmp:groups:{case_id}"
    chosen = st.multiselect(
        ctx.t("teaching.compare.profiles"),
        names,
        default=names[:4],
        key=picked_key,
        format_func=lambda n: f"{n} ({kinds[n]})",
    )
    own = st.checkbox(ctx.t("teaching.compare.own"), key="cmp:groups-own")
    if not chosen:
        st.info(ctx.t("teaching.compare.pick_two"))
        return
    text = comparison_text(case, chosen, ctx.code, ctx.lang, own=ctx.t("teaching.compare.own_short") if own else None)
    for sentence in text.sentences:
        st.markdown(f"- {md_escape(sentence)}")
    st.caption(ctx.t("teaching.compare.legend"))
    table = pd.DataFrame(text.rows, columns=text.columns).set_index(text.columns[0])
    st.dataframe(table, width="stretch")


def _similar(ctx: Ctx, cases: list[Case], by_id: dict[str, Case], default: str | None) -> None:
    st.subheader(ctx.t("lib.cmp.similar_title"), anchor=False)
    st.caption(ctx.t("lib.cmp.similar_help"))
    key, follow = "cmp:similar-for", "cmp:similar-follow"
    if st.session_state.get(key) not in by_id or (default and st.session_state.get(follow) != default):
        st.session_state[key] = default or cases[0].id  # follow the first chosen case until it changes
    st.session_state[follow] = default
    target_id = st.selectbox(ctx.t("lib.cmp.similar_for"), list(by_id), key=key, format_func=lambda i: by_id[i].title)
    found = similar_cases(by_id[target_id], cases, limit=5)
    if not found:
        st.info(ctx.t("lib.cmp.no_similar"))
        return
    table = pd.DataFrame(
        [
            {
                ctx.t("case.title"): s.case.title,
                ctx.t("lib.cmp.score"): round(100 * s.score),
                ctx.t("lib.cmp.reason"): s.reason(ctx.code, ctx.lang),
            }
            for s in found
        ]
    )
    st.dataframe(
        table,
        hide_index=True,
        width="stretch",
        column_config={
            ctx.t("lib.cmp.score"): st.column_config.ProgressColumn(min_value=0, max_value=100, format="%d")
        },
    )
