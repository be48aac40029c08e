"""The home page and the code browser in a real browser, in Dutch and English."""

from playwright.sync_api import expect

from tests.e2e.conftest import no_exception, screenshot, wait_ready


def test_home_lists_examples_and_opens_one(server, page):
    page.goto(server.url)
    wait_ready(page)
    no_exception(page)
    expect(page.get_by_role("heading", name="Dilemmakaart").first).to_be_visible()
    expect(page.get_by_text("Casussen in de bibliotheek")).to_be_visible()
    screenshot(page, "home-nl")


def test_code_browser_in_english(server, page):
    page.goto(server.page_url("code", lang="en"))
    wait_ready(page)
    no_exception(page)
    expect(page.get_by_text("Values of the code").first).to_be_visible()
    page.get_by_label("Search a value").fill("privacy")
    page.keyboard.press("Enter")
    wait_ready(page)
    expect(page.get_by_text("Questions for the board").first).to_be_visible()
    screenshot(page, "code-browser-en")
