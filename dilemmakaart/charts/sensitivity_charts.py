"""What would change the decision, as a chart and as its text equivalent (issue 15).

Per value a bar from its weight now to its flip point (``dilemmakaart.options.flip_points``), the
nearest on top; a dot marks the weight now, the bar's far end the weight at which another option
wins, and the name of that option stands beside it. The table says the same in rows.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from dilemmakaart.case import Case
from dilemmakaart.charts import AnyChart
from dilemmakaart.charts.case_charts import LEGEND_COLUMNS, TITLE_LIMIT
from dilemmakaart.charts.labels import NARROW, TITLE_WIDTH, fit_lines, title_text
from dilemmakaart.charts.palette import GRID, MUTED_TEXT, PRESSURE, TEXT
from dilemmakaart.code import ValueCode
from dilemmakaart.i18n import t
from dilemmakaart.options import Sensitivity, number_words
from dilemmakaart.scales import WEIGHT

FONT = "Helvetica, Arial, sans-serif"
ROW = 52  # pixels per value
LABEL_FONT = 13  # the words above each bar
LINE = 16  # pixels a row grows per extra line of its words
HEAVIER = "#0072B2"  # Okabe–Ito blue: the weight must go up
LIGHTER = PRESSURE  # plum: the weight must go down


def flip_rows(case: Case, result: Sensitivity, code: ValueCode, lang: str) -> list[dict]:
    """One row per value with a flip point, nearest first."""
    rows = []
    for flip in result.nearest():
        option = case.option(flip.to)
        rows.append(
            {
                "value": flip.value,
                "name": code.value_name(flip.value, lang),
                "weight": flip.weight,
                "at": float(flip.at),
                "distance": float(flip.distance),
                "direction": t("options.chart.heavier" if flip.up else "options.chart.lighter", lang),
                "to": option.title if option is not None else flip.to,
                "label": t("options.chart.then", lang, option=option.title if option is not None else flip.to),
            }
        )
    return rows


def flip_table(case: Case, result: Sensitivity, code: ValueCode, lang: str) -> pd.DataFrame:
    """The chart's text equivalent: every value at stake, those with a flip point first (nearest on
    top), then the values whose weight changes nothing."""
    rows = [
        {
            t("options.col.value", lang): r["name"],
            t("options.col.weight", lang): r["weight"],
            t("options.col.at", lang): number_words(r["at"], lang),
            t("options.col.distance", lang): f"{number_words(r['distance'], lang)} ({r['direction']})",
            t("options.col.then", lang): r["to"],
        }
        for r in flip_rows(case, result, code, lang)
    ]
    weights = {v.value: v.weight for v in case.values}
    for value_id, flip in result.flips.items():
        if flip is None:
            rows.append(
                {
                    t("options.col.value", lang): code.value_name(value_id, lang),
                    t("options.col.weight", lang): weights.get(value_id, ""),
                    t("options.col.at", lang): t("options.col.none", lang),
                    t("options.col.distance", lang): "—",
                    t("options.col.then", lang): "—",
                }
            )
    columns = [t(f"options.col.{c}", lang) for c in ("value", "weight", "at", "distance", "then")]
    return pd.DataFrame(rows, columns=columns)


def flip_chart(case: Case, result: Sensitivity, code: ValueCode, lang: str, *, width: int = 640) -> AnyChart:
    """The bars; a message in the chart when no weight changes the best option."""
    rows = flip_rows(case, result, code, lang)
    # wrapped to fit the narrowest chart (320 px screens): Vega cuts a title, never wraps it
    title = alt.Title(
        title_text(fit_lines(t("options.chart.title", lang), 18, TITLE_WIDTH, bold=True)),
        subtitle=fit_lines(t("options.chart.subtitle", lang), 14, TITLE_WIDTH),
    )
    config = alt.Config(
        font=FONT,
        background="#FFFFFF",
        view=alt.ViewConfig(stroke=None),
        axis=alt.AxisConfig(
            labelFontSize=14,
            titleFontSize=15,
            labelColor=TEXT,
            titleColor=TEXT,
            gridColor="#E6E6E6",
            domainColor=GRID,
            labelLimit=260,
        ),
        legend=alt.LegendConfig(
            labelFontSize=14,
            titleFontSize=14,
            labelColor=TEXT,
            titleColor=TEXT,
            orient="bottom",
            columns=LEGEND_COLUMNS,
        ),
        title=alt.TitleConfig(
            fontSize=18, color=TEXT, anchor="start", subtitleFontSize=14, subtitleColor=MUTED_TEXT, limit=TITLE_LIMIT
        ),
    )
    if not rows:
        text = t("options.no_flip", lang) if result.ranking.best is not None else t("options.chart.no_ranking", lang)
        lines = fit_lines(text, 15, NARROW - 10)  # from the left, in lines that fit a phone
        layer = (
            alt.Chart(pd.DataFrame([{"text": "\n".join(lines)}]))
            .mark_text(fontSize=15, color=MUTED_TEXT, align="left", baseline="middle", lineBreak="\n")
            .encode(text="text:N", x=alt.value(0), y=alt.value(20 + 9 * len(lines)))
        )
        return alt.LayerChart(
            layer=[layer],
            width=width,
            height=40 + 18 * len(lines),
            title=title,
            config=config,
            autosize=alt.AutoSizeParams(type="fit-x", contains="padding"),
        )
    # each row's words above its bar: the value's name and what then wins, in lines that fit the
    # narrowest chart (a phone, WCAG 1.4.10); no axis of names beside the bars to squeeze the plot
    for row in rows:
        row["label_lines"] = "\n".join(fit_lines(f"{row['name']}: {row['label']}", LABEL_FONT, NARROW - 10))
    frame = pd.DataFrame(rows)
    order = list(frame["name"])
    extra = max(text.count("\n") for text in frame["label_lines"])  # lines beyond the first, at most
    y = alt.Y("name:N", sort=order, title=None, axis=None)
    x_scale = alt.Scale(domain=WEIGHT.domain, nice=False)
    colour = alt.Color(
        "direction:N",
        title=title_text(fit_lines(t("options.chart.legend", lang), 14, NARROW - 10, bold=True)),
        scale=alt.Scale(
            domain=[t("options.chart.heavier", lang), t("options.chart.lighter", lang)], range=[HEAVIER, LIGHTER]
        ),
    )
    base = alt.Chart(frame)
    bars = base.mark_bar(height=14, cornerRadius=2).encode(
        x=alt.X(
            "weight:Q",
            scale=x_scale,
            title=t("options.chart.x", lang),
            axis=alt.Axis(values=WEIGHT.positions(), format="d"),
        ),
        x2="at:Q",
        y=y,
        color=colour,
        tooltip=[
            alt.Tooltip("name:N", title=t("options.col.value", lang)),
            alt.Tooltip("weight:Q", title=t("options.col.weight", lang)),
            alt.Tooltip("at:Q", title=t("options.col.at", lang), format=".2f"),
            alt.Tooltip("to:N", title=t("options.col.then", lang)),
        ],
    )
    now = base.mark_point(filled=True, size=120, color=TEXT, shape="circle").encode(
        x=alt.X("weight:Q", scale=x_scale), y=y
    )
    flip_end = base.mark_tick(thickness=3, size=26, color=TEXT).encode(x=alt.X("at:Q", scale=x_scale), y=y)
    # the winner's name above the bar, from the left edge of the plot: it never runs off the chart
    # Vega writes the lines of a text downwards from its anchor: words of n lines start n - 1 lines higher
    frame["lines"] = frame["label_lines"].str.count("\n") + 1
    labels = [
        alt.Chart(frame[frame["lines"] == n])
        .mark_text(
            align="left",
            baseline="bottom",
            dy=-9 - LINE * (n - 1),
            fontSize=LABEL_FONT,
            lineHeight=LINE,
            color=TEXT,
            lineBreak="\n",
        )
        .encode(x=alt.value(2), y=y, text="label_lines:N")
        for n in sorted(set(frame["lines"]))
    ]
    return alt.LayerChart(
        layer=[bars, now, flip_end, *labels],
        width=width,
        height=max((ROW + LINE * extra) * len(rows), 60),
        title=title,
        config=config,
        autosize=alt.AutoSizeParams(type="fit-x", contains="padding"),
    )
