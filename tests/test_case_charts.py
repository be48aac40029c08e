"""The case charts (value wheel, dilemma map, trade-offs) and their text equivalents.

Checked through ``chart.to_dict()`` on a small hand-made case whose answers are worked out by hand
below; then rendered to PNG and SVG for two example cases (artifacts/charts/, to look at).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from dilemmakaart.case import Dilemma, Response, ValueAtStake, new_case
from dilemmakaart.charts import case_charts as cc
from dilemmakaart.charts import palette
from dilemmakaart.charts.case_charts import dilemma_map, tradeoffs, value_wheel
from dilemmakaart.charts.describe import map_sentences, map_table, tradeoff_sentences, tradeoff_table, wheel_table
from dilemmakaart.charts.export import to_png, to_svg
from dilemmakaart.charts.palette import FOUNDATION_COLOURS, UNTAGGED

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "artifacts" / "charts"


@pytest.fixture
def case():
    """Five values, three dilemmas (one with a value that is not tagged, so it has no line).

    Important (weight ≥ 5) and under pressure (effect < 0): privacy (9, −3) and inclusie (5, −1).
    Not: veiligheid (8, +3: strengthened), transparantie (4, −2: less important), innovatie (6, 0: no effect).
    Core dilemmas (touch privacy or inclusie): veiligheid|privacy and inclusie|innovatie.
    """
    return new_case(
        "proef",
        "Proef",
        values=[
            ValueAtStake(value="privacy", weight=9, effect=-3),
            ValueAtStake(value="veiligheid", weight=8, effect=3),
            ValueAtStake(value="transparantie", weight=4, effect=-2),
            ValueAtStake(value="inclusie", weight=5, effect=-1),
            ValueAtStake(value="innovatie", weight=6, effect=0),
        ],
        dilemmas=[
            Dilemma(a="veiligheid", b="privacy", balance=20),
            Dilemma(a="inclusie", b="innovatie", balance=-70),
            Dilemma(a="doelmatigheid", b="transparantie", balance=0),
        ],
    )


@pytest.fixture
def empty():
    return new_case("leeg", "Leeg")


def responses() -> list[Response]:
    """Four participants. veiligheid|privacy: 40, −60, 10, 100 → sorted −60, 10, 40, 100 → median
    (10 + 40) / 2 = 25. inclusie|innovatie: one writes the pair the other way round
    (innovatie|inclusie: 30 means −30 for inclusie|innovatie); values −50, −30, −80 → median −50;
    the fourth gives none."""
    return [
        Response(participant="A", balances={"veiligheid|privacy": 40, "inclusie|innovatie": -50}),
        Response(participant="B", balances={"veiligheid|privacy": -60, "innovatie|inclusie": 30}),
        Response(participant="C", balances={"veiligheid|privacy": 10, "inclusie|innovatie": -80}),
        Response(participant="D", balances={"veiligheid|privacy": 100}),
    ]


# ------------------------------------------------------------------ helpers on the spec


def layers(spec: dict) -> list[dict]:
    out: list[dict] = []
    for layer in spec.get("layer", [spec]):
        out.extend(layers(layer) if "layer" in layer else [layer])
    return out


def mark(layer: dict) -> str:
    return layer["mark"] if isinstance(layer["mark"], str) else layer["mark"]["type"]


def rows(spec: dict, layer: dict) -> list[dict]:
    data = layer.get("data") or spec["data"]
    if "values" in data:
        return data["values"]
    return spec["datasets"][data["name"]]


def find(spec: dict, kind: str, **match) -> list[dict]:
    """Layers of mark ``kind`` whose mark properties include ``match``."""
    found = []
    for layer in layers(spec):
        if mark(layer) != kind:
            continue
        props = layer["mark"] if isinstance(layer["mark"], dict) else {}
        if all(props.get(k) == v for k, v in match.items()):
            found.append(layer)
    return found


# ------------------------------------------------------------------ dilemma map


def test_map_points_effect_by_weight_coloured_by_foundation(case, code):
    spec = dilemma_map(case, code, "nl").to_dict()
    (points,) = find(spec, "point")
    enc = points["encoding"]
    assert enc["x"]["field"] == "effect_at" and enc["y"]["field"] == "weight"
    assert enc["color"]["field"] == "foundation"
    scale = enc["color"]["scale"]
    assert scale["domain"] == ["Democratie", "Rechtsstaat", "Bestuurskracht"]
    assert scale["range"] == [
        FOUNDATION_COLOURS["democratie"],
        FOUNDATION_COLOURS["rechtsstaat"],
        FOUNDATION_COLOURS["bestuurskracht"],
    ]
    data = {r["value"]: r for r in rows(spec, points)}
    assert set(data) == {"privacy", "veiligheid", "transparantie", "inclusie", "innovatie"}  # one per tagged value
    assert (data["privacy"]["weight"], data["privacy"]["effect_at"], data["privacy"]["foundation"]) == (
        9,
        -3,
        "Rechtsstaat",
    )
    assert data["inclusie"]["foundation"] == "Democratie"
    assert data["veiligheid"]["foundation"] == "Bestuurskracht"
    assert data["privacy"]["quadrant"] == "important-pressure"
    assert data["inclusie"]["quadrant"] == "important-pressure"  # weight exactly 5 counts as important
    assert data["transparantie"]["quadrant"] == "minor-pressure"
    assert data["innovatie"]["quadrant"] == "important-neutral"
    assert data["veiligheid"]["quadrant"] == "important-strengthened"


def test_map_axes_in_plain_words_and_large_fonts(case, code):
    spec = dilemma_map(case, code, "nl").to_dict()
    (rect,) = find(spec, "rect")
    assert rect["encoding"]["x"]["axis"]["title"] == "← onder druk · versterkt →"
    assert rect["encoding"]["y"]["axis"]["title"] == "gewicht"
    assert rect["encoding"]["x"]["scale"]["domain"] == [-5.5, 5.5]
    assert spec["config"]["axis"]["titleFontSize"] >= 16 and spec["config"]["axis"]["labelFontSize"] >= 14
    labels = [layer for layer in find(spec, "text") if layer["encoding"].get("text", {}).get("field") == "label"]
    assert labels and all(layer["mark"]["fontSize"] >= 14 for layer in labels)
    en = dilemma_map(case, code, "en").to_dict()
    (rect_en,) = find(en, "rect")
    assert rect_en["encoding"]["x"]["axis"]["title"] == "← under pressure · strengthened →"


def test_map_quadrant_extent(case, code):
    spec = dilemma_map(case, code, "nl").to_dict()
    (rect,) = find(spec, "rect")
    (q,) = rows(spec, rect)
    # left edge of the plot to the zero line; half a step below weight 5 up to the top of the plot
    assert (q["x"], q["x2"], q["y"], q["y2"]) == (-5.5, 0.0, 4.5, 10.8)
    assert q["label"] == "belangrijk en onder druk"
    quadrant_label = [layer for layer in find(spec, "text") if rows(spec, layer) == [q]]
    assert quadrant_label, "the quadrant has its own text label"
    (en_rect,) = find(dilemma_map(case, code, "en").to_dict(), "rect")
    assert rows(dilemma_map(case, code, "en").to_dict(), en_rect)[0]["label"] == "important and under pressure"


def test_map_one_dashed_line_per_dilemma_joining_its_two_values(case, code):
    spec = dilemma_map(case, code, "nl").to_dict()
    lines = [layer for layer in find(spec, "rule") if layer["mark"].get("strokeDash")]
    assert len(lines) == 1
    data = rows(spec, lines[0])
    # doelmatigheid is not tagged: that dilemma has no second point, so no line
    assert [(r["a"], r["b"]) for r in data] == [("veiligheid", "privacy"), ("inclusie", "innovatie")]
    ends = {(r["a"], r["b"]): (r["x"], r["y"], r["x2"], r["y2"]) for r in data}
    assert ends[("veiligheid", "privacy")] == (3, 8, -3, 9)
    assert ends[("inclusie", "innovatie")] == (-1, 5, 0, 6)
    enc = lines[0]["encoding"]
    assert (enc["x"]["field"], enc["y"]["field"], enc["x2"]["field"], enc["y2"]["field"]) == ("x", "y", "x2", "y2")


def test_map_zero_line(case, code):
    spec = dilemma_map(case, code, "nl").to_dict()
    zero = [layer for layer in find(spec, "rule") if not layer["mark"].get("strokeDash")]
    assert [rows(spec, layer) for layer in zero] == [[{"x": 0}]]


def test_map_values_on_the_same_spot_are_spread_and_labels_do_not_overlap(code):
    case = new_case(
        "x",
        "X",
        values=[
            ValueAtStake(value="privacy", weight=8, effect=-2),
            ValueAtStake(value="vrijheid", weight=8, effect=-2),
            ValueAtStake(value="autonomie", weight=8, effect=-2),
            ValueAtStake(value="zorgvuldigheid", weight=8, effect=-1),
            ValueAtStake(value="menselijke-eindverantwoordelijkheid", weight=8, effect=1),
        ],
    )
    spec = dilemma_map(case, code, "nl").to_dict()
    (points,) = find(spec, "point")
    data = rows(spec, points)
    same = sorted(r["effect_at"] for r in data if r["effect"] == -2)
    assert same == pytest.approx([-2 - cc.SPREAD, -2, -2 + cc.SPREAD])
    # every name names its own point, no two overlap (the checks of tests/test_labels.py)
    from tests.test_labels import problems

    assert problems(spec, cc.map_plot()) == []


def _vega(expr: str, width: float) -> object:
    """A layout's condition or the x range, as Vega reads them, for a plot ``width`` pixels wide
    (only ``<``, ``>=``, ``&&`` and ``a ? b : c`` occur)."""
    python = re.sub(r"(\S+) \? (\S+) : ", r"\2 if \1 else ", expr.replace("&&", "and").replace(" < ", "<"))
    return eval(python, {"width": width})  # (our own expressions)


def test_the_page_map_draws_one_layout_at_every_width_at_the_width_its_names_were_placed_for(case, code):
    """Responsive (the page): every layout's rows are in one set of layers; at any plot width the
    rows of exactly one layout are drawn, a narrow layout's x scale is exactly as wide as the plot
    its names were placed for, and its names and dots have that layout's sizes."""
    spec = dilemma_map(case, code, "nl", responsive=True).to_dict()
    layouts = {layout.key: layout for layout in (cc.MAP_WIDE, *cc.MAP_NARROW)}
    assert len(layouts) == 1 + len(cc.NARROW_PLOTS)
    (rect,) = find(spec, "rect")
    low, high = rect["encoding"]["x"]["scale"]["range"]
    assert low == 0 and high == cc.MAP_X_RANGE.to_dict()
    shown = cc.MAP_LAYOUT_SHOWN.removeprefix("datum.layout === (").removesuffix(")")
    for width in range(150, 1400, 5):
        drawn = layouts[_vega(shown, width)]
        assert drawn.shown == next(lay.shown for lay in layouts.values() if _vega(lay.shown, width)), width
        assert _vega(cc.MAP_X_RANGE.expr, width) == (drawn.plot_width or width), width
        assert _vega(cc.MAP_LINE_HEIGHT.expr, width) == drawn.font + 2  # (as tests/test_labels reads it)
        assert _vega(cc.MAP_QUADRANT_FONT.expr, width) == drawn.quadrant_font
        if drawn is not cc.MAP_NARROW[0]:  # a layout fits the plot it is drawn in (from a 320 px screen on)
            assert (drawn.plot_width or cc.WIDE_FROM) <= width
    # one points layer; every value once per layout, with that layout's dot size, only its rows drawn
    (points,) = find(spec, "point")
    assert {step["filter"] for step in points["transform"]} == {cc.MAP_LAYOUT_SHOWN}
    assert points["encoding"]["size"] == {"field": "dot_size", "scale": None, "type": "quantitative"}
    data = rows(spec, points)
    assert sorted((r["layout"], r["value"]) for r in data) == sorted(
        (key, v.value) for key in layouts for v in case.values if v.value in code.value_ids
    )
    assert all(r["dot_size"] == layouts[r["layout"]].dot_size for r in data)
    names = [layer for layer in find(spec, "text") if layer["encoding"]["x"]["field"] == "label_x"]
    assert names and all(r["font"] == layouts[r["layout"]].font for layer in names for r in rows(spec, layer))
    assert cc.MAP_NARROW[0].font < cc.MAP_WIDE.font and cc.MAP_NARROW[0].dot_size < cc.MAP_WIDE.dot_size
    # the downloads and reports: one layout, drawn for the map's own size, no condition
    plain = dilemma_map(case, code, "nl").to_dict()
    assert not [layer for layer in plain["layer"] if layer.get("transform")]
    assert "range" not in find(plain, "rect")[0]["encoding"]["x"]["scale"]


def test_map_of_an_empty_case_says_so(empty, code):
    spec = dilemma_map(empty, code, "nl").to_dict()
    texts = [r["text"] for layer in find(spec, "text") for r in rows(spec, layer)]
    assert any("Nog geen waarden" in text for text in texts)
    spec_en = dilemma_map(empty, code, "en").to_dict()
    assert any("No values chosen yet" in r["text"] for layer in find(spec_en, "text") for r in rows(spec_en, layer))


# ------------------------------------------------------------------ value wheel


def wedge_layer(spec: dict) -> dict:
    (wedges,) = [layer for layer in find(spec, "arc") if layer["encoding"].get("color", {}).get("condition")]
    return wedges


def test_wheel_thirty_outer_wedges_untagged_grey(case, code):
    spec = value_wheel(case, code, "nl").to_dict()
    wedges = wedge_layer(spec)
    data = rows(spec, wedges)
    assert len(data) == 30 and len({r["value"] for r in data}) == 30
    by_id = {r["value"]: r for r in data}
    assert {v for v, r in by_id.items() if r["tagged"]} == {
        "privacy",
        "veiligheid",
        "transparantie",
        "inclusie",
        "innovatie",
    }
    assert by_id["privacy"]["weight"] == 9 and by_id["privacy"]["effect"] == -3
    colour = wedges["encoding"]["color"]
    assert colour["condition"]["test"] == "datum.tagged" and colour["condition"]["field"] == "effect_fill"
    assert (
        by_id["privacy"]["effect_fill"] == -3 and by_id["autonomie"]["effect_fill"] == 0
    )  # never missing: Vega would drop the wedge
    assert colour["value"] == UNTAGGED  # the rest are grey
    assert colour["condition"]["scale"]["range"][0].upper() == palette.PRESSURE == "#6A1B5A"  # plum: under pressure
    assert colour["condition"]["scale"]["range"][-1].upper() == palette.STRENGTHENED == "#404040"  # grey: strengthened
    assert not set(colour["condition"]["scale"]["range"]) & set(FOUNDATION_COLOURS.values())
    # a wedge grows with its weight; every untagged one has the same short length
    length = {v: r["r2"] - r["r"] for v, r in by_id.items()}
    assert length["privacy"] > length["veiligheid"] > length["innovatie"] > length["inclusie"] > length["transparantie"]
    assert len({length[v] for v, r in by_id.items() if not r["tagged"]}) == 1
    assert length["transparantie"] > length["autonomie"]
    # the 30 wedges go round the whole circle once, without gaps
    ordered = sorted(data, key=lambda r: r["theta"])
    assert ordered[-1]["theta2"] - ordered[0]["theta"] == pytest.approx(2 * 3.141592653589793)
    assert all(a["theta2"] == pytest.approx(b["theta"]) for a, b in zip(ordered, ordered[1:]))


def test_wheel_rings_foundations_and_principles_in_foundation_colours(case, code):
    spec = value_wheel(case, code, "nl").to_dict()
    arcs = find(spec, "arc")
    foundation = [
        layer for layer in arcs if any("foundation_id" in r and "principle" not in r for r in rows(spec, layer))
    ]
    principle = [layer for layer in arcs if any("principle" in r and "value" not in r for r in rows(spec, layer))]
    assert len(rows(spec, foundation[0])) == 3 and len(rows(spec, principle[0])) == 6
    fills = {r["principle"]: r["fill"] for r in rows(spec, principle[0])}
    assert fills["Mensenrechten"] == FOUNDATION_COLOURS["rechtsstaat"]
    texts = {r.get("label") for layer in find(spec, "text") for r in rows(spec, layer)}
    assert {"Democratie", "Rechtsstaat", "Bestuurskracht", "Privacy"} <= texts
    en = value_wheel(case, code, "en").to_dict()
    assert "Rule of law" in {r.get("label") for layer in find(en, "text") for r in rows(en, layer)}


def test_wheel_tooltips_name_value_principle_weight_effect(case, code):
    spec = value_wheel(case, code, "en").to_dict()
    titles = [t["title"] for t in wedge_layer(spec)["encoding"]["tooltip"]]
    assert titles == ["Value", "Principle", "Foundation", "Weight", "Effect"]
    by_id = {r["value"]: r for r in rows(spec, wedge_layer(spec))}
    assert (by_id["veiligheid"]["weight_text"], by_id["veiligheid"]["effect_text"]) == ("8", "+3")
    assert by_id["autonomie"]["weight_text"] == "not chosen"


def test_wheel_selection_only_when_selectable(case, code):
    plain = value_wheel(case, code, "nl").to_dict()
    assert "params" not in plain and all("params" not in layer for layer in layers(plain))
    spec = value_wheel(case, code, "nl", selectable=True).to_dict()
    params = spec.get("params", []) + [p for layer in layers(spec) for p in layer.get("params", [])]
    (wheel,) = [p for p in params if p["name"] == "wheel"]
    assert wheel["select"]["type"] == "point" and wheel["select"]["fields"] == ["value"]
    # the click targets: one per value, reaching from the principle ring to the names
    (hit,) = [
        layer
        for layer in find(spec, "arc")
        if layer["mark"].get("cursor") == "pointer" and layer["mark"].get("opacity", 1) < 0.01
    ]
    targets = rows(spec, hit)
    assert len(targets) == 30 and all(r["r2"] == 280 for r in targets)


def test_wheel_of_no_case_and_of_an_empty_case(empty, code):
    for subject in (None, empty):
        spec = value_wheel(subject, code, "nl").to_dict()
        data = rows(spec, wedge_layer(spec))
        assert len(data) == 30 and not any(r["tagged"] for r in data)
    assert "Nog geen waarden gekozen." in value_wheel(empty, code, "nl").to_dict()["title"]["subtitle"]


def test_wheel_size_scales_the_rings(case, code):
    s = value_wheel(case, code, "nl", size=400).to_dict()
    b = value_wheel(case, code, "nl", size=800).to_dict()
    small = {r["value"]: r for r in rows(s, wedge_layer(s))}
    large = {r["value"]: r for r in rows(b, wedge_layer(b))}
    assert large["privacy"]["r2"] == pytest.approx(2 * small["privacy"]["r2"])
    assert b["width"] == 800 and s["height"] == 400


def test_quick_wheel_spec_is_the_chart_and_keeps_its_data_names_while_a_slider_moves(case, empty, code):
    """``value_wheel_spec`` keeps the static part; it must give what ``value_wheel`` gives, for
    every kind of case, the second time (kept part) as the first. Dataset names stay the same when
    only a weight moves (the browser then swaps the data) and change when a value is tagged."""
    from dilemmakaart.charts.case_charts import value_wheel_spec

    for subject, lang, selectable in [(case, "nl", True), (case, "en", False), (empty, "nl", True), (None, "en", True)]:
        for _ in range(2):
            assert (
                value_wheel_spec(subject, code, lang, selectable=selectable, size=480)
                == value_wheel(subject, code, lang, selectable=selectable, size=480).to_dict()
            )
    before = value_wheel_spec(case, code, "nl", selectable=True)
    moved = case.model_copy(deep=True)
    moved.value("privacy").weight = 2
    after = value_wheel_spec(moved, code, "nl", selectable=True)
    assert set(after["datasets"]) == set(before["datasets"])
    assert {r["value"]: r["r2"] for r in rows(after, wedge_layer(after))}["privacy"] < {
        r["value"]: r["r2"] for r in rows(before, wedge_layer(before))
    }["privacy"]
    assert value_wheel(moved, code, "nl", selectable=True).to_dict() == after
    moved.tag("duurzaamheid")
    tagged = value_wheel_spec(moved, code, "nl", selectable=True)
    assert not set(tagged["datasets"]) & set(before["datasets"])
    assert "Duurzaamheid" in [r["label"] for r in rows(tagged, wedge_layer(tagged)) if r["tagged"]]
    # names: bold for the chosen values, a filter of the values' rows per side (no dataset of their own)
    bold = [
        layer for layer in find(tagged, "text", fontWeight="bold") if "transform" in layer
    ]  # the foundations are bold too
    assert sorted(layer["transform"][0]["filter"] for layer in bold) == [
        "datum.side === 'left' && datum.tagged",
        "datum.side === 'right' && datum.tagged",
    ]
    assert all(layer["data"] == wedge_layer(tagged)["data"] for layer in bold)


# ------------------------------------------------------------------ trade-offs


def test_tradeoffs_rows_ends_and_case_balance(case, code):
    spec = tradeoffs(case, code, "nl").to_dict()
    (diamond,) = [layer for layer in find(spec, "point", shape="diamond") if "key" in rows(spec, layer)[0]]
    data = rows(spec, diamond)
    assert [(r["a"], r["b"], r["balance"]) for r in data] == [
        ("veiligheid", "privacy", 20),
        ("inclusie", "innovatie", -70),
        ("doelmatigheid", "transparantie", 0),
    ]
    assert diamond["encoding"]["x"]["scale"]["domain"] == [-100, 100]
    ends = {(r["at"], r["name"]) for layer in find(spec, "text") for r in rows(spec, layer) if "at" in r}
    assert (-100, "Veiligheid") in ends and (100, "Privacy") in ends and (100, "Transparantie") in ends
    assert spec["layer"][0]["encoding"]["x"]["axis"]["labelExpr"] == "'even zwaar'"
    assert not find(spec, "circle"), "no participant dots without responses"
    key = [r["text"] for layer in find(spec, "text") for r in rows(spec, layer) if "tx" in r]
    assert key == ["afweging in de casus"]


def test_tradeoffs_with_responses_dots_and_hand_computed_median(case, code):
    spec = tradeoffs(case, code, "en", responses=responses()).to_dict()
    (dots,) = find(spec, "circle")
    positions = sorted((r["key"], r["balance"]) for r in rows(spec, dots))
    assert positions == sorted(
        [
            ("veiligheid|privacy", 40),
            ("veiligheid|privacy", -60),
            ("veiligheid|privacy", 10),
            ("veiligheid|privacy", 100),
            ("inclusie|innovatie", -50),
            ("inclusie|innovatie", -30),
            ("inclusie|innovatie", -80),
        ]
    )
    assert dots["mark"]["opacity"] < 1
    (ring,) = [layer for layer in find(spec, "point", filled=False) if "key" in rows(spec, layer)[0]]
    medians = {r["key"]: r["median"] for r in rows(spec, ring)}
    assert medians == {"veiligheid|privacy": 25, "inclusie|innovatie": -50}  # no median where nobody answered
    assert ring["encoding"]["x"]["field"] == "median"
    assert spec["layer"][0]["encoding"]["x"]["axis"]["labelExpr"] == "'equal'"
    key = [r["text"] for layer in find(spec, "text") for r in rows(spec, layer) if "tx" in r]
    assert key == ["balance in the case", "one participant", "middle of the group (median)"]
    # dots sit just below their dilemma's track
    assert all(r["row"] + cc.DOT_STRIP <= r["y"] < r["row"] + 1 - 0.3 for r in rows(spec, dots))


def test_tradeoffs_same_positions_are_spread(code):
    case = new_case("x", "X", values=[], dilemmas=[Dilemma(a="privacy", b="veiligheid", balance=0)])
    group = [Response(participant=p, balances={"privacy|veiligheid": 50}) for p in "ABC"]
    spec = tradeoffs(case, code, "nl", responses=group).to_dict()
    (dots,) = find(spec, "circle")
    assert len({r["y"] for r in rows(spec, dots)}) == 3


def test_tradeoffs_without_dilemmas_says_so(empty, code):
    spec = tradeoffs(empty, code, "nl").to_dict()
    assert any("Nog geen dilemma" in r["text"] for layer in find(spec, "text") for r in rows(spec, layer))


# ------------------------------------------------------------------ text equivalents


def test_wheel_table_every_value(case, code):
    table = wheel_table(case, code, "nl")
    assert list(table.columns) == [
        "Fundament",
        "Principe",
        "Waarde",
        "Gekozen",
        "Gewicht",
        "Effect",
        "Wat het project doet",
    ]
    assert len(table) == 30
    privacy = table[table["Waarde"] == "Privacy"].iloc[0]
    assert (privacy["Fundament"], privacy["Principe"], privacy["Gekozen"], privacy["Gewicht"], privacy["Effect"]) == (
        "Rechtsstaat",
        "Mensenrechten",
        "ja",
        "9",
        "−3",
    )
    # a value not chosen: dashes, never "None", "NaN" or "<NA>" (what a table widget shows for a missing number)
    autonomie = table[table["Waarde"] == "Autonomie"].iloc[0]
    assert (autonomie["Gewicht"], autonomie["Effect"], autonomie["Wat het project doet"]) == ("—", "—", "—")
    shown = {str(cell) for cell in table.to_numpy().ravel()}
    assert not shown & {"None", "nan", "NaN", "<NA>"}
    assert privacy["Wat het project doet"] == "onder druk"
    assert table[table["Waarde"] == "Autonomie"].iloc[0]["Gekozen"] == "nee"
    assert table["Gekozen"].eq("ja").sum() == 5
    assert list(wheel_table(None, code, "en").columns)[3] == "Chosen"


def test_map_table_where_to_look_first(case, code):
    table = map_table(case, code, "en")
    assert list(table["Value"]) == ["Privacy", "Inclusion", "Innovation", "Security and safety", "Transparency"]
    assert list(table["Place on the map"])[:2] == ["important and under pressure"] * 2
    first = table.iloc[0]
    assert (first["Weight"], first["Effect"], first["Foundation"]) == (9, -3, "Rule of law")


def test_map_sentences_name_the_right_values(case, code):
    nl = map_sentences(case, code, "nl")
    assert nl[0] == "Er staan 5 waarden op de kaart."
    assert nl[1] == (
        "Kijk eerst naar Privacy (gewicht 9, effect −3) en Inclusie (gewicht 5, effect −1): "
        "deze waarden wegen zwaar en komen onder druk."
    )
    core = [s for s in nl if s.startswith("Kerndilemma")]
    assert core == [
        "Kerndilemma: Veiligheid tegenover Privacy. In de casus: Privacy weegt iets zwaarder (+20).",
        "Kerndilemma: Inclusie tegenover Innovatie. In de casus: Inclusie weegt veel zwaarder (−70).",
    ]
    assert nl[-1] == "Het project versterkt vooral Veiligheid."
    assert not any("Transparantie" in s for s in nl[:2]), "weight 4 is not important"
    en = map_sentences(case, code, "en")
    assert en[1].startswith("Look first at Privacy (weight 9, effect −3) and Inclusion (weight 5, effect −1)")


def test_map_sentences_when_nothing_is_under_pressure_or_empty(code, empty):
    calm = new_case("x", "X", values=[ValueAtStake(value="privacy", weight=9, effect=2)])
    text = map_sentences(calm, code, "nl")
    assert "Geen enkele waarde weegt zwaar en komt tegelijk onder druk." in text
    assert "Er zijn nog geen dilemma's vastgelegd." in text
    assert map_sentences(empty, code, "nl") == [
        "Nog geen waarden gekozen: de kaart is leeg. Kies eerst de waarden die op het spel staan."
    ]
    assert map_sentences(empty, code, "en")[0].startswith("No values chosen yet")
    assert map_table(empty, code, "nl").empty


def test_tradeoff_table_and_sentences(case, code):
    table = tradeoff_table(case, code, "nl")
    assert list(table.columns) == ["Waarde links", "Waarde rechts", "Afweging (−100…+100)", "Afweging in de casus"]
    assert list(table["Afweging (−100…+100)"]) == [20, -70, 0]
    group = tradeoff_table(case, code, "en", responses())
    assert list(group["Participants"]) == [4, 3, 0]
    # the third dilemma nobody answered: a dash, not "None"
    assert group["Group median"].tolist() == ["25", "-50", "—"]
    assert (group["Lowest"].tolist(), group["Highest"].tolist()) == (["-60", "-80", "—"], ["100", "-30", "—"])
    sentences = tradeoff_sentences(case, code, "nl", responses())
    assert sentences[0] == (
        "Veiligheid tegenover Privacy: Privacy weegt iets zwaarder (+20). In de groep (4 deelnemers): "
        "Privacy weegt iets zwaarder (+25); de posities lopen van −60 tot +100, de groep is sterk verdeeld."
    )
    assert sentences[1].endswith(
        "de posities lopen van −80 tot −30, de groep is het deels eens."
    )  # range 50: between 40 and 100
    assert sentences[2].endswith("Geen deelnemer gaf hier een afweging.")
    assert tradeoff_sentences(case, code, "en")[1] == "Inclusion versus Innovation: Inclusion weighs much more (−70)."


def test_tradeoff_text_without_dilemmas(empty, code):
    assert tradeoff_sentences(empty, code, "nl") == [
        "Nog geen dilemma's. Kies twee waarden die botsen en leg vast welke zwaarder weegt."
    ]
    assert tradeoff_table(empty, code, "en").empty


# ------------------------------------------------------------------ pictures

EXAMPLES = ["tellen-bezoekers-binnenstad", "slimme-camera-stationsgebied"]


@pytest.mark.parametrize("case_id", EXAMPLES)
def test_example_cases_render_to_png_and_svg(case_id, code):
    from dilemmakaart.store import CaseLibrary

    case = CaseLibrary(ROOT / "cases", code).load(case_id)
    group = case.sessions[-1].responses if case.sessions else None
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for lang in ("nl", "en"):
        charts = {
            "wheel": value_wheel(case, code, lang, selectable=True),
            "map": dilemma_map(case, code, lang),
            "tradeoffs": tradeoffs(case, code, lang, responses=group),
        }
        for name, chart in charts.items():
            png = to_png(chart)
            assert png[:8] == b"\x89PNG\r\n\x1a\n"
            width = int.from_bytes(png[16:20], "big")
            assert width >= 2 * 560, (name, width)  # rendered at scale 2
            (ARTIFACTS / f"{case_id}-{name}-{lang}.png").write_bytes(png)
        svg = to_svg(charts["map"])
        assert (
            svg.lstrip().startswith("<svg") and "belangrijk en onder druk" in svg
        ) or "important and under pressure" in svg
        (ARTIFACTS / f"{case_id}-map-{lang}.svg").write_text(svg, encoding="utf-8")
    assert re.search(r"Privacy", to_svg(value_wheel(case, code, "nl")))


def test_map_every_name_is_nearest_its_own_point_or_has_a_leader(code):
    """A crowded corner: each name is nearer to its own point than to any other, or a leader line
    joins it to its point; the leaders are drawn from the point to the name."""
    from tests.test_labels import problems

    ids = [
        "privacy",
        "vrijheid",
        "autonomie",
        "zorgvuldigheid",
        "menselijke-waardigheid",
        "transparantie",
        "uitlegbaarheid",
        "rechtsbescherming",
        "non-discriminatie",
        "inclusie",
    ]
    case = new_case(
        "x", "X", values=[ValueAtStake(value=v, weight=8 + i % 3, effect=-2 - i % 2) for i, v in enumerate(ids)]
    )
    spec = dilemma_map(case, code, "nl").to_dict()
    assert problems(spec, cc.map_plot()) == []
    leaders = [layer for layer in find(spec, "rule") if layer["encoding"].get("x2", {}).get("field") == "leader_x"]
    assert leaders and all(layer["encoding"]["x"]["field"] == "effect_at" for layer in leaders)


def test_each_chart_sets_its_own_autosize(case, code):
    """The wheel is drawn in pixels round its centre: "pad" keeps its view as drawn. The map and
    the trade-offs fit the column's width and keep their height ("fit-x"); Streamlit's default
    ("fit") would squeeze titles, legend and plot into the height and collide the names."""
    assert value_wheel(case, code, "nl").to_dict()["autosize"] == {"type": "pad", "contains": "padding"}
    assert dilemma_map(case, code, "nl").to_dict()["autosize"] == {"type": "fit-x", "contains": "padding"}
    assert tradeoffs(case, code, "nl").to_dict()["autosize"] == {"type": "fit-x", "contains": "padding"}


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_text_equivalents_show_names_never_ids_or_python_words(code, lang):
    """Every table cell, column and sentence of the text equivalents of all example cases: no value
    or foundation id on its own, no "None", "NaN", "<NA>", "True" or "False"."""
    from dilemmakaart.store import CaseLibrary

    ids = {v.id for v in code.values} | {f.id for f in code.foundations}
    words = re.compile(r"\b(None|nan|NaN|True|False)\b|<NA>")
    library = CaseLibrary(ROOT / "cases", code)
    for path in sorted((ROOT / "cases").glob("*.yaml")):
        case = library.load(path.stem)
        group = case.sessions[-1].responses if case.sessions else None
        frames = [
            wheel_table(case, code, lang),
            map_table(case, code, lang),
            tradeoff_table(case, code, lang),
            tradeoff_table(case, code, lang, group),
        ]
        texts = [str(cell) for frame in frames for cell in [*frame.columns, *frame.to_numpy().ravel()]]
        texts += map_sentences(case, code, lang) + tradeoff_sentences(case, code, lang, group)
        wrong = [text for text in texts if text in ids or words.search(text)]
        assert not wrong, (path.stem, wrong)
