"""The options section on "Acties en besluit" under AppTest (issue 15)."""

from __future__ import annotations

import json

import pyarrow

from dilemmakaart.ui import pages, state
from tests.apptest import open_page


def _said(at) -> str:
    texts = [m.value for m in at.markdown]
    texts += [e.value for kind in ("success", "info", "warning", "error") for e in getattr(at, kind)]
    return "\n".join(texts).replace("\\", "").replace("\u2060", "")


def _options(example_library, monkeypatch, case: str):
    """The page "Acties en besluit" on its part "opties" (a link with ``deel=opties``)."""
    return open_page(pages.ACTIONS, example_library, monkeypatch, query={"case": case, "deel": "opties"})


def _open(at, option_id: str):
    """Open an option's editor (built only while open), as a click on its title does."""
    at.session_state[f"options:{option_id}:open"] = True
    return at.run()


def test_the_page_shows_one_part_at_a_time_and_a_closed_editor_is_not_built(example_library, monkeypatch):
    at = open_page(pages.ACTIONS, example_library, monkeypatch, query={"case": "slimme-camera-stationsgebied"})
    assert at.segmented_control(key="actions:part").value == "acties"  # the actions first
    assert "Opties: welke keuze houdt stand?" not in [h.value for h in at.header]
    assert not [k for k in (w.key for w in at.text_area) if k and k.startswith("actions:decision")]
    at.segmented_control(key="actions:part").set_value("opties").run()
    assert not at.exception, at.exception
    assert "Opties: welke keuze houdt stand?" in [h.value for h in at.header]
    assert at.query_params["deel"] == "opties"  # a reload keeps the part
    assert "Zoals voorgesteld" in [e.label for e in at.expander]
    assert not [n for n in at.number_input if n.key.startswith("options:zoals-voorgesteld:effect:")]  # closed
    _open(at, "zoals-voorgesteld")
    assert [n for n in at.number_input if n.key.startswith("options:zoals-voorgesteld:effect:")]
    assert len(at.dataframe) == 1  # the ranking; the chart's text equivalent only while open
    at.session_state["options:flips-as-text"] = True
    at.run()
    table = at.dataframe[1].value
    assert "Privacy" in table.to_string() and len(at.dataframe) == 2
    at.segmented_control(key="actions:part").set_value("besluit").run()
    assert at.text_area(key="actions:decision:text") is not None and at.text_area(key="options:triggers") is not None
    assert "Opties: welke keuze houdt stand?" not in [h.value for h in at.header]


def test_start_from_the_proposal_and_doing_nothing(example_library, monkeypatch):
    at = _options(example_library, monkeypatch, "peilbuizen-grondwater-open-data")
    assert "Opties: welke keuze houdt stand?" in [h.value for h in at.header]
    at.button(key="options:start").click().run()
    assert not at.exception
    titles = [e.label for e in at.expander if e.label in ("Zoals voorgesteld", "Niets doen")]
    assert titles == ["Zoals voorgesteld", "Niets doen"]
    said = _said(at)
    assert "scoort het best" in said or "geen beste optie" in said
    # an effect set through its field is in the case, and the ranking follows it
    _open(at, "niets-doen")
    for effect in [n for n in at.number_input if n.key.startswith("options:niets-doen:effect:")]:
        effect.set_value(5).run()
    assert not at.exception
    assert set(at.session_state[state.CASE_KEY].option("niets-doen").effects.values()) == {5}
    assert "‘Niets doen’ scoort het best" in _said(at)


def test_an_example_with_a_group_shows_ranking_flips_share_and_what_matters(example_library, monkeypatch):
    at = _options(example_library, monkeypatch, "slimme-camera-stationsgebied")
    said = _said(at)
    assert "‘Meer handhavers op straat, geen slimme camera's’ scoort het best" in said
    assert (
        "Als Privacy 4 punt lichter weegt (onder 5), wint ‘Slimme camera's die gezichten in de camera vervagen’."
        in said
    )
    assert "Niet toegestaan: ‘Camera's met gezichtsherkenning’" in said and "AVG art. 9" in said
    assert "‘Meer handhavers op straat, geen slimme camera's’ wint voor 4 van de 7 deelnemers." in said
    assert "Over Privacy verschilt de groep (gewichten 4 tot 10), en dat kan het besluit veranderen" in said
    chart = next(
        c for c in at.get("vega_lite_chart") if json.loads(c.proto.spec)["title"]["text"] == "Wat het besluit verandert"
    )
    rows = pyarrow.ipc.open_stream(chart.proto.datasets[0].data.data).read_pandas()
    assert list(rows["name"])[:2] == ["Innovatie", "Privacy"] and list(rows["at"])[1] == 5


def test_trying_a_weight_past_its_flip_point_changes_the_sentence_not_the_case(example_library, monkeypatch):
    at = _options(example_library, monkeypatch, "slimme-camera-stationsgebied")
    at.selectbox(key="options:try-value").select("privacy").run()
    tried = [m.value.replace("\\", "") for m in at.markdown if "scoort het best" in m.value]
    assert any("‘Meer handhavers op straat, geen slimme camera's’ scoort het best" in m for m in tried)
    at.slider(key="options:try-weight:privacy").set_value(4).run()
    assert not at.exception
    tried = [m.value.replace("\\", "") for m in at.markdown if "scoort het best" in m.value]
    assert any("‘Slimme camera's die gezichten in de camera vervagen’ scoort het best" in m for m in tried)
    # the case keeps its own weight
    assert any(
        "‘Meer handhavers op straat, geen slimme camera's’ scoort het best" in s.value.replace("\\", "")
        for s in at.success
    )


def test_marking_an_option_as_breaking_a_legal_floor(example_library, monkeypatch):
    at = _open(_options(example_library, monkeypatch, "slimme-camera-stationsgebied"), "zoals-voorgesteld")
    at.selectbox(key="options:zoals-voorgesteld:floor").select("privacy|AVG art. 5").run()
    at.button(key="options:zoals-voorgesteld:mark").click().run()
    assert "Kies de wettelijke ondergrens en schrijf erbij waarom" in _said(at)  # no reason: refused, said
    at.text_input(key="options:zoals-voorgesteld:why").input(
        "Beelden van iedereen, ook zonder melding, worden bewaard."
    ).run()
    at.button(key="options:zoals-voorgesteld:mark").click().run()
    assert not at.exception
    said = _said(at)
    assert "Niet toegestaan: ‘Zoals voorgesteld’" in said and "AVG art. 5" in said
    # the open editor keeps the label it was opened with (a label that changed would draw the editor
    # anew, and a field typed in just then would lose its text); closed, it says what is true now
    assert "Zoals voorgesteld" in [e.label for e in at.expander]
    at.session_state["options:zoals-voorgesteld:open"] = False
    at.run()
    assert "Zoals voorgesteld — niet toegestaan" in [e.label for e in at.expander]


def test_the_facilitators_reveal_says_which_disagreement_matters(example_library, monkeypatch):
    from dilemmakaart.session import SessionStore

    store = SessionStore(example_library)
    info, key = store.create("slimme-camera-stationsgebied")
    at = open_page(pages.SESSION, example_library, monkeypatch, query={"session": info.id, "key": key})
    for i, weight in enumerate([4, 4, 4, 10, 10, 10]):
        _, person = store.join(info.join_code, name=f"Persoon {i}")
        store.submit(info.id, person.token, 1, {"weights": {"privacy": weight}, "effects": {}, "balances": {}})
    at.run()
    assert "Welke optie wint, en welke verschillen doen ertoe?" not in [s.value for s in at.subheader]  # not before
    at.button(key="sess:reveal").click().run()
    assert not at.exception, at.exception
    assert "Welke optie wint, en welke verschillen doen ertoe?" in [s.value for s in at.subheader]
    said = _said(at)
    assert "‘Slimme camera's die gezichten in de camera vervagen’ wint voor 3 van de 6 deelnemers." in said
    assert "‘Meer handhavers op straat, geen slimme camera's’ wint voor 3 van de 6 deelnemers." in said
    assert (
        "Over Privacy verschilt de groep (gewichten 4 tot 10), en dat kan het besluit veranderen: 3 deelnemers" in said
    )
