"""The three-way merge of a case (dilemmakaart.merge), without Streamlit."""

from __future__ import annotations

import copy

from dilemmakaart.merge import MISSING, THEIRS, merge


def base_case() -> dict:
    return {
        "format": "dilemmakaart/case@1",
        "id": "c",
        "title": "Camera's bij gemalen",
        "description": "Slimme camera's.",
        "revision": 3,
        "status": "concept",
        "stakeholders": ["Bewoners"],
        "values": [
            {"value": "privacy", "weight": 8, "effect": -3},
            {"value": "veiligheid", "weight": 9, "effect": 3},
        ],
        "dilemmas": [{"a": "veiligheid", "b": "privacy", "balance": 30}],
        "actions": [
            {"id": "borden", "text": "Borden bij elke camera"},
            {"id": "dpia", "text": "DPIA uitvoeren", "necessity": 3},
        ],
        "decision": {"text": "Nog niet besloten."},
    }


def edited(**changes) -> dict:
    data = copy.deepcopy(base_case())
    data.update(changes)
    return data


def test_changes_to_different_fields_merge_without_asking():
    base = base_case()
    mine = edited(title="Mijn titel")
    theirs = edited(description="Hun beschrijving.", revision=4, updated="2027-01-01T10:00:00+01:00")
    result = merge(base, mine, theirs)
    assert result.clean
    assert result.data["title"] == "Mijn titel"
    assert result.data["description"] == "Hun beschrijving."
    assert result.data["revision"] == 4 and result.data["updated"] == "2027-01-01T10:00:00+01:00"
    assert result.taken == [("description",)]


def test_the_same_field_changed_on_both_sides_is_a_conflict_with_a_choice():
    base = base_case()
    mine, theirs = edited(title="Mijn titel"), edited(title="Hun titel", revision=4)
    result = merge(base, mine, theirs)
    (conflict,) = result.conflicts
    assert conflict.path == ("title",) and conflict.key == "title"
    assert (conflict.base, conflict.mine, conflict.theirs) == ("Camera's bij gemalen", "Mijn titel", "Hun titel")
    assert result.data["title"] == "Mijn titel"  # no choice yet: my own value
    assert merge(base, mine, theirs, {"title": THEIRS}).data["title"] == "Hun titel"
    # the same change on both sides is no conflict
    assert merge(base, mine, edited(title="Mijn titel")).clean


def test_values_merge_per_value_and_per_attribute():
    base = base_case()
    mine = copy.deepcopy(base)
    mine["values"][0]["weight"] = 10  # privacy's weight
    mine["values"].append({"value": "transparantie", "weight": 6, "effect": -1})  # added by me
    theirs = copy.deepcopy(base)
    theirs["values"][0]["note"] = "Voorbijgangers"  # privacy's note
    theirs["values"][1]["effect"] = 4  # veiligheid
    result = merge(base, mine, theirs)
    assert result.clean
    values = {v["value"]: v for v in result.data["values"]}
    assert values["privacy"] == {"value": "privacy", "weight": 10, "effect": -3, "note": "Voorbijgangers"}
    assert values["veiligheid"]["effect"] == 4
    assert values["transparantie"]["weight"] == 6
    assert [v["value"] for v in result.data["values"]] == ["privacy", "veiligheid", "transparantie"]


def test_a_weight_changed_on_both_sides_names_the_value():
    base = base_case()
    mine, theirs = copy.deepcopy(base), copy.deepcopy(base)
    mine["values"][0]["weight"] = 10
    theirs["values"][0]["weight"] = 2
    result = merge(base, mine, theirs)
    (conflict,) = result.conflicts
    assert conflict.path == ("values", "privacy", "weight") and (conflict.mine, conflict.theirs) == (10, 2)
    chosen = merge(base, mine, theirs, {conflict.key: THEIRS}).data
    assert chosen["values"][0]["weight"] == 2


def test_removed_on_one_side_and_unchanged_on_the_other_is_removed():
    base = base_case()
    mine = copy.deepcopy(base)
    del mine["values"][1]  # I untag veiligheid
    theirs = copy.deepcopy(base)
    theirs["title"] = "Hun titel"
    result = merge(base, mine, theirs)
    assert result.clean
    assert [v["value"] for v in result.data["values"]] == ["privacy"]
    assert result.data["title"] == "Hun titel"


def test_removed_on_one_side_and_changed_on_the_other_is_a_conflict():
    base = base_case()
    mine = copy.deepcopy(base)
    mine["actions"] = mine["actions"][1:]  # I remove "borden"
    theirs = copy.deepcopy(base)
    theirs["actions"][0]["owner"] = "Team gemalen"  # they give it an owner
    result = merge(base, mine, theirs)
    (conflict,) = result.conflicts
    assert conflict.path == ("actions", "id:borden")
    assert conflict.mine is MISSING and conflict.theirs["owner"] == "Team gemalen"
    assert [a["id"] for a in result.data["actions"]] == ["dpia"]  # mine by default: removed
    kept = merge(base, mine, theirs, {conflict.key: THEIRS}).data
    assert [a["id"] for a in kept["actions"]] == ["borden", "dpia"]


def test_actions_are_matched_by_id_not_by_position():
    base = base_case()
    mine = copy.deepcopy(base)
    mine["actions"][1]["necessity"] = 1  # dpia
    theirs = copy.deepcopy(base)
    theirs["actions"].insert(0, {"id": "nieuw", "text": "Nieuwe actie"})  # everything shifts
    result = merge(base, mine, theirs)
    assert result.clean
    by_id = {a["id"]: a for a in result.data["actions"]}
    assert by_id["dpia"]["necessity"] == 1 and "nieuw" in by_id and len(by_id) == 3


def test_actions_without_ids_are_matched_by_position():
    base = base_case()
    for action in base["actions"]:
        del action["id"]
    mine, theirs = copy.deepcopy(base), copy.deepcopy(base)
    mine["actions"][0]["text"] = "Grote borden"
    theirs["actions"][1]["text"] = "DPIA en IAMA"
    result = merge(base, mine, theirs)
    assert result.clean
    assert [a["text"] for a in result.data["actions"]] == ["Grote borden", "DPIA en IAMA"]


def test_a_reversed_dilemma_against_a_new_balance_is_one_conflict():
    base = base_case()
    mine, theirs = copy.deepcopy(base), copy.deepcopy(base)
    mine["dilemmas"][0] = {"a": "privacy", "b": "veiligheid", "balance": -30}
    theirs["dilemmas"][0]["balance"] = 60
    result = merge(base, mine, theirs)
    (conflict,) = result.conflicts
    assert conflict.path == ("dilemmas", "privacy|veiligheid")  # the whole dilemma, never half of each
    assert merge(base, mine, theirs, {conflict.key: THEIRS}).data["dilemmas"] == theirs["dilemmas"]
    # the same pair with only a new balance on one side merges per attribute
    mine2 = copy.deepcopy(base)
    mine2["dilemmas"][0]["rationale"] = "Veiligheid gaat voor"
    merged = merge(base, mine2, theirs).data["dilemmas"][0]
    assert merged == {"a": "veiligheid", "b": "privacy", "balance": 60, "rationale": "Veiligheid gaat voor"}


def test_the_decision_merges_per_attribute():
    base = base_case()
    mine = edited(decision={"text": "Akkoord met een pilot."})
    theirs = edited(decision={"text": "Nog niet besloten.", "by": "Algemeen bestuur"})
    result = merge(base, mine, theirs)
    assert result.clean
    assert result.data["decision"] == {"text": "Akkoord met een pilot.", "by": "Algemeen bestuur"}


def test_without_a_base_every_difference_is_a_conflict():
    mine, theirs = edited(title="Mijn titel"), edited(description="Hun beschrijving.")
    result = merge(None, mine, theirs)
    assert {c.key for c in result.conflicts} == {"title", "description"}
    assert all(c.base is MISSING for c in result.conflicts)


def test_whole_lists_that_are_not_keyed_are_one_field():
    base = base_case()
    mine = edited(stakeholders=["Bewoners", "Waterschap"])
    theirs = edited(stakeholders=["Bewoners", "Gemeente"])
    (conflict,) = merge(base, mine, theirs).conflicts
    assert conflict.path == ("stakeholders",)
    # a field added by one side only
    assert merge(base, edited(organisation="Waterschap"), base).data["organisation"] == "Waterschap"
    removed = base_case()
    del removed["decision"]
    assert "decision" not in merge(base, removed, base).data


def test_one_sided_changes_to_every_example_case_come_through_whole():
    """Over the example cases: a merge where only one side changed is exactly that side."""
    from dilemmakaart.case import case_to_data
    from dilemmakaart.code import load_code
    from dilemmakaart.store import CaseLibrary
    from tests.conftest import ROOT

    cases = [case_to_data(c) for c in CaseLibrary(ROOT / "cases", load_code()).list().cases]
    assert len(cases) >= 10

    def content(data: dict) -> dict:
        return {k: v for k, v in data.items() if k not in ("revision", "updated")}

    for base, other in zip(cases, cases[1:] + cases[:1]):
        changed = {**copy.deepcopy(other), "id": base["id"]}
        assert content(merge(base, base, changed).data) == content(changed)
        assert content(merge(base, changed, base).data) == content(changed)
        assert merge(base, base, changed).clean and merge(base, changed, base).clean
        both = merge(base, changed, changed)
        assert both.clean and content(both.data) == content(changed)
