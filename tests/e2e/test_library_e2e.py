"""The library in a real browser: upload a broken and a good file, compare three cases, restore
one from the trash. Screenshots in artifacts/screenshots/library-*.png."""

from __future__ import annotations

from playwright.sync_api import expect

from dilemmakaart.case import ValueAtStake, case_to_data, new_case
from dilemmakaart.yamlio import dump_yaml
from tests.e2e.conftest import no_exception, screenshot, wait_ready


def _upload(page, name: str, text: str) -> None:
    page.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files(
        files=[{"name": name, "mimeType": "application/yaml", "buffer": text.encode("utf-8")}]
    )
    wait_ready(page)


def test_upload_broken_then_valid_file(server, page):
    page.goto(server.page_url("bibliotheek"))
    wait_ready(page)
    no_exception(page)
    screenshot(page, "library-table")
    page.get_by_role("tab", name="Bestanden toevoegen").click()
    broken = "format: dilemmakaart/case@1\nid: nieuw-project\ntitle: Nieuw\ndescription: ''\nvalues:\n  - value: privacy\n    weight: 12\n    effect: -2\n"
    _upload(page, "nieuw-project.yaml", broken)
    page.get_by_text("Dit bestand kan niet worden toegevoegd").first.wait_for()  # waits: the rerun may start late
    page.get_by_text("values[0].weight").first.wait_for()
    screenshot(page, "library-upload-error")
    good = case_to_data(
        new_case(
            "nieuw-project",
            "Nieuw project met sensoren",
            organisation_type="waterschap",
            values=[ValueAtStake(value="privacy", weight=8, effect=-2)],
        )
    )
    _upload(page, "nieuw-project.yaml", dump_yaml(good))
    page.get_by_role("button", name="Toevoegen aan de bibliotheek").click()
    wait_ready(page)
    no_exception(page)
    page.get_by_text("Toegevoegd aan de bibliotheek.").first.wait_for()
    assert (server.library / "nieuw-project.yaml").is_file()
    screenshot(page, "library-upload-saved")


def test_compare_three_cases(server, page):
    page.goto(
        server.page_url(
            "vergelijken", cases="drones-dijkinspectie,rioolsensoren-data-delen,peilbuizen-grondwater-open-data"
        )
    )
    wait_ready(page)
    no_exception(page)
    expect(page.get_by_text("Alle gekozen casussen noemen")).to_be_visible()
    page.locator("[data-testid='stVegaLiteChart']").first.wait_for()
    assert page.locator("[data-testid='stVegaLiteChart']").count() >= 3
    screenshot(page, "library-compare")


def test_restore_from_trash(server, page):
    server.library.joinpath(".trash").mkdir(exist_ok=True)
    (server.library / "chatbot-vragen-burgers.yaml").rename(
        server.library / ".trash" / "chatbot-vragen-burgers--20260101T120000000000.yaml"
    )
    page.goto(server.page_url("bibliotheek"))
    wait_ready(page)
    page.get_by_role("tab", name="Prullenbak").click()
    page.get_by_role("button", name="Terughalen").click()
    wait_ready(page)
    no_exception(page)
    page.get_by_text("is teruggehaald uit de prullenbak").first.wait_for()
    assert (server.library / "chatbot-vragen-burgers.yaml").is_file()
    screenshot(page, "library-restored")


def test_insights_page(server, page):
    page.goto(server.page_url("inzichten"))
    wait_ready(page)
    no_exception(page)
    expect(page.get_by_text("Dit overzicht gaat over")).to_be_visible()
    page.locator("[data-testid='stVegaLiteChart']").first.wait_for()
    screenshot(page, "library-insights")
