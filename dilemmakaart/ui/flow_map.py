"""Step 4, Dilemmakaart: first the sentences that say where to look, then the value wheel, the
dilemma map and the trade-off rows, each with its text equivalent and PNG and SVG downloads."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from dilemmakaart.case import Case, slugify
from dilemmakaart.text import md_escape
from dilemmakaart.ui import a11y, pages
from dilemmakaart.ui.bootstrap import Ctx
from dilemmakaart.ui.downloads import chart_downloads
from dilemmakaart.ui.flow_common import flow_page, step_links


def map_page(ctx: Ctx) -> Case | None:
    case = flow_page(ctx, 4)
    if case is None:
        return None
    from dilemmakaart.charts import case_charts, describe

    if not case.values:
        st.info(ctx.t("flow.map.no_values"), icon=":material/info:")
        pages.link(pages.VALUES, ctx.lang)
        step_links(ctx, 4)
        return case
    from dilemmakaart.ui.frameworks_view import show_view, view_choice

    through = view_choice(ctx, case)  # the case through another framework (issue 16)
    if through is not None:
        show_view(ctx, case, through)
        step_links(ctx, 4)
        return case
    with st.container(border=True):
        st.subheader(ctx.t("flow.map.look_first"), anchor=False)
        sentences = describe.map_sentences(case, ctx.code, ctx.lang)
        st.markdown("\n".join(f"- {md_escape(s)}" for s in sentences) if sentences else ctx.t("case.none_yet"))
    base = slugify(case.title or case.id)

    st.divider()
    chart_block(
        ctx,
        "map",
        lambda: case_charts.dilemma_map(case, ctx.code, ctx.lang, size=640),
        base,
        lambda: st.dataframe(describe.map_table(case, ctx.code, ctx.lang), hide_index=True, width="stretch"),
        describe.map_summary(case, ctx.code, ctx.lang),
        # on the page the names are placed for narrow plots too (a phone, 400 % zoom); the
        # downloads keep the map's own size
        page_chart=lambda: case_charts.dilemma_map(case, ctx.code, ctx.lang, size=640, responsive=True),
    )

    st.divider()
    chart_block(
        ctx,
        "wheel",
        lambda: case_charts.value_wheel(case, ctx.code, ctx.lang, size=560),
        base,
        lambda: st.dataframe(describe.wheel_table(case, ctx.code, ctx.lang), hide_index=True, width="stretch"),
        describe.wheel_summary(case, ctx.code, ctx.lang),
    )

    st.divider()
    if case.dilemmas:
        responses = case.last_round_responses()
        chart_block(
            ctx,
            "tradeoffs",
            lambda: case_charts.tradeoffs(case, ctx.code, ctx.lang, responses=responses),
            base,
            lambda: _tradeoff_text(ctx, case, describe, responses),
            describe.tradeoffs_summary(case, ctx.lang),
        )
    else:
        st.subheader(ctx.t("flow.map.tradeoffs_title"), anchor=False)
        st.caption(ctx.t("flow.map.no_dilemmas"))
        pages.link(pages.WEIGH, ctx.lang)
    step_links(ctx, 4)
    return case


def _tradeoff_text(ctx: Ctx, case: Case, describe, responses) -> None:
    sentences = describe.tradeoff_sentences(case, ctx.code, ctx.lang, responses)
    if sentences:
        st.markdown("\n".join(f"- {md_escape(s)}" for s in sentences))
    st.dataframe(describe.tradeoff_table(case, ctx.code, ctx.lang, responses), hide_index=True, width="stretch")


def chart_block(
    ctx: Ctx,
    name: str,
    build: Callable,
    base: str,
    text: Callable[[], object],
    summary: str = "",
    page_chart: Callable | None = None,
) -> None:
    """A chart, its text equivalent and PNG/SVG downloads (made only when clicked). The chart is one
    image named by ``summary`` (else its title); the buttons say which chart they are for
    (``ui/a11y.py``). ``page_chart``: the chart as the page shows it, when the downloads (``build``)
    differ from it."""
    chart = (page_chart or build)()
    if summary:
        chart = chart.properties(description=summary)
    st.altair_chart(chart, key=f"map:chart:{name}", theme=None)
    with a11y.named(ctx.t(f"a11y.of_{name}"), key=f"map-{name}"):
        with st.expander(ctx.t("flow.map.as_text")):
            text()
        chart_downloads(ctx, build, name, file_base=base)
