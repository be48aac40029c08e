"""Legal floors in the value code (issue 15): in data/code.yaml, on the value's card and in the code browser."""

from __future__ import annotations

import copy

import pytest
import yaml

from dilemmakaart.code import DEFAULT_CODE_PATH, parse_code
from dilemmakaart.options import floor_lines
from dilemmakaart.problems import ProblemsError
from dilemmakaart.ui import pages
from tests.apptest import open_page

NAMED_IN_THE_ISSUE = {
    "privacy": {"AVG art. 5", "AVG art. 6", "AVG art. 9", "AVG art. 35"},
    "non-discriminatie": {"Grondwet art. 1", "Algemene wet gelijke behandeling"},
    "transparantie": {"Wet open overheid art. 1.1"},
    "uitlegbaarheid": {"Algemene wet bestuursrecht art. 3:46", "Algemene wet bestuursrecht art. 3:47"},
    "rechtsbescherming": {"Algemene wet bestuursrecht art. 3:46", "Algemene wet bestuursrecht art. 3:47"},
    "menselijke-eindverantwoordelijkheid": {"AVG art. 22", "AI-verordening art. 14"},
}


def test_the_code_names_the_laws_that_set_a_floor(code):
    for value_id, cites in NAMED_IN_THE_ISSUE.items():
        found = {f.cite for f in code.value(value_id).legal_floors}
        assert cites <= found, value_id
        for floor in code.value(value_id).legal_floors:
            assert floor.floor("nl") and floor.floor("en") and floor.floor("nl") != floor.floor("en")
    ai_act = [f for v in code.values for f in v.legal_floors if f.law == "AI-verordening"]
    assert ai_act and all(f.applies is not None and "hoog risico" in f.applies("nl") for f in ai_act)
    assert not code.value("innovatie").legal_floors  # not every value has one


def test_floor_lines_say_law_article_floor_and_when(code):
    lines = floor_lines(code.value("menselijke-eindverantwoordelijkheid"), "en")
    assert lines[0].startswith("AVG art. 22: No one gets a decision")
    assert (
        lines[1].startswith("AI-verordening art. 14: People oversee") and "(Only for high-risk AI systems" in lines[1]
    )


def test_a_floor_without_its_plain_line_is_a_problem_in_the_code_file():
    data = yaml.safe_load(DEFAULT_CODE_PATH.read_text(encoding="utf-8"))
    broken = copy.deepcopy(data)
    privacy = next(v for v in broken["values"] if v["id"] == "privacy")
    del privacy["legal_floors"][0]["floor"]
    with pytest.raises(ProblemsError) as err:
        parse_code(broken)
    assert any(p.place.startswith("values[") and p.place.endswith("legal_floors[0].floor") for p in err.value.problems)


def _shown(at) -> str:
    """Every Markdown text of the page as a person reads it (escapes and word joiners taken out)."""
    return "\n".join(m.value for m in at.markdown).replace("\\", "").replace("\u2060", "")


def test_the_code_browser_shows_the_floors(example_library, monkeypatch):
    at = open_page(pages.CODE, example_library, monkeypatch)
    text = _shown(at)
    assert "Wettelijke ondergrens" in text
    assert "AVG art. 9: Gegevens over gezondheid" in text
    assert "Algemene wet bestuursrecht art. 3:47" in text


def test_the_value_card_shows_the_floors(example_library, monkeypatch):
    at = open_page(pages.VALUES, example_library, monkeypatch, query={"case": "drones-dijkinspectie"})
    at.radio(key="values:foundation").set_value("rechtsstaat").run()  # the catalogue shows one foundation
    text = _shown(at)
    assert "AVG art. 35: Bij een hoog risico" in text
