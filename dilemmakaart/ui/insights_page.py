"""The insights page: what the library as a whole shows, and how the code fares in practice.

Headline sentences first, then each chart with its table (the text equivalent) beneath it."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dilemmakaart.case import ORGANISATION_TYPES
from dilemmakaart.charts import library_charts as charts
from dilemmakaart.insights import (
    actions_per_value,
    by_organisation_type,
    code_in_practice,
    dilemma_stats,
    headlines,
    practice_by_type,
    rare_limit,
    value_stats,
)
from dilemmakaart.search import Filters, filter_cases, options
from dilemmakaart.text import md_escape
from dilemmakaart.ui.bootstrap import Ctx


def insights_page(ctx: Ctx) -> None:
    st.title(ctx.t("lib.ins.title"), anchor=False)
    st.markdown(ctx.t("lib.ins.intro"))
    listing = ctx.library.list()
    all_cases = listing.cases
    c1, c2 = st.columns(2)
    with c1:
        types = st.multiselect(
            ctx.t("case.organisation_type"),
            ORGANISATION_TYPES,
            key="ins:type",
            placeholder=ctx.t("lib.all"),
            format_func=lambda v: ctx.t(f"organisation_type.{v}"),
        )
    with c2:
        techs = st.multiselect(
            ctx.t("case.technology"), options(all_cases)["technologies"], key="ins:tech", placeholder=ctx.t("lib.all")
        )
    cases = filter_cases(all_cases, Filters(organisation_types=tuple(types), technologies=tuple(techs)))
    from dilemmakaart.ui.frameworks_view import framework_group

    cases = framework_group(ctx, cases)  # one framework at a time, in its own items (issue 16)
    if listing.unreadable:
        st.caption(ctx.t("lib.ins.unreadable", n=len(listing.unreadable)))

    st.subheader(ctx.t("lib.ins.headlines"), anchor=False)
    st.markdown("\n".join(f"- {md_escape(line)}" for line in headlines(cases, ctx.code, ctx.lang)))
    if not cases:
        return
    code, lang = ctx.code, ctx.lang
    stats = value_stats(cases, code)

    st.subheader(ctx.t("lib.ins.values_title"), anchor=False)
    st.caption(ctx.t("lib.ins.values_help"))
    st.altair_chart(charts.values_chart(stats.values(), code, lang), width="content", theme=None)
    with st.expander(ctx.t("lib.as_table")):
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        ctx.t("case.value"): code.value_name(s.value, lang),
                        ctx.t("lib.ins.col.cases"): s.cases,
                        ctx.t("lib.ins.col.pressure"): s.under_pressure,
                        ctx.t("lib.ins.col.strengthened"): s.strengthened,
                        ctx.t("lib.ins.col.mean_weight"): s.mean_weight,
                        ctx.t("lib.ins.col.mean_effect"): s.mean_effect,
                    }
                    for s in sorted(stats.values(), key=lambda s: (-s.cases, s.value))
                ]
            ),
            hide_index=True,
            width="stretch",
        )

    st.subheader(ctx.t("lib.ins.dilemmas_title"), anchor=False)
    dilemmas = dilemma_stats(cases, code)
    if dilemmas:
        st.caption(ctx.t("lib.ins.dilemmas_help"))
        st.altair_chart(charts.distribution_chart(dilemmas, code, lang), width="content", theme=None)
        with st.expander(ctx.t("lib.as_table")):
            st.dataframe(
                pd.DataFrame(
                    [
                        {
                            ctx.t("lib.ins.col.left"): code.value_name(d.a, lang),
                            ctx.t("lib.ins.col.right"): code.value_name(d.b, lang),
                            ctx.t("lib.ins.col.cases"): d.cases,
                            **{ctx.t(f"lib.chart.bin.{k}"): n for k, n in d.bins.items()},
                            ctx.t("lib.ins.col.median"): d.median,
                            ctx.t("lib.ins.col.in_code"): ctx.t("lib.yes") if d.in_code else ctx.t("lib.no"),
                        }
                        for d in dilemmas
                    ]
                ),
                hide_index=True,
                width="stretch",
            )
    else:
        st.caption(ctx.t("lib.cmp.no_dilemmas"))

    st.subheader(ctx.t("lib.ins.actions_title"), anchor=False)
    per_value = actions_per_value(cases)
    if per_value:
        st.caption(ctx.t("lib.ins.actions_help"))
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        ctx.t("case.value"): code.value_name(vid, lang),
                        ctx.t("lib.ins.col.actions"): e["actions"],
                        **{
                            ctx.t(f"action_kind.{k}"): e["kinds"].get(k, 0)
                            for k in ("techniek", "omgeving", "gebruikers")
                        },
                        ctx.t("lib.ins.col.most_chosen"): " · ".join(f"{text} ({n}×)" for text, n in e["top"][:2]),
                    }
                    for vid, e in sorted(per_value.items(), key=lambda kv: (-kv[1]["actions"], kv[0]))
                ]
            ),
            hide_index=True,
            width="stretch",
        )
    else:
        st.caption(ctx.t("lib.ins.no_actions"))

    _code_in_practice(ctx, cases)


def _code_in_practice(ctx: Ctx, cases) -> None:
    code, lang = ctx.code, ctx.lang
    name = lambda vid: code.value_name(vid, lang)  # noqa: E731
    practice = code_in_practice(cases, code)
    st.header(ctx.t("lib.ins.practice_title"), anchor=False)
    st.markdown(ctx.t("lib.ins.practice_intro"))
    lines = []
    lines.append(
        ctx.t("lib.ins.never", n=len(practice.never), values=", ".join(name(v) for v in practice.never) or "—")
    )
    lines.append(
        ctx.t(
            "lib.ins.rare",
            n=len(practice.rare),
            limit=rare_limit(len(cases)),
            values=", ".join(f"{name(v)} ({n})" for v, n in practice.rare) or "—",
        )
    )
    lines.append(
        ctx.t(
            "lib.ins.only_strengthened",
            n=len(practice.only_strengthened),
            values=", ".join(f"{name(v)} ({n})" for v, n in practice.only_strengthened) or "—",
        )
    )
    lines.append(ctx.t("lib.ins.missing", n=len(practice.missing_tensions)))
    lines.append(
        ctx.t(
            "lib.ins.unused",
            n=len(practice.unused_tensions),
            pairs=", ".join(f"{name(a)} – {name(b)}" for a, b in practice.unused_tensions) or "—",
        )
    )
    st.markdown("\n".join(f"- {md_escape(line)}" for line in lines))
    if practice.missing_tensions:
        st.markdown(f"**{ctx.t('lib.ins.missing_title')}**")
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        ctx.t("lib.ins.col.left"): name(a),
                        ctx.t("lib.ins.col.right"): name(b),
                        ctx.t("lib.ins.col.cases"): n,
                    }
                    for a, b, n in practice.missing_tensions
                ]
            ),
            hide_index=True,
            width="stretch",
        )
    st.subheader(ctx.t("lib.ins.by_type_title"), anchor=False)
    st.caption(ctx.t("lib.ins.by_type_help"))
    groups = by_organisation_type(cases)
    st.altair_chart(charts.by_type_chart(groups, code, lang), width="content", theme=None)
    st.dataframe(
        pd.DataFrame(
            [
                {
                    ctx.t("case.organisation_type"): ctx.t(f"organisation_type.{r['organisation_type']}")
                    if r["organisation_type"] != "-"
                    else ctx.t("lib.chart.no_type"),
                    ctx.t("lib.ins.col.cases"): r["cases"],
                    ctx.t("lib.ins.col.never"): r["never"],
                    ctx.t("lib.ins.col.only_strengthened"): r["only_strengthened"],
                    ctx.t("lib.ins.col.missing"): r["missing_tensions"],
                }
                for r in practice_by_type(cases, code)
            ]
        ),
        hide_index=True,
        width="stretch",
    )
