"""The registry of pages in a real browser: a direct link to any page works as the very first
request to a freshly started server (Streamlit then runs a page of the ``pages/`` folder without
app.py, unless the app takes care), and the browser's Back button goes back one page per press."""

from __future__ import annotations

import re
import shutil

import pytest
from playwright.sync_api import expect

from dilemmakaart.ui import pages
from tests.conftest import ROOT
from tests.e2e.conftest import launch_server, new_page, no_exception, stop_server, wait_healthy, wait_ready

CASE = "tellen-bezoekers-binnenstad"


@pytest.fixture(scope="module")
def fresh_servers(tmp_path_factory):
    """One server per page, all started side by side (each is asked for one page, once)."""
    base = tmp_path_factory.mktemp("pages")
    library = base / "cases"
    shutil.copytree(ROOT / "cases", library, ignore=shutil.ignore_patterns(".*"))
    servers = {p.url_path: launch_server(library, base / f"server-{p.url_path or 'home'}.log") for p in pages.PAGES}
    yield servers
    for server in servers.values():
        stop_server(server)


@pytest.mark.parametrize("app_page", pages.PAGES, ids=lambda p: p.url_path or "home")
def test_a_direct_link_is_the_first_request_to_a_fresh_server(app_page, fresh_servers, browser):
    server = wait_healthy(fresh_servers[app_page.url_path])
    page = new_page(browser)
    try:
        page.goto(server.page_url(app_page.url_path, case=CASE))
        wait_ready(page)
        # the page ran through app.py: its title, the language switch and (but for the
        # participant's page) the navigation are there
        expect(page).to_have_title(f"{app_page.title('nl')} · Dilemmakaart")
        expect(page).to_have_url(at(server, app_page, case=CASE))
        expect(page.get_by_role("radio", name="Nederlands")).to_be_visible()
        links = page.locator("[data-testid='stSidebar'] [data-testid='stPageLink-NavLink']")
        expect(links).to_have_count(0 if app_page is pages.JOIN else len(pages.PAGES))
        no_exception(page)
    finally:
        page.context.close()
        stop_server(server)


def at(server, app_page, **query: str) -> re.Pattern:
    """The page's full address with exactly these query parameters, in any order."""
    base = re.escape(server.url + pages.url(app_page))
    if not query:
        return re.compile(base + "$")
    each = "".join(rf"(?=(?:[^&]*&)*{re.escape(k)}={re.escape(v)}(?:&|$))" for k, v in query.items())
    exactly = r"[^&=?]+=[^&?]*" + r"(?:&[^&=?]+=[^&?]*)" * (len(query) - 1)
    return re.compile(base + r"\?" + each + exactly + "$")


def test_one_back_press_per_page(server, page):
    page.goto(server.page_url(pages.DESCRIBE.url_path, case=CASE))
    wait_ready(page)
    expect(page).to_have_url(at(server, pages.DESCRIBE, case=CASE))
    # a change: the draft's token joins the address
    title = page.get_by_label("Titel", exact=False).first
    title.fill("Tellers in de binnenstad (herzien)")
    title.press("Tab")
    expect(page).to_have_url(re.compile(r"draft=[A-Za-z0-9_-]+"))
    draft = re.search(r"draft=([A-Za-z0-9_-]+)", page.url).group(1)
    wait_ready(page)

    sidebar = page.locator("[data-testid='stSidebar']")
    sidebar.get_by_role("link", name=pages.VALUES.title("nl")).click()
    expect(page).to_have_url(at(server, pages.VALUES, case=CASE, draft=draft))
    wait_ready(page)
    page.get_by_role("link", name=re.compile("Verder")).click()
    expect(page).to_have_url(at(server, pages.WEIGH, case=CASE, draft=draft))
    wait_ready(page)
    sidebar.get_by_role("link", name=pages.LIBRARY.title("nl")).click()
    expect(page).to_have_url(at(server, pages.LIBRARY))
    wait_ready(page)
    expect(page.get_by_role("heading", level=1)).to_have_count(1)

    page.go_back()
    expect(page).to_have_url(at(server, pages.WEIGH, case=CASE, draft=draft))
    expect(page.get_by_role("heading", level=1, name=pages.WEIGH.title("nl"))).to_be_visible()
    wait_ready(page)
    page.go_back()
    expect(page).to_have_url(at(server, pages.VALUES, case=CASE, draft=draft))
    expect(page.get_by_role("heading", level=1, name=pages.VALUES.title("nl"))).to_be_visible()
    wait_ready(page)
    page.go_back()
    expect(page).to_have_url(at(server, pages.DESCRIBE, case=CASE, draft=draft))
    expect(page.get_by_role("heading", level=1, name=pages.DESCRIBE.title("nl"))).to_be_visible()
    wait_ready(page)
    # the change is still there after going back and forth
    expect(page.get_by_label("Titel", exact=False).first).to_have_value("Tellers in de binnenstad (herzien)")
    no_exception(page)


def test_back_after_a_language_switch_takes_one_press(server, page):
    """Switching the language is one step in the browser's history: one Back undoes it, the
    next Back goes to the page before."""
    page.goto(server.page_url(pages.VALUES.url_path, case=CASE))
    wait_ready(page)
    page.get_by_role("link", name=re.compile("Verder")).click()
    expect(page).to_have_url(at(server, pages.WEIGH, case=CASE))
    wait_ready(page)
    page.get_by_role("radio", name="English").click()
    expect(page).to_have_url(at(server, pages.WEIGH, case=CASE, lang="en"))
    expect(page.get_by_role("heading", level=1, name=pages.WEIGH.title("en"))).to_be_visible()
    wait_ready(page)

    page.go_back()
    expect(page).to_have_url(at(server, pages.WEIGH, case=CASE))
    expect(page.get_by_role("heading", level=1, name=pages.WEIGH.title("nl"))).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    expect(page.get_by_role("radio", name="Nederlands")).to_be_checked()
    wait_ready(page)
    page.go_back()
    expect(page).to_have_url(at(server, pages.VALUES, case=CASE))
    expect(page.get_by_role("heading", level=1, name=pages.VALUES.title("nl"))).to_be_visible()
    wait_ready(page)
    page.go_forward()
    page.go_forward()
    expect(page).to_have_url(at(server, pages.WEIGH, case=CASE, lang="en"))
    expect(page.get_by_role("heading", level=1, name=pages.WEIGH.title("en"))).to_be_visible()
    no_exception(page)
