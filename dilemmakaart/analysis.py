"""Advice for the flow of one case, computed from the case and the value code (no Streamlit).

- ``suggest_values``: values worth a look, each with the reasons (the technology, a tension in the
  code with a value already tagged, example cases with the same technology).
- ``suggest_dilemmas``: pairs of tagged values that the code names as a tension.
- ``instruments_next``: instruments to run next (DPIA, IAMA, …) and why, from the instruments'
  ``when`` and the tagged values and technology.
- ``priority_matrix``: actions per cell of necessity × importance.
- ``example_actions``: the code's example actions for the tagged values, not yet in the case.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from dilemmakaart.case import Case
from dilemmakaart.code import ExampleAction, Instrument, Tension, ValueCode
from dilemmakaart.scales import (
    EFFECT,
    IMPORTANCE,
    IMPORTANT_WEIGHT,
    NECESSITY,
    PRESSURE_EFFECT,
    WEIGHT,
    is_important,
    is_under_pressure,
)


@dataclass(frozen=True)
class Reason:
    """Why something is suggested: ``kind`` plus what it refers to (ids, titles)."""

    kind: str  # "technology" | "tension" | "example"
    ref: str  # a technology id, a tagged value id, or an example case id
    label: str = ""  # an example case's title


@dataclass
class ValueSuggestion:
    value: str
    reasons: list[Reason] = field(default_factory=list)

    @property
    def score(self) -> int:
        """Technology and tension reasons count double; each example case counts once."""
        return sum(2 if r.kind in ("technology", "tension") else 1 for r in self.reasons)


def suggest_values(
    case: Case, code: ValueCode, examples: Iterable[Case] = (), *, limit: int | None = None
) -> list[ValueSuggestion]:
    """Values not yet tagged that the technology, the code's tensions or similar cases point to.

    Sorted by score (most reasons first), then the code's order. Example cases count when they
    share a technology with this case and tagged the value with a weight of at least 5.
    """
    tagged = set(case.tagged())
    found: dict[str, ValueSuggestion] = {}

    def add(value_id: str, reason: Reason) -> None:
        if value_id in tagged or value_id not in code.value_ids:
            return
        suggestion = found.setdefault(value_id, ValueSuggestion(value_id))
        if reason not in suggestion.reasons:
            suggestion.reasons.append(reason)

    for tech_id in case.technology:
        tech = code.technology(tech_id)
        if tech:
            for value_id in tech.values:
                add(value_id, Reason("technology", tech_id))
    for tension in code.tensions:
        if tension.a in tagged:
            add(tension.b, Reason("tension", tension.a))
        if tension.b in tagged:
            add(tension.a, Reason("tension", tension.b))
    technology = set(case.technology)
    if technology:
        for other in examples:
            if other.id == case.id or not technology & set(other.technology):
                continue
            for v in other.values:
                if is_important(v.weight):
                    add(v.value, Reason("example", other.id, other.title))
    order = {v.id: i for i, v in enumerate(code.values)}
    out = sorted(found.values(), key=lambda s: (-s.score, order.get(s.value, 999)))
    return out[:limit] if limit is not None else out


def suggest_dilemmas(case: Case, code: ValueCode) -> list[Tension]:
    """Tensions of the code between two tagged values that are not yet a dilemma of the case."""
    tagged = set(case.tagged())
    present = {frozenset((d.a, d.b)) for d in case.dilemmas}
    return [t for t in code.tensions if t.a in tagged and t.b in tagged and frozenset((t.a, t.b)) not in present]


@dataclass
class InstrumentAdvice:
    instrument: Instrument
    values: list[str]  # tagged values that call for it
    under_pressure: list[str]  # of those, the ones the project puts under pressure
    technologies: list[str]  # technologies of the case that call for it

    @property
    def id(self) -> str:
        return self.instrument.id

    @property
    def strength(self) -> tuple[int, int, int]:
        """Both kinds of trigger first, then values under pressure, then the number of triggers."""
        both = int(bool(self.values) and bool(self.technologies))
        return (both, len(self.under_pressure), len(self.values) + len(self.technologies))


def instruments_next(case: Case, code: ValueCode) -> list[InstrumentAdvice]:
    """Instruments the tagged values and the technology call for, strongest reason first.

    An instrument is named when a tagged value is in its ``when.values`` (or lists the instrument
    in the code), or a technology of the case is in its ``when.technologies``. A value that only
    weighs 0 does not count.
    """
    counted = {v.value: v for v in case.values if v.weight > WEIGHT.min}
    technology = set(case.technology)
    out: list[InstrumentAdvice] = []
    for inst in code.instruments:
        values = [
            vid
            for vid in counted
            if vid in inst.when.values or (vid in code.value_ids and inst.id in code.value(vid).instruments)
        ]
        techs = [tid for tid in case.technology if tid in inst.when.technologies and tid in technology]
        if not values and not techs:
            continue
        values.sort(key=lambda vid: (counted[vid].effect, -counted[vid].weight))
        pressure = [vid for vid in values if is_under_pressure(counted[vid].effect)]
        out.append(InstrumentAdvice(inst, values, pressure, techs))
    order = {inst.id: i for i, inst in enumerate(code.instruments)}
    return sorted(out, key=lambda a: (tuple(-x for x in a.strength), order[a.id]))


def priority_matrix(case: Case) -> dict[tuple[int, int], list[int]]:
    """Indices of the case's actions per (necessity, importance) cell, 1–3 each (``scales``); all nine cells."""
    cells: dict[tuple[int, int], list[int]] = {
        (n, i): [] for n in NECESSITY.positions() for i in IMPORTANCE.positions()
    }
    for index, action in enumerate(case.actions):
        if action.necessity and action.importance:
            cells[(action.necessity, action.importance)].append(index)
    return cells


def unscored_actions(case: Case) -> list[int]:
    """Indices of actions without necessity or importance (not in the matrix)."""
    return [i for i, a in enumerate(case.actions) if not (a.necessity and a.importance)]


def example_actions(case: Case, code: ValueCode, lang: str) -> list[tuple[str, ExampleAction]]:
    """The code's example actions for the tagged values, in the case's order of values, except
    those whose text (in ``lang``) is already an action of the case."""
    present = {a.text.strip().casefold() for a in case.actions}
    out = []
    for v in case.values:
        if v.value not in code.value_ids:
            continue
        for example in code.value(v.value).actions:
            if example.text(lang).strip().casefold() not in present:
                out.append((v.value, example))
    return out


def under_pressure(case: Case) -> list[str]:
    """Tagged values with a negative effect, heaviest first: where the board should look first."""
    hit = [v for v in case.values if is_under_pressure(v.effect)]
    return [v.value for v in sorted(hit, key=lambda v: (-v.weight, v.effect))]


def unprotected_values(case: Case) -> list[str]:
    """Values under pressure that no action safeguards yet."""
    covered = {vid for a in case.actions for vid in a.values}
    return [vid for vid in under_pressure(case) if vid not in covered]


MINI_LABEL_FONT = 13
MINI_DOT_SIZE = 220  # px²
MINI_DOT_RADIUS = 9.5  # pixels: a circle of size 220 and its white outline
MINI_LABEL_WRAP = 20  # characters: a longer name goes on two lines
MINI_AXIS_ROOM = 45  # pixels left of the plot: the y axis and its title ("fit-x")
MINI_X_DOMAIN = (EFFECT.min - 0.5, EFFECT.max + 0.5)  # room beside effect −5 and +5 for a dot
MINI_Y_DOMAIN = (WEIGHT.min - 0.8, WEIGHT.max + 1.4)  # room below weight 0 for names, above 10 for the quadrant's
ALIGNS = ("left", "center", "right")  # a name's alignment: one text layer (and its halo) each
MINI_WIDTH = 480  # the chart's own width: its names are placed for its plot (less the y axis)


@dataclass(frozen=True)
class MiniLayout:
    """How the live map draws its points and names for a range of plot widths: the plot the names
    are placed for (``plot_width``, 0 for the chart's own), their font and line length, the dots'
    area (px²) and radius (the white outline included)."""

    plot_width: int
    font: int
    wrap: int
    dot_size: int
    dot_radius: float


MINI_WIDE = MiniLayout(0, MINI_LABEL_FONT, MINI_LABEL_WRAP, MINI_DOT_SIZE, MINI_DOT_RADIUS)
# On a narrow screen (a phone, a window zoomed to 400 %: WCAG 1.4.10) the names are placed again for
# a narrow plot, smaller and with smaller dots (a plot 240 px high has room for no more): the browser
# draws it below the chart's own plot width, at exactly its own width (the x scale's range), so every
# name stands where it was placed; from the chart's own plot width on, its own layout fills the plot.
# 230 px: a 320 px screen's chart (288 px) less the padding (13) and the y axis (about 40). One narrow
# layout, not the map's four: the live map is placed again on every slider move (a second narrow
# layout, for 290 px, made a move's map half as slow again; a wider phone draws the 230 px one).
MINI_NARROW = (MiniLayout(230, 11, 12, 120, 7.2),)
MINI_NARROW_PLOTS = tuple(layout.plot_width for layout in MINI_NARROW)


def mini_map_labels(
    points: list[dict],
    width: int,
    height: int,
    quadrant_label: str = "",
    pairs: Sequence[tuple[int, int]] = (),
    layout: MiniLayout = MINI_WIDE,
) -> list[dict]:
    """Where the values and their names go on the live map: values on one spot side by side
    (``effect_at``), each name placed by ``charts.labels`` clear of the other names, of every
    point, of the dilemma lines (``pairs`` of indices into ``points``) and of the quadrant's label.
    Returns, per point in the given order, ``effect_at``, ``label`` (a long name on two lines),
    ``label_x``, ``label_y`` (the anchor, baseline top), ``align`` and, for a name away from its
    point, ``leader_x``/``leader_y``.

    Pixels are reckoned for a chart ``width`` wide (the plot is that minus the y axis), or for a
    narrow ``layout``'s plot, and a plot ``height`` high (``MINI_X_DOMAIN`` × ``MINI_Y_DOMAIN``);
    names, dots and their spacing as the ``layout`` draws them.
    """
    from dilemmakaart.charts.labels import PAD, Plot, place_labels, spread_same_spot, text_width

    plot = Plot(MINI_X_DOMAIN, MINI_Y_DOMAIN, layout.plot_width or width - MINI_AXIS_ROOM, height)
    step = (2 * layout.dot_radius + 1) / plot.width * (MINI_X_DOMAIN[1] - MINI_X_DOMAIN[0])
    spots = [(p["effect"], p["weight"]) for p in points]
    at = [p["effect"] + shift for p, shift in zip(points, spread_same_spot(spots, step))]
    reserved = []
    if quadrant_label:
        reserved.append((4 - PAD, 4 - PAD, 4 + text_width(quadrant_label, 13, bold=True) + PAD, 4 + 13 + PAD))
    placed = place_labels(
        [(str(i), x, p["weight"], p["name"]) for i, (p, x) in enumerate(zip(points, at))],
        plot,
        font_size=layout.font,
        line_height=layout.font + 2,
        dot_radius=layout.dot_radius,
        segments=[(at[a], points[a]["weight"], at[b], points[b]["weight"]) for a, b in pairs],
        reserved=reserved,
        wrap=layout.wrap,
        divider_x=0.0,
    )
    return [
        {
            "value": p.get("value", label.key),
            "effect_at": x,
            "label": label.text,
            "label_x": label.x,
            "label_y": label.y,
            "align": label.align,
            "leader_x": label.leader[2] if label.leader else None,
            "leader_y": label.leader[3] if label.leader else None,
        }
        for p, x, label in zip(points, at, placed)
    ]


@functools.cache
def mini_map_layouts(width: int = MINI_WIDTH) -> dict[str, str]:
    """How the live map, ``width`` wide, picks its layout in the browser (Vega expressions on the
    plot's width): ``shown`` filters the rows of the layout for the plot's width, ``x_range`` is its
    x scale's far end (a narrow layout's own width, else the plot's), ``line_height`` its names'."""
    from dilemmakaart.charts.labels import by_plot_width

    def pick(values: list[object], wide: object) -> str:
        return by_plot_width(values, MINI_NARROW_PLOTS, width - MINI_AXIS_ROOM, wide)

    return {
        "shown": f"datum.layout === ({pick(list(MINI_NARROW_PLOTS), MINI_WIDE.plot_width)})",
        "x_range": pick(list(MINI_NARROW_PLOTS), "width"),
        "line_height": pick([layout.font + 2 for layout in MINI_NARROW], MINI_WIDE.font + 2),
    }


def mini_map_spec(
    case: Case,
    code: ValueCode,
    lang: str,
    *,
    width: int = MINI_WIDTH,
    height: int = 260,
    titles: tuple[str, str, str] = ("effect", "weight", ""),
) -> dict:
    """A small live dilemma map as a plain Vega-Lite spec (no Altair, so it can follow a slider):
    x = effect, y = weight, the quadrant "important and under pressure" shaded, points coloured by
    foundation and named (placed by ``mini_map_labels``: one text layer per alignment, a white halo
    under each, leader lines for names away from their point; a placement already made is kept),
    dilemma pairs joined.

    The names are placed for the chart's own plot and for a narrow one (``MINI_NARROW``, a phone's
    column), every layout's rows in one set of layers; the browser draws the rows of the layout for
    the plot's width, a narrow one at exactly the width it was placed for (``mini_map_layouts``).
    The plot's frame and grid lines are drawn as marks, so they end where that layout's x axis ends.

    The rows that follow the case (lines, leaders, dots, names) are top-level ``datasets``, each
    layer naming its own; the rest is inline. So the spec without its datasets is the same for every
    position of the sliders, and a move only swaps data in the drawn chart.

    ``titles``: the x-axis title, the y-axis title and the quadrant's label, in the user's language.
    """
    from dilemmakaart.charts.palette import GRID, QUADRANT_FILL, QUADRANT_TEXT, TEXT, foundation_colours

    colours = foundation_colours([f.id for f in code.foundations])
    points = []
    for v in case.values:
        known = v.value in code.value_ids
        foundation = code.foundation_of(v.value).id if known else ""
        points.append(
            {
                "value": v.value,
                "name": code.value_name(v.value, lang),
                "effect": v.effect,
                "weight": v.weight,
                "colour": colours.get(foundation, "#777777"),
            }
        )
    index = {p["value"]: i for i, p in enumerate(points)}
    pairs = [(index[d.a], index[d.b]) for d in case.dilemmas if d.a in index and d.b in index]
    # every layout's rows in one set of layers, each row marked with its layout (the width its names
    # are placed for, 0 for the chart's own); the browser draws the rows of the layout for its width
    picked = mini_map_layouts(width)
    dots, labels, lines, leaders = [], [], [], []
    for layout in (MINI_WIDE, *MINI_NARROW):
        placed = mini_map_labels(points, width, height, titles[2], pairs, layout)
        key = {"layout": layout.plot_width}
        dots += [
            {**p, "effect_at": at["effect_at"], "dot_size": layout.dot_size, **key} for p, at in zip(points, placed)
        ]
        labels += [{**at, "font": layout.font, **key} for at in placed]
        leaders += [
            {**at, "effect": at["effect_at"], "weight": p["weight"], **key}
            for p, at in zip(points, placed)
            if at["leader_x"] is not None
        ]
        for i, (a, b) in enumerate(pairs):
            for end in (a, b):
                lines.append({"pair": i, "effect": placed[end]["effect_at"], "weight": points[end]["weight"], **key})
    only_shown = [{"filter": picked["shown"]}]
    # (the names' font is in their rows, their line height follows the layout)
    text_mark: dict[str, object] = {
        "type": "text",
        "baseline": "top",
        "lineBreak": "\n",
        "lineHeight": {"expr": picked["line_height"]},
    }
    halos: list[dict[str, object]] = [
        {"color": "white", "stroke": "white", "strokeWidth": 4, "strokeJoin": "round"},
        {"color": TEXT},
    ]
    x = {
        "field": "effect",
        "type": "quantitative",
        "scale": {
            "domain": list(MINI_X_DOMAIN),
            "nice": False,
            "zero": False,
            "range": [0, {"expr": picked["x_range"]}],
        },
        "axis": {"title": titles[0], "values": EFFECT.positions(), "grid": False},
    }
    y = {
        "field": "weight",
        "type": "quantitative",
        "scale": {"domain": list(MINI_Y_DOMAIN), "nice": False, "zero": False},
        "axis": {"title": titles[1], "values": WEIGHT.ticks(IMPORTANT_WEIGHT), "grid": False},
    }
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v6.json",
        "width": width,
        "height": height,
        # as wide as the column, the plot as high as asked (Streamlit's "fit" would squeeze the
        # axes into ``height`` too, and the names' spacing is reckoned on the plot's height)
        "autosize": {"type": "fit-x", "contains": "padding"},
        # (every layout's names stay inside the plot they are drawn in; on the right, room for half
        # of the x axis's last label)
        "padding": {"left": 5, "top": 5, "right": 8, "bottom": 5},
        "config": {"view": {"stroke": None}, "axis": {"labelFontSize": 13, "titleFontSize": 14}},
        # the rows that follow the sliders, by name; the rest of the chart is the same after a move,
        # so the browser only swaps these in the drawn chart
        "datasets": {
            "lines": lines,
            "leaders": leaders,
            "dots": dots,
            **{f"names-{align}": [placed for placed in labels if placed["align"] == align] for align in ALIGNS},
        },
        "layer": [
            {  # the grid lines and the plot's frame, as wide as the x scale's range
                "data": {
                    "values": [
                        {"x0": MINI_X_DOMAIN[0], "x1": MINI_X_DOMAIN[1], "y": tick}
                        for tick in (*WEIGHT.ticks(IMPORTANT_WEIGHT), *MINI_Y_DOMAIN)
                    ]
                },
                "mark": {"type": "rule", "color": GRID},
                "encoding": {
                    "x": {"field": "x0", "type": "quantitative", "scale": x["scale"]},
                    "x2": {"field": "x1"},
                    "y": {"field": "y", "type": "quantitative", "scale": y["scale"]},
                },
            },
            {
                "data": {
                    "values": [{"x": end, "y0": MINI_Y_DOMAIN[0], "y1": MINI_Y_DOMAIN[1]} for end in MINI_X_DOMAIN]
                },
                "mark": {"type": "rule", "color": GRID},
                "encoding": {
                    "x": {"field": "x", "type": "quantitative", "scale": x["scale"]},
                    "y": {"field": "y0", "type": "quantitative", "scale": y["scale"]},
                    "y2": {"field": "y1"},
                },
            },
            {
                "data": {
                    "values": [
                        {
                            "x0": MINI_X_DOMAIN[0],
                            "x1": PRESSURE_EFFECT,
                            "y0": IMPORTANT_WEIGHT,
                            "y1": MINI_Y_DOMAIN[1],
                            "label": titles[2],
                        }
                    ]
                },
                "mark": {"type": "rect", "color": QUADRANT_FILL},
                "encoding": {
                    "x": {"field": "x0", "type": "quantitative", "scale": x["scale"]},
                    "x2": {"field": "x1"},
                    "y": {"field": "y0", "type": "quantitative", "scale": y["scale"]},
                    "y2": {"field": "y1"},
                },
            },
            {
                # in the plot's top-left corner (``mini_map_labels`` keeps names off it)
                "data": {"values": [{"x0": MINI_X_DOMAIN[0], "y1": MINI_Y_DOMAIN[1], "label": titles[2]}]},
                "mark": {
                    "type": "text",
                    "align": "left",
                    "baseline": "top",
                    "dx": 4,
                    "dy": 4,
                    "fontSize": 13,
                    "fontWeight": "bold",
                    "color": QUADRANT_TEXT,
                },
                "encoding": {
                    "x": {"field": "x0", "type": "quantitative"},
                    "y": {"field": "y1", "type": "quantitative"},
                    "text": {"field": "label"},
                },
            },
            {
                "data": {"name": "lines"},
                "transform": only_shown,
                "mark": {"type": "line", "strokeDash": [5, 4], "color": "#555555", "strokeWidth": 2},
                "encoding": {"x": {**x}, "y": {**y}, "detail": {"field": "pair", "type": "nominal"}},
            },
            {  # leader lines from a point to its name further away (often none: the layer stays, empty)
                "data": {"name": "leaders"},
                "transform": only_shown,
                "mark": {"type": "rule", "color": "#8C8C8C", "strokeWidth": 1.2},
                "encoding": {"x": x, "y": y, "x2": {"field": "leader_x"}, "y2": {"field": "leader_y"}},
            },
            {
                "data": {"name": "dots"},
                "transform": only_shown,
                "mark": {"type": "circle", "opacity": 1, "stroke": "white", "strokeWidth": 1.5},
                "encoding": {
                    "x": {**x, "field": "effect_at"},
                    "y": y,
                    "size": {"field": "dot_size", "type": "quantitative", "scale": None},
                    "color": {"field": "colour", "type": "nominal", "scale": None},
                    "tooltip": [
                        {"field": "name", "type": "nominal"},
                        {"field": "weight", "type": "quantitative"},
                        {"field": "effect", "type": "quantitative"},
                    ],
                },
            },
            # the names, one layer per alignment (each anchored on the edge next to its point), a
            # white halo under each; every layer is always there (an empty one draws nothing), so a
            # slider move changes only the data and the browser swaps them instead of building the
            # chart again
            *[
                {
                    "data": {"name": f"names-{align}"},  # the halo and the name: the same rows
                    "transform": only_shown,
                    "mark": dict(text_mark, align=align, **halo),
                    "encoding": {
                        "x": {**x, "field": "label_x"},
                        "y": {**y, "field": "label_y"},
                        "text": {"field": "label"},
                        "size": {"field": "font", "type": "quantitative", "scale": None},  # (a text's size: its font)
                    },
                }
                for align in ALIGNS
                for halo in halos
            ],
        ],
    }
