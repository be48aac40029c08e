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

from collections.abc import Iterable
from dataclasses import dataclass, field

from dilemmakaart.case import Case
from dilemmakaart.code import ExampleAction, Instrument, Tension, ValueCode

UNDER_PRESSURE = 0  # an effect below this puts a value under pressure


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
                if v.weight >= 5:
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
    counted = {v.value: v for v in case.values if v.weight > 0}
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
        pressure = [vid for vid in values if counted[vid].effect < UNDER_PRESSURE]
        out.append(InstrumentAdvice(inst, values, pressure, techs))
    order = {inst.id: i for i, inst in enumerate(code.instruments)}
    return sorted(out, key=lambda a: (tuple(-x for x in a.strength), order[a.id]))


def priority_matrix(case: Case) -> dict[tuple[int, int], list[int]]:
    """Indices of the case's actions per (necessity, importance) cell, 1–3 each; all nine cells."""
    cells: dict[tuple[int, int], list[int]] = {(n, i): [] for n in (1, 2, 3) for i in (1, 2, 3)}
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
    hit = [v for v in case.values if v.effect < UNDER_PRESSURE]
    return [v.value for v in sorted(hit, key=lambda v: (-v.weight, v.effect))]


def unprotected_values(case: Case) -> list[str]:
    """Values under pressure that no action safeguards yet."""
    covered = {vid for a in case.actions for vid in a.values}
    return [vid for vid in under_pressure(case) if vid not in covered]


MINI_LABEL_FONT = 14
MINI_DOT_RADIUS = 9  # pixels: a circle of size 220
MINI_LABEL_WRAP = 20  # characters: a longer name goes on two lines


def mini_map_labels(points: list[dict], width: int, height: int, quadrant_label: str = "") -> list[dict]:
    """Where the names go on the live map, cheaply (a few comparisons per point, no layout engine):
    heaviest values first, each name beside its point (to the right, or to the left near the right
    edge) if that overlaps no point, no name placed before it and not the quadrant's label; else
    the spot, among the other side and a line or two up or down, that overlaps least, stays inside
    the plot and is nearest. Returns, per point in the given order,
    ``side`` ("right"/"left"), ``label`` (the name, a long one on two lines) and ``label_weight``
    (the height of the name's middle, in weight units).

    Pixels are reckoned for a plot of ``width`` × ``height`` (x −5..5, y 0..10); a wider plot only
    leaves more room.
    """
    char, line, gap = MINI_LABEL_FONT * 0.56, MINI_LABEL_FONT + 3, MINI_DOT_RADIUS + 2

    def px(effect: float, weight: float) -> tuple[float, float]:
        return (effect + 5) / 10 * width, height - weight / 10 * height

    dots = [px(p["effect"], p["weight"]) for p in points]
    boxes = [(x - MINI_DOT_RADIUS, y - MINI_DOT_RADIUS, x + MINI_DOT_RADIUS, y + MINI_DOT_RADIUS) for x, y in dots]
    if quadrant_label:
        boxes.append((0, 0, 8 + len(quadrant_label) * (MINI_LABEL_FONT - 1) * 0.55, line + 6))

    def overlap(box: tuple[float, float, float, float]) -> float:
        return sum(
            max(0.0, min(box[2], b[2]) - max(box[0], b[0])) * max(0.0, min(box[3], b[3]) - max(box[1], b[1]))
            for b in boxes
        )

    from dilemmakaart.charts.case_charts import wrap_label

    placed: dict[int, dict] = {}
    order = sorted(range(len(points)), key=lambda i: (-points[i]["weight"], points[i]["effect"]))
    for i in order:
        x, y = dots[i]
        label = wrap_label(points[i]["name"], MINI_LABEL_WRAP)
        w = max(len(part) for part in label.split("\n")) * char + 4
        h = line * (label.count("\n") + 1)
        first = "left" if points[i]["effect"] >= 3 else "right"
        other = "right" if first == "left" else "left"
        candidates = [(side, shift) for shift in (0, -1, 1, -2, 2) for side in (first, other)] + [
            (first, -3),
            (first, 3),
        ]
        best, best_cost = candidates[0], None
        for side, shift in candidates:
            cy = y + shift * line
            x0 = x + gap if side == "right" else x - gap - w
            box = (x0, cy - h / 2, x0 + w, cy + h / 2)
            outside = max(0.0, -box[0]) + max(0.0, box[2] - width) + max(0.0, -box[1]) + max(0.0, box[3] - height)
            # overlap (px²) weighs most; then staying inside the plot; then staying close
            cost = overlap(box) + outside * line + abs(shift) * 40 + (side != first) * 20
            if best_cost is None or cost < best_cost:
                best, best_cost, best_box = (side, shift), cost, box
            if cost == 0:  # beside its point, touching nothing
                break
        boxes.append(best_box)
        side, shift = best
        # Vega draws the first line of a name on its anchor and the others below it: lift the anchor
        # by half the extra lines so the name's middle is where it was placed
        lift = label.count("\n") * line / 2
        placed[i] = {
            "side": side,
            "label": label,
            "label_weight": round(points[i]["weight"] - (shift * line - lift) / height * 10, 3),
        }
    return [placed[i] for i in range(len(points))]


def mini_map_spec(
    case: Case,
    code: ValueCode,
    lang: str,
    *,
    width: int = 480,
    height: int = 260,
    titles: tuple[str, str, str] = ("effect", "weight", ""),
) -> dict:
    """A small live dilemma map as a plain Vega-Lite spec (no Altair: building it costs well under
    a millisecond, so it can follow a slider): x = effect, y = weight, the quadrant "important and
    under pressure" shaded, points coloured by foundation and labelled (names kept apart by
    ``mini_map_labels``: one text layer for names right of their point, one for names left of it),
    dilemma pairs joined.

    ``titles``: the x-axis title, the y-axis title and the quadrant's label, in the user's language.
    """
    from dilemmakaart.charts.palette import GRID, QUADRANT_FILL, TEXT, foundation_colours

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
    labels = mini_map_labels(points, width, height, titles[2])
    at = {p["value"]: p for p in points}
    lines = []
    for i, d in enumerate(case.dilemmas):
        if d.a in at and d.b in at:
            for end in (d.a, d.b):
                lines.append({"pair": i, "effect": at[end]["effect"], "weight": at[end]["weight"]})
    x = {
        "field": "effect",
        "type": "quantitative",
        "scale": {"domain": [-5, 5]},
        "axis": {"title": titles[0], "values": list(range(-5, 6)), "grid": False},
    }
    y = {
        "field": "weight",
        "type": "quantitative",
        "scale": {"domain": [0, 10]},
        "axis": {"title": titles[1], "values": [0, 5, 10], "grid": True},
    }
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v6.json",
        "width": width,
        "height": height,
        # as wide as the column, the plot as high as asked (Streamlit's "fit" would squeeze the
        # axes into ``height`` too, and the names' spacing is reckoned on the plot's height)
        "autosize": {"type": "fit-x", "contains": "padding"},
        "config": {"view": {"stroke": GRID}, "axis": {"labelFontSize": 13, "titleFontSize": 14, "gridColor": GRID}},
        "layer": [
            {
                "data": {"values": [{"x0": -5, "x1": 0, "y0": 5, "y1": 10, "label": titles[2]}]},
                "mark": {"type": "rect", "color": QUADRANT_FILL},
                "encoding": {
                    "x": {"field": "x0", "type": "quantitative", "scale": {"domain": [-5, 5]}},
                    "x2": {"field": "x1"},
                    "y": {"field": "y0", "type": "quantitative", "scale": {"domain": [0, 10]}},
                    "y2": {"field": "y1"},
                },
            },
            {
                "data": {"values": [{"x0": -5, "y1": 10, "label": titles[2]}]},
                "mark": {
                    "type": "text",
                    "align": "left",
                    "baseline": "top",
                    "dx": 4,
                    "dy": 4,
                    "fontSize": 13,
                    "fontWeight": "bold",
                    "color": "#8A4B08",
                },
                "encoding": {
                    "x": {"field": "x0", "type": "quantitative"},
                    "y": {"field": "y1", "type": "quantitative"},
                    "text": {"field": "label"},
                },
            },
            {
                "data": {"values": lines},
                "mark": {"type": "line", "strokeDash": [5, 4], "color": "#555555", "strokeWidth": 2},
                "encoding": {"x": {**x}, "y": {**y}, "detail": {"field": "pair", "type": "nominal"}},
            },
            {
                "data": {"values": points},
                "mark": {"type": "circle", "size": 220, "opacity": 1, "stroke": "white", "strokeWidth": 1.5},
                "encoding": {
                    "x": x,
                    "y": y,
                    "color": {"field": "colour", "type": "nominal", "scale": None},
                    "tooltip": [
                        {"field": "name", "type": "nominal"},
                        {"field": "weight", "type": "quantitative"},
                        {"field": "effect", "type": "quantitative"},
                    ],
                },
            },
            *[
                {
                    "data": {
                        "values": [
                            {"label": at["label"], "effect": p["effect"], "label_weight": at["label_weight"]}
                            for p, at in zip(points, labels)
                            if at["side"] == side
                        ]
                    },
                    "mark": {
                        "type": "text",
                        "align": "left" if side == "right" else "right",
                        "baseline": "middle",
                        "lineBreak": "\n",
                        "lineHeight": MINI_LABEL_FONT + 3,
                        "dx": MINI_DOT_RADIUS + 2 if side == "right" else -MINI_DOT_RADIUS - 2,
                        "fontSize": MINI_LABEL_FONT,
                        "color": TEXT,
                    },
                    "encoding": {"x": x, "y": {**y, "field": "label_weight"}, "text": {"field": "label"}},
                }
                for side in ("right", "left")
            ],
        ],
    }
