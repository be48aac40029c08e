"""The report download buttons on the map and decision pages (AppTest)."""

from __future__ import annotations

import pytest

from dilemmakaart.ui import pages
from tests.apptest import open_page


@pytest.mark.parametrize(
    "page, lang, label",
    [
        (pages.MAP, "nl", "PDF"),
        (pages.ACTIONS, "en", "Word"),
    ],
)
def test_report_buttons_on_map_and_decision_pages(page, lang, label, example_library, monkeypatch):
    query = {"case": "drones-dijkinspectie"}
    if page is pages.ACTIONS:
        query["deel"] = "besluit"  # the report goes with the decision: its part of the page
    at = open_page(page, example_library, monkeypatch, query=query, lang=lang)
    assert not at.exception
    labels = [el.proto.label for el in at.get("download_button")]
    assert label in labels, labels
    heading = "Rapport downloaden" if lang == "nl" else "Download the report"
    assert heading in [h.value for h in at.subheader]


def test_no_buttons_without_a_case(library_dir, monkeypatch):
    at = open_page(pages.MAP, library_dir, monkeypatch)
    assert not at.exception
    assert not [el for el in at.get("download_button") if "PDF" in el.proto.label]


def test_report_maker_makes_each_format(code):
    from dilemmakaart.store import read_case_file
    from dilemmakaart.ui.downloads import report_maker
    from tests.conftest import ROOT

    case = read_case_file(ROOT / "cases" / "peilbuizen-grondwater-open-data.yaml", code)
    make = report_maker(case, "md", "en", code)
    case.title = "changed after the button was drawn"
    text = make().decode()
    assert "*Report for the board*" in text and "changed after" not in text  # a copy taken when drawn


def _chart_script():
    import altair as alt
    import pandas as pd

    from dilemmakaart.code import load_code
    from dilemmakaart.ui.bootstrap import Ctx
    from dilemmakaart.ui.downloads import chart_downloads

    chart = alt.Chart(pd.DataFrame({"x": [1, 2], "y": [3, 4]})).mark_point().encode(x="x", y="y")
    chart_downloads(Ctx("en", load_code(), None), chart, "wheel")


def test_chart_downloads_buttons():
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_function(_chart_script, default_timeout=60).run()
    assert not at.exception
    buttons = at.get("download_button")
    assert [el.proto.label for el in buttons] == ["PNG", "SVG"]
    assert [el.proto.help for el in buttons] == ["wheel as PNG", "wheel as SVG"]


def test_on_the_decision_page_the_report_is_in_the_decision_part(example_library, monkeypatch):
    """The other parts of "Acties en besluit" say where the report is, in one line, instead of its
    buttons (every element is drawn again after each run: bench/slider_speed.py)."""
    at = open_page(
        pages.ACTIONS, example_library, monkeypatch, query={"case": "drones-dijkinspectie", "deel": "opties"}
    )
    assert not at.exception
    assert not at.get("download_button")
    assert any("Besluit en herziening" in c.value for c in at.caption)
    at.segmented_control(key="actions:part").set_value("besluit").run()
    assert "PDF" in [el.proto.label for el in at.get("download_button")]
    assert not any("Besluit en herziening" in c.value for c in at.caption)
