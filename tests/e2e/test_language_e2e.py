"""The page's language and Streamlit's own words (WCAG 3.1.1, 3.1.2): in Dutch every page says
``<html lang="nl">`` and no English word of Streamlit's ("Skip to main content", "Help for …",
"No results" …) is left to see or hear; in English the page says ``lang="en"``, also right after
switching the language."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from dilemmakaart.ui import pages
from dilemmakaart.ui.bootstrap import streamlit_words
from tests.e2e.conftest import new_page, no_exception, screenshot, wait_ready

CASE = "tellen-bezoekers-binnenstad"

# Everything a person can see or hear: names and descriptions, placeholders, and text outside
# what the case holds (Markdown and text elements show user text, which may be in any language).
VISIBLE_WORDS_JS = """() => {
  const out = [];
  for (const el of document.querySelectorAll('[aria-label], [title], [placeholder], [aria-placeholder]')) {
    for (const name of ['aria-label', 'title', 'placeholder', 'aria-placeholder']) {
      const value = el.getAttribute(name);
      if (value) out.push(value.trim());
    }
  }
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const parent = node.parentElement;
    if (!parent || parent.closest("script, style, [data-testid='stMarkdownContainer'], [data-testid='stText']")) continue;
    const text = node.nodeValue.trim();
    if (text) out.push(text);
  }
  return out;
}"""


def english_patterns() -> list[re.Pattern]:
    """Streamlit's English strings as patterns ("Help for {label}" → ``^Help for .+$``)."""
    out = []
    for english, _ in streamlit_words("en"):
        parts = re.split(r"\{\w+\}", english)
        out.append(re.compile("^" + ".+".join(re.escape(p) for p in parts) + "$"))
    out.append(re.compile(r"^(dd|DD)[-/](mm|MM)[-/](yyyy|YYYY)$"))
    return out


def english_left(page) -> list[str]:
    words = page.evaluate(VISIBLE_WORDS_JS)
    return sorted({w for w in words for p in english_patterns() if p.match(w)})


@pytest.fixture
def dutch(browser):
    page = new_page(browser)
    yield page
    page.context.close()


def test_table_is_streamlits_words():
    """Every English string in the table is one Streamlit 1.67 writes (a new Streamlit that
    words things differently makes this fail, instead of leaving English on screen)."""
    from pathlib import Path

    import streamlit

    bundle = "".join(
        p.read_text(encoding="utf-8", errors="replace")
        for p in (Path(streamlit.__file__).parent / "static" / "static" / "js").glob("*.js")
    )
    missing = []
    for english, dutch in streamlit_words("nl"):
        assert dutch != english or english == "DD-MM-YYYY", english
        if english == "DD-MM-YYYY":  # the format our date inputs ask for, not one of Streamlit's words
            continue
        literal = max(re.split(r"\{\w+\}", english), key=len).strip()
        # "… up to {n} options. Remove …": Streamlit writes the word "options" from a variable too
        if literal not in bundle and literal.split(" ", 1)[-1] not in bundle:
            missing.append(english)
    assert not missing, missing


def test_every_page_is_dutch_in_dutch(server, dutch):
    for app_page in pages.PAGES:
        dutch.goto(server.page_url(app_page.url_path, case=CASE))
        wait_ready(dutch)
        expect(dutch).to_have_title(f"{app_page.title('nl')} · Dilemmakaart")
        expect(dutch.locator("html")).to_have_attribute("lang", "nl")
        no_exception(dutch)
        assert not english_left(dutch), (app_page.url_path, english_left(dutch))
        tree = dutch.locator("body").aria_snapshot()
        for phrase in ("Skip to main content", "Collapse sidebar", "Help for", "Clear value", "Choose date"):
            assert phrase not in tree, (app_page.url_path, phrase)
        # no Markdown markup in a name ("**Inclusie**"), nor the English names of icons
        assert not MARKUP_IN_NAME.search(tree), (app_page.url_path, MARKUP_IN_NAME.search(tree))


# a name in the accessibility tree (the quoted part of ``role "name"``) with Markdown or an icon's name
MARKUP_IN_NAME = re.compile(r'^\s*- \'?\w+ "[^"\n]*(\*\*|__|`|:material/| icon")', re.MULTILINE)


def test_every_page_says_english_in_english(server, dutch):
    for app_page in pages.PAGES:
        dutch.goto(server.page_url(app_page.url_path, case=CASE, lang="en"))
        expect(dutch).to_have_title(f"{app_page.title('en')} · Dilemmakaart")
        expect(dutch.locator("html")).to_have_attribute("lang", "en")


def test_streamlits_dropdown_and_date_words_are_dutch(server, dutch):
    dutch.goto(server.page_url(pages.DESCRIBE.url_path, case=CASE))
    wait_ready(dutch)
    # a multiselect that takes new options: "Select all", and "Add: …" for what is typed
    box = dutch.locator("[data-testid='stMultiSelect']").first
    box.locator("input").click()
    expect(dutch.get_by_text("Alles kiezen", exact=True)).to_be_visible()
    assert not english_left(dutch), english_left(dutch)
    box.locator("input").fill("zzzz-niets")
    expect(dutch.get_by_text("Toevoegen: zzzz-niets", exact=True)).to_be_visible()
    assert not english_left(dutch), english_left(dutch)
    screenshot(dutch, "language-dropdown-nl")
    dutch.keyboard.press("Escape")
    # a selectbox: "No results" for a search that finds nothing
    select = dutch.locator("[data-testid='stSelectbox']").filter(has=dutch.locator("input:not([disabled])")).first
    select.locator("input").click()
    select.locator("input").fill("zzzz-niets")
    expect(dutch.get_by_text("Geen resultaten")).to_be_visible()
    assert not english_left(dutch), english_left(dutch)
    dutch.keyboard.press("Escape")

    dutch.goto(server.page_url(pages.ACTIONS.url_path, case=CASE, deel="besluit"))  # the decision's dates
    wait_ready(dutch)
    expect(dutch.get_by_role("button", name="Kies een datum").first).to_be_attached()
    assert not english_left(dutch), english_left(dutch)


def test_english_says_english_and_the_switch_changes_the_language(server, dutch):
    page = dutch
    page.goto(server.page_url(pages.ACTIONS.url_path, case=CASE, lang="en", deel="besluit"))
    wait_ready(page)
    expect(page.locator("html")).to_have_attribute("lang", "en")
    # in English Streamlit's words stay Streamlit's
    expect(page.get_by_role("button", name="Choose date").first).to_be_attached()
    page.get_by_role("radio", name="Nederlands").click()
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    expect(page.get_by_role("heading", level=1, name=pages.ACTIONS.title("nl"))).to_be_visible()
    wait_ready(page)
    expect(page.get_by_role("button", name="Kies een datum").first).to_be_attached()
    assert not english_left(page), english_left(page)
    page.get_by_role("radio", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1, name=pages.ACTIONS.title("en"))).to_be_visible()
    wait_ready(page)
    expect(page.get_by_role("button", name="Choose date").first).to_be_attached()
    expect(page.get_by_role("link", name="Skip to main content")).to_be_attached()


def test_a_scrolling_sidebar_takes_keyboard_focus(server, dutch):
    """axe's scrollable-region-focusable (WCAG 2.1.1): the sidebar's scroll box takes focus and has a
    name, so a sidebar taller than the window can be scrolled with the keyboard."""
    page = dutch
    box = page.locator("[data-testid='stSidebarContent']")
    page.set_viewport_size({"width": 1400, "height": 420})
    page.goto(server.page_url(pages.VALUES.url_path, case=CASE))
    wait_ready(page)
    expect(box).to_have_attribute("tabindex", "0")
    expect(box).to_have_attribute("role", "region")
    expect(box).to_have_attribute("aria-label", "Zijbalk met taal en navigatie")
    box.focus()
    page.keyboard.press("End")
    page.wait_for_function(
        "() => document.querySelector(\"[data-testid='stSidebarContent']\").scrollTop > 0", polling=50
    )
    # after a rerun (another language) it still does, named in that language
    page.get_by_role("radio", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(box).to_have_attribute("aria-label", "Sidebar with language and navigation")
    expect(box).to_have_attribute("tabindex", "0")
