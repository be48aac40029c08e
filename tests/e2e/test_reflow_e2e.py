"""WCAG 1.4.10 Reflow for the charts (issue 13 item 5), in a real browser at 320 px: the map page's
charts (map, wheel, trade-offs) show every title and subtitle line whole (Vega cuts a line with
"…", never wraps it), inside the drawing, and the page does not scroll sideways.

One server and one browser page for the module.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from dilemmakaart.ui import pages
from tests.e2e.conftest import new_page, no_exception, screenshot, wait_charts

CASE = "tellen-bezoekers-binnenstad"

# per chart: its name, whether its drawing is wider than its box, and each title/subtitle line
# with where it lies in the drawing
TITLES_JS = """() => [...document.querySelectorAll("[data-testid='stVegaLiteChart']")].map(chart => {
  const svg = chart.querySelector('svg');
  const box = svg.getBoundingClientRect();
  const lines = [...svg.querySelectorAll('.role-title-text text, .role-title-subtitle text')].flatMap(text => {
    const spans = [...text.querySelectorAll('tspan')];
    return (spans.length ? spans : [text]).map(line => {
      const r = line.getBoundingClientRect();
      return {text: line.textContent, left: r.left - box.left, right: r.right - box.left};
    });
  });
  return {name: (chart.querySelector('[role=img]') || chart).getAttribute('aria-label') || '',
          width: box.width, box: chart.getBoundingClientRect().width, lines};
})"""


@pytest.fixture(scope="module")
def narrow(browser):
    page = new_page(browser, width=320, height=800)
    yield page
    page.context.close()


def test_at_320_px_chart_titles_are_whole_and_the_page_does_not_scroll_sideways(server, narrow):
    narrow.goto(server.page_url(pages.MAP.url_path, case=CASE))
    expect(narrow.locator("[data-testid='stMain'] h1").first).to_be_visible()
    expect(narrow.locator("[data-testid='stVegaLiteChart'] svg")).to_have_count(3)  # map, wheel, trade-offs
    wait_charts(narrow)
    no_exception(narrow)
    charts = narrow.evaluate(TITLES_JS)
    assert len(charts) == 3, [c["name"] for c in charts]
    for chart in charts:
        assert chart["lines"], chart["name"]
        for line in chart["lines"]:
            assert not line["text"].endswith("…"), (chart["name"], line["text"])
            assert line["left"] >= -1 and line["right"] <= chart["width"] + 1, (chart["name"], line)
            # and inside what the page shows of the chart (the wheel's drawing may scroll in its box)
            assert line["right"] <= chart["box"] + 1, (chart["name"], line)
        assert not chart["name"].endswith("…"), chart["name"]
    # the map and the trade-offs fit the column; only the wheel keeps its shape in a box of its own
    fitted = [c for c in charts if c["width"] <= c["box"] + 1]
    assert len(fitted) >= 2, [(c["name"], c["width"], c["box"]) for c in charts]
    assert narrow.evaluate("() => document.documentElement.scrollWidth") <= 320
    screenshot(narrow, "reflow-320-map")
