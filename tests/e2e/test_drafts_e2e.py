"""Unsaved work and conflicts in a real browser.

- An edit whose tab is closed is found again: a new browser context opens the case from the home
  page, the page says a newer unsaved version exists, "Verder met deze versie" brings the edit
  back; throwing it away asks first, and "Ongedaan maken" brings it back again.
- Two browser contexts edit the same case: the second save is a conflict that shows both titles
  side by side, takes the colleague's other change without asking, and saves the choice as the
  next revision.
"""

from __future__ import annotations

import re

from playwright.sync_api import expect

from dilemmakaart.code import load_code
from dilemmakaart.store import CaseLibrary
from tests.e2e.conftest import new_page, no_exception, screenshot, wait_ready

CASE = "drones-dijkinspectie"
SCREENS = "/tmp/drafts"


def key(name: str) -> str:
    """The CSS class Streamlit gives the element with widget key ``name``."""
    return ".st-key-" + "".join(c if c.isalnum() or c in "-_" else "-" for c in name)


def fill(page, widget_key: str, text: str, *, area: bool = False) -> None:
    box = page.locator(f"{key(widget_key)} {'textarea' if area else 'input'}")
    box.fill(text)
    box.press("Control+Enter" if area else "Enter")
    wait_ready(page)
    no_exception(page)


def click(page, name: str | re.Pattern) -> None:
    page.get_by_role("button", name=name).first.click()
    wait_ready(page)
    no_exception(page)


def test_an_edit_in_a_closed_tab_is_found_from_home_continued_discarded_and_undone(server, browser):
    library = CaseLibrary(server.library, load_code())
    title = library.load(CASE).title
    first = new_page(browser)
    first.goto(server.page_url("beschrijven", case=CASE))
    wait_ready(first)
    fill(first, "describe:title", "Drones boven de dijk, nog niet opgeslagen")
    expect(first).to_have_url(re.compile(r"draft="))
    first.context.close()  # the tab is closed without saving

    page = new_page(browser)
    try:
        page.goto(server.url)
        wait_ready(page)
        # home lists the unsaved version of every case
        notice = page.get_by_text(
            "Er is een nieuwere versie van ‘Drones boven de dijk, nog niet opgeslagen’ die nog niet is opgeslagen"
        )
        expect(notice).to_be_visible()
        # open the case from home as usual: its page says the same, with when it was made
        page.locator(key("home:case")).locator("input").click()
        page.locator(key("home:case")).locator("input").fill("Drones met camera")
        page.get_by_role("option", name=title).click()
        wait_ready(page)
        click(page, "Deze casus bewerken")
        expect(page.locator(key("describe:title")).locator("input")).to_have_value(title)
        expect(
            page.get_by_text(re.compile(r"die nog niet is opgeslagen, gemaakt (zojuist|1 minuut geleden)"))
        ).to_be_visible()
        screenshot(page, "drafts-notice-on-the-case")
        page.screenshot(path=f"{SCREENS}/notice.png")
        click(page, "Verder met deze versie")
        expect(page.locator(key("describe:title")).locator("input")).to_have_value(
            "Drones boven de dijk, nog niet opgeslagen"
        )
        # throw it away: asked first, then gone, and undone from home
        click(page, "Wijzigingen weggooien")
        expect(page.get_by_text("Zolang je dit venster open houdt, kun je het nog ongedaan maken")).to_be_visible()
        page.screenshot(path=f"{SCREENS}/confirm.png")
        click(page, "Ja, wijzigingen weggooien")
        expect(page.locator(key("describe:title")).locator("input")).to_have_value(title)
        expect(page.get_by_text("Je wijzigingen zijn weggegooid.")).to_be_visible()
        click(page, "Ongedaan maken")
        expect(page.locator(key("describe:title")).locator("input")).to_have_value(
            "Drones boven de dijk, nog niet opgeslagen"
        )
        expect(page).to_have_url(re.compile(r"draft="))
        assert library.load(CASE).title == title  # nothing saved along the way
    finally:
        page.context.close()


def test_two_browsers_edit_the_same_case_and_merge_field_by_field(server, browser):
    library = CaseLibrary(server.library, load_code())
    case_id = "scanauto-parkeerhandhaving"
    start = library.load(case_id)
    mine, theirs = new_page(browser), new_page(browser)
    try:
        for page in (mine, theirs):
            page.goto(server.page_url("beschrijven", case=case_id))
            wait_ready(page)
        # the colleague changes the title and the organisation, and saves first
        fill(theirs, "describe:title", "Scanauto: titel van de collega")
        fill(theirs, "describe:organisation", "Gemeente Voorbeeldstad, team parkeren")
        click(theirs, re.compile("^Opslaan$"))
        expect(theirs.get_by_text("is opgeslagen in de bibliotheek")).to_be_visible()
        # I change the title and the description, and save second
        fill(mine, "describe:title", "Scanauto: mijn titel")
        fill(mine, "describe:description", "Mijn nieuwe beschrijving van de scanauto.", area=True)
        click(mine, re.compile("^Opslaan$"))
        box = mine.locator(key("flow-conflict"))
        expect(box.get_by_text("Jij en je collega hebben allebei 1 veld veranderd")).to_be_visible()
        expect(box.get_by_text("Scanauto: mijn titel")).to_be_visible()
        expect(box.get_by_text("Scanauto: titel van de collega")).to_be_visible()
        expect(box.get_by_text(re.compile("wordt overgenomen: Organisatie"))).to_be_visible()
        box.scroll_into_view_if_needed()
        mine.screenshot(path=f"{SCREENS}/merge.png", full_page=True)
        screenshot(mine, "drafts-merge")
        box.get_by_text("Versie van mijn collega nemen").click()
        wait_ready(mine)
        click(mine, "Samenvoegen en opslaan")
        expect(mine.get_by_text("is opgeslagen in de bibliotheek")).to_be_visible()
        saved = library.load(case_id)
        assert saved.revision == start.revision + 2
        assert saved.title == "Scanauto: titel van de collega"
        assert saved.organisation == "Gemeente Voorbeeldstad, team parkeren"
        assert saved.description == "Mijn nieuwe beschrijving van de scanauto."
        expect(mine.locator(key("describe:title")).locator("input")).to_have_value("Scanauto: titel van de collega")
    finally:
        mine.context.close()
        theirs.context.close()


def test_a_double_click_on_save_makes_one_version(server, browser):
    library = CaseLibrary(server.library, load_code())
    case_id = "tellen-bezoekers-binnenstad"
    start = library.load(case_id).revision
    page = new_page(browser)
    try:
        page.goto(server.page_url("beschrijven", case=case_id))
        wait_ready(page)
        fill(page, "describe:organisation", "Gemeente Voorstad, team drukte")
        page.get_by_role("button", name=re.compile("^Opslaan$")).dblclick()
        wait_ready(page)
        no_exception(page)
        expect(page.get_by_text(re.compile("is opgeslagen in de bibliotheek|Niets te bewaren"))).to_be_visible()
        assert library.load(case_id).revision == start + 1
        assert [r.revision for r in library.history(case_id)][-1] == start
        # and once more with nothing changed: nothing to save, the same revision
        click(page, re.compile("^Opslaan$"))
        expect(page.get_by_text("Niets te bewaren: er is niets veranderd", exact=False)).to_be_visible()
        assert library.load(case_id).revision == start + 1
    finally:
        page.context.close()
