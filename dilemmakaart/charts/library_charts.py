"""Charts for comparing cases and for what the library shows. Plain data in, ``alt.Chart`` out.

Every chart here has a text equivalent built from the same data (``*_table`` functions), for
screen readers and print. Colours come from ``palette``: foundations always the same colour,
effects on the plum (under pressure) – grey (strengthened) scale.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Literal

import altair as alt
import pandas as pd

from dilemmakaart.case import Case
from dilemmakaart.charts import AnyChart
from dilemmakaart.charts.labels import fit_lines, title_text
from dilemmakaart.charts.palette import (
    AMOUNT_RANGE,
    BALANCE_RANGE,
    EFFECT_DOMAIN,
    EFFECT_RANGE,
    GRID,
    MUTED_TEXT,
    TEXT,
    UNTAGGED,
    effect_colour,
    foundation_colours,
)
from dilemmakaart.code import ValueCode
from dilemmakaart.frameworks import value_names
from dilemmakaart.i18n import t
from dilemmakaart.insights import BALANCE_BINS, DilemmaStat, ValueStat
from dilemmakaart.scales import BALANCE, EFFECT, WEIGHT
from dilemmakaart.text import shorten

# Okabe–Ito colours for up to four cases side by side (distinct for colour-blind readers), with a
# shape each so that colour is never the only cue.
CASE_COLOURS = ["#0072B2", "#E69F00", "#009E73", "#CC79A7"]
CASE_SHAPES = ["circle", "square", "triangle-up", "diamond"]
BIN_COLOURS = BALANCE_RANGE
FONT = 14


def _configure(chart: AnyChart) -> AnyChart:
    """Large enough to read on a projector."""
    return (
        chart.configure_axis(labelFontSize=FONT, titleFontSize=FONT, labelColor=TEXT, titleColor=TEXT, gridColor=GRID)
        .configure_legend(labelFontSize=FONT, titleFontSize=FONT, labelColor=TEXT, titleColor=TEXT, labelLimit=320)
        .configure_title(fontSize=FONT + 2, color=TEXT, anchor="start")
        .configure_view(stroke=None)
    )


def case_label(case: Case, limit: int = 38) -> str:
    return shorten(case.title, limit)


def _unique_labels(cases: list[Case]) -> list[str]:
    labels, seen = [], set()
    for case in cases:
        label = case_label(case)
        if label in seen:
            label = f"{label} ({case.id})"
        seen.add(label)
        labels.append(label)
    return labels


# ---------------------------------------------------------------- comparison


def wheel_data(case: Case, code: ValueCode, lang: str) -> pd.DataFrame:
    """One row per value of the code, in the code's order: its wedge (angles in radians, clockwise
    from the top), weight, effect, whether it is tagged, and the colours to draw it with."""
    colours = foundation_colours([f.id for f in code.foundations])
    step = 2 * math.pi / max(1, len(code.values))
    rows = []
    for order, value in enumerate(code.values):
        v = case.value(value.id)
        foundation = code.foundation_of(value.id)
        rows.append(
            {
                "order": order,
                "value": value.id,
                "name": value.name(lang),
                "foundation": foundation.name(lang),
                "foundation_colour": colours[foundation.id],
                "tagged": v is not None,
                "weight": v.weight if v else None,
                "effect": v.effect if v else None,
                "start": order * step,
                "end": (order + 1) * step,
                # untagged values keep a thin grey wedge so the ring stays whole
                "radius": v.weight if v else 0.6,
                "fill": effect_colour(v.effect) if v else UNTAGGED,
                # the name of a tagged value, read outwards (turned on the left half so it is upright)
                "label": shorten(value.name(lang), 18) if v else "",
                "mid": (order + 0.5) * step,
                "label_angle": math.degrees((order + 0.5) * step) - 90
                if (order + 0.5) * step < math.pi
                else math.degrees((order + 0.5) * step) + 90,
                "side": "right" if (order + 0.5) * step < math.pi else "left",
            }
        )
    return pd.DataFrame(rows)


def comparison_wheels(cases: list[Case], code: ValueCode, lang: str, size: int = 260) -> AnyChart:
    """Value wheels side by side on one scale, each titled with its case: wedge length = weight
    (0–10, the same scale in every wheel), colour = effect (plum under pressure, grey strengthened,
    light grey not tagged; a key below); the outer ring shows the foundation of each value in its
    fixed colour; the values a case tags are named round its wheel."""
    return _configure(alt.vconcat(alt.hconcat(*_wheel_panels(cases, code, lang, size)), _effect_legend(lang)))


def comparison_wheel_charts(cases: list[Case], code: ValueCode, lang: str, size: int = 260) -> list[AnyChart]:
    """The same wheels as ``comparison_wheels``, each a chart of its own (a page lays them out in a
    row that wraps on a narrow screen, WCAG 1.4.10), and the effect key as the last chart. Each
    keeps its names and title inside its own bounds ("pad": Streamlit's "fit" would cut them)."""
    pad = alt.AutoSizeParams(type="pad", contains="padding")
    charts = [*_wheel_panels(cases, code, lang, size), _effect_legend(lang)]
    return [_configure(chart.properties(autosize=pad)) for chart in charts]


def _wheel_panels(cases: list[Case], code: ValueCode, lang: str, size: int) -> list:
    panels = []
    effect_title = t("lib.chart.effect", lang)
    room = 64  # pixels round the wheel for the names
    outer = size / 2 - room
    titles = [case.title for case in cases]
    for case in cases:
        data = wheel_data(case, code, lang)
        # the whole title, wrapped to the wheel's width (a shortened one ended in "…")
        title = case.title if titles.count(case.title) == 1 else f"{case.title} ({case.id})"
        base = alt.Chart(data).encode(theta=alt.Theta("start:Q", scale=None), theta2="end:Q")
        wedges = base.mark_arc(stroke="#9E9E9E", strokeWidth=0.6).encode(
            radius=alt.Radius(
                "radius:Q", scale=alt.Scale(type="sqrt", domain=WEIGHT.domain, range=[14, outer - 12], zero=True)
            ),
            fill=alt.Fill("fill:N", scale=None),
            tooltip=[
                alt.Tooltip("name:N", title=t("case.value", lang)),
                alt.Tooltip("weight:Q", title=t("lib.chart.weight", lang)),
                alt.Tooltip("effect:Q", title=effect_title),
                alt.Tooltip("foundation:N", title=t("case.foundation", lang)),
            ],
        )
        ring = base.mark_arc(radius=outer - 7, radius2=outer, stroke="white", strokeWidth=0.5).encode(
            fill=alt.Fill("foundation_colour:N", scale=None),
            tooltip=[
                alt.Tooltip("name:N", title=t("case.value", lang)),
                alt.Tooltip("foundation:N", title=t("case.foundation", lang)),
            ],
        )
        sides: tuple[tuple[str, Literal["left", "right"]], ...] = (("right", "left"), ("left", "right"))
        names = [
            alt.Chart(data)
            .transform_filter(f"datum.label !== '' && datum.side === '{side}'")
            .mark_text(align=align, baseline="middle", fontSize=10, color=TEXT, radius=outer + 3)
            .encode(
                theta=alt.Theta("mid:Q", scale=None),
                angle=alt.Angle("label_angle:Q", scale=None),
                text="label:N",
            )
            for side, align in sides
            if ((data["label"] != "") & (data["side"] == side)).any()
        ]
        lines = fit_lines(title, FONT + 2, size, bold=True)
        panels.append(alt.layer(ring, wedges, *names).properties(width=size, height=size, title=title_text(lines)))
    return panels


def _effect_legend(lang: str) -> AnyChart:
    """A small colour key for the effect scale, with its end points said in words."""
    data = pd.DataFrame({"effect": EFFECT.positions()})
    data["fill"] = [effect_colour(e) for e in data["effect"]]
    ends = (
        f"datum.value == {EFFECT.min} ? '{EFFECT.min} ' + {t('charts.under_pressure', lang)!r} : "
        f"datum.value == {EFFECT.max} ? '+{EFFECT.max} ' + {t('charts.strengthened', lang)!r} : "
        "datum.value == 0 ? '0' : ''"
    )
    base = alt.Chart(data).encode(
        x=alt.X("effect:O", title=t("lib.chart.effect", lang), axis=alt.Axis(labelAngle=0, labelExpr=ends))
    )
    return alt.layer(
        base.mark_rect(stroke="white").encode(fill=alt.Fill("fill:N", scale=None)),
    ).properties(width=460, height=18)


def heatmap_data(cases: list[Case], code: ValueCode, lang: str) -> pd.DataFrame:
    """Cases × values (only values that at least one of the cases tags), in the code's order."""
    tagged = {v.value for c in cases for v in c.values}
    labels = _unique_labels(cases)
    rows = []
    for order, value in enumerate(v for v in code.values if v.id in tagged):
        for case, label in zip(cases, labels):
            v = case.value(value.id)
            rows.append(
                {
                    "case": label,
                    "case_id": case.id,
                    "value": value.id,
                    "name": value.name(lang),
                    "order": order,
                    "weight": v.weight if v else None,
                    "effect": v.effect if v else None,
                }
            )
    return pd.DataFrame(rows, columns=["case", "case_id", "value", "name", "order", "weight", "effect"])


def comparison_heatmap(cases: list[Case], code: ValueCode, lang: str, measure: str = "weight") -> AnyChart:
    """A cell per case and value: its weight (0–10, one colour getting darker) or its effect
    (−5…+5, plum–grey). Empty cell: the case does not tag the value. The number is in the cell."""
    if measure not in ("weight", "effect"):
        raise ValueError(measure)
    data = heatmap_data(cases, code, lang)
    names = list(dict.fromkeys(data.sort_values("order")["name"]))
    labels = _unique_labels(cases)
    if measure == "weight":
        scale = alt.Scale(domain=WEIGHT.domain, range=AMOUNT_RANGE)
        text_colour = alt.condition("datum.weight >= 6", alt.value("white"), alt.value(TEXT))
    else:
        scale = alt.Scale(domain=EFFECT_DOMAIN, range=EFFECT_RANGE)
        text_colour = alt.condition("abs(datum.effect) >= 4", alt.value("white"), alt.value(TEXT))
    title = t(f"lib.chart.{measure}", lang)
    base = (
        alt.Chart(data)
        .transform_filter(f"isValid(datum.{measure})")
        .encode(
            x=alt.X("name:N", sort=names, title=None, axis=alt.Axis(labelAngle=-40, labelLimit=200)),
            y=alt.Y("case:N", sort=labels, title=None, axis=alt.Axis(labelLimit=340)),
        )
    )
    cells = base.mark_rect(stroke="white", strokeWidth=2).encode(
        color=alt.Color(
            f"{measure}:Q", scale=scale, title=None, legend=alt.Legend(orient="bottom", gradientLength=260)
        ),
        tooltip=[
            alt.Tooltip("case:N", title=t("lib.chart.case", lang)),
            alt.Tooltip("name:N", title=t("case.value", lang)),
            alt.Tooltip(f"{measure}:Q", title=title),
        ],
    )
    numbers = base.mark_text(fontSize=FONT).encode(text=alt.Text(f"{measure}:Q"), color=text_colour)
    grid = (
        alt.Chart(data)
        .mark_rect(fill="#FFFFFF", stroke="#EEEEEE")
        .encode(x=alt.X("name:N", sort=names), y=alt.Y("case:N", sort=labels))
    )
    width = max(320, 46 * len(names))
    return _configure(alt.layer(grid, cells, numbers).properties(width=width, height=alt.Step(46), title=title))


def balances_data(cases: list[Case], code: ValueCode, lang: str) -> pd.DataFrame:
    """One row per case and dilemma, balances turned to the pair's sorted order; values named by
    each case's own framework."""
    names = value_names(cases, code, lang)
    rows = []
    for case, label in zip(cases, _unique_labels(cases)):
        for d in case.dilemmas:
            a, b = sorted((d.a, d.b))
            balance = d.balance if (d.a, d.b) == (a, b) else -d.balance
            rows.append(
                {
                    "case": label,
                    "case_id": case.id,
                    "a": a,
                    "b": b,
                    "pair": f"{names[a]} ↔ {names[b]}",
                    "a_name": names[a],
                    "b_name": names[b],
                    "balance": balance,
                }
            )
    return pd.DataFrame(rows, columns=["case", "case_id", "a", "b", "pair", "a_name", "b_name", "balance"])


def comparison_balances(cases: list[Case], code: ValueCode, lang: str) -> AnyChart:
    """Per dilemma a line from −100 (left value wins) to +100 (right value wins); each case a
    coloured mark with its own shape. Dilemmas that more cases share come first."""
    data = balances_data(cases, code, lang)
    labels = _unique_labels(cases)
    order = list(data.groupby("pair").size().sort_values(ascending=False, kind="stable").index) if len(data) else []
    y = alt.Y("pair:N", sort=order, title=None, axis=None)  # the two values are written at the ends
    x_title = t("lib.chart.balance_axis", lang)
    line = (
        alt.Chart(data)
        .mark_rule(color=GRID, strokeWidth=2)
        .encode(y=y, x=alt.datum(BALANCE.min), x2=alt.datum(BALANCE.max))
    )
    middle = alt.Chart(pd.DataFrame({"x": [0]})).mark_rule(color=MUTED_TEXT, strokeDash=[4, 4]).encode(x="x:Q")
    points = (
        alt.Chart(data)
        .mark_point(size=220, filled=True, opacity=0.9)
        .encode(
            y=y,
            x=alt.X(
                "balance:Q",
                scale=alt.Scale(domain=BALANCE.domain),
                title=x_title,
                axis=alt.Axis(values=BALANCE.ticks(50)),
            ),
            color=alt.Color(
                "case:N",
                sort=labels,
                scale=alt.Scale(domain=labels, range=CASE_COLOURS[: len(labels)]),
                title=t("lib.chart.case", lang),
                legend=alt.Legend(orient="bottom", columns=1),
            ),
            shape=alt.Shape(
                "case:N",
                sort=labels,
                scale=alt.Scale(domain=labels, range=CASE_SHAPES[: len(labels)]),
                title=t("lib.chart.case", lang),
            ),
            tooltip=[
                alt.Tooltip("case:N", title=t("lib.chart.case", lang)),
                alt.Tooltip("pair:N", title=t("lib.chart.dilemma", lang)),
                alt.Tooltip("balance:Q", title=t("lib.chart.balance", lang)),
            ],
        )
    )
    left = (
        alt.Chart(data)
        .mark_text(align="right", dx=-8, color=MUTED_TEXT, fontSize=FONT - 1)
        .encode(y=y, x=alt.datum(BALANCE.min), text="a_name:N")
    )
    right = (
        alt.Chart(data)
        .mark_text(align="left", dx=8, color=MUTED_TEXT, fontSize=FONT - 1)
        .encode(y=y, x=alt.datum(BALANCE.max), text="b_name:N")
    )
    height = max(60, 44 * max(1, len(order)))
    chart = alt.layer(line, middle, points, left, right).properties(width=520, height=height)
    return _configure(chart)


# ---------------------------------------------------------------- insights


def values_data(stats: Iterable[ValueStat], code: ValueCode, lang: str, top: int = 15) -> pd.DataFrame:
    """The ``top`` values tagged most often, split by effect: under pressure, neutral, strengthened."""
    chosen = sorted((s for s in stats if s.cases), key=lambda s: (-s.cases, -s.under_pressure, s.value))[:top]
    rows = []
    for rank, s in enumerate(chosen):
        for part, n in (
            ("pressure", s.under_pressure),
            ("neutral", s.cases - s.under_pressure - s.strengthened),
            ("strengthened", s.strengthened),
        ):
            rows.append(
                {
                    "value": s.value,
                    "name": code.value_name(s.value, lang),
                    "rank": rank,
                    "part": part,
                    "part_label": t(f"lib.chart.part.{part}", lang),
                    "cases": n,
                    "total": s.cases,
                }
            )
    return pd.DataFrame(rows, columns=["value", "name", "rank", "part", "part_label", "cases", "total"])


def values_chart(stats: Iterable[ValueStat], code: ValueCode, lang: str, top: int = 15) -> AnyChart:
    """How often each value is at stake (bar length) and how often under pressure (plum part)."""
    data = values_data(stats, code, lang, top)
    names = list(dict.fromkeys(data.sort_values("rank")["name"]))
    parts = [t(f"lib.chart.part.{p}", lang) for p in ("pressure", "neutral", "strengthened")]
    order_expr = "datum.part == 'pressure' ? 0 : datum.part == 'neutral' ? 1 : 2"
    bars = (
        alt.Chart(data)
        .transform_calculate(part_order=order_expr)
        .mark_bar()
        .encode(
            y=alt.Y("name:N", sort=names, title=None, axis=alt.Axis(labelLimit=260, labelOverlap=False)),
            x=alt.X("cases:Q", stack="zero", title=t("lib.chart.cases_count", lang)),
            color=alt.Color(
                "part_label:N",
                sort=parts,
                scale=alt.Scale(domain=parts, range=[EFFECT_RANGE[0], "#DADADA", EFFECT_RANGE[2]]),
                title=None,
                legend=alt.Legend(orient="top"),
            ),
            order=alt.Order("part_order:Q"),
            tooltip=[
                alt.Tooltip("name:N", title=t("case.value", lang)),
                alt.Tooltip("part_label:N", title=" "),
                alt.Tooltip("cases:Q", title=t("lib.chart.cases_count", lang)),
            ],
        )
    )
    totals = (
        alt.Chart(data)
        .transform_filter("datum.part == 'pressure'")
        .mark_text(align="left", dx=4, fontSize=FONT - 1, color=TEXT)
        .encode(y=alt.Y("name:N", sort=names), x=alt.X("total:Q"), text="total:Q")
    )
    return _configure(alt.layer(bars, totals).properties(width=520, height=alt.Step(28)))


def distribution_data(dilemmas: list[DilemmaStat], code: ValueCode, lang: str, top: int = 8) -> pd.DataFrame:
    rows = []
    for rank, d in enumerate(dilemmas[:top]):
        a, b = code.value_name(d.a, lang), code.value_name(d.b, lang)
        for order, (bin_key, n) in enumerate(d.bins.items()):
            rows.append(
                {
                    "pair": f"{a} ↔ {b} ({d.cases})",
                    "rank": rank,
                    "bin": bin_key,
                    "bin_order": order,
                    "bin_label": t(f"lib.chart.bin.{bin_key}", lang),
                    "cases": n,
                    "a": a,
                    "b": b,
                    "share": n / d.cases if d.cases else 0,
                }
            )
    return pd.DataFrame(rows, columns=["pair", "rank", "bin", "bin_order", "bin_label", "cases", "a", "b", "share"])


def distribution_chart(dilemmas: list[DilemmaStat], code: ValueCode, lang: str, top: int = 8) -> AnyChart:
    """Per frequent dilemma, how the cases balanced it: five bins from "left value clearly wins"
    to "right value clearly wins", as shares of a 100 % bar (the number of cases is in the label)."""
    data = distribution_data(dilemmas, code, lang, top)
    pairs = list(dict.fromkeys(data.sort_values("rank")["pair"]))
    labels = [t(f"lib.chart.bin.{b}", lang) for b in BALANCE_BINS]
    chart = (
        alt.Chart(data)
        .transform_filter("datum.cases > 0")
        .mark_bar(stroke="white")
        .encode(
            y=alt.Y("pair:N", sort=pairs, title=None, axis=alt.Axis(labelLimit=380, labelOverlap=False)),
            x=alt.X("share:Q", stack="normalize", title=t("lib.chart.share", lang), axis=alt.Axis(format="%")),
            color=alt.Color(
                "bin_label:N",
                sort=labels,
                scale=alt.Scale(domain=labels, range=BIN_COLOURS),
                title=None,
                legend=alt.Legend(orient="bottom", direction="vertical", labelLimit=360),
            ),
            order=alt.Order("bin_order:Q"),
            tooltip=[
                alt.Tooltip("pair:N", title=t("lib.chart.dilemma", lang)),
                alt.Tooltip("bin_label:N", title=" "),
                alt.Tooltip("cases:Q", title=t("lib.chart.cases_count", lang)),
            ],
        )
    )
    return _configure(chart.properties(width=520, height=alt.Step(32)))


def by_type_data(groups: dict[str, list[Case]], code: ValueCode, lang: str) -> pd.DataFrame:
    """Per organisation type and value: the share of that type's cases that tag the value."""
    rows = []
    for org_type, cases in groups.items():
        label = t(f"organisation_type.{org_type}", lang) if org_type != "-" else t("lib.chart.no_type", lang)
        counts: dict[str, int] = {}
        for case in cases:
            for v in case.values:
                counts[v.value] = counts.get(v.value, 0) + 1
        for order, value in enumerate(code.values):
            n = counts.get(value.id, 0)
            rows.append(
                {
                    "type": f"{label} ({len(cases)})",
                    "value": value.id,
                    "name": value.name(lang),
                    "order": order,
                    "cases": n,
                    "share": n / len(cases) if cases else 0.0,
                }
            )
    return pd.DataFrame(rows, columns=["type", "value", "name", "order", "cases", "share"])


def by_type_chart(groups: dict[str, list[Case]], code: ValueCode, lang: str) -> AnyChart:
    """Which values each kind of organisation tags (share of its cases); empty cells: never."""
    data = by_type_data(groups, code, lang)
    names = [v.name(lang) for v in code.values]
    base = alt.Chart(data).encode(
        x=alt.X("name:N", sort=names, title=None, axis=alt.Axis(labelAngle=-45, labelLimit=200, labelOverlap=False)),
        y=alt.Y(
            "type:N",
            title=None,
            sort=list(dict.fromkeys(data["type"])),
            axis=alt.Axis(labelLimit=300, labelOverlap=False),
        ),
    )
    cells = base.mark_rect(stroke="white", strokeWidth=1.5).encode(
        color=alt.condition(
            "datum.cases > 0",
            alt.Color(
                "share:Q",
                scale=alt.Scale(domain=[0, 1], range=["#EBEBEB", AMOUNT_RANGE[1]]),
                title=t("lib.chart.share", lang),
                legend=alt.Legend(orient="bottom", format="%"),
            ),
            alt.value("#FFFFFF"),
        ),
        tooltip=[
            alt.Tooltip("type:N", title=t("case.organisation_type", lang)),
            alt.Tooltip("name:N", title=t("case.value", lang)),
            alt.Tooltip("cases:Q", title=t("lib.chart.cases_count", lang)),
            alt.Tooltip("share:Q", format=".0%", title=t("lib.chart.share", lang)),
        ],
    )
    zero = base.transform_filter("datum.cases == 0").mark_text(text="·", fontSize=FONT + 4, color=MUTED_TEXT)
    return _configure(alt.layer(cells, zero).properties(width=alt.Step(22), height=alt.Step(40)))
