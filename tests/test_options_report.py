"""The board report in four formats shows options, flips, the group and legal floors (issue 15)."""

from __future__ import annotations

import html
import re
from datetime import date

import pytest

from dilemmakaart.report import render_report
from dilemmakaart.report.blocks import Heading
from dilemmakaart.report.content import build_content
from dilemmakaart.store import read_case_file
from tests.conftest import ROOT
from tests.test_report import docx_text, pdf_text

TODAY = date(2026, 11, 1)
CAMERA = ROOT / "cases" / "slimme-camera-stationsgebied.yaml"

SHOWN = [
    "Opties voor het besluit",
    "‘Meer handhavers op straat, geen slimme camera's’ scoort het best, met 0,06 punt voorsprong op de tweede.",
    "Camera's met gezichtsherkenning: Privacy: AVG art. 9.",
    "Als Privacy 4 punt lichter weegt (onder 5), wint ‘Slimme camera's die gezichten in de camera vervagen’.",
    "‘Meer handhavers op straat, geen slimme camera's’ wint voor 4 van de 7 deelnemers.",
    "Over Privacy verschilt de groep (gewichten 4 tot 10), en dat kan het besluit veranderen",
    "Wettelijke ondergrenzen",
    "Privacy — AVG art. 35: Bij een hoog risico voor mensen maak je eerst een DPIA",
]


def _text(fmt: str, data: bytes) -> str:
    if fmt == "pdf":
        return pdf_text(data)
    if fmt == "docx":
        return " ".join(docx_text(data).split())
    text = data.decode("utf-8")
    if fmt == "html":
        text = html.unescape(re.sub(r"<[^>]+>", " ", text))
    return " ".join(text.replace("\\", "").split())


@pytest.mark.parametrize("fmt", ["md", "html", "docx", "pdf"])
def test_every_format_shows_options_flips_group_and_floors(fmt, code):
    case = read_case_file(CAMERA, code)
    text = _text(fmt, render_report(case, fmt, "nl", code=code, figures={}, today=TODAY))
    for line in SHOWN:
        assert " ".join(line.split()) in text, (fmt, line)
    # the option that breaks a floor is never in the ranking
    ranking = text.split("Niet toegestaan")[0]
    assert "Camera's met gezichtsherkenning" not in ranking.split("Opties voor het besluit")[-1]


def test_the_section_comes_between_the_actions_and_the_decision_and_in_english(code):
    case = read_case_file(CAMERA, code)
    headings = [
        b.text for b in build_content(case, code, "en", today=TODAY, figures={}).blocks if isinstance(b, Heading)
    ]
    at = headings.index("Options for the decision")
    assert headings[at - 1] != "Decision" and "Decision" in headings[at:]
    en = _text("md", render_report(case, "md", "en", code=code, figures={}, today=TODAY))
    assert (
        "If Privacy weighs 4 points less (below 5), ‘Slimme camera's die gezichten in de camera vervagen’ wins." in en
    )


def test_a_case_without_options_or_floors_has_no_such_section(code):
    case = read_case_file(ROOT / "cases" / "drones-dijkinspectie.yaml", code)
    case.options = []
    case.values = [v for v in case.values if not code.value(v.value).legal_floors]
    headings = [
        b.text for b in build_content(case, code, "nl", today=TODAY, figures={}).blocks if isinstance(b, Heading)
    ]
    assert "Opties voor het besluit" not in headings and "Wettelijke ondergrenzen" not in headings
