"""Paper workshops (issue 14): the worksheet PDF, the CSV template filled in and read back (comma or
semicolon, with or without BOM), every bad cell named by row and column, and a paper group saved as
a group profile."""

from __future__ import annotations

import subprocess
from datetime import date
from pathlib import Path

from dilemmakaart.case import parse_case
from dilemmakaart.paper import csv_template, read_csv, read_rows
from dilemmakaart.profiles import group_profile
from dilemmakaart.report.worksheet import render_worksheet, worksheet_report
from dilemmakaart.store import CaseLibrary
from dilemmakaart.teaching import with_group_profile
from tests.apptest import open_page_function
from tests.conftest import minimal_case

ROOT = Path(__file__).resolve().parent.parent


def small(code):
    return parse_case(
        minimal_case(
            values=[{"value": "privacy", "weight": 8, "effect": -2}, {"value": "veiligheid", "weight": 6, "effect": 3}],
            dilemmas=[{"a": "veiligheid", "b": "privacy", "balance": 20}],
        ),
        code,
    )


def test_the_template_names_every_item_and_reads_back_filled_in(code):
    case = small(code)
    template = csv_template(case, code, "nl", sheets=3).decode("utf-8")
    assert template.startswith("\ufeffBlad,Privacy (gewicht) [weight:privacy],")
    assert "Veiligheid ↔ Privacy [balance:veiligheid|privacy]" in template
    lines = template.lstrip("\ufeff").splitlines()
    filled = [lines[0], "Blad 1,8,6,-2,3,20", "Blad 2,9,,−3,+2,-40", "Blad 3,,,,,"]
    answers, problems = read_csv(case, "\r\n".join(filled).encode("utf-8"))
    assert problems == []
    assert [a.participant for a in answers] == ["Blad 1", "Blad 2"]  # an empty sheet is no answer
    assert answers[1].weights == {"privacy": 9} and answers[1].effects == {"privacy": -3, "veiligheid": 2}
    assert answers[1].balances == {"veiligheid|privacy": -40}


def test_a_dutch_spreadsheet_with_semicolons_and_bare_keys_is_read(code):
    case = small(code)
    data = b"Blad;weight:privacy;balance:veiligheid|privacy\nA;7;15\nB;5,0;-15\n"
    answers, problems = read_csv(case, data)
    assert problems == [] and [a.weights["privacy"] for a in answers] == [7, 5]


def test_every_bad_cell_is_named_by_row_and_column_and_nothing_is_taken_in(code):
    case = small(code)
    head = ["Blad", "Privacy (gewicht) [weight:privacy]", "Effect [effect:privacy]", "Iets anders"]
    answers, problems = read_rows(case, head, [["1", "11", "2"], ["2", "7", "drie"], ["3", "6.5", ""]])
    assert answers == []
    said = [p.message("nl") for p in problems]
    assert "Kolom 'Iets anders' hoort niet bij deze casus." in said[0]
    assert "Rij 1, kolom 'Privacy (gewicht) [weight:privacy]': '11' is geen heel getal van 0…10." in said
    assert "Rij 2, kolom 'Effect [effect:privacy]': 'drie' is geen heel getal van −5…+5." in said
    assert any(s.startswith("Rij 3, kolom 'Privacy (gewicht)") for s in said)
    assert read_csv(case, b"\xff\xfe bad")[1][0].key == "not_utf8"
    assert read_csv(case, b"")[1][0].key == "empty"
    assert read_rows(case, ["Blad", "weight:privacy"], [["1", ""]])[1][0].key == "no_answers"
    assert read_rows(case, ["Blad", "weight:privacy"], [["1", "inf"]])[1][0].key == "not_on_scale"


def test_a_paper_group_becomes_a_group_profile_beside_the_others(code):
    case = CaseLibrary(ROOT / "cases", code).load("algoritme-toeslagen-selectie")
    head = ["Blad", "[weight:vertrouwen]", "[balance:doelmatigheid|rechtsbescherming]"]
    answers, problems = read_rows(case, head, [["1", "5", "0"], ["2", "6", "10"], ["3", "7", "-20"]])
    assert problems == []
    saved = with_group_profile(case, group_profile(case, answers, "Papier 4C", held=date(2026, 12, 1)))
    profile = saved.profile("Papier 4C")
    assert profile.participants == 3 and profile.weights == {"vertrouwen": 6}
    assert saved.values == case.values and saved.dilemmas == case.dilemmas


def test_the_worksheet_asks_every_value_and_dilemma_and_never_prints_the_answer(code, tmp_path):
    case = CaseLibrary(ROOT / "cases", code).load("algoritme-toeslagen-selectie")
    report = worksheet_report(case, code, "nl")
    text = report.text()
    assert text.count("Gewicht: 0 niet belangrijk, 10 heel belangrijk") == len(case.values)
    assert text.count("Effect: −5 veel slechter, +5 veel beter") == len(case.values)
    assert "Als Doelmatigheid en Rechtsbescherming botsen" in text
    for question in code.value("vertrouwen").questions.nl:
        assert question in text
    assert all(d.rationale[:40] not in text for d in case.dilemmas if d.rationale)  # the board's reasons stay out
    path = tmp_path / "werkblad.pdf"
    path.write_bytes(render_worksheet(case, code, "en"))
    read = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert "WORKSHEET" in read and "Weight: 0 not important, 10 very important" in read and "☐" in read


def test_the_paper_page_offers_the_worksheet_and_a_table_per_question(example_library):
    at = open_page_function("paper_page:paper_page", example_library)
    at.run()
    at.selectbox(key="paper:case").set_value("algoritme-toeslagen-selectie").run()
    assert not at.exception, at.exception
    assert at.title[0].value == "Werken op papier"
    # nothing typed yet: said, and nothing to save
    assert "Er is nog niets ingevuld." in " ".join(i.value for i in at.info) and not at.error
    at.button(key="paper:make").click().run()
    assert not at.exception, at.exception
