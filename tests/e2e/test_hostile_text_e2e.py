"""Hostile text in a real browser: a case whose every field holds HTML, script tags, Markdown links
and images, Streamlit directives, LaTeX, right-to-left and zero-width characters, opened on every
page (and a live session with hostile participant names on the participant, facilitator and
projector views). No script runs, nothing is fetched from evil.example, and every field that a page
shows is shown literally."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from dilemmakaart.text import WORD_JOINER
from dilemmakaart.ui.pages import PAGES as APP_PAGES
from tests.e2e.conftest import no_exception, screenshot, wait_ready, wait_settled
from tests.test_hostile_text import CASE_ID, PAYLOADS, SHORT, hostile_data, write_hostile_case

EVIL = "evil.example"


PAGES = [page.url_path for page in APP_PAGES]


def expected_fields() -> dict[str, str]:
    """Marker → the first line of the field it starts (what a page shows when it shows the field)."""
    out: dict[str, str] = {}

    def walk(value):
        if isinstance(value, str):
            for line in value.split("\n"):
                match = re.match(r"«([a-z0-9-]+)»", line)
                if match:
                    out[match.group(1)] = line
        elif isinstance(value, dict):
            for v in value.values():
                walk(v)
        elif isinstance(value, list):
            for v in value:
                walk(v)

    walk(hostile_data())
    return out


FIELDS = expected_fields()


def shown_text(page) -> str:
    """What a reader sees: the page's text plus the values in its text boxes."""
    return page.evaluate(
        """() => document.body.innerText + "\\n" +
             [...document.querySelectorAll("input, textarea")].map(e => e.value).join("\\n")"""
    ).replace(WORD_JOINER, "")  # md_escape's invisible joiner, inserted to keep links and icons plain


def mangled(text: str) -> list[tuple[str, str]]:
    """Fields that appear, but not literally (a prefix cut with … is fine)."""
    bad = []
    for match in re.finditer(r"«([a-z0-9-]+)»", text):
        marker = match.group(1)
        expected = FIELDS.get(marker)
        if expected is None:
            continue
        got = text[match.start() : match.start() + len(expected)]
        if got == expected:
            continue
        cut = min([i for i in (got.find("…"), got.find("...")) if i >= 0], default=-1)
        if cut >= 0 and got[:cut].rstrip() == expected[:cut].rstrip():
            continue
        if got.rstrip() and expected.startswith(got.split("\n")[0]) and len(got.split("\n")[0]) >= 20:
            continue  # wrapped or cut by the layout without a mark, but literal so far
        bad.append((marker, got[:160]))
    return bad


class Watch:
    """Dialogs and requests to evil.example, for one page."""

    def __init__(self, page):
        self.dialogs: list[str] = []
        self.requests: list[str] = []
        page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        page.on("request", lambda r: self.requests.append(r.url) if EVIL in r.url else None)


def assert_harmless(page, watch: Watch, name: str) -> str:
    wait_settled(page)  # every image has loaded or failed: an onerror handler has run by now
    assert page.evaluate("() => typeof window.__pwned") == "undefined", name
    assert not watch.dialogs, (name, watch.dialogs)
    assert not watch.requests, (name, watch.requests)
    assert page.locator("img[src='x']").count() == 0, name
    assert page.locator("a[href^='javascript:']").count() == 0, name
    assert page.locator(f"img[src*='{EVIL}'], a[href*='{EVIL}']").count() == 0, name
    assert page.locator(".katex").count() == 0, name  # $x^2$ was not typeset
    text = shown_text(page)
    bad = mangled(text)
    assert not bad, (name, bad)
    return text


@pytest.fixture(scope="module")
def hostile_server(server):
    write_hostile_case(server.library)
    return server


@pytest.fixture(scope="module")
def live_session(hostile_server):
    """A session on the hostile case: participants with hostile names and roles, answers, revealed."""
    from dilemmakaart.session import SessionStore

    store = SessionStore(hostile_server.library)
    info, key = store.create(CASE_ID, roles=True)
    tokens = []
    for i, payload in enumerate(SHORT[:4]):
        info, person = store.join(
            info.join_code, name=f"«live{i}» {payload}"[:100], role=f"«liverole{i}» {payload}"[:100]
        )
        store.submit(
            info.id,
            person.token,
            1,
            {"weights": {"privacy": 3 + 2 * i}, "effects": {"privacy": -1}, "balances": {"privacy|veiligheid": 10 * i}},
        )
        tokens.append(person.token)
    store.close(info.id, key)
    store.reveal(info.id, key)
    for i, payload in enumerate(SHORT[:4]):
        FIELDS[f"live{i}"] = f"«live{i}» {payload}"[:100]
        FIELDS[f"liverole{i}"] = f"«liverole{i}» {payload}"[:100]
    return info, key, tokens


@pytest.mark.parametrize("path", PAGES)
def test_every_page_shows_hostile_text_as_text(hostile_server, page, path):
    watch = Watch(page)
    page.goto(hostile_server.page_url(path, case=CASE_ID))
    wait_ready(page)
    no_exception(page)
    text = assert_harmless(page, watch, path or "home")
    if path in ("", "beschrijven"):
        assert FIELDS["title"] in text or FIELDS["title"][:60] in text
    if path in ("", "beschrijven", "acties") or path == "dilemmakaart":
        screenshot(page, f"hostile-{path or 'home'}")


def test_session_views_show_hostile_names_as_text(hostile_server, browser, live_session):
    info, key, tokens = live_session
    views = {
        "participant": hostile_server.page_url("meedoen", code=info.join_code, p=tokens[0]),
        "facilitator": hostile_server.page_url("sessie", session=info.id, key=key),
        "projector": hostile_server.page_url("sessie", session=info.id, screen=info.projector, view="projector"),
    }
    for name, url in views.items():
        context = browser.new_context(viewport={"width": 1400, "height": 900}, locale="nl-NL")
        page = context.new_page()
        page.set_default_timeout(30_000)
        try:
            watch = Watch(page)
            page.goto(url)
            wait_ready(page)
            no_exception(page)
            assert_harmless(page, watch, name)
            screenshot(page, f"hostile-session-{name}")
        finally:
            context.close()


def test_typing_hostile_text_into_the_form_keeps_it_literal(hostile_server, page):
    """Typed (not loaded): the title field on the first step, then the overview on the home page."""
    watch = Watch(page)
    page.goto(hostile_server.page_url("beschrijven", case=CASE_ID))
    wait_ready(page)
    box = page.get_by_role("textbox", name="Titel (verplicht)")
    expect(box).to_be_visible()
    typed = "«typed» " + PAYLOADS["script"] + " " + PAYLOADS["img"] + " " + PAYLOADS["colour"]
    FIELDS["typed"] = typed
    box.fill(typed)
    box.press("Tab")
    wait_ready(page)
    assert_harmless(page, watch, "typed")
    assert typed in shown_text(page)
