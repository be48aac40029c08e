"""Aggregation of a group's answers, against expectations computed by hand."""

from __future__ import annotations

import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dilemmakaart.aggregate import (
    OTHER,
    Split,
    count_round,
    find_split,
    median,
    movement,
    role_table,
    round_half_away,
    spread,
    summarise,
    untally,
)
from dilemmakaart.case import Response, parse_case
from tests.conftest import minimal_case


def case():
    return parse_case(
        minimal_case(
            values=[{"value": "privacy", "weight": 5, "effect": 0}, {"value": "veiligheid", "weight": 5, "effect": 0}],
            dilemmas=[{"a": "privacy", "b": "veiligheid", "balance": 0}],
        )
    )


def resp(name, w=None, e=None, b=None, role=None):
    return Response(participant=name, role=role, weights=w or {}, effects=e or {}, balances=b or {})


def test_median_and_spread_by_hand():
    assert median([1, 2, 3, 4]) == 2.5
    assert median([]) is None
    # mean 5, squared deviations 9+1+1+1+0+0+4+16 = 32, /8 = 4, sd 2 → 2 / span 10
    assert spread([2, 4, 4, 4, 5, 5, 7, 9], 10) == pytest.approx(0.2)
    assert spread([7], 10) == 0.0
    assert spread([], 10) is None
    # balances: [-100, 100] → sd 100 / span 200
    assert spread([-100, 100], 200) == pytest.approx(0.5)


@pytest.mark.parametrize(
    "answers, expected",
    [
        ([1, 1, 2, 8, 9, 9], Split(2, 8, 3, 3)),  # two clear camps
        ([0, 2, 4, 6, 8, 10], None),  # spread out evenly: no gap of 3
        ([1, 1, 1, 1, 9], None),  # one outlier is not a camp
        ([1, 1, 9], None),  # too few people
        ([2, 2, 5, 5], Split(2, 5, 2, 2)),  # a gap of exactly 30 % counts
        ([2, 2, 4.9, 5], None),  # just under 30 %
        ([0, 0, 0, 0, 0, 0, 10, 10], Split(0, 10, 6, 2)),  # 2 = max(2, ceil(8/4))
        ([0, 0, 0, 0, 0, 0, 0, 0, 0, 10, 10], None),  # 11 people need 3 on each side
    ],
)
def test_split_on_weights(answers, expected):
    assert find_split(answers, 10) == expected


def test_split_on_balances_uses_their_span():
    assert find_split([-80, -60, 50, 70], 200) == Split(-60, 50, 2, 2)
    assert find_split([-30, -10, 10, 30], 200) is None  # gaps of 20 < 60


def test_the_largest_qualifying_gap_wins():
    # gaps: 3 (after 2 people), 4 (after 4 people)
    assert find_split([0, 0, 3, 3, 7, 7], 10) == Split(3, 7, 4, 2)


def test_summary_agree_and_differ():
    c = case()
    responses = [
        resp("A", {"privacy": 6, "veiligheid": 1}, {"privacy": -2, "veiligheid": 3}, {"privacy|veiligheid": -80}),
        resp("B", {"privacy": 6, "veiligheid": 2}, {"privacy": -2, "veiligheid": -3}, {"privacy|veiligheid": -60}),
        resp("C", {"privacy": 7, "veiligheid": 9}, {"privacy": -2, "veiligheid": 0}, {"privacy|veiligheid": 50}),
        resp("D", {"privacy": 7, "veiligheid": 9}, {"privacy": -2, "veiligheid": 5}, {"privacy|veiligheid": 70}),
        resp("E", {"privacy": 6, "veiligheid": 8}, {"privacy": -3}, {}),
    ]
    s = summarise(c, responses)
    assert s.n == 5
    w = s.items["weight:privacy"]
    # 6,6,7,7,6: mean 6.4, variance (3·0.16 + 2·0.36)/5 = 0.24
    assert w.median == 6 and w.spread == pytest.approx(math.sqrt(0.24) / 10)
    assert w.agree and not w.differ
    v = s.items["weight:veiligheid"]
    assert v.split == Split(2, 8, 2, 3) and v.differ and not v.agree
    b = s.items["balance:privacy|veiligheid"]
    assert b.n == 4 and b.median == -5 and b.split == Split(-60, 50, 2, 2)
    assert s.items["effect:veiligheid"].n == 4  # E gave no effect for veiligheid
    assert s.agree()[0].item == "effect:privacy"  # 4×−2 and −3: the smallest spread
    differ = [i.item for i in s.differ()]
    # camps first, larger spread first: weights 1,2,9,9,8 → sd √12.56 = 3.54 → 0.354;
    # balances −80,−60,50,70 → sd √4325 = 65.8 → 0.329; then effect:veiligheid (−3,0,3,5: 0.29, no camps)
    assert differ == ["weight:veiligheid", "balance:privacy|veiligheid", "effect:veiligheid"]
    assert s.medians() == {
        "weights": {"privacy": 6, "veiligheid": 8},
        "effects": {"privacy": -2, "veiligheid": 2},  # median of −3, 0, 3, 5 = 1.5 → 2
        "balances": {"privacy|veiligheid": -5},
    }


def test_round_half_away_from_zero():
    assert [round_half_away(x) for x in (2.5, -2.5, -0.5, 0.4, 1.5)] == [3, -3, -1, 0, 2]


def test_movement_between_rounds_by_hand():
    c = case()
    before = [resp("A", {"privacy": 2}), resp("B", {"privacy": 8}), resp("C", {"privacy": 5})]
    after = [resp("A", {"privacy": 4}), resp("B", {"privacy": 6}), resp("C", {"privacy": 5}), resp("D", {"privacy": 9})]
    keys1, keys2 = ["ta", "tb", "tc"], ["ta", "tb", "tc", "td"]
    m = {x.item: x for x in movement(c, before, after, keys1, keys2)}["weight:privacy"]
    # over the three who answered both rounds (D joined in round 2): 2, 8, 5 → 4, 6, 5
    assert m.people == 3
    assert m.median_before == 5 and m.median_after == 5 and m.median_change == 0
    assert m.spread_before == pytest.approx(math.sqrt(6) / 10)  # 2, 8, 5: mean 5, (9+9+0)/3
    assert m.spread_after == pytest.approx(math.sqrt(2 / 3) / 10)  # 4, 6, 5: mean 5, (1+1+0)/3
    assert m.mean_shift == pytest.approx(4 / 3) and m.movers == 2
    assert {x.item: x for x in movement(c, before, after, keys1, keys2)}[
        "balance:privacy|veiligheid"
    ].median_change is None


def test_a_skipped_round_moves_no_median():
    """Ten people, nobody changes; one skips round 2: no median moves, and it says over how many."""
    c = case()
    weights = [0, 1, 2, 3, 4, 6, 7, 8, 9, 10]
    before = [resp(f"P{i}", {"privacy": w}) for i, w in enumerate(weights)]
    after = before[:-1]  # P9 (weight 10) did not answer round 2
    keys = [f"t{i}" for i in range(10)]
    m = {x.item: x for x in movement(c, before, after, keys, keys[:-1])}["weight:privacy"]
    assert m.people == 9 and m.movers == 0 and m.median_change == 0 and m.spread_change == 0


def test_two_people_with_the_same_name_stay_two():
    c = case()
    before = [resp("Jan", {"privacy": 2}), resp("Jan", {"privacy": 8})]
    after = [resp("Jan", {"privacy": 2}), resp("Jan", {"privacy": 8})]
    m = {x.item: x for x in movement(c, before, after, ["t1", "t2"], ["t1", "t2"])}["weight:privacy"]
    assert m.people == 2 and m.movers == 0 and m.mean_shift == 0  # matched by token, not by "Jan"
    swapped = {x.item: x for x in movement(c, before, after, ["t1", "t2"], ["t2", "t1"])}["weight:privacy"]
    assert swapped.movers == 2 and swapped.mean_shift == 6
    counted = count_round(after, before)  # an older file without tokens: same labels are never matched
    assert counted.participants == 2 and counted.movers == {}
    counted = count_round(after, before, keys=["t1", "t2"], first_keys=["t2", "t1"])
    assert counted.movers == {"weight:privacy": 2}


def test_role_table():
    """Only roles of at least three people; the rest folded into "overig" (``breakdown``), or left out
    when even together they are fewer than three."""
    c = case()
    responses = [
        resp("A", {"privacy": 8, "veiligheid": 2}, role="bewoner"),
        resp("B", {"privacy": 6, "veiligheid": 4}, role="bewoner"),
        resp("E", {"privacy": 7, "veiligheid": 3}, role="bewoner"),
        resp("C", {"privacy": 1, "veiligheid": 9}, role="handhaver"),
        resp("D", {"privacy": 5}),
        resp("F", {"privacy": 3, "veiligheid": 5}, role="wethouder"),
    ]
    assert role_table(c, responses) == {
        "bewoner": {"privacy": 7, "veiligheid": 3},
        OTHER: {"privacy": 3, "veiligheid": 7},  # handhaver, no role and wethouder: one each
    }
    assert role_table(c, responses[:5]) == {"bewoner": {"privacy": 7, "veiligheid": 3}}  # two left: not shown
    assert role_table(c, responses[3:5]) == {}
    assert role_table(c, responses, "effect") == {
        "bewoner": {"privacy": None, "veiligheid": None},
        OTHER: {"privacy": None, "veiligheid": None},
    }


def test_dots_name_a_role_only_for_three_people_or_more():
    from dilemmakaart.aggregate import participant_positions

    people = [resp(n, b={"privacy|veiligheid": 10 * i}, role="bewoner") for i, n in enumerate("ABC")]
    alone = [resp("D", b={"privacy|veiligheid": 40}, role="wethouder")]
    pair = [resp(n, b={"privacy|veiligheid": 50}, role="handhaver") for n in "EF"]
    roles = {p: role for p, role, _ in participant_positions(people + alone + pair, "balance", "privacy|veiligheid")}
    assert roles == {"A": "bewoner", "B": "bewoner", "C": "bewoner", "D": OTHER, "E": OTHER, "F": OTHER}
    roles = {p: role for p, role, _ in participant_positions(people + alone, "balance", "privacy|veiligheid")}
    assert roles["D"] is None and roles["A"] == "bewoner"  # one alone, even folded: no role named


def test_session_charts_data_and_specs(code):
    from dilemmakaart.aggregate import movement as moves_of
    from dilemmakaart.charts import session_charts as charts

    c = case()
    r1 = [
        resp("A", {"privacy": 2, "veiligheid": 5}, {"privacy": 0, "veiligheid": 0}, {"privacy|veiligheid": -50}),
        resp("B", {"privacy": 8, "veiligheid": 5}, {"privacy": 0, "veiligheid": 0}, {"privacy|veiligheid": 50}),
    ]
    r2 = [
        resp("A", {"privacy": 4, "veiligheid": 5}, {"privacy": 0, "veiligheid": 0}, {"privacy|veiligheid": -50}),
        resp("B", {"privacy": 6, "veiligheid": 5}, {"privacy": 0, "veiligheid": 0}, {"privacy|veiligheid": 50}),
    ]
    s1 = summarise(c, r1)
    m = charts.group_map_data(c, code, s1, "nl")
    assert list(m["value"]) == ["privacy", "veiligheid"]
    # both at (0, 5): drawn side by side, each name on its own side
    assert m["effect_at"][0] < 0 < m["effect_at"][1] and list(m["align"]) == ["right", "left"]
    moves = moves_of(c, r1, r2, ["ta", "tb"], ["ta", "tb"])
    data = charts.movement_data(moves, code, "nl", "weight")
    assert list(data["item"]) == ["weight:privacy"]  # veiligheid did not move: left out
    assert charts.movement_data(moves, code, "nl", "balance").empty
    dots = charts.balance_dots_data(c, code, r1, s1, "nl")
    assert (
        sorted(dots["balance"]) == [-50, 0, 50]
        and sorted(dots["y"]) == [0, 0, 0]
        and list(dots["kind"]).count("median") == 1
    )
    for chart in (
        charts.group_map(c, code, s1, "nl"),
        charts.balance_dots(c, code, r1, s1, "en", big=True),
        charts.divergence(s1, code, "nl"),
        charts.movement(moves, code, "nl"),
        charts.role_heatmap(c, code, role_table(c, r1 + r1[:1]), "nl"),
    ):
        assert chart.to_dict()


def _empty_layers(spec: dict) -> list[str]:
    """Every (nested) layer whose own data has no rows: Vega draws it as an SVG group without a
    description (axe ``svg-img-alt``)."""
    datasets = spec.get("datasets", {})
    found = []

    def walk(node: dict, where: str) -> None:
        data = node.get("data")
        if data is not None:
            rows = data.get("values") if "values" in data else datasets.get(data.get("name"), None)
            if rows is not None and len(rows) == 0:
                found.append(where)
        for i, child in enumerate(node.get("layer", [])):
            walk(child, f"{where}/layer[{i}]")

    walk(spec, "top")
    return found


def test_session_charts_have_no_empty_layers(code):
    """Answers that leave a dilemma out, no two camps, nobody with a role: no chart has a layer
    without data (and the check itself finds an empty layer when there is one)."""
    from dilemmakaart.aggregate import movement as moves_of
    from dilemmakaart.charts import session_charts as charts

    c = parse_case(
        minimal_case(
            values=[
                {"value": "privacy", "weight": 5, "effect": 0},
                {"value": "veiligheid", "weight": 5, "effect": 0},
                {"value": "transparantie", "weight": 5, "effect": 0},
            ],
            dilemmas=[
                {"a": "privacy", "b": "veiligheid", "balance": 0},
                {"a": "veiligheid", "b": "transparantie", "balance": 0},
            ],
        )
    )
    r1 = [
        resp("A", {"privacy": 2, "veiligheid": 5}, {"privacy": 3, "veiligheid": -4}, {"privacy|veiligheid": -50}),
        resp("B", {"privacy": 8, "veiligheid": 5}, {"privacy": 2, "veiligheid": -3}, {"privacy|veiligheid": 50}),
    ]
    r2 = [
        resp("A", {"privacy": 4, "veiligheid": 5}, {"privacy": 3, "veiligheid": -4}, {"privacy|veiligheid": -50}),
        resp("B", {"privacy": 6, "veiligheid": 5}, {"privacy": 2, "veiligheid": -3}, {"privacy|veiligheid": 50}),
    ]
    s1 = summarise(c, r1)
    moves = moves_of(c, r1, r2, ["ta", "tb"], ["ta", "tb"])
    # nobody answered veiligheid|transparantie: its line is drawn, but no dots and no median
    dots = charts.balance_dots_data(c, code, r1, s1, "nl")
    assert dots[dots["pair"].str.contains("Transparantie")]["balance"].isna().all()
    built = {
        "map": charts.group_map(c, code, s1, "nl"),
        "map-big": charts.group_map(c, code, s1, "en", big=True),
        "dots": charts.balance_dots(c, code, r1, s1, "nl"),
        "divergence": charts.divergence(s1, code, "nl"),  # no two camps: no "twee kampen" text layer
        "movement": charts.movement(moves, code, "nl", "weight"),
        "roles": charts.role_heatmap(c, code, role_table(c, r1 + r1[:1]), "nl"),
    }
    # nobody answered any dilemma: the lines and names are drawn, no empty layer of dots or medians
    no_balances = [resp("A", {"privacy": 2}, {"privacy": 3}), resp("B", {"privacy": 8}, {"privacy": 2})]
    built["dots-none"] = charts.balance_dots(c, code, no_balances, summarise(c, no_balances), "nl")
    for name, chart in built.items():
        assert _empty_layers(chart.to_dict()) == [], name
    assert len(built["divergence"].to_dict()["layer"]) == 1  # the camps' text layer is left out, not filtered away
    # every name names its own point (the checks of tests/test_labels.py)
    from tests.test_labels import problems

    assert problems(built["map"].to_dict(), charts.group_map_plot()) == []
    assert problems(built["map-big"].to_dict(), charts.group_map_plot(True)) == []
    # the check can fail: a plain layer with an empty table is found
    import altair as alt
    import pandas as pd

    bad = alt.layer(
        alt.Chart(pd.DataFrame({"x": [1]})).mark_point().encode(x="x:Q"),
        alt.Chart(pd.DataFrame({"x": []})).mark_point().encode(x="x:Q"),
    )
    assert _empty_layers(bad.to_dict()) == ["top/layer[1]"]


# ---------------------------------------------------------------- property: a reference computation

ITEMS: tuple[tuple[str, str, int, int, int], ...] = (
    ("weight", "privacy", 0, 10, 1),
    ("weight", "veiligheid", 0, 10, 1),
    ("effect", "privacy", -5, 5, 1),
    ("balance", "privacy|veiligheid", -100, 100, 5),
)
SPAN = {"weight": 10, "effect": 10, "balance": 200}


@st.composite
def person(draw, name):
    """One person's answer: every item answered or skipped."""
    answer = {"weights": {}, "effects": {}, "balances": {}}
    for kind, target, low, high, step in ITEMS:
        if draw(st.booleans()) or draw(st.booleans()):  # three in four answer an item
            answer[kind + "s"][target] = draw(st.integers(low // step, high // step)) * step
    return Response(participant=name, **answer)


@st.composite
def two_rounds(draw):
    """A group of 1…14 people with random names (two may share one), who answers round 1 and
    round 2 (some skip a round), and who is removed (their answers leave both rounds)."""
    n = draw(st.integers(1, 14))
    names = [draw(st.sampled_from(["Jan", "Anna", "Deelnemer 2", "Piet"])) for _ in range(n)]
    tokens = [f"t{i}" for i in range(n)]
    removed = {t for t in tokens if draw(st.integers(0, 9)) == 0}
    rounds = []
    for _ in range(2):
        keys, responses = [], []
        for token, name in zip(tokens, names, strict=True):
            if token in removed or draw(st.integers(0, 4)) == 0:  # removed, or skipped this round
                continue
            keys.append(token)
            responses.append(draw(person(name)))
        order = draw(st.permutations(range(len(keys))))  # the order of the files does not matter
        rounds.append(([keys[i] for i in order], [responses[i] for i in order]))
    return rounds


def ref_median(xs):
    xs = sorted(xs)
    if not xs:
        return None
    mid = len(xs) // 2
    return float(xs[mid]) if len(xs) % 2 else (xs[mid - 1] + xs[mid]) / 2


def ref_spread(xs, span):
    if not xs:
        return None
    mean = sum(xs) / len(xs)
    return math.sqrt(sum((x - mean) ** 2 for x in xs) / len(xs)) / span


def ref_split(xs, span):
    """Every cut between two sorted neighbours; the widest that has enough people on both sides."""
    xs = sorted(xs)
    n = len(xs)
    if n < 4:
        return None
    need = max(2, math.ceil(n / 4))
    cuts = [(xs[i + 1] - xs[i], i) for i in range(n - 1) if i + 1 >= need and n - i - 1 >= need]
    cuts = [(gap, i) for gap, i in cuts if gap >= 0.3 * span]
    if not cuts:
        return None
    best = max(gap for gap, _ in cuts)
    i = min(i for gap, i in cuts if gap == best)  # the first of equally wide gaps
    return Split(xs[i], xs[i + 1], i + 1, n - i - 1)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(two_rounds())
def test_aggregation_equals_a_reference_computation(rounds):
    c = case()
    (keys1, r1), (keys2, r2) = rounds
    for responses in (r1, r2):
        summary = summarise(c, responses)
        assert summary.n == len(responses)  # every answer is a person, whatever the names
        for kind, target, *_ in ITEMS:
            answers = [getattr(r, kind + "s")[target] for r in responses if target in getattr(r, kind + "s")]
            stats = summary.items[f"{kind}:{target}"]
            assert stats.n == len(answers)
            assert stats.median == ref_median(answers)
            assert stats.spread == pytest.approx(ref_spread(answers, SPAN[kind]))
            assert stats.split == ref_split(answers, SPAN[kind])
    moves = {m.item: m for m in movement(c, r1, r2, keys1, keys2)}
    first = dict(zip(keys1, r1, strict=True))
    for kind, target, *_ in ITEMS:
        field = kind + "s"
        pairs = [
            (getattr(first[k], field)[target], getattr(r, field)[target])
            for k, r in zip(keys2, r2, strict=True)
            if k in first and target in getattr(first[k], field) and target in getattr(r, field)
        ]
        m = moves[f"{kind}:{target}"]
        assert m.people == len(pairs)
        assert m.median_before == ref_median([a for a, _ in pairs])
        assert m.median_after == ref_median([b for _, b in pairs])
        assert m.movers == sum(1 for a, b in pairs if a != b)
        if pairs:
            assert m.mean_shift == pytest.approx(sum(abs(b - a) for a, b in pairs) / len(pairs))
        else:
            assert m.mean_shift is None and m.median_change is None
        # nobody who answered both changed: no median moves, whoever skipped a round
        if all(a == b for a, b in pairs):
            assert m.median_change in (0, None) and m.movers == 0
    # the counts the case keeps say the same as the answers, and movers by token
    counted = count_round(r2, r1, keys=keys2, first_keys=keys1)
    assert counted.participants == len(r2)
    for kind, target, *_ in ITEMS:
        answers = sorted(getattr(r, kind + "s")[target] for r in r2 if target in getattr(r, kind + "s"))
        assert untally(getattr(counted, kind + "s").get(target, "")) == answers
        pairs_moved = moves[f"{kind}:{target}"].movers
        assert counted.movers.get(f"{kind}:{target}", 0) == pairs_moved


def _layers_of(spec: dict) -> list[dict]:
    return [layer for layer in spec.get("layer", [])]


def test_the_dilemma_chart_fits_a_phone(code):
    """The middle line stops below each dilemma's title (it crossed the titles), long names wrap
    onto lines (they were clipped), the axis title is two lines; the text equivalent keeps the
    names on one line."""
    from dilemmakaart.charts import session_charts as charts

    long = parse_case(
        minimal_case(
            values=[
                {"value": "doelmatigheid", "weight": 5, "effect": 0},
                {"value": "menselijke-eindverantwoordelijkheid", "weight": 5, "effect": 0},
            ],
            dilemmas=[{"a": "doelmatigheid", "b": "menselijke-eindverantwoordelijkheid", "balance": 0}],
        )
    )
    pair = "doelmatigheid|menselijke-eindverantwoordelijkheid"
    people = [resp(f"D{i}", b={pair: b}) for i, b in enumerate((-80, -60, 60, 80))]
    summary = summarise(long, people)
    spec = charts.balance_dots(long, code, people, summary, "nl").to_dict()
    layers = _layers_of(spec)
    middle = [x for x in layers if isinstance(x.get("mark"), dict) and x["mark"].get("strokeDash")]
    assert len(middle) == 1 and "y2" in middle[0]["encoding"]  # per dilemma, not over the whole height
    texts = [x for x in layers if isinstance(x.get("mark"), dict) and x["mark"].get("type") == "text"]
    assert texts and all(x["mark"].get("lineBreak") == "\n" for x in texts)
    datasets = spec["datasets"].values()
    lines = {row.get("pair_lines") for rows in datasets for row in rows if row.get("pair_lines")}
    assert lines == {"Doelmatigheid ↔ Menselijke\neindverantwoordelijkheid"}
    x_titles = [x["encoding"]["x"].get("title") for x in layers if "x" in x.get("encoding", {})]
    assert ["← linker waarde weegt zwaarder", "rechter waarde weegt zwaarder →"] in x_titles
    frame = charts.balance_dots_data(long, code, people, summary, "nl")
    assert not frame["pair"].str.contains("\n").any()  # the table says it on one line


def test_where_i_stand_chart(code):
    from dilemmakaart.aggregate import standing
    from dilemmakaart.charts.standing import standing_chart, standing_data

    c = case()
    people = [resp(f"D{i}", w={"privacy": w}) for i, w in enumerate((2, 4, 6, 8))]
    rows = standing(summarise(c, people), {"weights": {"privacy": 9}})
    frame = standing_data(rows, {"weight:privacy": "Privacy (gewicht)"}, "weight")
    assert frame.to_dict("records") == [
        {
            "item": "weight:privacy",
            "label": "Privacy (gewicht)",
            "mine": 9.0,
            "median": 5.0,
            "low": 3.5,
            "high": 6.5,
            "n": 4,
        }
    ]
    chart = standing_chart(rows, {}, "weight", "nl")
    assert chart is not None and len(chart.to_dict()["layer"]) == 3
    assert standing_chart(rows, {}, "balance", "nl") is None  # nothing answered on that scale: no chart
