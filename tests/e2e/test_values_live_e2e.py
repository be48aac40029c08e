"""Waarden in Chromium: a slider move redraws the live map in place and the list of values at
stake says the new number; the wheel, drawn only while its popover is open, shows it too.

After a move the live map shows the new number and is the same drawn chart as before the move (the
browser swapped its data instead of building it again). The wheel is not drawn on every move
(drawing it again was more than half of the browser's work per move, see
``bench/slider_speed.py``): it opens on request, with the numbers of that moment.
"""

from __future__ import annotations

from playwright.sync_api import expect

from tests.e2e.conftest import no_exception, wait_charts, wait_ready

CASE = "tellen-bezoekers-binnenstad"
CHARTS = "[data-testid='stVegaLiteChart']"
MINI_MAP = ".st-key-values-minimap " + CHARTS
# the wheel: the chart whose marks are named with the wheel's Dutch tooltip titles
WHEEL_PRIVACY = CHARTS + " [aria-label*='Waarde: Privacy;'][aria-label*='Gewicht: {n};']"
MAP_PRIVACY = MINI_MAP + " [aria-label*='name: Privacy'][aria-label*='weight: {n};']"

# every drawn chart gets a mark on its drawing (a property of the DOM node, not an attribute)
TAG = """() => document.querySelectorAll("[data-testid='stVegaLiteChart']").forEach((chart, i) => {
  const drawing = chart.querySelector('svg, canvas');
  if (drawing) drawing.__drawn = 'chart-' + i;
})"""
TAGS = """() => [...document.querySelectorAll("[data-testid='stVegaLiteChart']")].map(chart => {
  const drawing = chart.querySelector('svg, canvas');
  return drawing ? drawing.__drawn || 'built again' : 'not drawn';
})"""


def test_a_slider_move_redraws_the_map_in_place_and_the_wheel_shows_it_when_opened(server, page):
    page.goto(f"{server.url}/waarden?case={CASE}")
    wait_charts(page)
    # one value's card is open at a time: open privacy's from the list of values at stake
    page.locator(".st-key-values-list").get_by_text("Privacy", exact=True).click()
    slider = page.locator(".st-key-values-weight-privacy input[type='range']")
    expect(slider).to_be_visible()
    wait_charts(page)
    start = int(slider.input_value())
    expect(page.locator(MAP_PRIVACY.format(n=start)).first).to_be_attached()
    expect(page.locator(CHARTS)).to_have_count(1)  # the live map; the wheel is not drawn
    page.evaluate(TAG)
    before = page.evaluate(TAGS)
    assert before == ["chart-0"]
    for key, n in (("ArrowLeft", start - 1), ("ArrowLeft", start - 2), ("ArrowRight", start - 1)):
        slider.focus()
        slider.press(key)
        expect(page.locator(MAP_PRIVACY.format(n=n)).first).to_be_attached()
        # the list beside the card says the number as text
        expect(page.locator(".st-key-values-list")).to_contain_text(f"gewicht {n} ·")
    wait_charts(page)
    assert page.evaluate(TAGS) == before  # the same drawn map, its data swapped
    # the wheel on request: it shows the number of now
    page.get_by_role("button", name="Kies in het wiel").click()
    wait_ready(page)
    expect(page.locator(WHEEL_PRIVACY.format(n=start - 1)).first).to_be_attached()
    no_exception(page)
