"""Every rule of the case contract (format dilemmakaart/case@1), with the YAML 1.1 surprises."""

from __future__ import annotations

import pytest

from dilemmakaart.case import Case, case_problems, case_to_data, parse_case, slugify
from dilemmakaart.problems import ProblemsError
from dilemmakaart.yamlio import dump_yaml, parse_yaml
from tests.conftest import minimal_case


def problems_of(text: str, code, file_id: str | None = "proef") -> list[tuple[str, str]]:
    data, problems = parse_yaml(text.encode())
    if problems:
        return [(p.place, p.key) for p in problems]
    return [(p.place, p.key) for p in case_problems(data, code, file_id=file_id)]


HEAD = 'format: dilemmakaart/case@1\nid: proef\ntitle: "Proef"\ndescription: ""\n'


def test_minimal_case_is_valid(code):
    assert problems_of(HEAD, code) == []
    case = parse_case(minimal_case(), code)
    assert case.status == "concept" and case.code == "codio" and case.revision == 0


@pytest.mark.parametrize("missing", ["format", "id", "title", "description"])
def test_required_fields(code, missing):
    data = minimal_case()
    del data[missing]
    expected = ("format", "not_a_case") if missing == "format" else (missing, "missing")
    assert expected in [(p.place, p.key) for p in case_problems(data, code)]


def test_format_tag_must_be_exact(code):
    assert problems_of(HEAD.replace("case@1", "case@2"), code) == [("format", "wrong_format")]


@pytest.mark.parametrize(
    "case_id,ok",
    [
        ("proef", True),
        ("a", True),
        ("a-1", True),
        ("0", True),
        ("x" * 64, True),
        ("x" * 65, False),
        ("-a", False),
        ("a-", False),
        ("A", False),
        ("a_b", False),
        ("a b", False),
        ("../x", False),
        ("", False),
    ],
)
def test_id_pattern(code, case_id, ok):
    found = case_problems(minimal_case(id=case_id), code)
    assert (("id", "bad_id") not in [(p.place, p.key) for p in found]) == ok


def test_id_must_equal_file_name(code):
    assert ("id", "id_not_file_name") in problems_of(HEAD, code, file_id="anders")


def test_unknown_top_level_key_is_an_error_but_x_keys_are_kept(code):
    assert ("titel", "unknown_key") in problems_of(HEAD + 'titel: "typo"\n', code)
    case = parse_case(minimal_case(**{"x-eigen": {"a": [1, 2]}}), code)
    assert case.extensions == {"x-eigen": {"a": [1, 2]}}
    assert case_to_data(case)["x-eigen"] == {"a": [1, 2]}


@pytest.mark.parametrize(
    "title,ok",
    [
        ("a", True),
        ("  a  ", True),
        ("x" * 200, True),
        (" " + "x" * 200 + " ", True),
        ("x" * 201, False),
        ("   ", False),
        ("", False),
    ],
)
def test_title_length_after_trimming(code, title, ok):
    found = case_problems(minimal_case(title=title), code)
    assert (not any(p.place == "title" for p in found)) == ok


def test_description_limits(code):
    assert case_problems(minimal_case(description="x" * 20000), code) == []
    assert [p.key for p in case_problems(minimal_case(description="x" * 20001), code)] == ["too_long"]


@pytest.mark.parametrize(
    "field,allowed",
    [
        ("organisation_type", ["gemeente", "provincie", "waterschap", "rijk", "uitvoeringsorganisatie", "anders"]),
        ("phase", ["idee", "ontwerp", "pilot", "in-gebruik", "evaluatie"]),
        ("status", ["concept", "besproken", "besloten", "gearchiveerd"]),
    ],
)
def test_enumerations(code, field, allowed):
    for value in allowed:
        assert case_problems(minimal_case(**{field: value}), code) == []
    assert [p.key for p in case_problems(minimal_case(**{field: "iets"}), code)] == ["not_allowed"]


def test_technology_and_stakeholders_lists(code):
    assert case_problems(minimal_case(technology=["sensoren", "camera"], stakeholders=["bewoners"]), code) == []
    found = [
        (p.place, p.key) for p in case_problems(minimal_case(technology=["a", "a"], stakeholders=["x" * 101, ""]), code)
    ]
    assert ("technology[1]", "duplicate_item") in found
    assert ("stakeholders[0]", "too_long") in found and ("stakeholders[1]", "too_short") in found
    assert ("technology[0]", "too_long") in [
        (p.place, p.key) for p in case_problems(minimal_case(technology=["x" * 61]), code)
    ]


def test_revision_and_dates(code):
    assert case_problems(minimal_case(revision=3, created="2026-01-02", updated="2026-01-02T10:11:12"), code) == []
    found = [(p.place, p.key) for p in case_problems(minimal_case(revision=-1, created="gisteren"), code)]
    assert ("revision", "out_of_range") in found and ("created", "datetime_format") in found


def test_values_rules(code):
    ok = [
        {"value": "privacy", "weight": 0, "effect": -5},
        {"value": "veiligheid", "weight": 10, "effect": 5, "note": "n"},
    ]
    assert case_problems(minimal_case(values=ok), code) == []
    bad = [
        {"value": "privacy", "weight": 11, "effect": -6},
        {"value": "privacy", "weight": 1, "effect": 0},
        {"value": "geluk", "weight": 1, "effect": 0},
        {"value": "inclusie", "effect": 0, "note": "x" * 5001},
    ]
    found = [(p.place, p.key) for p in case_problems(minimal_case(values=bad), code)]
    assert ("values[0].weight", "out_of_range") in found
    assert ("values[0].effect", "out_of_range") in found
    assert ("values[1].value", "duplicate_value") in found
    assert ("values[2].value", "unknown_value") in found
    assert ("values[3].weight", "missing") in found
    assert ("values[3].note", "too_long") in found


def test_dilemma_rules(code):
    values = [{"value": "privacy", "weight": 5, "effect": 0}, {"value": "veiligheid", "weight": 5, "effect": 0}]
    good = [{"a": "privacy", "b": "veiligheid", "balance": -100, "rationale": "r", "options": ["o"]}]
    assert case_problems(minimal_case(values=values, dilemmas=good), code) == []
    bad = [
        {"a": "privacy", "b": "veiligheid", "balance": 101},
        {"a": "veiligheid", "b": "privacy", "balance": 0},
        {"a": "privacy", "b": "privacy", "balance": 0},
        {"a": "geluk", "b": "privacy"},
    ]
    found = [(p.place, p.key) for p in case_problems(minimal_case(dilemmas=bad), code)]
    assert ("dilemmas[0].balance", "out_of_range") in found
    assert ("dilemmas[1]", "duplicate_dilemma") in found
    assert ("dilemmas[2]", "dilemma_same_value") in found
    assert ("dilemmas[3].a", "unknown_value") in found
    assert ("dilemmas[3].balance", "missing") in found


def test_action_rules(code):
    good = [
        {
            "text": "DPIA",
            "kind": "techniek",
            "values": ["privacy"],
            "necessity": 3,
            "importance": 1,
            "owner": "CISO",
            "due": "2026-05-01",
            "status": "bezig",
        }
    ]
    case = parse_case(minimal_case(actions=good), code)
    assert case.actions[0].priority == 3
    assert parse_case(minimal_case(actions=[{"text": "x"}]), code).actions[0].status == "open"
    bad = [
        {
            "text": "",
            "kind": "software",
            "values": ["geluk"],
            "necessity": 0,
            "importance": 4,
            "due": "morgen",
            "status": "klaar",
        },
        {"text": "x" * 1001},
    ]
    found = [(p.place, p.key) for p in case_problems(minimal_case(actions=bad), code)]
    for expected in [
        ("actions[0].text", "too_short"),
        ("actions[0].kind", "not_allowed"),
        ("actions[0].values[0]", "unknown_value"),
        ("actions[0].necessity", "out_of_range"),
        ("actions[0].importance", "out_of_range"),
        ("actions[0].due", "date_format"),
        ("actions[0].status", "not_allowed"),
        ("actions[1].text", "too_long"),
    ]:
        assert expected in found


def test_decision_rules(code):
    assert (
        case_problems(
            minimal_case(decision={"text": "Ja", "date": "2026-01-01", "review": "2027-01-01", "by": "AB"}), code
        )
        == []
    )
    found = [
        (p.place, p.key)
        for p in case_problems(minimal_case(decision={"text": "Ja", "datum": "x", "date": "1-1-2026"}), code)
    ]
    assert ("decision.datum", "unknown_key") in found and ("decision.date", "date_format") in found


def test_session_rules(code):
    values = [{"value": "privacy", "weight": 5, "effect": 0}, {"value": "veiligheid", "weight": 5, "effect": 0}]
    dilemmas = [{"a": "privacy", "b": "veiligheid", "balance": 0}]
    good = [
        {
            "id": "s1",
            "round": 1,
            "held": "2026-03-01T10:00:00",
            "anonymous": True,
            "responses": [
                {
                    "participant": "Deelnemer 1",
                    "role": "bewoner",
                    "weights": {"privacy": 7},
                    "effects": {"privacy": -2},
                    "balances": {"privacy|veiligheid": 30},
                }
            ],
        }
    ]
    assert case_problems(minimal_case(values=values, dilemmas=dilemmas, sessions=good), code) == []
    bad = [
        {
            "id": "S 1",
            "round": 0,
            "anonymous": "ja",
            "responses": [
                {
                    "participant": "",
                    "weights": {"privacy": 11, "geluk": 1},
                    "effects": {"privacy": 6},
                    "balances": {"veiligheid|privacy": 0, "privacy|veiligheid": 101},
                }
            ],
        }
    ]
    found = [
        (p.place, p.key) for p in case_problems(minimal_case(values=values, dilemmas=dilemmas, sessions=bad), code)
    ]
    for expected in [
        ("sessions[0].id", "bad_id"),
        ("sessions[0].round", "out_of_range"),
        ("sessions[0].anonymous", "wrong_type"),
        ("sessions[0].responses[0].participant", "too_short"),
        ("sessions[0].responses[0].weights.privacy", "out_of_range"),
        ("sessions[0].responses[0].weights.geluk", "unknown_value"),
        ("sessions[0].responses[0].effects.privacy", "out_of_range"),
        ("sessions[0].responses[0].balances.veiligheid|privacy", "unknown_pair"),
        ("sessions[0].responses[0].balances.privacy|veiligheid", "out_of_range"),
    ]:
        assert expected in found, expected


def test_unknown_code_is_reported(code):
    assert [(p.place, p.key) for p in case_problems(minimal_case(code="eigen-code"), code)] == [
        ("code", "unknown_code")
    ]


# ---------------------------------------------------------------- YAML 1.1 surprises


@pytest.mark.parametrize(
    "line,place,key",
    [
        ("title: no", "title", "wrong_type_quote"),  # YAML 1.1: no -> False
        ("title: on", "title", "wrong_type_quote"),  # on -> True
        ("title: 2024-05-01", "title", "wrong_type_quote"),  # a date, not text
        ("title: 007", "title", "wrong_type_quote"),  # octal 7
        ("description: ~", "description", "wrong_type_quote"),  # null
        ("organisation: 12.5", "organisation", "wrong_type_quote"),
    ],
)
def test_yaml_11_surprises_are_explained(code, line, place, key):
    text = HEAD.replace('title: "Proef"\n', "").replace('description: ""\n', "")
    text += (
        line
        + "\n"
        + ("" if line.startswith("title") else 'title: "T"\n')
        + ("" if line.startswith("description") else 'description: ""\n')
    )
    assert (place, key) in problems_of(text, code)


def test_yaml_surprise_in_id_and_numbers(code):
    assert ("id", "wrong_type_quote") in problems_of(HEAD.replace("id: proef", "id: 007"), code, file_id="007")
    values = "values:\n  - {value: privacy, weight: on, effect: -1}\n"
    assert ("values[0].weight", "wrong_type") in problems_of(HEAD + values, code)
    assert ("values[0].weight", "wrong_type") in problems_of(HEAD + values.replace("on", "5.5"), code)


def test_dates_read_by_yaml_and_quoted_dates_both_work(code):
    for created in ("2024-05-01", '"2024-05-01"', "2024-05-01T10:00:00", "2024-05-01 10:00:00+01:00"):
        assert problems_of(HEAD + f"created: {created}\n", code) == [], created
    assert problems_of(HEAD + "created: 2024-02-30\n", code) == [("created", "datetime_format")]


def test_messages_in_both_languages(code):
    found = case_problems(minimal_case(title=False), code)
    assert "aanhalingstekens" in found[0].message("nl")
    assert "quotes" in found[0].message("en")


def test_every_problem_is_reported_together(code):
    data = minimal_case(title="", status="x", revision=-1, values=[{"value": "geluk"}])
    assert len(case_problems(data, code)) >= 5


def test_shape_problems(code):
    _, problems = parse_yaml(b"a: &x [1]\nb: *x\n")
    assert [p.key for p in problems] == ["yaml_alias"]
    _, problems = parse_yaml(("[" * 100 + "]" * 100).encode())
    assert [p.key for p in problems] == ["too_deep"]
    _, problems = parse_yaml(b"\xff\xfe")
    assert [p.key for p in problems] == ["not_utf8"]
    _, problems = parse_yaml(b"a: 1\n---\nb: 2\n")
    assert [p.key for p in problems] == ["several_documents"]
    _, problems = parse_yaml(b"a: [1\n")
    assert [p.key for p in problems] == ["yaml_syntax"]
    _, problems = parse_yaml(b"x" * (1024 * 1024 + 1))
    assert [p.key for p in problems] == ["file_too_large"]


def test_round_trip_keeps_everything(code, example_library):
    for path in sorted(example_library.glob("*.yaml")):
        data, problems = parse_yaml(path.read_bytes())
        assert problems == []
        case = parse_case(data, code, file_id=path.stem)
        again = parse_case(parse_yaml(dump_yaml(case_to_data(case)).encode())[0], code, file_id=path.stem)
        assert again == case and again.extensions == case.extensions


def test_written_file_has_contract_order_and_no_anchors(code):
    case = parse_case(minimal_case(values=[{"value": "privacy", "weight": 1, "effect": 0}], revision=2), code)
    shared = ["x"]
    case.technology = shared
    case.stakeholders = shared
    text = dump_yaml(case_to_data(case))
    assert "&" not in text and "*" not in text
    keys = [line.split(":")[0] for line in text.splitlines() if line and not line.startswith((" ", "-"))]
    assert keys == [
        "format",
        "id",
        "title",
        "description",
        "technology",
        "stakeholders",
        "status",
        "code",
        "revision",
        "values",
    ]


def test_slugify():
    assert slugify("Sensoren in de binnenstad!") == "sensoren-in-de-binnenstad"
    assert slugify("Café Ü", {"cafe-u"}) == "cafe-u-2"
    assert slugify("???") == "casus"
    assert len(slugify("x" * 300)) <= 64


def test_problems_error_names_every_problem(code):
    with pytest.raises(ProblemsError) as info:
        parse_case(minimal_case(title="", status="x"), code)
    assert len(info.value.problems) == 2
    assert isinstance(Case.model_json_schema(), dict)


def test_tag_and_untag_a_value(code):
    case = parse_case(minimal_case(), code)
    assert case.tag("privacy") and not case.tag("privacy", weight=9)
    assert [(v.value, v.weight, v.effect) for v in case.values] == [("privacy", 5, 0)]
    case.untag("privacy")
    assert case.values == [] and case.tagged() == []


def test_a_list_where_a_value_id_belongs_is_a_problem_also_with_options(code):
    """Found by hypothesis: a value's id given as a list crashed the options check (unhashable)."""
    data = minimal_case(
        values=[{"value": [], "weight": 9, "effect": 3}],
        options=[
            {"id": "a", "title": "A", "effects": {"privacy": 1}},
            {"id": "b", "title": "B", "effects": {}},
        ],
    )
    problems = case_problems(data, code)
    assert any(p.place.startswith("values[0].value") for p in problems), problems
