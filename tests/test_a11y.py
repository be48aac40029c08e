"""The marks ``ui/a11y.py`` puts on containers, the charts' one-line summaries, and required
labels: the parts of the accessibility work that need no browser (the browser side is in
``tests/e2e/test_wcag_e2e.py``)."""

from __future__ import annotations

import re

import pytest
import streamlit as st

from dilemmakaart.charts import describe
from dilemmakaart.i18n import t
from dilemmakaart.ui import a11y

STREAMLIT_CLASS = re.compile(r"[^a-zA-Z0-9_-]")  # what Streamlit's front end replaces in a key's class


@pytest.mark.parametrize("key", ["weigh-card-privacy--veiligheid", "actions:a6140bc:open", "values-card-x_y", "é ü|x"])
def test_css_key_is_the_class_streamlit_writes(key):
    assert a11y.css_key(key) == STREAMLIT_CLASS.sub("-", key.strip())
    assert a11y.key_class(key) == "." + "st-key-" + STREAMLIT_CLASS.sub("-", key.strip())


def test_field_keys_and_links_agree():
    from dilemmakaart.ui.fields import field_link

    assert a11y.field_key("describe:title", required=True) == "dkfield-req-describe-title"
    assert a11y.field_key("join:code") == "dkfield-join-code"
    assert field_link("describe:title", required=True) == "#dkfield-req-describe-title"


def test_focus_request_goes_with_runs_for_a_few_seconds_then_lapses(monkeypatch):
    st.session_state.clear()
    clock = [100.0]
    monkeypatch.setattr(a11y.time, "monotonic", lambda: clock[0])
    assert a11y.focus_request() is None
    a11y.request_focus(".st-key-x h3", inside=False)
    first = a11y.focus_request()
    assert first is not None and first["target"] == ".st-key-x h3" and first["inside"] is False
    assert "until" not in first
    clock[0] += 1
    assert a11y.focus_request() == first  # the same request (same nonce) on a rerun straight after
    a11y.request_focus(".st-key-y")
    second = a11y.focus_request()
    assert second is not None and second["nonce"] != first["nonce"]
    clock[0] += a11y.FOCUS_FOR + 1
    assert a11y.focus_request() is None
    assert a11y.FOCUS not in st.session_state


def test_named_groups_carry_their_words_in_hex():
    words = "van de dilemmakaart"
    assert bytes.fromhex(words.encode("utf-8").hex()).decode("utf-8") == words
    # the browser's script takes the part after "dkname-" up to the first "-": hex has none
    assert "-" not in words.encode("utf-8").hex()


def test_the_map_and_wheel_summaries(example_library, code):
    from dilemmakaart.store import CaseLibrary

    case = CaseLibrary(example_library, code).load("tellen-bezoekers-binnenstad")
    hot = [v for v in case.values if v.weight >= 5 and v.effect < 0]
    assert describe.map_summary(case, code, "nl") == (
        f"Dilemmakaart: {len(hot)} van de {len(case.values)} waarden "
        f"{'weegt' if len(hot) == 1 else 'wegen'} zwaar en {'staat' if len(hot) == 1 else 'staan'} onder druk"
    )
    under = sum(1 for v in case.values if v.effect < 0)
    stronger = sum(1 for v in case.values if v.effect > 0)
    assert describe.wheel_summary(case, code, "en") == (
        f"Value wheel: {len(case.values)} of the 30 values chosen; {under} under pressure, {stronger} strengthened"
    )
    assert describe.tradeoffs_summary(case, "nl").startswith(f"Afwegingen: {len(case.dilemmas)} dilemma")
    empty = case.model_copy(deep=True)
    for value in list(empty.values):
        empty.untag(value.value)
    assert describe.map_summary(empty, code, "nl") == t("a11y.map_summary_empty", "nl")


def test_required_label_says_so_in_both_languages():
    assert t("a11y.required", "nl", label="Titel") == "Titel (verplicht)"
    assert t("a11y.required", "en", label="Title") == "Title (required)"


def test_comparison_wheels_come_one_chart_per_case_to_wrap_on_a_narrow_screen(example_library, code):
    from dilemmakaart.charts import library_charts
    from dilemmakaart.store import CaseLibrary

    library = CaseLibrary(example_library, code)
    ids = [
        "drones-dijkinspectie",
        "tellen-bezoekers-binnenstad",
        "chatbot-vragen-burgers",
        "peilbuizen-grondwater-open-data",
    ]
    cases = [library.load(case_id) for case_id in ids]
    *wheels, key = library_charts.comparison_wheel_charts(cases, code, "nl", size=240)
    assert len(wheels) == 4
    for wheel, case in zip(wheels, cases):
        spec = wheel.to_dict()
        assert spec["autosize"] == {"type": "pad", "contains": "padding"}  # names and title kept inside
        title = spec["title"]  # the whole case title, wrapped to the wheel's width, never cut with "…"
        assert " ".join([title] if isinstance(title, str) else title) == case.title
    assert key.to_dict()["autosize"]["type"] == "pad"
