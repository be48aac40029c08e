"""WCAG 1.4.10 Reflow for the charts (issue 13 item 5), in a real browser at 320 px: the map page's
charts (map, wheel, trade-offs) show every title and subtitle line whole (Vega cuts a line with
"…", never wraps it), inside the drawing, and the page does not scroll sideways.

One server and one browser page for the module.
"""

from __future__ import annotations

import math
import re

import pytest
from playwright.sync_api import expect

from dilemmakaart.analysis import MINI_NARROW
from dilemmakaart.charts import case_charts as cc
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


# the map's points, names and leader lines as drawn (Vega writes each mark's data into its
# aria-label: "…; Waarde: Privacy; …"; the a11y layer hides them from screen readers), and its plot
MAP_MARKS_JS = """() => {
  const svg = document.querySelector("[data-testid='stVegaLiteChart'] svg");
  const o = svg.getBoundingClientRect();
  const box = el => { const r = el.getBoundingClientRect();
    return [r.left - o.left, r.top - o.top, r.right - o.left, r.bottom - o.top]; };
  const value = el => ((el.getAttribute('aria-label') || '').match(/Waarde: ([^;]+)/) || [])[1];
  const dots = [...svg.querySelectorAll("path[aria-roledescription='point']")].map(p => ({value: value(p), box: box(p)}));
  const names = [...svg.querySelectorAll("text[aria-roledescription='text mark']")]
    .filter(t => value(t) && !t.getAttribute('stroke'))  // not the white halo under each name
    .map(t => ({value: value(t), text: t.textContent, box: box(t)}));
  const leaders = [...svg.querySelectorAll("line[aria-roledescription='rule mark']")]
    .filter(l => (l.getAttribute('aria-label') || '').includes('leader_x'))
    .map(box);  // (a line's box: from its point to where it meets the name)
  const axes = [...svg.querySelectorAll('.role-axis-domain')].map(box);
  return {dots, names, leaders, axes};
}"""


def _gap(a: list[float], b: list[float]) -> float:
    """Pixels between two boxes (0 when they touch or overlap)."""
    return math.hypot(max(a[0] - b[2], b[0] - a[2], 0), max(a[1] - b[3], b[1] - a[3], 0))


def _overlap(a: list[float], b: list[float]) -> float:
    return min(a[2], b[2]) - max(a[0], b[0]) > 0.5 and min(a[3], b[3]) - max(a[1], b[1]) > 0.5


def map_name_problems(page) -> tuple[list[str], float]:
    """What is wrong with the names of the map as the browser drew them, and the plot's width."""
    marks = page.evaluate(MAP_MARKS_JS)
    horizontal = [a for a in marks["axes"] if a[3] - a[1] < 1]
    vertical = [a for a in marks["axes"] if a[2] - a[0] < 1]
    plot = [horizontal[0][0], vertical[0][1], horizontal[0][2], vertical[0][3]]
    dots = {d["value"]: d["box"] for d in marks["dots"]}
    centre = {v: ((b[0] + b[2]) / 2, (b[1] + b[3]) / 2) for v, b in dots.items()}
    names = marks["names"]
    found = []
    if sorted(n["value"] for n in names) != sorted(dots) or len(dots) != len(marks["dots"]):
        found.append(f"one name per point: {sorted(n['value'] for n in names)} {sorted(dots)}")
    for i, name in enumerate(names):
        v, b = name["value"], name["box"]
        if b[0] < plot[0] - 1 or b[1] < plot[1] - 1 or b[2] > plot[2] + 1 or b[3] > plot[3] + 1:
            found.append(f"{v}: outside the plot {b} {plot}")
        found += [f"{v}: overlaps {o['value']}" for o in names[i + 1 :] if _overlap(b, o["box"])]
        found += [f"{v}: covers the point of {o}" for o, ob in dots.items() if _overlap(b, ob)]
        own = _gap([*centre[v], *centre[v]], b)
        # a name away from its point has a leader line from its point to the name
        led = [line for line in marks["leaders"] if _gap(line, [*centre[v], *centre[v]]) < 1.5 and _gap(line, b) < 3]
        if not led:
            found += [
                f"{v}: nearer to the point of {o}" for o, c in centre.items() if o != v and _gap([*c, *c], b) <= own
            ]
    return found, plot[2] - plot[0]


def test_at_320_px_the_map_names_each_point_without_overlap_inside_the_plot(server, narrow):
    """The page's map places its names for a narrow plot (``case_charts.MAP_NARROW``): as drawn in
    the browser at 320 px and at 390 px, no name overlaps another or covers a point, every name is
    inside the plot, and each is nearer to its own point than to any other, or joined to it by a
    leader line."""
    narrow.set_viewport_size({"width": 320, "height": 800})
    narrow.goto(server.page_url(pages.MAP.url_path, case=CASE))
    # (the server's first page on a busy machine takes a while)
    expect(narrow.locator("[data-testid='stVegaLiteChart'] svg")).to_have_count(3, timeout=60_000)
    wait_charts(narrow)
    found, width = map_name_problems(narrow)
    assert found == [] and width == pytest.approx(cc.MAP_NARROW[0].plot_width, abs=1), (found, width)
    narrow.set_viewport_size({"width": 390, "height": 800})  # a wider phone: the next layout
    expect(narrow.locator("[data-testid='stVegaLiteChart'] svg").first).to_be_visible()
    narrow.wait_for_function(
        "() => [...document.querySelectorAll(\"[data-testid='stVegaLiteChart'] svg .role-axis-domain\")]"
        f".some(a => Math.abs(a.getBoundingClientRect().width - {cc.MAP_NARROW[1].plot_width}) < 1)"
    )
    found, width = map_name_problems(narrow)
    assert found == [] and width == pytest.approx(cc.MAP_NARROW[1].plot_width, abs=1), (found, width)
    screenshot(narrow, "reflow-390-map")
    narrow.set_viewport_size({"width": 320, "height": 800})


# every text of every chart as drawn: its four corners on the screen (a wheel's names are turned,
# so their boxes are not upright), and the chart's box: where it is, what it shows, whether it
# scrolls, and its name and focusability (the own-box rule of ``ui/static/a11y.css``/``a11y.js``)
CHART_TEXTS_JS = """() => [...document.querySelectorAll("[data-testid='stFullScreenFrame']")]
  .filter(frame => frame.querySelector("[data-testid='stVegaLiteChart'] svg")).map(frame => {
  const chart = frame.querySelector("[data-testid='stVegaLiteChart']");
  const svg = chart.querySelector('svg');
  const f = frame.getBoundingClientRect(), s = svg.getBoundingClientRect();
  const texts = [...svg.querySelectorAll('text')]
    // not the white halo under a name, nor a label Vega hid (opacity 0) because it would overlap
    .filter(t => t.textContent.trim() && !t.getAttribute('stroke') && getComputedStyle(t).opacity !== '0')
    .map(t => {
    // the box of a line's letters: its font's full height less a fifth above and below (the
    // space over capitals and under most letters), so rows set one line apart do not "touch"
    const f0 = t.getBBox(), b = {x: f0.x, y: f0.y + 0.2 * f0.height, width: f0.width, height: 0.6 * f0.height};
    const m = t.getScreenCTM();
    const corners = [[b.x, b.y], [b.x + b.width, b.y], [b.x + b.width, b.y + b.height], [b.x, b.y + b.height]]
      .map(([x, y]) => [m.a * x + m.c * y + m.e - f.left, m.b * x + m.d * y + m.f - f.top]);
    return {text: t.textContent, corners, title: !!t.closest('.role-title, .role-legend')};
  });
  return {name: chart.getAttribute('aria-label') || '', shown: frame.clientWidth, drawn: frame.scrollWidth,
          svg: [s.left - f.left, s.right - f.left], left: f.left, right: f.right,
          overflow: getComputedStyle(frame).overflowX, tabindex: frame.getAttribute('tabindex'),
          box_name: frame.getAttribute('aria-label') || '', texts};
})"""


def _apart(a: list[list[float]], b: list[list[float]], slack: float = 0.5) -> bool:
    """Whether two convex quadrilaterals do not overlap by more than ``slack`` px (separating axes)."""
    for poly in (a, b):
        for i in range(4):
            (x1, y1), (x2, y2) = poly[i], poly[(i + 1) % 4]
            nx, ny = y1 - y2, x2 - x1
            length = math.hypot(nx, ny) or 1.0
            pa = [(x * nx + y * ny) / length for x, y in a]
            pb = [(x * nx + y * ny) / length for x, y in b]
            if min(max(pa), max(pb)) - max(min(pa), min(pb)) <= slack:
                return True
    return False


def _same(a: dict, b: dict) -> bool:
    """The same words at the same place: a name and the halo drawn under it."""
    return a["text"] == b["text"] and all(
        abs(p - q) < 1 for pa, pb in zip(a["corners"], b["corners"], strict=True) for p, q in zip(pa, pb, strict=True)
    )


def chart_text_problems(page, width: int) -> tuple[list[str], list[dict]]:
    """What is wrong with the texts of the page's charts at ``width`` px: two texts of a chart over
    each other, a text past its drawing, a drawing past its box when the box does not scroll, a
    scrolling box that cannot take focus or has no name, a box past the page's edge."""
    charts = page.evaluate(CHART_TEXTS_JS)
    found = []
    for chart in charts:
        name = chart["name"][:40]
        texts = chart["texts"]
        for i, a in enumerate(texts):
            xs = [x for x, _ in a["corners"]]
            # (a text's box is its font's full height, a few px more than its ink: the map's
            # turned axis title stands 2.4 px past the drawing's edge, its letters inside)
            if min(xs) < chart["svg"][0] - 3 or max(xs) > chart["svg"][1] + 3:
                found.append(f"{name}: {a['text']!r} is cut by the drawing's edge {xs} {chart['svg']}")
            found += [
                f"{name}: {a['text']!r} overlaps {b['text']!r}"
                for b in texts[i + 1 :]
                if not _apart(a["corners"], b["corners"]) and not _same(a, b)
            ]
        if chart["svg"][1] > chart["shown"] + 1:  # the drawing is wider than what its box shows
            if chart["overflow"] not in ("auto", "scroll") or chart["drawn"] < chart["svg"][1] - 1:
                found.append(f"{name}: cut by its box, which does not scroll")
            if chart["tabindex"] != "0" or not chart["box_name"]:
                found.append(f"{name}: its scrolling box cannot take focus or has no name")
        if chart["left"] < -1 or chart["right"] > width + 1:
            found.append(f"{name}: its box runs past the page ({chart['left']}-{chart['right']})")
    return found, charts


def _load(page, url: str, charts: int) -> None:
    page.goto(url)
    # (the server's first page on a busy machine takes a while)
    expect(page.locator("[data-testid='stVegaLiteChart'] svg")).to_have_count(charts, timeout=60_000)
    wait_charts(page)
    no_exception(page)


LIVE_CASE = "drones-dijkinspectie"  # nine values, long names, several close together
# the width of the live map's plot as drawn: its x axis's line
LIVE_PLOT_JS = """() => [...document.querySelectorAll(
  ".st-key-values-minimap [data-testid='stVegaLiteChart'] svg .role-axis-domain")]
  .map(a => a.getBoundingClientRect()).filter(r => r.height < 1).map(r => r.width)[0]"""

COMPARED = [
    "tellen-bezoekers-binnenstad",
    "drones-dijkinspectie",
    "scanauto-parkeerhandhaving",
    "chatbot-vragen-burgers",
]


@pytest.mark.parametrize("width", [320, 390])
def test_on_a_phone_the_wheels_and_the_insights_charts_keep_their_texts_apart_and_whole(server, narrow, width):
    """The value wheel is never drawn smaller than the size its names were placed for (their font
    keeps its size): on a phone it keeps its size in its own box that scrolls sideways, can take
    focus and carries the chart's name. So on Kaart, on the comparison of four cases, on Inzichten
    and on Waarden (the live map: its names placed again for a phone's plot) no text of a chart
    overlaps another, none is cut, and the page does not scroll sideways."""
    narrow.set_viewport_size({"width": width, "height": 800})
    for name, url, count in [
        ("map", server.page_url(pages.MAP.url_path, case=CASE), 3),
        ("compare", server.page_url(pages.COMPARE.url_path, cases=",".join(COMPARED)), 7),
        ("insights", server.page_url(pages.INSIGHTS.url_path), 3),
        ("values", server.page_url(pages.VALUES.url_path, case=LIVE_CASE), 1),  # the live map
    ]:
        _load(narrow, url, count)
        found, charts = chart_text_problems(narrow, width)
        assert found == [], (name, found)
        if name == "values":  # the live map draws its narrow layout, at the width its names were placed for
            plot = narrow.evaluate(LIVE_PLOT_JS)
            assert plot == pytest.approx(MINI_NARROW[0].plot_width, abs=1), plot
        wheels = [c for c in charts if c["name"].startswith("Waardenwiel")] if name == "map" else []
        if name == "map":  # the wheel keeps the size its names were placed for (560 px)
            assert len(wheels) == 1 and wheels[0]["drawn"] >= 560, [(c["name"], c["drawn"]) for c in charts]
            # its box, named after the chart, takes focus and the arrow keys scroll it
            box = narrow.get_by_role("region", name=re.compile("^Waardenwiel"))
            box.focus()
            expect(box).to_be_focused()
            box.press("ArrowRight")
            narrow.wait_for_function("box => box.scrollLeft > 0", arg=box.element_handle())
        assert narrow.evaluate("() => document.documentElement.scrollWidth") <= width, name
        screenshot(narrow, f"reflow-{width}-{name}")
    narrow.set_viewport_size({"width": 320, "height": 800})
