"""Issue 16: pages that show cases of several frameworks name every item through the case's own
framework, never by its id or by the default code's words (Waarden, comparison, library)."""

from __future__ import annotations

import pytest

from dilemmakaart.charts.library_charts import balances_data
from dilemmakaart.code import load_code
from dilemmakaart.frameworks import value_names
from dilemmakaart.search import rows
from dilemmakaart.similarity import similar_cases
from dilemmakaart.store import CaseLibrary
from dilemmakaart.ui import pages
from tests.apptest import open_page

WATER = "waterschap-slimme-stuwen"  # weighed in the Digikompas waterschappen
DRONES = "drones-dijkinspectie"  # weighed in the default code


@pytest.fixture(autouse=True)
def _defaults(monkeypatch):
    for name in ("DILEMMAKAART_CODE", "DILEMMAKAART_FRAMEWORKS", "DILEMMAKAART_CROSSWALK"):
        monkeypatch.delenv(name, raising=False)


def _cases(library):
    store = CaseLibrary(library, load_code())
    return store.load(WATER), store.load(DRONES)


def test_values_are_named_by_each_cases_own_framework(example_library):
    code = load_code()
    water, drones = _cases(example_library)
    names = value_names([drones, water], code, "nl")
    assert names["alert"] == "Reageert alert" and names["samenwerken"] == "Werkt samen"
    assert names["privacy"] == code.value_name("privacy", "nl")
    assert value_names([water], code, "en")["alert"] != "alert"
    (row,) = rows([water], code, "nl", top_values=5)
    assert row.values == "Betrouwbaar, Reageert alert, Transparant, Werkt samen, Toegankelijk"
    data = balances_data([water, drones], code, "nl")
    mine = data[data["case_id"] == WATER]
    assert set(mine["a_name"]) | set(mine["b_name"]) == {"Reageert alert", "Betrouwbaar", "Transparant", "Toegankelijk"}
    assert set(mine["pair"]) == {
        "Reageert alert ↔ Betrouwbaar",
        "Betrouwbaar ↔ Transparant",
        "Reageert alert ↔ Toegankelijk",
    }


def test_the_similarity_reason_names_shared_items_by_the_similar_cases_framework(example_library):
    code = load_code()
    water, _ = _cases(example_library)
    twin = water.model_copy(update={"id": "tweede-stuw"})
    (found,) = similar_cases(water, [water, twin], limit=5)
    assert found.shared_values
    reason = found.reason(code, "nl")
    assert "Reageert alert" in reason, reason


def test_the_values_page_names_the_cases_framework_not_the_code(example_library, monkeypatch):
    at = open_page(pages.VALUES, example_library, monkeypatch, query={"case": WATER})
    subheaders = [s.value for s in at.subheader]
    assert "Alle waarden uit Digikompas waterschappen" in subheaders
    assert "Alle waarden van de code" not in subheaders
    intro = "\n".join(m.value for m in at.markdown)
    assert "Kies de waarden uit Digikompas waterschappen" in intro and "uit de code" not in intro
    at = open_page(pages.VALUES, example_library, monkeypatch, query={"case": DRONES})
    assert "Alle waarden uit Code Goed Digitaal Openbaar Bestuur" in [s.value for s in at.subheader]


def test_the_comparison_and_the_library_filter_name_other_frameworks_items(example_library, monkeypatch):
    at = open_page(pages.COMPARE, example_library, monkeypatch, query={"cases": f"{WATER},{DRONES}"})
    text = "\n".join(m.value for m in at.markdown).replace("\\", "")
    assert "Reageert alert" in text and "Werkt samen" in text, text
    at = open_page(pages.LIBRARY, example_library, monkeypatch)
    options = at.multiselect(key="lib:f:value").options
    assert "Reageert alert" in options and "Werkt samen" in options
    assert "alert" not in options and "samenwerken" not in options


def test_the_weigh_page_names_the_cases_framework_not_the_code(example_library, monkeypatch):
    at = open_page(pages.WEIGH, example_library, monkeypatch, query={"case": WATER})
    said = "\n".join([c.value for c in at.caption] + [s.value for s in at.subheader])
    assert "Voorbeeld uit Digikompas waterschappen:" in said or "Dilemma's die Digikompas waterschappen noemt" in said
    assert "uit de code" not in said and "die de code noemt" not in said
