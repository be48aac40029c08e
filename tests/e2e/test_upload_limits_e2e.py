"""Upload limits on a real server (issue 11.12): at most 1 MB a file (``server.maxUploadSize``) and
50 files at once, each refused in words; nothing is added."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.e2e.conftest import no_exception, screenshot, wait_ready


def _files(n: int, size: int = 60) -> list[dict]:
    return [
        {"name": f"casus-{i}.yaml", "mimeType": "application/yaml", "buffer": (b"# x\n" * size)[:size]}
        for i in range(n)
    ]


def test_too_many_files_and_too_large_a_file_are_refused(server, page):
    before = sorted(p.name for p in server.library.glob("*.yaml"))
    page.goto(server.page_url("bibliotheek"))
    wait_ready(page)
    page.get_by_role("tab", name="Bestanden toevoegen").click()
    upload = page.locator("[data-testid='stFileUploaderDropzoneInput']")
    upload.set_input_files(files=_files(51))
    expect(page.get_by_text("Je koos 51 bestanden; upload er hoogstens 50 tegelijk.")).to_be_visible()
    no_exception(page)
    screenshot(page, "upload-too-many")
    assert sorted(p.name for p in server.library.glob("*.yaml")) == before

    # a file over 1 MB never reaches the server: the uploader says the limit
    page.reload()
    wait_ready(page)
    page.get_by_role("tab", name="Bestanden toevoegen").click()
    upload = page.locator("[data-testid='stFileUploaderDropzoneInput']")
    upload.set_input_files(files=_files(1, 1_500_000))
    expect(page.get_by_text("1.0MB")).to_be_attached()  # Streamlit's own note on the file
    expect(page.get_by_text("Hoogstens 1 MB per bestand")).to_be_visible()
    no_exception(page)
    screenshot(page, "upload-too-large")
    assert sorted(p.name for p in server.library.glob("*.yaml")) == before
