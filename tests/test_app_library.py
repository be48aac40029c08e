"""The library, comparison and insights pages under AppTest."""

from __future__ import annotations

from dilemmakaart.ui import pages
from tests.apptest import open_page

LIB = pages.LIBRARY
CMP = pages.COMPARE
INS = pages.INSIGHTS


def _texts(at) -> str:
    parts = [m.value for m in at.markdown] + [m.value for m in at.caption] + [m.value for m in at.info]
    parts += [m.value for m in at.success] + [m.value for m in at.warning] + [m.value for m in at.error]
    return "\n".join(str(p) for p in parts)


def test_library_search_filter_and_versions(example_library, monkeypatch):
    at = open_page(LIB, example_library, monkeypatch)
    assert "**12** van de 12 casussen gevonden." in _texts(at)
    at.text_input(key="lib:q").input("sensor").run()
    at.multiselect(key="lib:f:type").select("waterschap").run()
    assert not at.exception
    assert "**2** van de 12 casussen gevonden." in _texts(at)
    # choose one case: its overview and versions appear
    at.multiselect(key="lib:chosen").select("rioolsensoren-data-delen").run()
    assert not at.exception
    assert any("Versies" in s.value for s in at.subheader)


def test_library_duplicate_delete_restore(example_library, monkeypatch):
    at = open_page(LIB, example_library, monkeypatch)
    at.multiselect(key="lib:chosen").select("drones-dijkinspectie").run()
    at.button(key="lib:duplicate").click().run()
    assert not at.exception
    assert (example_library / "drones-dijkinspectie-kopie.yaml").is_file()
    assert "Kopie gemaakt" in _texts(at)
    # delete asks first
    at.button(key="lib:delete").click().run()
    assert (example_library / "drones-dijkinspectie-kopie.yaml").is_file()
    assert "Weet je het zeker?" in _texts(at)
    at.button(key="lib:delete-yes").click().run()
    assert not at.exception
    assert not (example_library / "drones-dijkinspectie-kopie.yaml").exists()
    trashed = list((example_library / ".trash").glob("drones-dijkinspectie-kopie--*.yaml"))
    assert len(trashed) == 1
    at.button(key=f"lib:restore:{trashed[0].name}").click().run()
    assert not at.exception
    assert (example_library / "drones-dijkinspectie-kopie.yaml").is_file()
    assert "teruggehaald" in _texts(at)


def test_library_lists_unreadable_files_without_hiding_the_rest(example_library, monkeypatch):
    (example_library / "kapot.yaml").write_text("format: dilemmakaart/case@1\nid: kapot\ntitle: [\n", encoding="utf-8")
    at = open_page(LIB, example_library, monkeypatch, lang="en")
    assert not at.exception
    text = _texts(at)
    assert "1 file in the library cannot be read" in text
    assert "**12** of 12 cases found." in text


def test_compare_page_three_cases_and_similar(example_library, monkeypatch):
    at = open_page(CMP, example_library, monkeypatch)
    at.multiselect(key="cmp:cases").select("drones-dijkinspectie").select("rioolsensoren-data-delen").select(
        "peilbuizen-grondwater-open-data"
    ).run()
    assert not at.exception
    text = _texts(at)
    assert "Alle gekozen casussen noemen" in text
    assert len(at.get("vega_lite_chart")) >= 3
    assert at.selectbox(key="cmp:similar-for").value == "drones-dijkinspectie"
    assert len(at.dataframe) >= 1


def test_compare_page_english_needs_two(example_library, monkeypatch):
    at = open_page(CMP, example_library, monkeypatch, lang="en")
    assert not at.exception
    assert "Choose at least two cases" in _texts(at)


def test_insights_page_headlines_and_filter(example_library, monkeypatch):
    at = open_page(INS, example_library, monkeypatch)
    text = _texts(at)
    # grouped by framework (issue 16): the code's 10 example cases first, the other two apart
    assert "Dit overzicht gaat over 10 casussen" in text
    assert "Autonomie" in text  # the only value no example case tags
    at.multiselect(key="ins:type").select("waterschap").run()
    assert not at.exception
    assert "Dit overzicht gaat over 3 casussen" in _texts(at)  # the code's water boards; the Digikompas apart
