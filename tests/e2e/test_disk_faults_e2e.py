"""A full disk in a real browser: a server whose library lives on a 2 MiB tmpfs that fills up.

Joining a session, answering, the draft autosave and saving say what happened in words (no
traceback, no server path), the work stays on the page, and everything works again once there is
room. The tmpfs is mounted by the test (root only); where that is impossible the test skips with
the reason, unless DILEMMAKAART_REQUIRE_BROWSER is set (CI): then it fails.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import expect

from dilemmakaart.code import load_code
from dilemmakaart.session import SessionStore
from dilemmakaart.store import CaseLibrary
from tests.disks import fill, small_tmpfs
from tests.e2e.conftest import ROOT, new_page, no_exception, start_server, stop_server, wait_ready

CASE = "tellen-bezoekers-binnenstad"


@pytest.fixture
def small_disk(tmp_path):
    with small_tmpfs(tmp_path / "disk", "2m") as disk:
        yield disk


def key(name: str) -> str:
    return ".st-key-" + "".join(c if c.isalnum() or c in "-_" else "-" for c in name)


def no_server_path(page, disk: Path) -> None:
    no_exception(page)
    body = page.locator("[data-testid='stMain']").inner_text()
    assert str(disk) not in body and "Errno" not in body and "OSError" not in body, body


def test_a_full_disk_is_told_in_words_and_nothing_is_lost(small_disk, tmp_path, browser):
    library = small_disk / "cases"
    library.mkdir()
    shutil.copy(ROOT / "cases" / f"{CASE}.yaml", library)
    sessions = SessionStore(library)
    info, _ = sessions.create(CASE)
    server = start_server(library, tmp_path / "server.log")
    person = new_page(browser, 390, 844)
    editor = new_page(browser)
    try:
        # joining a session
        person.goto(server.page_url("meedoen", code=info.join_code))
        wait_ready(person)
        person.get_by_role("textbox", name=re.compile("Je naam")).fill("Anna")
        filler = fill(small_disk)
        person.get_by_role("button", name="Meedoen").click()
        expect(person.get_by_text("Meedoen lukte niet: de schijf van de server is vol")).to_be_visible()
        no_server_path(person, small_disk)
        expect(person.get_by_role("textbox", name=re.compile("Je naam"))).to_have_value("Anna")
        filler.unlink()
        person.get_by_role("button", name="Meedoen").click()
        expect(person).to_have_url(re.compile(r"[?&]p="))
        wait_ready(person)
        # answering
        thumb = person.get_by_role("slider").first
        thumb.focus()
        for _ in range(3):
            thumb.press("ArrowRight")
        wait_ready(person)
        chosen = thumb.input_value()
        filler = fill(small_disk)
        person.get_by_role("button", name=re.compile("Antwoord (versturen|bijwerken)")).click()
        expect(
            person.get_by_text("Je antwoord kon niet worden opgeslagen: de schijf van de server is vol")
        ).to_be_visible()
        no_server_path(person, small_disk)
        expect(person.get_by_role("slider").first).to_have_value(chosen)
        person.screenshot(path="/tmp/drafts/fault-answer.png")
        filler.unlink()
        person.get_by_role("button", name=re.compile("Antwoord (versturen|bijwerken)")).click()
        expect(person.get_by_text("Je antwoord is opgeslagen")).to_be_visible()

        # editing and saving a case
        editor.goto(server.page_url("beschrijven", case=CASE))
        wait_ready(editor)
        filler = fill(small_disk)
        title = editor.locator(f"{key('describe:title')} input")
        title.fill("Titel op een volle schijf")
        title.press("Enter")
        expect(editor.get_by_text(re.compile("Je wijzigingen konden niet tussentijds worden bewaard"))).to_be_visible()
        editor.get_by_role("button", name=re.compile("^Opslaan$")).click()
        expect(
            editor.get_by_text(re.compile("De casus kon niet worden opgeslagen: de schijf van de server is vol"))
        ).to_be_visible()
        wait_ready(editor)
        no_server_path(editor, small_disk)
        editor.screenshot(path="/tmp/drafts/fault-save.png")
        expect(title).to_have_value("Titel op een volle schijf")
        filler.unlink()
        editor.get_by_role("button", name=re.compile("^Opslaan$")).click()
        expect(editor.get_by_text("is opgeslagen in de bibliotheek")).to_be_visible()
        expect(editor.get_by_text(re.compile("tussentijds"))).to_have_count(0)
        assert CaseLibrary(library, load_code()).load(CASE).title == "Titel op een volle schijf"
        log = (tmp_path / "server.log").read_text()
        assert "OSError" not in log and "No space left" not in log, log[-3000:]
    finally:
        person.context.close()
        editor.context.close()
        stop_server(server)
