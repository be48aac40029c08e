"""Every name on a chart names its own point: the dilemma map, the group map and the live mini-map.

The checks read the chart's SPEC (``to_dict()``), not the placer's own answer: the points, the
dilemma lines, the names (anchor, alignment, font) and the leader lines as the chart draws them.
A name's box is estimated with ``charts.labels.text_box_size`` (Helvetica/Arial widths), in the
pixels of the plot the chart is drawn for. For every name:

- it stays inside the plot;
- it overlaps no other name, covers no point and crosses no dilemma line nor leader line;
- without a leader it is nearer to its own point than to any other point; with a leader, the line
  starts at its own point, ends on the edge of its name and runs through no other point.

Over all example cases (both languages) and random cases (2–20 values, many on one spot, random
dilemmas).
"""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from dilemmakaart.aggregate import GroupSummary, ItemStats, summarise
from dilemmakaart.analysis import (
    MINI_AXIS_ROOM,
    MINI_NARROW,
    MINI_WIDE,
    MINI_X_DOMAIN,
    MINI_Y_DOMAIN,
    mini_map_spec,
)
from dilemmakaart.case import Dilemma, ValueAtStake, new_case
from dilemmakaart.charts import case_charts as cc
from dilemmakaart.charts import session_charts as sc
from dilemmakaart.charts.labels import (
    Plot,
    place_labels,
    segment_hits_box,
    segment_point_distance,
    spread_same_spot,
    text_box_size,
    text_width,
    wrap_label,
)
from dilemmakaart.code import load_code
from dilemmakaart.store import CaseLibrary

ROOT = Path(__file__).resolve().parents[1]
CODE = load_code(ROOT / "data" / "code.yaml")
EXAMPLES = sorted(p.stem for p in (ROOT / "cases").glob("*.yaml"))
VALUE_IDS = [v.id for v in CODE.values]


# ------------------------------------------------------------------ reading a spec


def _layers(spec: dict) -> list[dict]:
    out: list[dict] = []
    for layer in spec.get("layer", [spec]):
        out.extend(_layers(layer) if "layer" in layer else [layer])
    return out


def _mark(layer: dict) -> dict:
    return layer["mark"] if isinstance(layer["mark"], dict) else {"type": layer["mark"]}


def _rows(spec: dict, layer: dict) -> list[dict]:
    data = layer.get("data") or spec["data"]
    return data["values"] if "values" in data else spec["datasets"][data["name"]]


def drawn(spec: dict, plot: Plot, layout: int | None = None) -> dict:
    """Points, names, leaders and dilemma lines of a map's spec, in the plot's pixels; of a
    responsive map, the rows of ``layout`` (``case_charts.MapLayout.key``: the browser draws the
    rows of the layout for its width)."""
    points, names, leaders, lines = {}, [], {}, []
    for layer in _layers(spec):
        mark, enc = _mark(layer), layer.get("encoding", {})
        kind = mark["type"]
        rows = [r for r in _rows(spec, layer) if r.get("layout", layout) == layout]
        fx, fy = enc.get("x", {}).get("field"), enc.get("y", {}).get("field")
        if kind in ("point", "circle") and "color" in enc:
            for r in rows:
                size = r[enc["size"]["field"]] if "size" in enc else mark["size"]
                points[r["value"]] = (*plot.px(r[fx], r[fy]), math.sqrt(size / math.pi))
        elif kind == "text" and fx == "label_x":
            assert mark["baseline"] == "top"
            if mark.get("stroke"):  # the white halo under the names: the same rows
                continue
            for r in rows:
                assert r["align"] == mark["align"]
                names.append(
                    {
                        "value": r["value"],
                        "text": r["label"],
                        "at": plot.px(r[fx], r[fy]),
                        "align": mark["align"],
                        # a responsive map: each row's font, and lines 2 px apart (test_case_charts)
                        "font": r[enc["size"]["field"]] if "size" in enc else mark["fontSize"],
                        "line": (r[enc["size"]["field"]] + 2) if "size" in enc else mark["lineHeight"],
                        "bold": mark.get("fontWeight") == "bold",
                    }
                )
        elif kind == "rule" and enc.get("x2", {}).get("field") == "leader_x":
            for r in rows:
                leaders[r["value"]] = (*plot.px(r[fx], r[fy]), *plot.px(r["leader_x"], r["leader_y"]))
        elif kind == "rule" and mark.get("strokeDash"):  # the map's dilemma lines
            for r in rows:
                if "x2" in r:
                    lines.append((*plot.px(r["x"], r["y"]), *plot.px(r["x2"], r["y2"])))
        elif kind == "line" and "detail" in enc:  # the group map's and mini-map's dilemma lines
            by: dict = {}
            for r in rows:
                by.setdefault(r[enc["detail"]["field"]], []).append(plot.px(r[fx], r[fy]))
            for ends in by.values():
                lines += [(*a, *b) for a, b in zip(ends, ends[1:])]
    return {"points": points, "names": names, "leaders": leaders, "lines": lines}


def box(name: dict) -> tuple[float, float, float, float]:
    w, h = text_box_size(name["text"], name["font"], name["line"], bold=name["bold"])
    x, y = name["at"]
    x0 = x - 2 if name["align"] == "left" else x - w + 2 if name["align"] == "right" else x - w / 2
    return (x0, y - 2, x0 + w, y - 2 + h)


def distance(p: tuple[float, float], b: tuple[float, float, float, float]) -> float:
    return math.hypot(max(b[0] - p[0], 0, p[0] - b[2]), max(b[1] - p[1], 0, p[1] - b[3]))


def problems(spec: dict, plot: Plot, layout: int | None = None) -> list[str]:
    """What is wrong with the names of a map (empty: every name names its own point)."""
    d = drawn(spec, plot, layout)
    points, names, leaders, lines = d["points"], d["names"], d["leaders"], d["lines"]
    found = []
    assert sorted(n["value"] for n in names) == sorted(points), "one name per point"
    boxes = {n["value"]: box(n) for n in names}
    for n in names:
        v = n["value"]
        b = boxes[v]
        if b[0] < -0.5 or b[1] < -0.5 or b[2] > plot.width + 0.5 or b[3] > plot.height + 0.5:
            found.append(f"{v}: outside the plot {b}")
        for other, ob in boxes.items():
            if other < v and b[0] < ob[2] and ob[0] < b[2] and b[1] < ob[3] and ob[1] < b[3]:
                found.append(f"{v}: overlaps the name of {other}")
        for other, (px, py, radius) in points.items():
            if distance((px, py), b) < radius:
                found.append(f"{v}: covers the point of {other}")
        for seg in lines + [line for other, line in leaders.items() if other != v]:
            if segment_hits_box(seg, b):
                found.append(f"{v}: crossed by a line {seg}")
        own = distance(points[v][:2], b)
        if v in leaders:
            x, y, x2, y2 = leaders[v]
            if math.dist((x, y), points[v][:2]) > 0.5 or distance((x2, y2), b) > 0.5:
                found.append(f"{v}: its leader does not join its point to its name")
            for other, (px, py, radius) in points.items():
                if other != v and segment_point_distance((px, py), leaders[v]) < radius:
                    found.append(f"{v}: its leader runs through the point of {other}")
        else:
            for other, (px, py, _) in points.items():
                if other != v and distance((px, py), b) <= own:
                    found.append(f"{v}: nearer to the point of {other} than to its own")
    return found


# ------------------------------------------------------------------ the charts and their plots


def map_problems(case, lang: str = "nl") -> list[str]:
    return problems(cc.dilemma_map(case, CODE, lang).to_dict(), cc.map_plot())


def page_map_problems(case, lang: str = "nl") -> dict[int, list[str]]:
    """The page's map (``responsive``) as drawn with each layout (the map's own, and the narrow ones
    of a phone's column or 400 % zoom): the rows of that layout, in the plot its names were placed
    for (the map draws its x scale exactly that wide: ``test_case_charts``). By layout key."""
    spec = cc.dilemma_map(case, CODE, lang, responsive=True).to_dict()
    wide = cc.map_plot()
    return {
        layout.key: problems(
            spec, Plot(cc.X_DOMAIN, cc.Y_DOMAIN, layout.plot_width or wide.width, wide.height), layout.key
        )
        for layout in (cc.MAP_WIDE, *cc.MAP_NARROW)
    }


def mini_problems(case, lang: str = "nl", height: int = 240) -> dict[int, list[str]]:
    """The live mini-map as drawn with each layout (its own, and the narrow ones of a phone's
    column): the rows of that layout, in the plot its names were placed for (the chart draws its x
    scale exactly that wide: ``test_analysis``). By layout (its plot width, 0 for the chart's own)."""
    titles = (
        ("effect", "gewicht", "belangrijk en onder druk")
        if lang == "nl"
        else ("effect", "weight", "important and under pressure")
    )
    spec = mini_map_spec(case, CODE, lang, height=height, titles=titles)
    return {
        layout: problems(
            spec, Plot(MINI_X_DOMAIN, MINI_Y_DOMAIN, layout or spec["width"] - MINI_AXIS_ROOM, height), layout
        )
        for layout in (MINI_WIDE.plot_width, *(narrow.plot_width for narrow in MINI_NARROW))
    }


def group_problems(case, summary, lang: str = "nl", big: bool = False, narrow: bool = False) -> list[str]:
    spec = sc.group_map(case, CODE, summary, lang, big=big, narrow=narrow).to_dict()
    return problems(spec, sc.group_map_plot(big, narrow))


def load(case_id: str):
    return CaseLibrary(ROOT / "cases", CODE).load(case_id)


@pytest.mark.parametrize("case_id", EXAMPLES)
def test_every_example_case_names_its_own_points(case_id):
    case = load(case_id)
    for lang in ("nl", "en"):
        assert map_problems(case, lang) == [], (case_id, lang, "map")
        page = page_map_problems(case, lang)
        assert len(page) == 1 + len(cc.NARROW_PLOTS) and not any(page.values()), (case_id, lang, page)
        mini = mini_problems(case, lang)
        assert len(mini) == 1 + len(MINI_NARROW) and not mini[MINI_WIDE.plot_width], (case_id, lang, "mini-map", mini)
        # the live map's narrow layout (a phone's column: a 230 x 240 px plot) of the most crowded
        # examples may keep one leader through a point, the placer's last resort when no placement
        # without one was found (risicoscore-bijstandsfraude: 9 values, none found in 60 orders)
        narrow = [found for layout, problems_of in mini.items() if layout for found in problems_of]
        assert len(narrow) <= 1 and all("its leader runs through" in f for f in narrow), (case_id, lang, narrow)
        if case.sessions:
            summary = summarise(case, case.sessions[-1].responses)
            assert group_problems(case, summary, lang) == [], (case_id, lang, "group map")
            assert group_problems(case, summary, lang, big=True) == [], (case_id, lang, "group map, projector")
            assert group_problems(case, summary, lang, narrow=True) == [], (case_id, lang, "group map, phone")


# ------------------------------------------------------------------ random cases


CROWD = 5  # at most this many values on one spot


@st.composite
def crowded_cases(draw, most: int = 20):
    """2–``most`` values on a few spots (up to ``CROWD`` on one spot, side by side in a row); up to
    8 dilemmas."""
    ids = draw(st.lists(st.sampled_from(VALUE_IDS), min_size=2, max_size=most, unique=True))
    n_spots = draw(st.integers(-(-len(ids) // CROWD), max(1, len(ids) // 2)))
    spots = draw(
        st.lists(st.tuples(st.integers(0, 10), st.integers(-5, 5)), min_size=n_spots, max_size=n_spots, unique=True)
    )
    chosen = draw(st.permutations(spots * CROWD))[: len(ids)]
    values = [ValueAtStake(value=v, weight=w, effect=e) for v, (w, e) in zip(ids, chosen)]
    pairs = draw(st.lists(st.tuples(st.sampled_from(ids), st.sampled_from(ids)), max_size=8))
    dilemmas, seen = [], set()
    for a, b in pairs:
        if a != b and frozenset((a, b)) not in seen:
            seen.add(frozenset((a, b)))
            dilemmas.append(Dilemma(a=a, b=b, balance=0))
    return new_case("willekeurig", "Willekeurig", values=values, dilemmas=dilemmas)


# Fixed examples, and no shrinking: a failing crowded case is reported at once as it was drawn.
# Shrinking a failing case of 15-20 values took minutes (each call is a full placement); when
# pytest-timeout cut into it, Hypothesis replayed the interrupted call, which passed, and reported
# "FlakyFailure: failed on first call, not on subsequent" instead of the failure itself.
FAST = settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    derandomize=True,
    phases=(Phase.explicit, Phase.reuse, Phase.generate),
)
# the most values the live mini-map (about 435 x 240 px) can name without a clash: with 13-15 values
# 5 of 150 random cases left a name over a point or a line (none of 150 with up to 12)
MINI_MOST = 12


@FAST
@given(crowded_cases())
def test_random_cases_map_names_its_own_points(case):
    assert map_problems(case) == []


@settings(FAST, max_examples=8)
@given(crowded_cases(most=8))
def test_random_cases_narrow_map_names_its_own_points(case):
    """On a phone's column (down to a 320 px screen) a map of up to 8 values, several on one spot,
    with dilemmas, still names every point (with more, a 230 px plot may run out of room)."""
    page = page_map_problems(case)
    assert len(page) == 1 + len(cc.NARROW_PLOTS) and not any(page.values()), page


@FAST
@given(crowded_cases(most=MINI_MOST))
def test_random_cases_mini_map_names_its_own_points(case):
    assert mini_problems(case)[MINI_WIDE.plot_width] == []


@settings(FAST, max_examples=8)
@given(crowded_cases(most=8))
def test_random_cases_narrow_mini_map_names_its_own_points(case):
    """On a phone's column (down to a 320 px screen) the live map of up to 8 values, several on one
    spot, with dilemmas, still names every point in every layout (like the map on Kaart: with more,
    a 230 px plot may run out of room)."""
    mini = mini_problems(case)
    assert len(mini) == 1 + len(MINI_NARROW) and not any(mini.values()), mini


def _summary_of(case) -> GroupSummary:
    """The case's own weights and effects as the medians of a group of three who agree."""
    summary = GroupSummary(n=3)
    for v in case.values:
        for kind, number in (("weight", v.weight), ("effect", v.effect)):
            summary.items[f"{kind}:{v.value}"] = ItemStats(
                f"{kind}:{v.value}", kind, v.value, (number,) * 3, float(number), 0.0, None
            )
    return summary


@FAST
@given(crowded_cases(), st.booleans())
def test_random_cases_group_map_names_its_own_points(case, big):
    assert group_problems(case, _summary_of(case), big=big) == []


# ------------------------------------------------------------------ the placer and the check themselves


def test_the_check_finds_a_name_at_another_point():
    """The check can fail: a name moved onto its neighbour, a name over a dilemma line."""
    case = new_case(
        "x",
        "X",
        values=[ValueAtStake(value="privacy", weight=8, effect=-2), ValueAtStake(value="vrijheid", weight=8, effect=2)],
        dilemmas=[Dilemma(a="privacy", b="vrijheid", balance=0)],
    )
    spec = cc.dilemma_map(case, CODE, "nl").to_dict()
    assert problems(spec, cc.map_plot()) == []
    for layer in _layers(spec):
        if _mark(layer)["type"] == "text" and layer["encoding"]["x"]["field"] == "label_x":
            for r in _rows(spec, layer):
                if r["value"] == "privacy":
                    r["label_x"], r["label_y"] = 2.3, 8.2  # beside vrijheid's point, on the line
    found = problems(spec, cc.map_plot())
    assert any("nearer to the point of vrijheid" in f for f in found), found
    assert any("crossed by a line" in f for f in found), found


def test_the_check_finds_a_leader_through_another_point():
    case = load("tellen-bezoekers-binnenstad")
    spec = mini_map_spec(case, CODE, "nl", height=240, titles=("effect", "gewicht", "belangrijk en onder druk"))
    plot = Plot(MINI_X_DOMAIN, MINI_Y_DOMAIN, spec["width"] - MINI_AXIS_ROOM, 240)
    assert problems(spec, plot, 0) == []
    dots = {r["value"]: (r["effect_at"], r["weight"]) for r in spec["datasets"]["dots"] if r["layout"] == 0}
    ours, other = "privacy", "veiligheid"
    # privacy's name far out, its leader running through veiligheid's point on the way
    (x, y), (ox, oy) = dots[ours], dots[other]
    spec["datasets"]["leaders"] = [r for r in spec["datasets"]["leaders"] if r["value"] != ours] + [
        {"value": ours, "effect": x, "weight": y, "leader_x": 2 * ox - x, "leader_y": 2 * oy - y, "layout": 0}
    ]
    assert f"{ours}: its leader runs through the point of {other}" in problems(spec, plot, 0)


def test_names_beside_their_points_and_a_leader_only_when_crowded():
    plot = Plot((-5.0, 5.0), (0.0, 10.0), 500, 300)  # 50 px per effect step, 30 per weight step
    (a, b) = place_labels([("a", -2, 5, "Privacy"), ("b", 2, 5, "Veiligheid")], plot, font_size=14, dot_radius=9)
    # to the right of its point: the gap is the dot's radius and 3 pixels, then the halo's 2
    assert a.align == "left" and a.leader is None and a.x == pytest.approx(-2 + (9 + 3 + 2) / 50, abs=0.01)
    assert b.align == "right" and b.leader is None  # near the right edge: to the left of its point
    assert a.y == pytest.approx(5 + (text_box_size("Privacy", 14, 16)[1] / 2 - 2) / 30, abs=0.01)
    # ten values on one spot: no two names overlap, each name with a leader or next to its own point
    crowd = [(f"v{k}", 0.0 + off, 5.0, f"Waarde {k}") for k, off in enumerate(spread_same_spot([(0, 5)] * 10, 0.4))]
    placed = place_labels(crowd, plot, font_size=14, dot_radius=9)
    assert any(p.leader for p in placed)
    for i, p in enumerate(placed):
        for q in placed[i + 1 :]:
            assert not (p.box[0] < q.box[2] and q.box[0] < p.box[2] and p.box[1] < q.box[3] and q.box[1] < p.box[3])
    assert place_labels([], plot, font_size=14, dot_radius=9) == []


def test_spread_and_text_estimates():
    assert spread_same_spot([(0, 5), (0, 5), (1, 5), (0, 5)], 2.0) == [-2.0, 0.0, 0.0, 2.0]
    # Helvetica: "Privacy" = P 667 r 333 i 222 v 500 a 556 c 500 y 500 = 3278/1000 em, plus 4 %
    assert text_width("Privacy", 10) == pytest.approx(32.78 * 1.04)
    assert text_width("Privacy", 10, bold=True) > text_width("Privacy", 10)
    assert text_width("é", 10) == text_width("e", 10)
    assert wrap_label("Menselijke eindverantwoordelijkheid", 18) == "Menselijke\neindverantwoordelijkheid"
    w, h = text_box_size("a\nbb", 10, 12)
    assert h == 10 + 12 + 4 and w == pytest.approx(text_width("bb", 10) + 4)
    assert segment_hits_box((0, 0, 10, 10), (4, 4, 6, 6)) and not segment_hits_box((0, 10, 3, 10), (4, 4, 6, 6))
