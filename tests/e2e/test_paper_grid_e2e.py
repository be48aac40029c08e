"""The paper page's answer grid in Chromium (issue 14): empty cells are drawn empty (Streamlit draws
"None" in a missing number unless told otherwise), and a number typed into a cell is read as a sheet."""

from __future__ import annotations

import io
import re

from PIL import Image
from playwright.sync_api import expect

from tests.e2e.conftest import ARTIFACTS, new_page, no_exception, wait_ready


def _dark_pixels(png: bytes, left: int, top: int) -> int:
    """Pixels darker than the grid's light lines in the part of the picture right of ``left`` and
    below ``top`` (the cells of the number columns, without the header and the sheet names)."""
    image = Image.open(io.BytesIO(png)).convert("L")
    cells = image.crop((left, top, image.width - 2, image.height - 2))
    return len([level for level in cells.tobytes() if level < 200])  # one byte per pixel in mode L


def test_empty_cells_are_empty_and_a_typed_number_is_read(server, browser):
    page = new_page(browser, 1366, 900)
    try:
        page.goto(server.page_url("papier"))
        wait_ready(page)
        grid = page.locator("[data-testid='stDataFrame']").first
        grid.scroll_into_view_if_needed()
        expect(grid.locator("canvas").first).to_be_visible()
        expect(grid.locator("td", has_text="Blad 8")).to_have_count(1)  # the grid has drawn its rows
        box = grid.bounding_box()
        assert box
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        shot = grid.screenshot(path=str(ARTIFACTS / "paper-grid-empty.png"))
        # the number columns start a little right of the sheet names; the header row is ~38 px high
        assert _dark_pixels(shot, left=120, top=40) == 0  # no "None" (grey text) in any empty cell

        # a weight typed into the first sheet's first question is read as one worksheet
        grid.dblclick(position={"x": 200, "y": 54})  # opens the cell's editor
        editor = page.locator("#portal input.gdg-input")
        expect(editor).to_be_visible()
        editor.fill("7")
        editor.press("Enter")
        expect(page.get_by_text("1 werkblad gelezen.")).to_be_visible()
        no_exception(page)
        expect(grid.locator("td").filter(has_text=re.compile(r"^7$"))).to_have_count(1)  # not "Blad 7"
        grid.screenshot(path=str(ARTIFACTS / "paper-grid-typed.png"))
    finally:
        page.context.close()
