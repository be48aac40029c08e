"""The case's operations: every edit a page makes, tested without Streamlit.

Each operation checks its input against the scales and the format's rules, leaves the case valid
(it parses again from its own file data), and says what it removed besides what was asked.
"""

from __future__ import annotations

from datetime import date

import pytest

from dilemmakaart.case import Action, EditError, case_problems, case_to_data, new_case, parse_case
from dilemmakaart.yamlio import dump_yaml, parse_yaml
from tests.conftest import ROOT


def still_valid(case, code):
    """The case as written to disk passes every rule of the format, and reads back equal."""
    data = case_to_data(case)
    assert case_problems(data, code) == []
    again = parse_case(parse_yaml(dump_yaml(data).encode())[0], code)
    assert again == case
    return again


def problem_keys(info) -> list[str]:
    return [p.key for p in info.value.problems]


@pytest.fixture
def case(code):
    c = new_case("x", "Camera's bij gemalen")
    for value_id in ("privacy", "veiligheid", "transparantie"):
        c.tag(value_id)
    return c


# ------------------------------------------------------------------ values


def test_set_weight_effect_and_note_keep_the_number_given(case, code):
    assert case.set_weight("privacy", 10).weight == 10
    assert case.set_weight("privacy", 0).weight == 0
    assert case.set_effect("privacy", -5).effect == -5
    assert case.set_effect("veiligheid", 5).effect == 5
    assert case.set_note("privacy", "Beelden van voorbijgangers").note == "Beelden van voorbijgangers"
    again = still_valid(case, code)
    assert [(v.value, v.weight, v.effect) for v in again.values] == [
        ("privacy", 0, -5),
        ("veiligheid", 5, 5),
        ("transparantie", 5, 0),
    ]


@pytest.mark.parametrize(
    ("setter", "number", "key"),
    [
        ("set_weight", 11, "out_of_range"),
        ("set_weight", -1, "out_of_range"),
        ("set_effect", 6, "out_of_range"),
        ("set_effect", -6, "out_of_range"),
        ("set_weight", 5.5, "wrong_type"),
        ("set_weight", True, "wrong_type"),
        ("set_effect", "2", "wrong_type"),
    ],
)
def test_a_number_off_the_scale_is_refused_never_clamped(case, setter, number, key):
    before = case.model_copy(deep=True)
    with pytest.raises(EditError) as info:
        getattr(case, setter)("privacy", number)
    assert problem_keys(info) == [key]
    assert info.value.problems[0].place == f"values[0].{setter.removeprefix('set_')}"
    assert case == before  # nothing changed
    message = info.value.message("nl")
    assert str(number) in message or key == "wrong_type"
    if key == "out_of_range":
        assert ("0…10" if setter == "set_weight" else "−5…+5") in message


def test_a_whole_float_is_the_same_number(case):
    assert case.set_weight("privacy", 7.0).weight == 7
    assert isinstance(case.value("privacy").weight, int)


def test_scores_of_an_untagged_value_are_refused_with_its_name(case, code):
    with pytest.raises(EditError) as info:
        case.set_weight("vrijheid", 3)
    assert problem_keys(info) == ["edit_not_tagged"]
    name = info.value.message("nl", name=lambda v: code.value_name(v, "nl"))
    assert code.value_name("vrijheid", "nl") in name and "stap 2" in name


def test_a_note_over_the_limit_is_refused_and_the_old_note_kept(case):
    case.set_note("privacy", "kort")
    with pytest.raises(EditError) as info:
        case.set_note("privacy", "x" * 5001)
    assert problem_keys(info) == ["too_long"]
    assert "5001" in info.value.message("nl") and "5000" in info.value.message("nl")
    assert case.value("privacy").note == "kort"


def test_tag_checks_its_scores(case):
    with pytest.raises(EditError):
        case.tag("vrijheid", weight=12)
    assert "vrijheid" not in case.tagged()
    assert case.tag("vrijheid", weight=10, effect=-5)
    assert not case.tag("vrijheid", weight=1)  # already tagged: nothing changes
    assert (case.value("vrijheid").weight, case.value("vrijheid").effect) == (10, -5)


def test_untag_removes_its_dilemmas_and_answers_and_drops_it_from_actions(case, code):
    case.add_dilemma("privacy", "veiligheid", -40)
    case.add_dilemma("transparantie", "veiligheid", 20)
    case.add_dilemma("transparantie", "privacy", 0)
    keep = case.add_action("Beelden na 28 dagen wissen", values=["privacy", "veiligheid"])
    only = case.add_action("Privacyverklaring", values=["privacy"])
    other = case.add_action("Bord bij het gemaal", values=["transparantie"])
    data = case_to_data(case)
    data["sessions"] = [
        {
            "id": "s1",
            "round": 1,
            "responses": [
                {"participant": "A", "weights": {"privacy": 8}, "balances": {"privacy|veiligheid": -60}},
                {"participant": "B", "balances": {"privacy|veiligheid": 10, "transparantie|veiligheid": 30}},
            ],
        },
        {  # an earlier round kept only as counts: three people answered about privacy|veiligheid
            "id": "s0",
            "round": 1,
            "summary": {
                "participants": 3,
                "balances": {"privacy|veiligheid": "-20:2 40:1", "transparantie|veiligheid": "0:3"},
                "movers": {"balance:privacy|veiligheid": 1, "weight:veiligheid": 2},
            },
        },
    ]
    case = parse_case(data, code)

    removed = case.untag("privacy")

    assert removed and removed.value.value == "privacy"
    assert sorted(d.key for d in removed.dilemmas) == ["privacy|veiligheid", "transparantie|privacy"]
    assert sorted(a.id for a in removed.actions) == sorted([keep.id, only.id])
    assert removed.answers == 2 + 3
    assert [d.key for d in case.dilemmas] == ["transparantie|veiligheid"]
    assert case.action(keep.id).values == ["veiligheid"]
    assert case.action(only.id).values == []  # the action stays: its text is the person's work
    assert case.action(other.id).values == ["transparantie"]
    assert [r.balances for r in case.sessions[0].responses] == [{}, {"transparantie|veiligheid": 30}]
    summary = case.sessions[1].summary
    assert summary.balances == {"transparantie|veiligheid": "0:3"} and summary.movers == {"weight:veiligheid": 2}
    still_valid(case, code)
    assert not case.untag("privacy")  # nothing left to remove


# ------------------------------------------------------------------ dilemmas


def test_add_dilemma_refuses_duplicates_reversed_pairs_same_value_and_untagged(case, code):
    dilemma = case.add_dilemma("privacy", "veiligheid")
    assert (dilemma.key, dilemma.balance) == ("privacy|veiligheid", 0)
    refusals = [
        (("privacy", "veiligheid"), "edit_dilemma_exists"),
        (("veiligheid", "privacy"), "edit_dilemma_exists"),
        (("privacy", "privacy"), "dilemma_same_value"),
        (("privacy", "vrijheid"), "edit_not_tagged"),
        (("onzin", "privacy"), "edit_not_tagged"),
    ]
    for (a, b), key in refusals:
        with pytest.raises(EditError) as info:
            case.add_dilemma(a, b)
        assert problem_keys(info) == [key], (a, b)
        assert info.value.message("en")  # said in words
    assert len(case.dilemmas) == 1
    names = {"privacy": "Privacy", "veiligheid": "Veiligheid"}
    with pytest.raises(EditError) as info:
        case.add_dilemma("veiligheid", "privacy")
    said = info.value.message("nl", name=names.get)
    assert "Privacy" in said and "Veiligheid" in said and "privacy" not in said
    still_valid(case, code)


def test_set_balance_keeps_every_number_of_the_scale(case, code):
    case.add_dilemma("privacy", "veiligheid")
    for balance in (-100, -95, -35, -15, 0, 15, 35, 100, 37):  # 37: a file may hold a number between steps
        assert case.set_balance("privacy|veiligheid", balance).balance == balance
        assert still_valid(case, code).dilemma("privacy|veiligheid").balance == balance
    for bad, key in ((101, "out_of_range"), (-101, "out_of_range"), (2.5, "wrong_type"), (None, "wrong_type")):
        with pytest.raises(EditError) as info:
            case.set_balance("privacy|veiligheid", bad)
        assert problem_keys(info) == [key]
    assert case.dilemma("privacy|veiligheid").balance == 37
    with pytest.raises(EditError) as info:
        case.set_balance("veiligheid|privacy", 10)  # the key is the pair as written
    assert problem_keys(info) == ["edit_no_dilemma"]


def test_set_dilemma_text_and_remove(case, code):
    case.add_dilemma("privacy", "veiligheid", 20)
    d = case.set_dilemma_text("privacy|veiligheid", rationale="Veiligheid van de dijk gaat voor")
    assert d.rationale == "Veiligheid van de dijk gaat voor" and d.balance == 20
    d = case.set_dilemma_text("privacy|veiligheid", options=["Blurren", "Minder camera's"])
    assert d.options == ["Blurren", "Minder camera's"] and d.rationale.startswith("Veiligheid")
    with pytest.raises(EditError) as info:
        case.set_dilemma_text("privacy|veiligheid", options=["x" * 1001])
    assert problem_keys(info) == ["too_long"] and info.value.problems[0].place == "dilemmas[0].options[0]"
    assert case.dilemma("privacy|veiligheid").options == ["Blurren", "Minder camera's"]
    still_valid(case, code)
    removed = case.remove_dilemma("privacy|veiligheid")
    assert [x.key for x in removed.dilemmas] == ["privacy|veiligheid"] and removed.answers == 0
    assert case.dilemmas == []
    with pytest.raises(EditError):
        case.remove_dilemma("privacy|veiligheid")


# ------------------------------------------------------------------ actions


def test_add_action_gives_a_stable_unique_id(case, code):
    first = case.add_action("Beelden na 28 dagen wissen", kind="techniek", values=["privacy"], necessity=3)
    second = case.add_action("Beelden na 28 dagen wissen")  # the same text: another action, another id
    assert first.id and second.id and first.id != second.id
    assert case.action(first.id) is case.actions[0]
    again = still_valid(case, code)
    assert [a.id for a in again.actions] == [first.id, second.id]  # kept on save
    case.remove_action(first.id)
    third = case.add_action("Nog een")
    assert third.id not in (first.id, second.id)
    assert [a.id for a in still_valid(case, code).actions] == [second.id, third.id]


def test_update_action_validates_and_clears(case, code):
    action = case.add_action("DPIA laten doen", values=["privacy"], necessity=2, importance=3, owner="CISO")
    updated = case.update_action(action.id, status="bezig", due=date(2027, 3, 1), owner=None, necessity=3)
    assert (updated.id, updated.status, updated.due, updated.owner, updated.priority) == (
        action.id,
        "bezig",
        date(2027, 3, 1),
        None,
        9,
    )
    refusals = [
        ({"necessity": 4}, "out_of_range"),
        ({"importance": 0}, "out_of_range"),
        ({"text": "   "}, "too_short"),
        ({"text": "x" * 1001}, "too_long"),
        ({"kind": "iets"}, "not_allowed"),
        ({"values": ["vrijheid"]}, "edit_not_tagged"),
    ]
    for change, key in refusals:
        with pytest.raises(EditError) as info:
            case.update_action(action.id, **change)
        assert problem_keys(info) == [key], change
    assert case.action(action.id) == updated  # every refusal left it as it was
    with pytest.raises(TypeError):
        case.update_action(action.id, id="ander")
    with pytest.raises(TypeError):
        case.update_action(action.id, colour="rood")
    with pytest.raises(EditError) as info:
        case.update_action("bestaat-niet", text="x")
    assert problem_keys(info) == ["edit_no_action"]
    still_valid(case, code)


def test_add_action_refuses_bad_fields_and_adds_nothing(case):
    for fields, key in (({"values": ["vrijheid"]}, "edit_not_tagged"), ({"necessity": 0}, "out_of_range")):
        with pytest.raises(EditError) as info:
            case.add_action("Iets", **fields)
        assert problem_keys(info) == [key]
    with pytest.raises(EditError) as info:
        case.add_action("")
    assert problem_keys(info) == ["too_short"]
    assert case.actions == []


def test_actions_in_an_old_file_get_ids_on_reading_the_same_each_time(code):
    data = case_to_data(new_case("x", "X"))
    data["actions"] = [{"text": "A"}, {"text": "B", "id": "eigen-id"}, {"text": "A"}]
    first, second = parse_case(data, code), parse_case(data, code)
    ids = [a.id for a in first.actions]
    assert ids == [a.id for a in second.actions]
    assert ids[1] == "eigen-id" and len(set(ids)) == 3
    written = case_to_data(first)
    assert [a["id"] for a in written["actions"]] == ids  # written on save, so they stay
    assert [p.key for p in case_problems({**data, "actions": [{"text": "A", "id": "z"}] * 2}, code)] == [
        "duplicate_action_id"
    ]
    assert [p.place for p in case_problems({**data, "actions": [{"text": "A", "id": "Niet Goed"}]}, code)] == [
        "actions[0].id"
    ]


def test_every_example_case_reads_with_unique_action_ids(code):
    for path in sorted((ROOT / "cases").glob("*.yaml")):
        case = parse_case(parse_yaml(path.read_bytes())[0], code)
        ids = [a.id for a in case.actions]
        assert all(ids) and len(set(ids)) == len(ids), path.name


# ------------------------------------------------------------------ decision and copy


def test_decide_sets_and_clears_fields(case, code):
    assert case.decision is None
    d = case.decide(text="We gaan door, met blurren", date=date(2027, 1, 15))
    assert (d.text, d.date, d.review) == ("We gaan door, met blurren", date(2027, 1, 15), None)
    d = case.decide(review=date(2028, 1, 15), by="Het dagelijks bestuur")
    assert (d.text, d.review, d.by) == ("We gaan door, met blurren", date(2028, 1, 15), "Het dagelijks bestuur")
    d = case.decide(date=None)
    assert d.date is None and d.text
    with pytest.raises(EditError) as info:
        case.decide(by="x" * 201)
    assert problem_keys(info) == ["too_long"] and info.value.problems[0].place == "decision.by"
    with pytest.raises(EditError) as info:
        case.decide(date="15-01-2027")
    assert problem_keys(info) == ["date_format"]
    assert case.decision.by == "Het dagelijks bestuur"
    still_valid(case, code)


def test_copy_as_new_is_a_new_case_with_everything_else_kept(code):
    path = ROOT / "cases" / "slimme-camera-stationsgebied.yaml"
    source = parse_case(parse_yaml(path.read_bytes())[0], code, file_id=path.stem)
    assert source.sessions and source.revision > 0
    before = source.model_copy(deep=True)

    copy = source.copy_as_new("camera-kopie", "Kopie van de camera's")

    assert (copy.id, copy.title, copy.revision, copy.created, copy.updated) == (
        "camera-kopie",
        "Kopie van de camera's",
        0,
        None,
        None,
    )
    assert copy.values == source.values and copy.dilemmas == source.dilemmas
    assert copy.actions == source.actions and copy.decision == source.decision
    assert copy.sessions == source.sessions and copy.extensions == source.extensions
    assert source == before  # the source itself did not change
    copy.set_weight(copy.values[0].value, 0)
    assert source.values[0] == before.values[0]  # a deep copy: editing one leaves the other
    still_valid(copy, code)
    for bad_id, bad_title, key in (("Geen Id", "T", "bad_id"), ("ok", "", "too_short"), ("ok", "x" * 201, "too_long")):
        with pytest.raises(EditError) as info:
            source.copy_as_new(bad_id, bad_title)
        assert problem_keys(info) == [key]


def test_a_plain_action_object_added_by_hand_gets_an_id_on_reading(code):
    case = new_case("x", "X")
    case.actions.append(Action(text="Zonder id"))
    again = parse_case(case_to_data(case), code)
    assert again.actions[0].id


def test_copy_title_fits_the_limit_visibly():
    from dilemmakaart.case import copy_title

    dutch = lambda title: f"Kopie van {title}"  # noqa: E731
    assert copy_title("Drones boven de dijk", dutch) == "Kopie van Drones boven de dijk"
    long = copy_title("x" * 200, dutch)
    assert len(long) == 200 and long.startswith("Kopie van xxx") and long.endswith("x…")
    assert new_case("y", long).title == long  # a valid title


# ------------------------------------------------------------------ the pages use only these operations

CASE_LISTS = {"values", "dilemmas", "actions", "sessions", "technology", "stakeholders", "options"}


def direct_edits(source: str) -> list[str]:
    """Places in a page module that change a case by hand instead of through its operations."""
    import ast

    found = []
    for node in ast.walk(ast.parse(source)):
        line = getattr(node, "lineno", "?")
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("setattr", "delattr"):
            found.append(f"line {line}: {node.func.id}")
        targets: list[ast.expr] = []
        if isinstance(node, (ast.Assign, ast.AugAssign, ast.AnnAssign, ast.Delete)):
            targets = node.targets if isinstance(node, (ast.Assign, ast.Delete)) else [node.target]
        for target in targets:
            base = target.value if isinstance(target, ast.Subscript) else target
            if isinstance(base, ast.Attribute) and not (isinstance(base.value, ast.Name) and base.value.id == "st"):
                found.append(f"line {line}: writes .{base.attr}")
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in ("append", "extend", "insert", "remove", "pop", "clear")
            and isinstance(node.func.value, ast.Attribute)
            and node.func.value.attr in CASE_LISTS
        ):
            found.append(f"line {line}: .{node.func.value.attr}.{node.func.attr}()")
    return found


def test_the_scan_finds_an_edit_by_hand():
    assert direct_edits("setattr(case, field, value)")
    assert direct_edits("case.dilemmas = [d for d in case.dilemmas if d.key != pair]")
    assert direct_edits("case.actions.append(Action(text=t))")
    assert direct_edits("del case.actions[i]")
    assert direct_edits("dilemma.balance = int(value)")
    assert not direct_edits("case.set_balance(pair, value)")
    assert not direct_edits("st.session_state[key] = value")


def test_flow_pages_change_the_case_only_through_its_operations():
    pages = sorted((ROOT / "dilemmakaart" / "ui").glob("flow_*.py"))
    assert len(pages) >= 5
    found = {p.name: direct_edits(p.read_text(encoding="utf-8")) for p in pages}
    assert not {name: hits for name, hits in found.items() if hits}, found


def test_describe_checks_each_field_and_allows_an_empty_title_while_editing(case, code):
    case.describe(title="  Camera's bij gemalen  ", organisation="Waterschap", technology=("camera", "ai"))
    assert (case.title, case.organisation, case.technology) == ("Camera's bij gemalen", "Waterschap", ["camera", "ai"])
    case.describe(organisation="", phase="pilot", status="besproken")
    assert (case.organisation, case.phase, case.status) == (None, "pilot", "besproken")
    for change, key in (
        ({"phase": "klaar"}, "not_allowed"),
        ({"title": "x" * 201}, "too_long"),
        ({"technology": ["camera", "camera"]}, "duplicate_item"),
        ({"description": "x" * 20001}, "too_long"),
    ):
        with pytest.raises(EditError) as info:
            case.describe(**change)
        assert problem_keys(info) == [key], change
    assert (case.title, case.phase, case.technology) == ("Camera's bij gemalen", "pilot", ["camera", "ai"])
    still_valid(case, code)
    case.describe(title="   ")
    assert case.title == ""  # a case being typed; saving it names the missing title
    with pytest.raises(TypeError):
        case.describe(revision=3)


def test_untag_and_remove_dilemma_can_be_put_back_until_the_case_changes(case, code):
    case.set_note("privacy", "Beelden van voorbijgangers")
    case.add_dilemma("privacy", "veiligheid", -40)
    case.set_dilemma_text("privacy|veiligheid", rationale="Waarom", options=["Blurren"])
    action = case.add_action("Beelden wissen", values=["privacy", "veiligheid"])
    before = case.model_copy(deep=True)

    removed = case.untag("privacy")
    assert case != before
    case.put_back(removed)
    assert case == before  # the value, its note, the dilemma with its text, the action's values

    removed = case.remove_dilemma("privacy|veiligheid")
    case.put_back(removed)
    assert case == before

    removed = case.remove_action(action.id)
    assert removed.action.text == "Beelden wissen" and case.action(action.id) is None
    case.put_back(removed)
    assert case == before

    removed = case.untag("privacy")
    case.set_weight("veiligheid", 9)  # a change since: putting back would overwrite it
    with pytest.raises(EditError) as info:
        case.put_back(removed)
    assert problem_keys(info) == ["edit_undo_changed"]
    assert case.value("privacy") is None and case.value("veiligheid").weight == 9
    assert case.action(action.id).values == ["veiligheid"]
    with pytest.raises(EditError):
        case.put_back(case.untag("bestaat-niet"))  # nothing was removed: nothing to put back
    still_valid(case, code)
