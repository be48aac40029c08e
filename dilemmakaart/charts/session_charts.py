"""Charts for a group session. Plain data in, ``alt.Chart`` out; every chart has a ``*_data``
function whose table is the chart's text equivalent (shown under the chart and used in tests).

- ``group_map``: the dilemma map from the group's medians (x = effect, y = weight).
- ``balance_dots``: per dilemma every participant as a dot and the median as a black diamond.
- ``divergence``: per value and dilemma how far people disagree; two camps drawn in a different
  colour *and* marked with text, so colour is never the only cue.
- ``movement``: per value (weight) and per dilemma how the median moved from one round to the next.
- ``role_heatmap``: role × value, the median weight per role.

``big=True`` is the projector size (larger type and marks).
"""

from __future__ import annotations

import math
from typing import Any

import altair as alt
import pandas as pd

from dilemmakaart.aggregate import OTHER, GroupSummary, Movement, median, participant_positions
from dilemmakaart.case import Case, Response
from dilemmakaart.charts import AnyChart
from dilemmakaart.charts.labels import Plot, place_labels, spread_same_spot, text_width
from dilemmakaart.charts.palette import (
    AMOUNT_RANGE,
    EFFECT_DOMAIN,
    EFFECT_RANGE,
    GRID,
    MEDIAN,
    MUTED_TEXT,
    PERSON,
    PERSON_EDGE,
    QUADRANT_FILL,
    TEXT,
    foundation_colours,
)
from dilemmakaart.code import ValueCode, foundation_order
from dilemmakaart.i18n import t
from dilemmakaart.scales import BALANCE, EFFECT, WEIGHT

# how the group answered, in greys (never a foundation's colour or an effect's), each also in words
SPLIT_COLOUR = "#1A1A1A"  # two camps
SPREAD_COLOUR = "#5E5E5E"  # disagreement without camps
AGREE_COLOUR = "#C8C8C8"
OTHER_COLOUR = "#E6E6E6"
MEDIAN_COLOUR = MEDIAN


def _font(big: bool) -> int:
    return 22 if big else 14


def _configure(chart: AnyChart, big: bool) -> AnyChart:
    size = _font(big)
    return (
        chart.configure_axis(
            labelFontSize=size, titleFontSize=size, labelColor=TEXT, titleColor=TEXT, gridColor=GRID, labelLimit=400
        )
        .configure_legend(labelFontSize=size, titleFontSize=size, labelColor=TEXT, titleColor=TEXT, labelLimit=400)
        .configure_title(fontSize=size + 2, color=TEXT, anchor="start")
        .configure_view(stroke=None)
    )


def _has_data(chart: alt.Chart) -> bool:
    data = chart.data
    return not (isinstance(data, pd.DataFrame) and data.empty)


def _layers(*charts: alt.Chart) -> AnyChart:
    """Layer the charts that have data: an empty Vega layer is drawn as an SVG group without a
    description, which trips accessibility checks (axe ``svg-img-alt``) and says nothing."""
    kept = [c for c in charts if _has_data(c)]
    return alt.layer(*kept)


def _two_lines(title: str) -> str | list[str]:
    """A long axis title as two lines (at ": "), so it fits under a chart on a phone."""
    head, sep, tail = title.partition(": ")
    return [head + ":", tail] if sep else title


def _wrap(text: str, width: int) -> str:
    """``text`` broken at spaces into lines of about ``width`` characters ("\n" between them), for a
    text mark with ``lineBreak="\n"``: a long dilemma or value name stays inside a phone's chart."""
    lines: list[str] = []
    for word in text.split(" "):
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return "\n".join(lines)


def _name(code: ValueCode, value_id: str, lang: str) -> str:
    return code.value_name(value_id, lang) if value_id in code.value_ids else value_id


def item_label(item: str, code: ValueCode, lang: str) -> str:
    """``weight:privacy`` → "Privacy (gewicht)"; ``balance:a|b`` → "A ↔ B"."""
    kind, target = item.split(":", 1)
    if kind == "balance":
        a, b = target.split("|", 1)
        return f"{_name(code, a, lang)} ↔ {_name(code, b, lang)}"
    return f"{_name(code, target, lang)} ({t(f'session.kind.{kind}', lang)})"


# ---------------------------------------------------------------- group dilemma map

Y_TOP = 11.3  # room above weight 10 for the quadrant's label
Y_BOTTOM = -0.8  # room below weight 0 for names
X_DOMAIN = (-5.5, 5.5)


def _map_size(big: bool, narrow: bool = False) -> tuple[int, int, int]:
    """The group map's nominal width (the chart "fits" the column), its plot's height and the room
    the y axis takes, in pixels. ``narrow``: a phone's column (names are placed for that width, so a
    long name is not cut at the plot's edge when the chart is fitted into it)."""
    if narrow:
        return (340, 360, 50)
    return (960, 560, 80) if big else (640, 420, 60)


def _dot_size(big: bool) -> int:
    return 420 if big else 220


def group_map_plot(big: bool = False, narrow: bool = False) -> Plot:
    width, height, axis = _map_size(big, narrow)
    return Plot(X_DOMAIN, (Y_BOTTOM, Y_TOP), width - axis, height)


def _look_first_box(lang: str, big: bool, narrow: bool = False) -> tuple[float, float, float, float]:
    """The box (pixels) of the quadrant's note in the top-left corner of the plot (two lines)."""
    size = _font(big) - 2
    lines = t("session.chart.look_first", lang).split(": ")
    width = max(text_width(line, size) for line in lines) + 2
    x0, y0 = group_map_plot(big, narrow).px(-5.4, Y_TOP - 0.1)
    return (x0 - 2, y0 - 2, x0 + width + 4, y0 + size * len(lines) + 4)


def group_map_data(
    case: Case, code: ValueCode, summary: GroupSummary, lang: str, *, big: bool = False, narrow: bool = False
) -> pd.DataFrame:
    """One row per value with both medians. ``effect_at`` is the effect drawn (values on the same
    spot side by side); the name is placed by ``charts.labels`` (``label``, ``label_x``,
    ``label_y``, ``align``, and ``leader_x``/``leader_y`` for a name away from its point), clear of
    the other names and points, the dilemma lines and the quadrant's note."""
    rows: list[dict[str, Any]] = []
    for v in case.values:
        w = summary.items.get(f"weight:{v.value}")
        e = summary.items.get(f"effect:{v.value}")
        if not w or not e or w.median is None or e.median is None:
            continue
        foundation = code.foundation_of(v.value) if v.value in code.value_ids else None
        rows.append(
            {
                "value": v.value,
                "name": _name(code, v.value, lang),
                "foundation": foundation.id if foundation else "?",
                "foundation_name": foundation.name(lang) if foundation else "?",
                "weight": w.median,
                "effect": e.median,
                "answers": w.n,
            }
        )
    plot = group_map_plot(big, narrow)
    radius = math.sqrt(_dot_size(big) / math.pi) + 1
    step = (2 * radius + 2) / plot.width * (X_DOMAIN[1] - X_DOMAIN[0])
    for row, shift in zip(rows, spread_same_spot([(r["effect"], r["weight"]) for r in rows], step)):
        row["effect_at"] = row["effect"] + shift
    where = {r["value"]: (r["effect_at"], r["weight"]) for r in rows}
    segments = [(*where[d.a], *where[d.b]) for d in case.dilemmas if d.a in where and d.b in where]
    placed = place_labels(
        [(r["value"], r["effect_at"], r["weight"], r["name"]) for r in rows],
        plot,
        font_size=_font(big),
        line_height=_font(big) + 2,
        bold=True,
        dot_radius=radius,
        segments=segments,
        reserved=[_look_first_box(lang, big, narrow)],
        wrap=14 if narrow else 22,
        divider_x=0.0,
    )
    for row, label in zip(rows, placed):
        row.update(
            label=label.text,
            label_x=label.x,
            label_y=label.y,
            align=label.align,
            leader_x=label.leader[2] if label.leader else None,
            leader_y=label.leader[3] if label.leader else None,
        )
    columns = [
        "value",
        "name",
        "foundation",
        "foundation_name",
        "weight",
        "effect",
        "answers",
        "effect_at",
        "label",
        "label_x",
        "label_y",
        "align",
        "leader_x",
        "leader_y",
    ]
    return pd.DataFrame(rows, columns=columns)


def group_map(
    case: Case, code: ValueCode, summary: GroupSummary, lang: str, *, big: bool = False, narrow: bool = False
) -> AnyChart:
    data = group_map_data(case, code, summary, lang, big=big, narrow=narrow)
    size = _font(big)
    width, height, _ = _map_size(big, narrow)
    fids = foundation_order(code)
    colours = foundation_colours(fids)
    names = [code.foundation(f).name(lang) for f in fids]
    x_scale = alt.Scale(domain=list(X_DOMAIN), nice=False, zero=False)
    y_scale = alt.Scale(domain=[Y_BOTTOM, Y_TOP], nice=False, zero=False)
    x = alt.X(
        "effect_at:Q",
        scale=x_scale,
        title=_two_lines(t("session.chart.effect_axis", lang)),
        axis=alt.Axis(values=EFFECT.positions(), grid=False, format="d"),
    )
    y = alt.Y(
        "weight:Q",
        scale=y_scale,
        title=t("session.chart.weight_axis", lang),
        axis=alt.Axis(values=[0, 2, 4, 6, 8, 10], format="d"),
    )
    quadrant = (
        alt.Chart(pd.DataFrame({"x": [X_DOMAIN[0]], "x2": [0], "y": [5], "y2": [Y_TOP]}))
        .mark_rect(color=QUADRANT_FILL, opacity=1)
        .encode(x=alt.X("x:Q", scale=x_scale), x2="x2:Q", y=alt.Y("y:Q", scale=y_scale), y2="y2:Q")
    )
    quadrant_label = (
        alt.Chart(pd.DataFrame({"x": [-5.4], "y": [Y_TOP - 0.1], "text": [t("session.chart.look_first", lang)]}))
        .mark_text(
            align="left",
            baseline="top",
            fontSize=size - 2,
            color=MUTED_TEXT,
            fontStyle="italic",
            lineBreak=": ",
        )
        .encode(x=alt.X("x:Q", scale=x_scale), y=alt.Y("y:Q", scale=y_scale), text="text:N")
    )
    zero = (
        alt.Chart(pd.DataFrame({"x": [0]}))
        .mark_rule(color=MUTED_TEXT, strokeDash=[4, 4])
        .encode(x=alt.X("x:Q", scale=x_scale))
    )
    lines = []
    where = {row.value: (row.effect_at, row.weight) for row in data.itertuples()}
    for i, d in enumerate(case.dilemmas):
        if d.a in where and d.b in where:
            for side in (d.a, d.b):
                lines.append({"dilemma": i, "effect_at": where[side][0], "weight": where[side][1]})
    line_layer = (
        alt.Chart(pd.DataFrame(lines, columns=["dilemma", "effect_at", "weight"]))
        .mark_line(color=MUTED_TEXT, strokeDash=[6, 4], strokeWidth=1.5)
        .encode(x=alt.X("effect_at:Q", scale=x_scale), y=alt.Y("weight:Q", scale=y_scale), detail="dilemma:N")
    )
    leaders = (
        alt.Chart(data.dropna(subset=["leader_x"])[["value", "effect_at", "weight", "leader_x", "leader_y"]])
        .mark_rule(color="#8C8C8C", strokeWidth=1.5 if big else 1.2)
        .encode(
            x=alt.X("effect_at:Q", scale=x_scale),
            y=alt.Y("weight:Q", scale=y_scale),
            x2="leader_x:Q",
            y2="leader_y:Q",
        )
    )
    tooltip = [
        alt.Tooltip("name:N", title=t("session.chart.value", lang)),
        alt.Tooltip("weight:Q", title=t("session.chart.median_weight", lang)),
        alt.Tooltip("effect:Q", title=t("session.chart.median_effect", lang)),
        alt.Tooltip("answers:Q", title=t("session.chart.answers", lang)),
    ]
    dots = (
        alt.Chart(data)
        .mark_circle(size=_dot_size(big), opacity=1, stroke="white", strokeWidth=1.5)
        .encode(
            x=x,
            y=y,
            tooltip=tooltip,
            color=alt.Color(
                "foundation_name:N",
                scale=alt.Scale(domain=names, range=[colours[f] for f in fids]),
                title=t("session.chart.foundation", lang),
                legend=alt.Legend(orient="bottom", direction="vertical"),
            ),
        )
    )
    # one layer per alignment: each name is anchored on the edge next to its point
    labels = [
        alt.Chart(data[data["align"] == align])
        .mark_text(
            align=align,
            baseline="top",
            fontSize=size,
            lineHeight=size + 2,
            lineBreak="\n",
            fontWeight="bold",
            **halo,
        )
        .encode(x=alt.X("label_x:Q", scale=x_scale), y=alt.Y("label_y:Q", scale=y_scale), text="label:N")
        for align in ("left", "center", "right")
        for halo in ({"color": "white", "stroke": "white", "strokeWidth": 4, "strokeJoin": "round"}, {"color": TEXT})
    ]
    chart = _layers(quadrant, quadrant_label, zero, line_layer, leaders, dots, *labels).properties(
        width=width, height=height, autosize=alt.AutoSizeParams(type="fit-x", contains="padding")
    )
    return _configure(chart, big)


# ---------------------------------------------------------------- balances with every participant


def balance_dots_data(
    case: Case, code: ValueCode, responses: list[Response], summary: GroupSummary, lang: str
) -> pd.DataFrame:
    """One row per participant per dilemma, and one for the median; ``y`` places the marks: row
    ``r`` of the chart sits at −r, people with the same answer are stacked upward from it."""
    rows = []
    for r, d in enumerate(case.dilemmas):
        a, b = _name(code, d.a, lang), _name(code, d.b, lang)
        common = {"pair": f"{a} ↔ {b}", "a_name": a, "b_name": b, "row": -ROW * r}
        stats = summary.items.get(f"balance:{d.key}")
        counts: dict[float, int] = {}
        for participant, role, balance in participant_positions(responses, "balance", d.key):
            counts[balance] = counts.get(balance, 0) + 1
            rows.append(
                {
                    **common,
                    "participant": participant,
                    "role": t("session.breakdown.other", lang) if role == OTHER else role or "",
                    "balance": balance,
                    "y": -ROW * r + STACK * (counts[balance] - 1),
                    "kind": "participant",
                }
            )
        rows.append(
            {
                **common,
                "participant": t("session.chart.median", lang),
                "role": "",
                "balance": stats.median if stats else None,
                "y": -ROW * r,
                "kind": "median",
            }
        )
    return pd.DataFrame(
        rows, columns=["pair", "a_name", "b_name", "row", "participant", "role", "balance", "y", "kind"]
    )


def _row_height(n: int, big: bool) -> int:
    """Pixels per dilemma: on the projector the rows share about 700 px, so the whole chart fits a
    1920×1080 screen without scrolling (never less than 110 px a row)."""
    return min(190, max(110, 700 // max(1, n))) if big else 160


STACK = 0.11  # how far a stacked dot sits above the one below (rows are ROW apart)
ROW = 1.4


def balance_dots(
    case: Case, code: ValueCode, responses: list[Response], summary: GroupSummary, lang: str, *, big: bool = False
) -> AnyChart:
    """One line per dilemma: −100 (left value wins) … +100 (right value wins). Each participant is
    a dot; people with the same answer are stacked so every person stays visible; the black
    diamond is the group's median. The dilemma is written above its line, its values at the ends."""
    data = balance_dots_data(case, code, responses, summary, lang)
    size = _font(big)
    n = max(1, len(case.dilemmas))
    y_scale = alt.Scale(domain=[-ROW * (n - 1) - 0.45, 0.95])
    y = alt.Y("y:Q", scale=y_scale, axis=None)
    x = alt.X(
        "balance:Q",
        scale=alt.Scale(domain=[-108, 108]),
        title=t("session.chart.balance_axis", lang).split(" · "),  # two lines: it fits under a phone's chart
        axis=alt.Axis(values=BALANCE.ticks(50), format="d"),
    )
    medians = data[data["kind"] == "median"].assign(  # the names as lines that fit a phone's chart
        pair_lines=lambda f: f["pair"].map(lambda x: _wrap(x, 34)),
        a_lines=lambda f: f["a_name"].map(lambda x: _wrap(x, 16)),
        b_lines=lambda f: f["b_name"].map(lambda x: _wrap(x, 16)),
    )
    people = data[data["kind"] == "participant"]
    line = (
        alt.Chart(medians)
        .mark_rule(color=GRID, strokeWidth=3)
        .encode(x=alt.datum(BALANCE.min), x2=alt.datum(BALANCE.max), y=alt.Y("row:Q", scale=y_scale, axis=None))
    )
    # the middle of each dilemma's line, below its title (a rule over the whole height crossed the titles)
    middle = (
        alt.Chart(medians)
        .mark_rule(color=MUTED_TEXT, strokeDash=[4, 4])
        .encode(x=alt.datum(0), y=alt.Y("low:Q", scale=y_scale, axis=None), y2="high:Q")
        .transform_calculate(low="datum.row - 0.3", high="datum.row + 0.55")
    )
    dots = (
        alt.Chart(people)
        .mark_circle(size=300 if big else 150, opacity=0.85, color=PERSON, stroke=PERSON_EDGE, strokeWidth=1)
        .encode(
            x=x,
            y=y,
            tooltip=[
                alt.Tooltip("participant:N", title=t("session.chart.participant", lang)),
                alt.Tooltip("role:N", title=t("session.chart.role", lang)),
                alt.Tooltip("balance:Q", title=t("session.chart.balance", lang)),
            ],
        )
    )
    med = (
        alt.Chart(medians.dropna(subset=["balance"]))
        .mark_point(shape="diamond", size=800 if big else 420, filled=True, color=MEDIAN_COLOUR, opacity=1)
        .encode(
            x=x,
            y=y,
            tooltip=[
                alt.Tooltip("pair:N", title=t("session.chart.item", lang)),
                alt.Tooltip("balance:Q", title=t("session.chart.median", lang)),
            ],
        )
    )
    title = (
        alt.Chart(medians)
        .mark_text(align="left", baseline="bottom", fontSize=size, fontWeight="bold", color=TEXT, lineBreak="\n")
        .encode(x=alt.datum(BALANCE.min), y=alt.Y("label_y:Q", scale=y_scale, axis=None), text="pair_lines:N")
        .transform_calculate(label_y="datum.row + 0.72")
    )
    left = (
        alt.Chart(medians)
        .mark_text(align="left", baseline="top", fontSize=size - 2, color=MUTED_TEXT, lineBreak="\n")
        .encode(x=alt.datum(BALANCE.min), y=alt.Y("label_y:Q", scale=y_scale, axis=None), text="a_lines:N")
        .transform_calculate(label_y="datum.row - 0.12")
    )
    right = (
        alt.Chart(medians)
        .mark_text(align="right", baseline="top", fontSize=size - 2, color=MUTED_TEXT, lineBreak="\n")
        .encode(x=alt.datum(BALANCE.max), y=alt.Y("label_y:Q", scale=y_scale, axis=None), text="b_lines:N")
        .transform_calculate(label_y="datum.row - 0.12")
    )
    chart = _layers(line, middle, dots, med, title, left, right).properties(
        width="container", height=_row_height(n, big) * n
    )
    return _configure(chart, big)


# ---------------------------------------------------------------- one item, large (the projector)


def item_dots_data(responses: list[Response], item: str, lang: str) -> pd.DataFrame:
    """One row per answer to one weight or effect item (people with the same answer stacked: ``level``
    0, 1, 2 …) and one row for the group's median (kind "median")."""
    kind, target = item.split(":", 1)
    rows: list[dict[str, Any]] = []
    counts: dict[float, int] = {}
    answers = []
    for _participant, _role, answer in participant_positions(responses, kind, target):
        counts[answer] = counts.get(answer, 0) + 1
        answers.append(answer)
        rows.append(
            {
                "answer": answer,
                "level": counts[answer] - 1,
                "kind": "participant",
                "label": t("session.chart.participant", lang),
            }
        )
    if answers:
        value = median(answers)
        rows.append({"answer": value, "level": -1, "kind": "median", "label": t("session.chart.median", lang)})
    return pd.DataFrame(rows, columns=["answer", "level", "kind", "label"])


def item_dots(responses: list[Response], item: str, code: ValueCode, lang: str, *, big: bool = False) -> AnyChart:
    """Every answer to one weight or effect as a dot on its scale (equal answers stacked, so everyone
    stays visible), the group's median as a black diamond under them."""
    kind = item.split(":", 1)[0]
    scale = WEIGHT if kind == "weight" else EFFECT
    data = item_dots_data(responses, item, lang)
    top = max(4, int(data["level"].max()) + 1 if not data.empty else 4)
    x = alt.X(
        "answer:Q",
        scale=alt.Scale(domain=[scale.min - 0.5, scale.max + 0.5]),
        title=item_label(item, code, lang),
        axis=alt.Axis(values=list(range(scale.min, scale.max + 1)), format="d"),
    )
    y = alt.Y("level:Q", scale=alt.Scale(domain=[-1.6, top]), axis=None)
    people = (
        alt.Chart(data[data["kind"] == "participant"])
        .mark_circle(size=500 if big else 180, opacity=0.85, color=PERSON, stroke=PERSON_EDGE, strokeWidth=1)
        .encode(x=x, y=y, tooltip=[alt.Tooltip("answer:Q", title=t("session.col.answers", lang))])
    )
    med = (
        alt.Chart(data[data["kind"] == "median"])
        .mark_point(shape="diamond", size=900 if big else 420, filled=True, color=MEDIAN_COLOUR, opacity=1)
        .encode(x=x, y=y, tooltip=[alt.Tooltip("answer:Q", title=t("session.chart.median", lang))])
    )
    chart = _layers(people, med).properties(width="container", height=520 if big else 260)
    return _configure(chart, big)


# ---------------------------------------------------------------- divergence


def divergence_data(summary: GroupSummary, code: ValueCode, lang: str) -> pd.DataFrame:
    rows = []
    for s in summary.items.values():
        if s.spread is None:
            continue
        rows.append(
            {
                "item": s.item,
                "label": item_label(s.item, code, lang),
                "kind": s.kind,
                "spread": round(s.spread * 100),
                "median": s.median,
                "answers": s.n,
                "pattern": t("session.pattern.split", lang)
                if s.split
                else t("session.pattern.agree", lang)
                if s.agree
                else t("session.pattern.spread", lang)
                if s.differ
                else t("session.pattern.some", lang),
                "split": s.split is not None,
            }
        )
    df = pd.DataFrame(rows, columns=["item", "label", "kind", "spread", "median", "answers", "pattern", "split"])
    return df.sort_values(["split", "spread"], ascending=[False, False], kind="stable").reset_index(drop=True)


def divergence(summary: GroupSummary, code: ValueCode, lang: str, *, big: bool = False, limit: int = 12) -> AnyChart:
    """Bars of disagreement (0 = everyone the same), largest first; two camps in vermillion with
    the words "twee kampen" next to the bar. Items where everyone gave the same answer are left out
    (they are in the "where we agree" list and in the table)."""
    data = divergence_data(summary, code, lang)
    data = data[data["spread"] > 0].head(limit)  # a bar of length 0 says nothing: those are in "where we agree"
    size = _font(big)
    order = list(data["label"])
    split_word, spread_word = t("session.pattern.split", lang), t("session.pattern.spread", lang)
    patterns = list(dict.fromkeys([split_word, spread_word] + list(data["pattern"])))
    agree_word = t("session.pattern.agree", lang)
    colours = [
        SPLIT_COLOUR
        if p == split_word
        else SPREAD_COLOUR
        if p == spread_word
        else AGREE_COLOUR
        if p == agree_word
        else OTHER_COLOUR
        for p in patterns
    ]
    y = alt.Y("label:N", sort=order, title=None, axis=alt.Axis(labelLimit=600))
    bars = (
        alt.Chart(data)
        .mark_bar(height=26 if big else 18)
        .encode(
            y=y,
            x=alt.X(
                "spread:Q",
                title=t("session.chart.spread_axis", lang),
                scale=alt.Scale(domain=[0, 55]),
                axis=alt.Axis(values=[0, 10, 20, 30, 40, 50]),
            ),
            color=alt.Color(
                "pattern:N",
                scale=alt.Scale(domain=patterns, range=colours),
                title=None,
                legend=alt.Legend(orient="bottom"),
            ),
            tooltip=[
                alt.Tooltip("label:N", title=t("session.chart.item", lang)),
                alt.Tooltip("spread:Q", title=t("session.chart.spread", lang)),
                alt.Tooltip("pattern:N", title=t("session.chart.pattern", lang)),
                alt.Tooltip("answers:Q", title=t("session.chart.answers", lang)),
            ],
        )
    )
    marks = (
        alt.Chart(data[data["split"]])
        .mark_text(align="left", dx=6, fontSize=size - 1, color=SPLIT_COLOUR, fontWeight="bold")
        .encode(y=y, x="spread:Q", text="pattern:N")
    )
    chart = _layers(bars, marks).properties(width="container", height=alt.Step(56 if big else 40))
    return _configure(chart, big)


# ---------------------------------------------------------------- movement between rounds


def movement_data(moves: list[Movement], code: ValueCode, lang: str, kind: str) -> pd.DataFrame:
    rows = []
    for m in moves:
        if m.kind != kind or m.median_before is None or m.median_after is None:
            continue
        if m.median_change == 0 and not m.movers:
            continue  # nobody changed anything here: left out, said in words under the chart
        rows.append(
            {
                "item": m.item,
                "label": item_label(m.item, code, lang) if kind == "balance" else _name(code, m.target, lang),
                "before": m.median_before,
                "after": m.median_after,
                "change": m.median_change,
                "spread_before": round((m.spread_before or 0) * 100),
                "spread_after": round((m.spread_after or 0) * 100),
                "movers": m.movers,
            }
        )
    return pd.DataFrame(
        rows, columns=["item", "label", "before", "after", "change", "spread_before", "spread_after", "movers"]
    )


def movement(moves: list[Movement], code: ValueCode, lang: str, kind: str = "weight", *, big: bool = False) -> AnyChart:
    """Per value (or dilemma) a grey dot for round 1 and a black arrow head for round 2."""
    data = movement_data(moves, code, lang, kind)
    domain = {s.name: s.domain for s in (WEIGHT, EFFECT, BALANCE)}[kind]
    y = alt.Y("label:N", sort=list(data["label"]), title=None, axis=alt.Axis(labelLimit=420))
    x_title = t(f"session.chart.movement_{kind}", lang)
    rule = (
        alt.Chart(data)
        .mark_rule(strokeWidth=4 if big else 3, color=MUTED_TEXT)
        .encode(
            y=y,
            x=alt.X("before:Q", scale=alt.Scale(domain=domain), title=x_title, axis=alt.Axis(format="d")),
            x2="after:Q",
        )
    )
    start = (
        alt.Chart(data)
        .mark_circle(size=260 if big else 150, color="#999999", opacity=1)
        .encode(
            y=y,
            x="before:Q",
            tooltip=[
                alt.Tooltip("label:N", title=t("session.chart.item", lang)),
                alt.Tooltip("before:Q", title=t("session.chart.round1", lang)),
                alt.Tooltip("after:Q", title=t("session.chart.round2", lang)),
                alt.Tooltip("movers:Q", title=t("session.chart.movers", lang)),
            ],
        )
    )
    end = (
        alt.Chart(data)
        .transform_calculate(angle="datum.after >= datum.before ? 90 : 270")
        .mark_point(shape="triangle", size=320 if big else 180, filled=True, color=MEDIAN_COLOUR, opacity=1)
        .encode(y=y, x="after:Q", angle=alt.Angle("angle:Q", scale=None))
    )
    chart = _layers(rule, start, end).properties(width="container", height=alt.Step(56 if big else 40))
    return _configure(chart, big)


# ---------------------------------------------------------------- role × value


def role_data(case: Case, code: ValueCode, table: dict[str, dict[str, float | None]], lang: str) -> pd.DataFrame:
    rows = []
    for role, values in table.items():
        for value_id, med in values.items():
            if med is not None:
                rows.append(
                    {"role": role or t("session.role.none", lang), "value": _name(code, value_id, lang), "weight": med}
                )
    return pd.DataFrame(rows, columns=["role", "value", "weight"])


def role_heatmap(
    case: Case, code: ValueCode, table: dict[str, dict[str, float | None]], lang: str, *, big: bool = False
) -> AnyChart:
    data = role_data(case, code, table, lang)
    size = _font(big)
    values = [_name(code, v.value, lang) for v in case.values]
    base = alt.Chart(data).encode(
        x=alt.X("value:N", sort=values, title=None, axis=alt.Axis(labelAngle=-30, labelLimit=420)),
        y=alt.Y("role:N", title=None),
    )
    cells = base.mark_rect(stroke="white", strokeWidth=2).encode(
        color=alt.Color(
            "weight:Q",
            scale=alt.Scale(domain=WEIGHT.domain, range=AMOUNT_RANGE),
            title=t("session.chart.median_weight", lang),
        ),
        tooltip=[
            alt.Tooltip("role:N", title=t("session.chart.role", lang)),
            alt.Tooltip("value:N", title=t("session.chart.value", lang)),
            alt.Tooltip("weight:Q", title=t("session.chart.median_weight", lang)),
        ],
    )
    text = base.mark_text(fontSize=size, fontWeight="bold").encode(
        text=alt.Text("weight:Q", format=".1~f"),
        color=alt.condition("datum.weight > 6", alt.value("white"), alt.value(TEXT)),
    )
    chart = _layers(cells, text).properties(width="container", height=alt.Step(76 if big else 52))
    return _configure(chart, big)


__all__ = [
    "EFFECT_DOMAIN",
    "EFFECT_RANGE",
    "balance_dots",
    "balance_dots_data",
    "divergence",
    "divergence_data",
    "group_map",
    "group_map_data",
    "group_map_plot",
    "item_label",
    "movement",
    "movement_data",
    "role_data",
    "role_heatmap",
]
