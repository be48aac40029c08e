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
        assert "case=drones-dijkinspectie" in links[0].proto.page or links[0].proto.query_string == (
            "case=drones-dijkinspectie"
        )


def test_triggers_are_set_on_the_decision_page_and_said_in_the_report(example_library, monkeypatch, code):
    at = open_page(pages.ACTIONS, example_library, monkeypatch, query={"case": "drones-dijkinspectie"})
    at.text_area(key="options:triggers").input("als er gezichtsherkenning bij komt\n\nna twaalf maanden\n").run()
    assert not at.exception
    assert at.session_state[state.CASE_KEY].decision.triggers == [
        "als er gezichtsherkenning bij komt",
        "na twaalf maanden",
    ]
    case = read_case_file(ROOT / "cases" / "tellen-bezoekers-binnenstad.yaml", code)
    md = render_report(case, "md", "nl", code=code, figures={}).decode("utf-8")
    assert "Eerder herzien als" in md and "- als de politie om de gegevens vraagt" in md
