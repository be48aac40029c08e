"""Accessibility in a real browser: an axe-core audit of every page, keyboard-only use, and a text
equivalent and enough contrast for every chart.

The pages come from the registry of pages (``dilemmakaart.ui.pages``), so a page that lands later is audited
without a change here. Pages about one case are opened with an example case.
"""

from __future__ import annotations

import json
import re

import pytest

from dilemmakaart.charts import palette
from dilemmakaart.ui.pages import PAGES
from tests.e2e.conftest import ARTIFACTS, no_exception, screenshot, wait_charts, wait_ready

CASE = "tellen-bezoekers-binnenstad"
BLOCKING = {"serious", "critical"}


def audited_pages() -> list[str]:
    return [page.url_path for page in PAGES]


SCRIPT_IN = (
    "() => !!window.__dkTranslateAll && (document.querySelector(\"[data-testid='stSidebarContent']\")"
    "?.getAttribute('tabindex') ?? '0') === '0'"
)


def open_page(server, page, path: str, lang: str = "nl", **query: str) -> None:
    page.goto(server.page_url(path, case=CASE, lang=lang, **query))
    wait_charts(page)  # charts (Vega) draw after the script has finished
    # the app's page script (static/localise.js) is in and has made the sidebar's scroll box
    # focusable: on a busy machine axe once ran before it (scrollable-region-focusable, CI)
    page.wait_for_function(SCRIPT_IN)
    no_exception(page)


def blocking_findings(page) -> list[dict]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(
        page,
        options={
            "resultTypes": ["violations"],
            "runOnly": {
                "type": "tag",
                "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"],
            },
        },
    )
    findings = []
    for violation in results.response["violations"]:
        if violation.get("impact") in BLOCKING:
            findings.append(
                {
                    "id": violation["id"],
                    "impact": violation["impact"],
                    "help": violation["help"],
                    "nodes": [n["target"] for n in violation["nodes"]][:5],
                    "html": [n["html"][:200] for n in violation["nodes"]][:3],
                }
            )
    return findings


def record(name: str, findings: list[dict]) -> None:
    """Keep the findings next to the screenshots, for the report and for people fixing them."""
    folder = ARTIFACTS.parent / "axe"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.json").write_text(json.dumps(findings, indent=2, ensure_ascii=False), encoding="utf-8")


@pytest.mark.parametrize("path", audited_pages())
def test_axe_finds_nothing_serious_and_charts_have_text(server, page, path):
    open_page(server, page, path)
    findings = blocking_findings(page)
    name = path or "home"
    record(name, findings)
    screenshot(page, f"a11y-{name}")
    assert not findings, json.dumps(findings, indent=2, ensure_ascii=False)
    missing = charts_without_text(page)
    assert not missing, f"charts without a text equivalent on /{path}: {missing}"


def test_axe_in_english_with_the_case_overview_open(server, page):
    """The home page with a case chosen shows the whole case: tables, lists, the decision."""
    open_page(server, page, "", lang="en")
    findings = blocking_findings(page)
    record("home-en-case", findings)
    assert not findings, json.dumps(findings, indent=2, ensure_ascii=False)


@pytest.fixture(scope="module")
def revealed_session(server):
    """A session on the example case with four answers, revealed: what a class sees on the projector."""
    from dilemmakaart.session import SessionStore
    from dilemmakaart.store import CaseLibrary

    case = CaseLibrary(server.library).load(CASE)
    store = SessionStore(server.library)
    info, key = store.create(CASE, roles=True)
    tokens = []
    for i in range(4):
        info, person = store.join(info.join_code, name=f"Deelnemer {i}")
        store.submit(
            info.id,
            person.token,
            1,
            {
                "weights": {v.value: (v.weight + 3 * i) % 11 for v in case.values},
                "effects": {v.value: max(-5, min(5, v.effect - i)) for v in case.values},
                "balances": {d.key: max(-100, min(100, d.balance - 40 + 25 * i)) for d in case.dilemmas},
            },
        )
        tokens.append(person.token)
    store.close(info.id, key)
    store.reveal(info.id, key)
    return info, key, tokens


@pytest.mark.parametrize("view", ["participant", "facilitator", "projector"])
def test_axe_on_the_session_views(server, browser, revealed_session, view):
    info, key, tokens = revealed_session
    url = {
        "participant": server.page_url("meedoen", code=info.join_code, p=tokens[0]),
        "facilitator": server.page_url("sessie", session=info.id, key=key),
        "projector": server.page_url("sessie", session=info.id, screen=info.projector, view="projector"),
    }[view]
    phone = view == "participant"
    context = browser.new_context(
        viewport={"width": 390, "height": 844} if phone else {"width": 1400, "height": 900},
        locale="nl-NL",
        is_mobile=phone,
        has_touch=phone,
    )
    page = context.new_page()
    page.set_default_timeout(30_000)
    try:
        page.goto(url)
        wait_charts(page)
        no_exception(page)
        findings = blocking_findings(page)
        record(f"session-{view}", findings)
        screenshot(page, f"a11y-session-{view}")
        assert not findings, json.dumps(findings, indent=2, ensure_ascii=False)
        missing = charts_without_text(page)
        assert not missing, f"charts without a text equivalent in the {view} view: {missing}"
    finally:
        context.close()


def focused(page) -> dict:
    return page.evaluate(
        """() => { const e = document.activeElement;
                   return {tag: e.tagName, text: (e.innerText || e.getAttribute('aria-label') || '').trim().slice(0, 80),
                           href: e.getAttribute('href') || '', role: e.getAttribute('role') || '', type: e.getAttribute('type') || '',
                           value: e.getAttribute('aria-valuenow') || e.value || '', checked: e.getAttribute('aria-checked') || ''}; }"""
    )


def tab_until(page, test, limit: int = 80) -> dict:
    for _ in range(limit):
        page.keyboard.press("Tab")
        now = focused(page)
        if test(now):
            return now
    raise AssertionError(f"not reached with Tab in {limit} steps; last focus: {focused(page)}")


def test_keyboard_only_language_switch_and_navigation(server, page):
    page.goto(server.page_url("", lang="nl"))
    wait_ready(page)
    # the language switch is a radio group: Tab reaches the chosen language, an arrow key the other
    tab_until(page, lambda f: f["role"] == "radio" and f["text"] == "Nederlands")
    page.keyboard.press("ArrowRight")
    assert focused(page)["text"] == "English"
    page.keyboard.press("Enter")
    # the rerun that switches the language may start a moment after the key press: wait for it
    page.wait_for_function("() => location.search.includes('lang=en')", timeout=20_000)
    wait_ready(page)
    page.get_by_text("Cases in the library").first.wait_for(state="visible", timeout=20_000)
    # every navigation link is reachable with Tab, in order; Enter follows the last one reached
    links = [path for path in audited_pages() if path]
    reached = []
    for _ in range(120):
        page.keyboard.press("Tab")
        now = focused(page)
        match = re.fullmatch(r"(?:.*/)?([a-z]+)(?:\?.*)?", now["href"])
        if now["tag"] == "A" and match and match.group(1) in links and match.group(1) not in reached:
            reached.append(match.group(1))
        if len(reached) == len(links):
            break
    assert reached == links, f"reached {reached}, expected {links}"
    page.keyboard.press("Enter")
    wait_ready(page)
    assert page.url.split("?")[0].endswith("/" + links[-1])
    no_exception(page)
    # the focused navigation link looks different from the others (WCAG 2.4.7): the app's focus ring
    # (ui/static/a11y.css; its 3:1 contrast is measured in test_wcag_e2e.py)
    tab_until(
        page,
        lambda f: (
            f["tag"] == "A" and "stPageLink" in page.evaluate("() => document.activeElement.dataset.testid || ''")
        ),
    )
    style = """(e) => { const s = getComputedStyle(e); return [s.outlineStyle, s.boxShadow, s.backgroundColor]; }"""
    mine = page.evaluate(f"({style})(document.activeElement)")
    assert page.evaluate("() => document.activeElement.matches(':focus-visible')")
    others = page.evaluate(f"""() => [...document.querySelectorAll("[data-testid='stPageLink-NavLink']")]
        .filter(e => e !== document.activeElement && !e.querySelector('[aria-current], .active') && e.getAttribute('aria-current') === null)
        .map({style})""")
    plain = max(others, key=others.count)  # how a link looks when it is neither focused nor current
    assert mine != plain, (mine, plain)
    screenshot(page, "a11y-keyboard")


def is_slider(f: dict) -> bool:
    return f["role"] == "slider" or (f["tag"] == "INPUT" and f["type"] == "range")


def test_keyboard_moves_a_slider(server, page):
    open_page(server, page, "afwegen")
    slider = tab_until(page, is_slider, limit=200)
    before = slider["value"]
    page.keyboard.press("ArrowLeft" if before and float(before) > 0 else "ArrowRight")
    wait_ready(page)
    after = focused(page)
    assert is_slider(after) and after["value"] != before, (slider, after)
    no_exception(page)


# ---------------------------------------------------------------- charts


def relative_luminance(hex_colour: str) -> float:
    hex_colour = hex_colour.lstrip("#")
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    la, lb = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def palette_colours() -> dict[str, str]:
    """Every colour the palette module defines (dicts, lists and plain constants)."""
    found: dict[str, str] = {}
    for name in dir(palette):
        value = getattr(palette, name)
        items = (
            value.items()
            if isinstance(value, dict)
            else enumerate(value)
            if isinstance(value, (list, tuple))
            else [("", value)]
        )
        for key, colour in items:
            if isinstance(colour, str) and re.fullmatch(r"#[0-9a-fA-F]{6}", colour):
                found[f"{name}[{key}]" if key != "" else name] = colour
    return found


def test_foundation_colours_stand_out_from_white():
    """Marks that carry meaning need 3:1 against the background (WCAG 1.4.11, non-text contrast)."""
    colours = palette_colours()
    assert colours, "the palette defines colours"
    foundation = {k: v for k, v in colours.items() if "FOUNDATION" in k.upper()}
    assert foundation, colours
    weak = {k: round(contrast(v, "#ffffff"), 2) for k, v in foundation.items() if contrast(v, "#ffffff") < 3}
    assert not weak, weak


def test_effect_scale_ends_stand_out_from_white():
    low, _, high = palette.EFFECT_RANGE
    assert contrast(low, "#ffffff") >= 3 and contrast(high, "#ffffff") >= 3


# Colour-vision deficiency: Machado et al. (2009) matrices at full severity, on linear RGB.
CVD = {
    "protanopia": ((0.152286, 1.052583, -0.204868), (0.114503, 0.786281, 0.099216), (-0.003882, -0.048116, 1.051998)),
    "deuteranopia": ((0.367322, 0.860646, -0.227968), (0.280085, 0.672501, 0.047413), (-0.011820, 0.042940, 0.968881)),
    "tritanopia": ((1.255528, -0.076749, -0.178779), (-0.078411, 0.930809, 0.147602), (0.004733, 0.691367, 0.303900)),
}


def to_lab(linear: tuple[float, float, float]) -> tuple[float, float, float]:
    r, g, b = (min(max(c, 0.0), 1.0) for c in linear)
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883
    f = lambda t: t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116  # noqa: E731
    return 116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))


def seen_as(hex_colour: str, matrix) -> tuple[float, float, float]:
    channels = [int(hex_colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return to_lab(tuple(sum(m * c for m, c in zip(row, linear)) for row in matrix))


@pytest.mark.parametrize("kind", sorted(CVD))
def test_foundation_colours_stay_apart_for_colour_blind_readers(kind):
    """Every two foundation colours differ by a clearly visible ΔE (CIE76 ≥ 15) under each deficiency
    (the closest pair: blue and bluish green for tritanopia, ΔE 17)."""
    colours = list(palette.FOUNDATION_COLOURS.values())
    for i, a in enumerate(colours):
        for b in colours[i + 1 :]:
            la, lb = seen_as(a, CVD[kind]), seen_as(b, CVD[kind])
            distance = sum((p - q) ** 2 for p, q in zip(la, lb)) ** 0.5
            assert distance >= 15, (kind, a, b, round(distance, 1))


def charts_without_text(page) -> list[dict]:
    """Charts with neither a table (or a "as text and table" expander) nor 25 words of text in the
    blocks around them."""
    report = page.evaluate(
        """() => {
            const charts = [...document.querySelectorAll("[data-testid='stVegaLiteChart'], [data-testid='stArrowVegaLiteChart'], .vega-embed")]
              .filter(c => !c.parentElement.closest(".vega-embed"));
            return charts.map(chart => {
              // the blocks next to the chart, and next to the containers it sits in (up to 3 levels)
              const around = [];
              let block = chart.closest("[data-testid='stElementContainer']") || chart;
              for (let level = 0; level < 3 && block; level++) {
                let before = block.previousElementSibling, after = block.nextElementSibling;
                for (let i = 0; i < 3; i++) {
                  if (after) { around.push(after); after = after.nextElementSibling; }
                  if (before) { around.push(before); before = before.previousElementSibling; }
                }
                const up = block.parentElement && block.parentElement.closest("[data-testid='stElementContainer'], [data-testid='stLayoutWrapper'], [data-testid='stVerticalBlock']");
                block = up;
              }
              const texts = around.map(e => e.innerText || "").join(" ");
              const sel = "table, [data-testid='stDataFrame'], [data-testid='stTable'], [data-testid='stExpander']";
              const tables = around.filter(e => e.matches(sel) || e.querySelector(sel)).length;
              const label = chart.querySelector("[aria-label], [role='graphics-document']");
              return {words: texts.split(/\\s+/).filter(Boolean).length, tables,
                      aria: label ? (label.getAttribute("aria-label") || "").slice(0, 80) : ""};
            });
        }"""
    )
    return [r for r in report if r["tables"] == 0 and r["words"] < 25]
