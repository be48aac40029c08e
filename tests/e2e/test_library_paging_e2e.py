"""The library one screen at a time, in a real browser: 120 cases are three screens of 50; the next
screen is reached by its button, the last one has no next, and a search shows its hits on one
screen without a pager. Screenshot in artifacts/screenshots/library-paging.png."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import no_exception, screenshot, start_server, stop_server, wait_ready
from tests.test_library_paging import examples_and_copies


@pytest.fixture(scope="module")
def big_server(tmp_path_factory, chromium_path):
    folder = examples_and_copies(tmp_path_factory.mktemp("paging") / "cases")
    server = start_server(folder, folder.parent / "server.log")
    yield server
    stop_server(server)


def test_next_screens_then_a_search_shows_its_hits_on_one_screen(big_server, page):
    page.goto(big_server.page_url("bibliotheek"))
    wait_ready(page)
    expect(page.get_by_text("Casus 1–50 van de 120")).to_be_visible()
    expect(page.get_by_role("button", name="Vorige")).to_be_disabled()
    page.get_by_role("button", name="Volgende").click()
    expect(page.get_by_text("Casus 51–100 van de 120")).to_be_visible()
    page.get_by_role("button", name="Volgende").click()
    expect(page.get_by_text("Casus 101–120 van de 120")).to_be_visible()
    expect(page.get_by_role("button", name="Volgende")).to_be_disabled()
    screenshot(page, "library-paging")
    search = page.get_by_label("Zoeken in titel, beschrijving en organisatie")
    search.fill("kopie 07")
    search.press("Enter")
    expect(page.get_by_text("12 van de 120 casussen gevonden.")).to_be_visible()  # 007, 070-079, 107
    expect(page.get_by_text("Casus 101–120")).to_have_count(0)  # one screen holds them: no pager
    expect(page.get_by_role("button", name="Volgende")).to_have_count(0)
    no_exception(page)
