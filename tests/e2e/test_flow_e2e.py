"""The whole flow in a real browser: create "Sensoren in de binnenstad" from scratch, tag values,
weigh privacy against veiligheid, see the map, add an action and a decision, save, and reopen it
from a fresh page with ?case=. Screenshots of every step go to artifacts/screenshots/flow-*.png."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from dilemmakaart.code import load_code
from dilemmakaart.store import CaseLibrary
from tests.e2e.conftest import ARTIFACTS, new_page, no_exception, wait_charts, wait_ready

TITLE = "Sensoren in de binnenstad"


@pytest.fixture
def tall(browser):
    """A tall window, so one screenshot shows a whole page (Streamlit scrolls inside the app)."""
    page = new_page(browser, height=2400)
    yield page
    page.context.close()


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"flow-{name}.png"))


def key_class(name: str) -> str:
    return key(name)


def key(name: str) -> str:
    """The CSS class Streamlit gives the element with widget key ``name``."""
    return ".st-key-" + "".join(c if c.isalnum() or c in "-_" else "-" for c in name)


def settle(page) -> None:
    wait_ready(page)
    no_exception(page)


def fill(page, widget_key: str, text: str, *, area: bool = False) -> None:
    box = page.locator(f"{key(widget_key)} {'textarea' if area else 'input'}")
    box.fill(text)
    box.press("Control+Enter" if area else "Enter")
    settle(page)


def press(page, widget_key: str, key: str, times: int) -> None:
    """Move a slider with the keyboard, at a person's pace (each step lands before the next)."""
    slider = page.locator(f"{key_class(widget_key)} input[type='range']")
    for _ in range(times):
        slider.focus()
        slider.press(key)
        settle(page)


def go(page, label: str) -> None:
    page.get_by_role("link", name=label).first.click()
    settle(page)


def test_create_weigh_decide_save_and_reopen(server, tall):
    page = tall
    page.goto(server.url)
    settle(page)
    page.locator(key("home:new")).get_by_role("button").click()
    page.wait_for_url("**/beschrijven**")
    settle(page)

    # 1. describe
    fill(page, "describe:title", TITLE)
    fill(page, "describe:organisation", "Gemeente Voorstad")
    tech = page.locator(f"{key('describe:technology')} input")
    tech.click()
    tech.fill("Sensoren in de")
    tech.press("Enter")
    page.keyboard.press("Escape")
    settle(page)
    fill(
        page,
        "describe:description",
        "Tellers op twaalf plekken meten de drukte. Alleen aantallen per vijf minuten gaan naar een dashboard.",
        area=True,
    )
    expect(page.get_by_text("Niet opgeslagen").first).to_be_visible()
    assert "draft=" in page.url
    shot(page, "1-beschrijven")

    # 2. values: a suggestion, a tick in the catalogue, sliders by keyboard
    go(page, "2. Waarden")
    page.locator(key("values:suggest:privacy")).get_by_role("button").click()
    settle(page)
    page.get_by_role("button", name="Veiligheid", exact=True).click() if page.locator(
        key("values:suggest:veiligheid")
    ).count() else None
    settle(page)
    # one card open at a time, the value just tagged; the list beside it names both
    expect(page.locator(key("values-list"))).to_contain_text("Privacy")
    expect(page.locator(key("values-list"))).to_contain_text("Veiligheid")
    expect(page.locator(key("values-card-veiligheid"))).to_be_visible()
    press(page, "values:weight:veiligheid", "ArrowRight", 4)
    page.locator(key("values-list")).get_by_text("Privacy", exact=True).click()
    expect(page.locator(key("values-card-privacy"))).to_be_visible()
    settle(page)
    press(page, "values:effect:privacy", "ArrowLeft", 3)
    shot(page, "2-waarden")

    # 3. weigh the privacy–veiligheid dilemma
    go(page, "3. Afwegen")
    page.locator(key("weigh:suggest:veiligheid|privacy")).get_by_role("button").click()
    settle(page)
    press(page, "weigh:balance:veiligheid|privacy", "ArrowRight", 4)
    fill(page, "weigh:rationale:veiligheid|privacy", "Alleen tellen in het kastje; geen beelden bewaren.", area=True)
    shot(page, "3-afwegen")
    expect(page.get_by_text("Privacy weegt iets zwaarder (+20)")).to_be_visible()
    shot(page, "3-afwegen")

    # 4. the map: where to look first, three charts with text and downloads
    go(page, "4. Dilemmakaart")
    wait_charts(page)
    expect(page.get_by_text("Hier moet het bestuur eerst naar kijken")).to_be_visible()
    assert page.locator("[data-testid='stVegaLiteChart']").count() >= 3
    assert page.get_by_role("button", name="PNG").count() >= 3
    shot(page, "4-dilemmakaart")

    # 5. an action and a decision
    go(page, "5. Acties en besluit")
    expect(page.get_by_text("Gegevensbeschermingseffectbeoordeling (DPIA)").first).to_be_visible()
    fill(page, "actions:new-text", "Borden bij elke teller met uitleg en een link")
    page.locator(key("actions:add")).get_by_role("button").click()
    settle(page)
    expect(page.get_by_text("Acties (1)")).to_be_visible()
    shot(page, "5-acties")
    # the decision is its own part of the page
    page.locator(key("actions:part")).get_by_role("radio", name="Besluit en herziening").click()
    settle(page)
    fill(page, "actions:decision:text", "Akkoord met een pilot van zes maanden, met een DPIA vooraf.", area=True)
    fill(page, "actions:decision:by", "College van B en W")
    shot(page, "5-besluit")

    # save
    page.locator(key("flow:save")).get_by_role("button").click()
    settle(page)
    expect(page.get_by_text("‘Sensoren in de binnenstad’ is opgeslagen in de bibliotheek")).to_be_visible()
    assert "case=sensoren-in-de-binnenstad" in page.url and "draft=" not in page.url
    saved = CaseLibrary(server.library, load_code()).load("sensoren-in-de-binnenstad")
    assert saved.title == TITLE and saved.technology == ["sensoren"]
    assert {v.value for v in saved.values} == {"privacy", "veiligheid"}
    assert saved.value("privacy").effect == -3 and saved.value("veiligheid").weight == 9
    assert saved.dilemmas[0].balance == 20 and saved.actions[0].text.startswith("Borden")
    assert saved.decision.by == "College van B en W"
    shot(page, "6-opgeslagen")

    # reopen from a fresh page by the shareable link
    fresh = page.context.browser.new_context(viewport={"width": 1400, "height": 1400}).new_page()
    fresh.goto(server.page_url("afwegen", case="sensoren-in-de-binnenstad"))
    settle(fresh)
    expect(fresh.get_by_text("Alles staat in de bibliotheek")).to_be_visible()
    expect(fresh.get_by_text("Privacy weegt iets zwaarder (+20)")).to_be_visible()
    fresh.context.close()


def test_a_reload_keeps_unsaved_work_and_english_works(server, tall):
    page = tall
    page.goto(server.page_url("beschrijven", lang="en"))
    settle(page)
    page.locator(key("flow:start-new")).get_by_role("button").click()
    settle(page)
    fill(page, "describe:title", "Drones over the dikes")
    expect(page).to_have_url(re.compile(r"[?&]draft="))
    page.reload()
    settle(page)
    expect(page.get_by_text("Your unsaved work has been brought back")).to_be_visible()
    # the first run of the new browser session may start after the page looks ready: wait for it
    expect(page.locator(f"{key('describe:title')} input")).to_have_value("Drones over the dikes")
    shot(page, "7-reload-en")
