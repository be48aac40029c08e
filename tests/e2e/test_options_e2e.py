"""Options in a real browser (issue 15): the ranking, the flip sentence and chart on "Acties en
besluit", and a weight moved past its flip point changes what the page says."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.e2e.conftest import no_exception, screenshot, wait_charts, wait_ready
from tests.e2e.test_accessibility_e2e import blocking_findings, charts_without_text

CASE = "slimme-camera-stationsgebied"
PATROLS = "‘Meer handhavers op straat, geen slimme camera's’ scoort het best"
CAMERAS = "‘Slimme camera's die gezichten in de camera vervagen’ scoort het best"


def key(name: str) -> str:
    return ".st-key-" + "".join(c if c.isalnum() or c in "-_" else "-" for c in name)


def test_a_weight_moved_past_its_flip_point_changes_the_sentence(server, page):
    page.goto(f"{server.url}/acties?case={CASE}&deel=opties")  # the part of the page with the options
    wait_charts(page)
    no_exception(page)
    ranking = page.locator(key("options-ranking"))
    expect(ranking).to_contain_text(PATROLS)
    flips = page.locator(key("options-flips"))
    expect(flips).to_contain_text("Als Privacy 4 punt lichter weegt (onder 5), wint")
    expect(page.locator(key("options-disagreements"))).to_contain_text("dat kan het besluit veranderen")
    # try privacy: from 9 down, past its flip point at 5
    choose = page.locator(key("options:try-value")).get_by_role("combobox")
    choose.click()
    choose.fill("Privacy")
    choose.press("Enter")
    wait_ready(page)
    said = page.locator(key("options-try-said"))
    expect(said).to_contain_text(PATROLS)
    slider = page.locator(key("options:try-weight:privacy")).get_by_role("slider")
    for _ in range(4):  # 9 → 5: at the flip point the two tie, no option wins yet
        slider.focus()
        slider.press("ArrowLeft")
        wait_ready(page)
    expect(said).to_contain_text("geen beste optie")
    slider.focus()
    slider.press("ArrowLeft")  # 4: past the flip point
    wait_ready(page)
    expect(said).to_contain_text(CAMERAS)
    expect(ranking).to_contain_text(PATROLS)  # the case itself did not change
    no_exception(page)
    screenshot(page, "options-acties")
    findings = blocking_findings(page)
    assert not findings, findings
    assert not charts_without_text(page)
