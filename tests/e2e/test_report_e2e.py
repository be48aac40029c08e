"""The HTML report in a real browser: it opens offline, asks nothing of any other host, and looks
right (screenshots under artifacts/screenshots/report-*.png). The PDF rendered with pdftoppm."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date

import pytest

from tests.conftest import require_or_skip
from tests.e2e.conftest import ARTIFACTS, ROOT

CASES = ["slimme-camera-stationsgebied", "drones-dijkinspectie"]


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    from dilemmakaart.code import load_code
    from dilemmakaart.report import write_report
    from dilemmakaart.store import read_case_file

    code = load_code()
    folder = tmp_path_factory.mktemp("reports")
    out = {}
    for name, lang in zip(CASES, ("nl", "en")):
        case = read_case_file(ROOT / "cases" / f"{name}.yaml", code)
        for fmt in ("html", "pdf"):
            out[(name, fmt)] = write_report(
                case, fmt, lang, folder / f"{name}.{fmt}", code=code, today=date(2026, 11, 28)
            )
    return out


@pytest.mark.parametrize("name", CASES)
def test_html_report_offline_in_chromium(browser, reports, name):
    context = browser.new_context(viewport={"width": 1100, "height": 900}, offline=True)
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(reports[(name, "html")].as_uri())
    page.wait_for_load_state("load")
    # every chart image decoded and drawn at a readable size
    sizes = page.eval_on_selector_all(
        "img", "els => els.map(e => [e.complete, e.naturalWidth, e.getBoundingClientRect().width])"
    )
    assert len(sizes) == 3
    assert all(done and natural > 0 and shown >= 400 for done, natural, shown in sizes), sizes
    assert [u for u in requests if not u.startswith(("file:", "data:"))] == []
    assert errors == []  # no Content-Security-Policy violation, nothing blocked
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"report-html-{name}.png"), full_page=True)
    # printing from the browser works too (A4)
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF")
    context.close()


def test_pdf_report_renders_to_images(reports):
    require_or_skip(
        bool(shutil.which("pdftoppm")),
        "pdftoppm is not installed (apt-get install poppler-utils)",
        "DILEMMAKAART_REQUIRE_BROWSER",
    )
    pdf = reports[(CASES[0], "pdf")]
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    prefix = ARTIFACTS / "report-pdf"
    for old in ARTIFACTS.glob("report-pdf-*.png"):
        old.unlink()
    subprocess.run(["pdftoppm", "-r", "60", "-png", str(pdf), str(prefix)], check=True, timeout=120)
    pages = sorted(ARTIFACTS.glob("report-pdf-*.png"))
    assert len(pages) >= 5


def test_download_reports_from_the_map_page(server, page, tmp_path):
    from tests.e2e.conftest import no_exception, screenshot, wait_ready

    page.goto(server.page_url("dilemmakaart", case="drones-dijkinspectie", lang="nl"))
    wait_ready(page)
    no_exception(page)
    button = page.get_by_role("button", name="PDF", exact=True)
    button.scroll_into_view_if_needed()
    screenshot(page, "report-downloads-map")
    for name, magic in (("PDF", b"%PDF"), ("Webpagina (HTML)", b"<!DOCTYPE html>")):
        with page.expect_download(timeout=60_000) as info:
            page.get_by_role("button", name=name, exact=True).click()
        download = info.value
        target = tmp_path / download.suggested_filename
        download.save_as(target)
        assert target.name.startswith("drones-dijkinspectie-rapport.")
        assert target.read_bytes().startswith(magic)
    no_exception(page)
