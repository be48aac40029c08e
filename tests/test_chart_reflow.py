"""WCAG 1.4.10 Reflow for the case charts: at 320 px (a chart of NARROW pixels) titles and subtitles
wrap instead of being cut, legends sit below the plot in one column, the trade-offs' names fit."""

from __future__ import annotations

import pytest

from dilemmakaart.case import Dilemma, ValueAtStake, new_case
from dilemmakaart.charts import case_charts as cc
from dilemmakaart.charts.labels import NARROW, TITLE_WIDTH, fit_lines, text_width
from dilemmakaart.code import load_code


@pytest.fixture(scope="module")
def code():
    return load_code()


@pytest.fixture
def case():
    return new_case(
        "reflow",
        "Reflow",
        values=[
            ValueAtStake(value="non-discriminatie", weight=9, effect=-3),
            ValueAtStake(value="doeltreffendheid", weight=7, effect=2),
            ValueAtStake(value="menselijke-eindverantwoordelijkheid", weight=8, effect=-2),
        ],
        dilemmas=[
            Dilemma(a="non-discriminatie", b="doeltreffendheid", balance=-10),
            Dilemma(a="menselijke-eindverantwoordelijkheid", b="doeltreffendheid", balance=30),
        ],
    )


def _titles(spec: dict) -> tuple[list[str], list[str]]:
    title = spec["title"]
    text = title["text"]
    return (text if isinstance(text, list) else [text]), list(title.get("subtitle") or [])


def test_fit_lines_wraps_at_spaces_keeps_breaks_and_cuts_no_word():
    text = "Kijk eerst linksboven: daar staan waarden die zwaar wegen en onder druk komen.\nTweede zin."
    lines = fit_lines(text, 14, 200)
    assert " ".join(lines) == text.replace("\n", " ")
    assert lines[-1] == "Tweede zin."
    assert all(text_width(line, 14) <= 200 for line in lines)
    assert fit_lines("Onvoorstelbaarlangwoord", 14, 20) == ["Onvoorstelbaarlangwoord"]


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("kind", ["map", "tradeoffs", "wheel", "map_empty", "tradeoffs_empty"])
def test_titles_and_subtitles_fit_the_narrowest_chart(case, code, lang, kind):
    if kind.endswith("_empty"):
        case.values, case.dilemmas = [], []
    chart = {
        "map": lambda: cc.dilemma_map(case, code, lang),
        "map_empty": lambda: cc.dilemma_map(case, code, lang),
        "tradeoffs": lambda: cc.tradeoffs(case, code, lang),
        "tradeoffs_empty": lambda: cc.tradeoffs(case, code, lang),
        "wheel": lambda: cc.value_wheel(case, code, lang),
    }[kind]()
    text, subtitle = _titles(chart.to_dict())
    assert all(text_width(line, cc.TITLE_SIZE + 1, bold=True) <= TITLE_WIDTH for line in text)
    assert all(text_width(line, cc.SUBTITLE_SIZE) <= TITLE_WIDTH for line in subtitle)
    if kind in ("map", "tradeoffs"):
        assert len(subtitle) >= 3  # the two sentences did not fit on one line each at 280 px


def test_map_legend_is_below_and_one_column_when_narrow(case, code):
    spec = cc.dilemma_map(case, code, "nl").to_dict()
    legends = [
        enc[ch]["legend"]
        for layer in spec["layer"]
        for enc in [layer.get("encoding", {})]
        for ch in ("color", "shape")
        if ch in enc and enc[ch].get("legend")
    ]
    assert legends
    for legend in legends:
        assert legend["orient"] == "bottom"
        assert legend["columns"] == {"expr": "width < 420 ? 1 : 0"}


def test_tradeoff_names_of_a_row_leave_a_gap_on_the_narrowest_chart(case, code):
    spec = cc.tradeoffs(case, code, "nl").to_dict()
    names = [
        layer
        for layer in spec["layer"]
        if isinstance(layer.get("mark"), dict)
        and layer["mark"].get("type") == "text"
        and layer["mark"].get("lineBreak")
    ]
    assert len(names) >= 2  # left and right, one layer per number of lines
    for layer in names:
        assert layer["mark"]["fontSize"] == {"expr": f"width < 420 ? {cc.NARROW_NAME_SIZE} : {cc.LABEL_SIZE + 1}"}
    rows: dict[int, list[str]] = {}
    for layer in names:
        for row in spec["datasets"][layer["data"]["name"]]:
            rows.setdefault(row["row"], []).append(row["name"])
    assert len(rows) == 2
    for a, b in rows.values():
        width = sum(max(text_width(line, cc.NARROW_NAME_SIZE, bold=True) for line in n.split("\n")) for n in (a, b))
        assert width + cc.END_GAP <= NARROW
    # the long name lost no letter, only gained line breaks and one hyphen
    assert "Menselijke\neindverantwoordelijk-\nheid" in [n for pair in rows.values() for n in pair]


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Privacy", "Veiligheid"),
        ("Non-discriminatie", "Doeltreffendheid"),
        ("Menselijke eindverantwoordelijkheid", "Menselijke eindverantwoordelijkheid"),
    ],
)
def test_end_names_fit_together_and_lose_nothing(a, b):
    a_text, b_text = cc._end_names(a, b)
    width = sum(
        max(text_width(line, cc.NARROW_NAME_SIZE, bold=True) for line in n.split("\n")) for n in (a_text, b_text)
    )
    assert width + cc.END_GAP <= NARROW
    for original, shown in ((a, a_text), (b, b_text)):
        assert shown.replace("-\n", "").replace("\n", " ").replace(" -", "-") == original
    if (a, b) == ("Privacy", "Veiligheid"):
        assert (a_text, b_text) == (a, b)  # short names stay whole, on one line
