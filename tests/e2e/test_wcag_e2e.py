"""What an automated audit cannot see (issue 13), checked in a real browser: charts as one named
image, a visible focus indicator, focus where the work continues, required and invalid fields,
status messages, text spacing, reflow at 320 px, the person's own text size, target sizes.

One server and one browser page for the module; each test opens the pages it needs.
"""

from __future__ import annotations

import io
import re

import pytest
from playwright.sync_api import expect

from dilemmakaart.ui import pages
from tests.e2e.conftest import new_page, next_frame, no_exception, screenshot, wait_charts, wait_ready

CASE = "tellen-bezoekers-binnenstad"
# the WCAG text-spacing bookmarklet's styles (1.4.12)
TEXT_SPACING = (
    "* { line-height: 1.5 !important; letter-spacing: 0.12em !important; word-spacing: 0.16em !important; }"
    " p { margin-bottom: 2em !important; }"
)
# what Vega's own accessibility output looks like ("theta: −2.09; r2: 125; fill: #0072B2")
RAW_DATA = re.compile(r"\b(theta|r2|fill|x|y|stroke)\s*:\s*[-−#\w.]+;")


@pytest.fixture(scope="module")
def page(browser):
    page = new_page(browser)
    yield page
    page.context.close()


def open_page(server, page, path: str, **query: str) -> None:
    page.goto(server.page_url(path, case=CASE, **query))
    expect(page.locator("[data-testid='stMain'] h1").first).to_be_visible()  # the run has begun
    wait_charts(page)
    no_exception(page)


def active(page) -> dict:
    return page.evaluate(
        """() => { const e = document.activeElement;
          const box = e.closest("[class*='st-key-']");
          return {tag: e.tagName, type: e.getAttribute('type') || '', text: (e.innerText || '').trim().slice(0, 80),
                  label: e.getAttribute('aria-label') || '', key: box ? box.className : '',
                  invalid: e.getAttribute('aria-invalid'), required: e.getAttribute('aria-required'),
                  described: (e.getAttribute('aria-describedby') || '').split(/\\s+/).filter(Boolean)
                    .map(id => (document.getElementById(id) || {}).innerText || '').join(' ')}; }"""
    )


def focus_is(page, test, what: str) -> dict:
    """Wait until focus satisfies ``test`` (focus moves once the run has drawn its target)."""
    try:
        page.wait_for_function(
            "() => document.activeElement && document.activeElement !== document.body", timeout=20_000
        )
        handle = page.wait_for_function(
            f"() => {{ const e = document.activeElement; return ({test})(e) ? true : null; }}", timeout=20_000
        )
        assert handle.json_value()
    except Exception as error:
        raise AssertionError(f"focus is not {what}: {active(page)}") from error
    return active(page)


# ---------------------------------------------------------------- charts (1.1.1, 1.3.1, 4.1.2)


@pytest.mark.parametrize("path", [pages.MAP.url_path, pages.INSIGHTS.url_path, pages.VALUES.url_path])
def test_every_chart_is_one_named_image_without_data_nodes(server, page, path):
    open_page(server, page, path)
    charts = page.locator("[data-testid='stVegaLiteChart']")
    expect(charts.first).to_be_attached()
    wait_charts(page)
    for i in range(charts.count()):
        chart = charts.nth(i)
        expect(chart).to_have_attribute("role", "img")
        name = chart.get_attribute("aria-label") or ""
        assert name and name not in ("Vega visualization", "Grafiek"), (path, i, name)
        assert "*" not in name, name
        # the drawing inside is hidden: the chart is one node of the accessibility tree
        tree = chart.aria_snapshot()
        line = tree.strip().removeprefix("- ").strip("'")
        assert "\n" not in tree.strip() and line.startswith("img "), (path, i, tree[:300])
    tree = page.locator("body").aria_snapshot()
    assert not RAW_DATA.search(tree), RAW_DATA.search(tree)
    if path == pages.MAP.url_path:  # named by their summary, and the buttons say for which chart
        expect(page.get_by_role("img", name=re.compile(r"^Dilemmakaart: \d+ van de \d+ waarden"))).to_have_count(1)
        expect(page.get_by_role("img", name=re.compile(r"^Waardenwiel: \d+ van de 30 waarden gekozen"))).to_have_count(
            1
        )
        for chart in ("de dilemmakaart", "het waardenwiel", "de afwegingen"):
            expect(page.get_by_role("button", name=f"PNG van {chart}", exact=True)).to_have_count(1)
            expect(page.get_by_role("button", name=f"SVG van {chart}", exact=True)).to_have_count(1)


# ---------------------------------------------------------------- names (4.1.2, 2.4.6)


def test_no_markdown_in_names_and_the_repeated_buttons_say_what_for(server, page):
    open_page(server, page, pages.VALUES.url_path)
    tree = page.locator("body").aria_snapshot()
    assert "**" not in tree and "__" not in tree, [line for line in tree.splitlines() if "**" in line][:5]
    # the catalogue's values: plain names, and "Uitleg" says for which value
    first = page.locator("[data-testid='stExpander'] details[open] [data-testid='stCheckbox']").first
    name = (first.text_content() or "").strip()
    assert name, "a value of the catalogue"
    expect(page.get_by_role("checkbox", name=name, exact=True)).to_be_attached()
    expect(page.get_by_role("button", name=f"Uitleg bij {name}", exact=True)).to_be_attached()
    open_page(server, page, pages.WEIGH.url_path)
    expect(page.get_by_role("button", name="Weghalen dilemma Veiligheid – Privacy", exact=True)).to_have_count(1)
    # the sentence under a balance slider describes it and is announced when it changes
    slider = page.get_by_role("slider").first
    described = slider.evaluate(
        "e => (e.getAttribute('aria-describedby') || '').split(' ').map(id => "
        "(document.getElementById(id) || {}).innerText || '').join(' ')"
    )
    assert "zwaarder" in described or "even zwaar" in described, described
    words = page.locator("[class*='st-key-weigh-words-']").first
    expect(words).to_have_attribute("role", "status")


# ---------------------------------------------------------------- status messages (4.1.3)


def test_status_messages_are_live_regions(server, page):
    open_page(server, page, pages.DESCRIBE.url_path)
    badge = page.locator(".st-key-dkstatus-case-state")
    expect(badge).to_have_attribute("role", "status")
    expect(badge).to_have_attribute("aria-live", "polite")
    page.goto(server.page_url(pages.LIBRARY.url_path))
    expect(page.locator("[data-testid='stMain'] h1").first).to_be_visible()
    wait_ready(page)
    count = page.locator(".st-key-dkstatus-lib-found")
    expect(count).to_have_attribute("role", "status")
    expect(count).to_contain_text("casussen")


# ---------------------------------------------------------------- forms (3.3.1, 3.3.2)


def test_required_fields_and_errors_at_the_field(server, page):
    open_page(server, page, pages.DESCRIBE.url_path)
    title = page.get_by_role("textbox", name="Titel (verplicht)")
    expect(title).to_have_attribute("aria-required", "true")
    title.fill("")
    title.press("Tab")
    wait_ready(page)
    page.get_by_role("button", name="Opslaan", exact=True).click()
    # focus goes to the message, which links to the field
    focus_is(page, "e => e.closest('.st-key-flow-problems')", "the summary of problems")
    page.locator(".st-key-flow-problems a[href^='#dkfield-']").first.click()
    now = focus_is(page, "e => e.getAttribute('aria-label') === 'Titel (verplicht)'", "the title field")
    assert now["invalid"] == "true" and now["required"] == "true", now
    assert "leeg" in now["described"], now
    title.fill("Drukte meten in de binnenstad")
    title.press("Tab")
    wait_ready(page)
    expect(title).not_to_have_attribute("aria-invalid", "true")

    open_page(server, page, pages.ACTIONS.url_path)
    text = page.get_by_role("textbox", name="Actie (verplicht)")
    expect(text).to_have_attribute("aria-required", "true")
    page.get_by_role("button", name="Actie toevoegen").click()
    now = focus_is(page, "e => e.getAttribute('aria-label') === 'Actie (verplicht)'", "the empty action text")
    assert now["invalid"] == "true" and now["described"], now


def test_the_join_pages_wrong_code_is_said_at_the_field(server, page):
    page.goto(server.page_url(pages.JOIN.url_path))
    expect(page.get_by_role("textbox").first).to_be_visible()
    wait_ready(page)
    code = page.get_by_role("textbox").first
    code.fill("ZZZZ-ZZZZ")
    code.press("Enter")
    wait_ready(page)
    expect(code).to_have_attribute("aria-invalid", "true")
    described = code.evaluate(
        "e => (e.getAttribute('aria-describedby') || '').split(' ').map(id => "
        "(document.getElementById(id) || {}).innerText || '').join(' ')"
    )
    assert described.strip(), "the message is tied to the field"


# ---------------------------------------------------------------- focus order (2.4.3)


def test_focus_goes_where_the_work_continues(server, page):
    open_page(server, page, pages.WEIGH.url_path)
    page.get_by_role("button", name="Toevoegen", exact=True).first.click()
    focus_is(page, "e => e.tagName === 'H3' && e.closest(\"[class*='st-key-weigh-card-']\")", "the new card's heading")
    page.get_by_role("button", name=re.compile("^Weghalen dilemma")).first.click()
    focus_is(page, "e => e.closest('.st-key-undo-weigh') && e.matches(\"[data-testid='stAlert']\")", "the message")

    open_page(server, page, pages.ACTIONS.url_path)
    page.get_by_role("textbox", name="Actie (verplicht)").fill("Een toegankelijke uitleg op de website")
    page.get_by_role("button", name="Actie toevoegen").click()
    now = focus_is(page, "e => e.tagName === 'SUMMARY'", "the new action")
    assert "Een toegankelijke uitleg" in now["text"], now
    page.get_by_role("button", name="Opslaan", exact=True).click()
    focus_is(page, "e => e.closest('.st-key-save-result')", "the save's message")
    page.get_by_role("link", name=re.compile("^Terug: ")).click()
    focus_is(page, "e => e.tagName === 'H1'", "the new page's heading")
    expect(page.locator("h1")).to_have_text(pages.MAP.title("nl"))

    open_page(server, page, pages.VALUES.url_path)
    box = page.locator("details[open] [data-testid='stCheckbox']").filter(has=page.locator("input:not(:checked)")).first
    name = (box.text_content() or "").strip()
    box.locator("label").click()
    now = focus_is(page, "e => e.type === 'range'", "the new value's weight slider")
    assert name and name in now["label"], (name, now)


# ---------------------------------------------------------------- focus visible (2.4.7)


def _pixels(png: bytes):
    from PIL import Image

    return Image.open(io.BytesIO(png)).convert("RGB")


def _luminance(rgb) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _contrast(a, b) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def focus_contrast(page, locator, shown) -> tuple[int, float]:
    """The focus indicator: screenshots of the area round the element without and with keyboard
    focus; how many pixels changed by at least 3:1, and the perimeter of what shows focus."""
    box = shown.bounding_box()
    clip = {
        "x": max(0, box["x"] - 8),
        "y": max(0, box["y"] - 8),
        "width": box["width"] + 16,
        "height": box["height"] + 16,
    }
    page.evaluate("() => document.activeElement && document.activeElement.blur()")
    next_frame(page)
    before = _pixels(page.screenshot(clip=clip))
    page.keyboard.press("Shift")  # the keyboard is in use: focus from a script shows as keyboard focus
    locator.focus()
    next_frame(page)
    after = _pixels(page.screenshot(clip=clip))
    strong = sum(
        1 for a, b in zip(before.get_flattened_data(), after.get_flattened_data()) if a != b and _contrast(a, b) >= 3
    )
    return strong, 2 * (box["width"] + box["height"])


SLIDER = "[data-testid='stSlider'] input[type='range']"
THUMB = "[data-testid='stSlider'] div:has(> div > input[type='range'])"


@pytest.mark.parametrize(
    ("path", "elements"),
    [
        ("", [("[data-testid='stSidebar'] [data-testid='stPageLink-NavLink']", "")]),
        (
            pages.VALUES.url_path,
            [
                ("details[open] [data-testid='stCheckbox'] input", "details[open] [data-testid='stCheckbox'] label"),
                (SLIDER, THUMB),
            ],
        ),
        (
            pages.DESCRIBE.url_path,
            [("[data-testid='stTextInputRootElement'] input", "[data-testid='stTextInputRootElement']")],
        ),
        (
            pages.MAP.url_path,
            [
                ("[data-testid='stMain'] button[kind='secondary']", ""),
                ("[data-testid='stMain'] [data-testid='stPageLink-NavLink']", ""),
            ],
        ),
    ],
)
def test_focus_is_visible_with_3_to_1(server, page, path, elements):
    """Each (selector, seen): ``selector`` takes focus, ``seen`` shows it (a hidden input's box)."""
    open_page(server, page, path)
    page.keyboard.press("Tab")  # keyboard modality: :focus-visible for what is focused next
    for selector, seen in elements:
        target = page.locator(selector).first
        shown = page.locator(seen).first if seen else target
        shown.scroll_into_view_if_needed()
        strong, perimeter = focus_contrast(page, target, shown)
        assert page.evaluate("() => document.activeElement.matches(':focus-visible')"), selector
        # at least a line as long as the element's perimeter changes by 3:1 or more (the ring is
        # 3 px; corners and the sidebar's edge take some); Streamlit's grey background: 1.1:1
        assert strong >= perimeter, (selector, strong, perimeter)
    if path == pages.VALUES.url_path:  # target size (2.5.8): the slider's thumb
        size = page.locator(THUMB).first.bounding_box()
        assert size["width"] >= 24 and size["height"] >= 24, size


# ---------------------------------------------------------------- text size, spacing, reflow, targets


def test_the_persons_text_size_is_the_base_and_buttons_keep_their_words(browser, server):
    page = new_page(browser)
    try:
        cdp = page.context.new_cdp_session(page)
        cdp.send("Page.enable")
        cdp.send("Page.setFontSizes", {"fontSizes": {"standard": 32, "fixed": 26}})  # text 200 %
        page.goto(server.page_url(pages.MAP.url_path, case=CASE))
        expect(page.get_by_role("img", name=re.compile("^Dilemmakaart:"))).to_be_attached()
        wait_charts(page)
        assert page.evaluate("() => getComputedStyle(document.documentElement).fontSize") == "32px"
        clipped = clipped_texts(page, "[data-testid='stMain'] [data-testid^='stBaseButton'] p")
        assert not clipped, clipped
        screenshot(page, "wcag-text-200")
    finally:
        page.context.close()


CLIPPED_JS = """(selector) => [...document.querySelectorAll(selector)]
  .filter(e => e.offsetParent !== null && (e.scrollWidth > e.clientWidth + 1 || e.scrollHeight > e.clientHeight + 1))
  .map(e => e.innerText.slice(0, 40))"""


def clipped_texts(page, selector: str) -> list[str]:
    return page.evaluate(CLIPPED_JS, selector)


def test_text_spacing_cuts_nothing_off(server, page):
    for path, selector in [
        (pages.WEIGH.url_path, "[data-testid='stMain'] [data-testid^='stBaseButton'] p"),
        (pages.MAP.url_path, "[data-testid='stMain'] [data-testid='stPageLink-NavLink'] p"),
        (pages.MAP.url_path, "[data-testid='stSidebar'] [data-testid='stButtonGroup'] p"),
    ]:
        open_page(server, page, path)
        page.add_style_tag(content=TEXT_SPACING)
        next_frame(page)
        clipped = clipped_texts(page, selector)
        assert not clipped, (path, clipped)
    screenshot(page, "wcag-text-spacing")


def test_at_320_px_chips_wrap_and_the_page_does_not_scroll_sideways(browser, server):
    page = new_page(browser, width=320, height=800)
    try:
        page.goto(server.page_url(pages.DESCRIBE.url_path, case=CASE))
        expect(page.locator("[data-testid='stMain'] h1").first).to_be_visible()
        wait_ready(page)
        tags = page.locator("[data-testid='stMultiSelectTagsContainer']")
        expect(tags.first).to_be_visible()
        hidden = page.evaluate(
            """() => [...document.querySelectorAll("[data-testid='stMultiSelectTagsContainer']")]
              .filter(e => e.scrollWidth > e.clientWidth + 1).length"""
        )
        assert hidden == 0, "chosen items hide in a sideways scroller"
        # and the box grows with them: no chip lies outside its field (over the next one)
        outside = page.evaluate(
            """() => [...document.querySelectorAll("[data-testid='stMultiSelect'] [data-tag]")].filter(tag => {
                 const box = tag.closest("[data-testid='stMultiSelectTagsContainer']").parentElement.getBoundingClientRect();
                 const r = tag.getBoundingClientRect();
                 return r.bottom > box.bottom + 1 || r.top < box.top - 1; }).map(tag => tag.innerText)"""
        )
        assert not outside, outside
        assert page.evaluate("() => document.documentElement.scrollWidth") <= 320
        # targets (2.5.8): the crosses that remove a chosen item are at least 24 x 24 px
        cross = page.locator("[data-testid='stMultiSelect'] [data-tag] button").first
        size = cross.bounding_box()
        assert size["width"] >= 24 and size["height"] >= 24, size
        screenshot(page, "wcag-320-describe")
    finally:
        page.context.close()
