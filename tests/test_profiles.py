"""Reference and group profiles (issue 14): the format (valid, invalid naming the field), the distance
measure worked out by hand, and groups compared side by side."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from dilemmakaart.case import Profile, Response, case_to_data, parse_case
from dilemmakaart.problems import ProblemsError
from dilemmakaart.profiles import compare, distance, distance_summary, free_name, group_profile, weighing
from dilemmakaart.store import CaseLibrary
from dilemmakaart.yamlio import dump_yaml, parse_yaml
from tests.apptest import open_page_function
from tests.conftest import minimal_case

ROOT = Path(__file__).resolve().parent.parent

VALUES = [{"value": "privacy", "weight": 8, "effect": -2}, {"value": "veiligheid", "weight": 6, "effect": 3}]
DILEMMAS = [{"a": "veiligheid", "b": "privacy", "balance": 20}]


def with_profiles(*profiles: dict) -> dict:
    return minimal_case(values=VALUES, dilemmas=DILEMMAS, profiles=list(profiles))


REFERENCE = {
    "name": "Directie",
    "kind": "reference",
    "date": "2026-10-13",
    "weights": {"privacy": 9, "veiligheid": 7},
    "effects": {"privacy": -3},
    "balances": {"veiligheid|privacy": 40},
}


def problems_of(data: dict, code) -> list[tuple[str, str]]:
    with pytest.raises(ProblemsError) as caught:
        parse_case(data, code)
    return [(p.place, p.key) for p in caught.value.problems]


def test_a_valid_profile_is_read_and_written_back_in_place(code):
    case = parse_case(with_profiles(REFERENCE), code)
    assert case.profiles[0].name == "Directie" and case.profiles[0].date == date(2026, 10, 13)
    data = case_to_data(case)
    assert list(data)[-1] == "profiles"
    assert data["profiles"][0]["weights"] == {"privacy": 9, "veiligheid": 7}
    again, problems = parse_yaml(dump_yaml(data).encode())
    assert not problems and parse_case(again, code) == case


def test_a_case_without_profiles_is_unchanged_on_disk(code):
    case = parse_case(minimal_case(values=VALUES), code)
    assert "profiles" not in case_to_data(case)


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"kind": "docent"}, ("profiles[0].kind", "not_allowed")),
        ({"weights": {"privacy": 11}}, ("profiles[0].weights.privacy", "out_of_range")),
        ({"effects": {"privacy": -6}}, ("profiles[0].effects.privacy", "out_of_range")),
        ({"balances": {"veiligheid|privacy": 150}}, ("profiles[0].balances.veiligheid|privacy", "out_of_range")),
        ({"balances": {"privacy|vrijheid": 10}}, ("profiles[0].balances.privacy|vrijheid", "unknown_pair")),
        ({"weights": {"geluk": 5}}, ("profiles[0].weights.geluk", "unknown_value")),
        ({"date": "13-10-2026"}, ("profiles[0].date", "date_format")),
        ({"name": ""}, ("profiles[0].name", "too_short")),
        ({"colour": "blauw"}, ("profiles[0].colour", "unknown_key")),
    ],
)
def test_an_invalid_profile_names_its_field(code, change, expected):
    assert expected in problems_of(with_profiles({**REFERENCE, **change}), code)


def test_a_profile_without_a_date_or_kind_is_refused_naming_the_field(code):
    found = problems_of(with_profiles({"name": "X", "weights": {"privacy": 5}}), code)
    assert ("profiles[0].kind", "missing") in found and ("profiles[0].date", "missing") in found


def test_a_profile_name_appears_once(code):
    assert ("profiles[1].name", "duplicate_profile") in problems_of(with_profiles(REFERENCE, REFERENCE), code)


def test_the_validator_names_a_profile_field(tmp_path, code):
    from dilemmakaart.cli import main

    data = with_profiles({**REFERENCE, "weights": {"privacy": 12}})
    (tmp_path / "proef.yaml").write_text(dump_yaml(data), encoding="utf-8")
    import contextlib
    import io

    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        rc = main(["validate", str(tmp_path / "proef.yaml")])
    assert rc == 1
    assert "profiles[0].weights.privacy" in out.getvalue()


def test_removing_a_dilemma_takes_its_profile_balances_along_and_undo_brings_them_back(code):
    case = parse_case(with_profiles(REFERENCE), code)
    removed = case.remove_dilemma("veiligheid|privacy")
    assert case.profiles[0].balances == {}
    parse_case(case_to_data(case), code)  # still a valid case
    case.put_back(removed)
    assert case.profiles[0].balances == {"veiligheid|privacy": 40}


def test_the_example_lesson_case_carries_a_reference_profile(code):
    library = CaseLibrary(ROOT / "cases", code)
    lesson = library.load("algoritme-toeslagen-selectie")
    assert [p.kind for p in lesson.profiles if p.kind == "reference"] == ["reference"]
    with_reference = [
        c.id
        for c in (library.load(e.id) for e in library.list().cases)
        if any(p.kind == "reference" for p in c.profiles)
    ]
    assert len(with_reference) >= 2


# ---------------------------------------------------------------- the distance


def test_distance_by_hand():
    mine = {"weights": {"privacy": 8, "veiligheid": 6}, "effects": {"privacy": -2}, "balances": {"a|b": 20}}
    theirs = {"weights": {"privacy": 9, "veiligheid": 3}, "effects": {"privacy": 1}, "balances": {"a|b": -20}}
    d = distance(weighing(mine), weighing(theirs))
    assert d.per_scale() == {"weight": 2.0, "effect": 3.0, "balance": 40.0}  # (1 + 3) / 2, 3, 40
    # shares: 1/10, 3/10, 3/10, 40/200 → mean (0.1 + 0.3 + 0.3 + 0.2) / 4
    assert d.overall == pytest.approx(0.225)
    assert d.item("weight", "veiligheid").difference == 3
    assert distance_summary(d, "nl") == (
        "Gemiddeld verschil: 2 punten op de gewichten, 3 punten op de effecten en 40 punten op de balansen. "
        "Samen is dat 22 % van de schaal (0 % is precies gelijk)."
    )
    assert "Together that is 22% of the scale" in distance_summary(d, "en")


def test_distance_is_symmetric_zero_for_the_same_and_skips_one_sided_items():
    a = {"weights": {"privacy": 8, "veiligheid": 5}, "effects": {}, "balances": {}}
    b = {"weights": {"privacy": 6}, "effects": {"privacy": 2}, "balances": {}}
    assert distance(weighing(a), weighing(a)).overall == 0
    ab, ba = distance(weighing(a), weighing(b)), distance(weighing(b), weighing(a))
    assert ab.overall == ba.overall == pytest.approx(0.2)
    assert ab.only_one == 2 and len(ab.items) == 1
    assert distance(weighing(a), weighing({"weights": {"vrijheid": 3}})).overall is None


def test_distance_keeps_half_points_of_a_median():
    d = distance(weighing({"weights": {"privacy": 7}}), weighing({"weights": {"privacy": 5.5}}))
    assert d.per_scale()["weight"] == 1.5
    assert "1,5 punten op de gewichten" in distance_summary(d, "nl")


# ---------------------------------------------------------------- groups


def responses(*weights: int) -> list[Response]:
    return [
        Response(participant=f"Deelnemer {i}", weights={"privacy": w}, balances={"veiligheid|privacy": -w * 10})
        for i, w in enumerate(weights, start=1)
    ]


def test_a_group_profile_holds_the_rounded_medians_and_the_count(code):
    case = parse_case(minimal_case(values=VALUES, dilemmas=DILEMMAS), code)
    profile = group_profile(
        case, responses(4, 5, 8, 9), "Klas A", held=date(2026, 11, 1), session_id="s-20261101-abcdef"
    )
    assert profile.kind == "group" and profile.participants == 4
    assert profile.weights == {"privacy": 7}  # median 6.5 rounded half away from zero
    assert profile.balances == {"veiligheid|privacy": -65}
    assert profile.session == "s-20261101-abcdef"


def test_classes_compared_side_by_side_with_the_reference(code):
    case = parse_case(with_profiles(REFERENCE), code)
    case.add_profile(group_profile(case, responses(5, 5, 6), "Klas A", held=date(2026, 11, 1)))
    case.add_profile(group_profile(case, responses(9, 10, 10), "Klas B", held=date(2026, 11, 8)))
    table = compare(case, ["Klas A", "Klas B", "Directie"], own="De casus")
    assert table.columns == ["De casus", "Klas A", "Klas B", "Directie"]
    rows = {f"{k}:{t}": answers for k, t, answers in table.rows}
    assert rows["weight:privacy"] == [8, 5, 10, 9]
    assert rows["weight:veiligheid"] == [6, None, None, 7]  # not asked of the classes: no answer, no guess
    assert rows["balance:veiligheid|privacy"] == [20, -50, -100, 40]
    # where they are furthest apart, as a share of the scale: the balance (150/200) before privacy (5/10)
    assert [(k, t) for k, t, _ in table.largest(2)] == [("balance", "veiligheid|privacy"), ("weight", "privacy")]


def test_a_profile_name_taken_is_refused_and_free_name_finds_another(code):
    from dilemmakaart.case import EditError

    case = parse_case(with_profiles(REFERENCE), code)
    with pytest.raises(EditError) as caught:
        case.add_profile(Profile(name="Directie", kind="group", date=date(2026, 1, 1)))
    assert caught.value.problems[0].place == "profiles[1].name"
    assert "Er is al een profiel met de naam 'Directie'" in caught.value.message("nl")
    assert free_name(case, "Directie") == "Directie (2)"


# ---------------------------------------------------------------- the report and the comparison page


def test_the_report_puts_classes_beside_the_reference(code):
    from dilemmakaart.report.content import build_content

    case = CaseLibrary(ROOT / "cases", code).load("algoritme-toeslagen-selectie")
    text = build_content(case, code, "nl").text()
    assert "Groepen en referenties" in text
    assert "Voorbeeldklas A tegenover Directie (besluit). Gemiddeld verschil: 0,9 punten op de gewichten" in text
    assert "Vertrouwen (gewicht) | 9 | 9 | 8 | 6" in text  # the case, the board, class A, class B
    english = build_content(case, code, "en").text()
    assert "Groups and references" in english and "Far apart: Uitlegbaarheid" not in english
    plain = case.model_copy(update={"profiles": []})
    assert "Groepen en referenties" not in build_content(plain, code, "nl").text()


def test_the_comparison_page_shows_classes_and_the_reference_per_item(example_library):
    at = open_page_function("compare_page:compare_page", example_library)
    at.run()
    at.selectbox(key="cmp:groups-case").set_value("algoritme-toeslagen-selectie").run()
    assert not at.exception, at.exception
    said = " ".join(m.value for m in at.markdown).replace("\\", "")  # markdown escapes taken out
    assert "Voorbeeldklas B tegenover Directie (besluit)" in said
    assert (
        "Ver uit elkaar: Uitlegbaarheid ↔ Doeltreffendheid, van −50 (Voorbeeldklas A) tot +10 (Voorbeeldklas B)" in said
    )
    table = at.dataframe[-2].value if len(at.dataframe) > 1 else at.dataframe[0].value
    assert list(table.columns) == ["Directie (besluit)", "Voorbeeldklas A", "Voorbeeldklas B"]
    assert table.loc["Vertrouwen (gewicht)"].tolist() == ["9", "8", "6"]
    at.checkbox(key="cmp:groups-own").check().run()
    assert "Casus zelf" in [c for df in at.dataframe for c in df.value.columns]
