"""Advice for one case: value suggestions with reasons, dilemmas, instruments, priority matrix."""

import re

from dilemmakaart.analysis import (
    MINI_NARROW,
    MINI_WIDE,
    Reason,
    example_actions,
    instruments_next,
    mini_map_layouts,
    priority_matrix,
    suggest_dilemmas,
    suggest_values,
    under_pressure,
    unprotected_values,
    unscored_actions,
)
from dilemmakaart.case import Action, Dilemma, ValueAtStake, new_case


def sensors(**fields):
    return new_case("sensoren", "Sensoren in de binnenstad", technology=["sensoren"], **fields)


def test_technology_suggests_its_values_with_the_reason(code):
    case = sensors()
    found = {s.value: s for s in suggest_values(case, code)}
    # data/code.yaml: sensoren -> privacy, transparantie, veiligheid, duurzaamheid, betrokkenheid
    assert set(found) == {"privacy", "transparantie", "veiligheid", "duurzaamheid", "betrokkenheid"}
    assert found["privacy"].reasons == [Reason("technology", "sensoren")]


def test_tagged_values_are_not_suggested_and_tensions_add_a_reason(code):
    case = sensors(values=[ValueAtStake(value="veiligheid", weight=8, effect=3)])
    found = {s.value: s for s in suggest_values(case, code)}
    assert "veiligheid" not in found
    # privacy: from the technology and from the tension veiligheid–privacy
    assert found["privacy"].reasons == [Reason("technology", "sensoren"), Reason("tension", "veiligheid")]
    # two reasons rank before one: technology+tension for duurzaamheid, privacy, transparantie
    # (in the code's order), then betrokkenheid (technology only), then vrijheid (tension only)
    ranked = [s.value for s in suggest_values(case, code)]
    assert ranked[:3] == ["duurzaamheid", "privacy", "transparantie"]
    assert ranked[3:] == ["betrokkenheid", "vrijheid"]
    # transparantie–veiligheid is also a tension in the code
    assert Reason("tension", "veiligheid") in found["transparantie"].reasons


def test_example_cases_with_the_same_technology_count(code):
    other = new_case(
        "ander",
        "Camera's",
        technology=["sensoren"],
        values=[
            ValueAtStake(value="vrijheid", weight=7, effect=-2),
            ValueAtStake(value="innovatie", weight=2, effect=1),  # weight below 5: not counted
        ],
    )
    unrelated = new_case(
        "los", "Chatbot", technology=["chatbot"], values=[ValueAtStake(value="welzijn", weight=9, effect=0)]
    )
    found = {s.value: s for s in suggest_values(sensors(), code, [other, unrelated])}
    assert found["vrijheid"].reasons == [Reason("example", "ander", "Camera's")]
    assert "innovatie" not in found and "welzijn" not in found
    assert len(suggest_values(sensors(), code, [other], limit=2)) == 2


def test_dilemmas_suggested_only_between_tagged_values_not_yet_present(code):
    case = sensors(
        values=[
            ValueAtStake(value="veiligheid", weight=8, effect=3),
            ValueAtStake(value="privacy", weight=7, effect=-3),
        ]
    )
    pairs = [{t.a, t.b} for t in suggest_dilemmas(case, code)]
    assert pairs == [{"veiligheid", "privacy"}]
    case.dilemmas.append(Dilemma(a="privacy", b="veiligheid", balance=0))
    assert suggest_dilemmas(case, code) == []


def test_instruments_name_the_dpia_with_values_under_pressure_and_the_technology(code):
    case = sensors(
        values=[
            ValueAtStake(value="privacy", weight=8, effect=-3),
            ValueAtStake(value="veiligheid", weight=6, effect=2),
        ]
    )
    advice = {a.id: a for a in instruments_next(case, code)}
    dpia = advice["dpia"]
    assert dpia.values == ["privacy"] and dpia.under_pressure == ["privacy"] and dpia.technologies == ["sensoren"]
    assert advice["bio"].values == ["veiligheid"] and advice["bio"].under_pressure == []
    assert "iama" in advice  # privacy lists the IAMA among its instruments in the code
    assert advice["iama"].technologies == []
    # strongest first: both triggers and a value under pressure
    first = instruments_next(case, code)[0]
    assert first.values and first.technologies and first.under_pressure
    # WCAG needs accessibility or an app/loket/chatbot: not here
    assert "wcag" not in advice


def test_zero_weight_does_not_call_for_an_instrument(code):
    case = new_case("x", "X", values=[ValueAtStake(value="toegankelijkheid", weight=0, effect=-5)])
    assert "wcag" not in {a.id for a in instruments_next(case, code)}
    assert instruments_next(new_case("y", "Y"), code) == []


def test_priority_matrix_places_each_scored_action_once():
    case = new_case(
        "x",
        "X",
        actions=[
            Action(text="a", necessity=3, importance=3),
            Action(text="b", necessity=3, importance=1),
            Action(text="c"),
            Action(text="d", necessity=3, importance=3),
            Action(text="e", necessity=2),
        ],
    )
    cells = priority_matrix(case)
    assert len(cells) == 9
    assert cells[(3, 3)] == [0, 3] and cells[(3, 1)] == [1]
    assert sum(len(v) for v in cells.values()) == 3
    assert unscored_actions(case) == [2, 4]


def test_example_actions_leave_out_those_already_taken(code):
    case = new_case("x", "X", values=[ValueAtStake(value="privacy", weight=8, effect=-3)])
    examples = example_actions(case, code, "nl")
    assert len(examples) == len(code.value("privacy").actions) == 4
    first = examples[0][1].text("nl")
    case.actions.append(Action(text=first.upper(), values=["privacy"]))
    assert [e.text("nl") for _, e in example_actions(case, code, "nl")] == [e.text("nl") for _, e in examples[1:]]


def test_under_pressure_heaviest_first_and_unprotected():
    case = new_case(
        "x",
        "X",
        values=[
            ValueAtStake(value="privacy", weight=6, effect=-2),
            ValueAtStake(value="vrijheid", weight=9, effect=-1),
            ValueAtStake(value="veiligheid", weight=9, effect=3),
        ],
        actions=[Action(text="borden", values=["vrijheid"])],
    )
    assert under_pressure(case) == ["vrijheid", "privacy"]
    assert unprotected_values(case) == ["privacy"]


def test_mini_map_spec_has_points_quadrant_and_dilemma_lines(code):
    from dilemmakaart.analysis import mini_map_spec
    from dilemmakaart.charts.palette import FOUNDATION_COLOURS

    case = sensors(
        values=[
            ValueAtStake(value="privacy", weight=8, effect=-3),
            ValueAtStake(value="veiligheid", weight=9, effect=3),
        ],
        dilemmas=[Dilemma(a="veiligheid", b="privacy", balance=20)],
    )
    spec = mini_map_spec(case, code, "nl", titles=("effect", "gewicht", "belangrijk en onder druk"))
    _grid, _frame, quadrant, _label, lines, leaders, points, *names = spec["layer"]

    def rows(layer: dict) -> list[dict]:
        return spec["datasets"][layer["data"]["name"]]

    assert quadrant["data"]["values"][0]["label"] == "belangrijk en onder druk"
    # every layout's rows (the chart's own: 0, and each narrow one), the browser draws one layout's
    by_value = {p["value"]: p for p in rows(points) if p["layout"] == MINI_WIDE.plot_width}
    assert by_value["privacy"] == {
        "value": "privacy",
        "name": "Privacy",
        "effect": -3,
        "weight": 8,
        "colour": FOUNDATION_COLOURS["rechtsstaat"],
        "effect_at": -3,
        "dot_size": MINI_WIDE.dot_size,
        "layout": MINI_WIDE.plot_width,
    }
    assert by_value["veiligheid"]["colour"] == FOUNDATION_COLOURS["bestuurskracht"]
    layouts = [MINI_WIDE, *MINI_NARROW]
    assert sorted((p["layout"], p["value"], p["dot_size"]) for p in rows(points)) == sorted(
        (layout.plot_width, v, layout.dot_size) for layout in layouts for v in ("privacy", "veiligheid")
    )
    assert rows(lines) == [
        {"pair": 0, "effect": effect, "weight": weight, "layout": layout.plot_width}
        for layout in layouts
        for effect, weight in ((3, 9), (-3, 8))
    ]
    assert points["encoding"]["x"]["field"] == "effect_at" and points["encoding"]["y"]["field"] == "weight"
    assert points["encoding"]["size"] == {"field": "dot_size", "type": "quantitative", "scale": None}
    assert rows(leaders) == []  # two names beside their points: no leader
    # the same layers for every case (a slider move then only swaps data in the drawn chart); in
    # a case without values only the grid, the frame, the shaded quadrant and its name draw anything
    kinds = ["rule", "rule", "rect", "text", "line", "rule", "circle", *["text"] * 6]
    empty = mini_map_spec(new_case("x", "X"), code, "nl")
    assert [layer["mark"]["type"] for layer in spec["layer"]] == [layer["mark"]["type"] for layer in empty["layer"]]
    assert [layer["mark"]["type"] for layer in spec["layer"]] == kinds
    # the grid, the frame, the quadrant and its name inline (the same for every case); the rows that
    # follow the case named, none in an empty case
    assert [list(layer["data"]) for layer in empty["layer"]] == [["values"]] * 4 + [["name"]] * 9
    assert all(layer["data"]["values"] for layer in empty["layer"][:4])
    assert not any(empty["datasets"].values())
    assert len(names) == 6 and sum(len(rows(layer)) for layer in names) == 2 * 2 * len(layouts)
    # each name's halo and its text draw the same rows
    assert [layer["data"]["name"] for layer in names] == [
        f"names-{a}" for a in ("left", "center", "right") for _ in (0, 1)
    ]
    # every layer of a layout's rows draws only the rows of the layout for the plot's width
    for layer in (lines, leaders, points, *names):
        assert layer["transform"] == [{"filter": mini_map_layouts()["shown"]}]
    # names: privacy (−3) to the left of its point, veiligheid (+3) to the right: the dilemma line
    # between them leaves each point on the other side; each name in two layers (a white halo,
    # then the text), anchored at the edge next to its point, in its layout's font
    for layout in layouts:
        placed = {
            r["value"]: (layer["mark"]["align"], r)
            for layer in names
            for r in rows(layer)
            if r["layout"] == layout.plot_width
        }
        assert {r["font"] for _, r in placed.values()} == {layout.font}
        if layout is MINI_WIDE:  # (the narrow one has less room beside its points)
            assert placed["privacy"][0] == "right" and placed["privacy"][1]["label_x"] < -3
            assert placed["veiligheid"][0] == "left" and placed["veiligheid"][1]["label_x"] > 3
    assert all(layer["encoding"]["y"]["field"] == "label_y" for layer in names)
    assert all(layer["encoding"]["size"]["field"] == "font" for layer in names)


def _vega(expr: str, width: float) -> object:
    """A layout's choice as Vega reads it, for a plot ``width`` pixels wide (only ``<`` and
    ``a ? b : c`` occur)."""
    python = re.sub(r"(\S+) \? (\S+) : ", r"\2 if \1 else ", expr.replace(" < ", "<"))
    return eval(python, {"width": width})  # (our own expressions)


def test_mini_map_draws_one_layout_at_every_width_at_the_width_its_names_were_placed_for():
    """In the browser, at any plot width the live map draws the rows of exactly one layout: a narrow
    one below the chart's own plot width, at exactly the width its names were placed for (its x
    scale's range) and with its line height; the chart's own from its plot width on, filling the
    plot. A narrow layout fits the plot it is drawn in from a 320 px screen on (plot 230 px)."""
    from dilemmakaart.analysis import MINI_AXIS_ROOM, MINI_WIDTH

    picked = mini_map_layouts()
    shown = picked["shown"].removeprefix("datum.layout === (").removesuffix(")")
    by_key = {layout.plot_width: layout for layout in (MINI_WIDE, *MINI_NARROW)}
    wide_from = MINI_WIDTH - MINI_AXIS_ROOM
    for width in range(150, 1400, 5):
        drawn = by_key[_vega(shown, width)]  # (a key of no layout fails here)
        if width >= wide_from:
            assert drawn is MINI_WIDE and _vega(picked["x_range"], width) == width, width
        else:
            assert drawn is max(
                (n for n in MINI_NARROW if n.plot_width <= width), key=lambda n: n.plot_width, default=MINI_NARROW[0]
            )
            assert _vega(picked["x_range"], width) == drawn.plot_width, width
        assert _vega(picked["line_height"], width) == drawn.font + 2, width
    assert MINI_NARROW[0].plot_width <= 230  # what a 320 px screen's chart has for its plot


def test_mini_map_labels_of_values_on_one_spot_move_apart():
    """Values on one spot are drawn side by side; each name beside its own point or joined to it by
    a leader; no two names overlap (the full checks over many cases are in tests/test_labels.py)."""
    from dilemmakaart.analysis import mini_map_labels

    points = [
        {"name": "Privacy", "effect": 0, "weight": 5},
        {"name": "Veiligheid", "effect": 0, "weight": 5},
        {"name": "Duurzaamheid", "effect": 4, "weight": 2},
    ]
    first, second, third = mini_map_labels(points, 500, 300)
    assert first["effect_at"] < 0 < second["effect_at"] and third["effect_at"] == 4
    assert first["align"] == "right" and second["align"] == "left"  # outward, away from each other
    assert third["align"] == "right"  # near the right edge: to the left of its point
    long, *_ = mini_map_labels([{"name": "Menselijke eindverantwoordelijkheid", "effect": -2, "weight": 4}], 500, 300)
    assert long["label"] in ("Menselijke\neindverantwoordelijkheid", "Menselijke eindverantwoordelijkheid")
    assert mini_map_labels([], 500, 300) == []
