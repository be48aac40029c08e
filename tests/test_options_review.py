"""Review dates (issue 15): decisions due for review on the home page, in the library and from
``library --due``; triggers kept with the decision and said in the report."""

from __future__ import annotations

import json
import re
from datetime import date, timedelta

import yaml

from dilemmakaart import cli
from dilemmakaart.case import new_case
from dilemmakaart.options import due_for_review
from dilemmakaart.report import render_report
from dilemmakaart.store import read_case_file
from dilemmakaart.ui import pages, state
from tests.apptest import open_page
from tests.conftest import ROOT

TODAY = date(2027, 2, 1)


def _decided(case_id: str, review: date | None, status: str = "besloten", triggers=()):
    case = new_case(case_id, case_id.title())
    case.describe(status=status)
    case.decide(text="Besloten.", review=review, triggers=list(triggers))
    return case


def test_due_for_review_lists_past_and_today_longest_overdue_first():
    cases = [
        _decided("later", TODAY + timedelta(days=10)),
        _decided("vandaag", TODAY),
        _decided("lang-geleden", TODAY - timedelta(days=40), triggers=["na twaalf maanden"]),
        _decided("gearchiveerd", TODAY - timedelta(days=5), status="gearchiveerd"),
        _decided("geen-datum", None),
        new_case("geen-besluit", "Geen besluit"),
    ]
    found = due_for_review(cases, TODAY)
    assert [(d.case_id, d.days_over, d.due) for d in found] == [("lang-geleden", 40, True), ("vandaag", 0, True)]
    assert found[0].triggers == ("na twaalf maanden",)
    soon = due_for_review(cases, TODAY, soon=10)
    assert [d.case_id for d in soon] == ["lang-geleden", "vandaag", "later"] and not soon[-1].due


def test_library_due_on_the_command_line(capsys):
    assert cli.main(["library", str(ROOT / "cases"), "--due", "--json", "--today", "2027-02-01"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [(r["id"], r["review"], r["days_over"]) for r in rows] == [
        ("tellen-bezoekers-binnenstad", "2026-12-15", 48),
        ("drones-dijkinspectie", "2027-01-27", 5),
    ]
    assert rows[0]["triggers"] == ["als de tellers ook beelden gaan opslaan", "als de politie om de gegevens vraagt"]
    assert cli.main(["library", str(ROOT / "cases"), "--due", "--today", "2026-01-01"]) == 0
    assert "0 besluiten zijn toe aan herziening." in capsys.readouterr().out
    assert cli.main(["library", str(ROOT / "cases"), "--due", "--today", "morgen"]) == 2


def _make_due(library, case_id: str, days_ago: int) -> None:
    path = library / f"{case_id}.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["decision"]["review"] = (date.today() - timedelta(days=days_ago)).isoformat()
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def test_home_and_library_show_decisions_due_for_review(example_library, monkeypatch):
    _make_due(example_library, "drones-dijkinspectie", 3)
    for page in (None, pages.LIBRARY):
        at = open_page(page, example_library, monkeypatch)
        where = "home" if page is None else "lib"
        titles = [s.value for s in at.subheader if s.value.startswith("Toe aan herziening")]
        # at least this one (an example's own review date may have come by the day the test runs)
        assert titles and re.match(r"Toe aan herziening: [1-9]\d* besluit(en)? nu", titles[0]), (where, titles)
        links = [e for e in at.get("page_link") if "Drones met camera's" in e.proto.label]
        assert links and "nu aan de beurt" in links[0].proto.label, where
        # the link opens the decision's part of the page
        assert "case=drones-dijkinspectie&deel=besluit" in links[0].proto.page or links[0].proto.query_string == (
            "case=drones-dijkinspectie&deel=besluit"
        )


def test_triggers_are_set_on_the_decision_page_and_said_in_the_report(example_library, monkeypatch, code):
    at = open_page(
        pages.ACTIONS, example_library, monkeypatch, query={"case": "drones-dijkinspectie", "deel": "besluit"}
    )
    at.text_area(key="options:triggers").input("als er gezichtsherkenning bij komt\n\nna twaalf maanden\n").run()
    assert not at.exception
    assert at.session_state[state.CASE_KEY].decision.triggers == [
        "als er gezichtsherkenning bij komt",
        "na twaalf maanden",
    ]
    case = read_case_file(ROOT / "cases" / "tellen-bezoekers-binnenstad.yaml", code)
    md = render_report(case, "md", "nl", code=code, figures={}).decode("utf-8")
    assert "Eerder herzien als" in md and "- als de politie om de gegevens vraagt" in md


def test_at_a_review_the_report_says_what_changed_since_the_decided_version(tmp_path, code, capsys):
    import shutil

    from dilemmakaart.options import decided_version, since_decision
    from dilemmakaart.store import CaseLibrary

    shutil.copy(ROOT / "cases" / "slimme-camera-stationsgebied.yaml", tmp_path)
    library = CaseLibrary(tmp_path, code)
    case = library.load("slimme-camera-stationsgebied")
    case.describe(status="besloten")
    case.decide(text="Meer handhavers, geen slimme camera's.", review=date(2027, 10, 1))
    decided = library.save(case)
    assert decided_version(library, decided) is None  # nothing decided before this version
    review = library.load("slimme-camera-stationsgebied")
    review.set_weight("privacy", 4)
    review.set_weight("innovatie", 5)
    now = library.save(review)
    found = decided_version(library, now)
    assert found is not None and found.revision == decided.revision
    since = since_decision(found, now)
    assert since.weights == [("privacy", 9, 4), ("innovatie", 4, 5)] and since.best_changed
    out = tmp_path / "rapport.md"
    assert (
        cli.main(["report", str(tmp_path / "slimme-camera-stationsgebied.yaml"), "--format", "md", "-o", str(out)]) == 0
    )
    md = out.read_text(encoding="utf-8")
    assert f"Sinds het besluit (versie {decided.revision})" in md
    assert "- Privacy weegt nu 4, bij het besluit 9." in md
    assert (
        "- De beste optie is veranderd: bij het besluit ‘Meer handhavers op straat, geen slimme camera's’, "
        "nu ‘Slimme camera's die gezichten in de camera vervagen’." in md
    )
    # without a history (a file on its own) there is nothing to compare, and no such section
    lone = tmp_path / "los"
    lone.mkdir()
    shutil.copy(tmp_path / "slimme-camera-stationsgebied.yaml", lone)
    assert cli.main(["report", str(lone / "slimme-camera-stationsgebied.yaml"), "--format", "md", "-o", str(out)]) == 0
    assert "Sinds het besluit" not in out.read_text(encoding="utf-8")


def test_at_a_review_the_decision_page_says_what_changed(example_library, monkeypatch, code):
    from dilemmakaart.store import CaseLibrary

    library = CaseLibrary(example_library, code)
    case = library.load("tellen-bezoekers-binnenstad")
    case.describe(status="besloten")
    decided = library.save(case)
    review = library.load("tellen-bezoekers-binnenstad")
    review.set_weight("privacy", 10)
    library.save(review)
    at = open_page(
        pages.ACTIONS, example_library, monkeypatch, query={"case": "tellen-bezoekers-binnenstad", "deel": "besluit"}
    )
    shown = "\n".join(m.value for m in at.markdown).replace("\\", "")
    assert f"Sinds het besluit (versie {decided.revision})" in shown
    assert "Privacy weegt nu 10, bij het besluit 8." in shown
    assert "De beste optie is nog steeds ‘Cameratellers die in het kastje tellen’." in shown


def test_versions_compared_say_what_changed_in_the_options(code):
    from dilemmakaart.versions import compare_revisions

    old = read_case_file(ROOT / "cases" / "slimme-camera-stationsgebied.yaml", code)
    new = old.model_copy(deep=True)
    new.set_weight("privacy", 4)
    new.set_option_effect("zoals-voorgesteld", "privacy", -2)
    new.remove_option("gezichtsherkenning")
    new.add_option("Niets doen")
    said = [(c.section, c.text) for c in compare_revisions(old, new, code, "nl") if c.section == "options"]
    assert said == [
        ("options", "Optie ‘Zoals voorgesteld’ veranderd."),
        ("options", "Optie ‘Niets doen’ toegevoegd."),
        ("options", "Optie ‘Camera's met gezichtsherkenning’ weggehaald."),
        (
            "options",
            "Beste optie: van ‘Meer handhavers op straat, geen slimme camera's’ naar "
            "‘Slimme camera's die gezichten in de camera vervagen’.",
        ),
    ]
