"""Options, flip points, the group's winners and which disagreements matter (issue 15).

The method is checked against a straightforward reference implementation (scores as weighted means
in exact fractions, flip points found by evaluating the scores just past every crossing) on random
cases: ties, all-zero weights, one option, options that break a legal floor.
"""

from __future__ import annotations

import json
from fractions import Fraction

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dilemmakaart import cli
from dilemmakaart.case import EditError, Option, Response, Session, case_problems, case_to_data, new_case
from dilemmakaart.options import (
    disagreements,
    flip_points,
    flip_sentence,
    group_winners,
    rank,
    ranking_sentence,
    sensitivity,
    sensitivity_lines,
)
from tests.conftest import ROOT

VALUES = ["privacy", "veiligheid", "transparantie", "vrijheid", "innovatie"]

# ---------------------------------------------------------------- the reference


def ref_scores(options, weights):
    total = sum(weights.values())
    if total == 0:
        return None
    return {o.id: Fraction(sum(w * o.effects.get(v, 0) for v, w in weights.items()), total) for o in options}


def ref_best(options, weights):
    scores = ref_scores(options, weights)
    if not scores:
        return None
    top = max(scores.values())
    winners = [k for k, s in scores.items() if s == top]
    return winners[0] if len(winners) == 1 else None


def ref_flip(options, weights, v):
    """The nearest weight in (0, 10) where another option catches up with the best, and the option
    that is ahead just past it; found by evaluating the scores, not by the closed formula."""
    best = ref_best(options, weights)
    if best is None or len(options) < 2:
        return None
    w = weights[v]
    b = next(o for o in options if o.id == best)
    crossings = []
    for o in options:
        if o.id == best or o.effects.get(v, 0) == b.effects.get(v, 0):
            continue
        # score_o(x) - score_b(x) is (c0 + c1·x) / (rest + x): find its zero by the two sums
        c0 = sum(weights[u] * (o.effects.get(u, 0) - b.effects.get(u, 0)) for u in weights if u != v)
        c1 = o.effects.get(v, 0) - b.effects.get(v, 0)
        x = Fraction(-c0, c1)
        if 0 < x < 10:
            crossings.append(x)
    if not crossings:
        return None
    at = min(crossings, key=lambda x: (abs(x - w), x))
    step = Fraction(1, 10**6) * (1 if at > w else -1)
    just_past = ref_scores(options, {**weights, v: at + step})
    tied_at = ref_scores(options, {**weights, v: at})
    candidates = [o.id for o in options if o.id != best and tied_at[o.id] == tied_at[best]]
    to = max(candidates, key=lambda k: (just_past[k], -[o.id for o in options].index(k)))
    return at, to


# ---------------------------------------------------------------- random cases

effects = st.integers(-5, 5)
weights_st = st.integers(0, 10)


@st.composite
def cases(draw, with_group=False):
    n_values = draw(st.integers(1, len(VALUES)))
    values = VALUES[:n_values]
    case = new_case("willekeurig", "Willekeurig")
    small = draw(st.booleans())  # small ranges make ties and zero weights likely
    for v in values:
        case.tag(v, weight=draw(st.integers(0, 2) if small else weights_st), effect=draw(effects))
    n_options = draw(st.integers(1, 6))
    for i in range(n_options):
        chosen = draw(st.lists(st.sampled_from(values), unique=True))
        option_effects = {v: draw(st.integers(-1, 1) if small else effects) for v in chosen}
        breaks = []
        if draw(st.integers(0, 5)) == 0:
            breaks = [{"value": values[0], "law": "AVG art. 9", "why": "Biometrische gegevens."}]
        case.options.append(Option(id=f"o{i}", title=f"Optie {i}", effects=option_effects, breaks=breaks))
    if with_group:
        people = draw(st.integers(1, 8))
        responses = [
            Response(
                participant=f"P{p}",
                weights={v: draw(weights_st) for v in draw(st.lists(st.sampled_from(values), unique=True))},
            )
            for p in range(people)
        ]
        case.sessions = [Session(id="s", round=1, responses=responses)]
    return case


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases())
def test_ranking_and_flip_points_equal_the_reference(case):
    weights = {v.value: v.weight for v in case.values}
    permitted = [o for o in case.options if not o.breaks]
    ranking = rank(case)
    expected = ref_scores(permitted, weights) if permitted else None
    if not permitted:
        assert ranking.status == "no_options" and ranking.scores == {} and ranking.best is None
    elif expected is None:
        assert ranking.status == "zero_weights" and ranking.scores == {} and ranking.best is None
    else:
        assert ranking.scores == expected
        assert list(ranking.scores.values()) == sorted(expected.values(), reverse=True)
        assert ranking.best == ref_best(permitted, weights)
        assert (ranking.status == "tie") == (ranking.best is None)
        ordered = sorted(expected.values(), reverse=True)
        assert ranking.margin == (ordered[0] - ordered[1] if len(ordered) > 1 else None)
    assert set(ranking.not_allowed) == {o.id for o in case.options if o.breaks}
    assert not set(ranking.scores) & set(ranking.not_allowed)
    flips = flip_points(case)
    assert list(flips) == list(weights)
    for v, flip in flips.items():
        want = ref_flip(permitted, weights, v)
        assert (None if flip is None else (flip.at, flip.to)) == want, v
        if flip is not None:
            assert 0 < flip.at < 10 and flip.to != ranking.best
            # past the point the option is really ahead of the best one
            past = ref_scores(permitted, {**weights, v: flip.at + Fraction(1, 10**6) * (1 if flip.up else -1)})
            assert past[flip.to] > past[ranking.best]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases(with_group=True))
def test_group_winners_and_disagreements_equal_the_reference(case):
    permitted = [o for o in case.options if not o.breaks]
    base = {v.value: v.weight for v in case.values}
    group = group_winners(case)
    if not permitted:
        assert group is None
        return
    want = {o.id: 0 for o in permitted}
    none = 0
    for r in case.sessions[-1].responses:
        best = ref_best(permitted, {**base, **{k: w for k, w in r.weights.items() if k in base}})
        if best is None:
            none += 1
        else:
            want[best] += 1
    assert group is not None
    assert group.counts == want and group.undecided == none and group.participants == len(case.sessions[-1].responses)
    flips = flip_points(case)
    for d in disagreements(case):
        answers = [r.weights[d.value] for r in case.sessions[-1].responses if d.value in r.weights]
        assert d.stats.differ and (d.low, d.high) == (min(answers), max(answers))
        flip = flips[d.value]
        past = 0 if flip is None else sum(1 for a in answers if (a - flip.at) * (flip.at - flip.weight) > 0)
        assert d.past == past and d.matters == (past > 0)


# ---------------------------------------------------------------- edges, by hand


def _case(weights_effects, options):
    case = new_case("hand", "Met de hand")
    for v, (w, e) in weights_effects.items():
        case.tag(v, weight=w, effect=e)
    case.options = [Option(id=k, title=k.title(), effects=eff) for k, eff in options.items()]
    return case


def test_all_zero_weights_give_no_ranking_and_say_so():
    case = _case({"privacy": (0, -2), "veiligheid": (0, 3)}, {"a": {"privacy": 1}, "b": {"veiligheid": 1}})
    ranking = rank(case)
    assert ranking.status == "zero_weights" and ranking.best is None
    assert all(f is None for f in flip_points(case).values())
    assert "Alle gewichten staan op 0" in ranking_sentence(case, ranking, "nl")
    assert "All weights are 0" in ranking_sentence(case, ranking, "en")


def test_a_tie_at_the_top_is_no_single_best_and_has_no_flip_points():
    case = _case({"privacy": (5, 0), "veiligheid": (5, 0)}, {"a": {"privacy": 2}, "b": {"veiligheid": 2}, "c": {}})
    ranking = rank(case)
    assert ranking.status == "tie" and ranking.best is None and ranking.margin == 0
    assert all(f is None for f in flip_points(case).values())
    assert ranking_sentence(case, ranking, "nl") == "Er is geen beste optie: ‘A’ en ‘B’ scoren even hoog."


def test_one_option_is_ranked_but_has_nothing_to_compare():
    case = _case({"privacy": (5, 0)}, {"alleen": {"privacy": -1}})
    ranking = rank(case)
    assert ranking.best == "alleen" and ranking.margin is None
    assert flip_points(case) == {"privacy": None}
    assert "nothing to compare" in ranking_sentence(case, ranking, "en")


def test_the_flip_point_and_its_sentence():
    # camera: 6·3 + 4·(−2) = 10 and patrols: 6·1 + 4·1 = 10: a tie, so no flip points
    case = _case(
        {"veiligheid": (6, 0), "privacy": (4, 0)},
        {"camera": {"veiligheid": 3, "privacy": -2}, "patrols": {"veiligheid": 1, "privacy": 1}},
    )
    assert rank(case).status == "tie" and flip_points(case) == {"veiligheid": None, "privacy": None}
    case.set_weight("privacy", 3)  # camera 18 − 6 = 12, patrols 6 + 3 = 9: camera by 3/9
    assert rank(case).best == "camera" and rank(case).margin == Fraction(3, 9)
    flip = flip_points(case)["privacy"]
    # 18 − 2w = 6 + w  →  w = 4
    assert flip is not None and (flip.at, flip.to, flip.up) == (4, "patrols", True)
    assert flip_sentence(case, flip, "privacy", "nl") == "Als privacy 1 punt zwaarder weegt (vanaf 4), wint ‘Patrols’."
    assert flip_sentence(case, flip, "privacy", "en") == "If privacy weighs 1 point more (from 4), ‘Patrols’ wins."
    down = flip_points(case)["veiligheid"]  # 3v − 6 = v + 3  →  v = 4.5
    assert down is not None and (down.at, down.to, down.up) == (Fraction(9, 2), "patrols", False)
    assert flip_sentence(case, down, "veiligheid", "nl") == (
        "Als veiligheid 1,5 punt lichter weegt (onder 4,5), wint ‘Patrols’."
    )


def test_an_option_that_breaks_a_legal_floor_is_never_ranked():
    case = _case({"privacy": (8, 0), "veiligheid": (8, 0)}, {"a": {"veiligheid": 2}, "b": {"privacy": 1}})
    case.mark_breaks("a", "privacy", "AVG art. 9", "Gezichtsherkenning verwerkt biometrische gegevens.")
    ranking = rank(case)
    assert ranking.best == "b" and list(ranking.scores) == ["b"] and ranking.not_allowed == ("a",)
    result = sensitivity(case)
    assert "a" not in result.to_json()["scores"]
    lines = sensitivity_lines(case, result, str, "nl")
    assert any(line.startswith("Niet toegestaan: ‘A’") and "AVG art. 9" in line for line in lines)


# ---------------------------------------------------------------- the case's operations


def test_options_are_set_up_from_the_proposal_or_from_doing_nothing():
    case = _case({"privacy": (8, -3), "veiligheid": (7, 2)}, {})
    proposed = case.add_option("Zoals voorgesteld", start="proposed")
    nothing = case.add_option("Niets doen")
    assert proposed.id == "zoals-voorgesteld" and proposed.effects == {"privacy": -3, "veiligheid": 2}
    assert nothing.id == "niets-doen" and nothing.effects == {}
    assert case.add_option("Niets doen").id == "niets-doen-2"
    case.set_option_effect("niets-doen", "privacy", 1)
    assert case.option("niets-doen").effects == {"privacy": 1}
    with pytest.raises(EditError) as err:
        case.set_option_effect("niets-doen", "vrijheid", 1)
    assert err.value.problems[0].place == "options[1].effects.vrijheid"
    with pytest.raises(EditError) as err:
        case.set_option_effect("niets-doen", "privacy", 6)
    assert err.value.problems[0].key == "out_of_range" and case.option("niets-doen").effects == {"privacy": 1}
    for title in ("Vier", "Vijf", "Zes"):
        case.add_option(title)
    with pytest.raises(EditError) as err:
        case.add_option("Zeven")
    assert "hoogstens 6" in err.value.message("nl") and len(case.options) == 6
    removed = case.remove_option("vier")
    assert removed.option is not None and case.option("vier") is None
    case.put_back(removed)
    assert case.option("vier") is not None


def test_untagging_a_value_takes_it_out_of_the_options_and_can_be_undone():
    case = _case({"privacy": (8, -3), "veiligheid": (7, 2)}, {})
    case.add_option("Zoals voorgesteld", start="proposed")
    removed = case.untag("privacy")
    assert case.options[0].effects == {"veiligheid": 2} and removed.options == [case.options[0]]
    case.put_back(removed)
    assert case.options[0].effects == {"privacy": -3, "veiligheid": 2}


def test_marking_and_unmarking_a_legal_floor():
    case = _case({"privacy": (8, -3)}, {})
    case.add_option("Gezichtsherkenning")
    case.mark_breaks("gezichtsherkenning", "privacy", "AVG art. 9", "Biometrische gegevens.")
    assert case.options[0].breaks[0].law == "AVG art. 9"
    with pytest.raises(EditError):
        case.mark_breaks("gezichtsherkenning", "privacy", "", "Geen wet genoemd.")
    assert len(case.options[0].breaks) == 1
    case.unmark_breaks("gezichtsherkenning", 0)
    assert case.options[0].breaks == []


# ---------------------------------------------------------------- the file format


def _data(**options_part):
    case = _case({"privacy": (8, -3), "veiligheid": (7, 2)}, {})
    data = case_to_data(case)
    data.update(options_part)
    return data


def test_the_validator_names_the_field_of_a_bad_option(code):
    data = _data(
        options=[
            {"id": "a", "title": "A", "effects": {"privacy": 1}},
            {"id": "b", "title": "B", "effects": {"vrijheid": 2, "veiligheid": 9}},
            {"id": "a", "title": "C", "effects": {}, "breaks": [{"value": "geen-waarde", "law": "x", "why": "y"}]},
        ]
    )
    problems = {p.place: p for p in case_problems(data, code)}
    assert problems["options[1].effects.vrijheid"].key == "option_value_not_at_stake"
    assert problems["options[1].effects.veiligheid"].key == "out_of_range"
    assert "−5…+5" in problems["options[1].effects.veiligheid"].message("nl")
    assert problems["options[2].id"].key == "duplicate_option_id"
    assert problems["options[2].breaks[0].value"].key == "unknown_value"
    assert not case_problems(_data(options=[{"id": "a", "title": "A", "effects": {"privacy": 1}}]), code)


def test_a_case_without_options_is_written_as_before():
    assert "options" not in case_to_data(_case({"privacy": (8, -3)}, {}))


# ---------------------------------------------------------------- the example cases and the command line


def test_the_command_line_prints_the_json_of_an_example(capsys):
    path = ROOT / "cases" / "slimme-camera-stationsgebied.yaml"
    assert cli.main(["sensitivity", str(path), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert set(out) == {"scores", "best", "margin", "flip", "group"}
    assert out["best"] == "menselijke-surveillance" and "gezichtsherkenning" not in out["scores"]
    assert next(iter(out["scores"])) == out["best"] and out["margin"] == pytest.approx(4 / 66, abs=1e-4)
    assert out["flip"]["privacy"] == {"at": 5.0, "to": "camera-met-vervaging"}
    assert out["flip"]["veiligheid"] is None
    assert out["group"] == {"camera-met-vervaging": 3, "menselijke-surveillance": 4, "zoals-voorgesteld": 0}


def test_the_command_line_refuses_an_invalid_case_with_its_problems(tmp_path, capsys):
    import yaml

    bad = _data(options=[{"id": "a", "title": "A", "effects": {"vrijheid": 1}}])
    bad["id"] = "slecht"
    path = tmp_path / "slecht.yaml"
    path.write_text(yaml.safe_dump(bad, allow_unicode=True), encoding="utf-8")
    assert cli.main(["sensitivity", str(path), "--json"]) == 1
    assert "options[0].effects.vrijheid" in capsys.readouterr().out
    assert cli.main(["sensitivity", str(tmp_path / "er-niet.yaml")]) == 2


def test_example_cases_one_disagreement_matters_one_does_not(code):
    from dilemmakaart.store import CaseLibrary

    library = CaseLibrary(ROOT / "cases", code)
    camera = sensitivity(library.load("slimme-camera-stationsgebied"))
    assert [(d.value, d.matters) for d in camera.disagreements] == [("privacy", True)]
    counting = sensitivity(library.load("tellen-bezoekers-binnenstad"))
    assert counting.disagreements and not any(d.matters for d in counting.disagreements)
    with_options = [c for c in library.list().cases if c.options]
    assert len(with_options) >= 3


def test_the_flip_charts_text_equivalent_and_its_bars(code):
    from dilemmakaart.charts.sensitivity_charts import flip_chart, flip_rows, flip_table
    from dilemmakaart.store import CaseLibrary

    case = CaseLibrary(ROOT / "cases", code).load("slimme-camera-stationsgebied")
    result = sensitivity(case)
    table = flip_table(case, result, code, "nl")
    assert list(table.columns) == ["Waarde", "Gewicht nu", "Kantelpunt", "Afstand", "Dan wint"]
    assert list(table["Waarde"])[:2] == ["Innovatie", "Privacy"]  # nearest first
    assert table.iloc[1].tolist() == [
        "Privacy",
        9,
        "5",
        "4 (lichter)",
        "Slimme camera's die gezichten in de camera vervagen",
    ]
    assert table.iloc[-1]["Kantelpunt"].startswith("geen") and len(table) == len(case.values)
    assert [r["value"] for r in flip_rows(case, result, code, "en")] == [f.value for f in result.nearest()]
    spec = flip_chart(case, result, code, "en").to_dict()
    assert " ".join(spec["title"]["text"]) == "What would change the decision"  # two lines: it fits a phone
    # a case where no weight changes the best option: the chart says so in words
    counting = CaseLibrary(ROOT / "cases", code).load("tellen-bezoekers-binnenstad")
    quiet = flip_chart(counting, sensitivity(counting), code, "nl").to_dict()
    assert "Geen enkel gewicht" in json.dumps(quiet, ensure_ascii=False)
