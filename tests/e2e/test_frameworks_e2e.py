"""Issue 16 in a real browser: a water-board example case (weighed in the code) switched to the
Digikompas view on the map page and back, and each draft to file downloaded and read back.
Screenshots under artifacts/screenshots/frameworks-*.png."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from playwright.sync_api import expect

from tests.e2e.conftest import ARTIFACTS, wait_ready

CASE = "peilbuizen-grondwater-open-data"  # Waterschap Veenvaart, weighed in the code (CODIO)


def key(name: str) -> str:
    return ".st-key-" + "".join(c if c.isalnum() or c in "-_" else "-" for c in name)


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"frameworks-{name}.png"), full_page=True)


def test_digikompas_view_and_back_then_every_draft_downloaded(server, page):
    page.goto(server.page_url("dilemmakaart", case=CASE))
    wait_ready(page)
    view = page.locator(key(f"fw:view:{CASE}"))
    expect(view).to_be_visible()
    expect(page.get_by_text("Hier moet het bestuur eerst naar kijken")).to_be_visible()

    view.get_by_role("radio", name="Digikompas waterschappen").click()
    box = page.locator(key("fw-view"))
    expect(box.get_by_role("heading", name="De dilemmakaart door Digikompas waterschappen")).to_be_visible()
    expect(box.get_by_text("Door Digikompas waterschappen bekeken:")).to_be_visible()
    expect(box.locator("[data-testid='stVegaLiteChart']").first).to_be_visible()  # the map in its items
    expect(page.get_by_text("Hier moet het bestuur eerst naar kijken")).to_have_count(0)
    wait_ready(page)
    shot(page, "digikompas-view")

    view.get_by_role("radio", name="Code Goed Digitaal Openbaar Bestuur (eigen kader)").click()
    expect(page.get_by_text("Hier moet het bestuur eerst naar kijken")).to_be_visible()
    expect(page.locator(key("fw-view"))).to_have_count(0)
    wait_ready(page)

    got: dict[str, bytes] = {}
    for kind, suffix in [
        ("algoritmeregister", "json"),
        ("algoritmeregister", "csv"),
        ("iama", "md"),
        ("iama", "docx"),
        ("dpia", "md"),
        ("dpia", "docx"),
    ]:
        button = page.locator(key(f"filing:download:{kind}:{suffix}")).get_by_role("button")
        button.scroll_into_view_if_needed()
        with page.expect_download() as info:
            button.click()
        download = info.value
        assert download.suggested_filename == f"{CASE}-{kind}-concept.{suffix}"
        got[f"{kind}.{suffix}"] = Path(download.path()).read_bytes()
    shot(page, "drafts")

    register = json.loads(got["algoritmeregister.json"])
    assert register["velden"]["Organisatie"] == "Waterschap Veenvaart"
    assert "Contactgegevens" in register["verplichte_velden"]
    assert {o["veld"] for o in register["open_velden"]} >= {"Contactgegevens", "Publicatiecategorie"}
    rows = list(csv.reader(io.StringIO(got["algoritmeregister.csv"].decode("utf-8-sig"))))
    assert rows[1][1] == "CONCEPT" and [r[1] for r in rows[2:5]] == ["Naam", "Korte omschrijving", "Organisatie"]
    iama = got["iama.md"].decode("utf-8")
    assert "**CONCEPT**" in iama and "## Deel 4. Grondrechten" in iama and "## Open vragen" in iama
    dpia = got["dpia.md"].decode("utf-8")
    assert "## d. Maatregelen" in dpia
    from docx import Document

    for name in ("iama.docx", "dpia.docx"):
        doc = Document(io.BytesIO(got[name]))
        assert doc.paragraphs[0].text.startswith(("IAMA (concept)", "DPIA-startpunten (concept)"))
        assert any(p.text == "Open vragen" for p in doc.paragraphs)
