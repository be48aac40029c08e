"""Issue 16 in the app (AppTest): a case in another framework opens in it, the map page views a case
through another framework and back, the code browser lists the frameworks with the law and the
crosswalk, a changed framework file is said in words, and the drafts to file sit beside the report."""

from __future__ import annotations

import pytest

from dilemmakaart.ui import pages
from tests.apptest import go, open_page
from tests.framework_files import DIGI, changed_digikompas


@pytest.fixture(autouse=True)
def _defaults(monkeypatch):
    for name in ("DILEMMAKAART_CODE", "DILEMMAKAART_FRAMEWORKS", "DILEMMAKAART_CROSSWALK"):
        monkeypatch.delenv(name, raising=False)


def _text(at) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption] + [s.value for s in at.subheader]
    parts += [m.value for m in at.warning] + [m.value for m in at.info] + [m.value for m in at.title]
    return "\n".join(str(p) for p in parts).replace("\\", "")


def test_a_water_board_case_opens_in_the_digikompas_with_drafts_to_file(example_library, monkeypatch):
    at = open_page(pages.MAP, example_library, monkeypatch, query={"case": "waterschap-slimme-stuwen"})
    text = _text(at)
    assert "Deze casus is gewogen in het kader **Digikompas waterschappen** (versie 2026.1)." in text
    assert "Reageert alert tegenover Betrouwbaar" in text  # its own items by name
    drafts = [b.proto for b in at.get("download_button") if b.proto.help.endswith("(concept)")]
    assert [(b.label, b.help) for b in drafts] == [
        ("JSON", "Download Algoritmeregister als JSON (concept)"),
        ("CSV", "Download Algoritmeregister als CSV (concept)"),
        ("Markdown", "Download IAMA (mensenrechten en algoritmes) als Markdown (concept)"),
        ("Word", "Download IAMA (mensenrechten en algoritmes) als Word (concept)"),
        ("Markdown", "Download DPIA-startpunten (AVG art. 35) als Markdown (concept)"),
        ("Word", "Download DPIA-startpunten (AVG art. 35) als Word (concept)"),
    ]
    assert "Concepten om in te dienen" in text


def test_the_map_views_a_case_through_another_framework_and_back(example_library, monkeypatch):
    at = open_page(pages.MAP, example_library, monkeypatch, query={"case": "drones-dijkinspectie"})
    view = at.segmented_control(key="fw:view:drones-dijkinspectie")
    assert view.value == "codio"
    assert view.options == [
        "Code Goed Digitaal Openbaar Bestuur (eigen kader)",
        "Digikompas waterschappen",
        "Code Goed Openbaar Bestuur (2009)",
    ]
    view.set_value(DIGI).run()
    assert not at.exception
    text = _text(at)
    assert "De dilemmakaart door Digikompas waterschappen" in text
    assert "Door Digikompas waterschappen bekeken:" in text and "Niet geraakt door deze casus:" in text
    assert "Hier moet het bestuur eerst naar kijken" not in text
    frame = at.dataframe[0].value
    assert list(frame.columns) == ["Punt", "Stand", "Gewicht", "Effect", "Uit de casus"]
    assert len(frame) == 5
    at.segmented_control(key="fw:view:drones-dijkinspectie").set_value("codio").run()
    text = _text(at)
    assert "Hier moet het bestuur eerst naar kijken" in text and "De dilemmakaart door" not in text


def test_the_code_browser_lists_frameworks_with_law_and_crosswalk(example_library, monkeypatch):
    at = open_page(pages.CODE, example_library, monkeypatch)
    choice = at.segmented_control(key="code:framework")
    assert choice.value == "codio"
    text = _text(at)
    assert "Al geregeld in de wet" in text and "Wat deze waarde daarbovenop vraagt" in text
    choice.set_value(DIGI).run()
    assert not at.exception
    text = _text(at)
    assert "Digikompas waterschappen" in [t.value for t in at.title]
    assert "Reageert alert" in [e.label.rstrip(" *") for e in at.expander]
    assert "koppelingen tussen deze twee kaders" in text  # side by side with the crosswalk
    frames = [f.value for f in at.dataframe]
    assert "**Betrouwbaar**  \nAl geregeld in de wet: AVG (via Veiligheid, Privacy), BIO (via Veiligheid)" in text
    side = next(f for f in frames if "Digikompas waterschappen" in f.columns)  # the shown framework first
    assert list(side["Digikompas waterschappen"]) == [
        "Toegankelijk",
        "Reageert alert",
        "Werkt samen",
        "Transparant",
        "Betrouwbaar",
    ]


def test_a_changed_framework_file_is_said_in_words_and_can_be_taken_over(example_library, monkeypatch, tmp_path):
    monkeypatch.setenv(
        "DILEMMAKAART_CODE", str(changed_digikompas(tmp_path / "digikompas.yaml"))
    )  # the water board's own, newer file
    at = open_page(pages.DESCRIBE, example_library, monkeypatch, query={"case": "waterschap-slimme-stuwen"})
    text = _text(at)
    assert (
        "Het kader Digikompas waterschappen is veranderd sinds deze casus is gemaakt (versie 2026.1, nu 2026.2)."
        in text
    )
    assert "Nieuw: Duurzaam. Kijk of het ook bij deze casus hoort." in text
    assert "Andere naam: Transparant heet nu Open en transparant." in text
    at.button(key="fw:adopt").click().run()
    assert not at.exception
    assert "is veranderd sinds" not in _text(at)
    assert at.session_state["dk:case"].code_version == "2026.2"


def test_a_new_case_is_weighed_in_the_framework_chosen(example_library, monkeypatch):
    at = open_page(pages.HOME, example_library, monkeypatch)
    at = open_page(pages.DESCRIBE, example_library, monkeypatch)
    at.button(key="flow:start-new").click().run()
    assert not at.exception
    choose = at.selectbox(key="fw:choose")
    assert choose.value == "codio" and not choose.disabled
    choose.select(DIGI).run()
    assert not at.exception
    case = at.session_state["dk:case"]
    assert case.code == DIGI and case.code_version == "2026.1"
    at.text_input(key="describe:title").input("Meldingen over wateroverlast per app").run()
    go(at, pages.VALUES)
    at.checkbox(key="values:tag:alert").check().run()  # an item of the Digikompas, not a value of the code
    assert not at.exception
    assert [v.value for v in at.session_state["dk:case"].values] == ["alert"]
    at.button(key="flow:save").click().run()
    assert not at.exception
    saved = (example_library / "meldingen-over-wateroverlast-per-app.yaml").read_text(encoding="utf-8")
    assert "code: digikompas-waterschappen\ncode_version: '2026.1'" in saved
    assert "- value: alert" in saved
    go(at, pages.DESCRIBE)
    assert at.selectbox(key="fw:choose").disabled  # with an item tagged, the framework is fixed


def test_library_insights_grouped_by_framework(example_library, monkeypatch):
    at = open_page(pages.INSIGHTS, example_library, monkeypatch)
    group = at.segmented_control(key=f"ins:framework:codio|{DIGI}|goed-openbaar-bestuur-2009")
    assert group.options == [
        "Code Goed Digitaal Openbaar Bestuur (10)",
        "Digikompas waterschappen (1)",
        "Code Goed Openbaar Bestuur (2009) (1)",
    ]
    assert "Dit overzicht gaat over 10 casussen" in _text(at)
    group.set_value(DIGI).run()
    assert not at.exception
    text = _text(at)
    assert "Dit overzicht gaat over 1 casus" in text and "Betrouwbaar" in text


def test_a_broken_crosswalk_is_said_and_the_pages_go_on(example_library, monkeypatch, tmp_path):
    broken = tmp_path / "koppelingen.yaml"
    broken.write_text(
        'format: "dilemmakaart/crosswalk@1"\nnote: {nl: "n", en: "n"}\n'
        'links:\n  - {a: "nergens/x", relation: "same", b: "codio/privacy"}\n',
        encoding="utf-8",
    )
    monkeypatch.setenv("DILEMMAKAART_CROSSWALK", str(broken))
    at = open_page(pages.MAP, example_library, monkeypatch, query={"case": "drones-dijkinspectie"})
    labels = [e.label for e in at.expander]
    assert (
        "Het koppelbestand koppelingen.yaml kan niet worden gelezen; koppelingen tussen kaders zijn daarom niet beschikbaar"
        in labels
    )
    assert "Hier moet het bestuur eerst naar kijken" in _text(at)  # the map itself as always
    assert "Onbekend kader 'nergens': er is geen kaderbestand met die id." in " ".join(t.value for t in at.text)
    go(at, pages.CODE)
    assert any(label.startswith("Het koppelbestand") for label in (e.label for e in at.expander))


def test_a_changed_case_records_its_framework_version_when_saved(example_library, monkeypatch):
    path = example_library / "drones-dijkinspectie.yaml"
    assert "code_version" not in path.read_text(encoding="utf-8")  # made before versions were recorded
    at = open_page(pages.DESCRIBE, example_library, monkeypatch, query={"case": "drones-dijkinspectie"})
    at.button(key="flow:save").click().run()  # nothing changed: nothing written, nothing recorded
    assert "code_version" not in path.read_text(encoding="utf-8")
    at.text_input(key="describe:title").input("Drones boven de dijk, tweede ronde").run()
    at.button(key="flow:save").click().run()
    assert not at.exception
    assert "code_version: '2026.1'" in path.read_text(encoding="utf-8")
