"""The deliberation flow under AppTest: every page, driven by widget keys from a blank case to a
saved one; a reload restores the draft; a conflicting save offers a copy and overwrites nothing."""

from __future__ import annotations

import pytest

from dilemmakaart.code import load_code
from dilemmakaart.scales import EFFECT, WEIGHT
from dilemmakaart.store import CaseLibrary
from dilemmakaart.ui import pages
from tests.apptest import go, open_page

PAGES = list(pages.STEPS)


def texts(at) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption] + [s.value for s in at.subheader]
    parts += (
        [e.value for e in at.error]
        + [w.value for w in at.warning]
        + [i.value for i in at.info]
        + [s.value for s in at.success]
    )
    return "\n".join(str(p) for p in parts).replace("\\", "")  # md_escape backslashes


def query(at, key: str):
    value = at.query_params.get(key)
    return value[0] if isinstance(value, list) else value


@pytest.mark.parametrize("page", PAGES)
def test_every_page_without_a_case_offers_to_start_one(page, library_dir, monkeypatch):
    at = open_page(page, library_dir, monkeypatch)
    assert "Er is nog geen casus geopend" in texts(at)
    assert at.button(key="flow:start-new")


@pytest.mark.parametrize("page", PAGES)
def test_every_page_opens_a_case_from_the_link_in_english(page, example_library, monkeypatch):
    at = open_page(page, example_library, monkeypatch, query={"case": "tellen-bezoekers-binnenstad"}, lang="en")
    shown = texts(at)
    assert "Drukte meten in de binnenstad met tellers" in shown
    assert "Everything is in the library" in shown


@pytest.mark.parametrize("page", [pages.VALUES, pages.ACTIONS])
def test_a_missing_or_unreadable_case_gives_a_message_not_a_crash(page, library_dir, monkeypatch):
    (library_dir / "kapot.yaml").write_text("format: dilemmakaart/case@1\nid: kapot\ntitle: [\n")
    at = open_page(page, library_dir, monkeypatch, query={"case": "bestaat-niet"})
    assert "Casus bestaat-niet staat niet in de bibliotheek" in texts(at)
    at = open_page(page, library_dir, monkeypatch, query={"case": "kapot"})
    assert "Casus kapot kan niet worden gelezen" in texts(at)
    at = open_page(page, library_dir, monkeypatch, query={"case": "../etc/passwd"})
    assert "staat niet in de bibliotheek" in texts(at)


def test_the_whole_flow_from_a_blank_case_to_a_saved_one(example_library, monkeypatch):
    at = open_page(None, example_library, monkeypatch)
    at.button(key="home:new").click().run()
    assert not at.exception, at.exception
    assert at.title[0].value == "1. Beschrijven"
    assert "Nieuwe casus" in texts(at)

    # 1. describe
    at.text_input(key="describe:title").input("Sensoren in de binnenstad").run()
    at.text_input(key="describe:organisation").input("Gemeente Voorstad").run()
    at.selectbox(key="describe:organisation_type").select("gemeente").run()
    at.multiselect(key="describe:technology").select("sensoren").run()
    at.selectbox(key="describe:phase").select("pilot").run()
    at.multiselect(key="describe:stakeholders").set_value(["Bewoners", "Ondernemers"]).run()
    at.text_area(key="describe:description").input("Tellers meten de drukte. <script>alert(1)</script>").run()
    assert not at.exception, at.exception
    assert "Niet opgeslagen" in texts(at)
    token = query(at, "draft")
    assert token and (example_library / ".drafts" / f"{token}.yaml").is_file()

    # 2. values: switching pages keeps what was typed
    go(at, pages.VALUES)
    shown = texts(at)
    assert "past vaak bij Sensoren in de openbare ruimte" in shown  # suggestion with its reason
    at.button(key="values:suggest:privacy").click().run()
    at.radio(key="values:foundation").set_value("bestuurskracht").run()  # one foundation at a time
    at.checkbox(key="values:tag:veiligheid").check().run()
    assert not at.exception, at.exception
    assert at.radio(key="values:open").value == "veiligheid"  # the value just tagged: its card is open
    # a move reruns only the list and the live map; AppTest then holds only those: run the page again
    at.slider(key="values:weight:veiligheid").set_value(9).run().run()
    at.slider(key="values:effect:veiligheid").set_value(3).run().run()
    at.radio(key="values:open").set_value("privacy").run()  # one value's card open at a time
    at.slider(key="values:weight:privacy").set_value(8).run().run()
    at.slider(key="values:effect:privacy").set_value(-3).run().run()
    at.text_area(key="values:note:privacy").input("Voorbijgangers worden gemeten.").run()
    assert not at.exception, at.exception
    assert "Op het spel (2)" in texts(at)
    # the tension privacy–veiligheid now adds a reason to other suggestions
    assert "op gespannen voet met Veiligheid" in texts(at)

    go(at, pages.DESCRIBE)
    assert at.text_input(key="describe:title").value == "Sensoren in de binnenstad"
    assert at.multiselect(key="describe:technology").value == ["sensoren"]

    # 3. weigh the suggested dilemma
    go(at, pages.WEIGH)
    assert "Slimme camera's op een druk plein" in texts(at)  # the tension's example
    at.button(key="weigh:suggest:veiligheid|privacy").click().run()
    at.slider(key="weigh:balance:veiligheid|privacy").set_value(30).run()
    at.text_area(key="weigh:rationale:veiligheid|privacy").input("Alleen tellen, geen beelden.").run()
    at.text_area(key="weigh:options:veiligheid|privacy").input("Tellen in het kastje\n\nGeen wifitellers").run()
    assert not at.exception, at.exception
    assert "Privacy weegt iets zwaarder (+30)" in texts(at)
    # by hand: the same pair again is refused with a message
    assert at.session_state["weigh:by-hand"] is True  # open from the start (no dilemma then), and kept open
    at.selectbox(key="weigh:new-a").select("privacy").run()
    at.selectbox(key="weigh:new-b").select("veiligheid").run()
    at.button(key="weigh:add").click().run()
    assert "Dit dilemma staat er al" in texts(at)

    # 4. the map page shows without an error
    go(at, pages.MAP)

    # 5. actions and decision
    go(at, pages.ACTIONS)
    shown = texts(at)
    assert "Gegevensbeschermingseffectbeoordeling (DPIA)" in shown
    assert "Privacy staat onder druk" in shown and "Sensoren in de openbare ruimte" in shown
    assert "Nog geen actie voor deze waarden onder druk: Privacy" in shown
    at.text_input(key="actions:new-text").input("Borden bij elke teller").run()
    at.selectbox(key="actions:new-kind").select("gebruikers").run()
    at.multiselect(key="actions:new-values").select("privacy").run()
    at.button(key="actions:add").click().run()
    assert not at.exception, at.exception
    at.session_state["actions:examples:privacy"] = True  # open privacy's examples (built only while open)
    at.run()
    example_key = next(b.key for b in at.button if b.key and b.key.startswith("actions:example:privacy:"))
    at.button(key=example_key).click().run()
    assert "Acties (2)" in texts(at)
    assert not [s for s in at.selectbox if s.key and s.key.endswith(":necessity")]  # closed editors: not built
    at.session_state[f"actions:{at.session_state['dk:case'].actions[0].id}:open"] = True  # a click on its title
    at.run()
    first = next(s.key for s in at.selectbox if s.key and s.key.endswith(":necessity"))
    prefix = first.rsplit(":", 1)[0]
    at.selectbox(key=f"{prefix}:necessity").select(3).run()
    at.selectbox(key=f"{prefix}:importance").select(3).run()
    at.text_input(key=f"{prefix}:owner").input("Team openbare ruimte").run()
    at.segmented_control(key="actions:part").set_value("besluit").run()  # the decision: its own part
    at.text_area(key="actions:decision:text").input("Akkoord met een pilot van zes maanden.").run()
    at.text_input(key="actions:decision:by").input("College").run()
    at.selectbox(key="actions:status").select("besloten").run()
    assert not at.exception, at.exception
    at.segmented_control(key="actions:part").set_value("acties").run()
    assert "Nog geen actie voor deze waarden onder druk" not in texts(at)
    matrix = at.table[0].value
    assert matrix.loc["Noodzaak 3", "Belang 3"].startswith("1: Borden bij elke teller")
    assert matrix.loc["Noodzaak 1", "Belang 1"] == "—"

    # save
    at.button(key="flow:save").click().run()
    assert not at.exception, at.exception
    assert "‘Sensoren in de binnenstad’ is opgeslagen in de bibliotheek (versie 1)." in texts(at)
    assert query(at, "case") == "sensoren-in-de-binnenstad" and not query(at, "draft")
    assert not (example_library / ".drafts" / f"{token}.yaml").exists()
    saved = CaseLibrary(example_library, load_code()).load("sensoren-in-de-binnenstad")
    assert (
        saved.title == "Sensoren in de binnenstad" and saved.organisation_type == "gemeente" and saved.phase == "pilot"
    )
    assert saved.stakeholders == ["Bewoners", "Ondernemers"]
    assert saved.description.endswith("<script>alert(1)</script>")
    assert [(v.value, v.weight, v.effect) for v in saved.values] == [("privacy", 8, -3), ("veiligheid", 9, 3)]
    assert saved.values[0].note == "Voorbijgangers worden gemeten."
    (d,) = saved.dilemmas
    assert (d.a, d.b, d.balance, d.options) == (
        "veiligheid",
        "privacy",
        30,
        ["Tellen in het kastje", "Geen wifitellers"],
    )
    assert saved.actions[0].text == "Borden bij elke teller" and saved.actions[0].priority == 9
    assert saved.actions[0].owner == "Team openbare ruimte" and saved.actions[0].values == ["privacy"]
    assert saved.actions[1].values == ["privacy"]
    assert saved.decision.text.startswith("Akkoord") and saved.decision.by == "College" and saved.status == "besloten"
    assert saved.revision == 1

    # reopen from a fresh session by its link
    again = open_page(pages.WEIGH, example_library, monkeypatch, query={"case": "sensoren-in-de-binnenstad"})
    assert again.slider(key="weigh:balance:veiligheid|privacy").value == 30
    assert "Alles staat in de bibliotheek" in texts(again)


def test_a_reload_brings_the_draft_back(library_dir, monkeypatch):
    at = open_page(pages.DESCRIBE, library_dir, monkeypatch)
    at.button(key="flow:start-new").click().run()
    at.text_input(key="describe:title").input("Drones boven de dijk").run()
    go(at, pages.VALUES)
    at.radio(key="values:foundation").set_value("bestuurskracht").run()  # one foundation at a time
    at.checkbox(key="values:tag:veiligheid").check().run()
    at.slider(key="values:weight:veiligheid").set_value(7).run()
    token = query(at, "draft")
    assert token
    fresh = open_page(pages.VALUES, library_dir, monkeypatch, query={"draft": token})
    assert "Je niet-opgeslagen werk is teruggezet" in texts(fresh)
    assert fresh.slider(key="values:weight:veiligheid").value == 7
    go(fresh, pages.DESCRIBE)
    assert fresh.text_input(key="describe:title").value == "Drones boven de dijk"
    # a draft that no longer exists gives a message
    gone = open_page(pages.DESCRIBE, library_dir, monkeypatch, query={"draft": "abcdefghijkl"})
    assert "Het concept uit de link bestaat niet meer" in texts(gone)


def test_a_conflicting_save_overwrites_nothing_and_saves_a_copy(example_library, monkeypatch):
    case_id = "tellen-bezoekers-binnenstad"
    library = CaseLibrary(example_library, load_code())
    at = open_page(pages.DESCRIBE, example_library, monkeypatch, query={"case": case_id})
    start = library.load(case_id).revision
    at.text_area(key="describe:description").input("Mijn versie.").run()
    # a colleague saves the same case in the meantime
    theirs = library.load(case_id)
    theirs.description = "De versie van een collega."
    library.save(theirs)
    at.button(key="flow:save").click().run()
    assert not at.exception, at.exception
    shown = texts(at)
    assert f"je begon bij versie {start}, in de bibliotheek staat nu versie {start + 1}" in shown
    assert library.load(case_id).description == "De versie van een collega."
    assert at.text_area(key="describe:description").value == "Mijn versie."  # nothing lost
    at.button(key="flow:conflict-copy").click().run()
    assert not at.exception, at.exception
    copy_id = query(at, "case")
    assert copy_id == f"{slug_of(library.load(case_id).title)}"
    assert library.load(copy_id).description == "Mijn versie." and library.load(copy_id).revision == 1
    assert library.load(case_id).description == "De versie van een collega."
    assert "is opgeslagen in de bibliotheek (versie 1)" in texts(at)


def slug_of(title: str) -> str:
    from dilemmakaart.case import slugify

    return slugify(title)


def test_reload_after_a_conflict_takes_the_colleagues_version(example_library, monkeypatch):
    case_id = "drones-dijkinspectie"
    library = CaseLibrary(example_library, load_code())
    at = open_page(pages.DESCRIBE, example_library, monkeypatch, query={"case": case_id})
    at.text_input(key="describe:title").input("Mijn titel").run()
    theirs = library.load(case_id)
    theirs.title = "Titel van een collega"
    library.save(theirs)
    at.button(key="flow:save").click().run()
    at.button(key="flow:conflict-reload").click().run()
    assert not at.exception, at.exception
    assert at.text_input(key="describe:title").value == "Titel van een collega"
    assert "Alles staat in de bibliotheek" in texts(at)


def test_problems_on_save_are_shown_and_nothing_is_lost(library_dir, monkeypatch):
    at = open_page(pages.DESCRIBE, library_dir, monkeypatch)
    at.button(key="flow:start-new").click().run()
    at.text_area(key="describe:description").input("Nog zonder titel").run()
    at.button(key="flow:save").click().run()
    assert not at.exception, at.exception
    shown = texts(at)
    assert "Niet opgeslagen: 1 punt moet eerst worden verbeterd" in shown and "Titel" in shown
    assert not list(library_dir.glob("*.yaml"))
    assert at.text_area(key="describe:description").value == "Nog zonder titel"


def test_home_opens_an_example_as_a_copy_and_for_editing(example_library, monkeypatch):
    at = open_page(None, example_library, monkeypatch)
    at.selectbox(key="home:case").select("scanauto-parkeerhandhaving").run()
    at.button(key="home:copy").click().run()
    assert not at.exception, at.exception
    assert at.text_input(key="describe:title").value.startswith("Kopie van ")
    assert "Nieuwe casus" in texts(at)
    at.button(key="flow:save").click().run()
    assert (example_library / "kopie-van-scanauto-parkeerhandhaving.yaml").is_file() or query(at, "case")
    home = open_page(None, example_library, monkeypatch)
    home.selectbox(key="home:case").select("scanauto-parkeerhandhaving").run()
    home.button(key="home:edit").click().run()
    assert not home.exception, home.exception
    assert query(home, "case") == "scanauto-parkeerhandhaving"
    assert "Alles staat in de bibliotheek" in texts(home)


def test_the_wheel_on_the_values_page_is_clickable_and_a_click_tags(code, library_dir, monkeypatch):
    from dilemmakaart.case import new_case
    from dilemmakaart.charts.case_charts import value_wheel
    from dilemmakaart.ui.flow_values import wheel_selection

    spec = value_wheel(new_case("x", "X"), code, "nl", selectable=True, size=460).to_dict()
    assert "wheel" in str(spec)
    # what the chart sends on a click, and nonsense, read safely
    assert wheel_selection(
        {"selection": {"wheel": [{"value": "privacy"}, {"value": "geen-waarde"}]}}, code.value_ids
    ) == ["privacy"]
    assert wheel_selection({"selection": {}}, code.value_ids) == [] and wheel_selection(None, code.value_ids) == []
    case = new_case("x", "X")
    assert case.tag("privacy") and not case.tag("privacy")
    assert [(v.value, v.weight, v.effect) for v in case.values] == [("privacy", 5, 0)]
    at = open_page(pages.VALUES, library_dir, monkeypatch)
    at.button(key="flow:start-new").click().run()
    go(at, pages.VALUES)
    assert not (at.get("arrow_vega_lite_chart") or at.get("vega_lite_chart"))  # the wheel opens on request
    at.session_state["values:wheel-open"] = True  # its popover opened
    at.run()
    assert at.get("arrow_vega_lite_chart") or at.get("vega_lite_chart")


def test_the_quick_wheel_spec_equals_the_validated_chart(code, example_library, monkeypatch):
    """The Waarden page builds the wheel without Altair's validation (it follows every slider
    move); the spec must be the same as the validated one."""
    from types import SimpleNamespace

    from dilemmakaart.charts.case_charts import value_wheel
    from dilemmakaart.ui.flow_values import wheel_spec

    case = CaseLibrary(example_library, code).load("tellen-bezoekers-binnenstad")
    ctx = SimpleNamespace(code=code, lang="en")
    assert wheel_spec(case, ctx) == value_wheel(case, code, "en", selectable=True, size=480).to_dict()
    # the second time the static part comes from the kept spec: a slider move must still show
    first = wheel_spec(case, ctx)
    case.values[0].weight = 10 if case.values[0].weight != 10 else 0
    case.values[-1].effect = -5 if case.values[-1].effect != -5 else 5
    moved = wheel_spec(case, ctx)
    assert moved == value_wheel(case, code, "en", selectable=True, size=480).to_dict()
    assert moved != first and {k: v for k, v in moved.items() if k != "datasets"} == {
        k: v for k, v in first.items() if k != "datasets"
    }
    from altair.utils import schemapi

    assert schemapi.DEBUG_MODE is True  # switched back on


TOO_LONG_CASE = "tellen-bezoekers-binnenstad"


def _drafts(library) -> list:
    return sorted((library / ".drafts").glob("*.yaml")) if (library / ".drafts").is_dir() else []


@pytest.mark.parametrize(
    ("page", "kind", "key", "limit"),
    [
        (pages.DESCRIBE, "text_input", "describe:title", 200),
        (pages.DESCRIBE, "text_area", "describe:description", 20000),
        (pages.DESCRIBE, "text_input", "describe:organisation", 200),
        (pages.VALUES, "text_area", "values:note:veiligheid", 5000),  # the open card: the case's first value
        (pages.WEIGH, "text_area", "weigh:rationale:veiligheid|privacy", 5000),
        (pages.ACTIONS, "text_area", "actions:decision:text", 20000),
        (pages.ACTIONS, "text_input", "actions:decision:by", 200),
    ],
)
def test_a_text_over_the_limit_is_refused_at_the_field_and_kept(page, kind, key, limit, example_library, monkeypatch):
    part = {"deel": "besluit"} if page is pages.ACTIONS else {}  # the decision's part of the page
    at = open_page(page, example_library, monkeypatch, query={"case": TOO_LONG_CASE, **part})
    field = getattr(at, kind)(key=key)
    before = field.value
    long_text = "x" * (limit + 140)
    field.input(long_text).run()
    assert not at.exception, at.exception
    shown = texts(at)
    assert f"{limit:,}".replace(",", ".") + " tekens" in shown and "140 tekens te veel" in shown
    assert "nog niet bewaard" in shown
    assert getattr(at, kind)(key=key).value == long_text  # the text stays so it can be shortened
    assert at.session_state["dk:dirty"] is False and not _drafts(example_library)  # nothing written
    # another rerun (a click elsewhere) keeps the text and the message
    at.run()
    assert getattr(at, kind)(key=key).value == long_text and "140 tekens te veel" in texts(at)
    # shortened to the limit: taken, the message goes, a counter shows near the limit
    getattr(at, kind)(key=key).input("y" * limit).run()
    assert "tekens te veel" not in texts(at)
    assert f"{limit:,}".replace(",", ".") + " van de " in texts(at)
    assert at.session_state["dk:dirty"] is True and len(_drafts(example_library)) == 1
    assert before != "y" * limit


def test_too_many_or_too_long_options_are_refused(example_library, monkeypatch):
    at = open_page(pages.WEIGH, example_library, monkeypatch, query={"case": TOO_LONG_CASE})
    key = "weigh:options:veiligheid|privacy"
    text = "kort\n" + "o" * 1001
    at.text_area(key=key).input(text).run()
    assert "Regel 2 is te lang" in texts(at) and "1 teken te veel" in texts(at)
    assert at.text_area(key=key).value == text and not _drafts(example_library)
    many = "\n".join(f"optie {i}" for i in range(21))
    at.text_area(key=key).input(many).run()
    assert "Te veel regels: hier passen er 20, je hebt er 21" in texts(at)
    at.text_area(key=key).input("één\ntwee").run()
    assert "Te veel regels" not in texts(at) and "te lang" not in texts(at)
    assert len(_drafts(example_library)) == 1


def test_a_long_new_action_is_refused_not_cut(example_library, monkeypatch):
    at = open_page(pages.ACTIONS, example_library, monkeypatch, query={"case": TOO_LONG_CASE})
    n = len(at.session_state["dk:case"].actions)
    at.text_input(key="actions:new-text").input("a" * 1340).run()
    assert "340 tekens te veel" in texts(at)
    at.button(key="actions:add").click().run()
    assert len(at.session_state["dk:case"].actions) == n and at.text_input(key="actions:new-text").value == "a" * 1340


def test_the_live_map_data_are_named_so_a_move_swaps_only_data(code, example_library):
    """After a slider move the live map's spec (without its datasets) is the same, so the browser
    swaps the data in the drawn chart instead of building it again. The page hands the datasets
    to Streamlit as Arrow tables that hold the same rows."""
    import json

    from dilemmakaart.analysis import mini_map_spec
    from dilemmakaart.ui.flow_values import as_arrow

    case = CaseLibrary(example_library, code).load("tellen-bezoekers-binnenstad")

    def without_data(spec: dict) -> str:
        return json.dumps({k: v for k, v in spec.items() if k != "datasets"}, sort_keys=True)

    before = mini_map_spec(case, code, "nl", height=240)
    case.value("privacy").weight += 1
    after = mini_map_spec(case, code, "nl", height=240)
    assert without_data(before) == without_data(after) and before["datasets"] != after["datasets"]
    sent = as_arrow(after)
    assert without_data(sent) == without_data(after)
    for name, rows in after["datasets"].items():
        assert sent["datasets"][name].to_pylist() == rows, name
    # every one-step move of every slider in every example case keeps the spec, also when a name
    # moves to the other side of its point or gets a leader line (the layers are always there)
    library = CaseLibrary(example_library, code)
    for summary in library.list().cases:
        case = library.load(summary.id)
        start = without_data(mini_map_spec(case, code, "nl", height=240))
        for item in case.values:
            for field, low, high in (("weight", WEIGHT.min, WEIGHT.max), ("effect", EFFECT.min, EFFECT.max)):
                was = getattr(item, field)
                for step in (-1, 1):
                    if low <= was + step <= high:
                        setattr(item, field, was + step)
                        moved = without_data(mini_map_spec(case, code, "nl", height=240))
                        assert moved == start, (summary.id, item.value, field, step)
                setattr(item, field, was)
