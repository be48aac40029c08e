"""The home page and the code browser in a real browser, in Dutch and English."""

from tests.e2e.conftest import no_exception, screenshot, wait_ready


def test_home_lists_examples_and_opens_one(server, page):
    page.goto(server.url)
    wait_ready(page)
    no_exception(page)
    assert page.get_by_role("heading", name="Dilemmakaart").first.is_visible()
    assert page.get_by_text("Casussen in de bibliotheek").is_visible()
    screenshot(page, "home-nl")


def test_code_browser_in_english(server, page):
    page.goto(server.page_url("code", lang="en"))
    wait_ready(page)
    no_exception(page)
    assert page.get_by_text("Values of the code").first.is_visible()
    page.get_by_label("Search a value").fill("privacy")
    page.keyboard.press("Enter")
    wait_ready(page)
    assert page.get_by_text("Questions for the board").first.is_visible()
    screenshot(page, "code-browser-en")
