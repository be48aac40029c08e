"""Waarden in Chromium: a slider move redraws the live map in place and the list of values at
stake says the new number; the wheel, drawn only while its popover is open, shows it too.

After a move the live map shows the new number and is the same drawn chart as before the move (the
browser swapped its data instead of building it again). A move is one run of the app: the sliders
belong to the part they rerun (before, a move ran the part around the card, which then asked for
the part with the list and the map: two runs). The wheel is not drawn on every move
(drawing it again was more than half of the browser's work per move, see
``bench/slider_speed.py``): it opens on request, with the numbers of that moment.
"""

from __future__ import annotations

from playwright.sync_api import expect
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

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


# counts the runs that end: every message from the server whose top-level field is Streamlit's
# ``script_finished`` (the script state shown in the page cannot count them: a short run can start
# and end within one drawing of the page)
RUNS_ENDED = """(field) => {
  window.__dkRunsEnded = 0;
  const varint = (bytes, at) => {
    let value = 0, shift = 0, byte;
    do { byte = bytes[at++]; value += (byte & 127) * 2 ** shift; shift += 7; } while (byte & 128);
    return [value, at];
  };
  const count = (data) => {
    if (!(data instanceof ArrayBuffer)) return;
    const bytes = new Uint8Array(data);
    let at = 0, key, size;
    while (at < bytes.length) {
      [key, at] = varint(bytes, at);
      if (key >>> 3 === field) { window.__dkRunsEnded += 1; return; }
      const wire = key & 7;
      if (wire === 0) [, at] = varint(bytes, at);
      else if (wire === 1) at += 8;
      else if (wire === 5) at += 4;
      else if (wire === 2) { [size, at] = varint(bytes, at); at += size; }
      else return;
    }
  };
  const add = WebSocket.prototype.addEventListener;
  WebSocket.prototype.addEventListener = function (type, listener, options) {
    if (type === 'message') add.call(this, type, event => count(event.data), options);
    return add.call(this, type, listener, options);
  };
}"""


def test_a_slider_move_redraws_the_map_in_place_and_the_wheel_shows_it_when_opened(server, page):
    finished = ForwardMsg.DESCRIPTOR.fields_by_name["script_finished"].number
    page.add_init_script(f"({RUNS_ENDED})({finished})")
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
    # the first change draws the whole page once (its "unsaved" mark); the moves after it are counted
    slider.focus()
    slider.press("ArrowRight")
    expect(page.locator(MAP_PRIVACY.format(n=start + 1)).first).to_be_attached()
    wait_charts(page)
    page.evaluate(TAG)
    before = page.evaluate(TAGS)
    ended = page.evaluate("window.__dkRunsEnded")
    for key, n in (("ArrowLeft", start), ("ArrowLeft", start - 1), ("ArrowLeft", start - 2), ("ArrowRight", start - 1)):
        slider.focus()
        slider.press(key)
        expect(page.locator(MAP_PRIVACY.format(n=n)).first).to_be_attached()
        # the list beside the card says the number as text
        expect(page.locator(".st-key-values-list")).to_contain_text(f"gewicht {n} ·")
        wait_ready(page)
    assert page.evaluate("window.__dkRunsEnded") - ended == 4  # one run per move
    # another value's card, then privacy's again: its sliders show the case's numbers (Streamlit had
    # forgotten the sliders it did not draw, and showed them at their lowest position)
    effect = int(page.locator(".st-key-values-effect-privacy input[type='range']").input_value())
    page.locator(".st-key-values-list").get_by_text("Veiligheid", exact=True).click()
    expect(page.locator(".st-key-values-weight-veiligheid input[type='range']")).to_be_visible()
    page.locator(".st-key-values-list").get_by_text("Privacy", exact=True).click()
    expect(slider).to_have_value(str(start - 1))
    expect(page.locator(".st-key-values-effect-privacy input[type='range']")).to_have_value(str(effect))
    wait_charts(page)
    assert page.evaluate(TAGS) == before  # the same drawn map, its data swapped
    # the wheel on request: it shows the number of now
    page.get_by_role("button", name="Kies in het wiel").click()
    wait_ready(page)
    expect(page.locator(WHEEL_PRIVACY.format(n=start - 1)).first).to_be_attached()
    no_exception(page)
