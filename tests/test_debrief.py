"""The debrief handout (issue 14): what it says, checked by hand on a small class; PDF of one or two A4
pages that reads back; HTML; Dutch and English; no names."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from dilemmakaart.code import load_code
from dilemmakaart.report.debrief import debrief_report, from_session, render_debrief, three_lines
from dilemmakaart.session import SessionStore
from dilemmakaart.store import CaseLibrary

ROOT = Path(__file__).resolve().parent.parent
LESSON = "algoritme-toeslagen-selectie"
PAIR = "doelmatigheid|rechtsbescherming"


def answer(trust: int, balance: int, reason: str = "") -> dict:
    out: dict = {
        "weights": {"vertrouwen": trust, "non-discriminatie": 9, "welzijn": 7},
        "effects": {"vertrouwen": -2},
        "balances": {PAIR: balance},
    }
    if reason:
        out["reasons"] = {PAIR: reason}
    return out


def workshop(folder: Path) -> tuple[SessionStore, str]:
    """Six people, two rounds: trust moves up for two of them; the balance splits into two camps."""
    store = SessionStore(folder)
    info, key = store.create(LESSON, anonymous=True)
    first = [answer(6, -60), answer(6, -50), answer(7, -60), answer(8, 50), answer(8, 60), answer(9, 60)]
    tokens = []
    for i, a in enumerate(first):
        token = (
            store.join(info.join_code, name=f"Naam{i}")[1].token
            if _takes_name(store)
            else store.join(info.join_code)[1].token
        )
        tokens.append(token)
        store.submit(info.id, token, 1, a)
    store.reveal(info.id, key)
    store.next_round(info.id, key)
    second = [
        answer(8, -60, "Eerst horen, dan pas het voorschot aanpassen."),
        answer(8, -50),
        answer(7, -60, "Rechtsbescherming gaat voor snelheid."),
        answer(8, 50, "Met weinig mensen moet je kiezen waar je tijd in steekt."),
        answer(8, 60),
        answer(9, 60),
    ]
    for token, a in zip(tokens, second, strict=True):
        store.submit(info.id, token, 2, a)
    store.reveal(info.id, key)
    return store, info.id


def _takes_name(store: SessionStore) -> bool:
    import inspect

    return "name" in inspect.signature(store.join).parameters


@pytest.fixture
def lesson(tmp_path: Path):
    folder = tmp_path / "cases"
    folder.mkdir()
    shutil.copy(ROOT / "cases" / f"{LESSON}.yaml", folder)
    code = load_code()
    return folder, CaseLibrary(folder, code).load(LESSON), code


def test_the_debrief_says_agreement_split_movement_reference_arguments_and_actions(lesson):
    folder, case, code = lesson
    store, session_id = workshop(folder)
    d = from_session(case, store, session_id, group="Klas 3B", reference=case.profile("Directie (besluit)"))
    text = debrief_report(d, code, "nl").text()
    assert "Hand-out nabespreking" in text and "Klas 3B" in text and "6 deelnemers · 2 rondes" in text
    # the case in three lines
    assert three_lines(case, code, "nl")[1].startswith("Waarden op het spel (9): Non-discriminatie")
    # agreed: non-discrimination weight 9 for all six; split: the balance, 3 people at -50 or lower, 3 at +50 or higher
    assert "Non-discriminatie (gewicht): iedereen 9" in text
    assert "Doelmatigheid ↔ Rechtsbescherming: twee kampen. 3 mensen op −50 of lager, 3 op +50 of hoger." in text
    # movement: trust 7 → 8 (medians of 6,6,7,8,8,9 and 8,8,7,8,8,9), two of six changed
    assert "Vertrouwen (gewicht): 7,5 → 8 (2 van de 6 mensen veranderden hun antwoord)" in text
    # against the board: trust 8 vs 9
    assert "De groep naast de referentie: Directie (besluit)" in text
    assert "Vertrouwen (gewicht) | 8 | 9 | −1" in text
    # arguments without names, the actions ranked
    assert "“Rechtsbescherming gaat voor snelheid.”" in text
    assert "Naam" not in text and "Deelnemer" not in text
    ranked = [line for line in text.splitlines() if "nodig " in line and " × belangrijk " in line]
    scores = [int(line.rsplit("= ", 1)[1]) for line in ranked]
    assert scores == sorted(scores, reverse=True) and scores


def test_the_debrief_pdf_is_one_or_two_a4_pages_and_reads_back_in_both_languages(lesson, tmp_path):
    folder, case, code = lesson
    store, session_id = workshop(folder)
    d = from_session(case, store, session_id, group="Klas 3B", reference=case.profile("Directie (besluit)"))
    for lang, words in (("nl", "De casus in het kort"), ("en", "The case in brief")):
        pdf = render_debrief(d, "pdf", lang, code)
        path = tmp_path / f"debrief-{lang}.pdf"
        path.write_bytes(pdf)
        info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
        pages = int(next(line for line in info.splitlines() if line.startswith("Pages:")).split()[1])
        assert 1 <= pages <= 2, pages
        assert "595.28 x 841.89" in info  # A4
        text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
        assert words in text
    html = render_debrief(d, "html", "en", code).decode("utf-8")
    assert "Debrief handout" in html and "Where the group agreed, and where not" in html
    assert "http://" not in html.replace("http://www.w3.org", "") and "<script src" not in html


def test_a_debrief_without_answers_says_so(lesson):
    folder, case, code = lesson
    store = SessionStore(folder)
    info, _ = store.create(LESSON)
    text = debrief_report(from_session(case, store, info.id), code, "en").text()
    assert "No answers were given." in text


def test_the_debrief_ranks_the_actions_the_group_proposed_and_scored(lesson):
    from dilemmakaart.teaching import propose, score, set_actions_phase

    folder, case, code = lesson
    store = SessionStore(folder)
    info, key = store.create(LESSON)
    a, b = (store.join(info.join_code)[1].token for _ in range(2))
    store.submit(info.id, a, 1, answer(7, 0))
    set_actions_phase(store, info.id, key, "propose")
    low = propose(store, info.id, a, case, "Een folder", "gebruikers", "uitlegbaarheid")
    high = propose(store, info.id, b, case, "Een audit per kwartaal", "techniek", "non-discriminatie")
    set_actions_phase(store, info.id, key, "score")
    score(store, info.id, a, {low.id: (1, 2), high.id: (3, 3)})
    text = debrief_report(from_session(case, store, info.id), code, "nl").text()
    assert "Acties van de groep, op volgorde van prioriteit" in text
    assert text.index("Een audit per kwartaal (techniek) · nodig 3 × belangrijk 3 = 9") < text.index(
        "Een folder (gebruikers) · nodig 1 × belangrijk 2 = 2"
    )
