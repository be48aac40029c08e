"""The three pictures of one case: the value wheel, the dilemma map and the trade-offs.

Pure functions: a case, the value code and a language in; an Altair chart out. No Streamlit.
Every chart is built from small pandas DataFrames (``wheel_data``, ``map_data``,
``tradeoff_data``) that ``charts.describe`` also uses for the text equivalents, so a picture and
its table never disagree.

Where the board must look first (the rule is ``scales.is_in_focus``, used by the map, its sentences
and its table): a value is *important and under pressure* when its weight is at least
``IMPORTANT_WEIGHT`` (5) and its effect is below ``PRESSURE_EFFECT`` (0). On the map that is the shaded top-left
rectangle; it starts half a step below the weight threshold so a value of weight 5 sits visibly
inside it, not on its edge.
"""

from __future__ import annotations

import copy
import hashlib
import itertools
import json
import math
import statistics
from dataclasses import dataclass
from typing import Any, Literal

import altair as alt
import pandas as pd

from dilemmakaart.case import Case, Response
from dilemmakaart.charts import AnyChart
from dilemmakaart.charts.labels import (
    NARROW,
    PAD,
    TITLE_WIDTH,
    Plot,
    by_plot_width,
    fit_lines,
    place_labels,
    text_width,
    title_text,
    wrap_label,
)
from dilemmakaart.charts.palette import (
    EFFECT_STEPS_DOMAIN,
    EFFECT_STEPS_RANGE,
    GRID,
    MEDIAN,
    MUTED_TEXT,
    PERSON,
    PERSON_EDGE,
    QUADRANT_FILL,
    QUADRANT_TEXT,
    TEXT,
    UNTAGGED,
    effect_step_colour,
    foundation_colours,
)
from dilemmakaart.code import ValueCode
from dilemmakaart.i18n import t
from dilemmakaart.scales import BALANCE, EFFECT, IMPORTANT_WEIGHT, PRESSURE_EFFECT, WEIGHT, quadrant_of
from dilemmakaart.wording import balance_words

# ------------------------------------------------------------------ the scales as drawn (the rules: scales.py)

WEIGHT_MAX = WEIGHT.max
EFFECT_MAX = EFFECT.max
X_DOMAIN = (EFFECT.min - 0.5, EFFECT.max + 0.5)  # room for a dot at either end
Y_DOMAIN = (WEIGHT.min - 0.8, WEIGHT.max + 0.8)  # room below weight 0 for names, above 10 for the quadrant's
# the quadrant rectangle "important and under pressure", in data units
QUADRANT = {"x": X_DOMAIN[0], "x2": float(PRESSURE_EFFECT), "y": IMPORTANT_WEIGHT - 0.5, "y2": Y_DOMAIN[1]}

DOT_STRIP = 0.2  # participants' dots sit this far below their dilemma's track (rows are 1 apart)
AXIS_ROOM = 70  # pixels left of the map's plot: y axis labels and title
SPREAD = 0.4  # values on the same spot are drawn this far apart (effect units, about two radii), side by side
FONT = "Helvetica, Arial, sans-serif"
LABEL_SIZE = 15
TITLE_SIZE = 17
SUBTITLE_SIZE = 14
# Vega cuts a title at the plot's width with "…"; titles are wrapped to fit instead (``_title``)
TITLE_LIMIT = 2000
NARROW_NAME_SIZE = 13  # the trade-offs' names on a narrow chart (a phone)
KEY_LINE = 0.3  # rows (of 100 px) between the lines of the trade-offs' key
END_GAP = 16  # pixels at least between the two names of a trade-off's row
# a legend below the plot: one entry a row when the plot is narrow (a phone), else all in one row
LEGEND_COLUMNS = alt.ExprRef(expr="width < 420 ? 1 : 0")
WHITE = "#FFFFFF"
# the map's dot per foundation, in the code's order: a shape as well as a colour (WCAG 1.4.1)
FOUNDATION_SHAPES = ["circle", "square", "triangle-up", "diamond", "cross"]


def _config() -> alt.Config:
    """Large, dark text on white: readable on a projector and in print."""
    return alt.Config(
        font=FONT,
        background=WHITE,
        view=alt.ViewConfig(stroke=None),
        axis=alt.AxisConfig(
            labelFontSize=14,
            titleFontSize=16,
            labelColor=TEXT,
            titleColor=TEXT,
            gridColor="#E6E6E6",
            domainColor=GRID,
            tickColor=GRID,
            titleFontWeight="bold",
        ),
        legend=alt.LegendConfig(labelFontSize=14, titleFontSize=14, labelColor=TEXT, titleColor=TEXT, symbolSize=180),
        title=alt.TitleConfig(
            fontSize=TITLE_SIZE + 1,
            color=TEXT,
            anchor="start",
            subtitleFontSize=SUBTITLE_SIZE,
            subtitleColor=MUTED_TEXT,
            font=FONT,
            subtitleFont=FONT,
            subtitlePadding=6,
            limit=TITLE_LIMIT,
        ),
    )


class _Datasets:
    """The data of one chart as named inline datasets, attached to the finished chart last.

    Altair deep-copies a chart (data included) on every change (``layer``, ``properties``); kept
    aside, the records are not copied at all, which keeps a redraw after a slider move quick.
    """

    def __init__(self) -> None:
        self.sets: dict[str, list[dict]] = {}

    def __call__(self, frame: pd.DataFrame) -> alt.NamedData:
        records = frame.astype(object).where(frame.notna(), None).to_dict("records")
        digest = hashlib.sha1(json.dumps(records, sort_keys=True, default=str).encode()).hexdigest()[:16]
        name = f"data-{digest}"
        self.sets[name] = records
        return alt.NamedData(name=name)


def _finish(
    layers: list, data: _Datasets, *, width: int, height: int, title: alt.Title | str, keep_shape: bool = False, **extra
) -> alt.LayerChart:
    """One layered chart, made in one go (every later change would copy it), with its own autosize
    (Streamlit's default "fit" squeezes the whole chart, titles and legend included, into the
    height given, which flattens the map and collides its names):

    - ``keep_shape`` (the wheel, drawn in pixels round its centre): "pad", the view keeps its size;
    - otherwise "fit-x": as wide as the column (axes included), as high as asked.
    """
    kind: Literal["pad", "fit-x"] = "pad" if keep_shape else "fit-x"
    chart = alt.LayerChart(
        layer=layers,
        width=width,
        height=height,
        title=title,
        config=_config(),
        autosize=alt.AutoSizeParams(type=kind, contains="padding"),
        **extra,
    )
    chart.datasets = data.sets
    return chart


def _foundation_scale(code: ValueCode, lang: str) -> alt.Scale:
    colours = foundation_colours([f.id for f in code.foundations])
    return alt.Scale(domain=[f.name(lang) for f in code.foundations], range=[colours[f.id] for f in code.foundations])


def _tint(hex_colour: str, share: float) -> str:
    """``hex_colour`` mixed with white: ``share`` 1 is the colour itself, 0 is white."""
    h = hex_colour.lstrip("#")
    rgb = [int(h[i : i + 2], 16) for i in (0, 2, 4)]
    return "#" + "".join(f"{round(255 + (c - 255) * share):02X}" for c in rgb)


# ------------------------------------------------------------------ value wheel


@dataclass(frozen=True)
class _Rings:
    """Radii of the wheel in pixels, for a chart ``size`` pixels wide and high."""

    size: int

    @property
    def s(self) -> float:
        return self.size / 560

    @property
    def foundation(self) -> tuple[float, float]:
        return 0.0, 92 * self.s

    @property
    def principle(self) -> tuple[float, float]:
        return 94 * self.s, 112 * self.s

    @property
    def value_inner(self) -> float:
        return 115 * self.s

    def value_outer(self, weight: float | None) -> float:
        base = 10 * self.s
        if weight is None:
            return self.value_inner + base
        return self.value_inner + base + weight * 5.2 * self.s

    @property
    def label(self) -> float:
        return self.value_outer(WEIGHT_MAX) + 6 * self.s

    @property
    def font(self) -> int:
        return max(11, round(12.5 * self.s))


def wheel_data(case: Case | None, code: ValueCode, lang: str, size: int = 560) -> dict[str, pd.DataFrame]:
    """The rows of the wheel: ``values`` (one per value of the code), ``principles``, ``foundations``.

    Angles in radians, clockwise from 12 o'clock; radii in pixels for a chart of ``size``.
    """
    return {name: pd.DataFrame(rows) for name, rows in _wheel_rows(case, code, lang, size).items()}


def _wheel_rows(case: Case | None, code: ValueCode, lang: str, size: int) -> dict[str, list[dict]]:
    """``wheel_data`` as plain lists of dicts (the wheel itself is drawn from these: no pandas
    on the way from a slider to the chart)."""
    rings = _Rings(size)
    colours = foundation_colours([f.id for f in code.foundations])
    ordered = [(f, p, v) for f in code.foundations for p in code.principles_of(f.id) for v in code.values_of(p.id)]
    step = 2 * math.pi / max(len(ordered), 1)
    first = sum(1 for f, _, _ in ordered if f.id == code.foundations[0].id) if ordered else 0
    offset = -first * step  # the first foundation ends at 12 o'clock
    tagged = {v.value: v for v in case.values} if case is not None else {}
    no = t("charts.not_tagged", lang)
    values: list[dict[str, Any]] = []
    for i, (f, p, v) in enumerate(ordered):
        start, end = offset + i * step, offset + (i + 1) * step
        at = tagged.get(v.id)
        mid = (start + end) / 2
        degrees = math.degrees(mid) % 360
        right = degrees < 180
        label = wrap_label(v.name(lang), 15)
        # Vega draws the first line of a name on the anchor and the others after it (clockwise on
        # the right half, anticlockwise on the left): turn the anchor back by half the extra lines
        extra = label.count("\n") * (rings.font + 1) / 2 / rings.label
        values.append(
            {
                "value": v.id,
                "value_name": v.name(lang),
                "label": label,
                "label_theta": mid - extra if right else mid + extra,
                "principle": p.name(lang),
                "foundation": f.name(lang),
                "foundation_id": f.id,
                "tagged": at is not None,
                "weight": at.weight if at else None,
                "effect": at.effect if at else None,
                # what the colour scale reads: a missing value would make Vega drop the wedge
                "effect_fill": at.effect if at else 0,
                "weight_text": str(at.weight) if at else no,
                "effect_text": f"{at.effect:+d}" if at and at.effect else ("0" if at else no),
                "fill": effect_step_colour(at.effect) if at else UNTAGGED,
                "theta": start,
                "theta2": end,
                "mid": mid,
                "r": rings.value_inner,
                "r2": rings.value_outer(at.weight if at else None),
                "label_r": rings.label,
                "label_angle": degrees - 90 if right else degrees + 90,
                "side": "right" if right else "left",
            }
        )
    principles, foundations = [], []
    for f in code.foundations:
        rows = [r for r in values if r["foundation_id"] == f.id]
        if not rows:
            continue
        foundations.append(
            {
                "foundation": f.name(lang),
                "foundation_id": f.id,
                "label": wrap_label(f.name(lang), 12),
                "theta": rows[0]["theta"],
                "theta2": rows[-1]["theta2"],
                "mid": (rows[0]["theta"] + rows[-1]["theta2"]) / 2,
                "r": rings.foundation[0],
                "r2": rings.foundation[1],
                "label_r": rings.foundation[1] * 0.58,
                "fill": _tint(colours[f.id], 0.28),
                "tagged": sum(1 for r in rows if r["tagged"]),
            }
        )
        for p in code.principles_of(f.id):
            prow = [r for r in rows if r["principle"] == p.name(lang)]
            if not prow:
                continue
            principles.append(
                {
                    "principle": p.name(lang),
                    "foundation": f.name(lang),
                    "theta": prow[0]["theta"],
                    "theta2": prow[-1]["theta2"],
                    "r": rings.principle[0],
                    "r2": rings.principle[1],
                    "fill": colours[f.id],
                }
            )
    return {"values": values, "principles": principles, "foundations": foundations}


@dataclass(frozen=True)
class _WheelParts:
    """What one wheel is drawn from: its frames by role (each one named dataset), which layers of
    value names it has, and the key of everything in it that does not follow a slider."""

    frames: dict[str, list[dict]]
    names: tuple[tuple[str, str, bool], ...]  # (side, align, tagged) of each layer of value names
    empty: bool  # a case without values (the subtitle says so)
    tagged: tuple[str, ...]  # the tagged value ids, sorted

    @property
    def prefix(self) -> str:
        """Dataset names: the same while only weights and effects change (the browser then swaps
        the data of the drawn wheel), new when a value is tagged or untagged (drawn afresh)."""
        return "wheel-" + hashlib.sha1("|".join(self.tagged).encode()).hexdigest()[:10]


def _wheel_parts(case: Case | None, code: ValueCode, lang: str, size: int, selectable: bool) -> _WheelParts:
    rings = _Rings(size)
    rows = _wheel_rows(case, code, lang, size)
    values = rows["values"]
    parts = {
        "guide": [
            {"theta": 0.0, "theta2": 2 * math.pi, "r": rings.value_outer(w) - 0.6, "r2": rings.value_outer(w) + 0.6}
            for w in (IMPORTANT_WEIGHT, WEIGHT_MAX)
        ],
        "foundations": rows["foundations"],
        "principles": rows["principles"],
        "values": values,
    }
    # names of chosen values bold and dark, the others lighter; one layer per side and kind, each
    # a filter of the values' rows (one dataset less to send after every slider move)
    names = [
        (side, align, tagged)
        for (side, align), tagged in itertools.product((("right", "left"), ("left", "right")), (True, False))
        if any(r["side"] == side and r["tagged"] == tagged for r in values)
    ]
    if selectable:
        # a click target per value, from the principle ring to the edge: the wedge and its name
        # (an unchosen wedge alone is only a few pixels long)
        parts["hit"] = [{**r, "r": rings.value_inner, "r2": size / 2} for r in values]
    tagged_ids = tuple(sorted({v.value for v in case.values})) if case is not None else ()
    return _WheelParts(parts, tuple(names), case is not None and not case.values, tagged_ids)


class _WheelData(_Datasets):
    """The wheel's datasets, named by role (``wheel-<tagged digest>-values``), not by content."""

    def __init__(self, prefix: str) -> None:
        super().__init__()
        self.prefix = prefix

    def __call__(self, rows: list[dict], role: str) -> alt.NamedData:  # type: ignore[override]
        name = f"{self.prefix}-{role}"
        self.sets[name] = [dict(r) for r in rows]
        return alt.NamedData(name=name)


def value_wheel(
    case: Case | None, code: ValueCode, lang: str, *, selectable: bool = False, size: int = 560
) -> AnyChart:
    """The code as a ring: foundations inside, principles around them, the 30 values outside.

    A value's wedge grows with its weight (0–10) and is coloured by its effect: plum is under
    pressure, dark grey strengthened; values not at stake stay short and grey. With ``selectable`` a
    point selection named ``wheel`` on the field ``value`` (the value id) lets a click pick a value.
    """
    parts = _wheel_parts(case, code, lang, size, selectable)
    return _wheel_chart(parts, _WheelData(parts.prefix), lang, selectable=selectable, size=size)


# static parts of wheels already built: (code id, lang, size, selectable, tagged, empty) -> (code, spec without data)
_WHEEL_SPECS: dict[tuple, tuple[ValueCode, dict]] = {}
_WHEEL_SPECS_MAX = 64


def value_wheel_spec(
    case: Case | None, code: ValueCode, lang: str, *, selectable: bool = False, size: int = 560
) -> dict:
    """``value_wheel(...).to_dict()``, quick enough to follow a slider.

    Everything but the data (rings, names, legend, tooltips, selection) depends only on the code,
    the language, the size and which values are tagged; it is built once (without Altair's schema
    validation, which gives the same dict at twice the cost) and kept. A slider move then only
    computes the wheel's rows. ``debug_mode`` is a module flag of Altair: another session building
    a chart at the same instant merely skips its validation too.
    """
    parts = _wheel_parts(case, code, lang, size, selectable)
    key = (id(code), lang, size, selectable, parts.tagged, parts.empty)
    kept = _WHEEL_SPECS.get(key)
    data = _WheelData(parts.prefix)
    if kept is None or kept[0] is not code:
        from altair.utils import schemapi

        with schemapi.debug_mode(False):
            spec = _wheel_chart(parts, data, lang, selectable=selectable, size=size).to_dict(validate=False)
        if len(_WHEEL_SPECS) >= _WHEEL_SPECS_MAX:
            _WHEEL_SPECS.pop(next(iter(_WHEEL_SPECS)), None)
        _WHEEL_SPECS[key] = (code, {k: v for k, v in spec.items() if k != "datasets"})
        return spec
    spec = copy.deepcopy(kept[1])
    for role, rows in parts.frames.items():
        data(rows, role)
    spec["datasets"] = data.sets
    return spec


def _wheel_chart(parts: _WheelParts, data: _WheelData, lang: str, *, selectable: bool, size: int) -> alt.LayerChart:
    rings = _Rings(size)
    frames = parts.frames
    s = rings.s
    font = rings.font
    t_value, t_principle, t_foundation = (
        t("charts.value", lang),
        t("charts.principle", lang),
        t("charts.foundation", lang),
    )
    t_weight, t_effect = t("charts.weight", lang), t("charts.effect", lang)

    # radii are laid out in pixels for a chart of ``size``; the scale maps them onto the view as
    # drawn, so the wheel keeps its proportions when Streamlit gives the chart another size. It is
    # never drawn smaller than ``size`` (its names keep their font size, so a smaller wheel would
    # put them over each other, WCAG 1.4.10): in a narrower view it keeps its size and centre, the
    # drawing grows past the view (autosize "pad") and scrolls in its own box (``ui/static/a11y.css``)
    radius = alt.Scale(
        type="linear",
        domain=[0, size / 2],
        range=[0, alt.ExprRef(f"max(min(width, height), {size}) / 2")],
        zero=True,
        nice=False,
    )
    centre = alt.ExprRef(f"max(width, {size}) / 2")

    def arc(role: str, **mark) -> alt.Chart:
        return (
            alt.Chart(data(frames[role], role))
            .mark_arc(x=centre, **mark)
            .encode(
                theta=alt.Theta("theta:Q", scale=None),
                theta2="theta2:Q",
                radius=alt.Radius("r:Q", scale=radius),
                radius2="r2:Q",
            )
        )

    def polar_text(role: str, radius_field: str, theta_field: str = "mid", **mark) -> alt.Chart:
        return (
            alt.Chart(data(frames[role], role))
            .mark_text(lineBreak="\n", font=FONT, color=TEXT, x=centre, **mark)
            .encode(
                theta=alt.Theta(f"{theta_field}:Q", scale=None),
                radius=alt.Radius(f"{radius_field}:Q", scale=radius),
                text="label:N",
            )
        )

    layers: list[alt.Chart] = [
        arc("guide", color=GRID),
        arc("foundations", stroke=WHITE, strokeWidth=2).encode(
            color=alt.Color("fill:N", scale=None),
            tooltip=[alt.Tooltip("foundation:N", title=t_foundation)],
        ),
        arc("principles", stroke=WHITE, strokeWidth=2).encode(
            color=alt.Color("fill:N", scale=None),
            tooltip=[alt.Tooltip("principle:N", title=t_principle), alt.Tooltip("foundation:N", title=t_foundation)],
        ),
    ]
    tooltip = [
        alt.Tooltip("value_name:N", title=t_value),
        alt.Tooltip("principle:N", title=t_principle),
        alt.Tooltip("foundation:N", title=t_foundation),
        alt.Tooltip("weight_text:N", title=t_weight),
        alt.Tooltip("effect_text:N", title=t_effect),
    ]
    # untagged values grey; a tagged value's wedge gets a dark outline so a neutral (near white) one still shows
    wedges = arc("values", strokeWidth=1.5, cursor="pointer" if selectable else "default").encode(
        color=alt.condition(
            "datum.tagged",
            alt.Color(
                "effect_fill:Q",
                scale=alt.Scale(domain=EFFECT_STEPS_DOMAIN, range=EFFECT_STEPS_RANGE),
                legend=alt.Legend(
                    title=t("charts.effect_legend", lang),
                    orient="bottom",
                    direction="horizontal",
                    gradientLength=round(240 * s),
                    values=EFFECT.ticks(EFFECT.max),
                    titleLimit=size,
                    labelExpr=(
                        f"datum.value < 0 ? '\u2212 {_js(t('charts.under_pressure', lang))}' : "
                        f"datum.value > 0 ? '{_js(t('charts.strengthened', lang))} +' : '0'"
                    ),
                ),
            ),
            alt.value(UNTAGGED),
        ),
        stroke=alt.condition("datum.tagged", alt.value(MUTED_TEXT), alt.value(WHITE)),
        tooltip=tooltip,
    )
    layers.append(wedges)
    # a second cue besides the colour (WCAG 1.4.1; plum and grey are alike in greyscale): "−" on
    # the wedge of a value under pressure, "+" on a strengthened one, where the wedge is long enough
    layers.append(
        alt.Chart(data(frames["values"], "values"))
        .transform_filter("datum.tagged && datum.effect_fill != 0 && datum.r2 - datum.r >= 14")
        .transform_calculate(sign_r="(datum.r + datum.r2) / 2", sign="datum.effect_fill < 0 ? '\u2212' : '+'")
        .mark_text(
            font=FONT, fontSize=max(12, round(17 * s)), fontWeight=800, align="center", baseline="middle", x=centre
        )
        .encode(
            theta=alt.Theta("mid:Q", scale=None),
            radius=alt.Radius("sign_r:Q", scale=radius),
            text="sign:N",
            color=alt.condition("abs(datum.effect_fill) >= 3", alt.value(WHITE), alt.value(TEXT)),
            tooltip=tooltip,
        )
    )
    for side, align, tagged in parts.names:
        layers.append(
            polar_text(
                "values",
                "label_r",
                "label_theta",
                align=align,
                baseline="middle",
                fontSize=font,
                lineHeight=font + 1,
                fontWeight="bold" if tagged else "normal",
            )
            .transform_filter(f"datum.side === '{side}' && {'' if tagged else '!'}datum.tagged")
            .encode(
                angle=alt.Angle("label_angle:Q", scale=None),
                color=alt.value(TEXT if tagged else MUTED_TEXT),
                tooltip=tooltip,
            )
        )
    if selectable:
        # nearly transparent, on top
        layers.append(
            arc("hit", color=WHITE, opacity=0.002, cursor="pointer")
            .encode(tooltip=tooltip)
            .add_params(alt.selection_point(name="wheel", fields=["value"], on="click", clear="dblclick", toggle=False))
        )
    layers.append(
        polar_text(
            "foundations",
            "label_r",
            align="center",
            baseline="middle",
            fontSize=max(12, round(15 * s)),
            fontWeight="bold",
            lineHeight=max(13, round(16 * s)),
        ).encode(tooltip=[alt.Tooltip("foundation:N", title=t_foundation)])
    )
    subtitle = t("charts.wheel_empty", lang) if parts.empty else t("charts.wheel_subtitle", lang)
    return _finish(
        layers,
        data,
        width=size,
        height=size,
        title=_title(t("charts.wheel_title", lang), subtitle),
        resolve=alt.Resolve(scale=alt.ScaleResolveMap(color="independent")),
        keep_shape=True,
    )


def _lines(text: str) -> list[str]:
    """A subtitle as the list of lines Vega draws one under the other: its own line breaks kept, and
    each line no wider than the narrowest chart (320 px screens, WCAG 1.4.10), so nothing is cut."""
    return fit_lines(text, SUBTITLE_SIZE, TITLE_WIDTH)


def _title(text: str, subtitle: str | None = None) -> alt.Title:
    """A chart's title (and subtitle) wrapped to fit the narrowest chart: Vega cuts, never wraps."""
    lines = title_text(fit_lines(text, TITLE_SIZE + 1, TITLE_WIDTH, bold=True))
    if subtitle is None:
        return alt.Title(lines)
    return alt.Title(lines, subtitle=_lines(subtitle))


def _js(text: str) -> str:
    """Text safe inside a single-quoted Vega expression string."""
    return text.replace("\\", "\\\\").replace("'", "\\'")


# ------------------------------------------------------------------ dilemma map


def map_data(case: Case, code: ValueCode, lang: str, *, spread: float = SPREAD) -> pd.DataFrame:
    """One row per tagged value of the code: weight, effect, foundation, quadrant, and the position
    drawn (values at the same spot are ``spread`` effect units apart sideways so each stays visible)."""
    rows = []
    for at in case.values:
        if at.value not in code.value_ids:
            continue
        f = code.foundation_of(at.value)
        rows.append(
            {
                "value": at.value,
                "value_name": code.value_name(at.value, lang),
                "foundation": f.name(lang),
                "foundation_id": f.id,
                "principle": code.principle_of(at.value).name(lang),
                "weight": at.weight,
                "effect": at.effect,
                "quadrant": quadrant_of(at.weight, at.effect),
            }
        )
    frame = pd.DataFrame(
        rows,
        columns=["value", "value_name", "foundation", "foundation_id", "principle", "weight", "effect", "quadrant"],
    )
    frame["effect_at"] = frame["effect"].astype(float)  # the x drawn: the effect, spread when shared
    for _, group in frame.groupby(["effect", "weight"]):
        n = len(group)
        for k, index in enumerate(group.index):
            frame.loc[index, "effect_at"] = float(frame.loc[index, "effect"]) + (k - (n - 1) / 2) * spread
    return frame


MAP_DOT_SIZE = 300  # area of a point in px²
MAP_DOT_RADIUS = math.sqrt(MAP_DOT_SIZE / math.pi) + 1  # its radius, the white outline included


def map_plot(size: int = 640) -> Plot:
    """The plot area of a map ``size`` pixels wide ("fit-x": the plot is that minus the y axis)."""
    return Plot(X_DOMAIN, Y_DOMAIN, size - AXIS_ROOM, round(size * 0.72))


@dataclass(frozen=True)
class MapLayout:
    """How the map draws its points and names for a range of plot widths: the size of the dots, the
    names' font and line length, and how far apart values on one spot are drawn. ``plot_width``:
    the plot the names are placed for (None: the map's own, ``map_plot``); ``shown``: the Vega
    expression (on the plot's ``width``, known only in the browser) that says when this layout is
    the one drawn."""

    dot_size: int
    font: int
    wrap: int
    quadrant_font: int
    shown: str
    plot_width: float | None = None

    @property
    def dot_radius(self) -> float:
        return math.sqrt(self.dot_size / math.pi) + 1  # the white outline included

    @property
    def key(self) -> int:
        """The layout's mark in the data of a responsive map (its rows' ``layout``): the width its
        names are placed for, 0 for the map's own."""
        return round(self.plot_width or 0)

    def plot(self, size: int) -> Plot:
        wide = map_plot(size)
        return wide if self.plot_width is None else Plot(X_DOMAIN, Y_DOMAIN, self.plot_width, wide.height)

    def spread(self, plot: Plot) -> float:
        """Effect units between values on one spot: the wide map keeps ``SPREAD``; a narrow one sets
        them a dot and a pixel apart (0.4 effect units is a third of a dot there)."""
        if self.plot_width is None:
            return SPREAD
        return (2 * self.dot_radius + 1) / plot.width * (X_DOMAIN[1] - X_DOMAIN[0])


# A narrow plot (a phone's column, a window zoomed to 400 %: WCAG 1.4.10) has the names placed
# again, for each of these plot widths (pixels), smaller and with smaller dots: the map is drawn with
# the layout of the widest of them that fits, at exactly that width (the x scale's range), so every
# name stands where it was placed. From ``WIDE_FROM`` pixels on, the map's own layout fills the plot.
NARROW_PLOTS = (NARROW - 50, 290, 360, 460)  # the first: a 320 px screen's chart less the y axis
WIDE_FROM = round(map_plot().width)  # the map's own plot (its names are placed for it)


def _narrow(plot_width: int, upto: int, first: bool) -> MapLayout:
    small = plot_width < 300
    return MapLayout(
        dot_size=150 if small else 200,
        font=12 if first else 13 if small else 14,  # (fewer names cover a point in the narrowest)
        wrap=12 if small else 14,
        quadrant_font=14,
        shown=f"width < {upto}" if first else f"width >= {plot_width} && width < {upto}",
        plot_width=plot_width,
    )


MAP_WIDE = MapLayout(
    dot_size=MAP_DOT_SIZE, font=LABEL_SIZE, wrap=18, quadrant_font=LABEL_SIZE + 1, shown=f"width >= {WIDE_FROM}"
)
MAP_NARROW = tuple(
    _narrow(w, upto, k == 0) for k, (w, upto) in enumerate(zip(NARROW_PLOTS, (*NARROW_PLOTS[1:], WIDE_FROM)))
)


def _by_width(values: list[object], wide: object) -> str:
    """A Vega expression: ``values[k]`` when the plot's width is in the range of ``MAP_NARROW[k]``,
    else ``wide``."""
    return by_plot_width(values, NARROW_PLOTS, WIDE_FROM, wide)


# in the browser: the x scale's range (a narrow layout's own width, else the plot's), which layout's
# rows are drawn, and the names' line height (their font is in the rows)
MAP_X_RANGE = alt.ExprRef(expr=_by_width(list(NARROW_PLOTS), "width"))
MAP_LAYOUT_SHOWN = f"datum.layout === ({_by_width([lay.key for lay in MAP_NARROW], MAP_WIDE.key)})"
MAP_LINE_HEIGHT = alt.ExprRef(expr=_by_width([lay.font + 2 for lay in MAP_NARROW], MAP_WIDE.font + 2))
MAP_QUADRANT_FONT = alt.ExprRef(expr=_by_width([lay.quadrant_font for lay in MAP_NARROW], MAP_WIDE.quadrant_font))


def _map_labels(
    points: pd.DataFrame, lines: pd.DataFrame, plot: Plot, lang: str, layout: MapLayout = MAP_WIDE
) -> pd.DataFrame:
    """The names of the points, placed by ``charts.labels`` clear of each other, of every point, of
    the dilemma lines and of the quadrant's name. Adds ``label`` (the name, long ones on two lines),
    ``label_x``, ``label_y`` (the anchor, data units, baseline top), ``align`` and, for a name
    away from its point, ``leader_x``/``leader_y`` (where its leader line meets the name)."""
    quadrant_name = t("charts.quadrant", lang)
    size = layout.quadrant_font
    reserved = [(8 - PAD, 6 - PAD, 8 + text_width(quadrant_name, size, bold=True) + PAD, 6 + size + PAD)]
    placed = place_labels(
        list(zip(points["value"], points["effect_at"], points["weight"], points["value_name"])),
        plot,
        font_size=layout.font,
        line_height=layout.font + 2,
        dot_radius=layout.dot_radius,
        segments=list(zip(lines["x"], lines["y"], lines["x2"], lines["y2"])),
        reserved=reserved,
        wrap=layout.wrap,
        divider_x=float(PRESSURE_EFFECT),
    )
    out = points.copy()
    out["label"] = [p.text for p in placed]
    out["label_x"] = [p.x for p in placed]
    out["label_y"] = [p.y for p in placed]
    out["align"] = [p.align for p in placed]
    out["leader_x"] = [p.leader[2] if p.leader else None for p in placed]
    out["leader_y"] = [p.leader[3] if p.leader else None for p in placed]
    return out


def dilemma_lines(case: Case, points: pd.DataFrame, code: ValueCode, lang: str) -> pd.DataFrame:
    """One row per dilemma whose two values are both on the map: the two ends as drawn."""
    at: dict[Any, Any] = {r.value: r for r in points.itertuples()}  # a frame's rows are untyped
    rows = []
    for d in case.dilemmas:
        if d.a in at and d.b in at:
            a, b = at[d.a], at[d.b]
            rows.append(
                {
                    "key": d.key,
                    "a": d.a,
                    "b": d.b,
                    "a_name": a.value_name,
                    "b_name": b.value_name,
                    "x": a.effect_at,
                    "y": a.weight,
                    "x2": b.effect_at,
                    "y2": b.weight,
                    "balance": d.balance,
                    "balance_text": balance_words(a.value_name, b.value_name, d.balance, lang),
                }
            )
    return pd.DataFrame(
        rows, columns=["key", "a", "b", "a_name", "b_name", "x", "y", "x2", "y2", "balance", "balance_text"]
    )


def _message_chart(text: str, title: str, width: int, height: int) -> AnyChart:
    data = _Datasets()
    layer = (
        # from the left edge, in lines that fit the narrowest chart: a phone shows all of it
        alt.Chart(data(pd.DataFrame([{"text": "\n".join(fit_lines(text, LABEL_SIZE + 1))}])))
        .mark_text(
            fontSize=LABEL_SIZE + 1, color=MUTED_TEXT, font=FONT, align="left", baseline="middle", lineBreak="\n"
        )
        .encode(text="text:N", x=alt.value(0), y=alt.value(height / 2))
    )
    return _finish([layer], data, width=width, height=height, title=_title(title))


def dilemma_map(case: Case, code: ValueCode, lang: str, *, size: int = 640, responsive: bool = False) -> AnyChart:
    """Each tagged value as a point: x = effect (−5…+5), y = weight (0–10), coloured by foundation,
    named directly; the "important and under pressure" corner shaded; dashed lines join the two
    values of each dilemma.

    ``responsive`` (the app's page, whose width only the browser knows): the points and names are
    placed for the map's own width (``MAP_WIDE``) and for narrow plots (``MAP_NARROW``, a phone's
    column); each layout's layers are drawn only when the plot's width is in its range, and a
    narrow layout is drawn at exactly the width it was placed for (``MAP_X_RANGE``). Without it
    (downloads, reports) the chart is drawn for ``size`` alone."""
    width, height = size, round(size * 0.72)
    points = map_data(case, code, lang)
    title = _title(t("charts.map_title", lang), t("charts.map_subtitle", lang))
    if points.empty:
        return _message_chart(t("charts.map_empty", lang), t("charts.map_title", lang), width, height)
    data = _Datasets()
    x_scale = alt.Scale(domain=list(X_DOMAIN), nice=False, zero=False)
    if responsive:
        x_scale = alt.Scale(domain=list(X_DOMAIN), nice=False, zero=False, range=[0, MAP_X_RANGE])
    y_scale = alt.Scale(domain=list(Y_DOMAIN), nice=False, zero=False)
    x_axis = alt.Axis(
        title=t("charts.x_title", lang),
        values=list(range(-EFFECT_MAX, EFFECT_MAX + 1)),
        labelExpr="datum.value > 0 ? '+' + datum.value : '' + datum.value",
        grid=False,
        titlePadding=10,
    )
    y_axis = alt.Axis(
        title=t("charts.y_title", lang), values=list(range(0, WEIGHT_MAX + 1, 2)), grid=True, titlePadding=10
    )
    quadrant = pd.DataFrame([{**QUADRANT, "label": t("charts.quadrant", lang)}])
    layers: list = [
        alt.Chart(data(quadrant))
        .mark_rect(color=QUADRANT_FILL, opacity=1)
        .encode(
            x=alt.X("x:Q", scale=x_scale, axis=x_axis),
            x2="x2:Q",
            y=alt.Y("y:Q", scale=y_scale, axis=y_axis),
            y2="y2:Q",
            tooltip=alt.value(None),
        ),
        alt.Chart(data(quadrant))
        .mark_text(
            align="left",
            baseline="top",
            dx=8,
            dy=6,
            fontSize=MAP_QUADRANT_FONT if responsive else MAP_WIDE.quadrant_font,
            fontWeight="bold",
            color=QUADRANT_TEXT,
            font=FONT,
        )
        .encode(x=alt.X("x:Q", scale=x_scale), y=alt.Y("y2:Q", scale=y_scale), text="label:N"),
        alt.Chart(data(pd.DataFrame([{"x": 0}])))
        .mark_rule(color=MUTED_TEXT, strokeWidth=1.5)
        .encode(x=alt.X("x:Q", scale=x_scale)),
    ]
    if not responsive:
        lines = dilemma_lines(case, points, code, lang)
        named = _map_labels(points, lines, map_plot(size), lang, MAP_WIDE)
        layers += _map_marks(named, lines, MAP_WIDE, data, x_scale, y_scale, code, lang)
        return _finish(layers, data, width=width, height=height, title=title)
    # every layout's rows in one set of layers, marked with their layout; the browser draws the rows
    # of the layout for its width (one set of layers: a chart of 5 sets took 5 times as long to make)
    all_named, all_lines = [], []
    for layout in (MAP_WIDE, *MAP_NARROW):
        plot = layout.plot(size)
        at = points if layout is MAP_WIDE else map_data(case, code, lang, spread=layout.spread(plot))
        lines = dilemma_lines(case, at, code, lang)
        named = _map_labels(at, lines, plot, lang, layout)
        all_named.append(named.assign(layout=layout.key, dot_size=layout.dot_size, font=layout.font))
        all_lines.append(lines.assign(layout=layout.key))
    layers += _map_marks(
        pd.concat(all_named, ignore_index=True),
        pd.concat(all_lines, ignore_index=True),
        None,
        data,
        x_scale,
        y_scale,
        code,
        lang,
    )
    return _finish(layers, data, width=width, height=height, title=title)


def _map_marks(
    points: pd.DataFrame,
    lines: pd.DataFrame,
    layout: MapLayout | None,
    data: _Datasets,
    x_scale: alt.Scale,
    y_scale: alt.Scale,
    code: ValueCode,
    lang: str,
) -> list[alt.Chart]:
    """The dilemma lines, leader lines, points and names of one layout of the map; with ``layout``
    None (responsive), of every layout, each row marked with its ``layout``, ``dot_size`` and
    ``font``, and only the rows of the layout for the plot's width drawn."""

    def chart(frame: pd.DataFrame) -> alt.Chart:
        base = alt.Chart(data(frame))
        return base if layout else base.transform_filter(MAP_LAYOUT_SHOWN)

    t_value, t_weight, t_effect, t_foundation = (
        t(k, lang) for k in ("charts.value", "charts.weight", "charts.effect", "charts.foundation")
    )
    layers = []
    if not lines.empty:
        layers.append(
            chart(lines)
            .mark_rule(color="#6E6E6E", strokeDash=[8, 5], strokeWidth=2.5)
            .encode(
                x=alt.X("x:Q", scale=x_scale),
                y=alt.Y("y:Q", scale=y_scale),
                x2="x2:Q",
                y2="y2:Q",
                tooltip=[
                    alt.Tooltip("a_name:N", title=t("charts.dilemma_a", lang)),
                    alt.Tooltip("b_name:N", title=t("charts.dilemma_b", lang)),
                    alt.Tooltip("balance_text:N", title=t("charts.balance", lang)),
                ],
            )
        )
    tooltip = [
        alt.Tooltip("value_name:N", title=t_value),
        alt.Tooltip("foundation:N", title=t_foundation),
        alt.Tooltip("weight:Q", title=t_weight),
        alt.Tooltip("effect:Q", title=t_effect),
    ]
    leaders = points.dropna(subset=["leader_x"])
    if not leaders.empty:
        keep = ["value", "effect_at", "weight", "leader_x", "leader_y"] + ([] if layout else ["layout"])
        layers.append(
            chart(leaders[keep])
            .mark_rule(color="#8C8C8C", strokeWidth=1.2)
            .encode(
                x=alt.X("effect_at:Q", scale=x_scale),
                y=alt.Y("weight:Q", scale=y_scale),
                x2="leader_x:Q",
                y2="leader_y:Q",
            )
        )
    sized: dict[str, Any] = {"size": layout.dot_size} if layout else {}
    # responsive: each row's own dot size and font (a text's "size" is its font)
    dot_size: dict[str, Any] = {} if layout else {"size": alt.Size("dot_size:Q", scale=None)}
    font_size: dict[str, Any] = {} if layout else {"size": alt.Size("font:Q", scale=None)}
    layers.append(
        chart(points)
        .mark_point(filled=True, opacity=1, stroke=WHITE, strokeWidth=2, **sized)
        .encode(
            **dot_size,
            x=alt.X("effect_at:Q", scale=x_scale),
            y=alt.Y("weight:Q", scale=y_scale),
            color=alt.Color(
                "foundation:N",
                scale=_foundation_scale(code, lang),
                legend=alt.Legend(title=None, orient="bottom", direction="horizontal", columns=LEGEND_COLUMNS),
            ),
            # a shape per foundation besides its colour (WCAG 1.4.1), in the same legend
            shape=alt.Shape(
                "foundation:N",
                scale=alt.Scale(
                    domain=[f.name(lang) for f in code.foundations],
                    range=[FOUNDATION_SHAPES[i % len(FOUNDATION_SHAPES)] for i in range(len(code.foundations))],
                ),
                legend=alt.Legend(title=None, orient="bottom", direction="horizontal", columns=LEGEND_COLUMNS),
            ),
            tooltip=tooltip,
        )
    )
    # one layer pair (a white halo, then the text) per alignment: each name is anchored on the
    # edge next to its point, so a wider plot than reckoned only widens the gap a little
    for align in ("left", "center", "right"):
        named = points[points["align"] == align]
        if named.empty:
            continue
        label_layer = chart(named).encode(
            x=alt.X("label_x:Q", scale=x_scale),
            y=alt.Y("label_y:Q", scale=y_scale),
            text="label:N",
            tooltip=tooltip,
            **font_size,
        )
        text_mark: dict[str, Any] = dict(
            font=FONT,
            align=align,
            baseline="top",
            lineBreak="\n",
            **({"fontSize": layout.font, "lineHeight": layout.font + 2} if layout else {"lineHeight": MAP_LINE_HEIGHT}),
        )
        layers += [
            label_layer.mark_text(**text_mark, stroke=WHITE, strokeWidth=4, strokeJoin="round", color=WHITE),
            label_layer.mark_text(**text_mark, color=TEXT),
        ]
    return layers


# ------------------------------------------------------------------ trade-offs


def response_balance(response: Response, a: str, b: str) -> int | None:
    """A participant's balance for the dilemma ``a|b`` (a key written the other way round counts, mirrored)."""
    if f"{a}|{b}" in response.balances:
        return response.balances[f"{a}|{b}"]
    if f"{b}|{a}" in response.balances:
        return -response.balances[f"{b}|{a}"]
    return None


def tradeoff_data(
    case: Case, code: ValueCode, lang: str, responses: list[Response] | None = None
) -> dict[str, pd.DataFrame]:
    """``rows``: one per dilemma (names, the case's balance, the group's median and spread when
    there are responses); ``dots``: one per participant and dilemma."""
    rows, dots = [], []
    for i, d in enumerate(case.dilemmas):
        a_name, b_name = code.value_name(d.a, lang), code.value_name(d.b, lang)
        given = [
            (r.participant, value) for r in (responses or []) if (value := response_balance(r, d.a, d.b)) is not None
        ]
        balances = [v for _, v in given]
        rows.append(
            {
                "row": i,
                "key": d.key,
                "a": d.a,
                "b": d.b,
                "a_name": a_name,
                "b_name": b_name,
                "balance": d.balance,
                "balance_text": balance_words(a_name, b_name, d.balance, lang),
                "n": len(balances),
                "median": statistics.median(balances) if balances else None,
                "low": min(balances) if balances else None,
                "high": max(balances) if balances else None,
                "median_text": balance_words(a_name, b_name, statistics.median(balances), lang) if balances else "",
            }
        )
        # participants with the same position are spread up and down, so each dot shows
        seen: dict[int, int] = {}
        for participant, value in given:
            k = seen.get(value, 0)
            seen[value] = k + 1
            shift = DOT_STRIP + min(k, 6) * 0.13  # just below the track, stacked downwards
            dots.append(
                {
                    "row": i,
                    "key": d.key,
                    "participant": participant,
                    "balance": value,
                    "y": i + shift,
                    "a_name": a_name,
                    "b_name": b_name,
                }
            )
    return {
        "rows": pd.DataFrame(
            rows,
            columns=[
                "row",
                "key",
                "a",
                "b",
                "a_name",
                "b_name",
                "balance",
                "balance_text",
                "n",
                "median",
                "low",
                "high",
                "median_text",
            ],
        ),
        "dots": pd.DataFrame(dots, columns=["row", "key", "participant", "balance", "y", "a_name", "b_name"]),
    }


def tradeoffs(case: Case, code: ValueCode, lang: str, *, responses: list[Response] | None = None) -> AnyChart:
    """One row per dilemma: a scale from value a (left) to value b (right), the case's balance as a
    large diamond; with ``responses`` each participant's position as a dot and the group's median
    as a ring."""
    width = 640
    frames = tradeoff_data(case, code, lang, responses)
    rows, dots = frames["rows"], frames["dots"]
    data = _Datasets()
    if rows.empty:
        return _message_chart(t("charts.tradeoffs_empty", lang), t("charts.tradeoffs_title", lang), width, 120)
    n = len(rows)
    row_height = 100
    group = responses is not None and not dots.empty
    key_row = n - 0.1 + (0.25 if group else 0)  # the key to the symbols, under the last dilemma
    key_end = key_row + (KEY_LINE * 2 if group else 0)  # its last line
    height = round(row_height * (key_end + 0.3 + 0.6))
    x_scale = alt.Scale(domain=BALANCE.domain, nice=False)
    y_scale = alt.Scale(domain=[-0.6, key_end + 0.3], reverse=True, nice=False, zero=False)
    x_axis = alt.Axis(
        title=None,
        orient="top",
        values=[0],
        grid=False,
        ticks=False,
        domain=False,
        labelExpr=f"'{_js(t('charts.equal', lang))}'",
        labelFontWeight="bold",
        labelPadding=6,
    )
    x = alt.X("balance:Q", scale=x_scale, axis=x_axis)
    y = alt.Y("row:Q", scale=y_scale, axis=None)
    t_case = t("charts.case_balance", lang)

    ends = pd.DataFrame(
        [
            {"row": r.row, "at": at, "name": name}
            for r in rows.itertuples()
            for at, name in zip((BALANCE.min, BALANCE.max), _end_names(str(r.a_name), str(r.b_name)), strict=True)
        ]
    )
    track = rows.assign(left=BALANCE.min, right=BALANCE.max)
    layers = [
        alt.Chart(data(track))
        .mark_rule(color="#D0D0D0", strokeWidth=8, strokeCap="round")
        .encode(x=alt.X("left:Q", scale=x_scale, axis=x_axis), x2="right:Q", y=y),
        alt.Chart(data(pd.DataFrame([{"balance": 0, "top": -0.6, "bottom": n - 0.3}])))
        .mark_rule(color=MUTED_TEXT, strokeWidth=1.5, strokeDash=[4, 3])
        .encode(
            x=alt.X("balance:Q", scale=x_scale, axis=x_axis), y=alt.Y("top:Q", scale=y_scale, axis=None), y2="bottom:Q"
        ),
    ]
    sides: list[tuple[int, Literal["left", "right"]]] = [(BALANCE.min, "left"), (BALANCE.max, "right")]
    ends["lines"] = ends["name"].str.count("\n") + 1
    # Vega writes a name's lines downwards from its anchor: a name of n lines starts n - 1 lines higher
    for (at, align), n in itertools.product(sides, sorted(set(ends["lines"]))):
        part = ends[(ends["at"] == at) & (ends["lines"] == n)]
        if part.empty:
            continue
        narrow, wide = NARROW_NAME_SIZE + 2, LABEL_SIZE + 3  # line heights
        layers.append(
            alt.Chart(data(part))
            .mark_text(
                align=align,
                baseline="bottom",
                dy=alt.ExprRef(expr=f"width < 420 ? {-14 - narrow * (n - 1)} : {-14 - wide * (n - 1)}"),
                # smaller on a narrow chart (a phone), where two long names share a row
                fontSize=alt.ExprRef(expr=f"width < 420 ? {NARROW_NAME_SIZE} : {LABEL_SIZE + 1}"),
                lineHeight=alt.ExprRef(expr=f"width < 420 ? {narrow} : {wide}"),
                lineBreak="\n",
                fontWeight="bold",
                color=TEXT,
                font=FONT,
            )
            .encode(x=alt.X("at:Q", scale=x_scale, axis=x_axis), y=y, text="name:N")
        )
    if group:
        layers.append(
            alt.Chart(data(dots))
            .mark_circle(size=130, color=PERSON, opacity=0.85, stroke=PERSON_EDGE, strokeWidth=1)
            .encode(
                x=alt.X("balance:Q", scale=x_scale, axis=x_axis),
                y=alt.Y("y:Q", scale=y_scale, axis=None),
                tooltip=[
                    alt.Tooltip("participant:N", title=t("charts.participant", lang)),
                    alt.Tooltip("balance:Q", title=t("charts.balance", lang)),
                ],
            )
        )
    layers.append(
        alt.Chart(data(rows))
        .mark_point(shape="diamond", filled=True, size=520, color=TEXT, opacity=1, stroke=WHITE, strokeWidth=1.5)
        .encode(
            x=x,
            y=y,
            tooltip=[
                alt.Tooltip("a_name:N", title=t("charts.dilemma_a", lang)),
                alt.Tooltip("b_name:N", title=t("charts.dilemma_b", lang)),
                alt.Tooltip("balance_text:N", title=t_case),
            ],
        )
    )
    if group:
        medians = rows.dropna(subset=["median"])
        layers.append(
            alt.Chart(data(medians))
            .mark_point(shape="circle", filled=False, size=900, color=MEDIAN, opacity=1, strokeWidth=3.5)
            .encode(
                x=alt.X("median:Q", scale=x_scale, axis=x_axis),
                y=y,
                tooltip=[
                    alt.Tooltip("median_text:N", title=t("charts.median", lang)),
                    alt.Tooltip("n:Q", title=t("charts.participants", lang)),
                ],
            )
        )
    layers += _tradeoff_key(data, lang, group, key_row, x_scale, x_axis, y_scale, width)
    title = _title(t("charts.tradeoffs_title", lang), t("charts.tradeoffs_subtitle", lang))
    return _finish(layers, data, width=width, height=height, title=title)


def _end_names(a: str, b: str) -> tuple[str, str]:
    """The two names at the ends of a trade-off's row, in lines (``\\n``) that leave a gap between
    them on the narrowest chart (a phone, WCAG 1.4.10): each gets half the row, or a short name's
    room goes to a long one; only a word too long for what is left is broken with a hyphen."""
    room = NARROW - END_GAP

    def widest(lines: list[str]) -> float:
        return max(text_width(line, NARROW_NAME_SIZE, bold=True) for line in lines)

    def lines(name: str, max_px: float) -> list[str]:
        return fit_lines(name, NARROW_NAME_SIZE, max_px, bold=True, hyphenate=True)

    half = room / 2
    a_lines, b_lines = fit_lines(a, NARROW_NAME_SIZE, half, bold=True), fit_lines(b, NARROW_NAME_SIZE, half, bold=True)
    if widest(a_lines) + widest(b_lines) > room:
        if widest(b_lines) <= half:
            a_lines = lines(a, room - widest(b_lines))
        elif widest(a_lines) <= half:
            b_lines = lines(b, room - widest(a_lines))
        else:
            a_lines, b_lines = lines(a, half), lines(b, half)
    return "\n".join(a_lines), "\n".join(b_lines)


def _tradeoff_key(
    data: _Datasets,
    lang: str,
    group: bool,
    y: float,
    x_scale: alt.Scale,
    x_axis: alt.Axis,
    y_scale: alt.Scale,
    width: int,
) -> list[alt.Chart]:
    """A key drawn with the same marks as the chart: diamond = the case; dot = one participant,
    ring = the middle of the group (only with a group)."""
    items = [("diamond", t("charts.key_case", lang))]
    if group:
        items += [("dot", t("charts.key_participant", lang)), ("ring", t("charts.key_median", lang))]
    # one item a line, from the left: the key fits the narrowest chart (a phone, WCAG 1.4.10)
    units_per_px = BALANCE.span / width
    at, rows = float(BALANCE.min), []
    for i, (kind, text) in enumerate(items):
        rows.append(
            {
                "kind": kind,
                "x": at + 12 * units_per_px,
                "tx": at + 30 * units_per_px,
                "y": y + KEY_LINE * i,
                "text": text,
            }
        )
    frame = pd.DataFrame(rows)
    # symbols and texts at fixed pixels from the left: the same gap on a phone as on a projector
    x = alt.value(12)
    y_enc = alt.Y("y:Q", scale=y_scale, axis=None)
    marks: dict[str, dict[str, Any]] = {
        "diamond": dict(shape="diamond", filled=True, size=300, color=TEXT, opacity=1),
        "dot": dict(
            shape="circle", filled=True, size=130, color=PERSON, opacity=0.85, stroke=PERSON_EDGE, strokeWidth=1
        ),
        "ring": dict(shape="circle", filled=False, size=420, color=MEDIAN, opacity=1, strokeWidth=3),
    }
    layers = [
        alt.Chart(data(frame[frame["kind"] == kind])).mark_point(**marks[kind]).encode(x=x, y=y_enc)
        for kind in frame["kind"]
    ]
    layers.append(
        alt.Chart(data(frame))
        .mark_text(align="left", baseline="middle", fontSize=14, color=TEXT, font=FONT)
        .encode(x=alt.value(30), y=y_enc, text="text:N")
    )
    return layers
