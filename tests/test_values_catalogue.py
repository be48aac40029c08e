"""Waarden keeps a slider move cheap for the browser: the catalogue shows the values of one
foundation at a time (a search looks through all three, each value has one "Uitleg" popover with
its meaning, its questions and its legal floors), and of the values at stake one card is open, with
every value's numbers as text in the list beside it."""

from __future__ import annotations

import pyarrow as pa

from dilemmakaart.code import load_code
from dilemmakaart.ui import pages
from dilemmakaart.wording import signed
from tests.apptest import open_page

CASE = "tellen-bezoekers-binnenstad"


def _tick_boxes(at) -> set[str]:
    return {str(c.key).removeprefix("values:tag:") for c in at.checkbox if str(c.key).startswith("values:tag:")}


def _new_case_on_values(library_dir, monkeypatch):
    at = open_page(pages.DESCRIBE, library_dir, monkeypatch)
    at.button(key="flow:start-new").click().run()
    at.text_input(key="describe:title").input("Drones boven de dijk").run()
    at.switch_page(pages.VALUES.file).run()
    assert not at.exception, at.exception
    return at


def test_one_foundation_at_a_time_and_a_search_looks_through_all(library_dir, monkeypatch):
    code = load_code()
    of = {f.id: {v.id for p in code.principles_of(f.id) for v in code.values_of(p.id)} for f in code.foundations}
    at = _new_case_on_values(library_dir, monkeypatch)
    first = code.foundations[0].id
    assert _tick_boxes(at) == of[first]
    assert at.radio(key="values:foundation").value == first
    at.radio(key="values:foundation").set_value("bestuurskracht").run()
    assert _tick_boxes(at) == of["bestuurskracht"]
    at.checkbox(key="values:tag:veiligheid").check().run()
    assert not at.exception, at.exception
    assert at.slider(key="values:weight:veiligheid")  # tagged: its card is there
    # the choice shows how many values of each foundation are ticked
    options = at.radio(key="values:foundation").options
    assert any(o.endswith("Bestuurskracht (1)") for o in options), options
    # a search finds values in every foundation, not only the shown one
    at.text_input(key="values:search").input("privacy").run()
    assert "privacy" in _tick_boxes(at)
    at.text_input(key="values:search").input("").run()
    assert _tick_boxes(at) == of["bestuurskracht"]


def test_each_value_has_one_popover_with_its_meaning_and_questions(library_dir, monkeypatch):
    code = load_code()
    at = _new_case_on_values(library_dir, monkeypatch)
    at.radio(key="values:foundation").set_value("rechtsstaat").run()
    privacy = code.value("privacy")
    shown = "\n".join(str(m.value) for m in at.markdown)
    assert privacy.meaning("nl") in shown
    assert all(q in shown for q in privacy.questions("nl"))
    assert privacy.legal_floors and "**Wettelijke ondergrens**" in shown
    labels = [p.proto.popover.label for p in at.get("popover")]
    assert labels.count("Uitleg") == 10, labels  # one per value of the shown foundation, no other


def move(at, key: str, value: int):
    """Move a slider on Waarden. A move reruns only the list and the live map (``live``); AppTest
    then holds only what that run drew, so the page is run once more to see all of it."""
    at.slider(key=key).set_value(value).run()
    assert not at.exception, at.exception
    return at.run()


def _open_cards(at) -> set[str]:
    return {str(s.key).removeprefix("values:weight:") for s in at.slider if str(s.key).startswith("values:weight:")}


def test_one_value_card_is_open_and_the_list_says_every_number(example_library, monkeypatch):
    """A slider move reruns the part with the values at stake; it holds one open card (its two
    sliders and note), not one per value, and a list of every tagged value with its numbers."""
    at = open_page(pages.VALUES, example_library, monkeypatch, query={"case": CASE})
    case = at.session_state["dk:case"]
    ids = [item.value for item in case.values]
    assert len(ids) >= 3
    listed = at.radio(key="values:open")
    assert listed.options == [load_code().value_name(v, "nl") for v in ids]
    assert list(listed.proto.captions) == [
        f"gewicht {item.weight} · effect {signed(item.effect)}" for item in case.values
    ]
    assert listed.value == ids[0] and _open_cards(at) == {ids[0]}  # the first value's card
    assert {str(t.key) for t in at.text_area if str(t.key).startswith("values:note:")} == {f"values:note:{ids[0]}"}
    # another value opened: its card, with its own numbers
    at.radio(key="values:open").set_value("privacy").run()
    assert _open_cards(at) == {"privacy"}
    privacy = case.value("privacy")
    assert at.slider(key="values:weight:privacy").value == privacy.weight
    # a move shows at once in the list, as text
    new = (privacy.weight + 3) % 11
    at.slider(key="values:weight:privacy").set_value(new).run()
    assert not at.exception, at.exception
    assert at.session_state["dk:case"].value("privacy").weight == new
    place = ids.index("privacy")
    assert at.radio(key="values:open").proto.captions[place].startswith(f"gewicht {new} ·")
    # a value just tagged opens its own card (the next thing to set)
    at.radio(key="values:foundation").set_value("bestuurskracht").run()
    fresh = next(
        v
        for v in sorted(load_code().value_ids)
        if f"values:tag:{v}" in {str(c.key) for c in at.checkbox} and v not in ids
    )
    at.checkbox(key=f"values:tag:{fresh}").check().run()
    assert at.radio(key="values:open").value == fresh and _open_cards(at) == {fresh}
    # removing the open value opens the first one again; the other numbers are untouched
    at.button(key=f"values:untag:{fresh}").click().run()
    assert not at.exception, at.exception
    assert at.radio(key="values:open").value == ids[0] and _open_cards(at) == {ids[0]}
    assert at.session_state["dk:case"].value("privacy").weight == new


def test_every_slider_move_reaches_the_draft(example_library, monkeypatch):
    """The card's sliders hand the draft to the writer beside the page (``state.flush_draft``), so a
    move survives a reload: the draft on disk has the number."""
    from dilemmakaart.drafts import DraftStore
    from dilemmakaart.ui import draft_writer

    at = open_page(pages.VALUES, example_library, monkeypatch, query={"case": CASE})
    at.radio(key="values:open").set_value("privacy").run()
    for n, (field, value) in enumerate((("weight", 2), ("effect", -4), ("weight", 3))):
        move(at, f"values:{field}:privacy", value)
        token = at.session_state["dk:draft-token"]
        assert draft_writer.settle(timeout=30)  # written beside the page, right after the run
        draft = DraftStore(example_library).load(token)
        assert draft is not None, n
        assert getattr(draft.case.value("privacy"), field) == value
    again = open_page(pages.VALUES, example_library, monkeypatch, query={"draft": token})
    again.radio(key="values:open").set_value("privacy").run()
    assert again.slider(key="values:weight:privacy").value == 3
    assert again.slider(key="values:effect:privacy").value == -4


def test_the_wheel_is_drawn_only_while_its_popover_is_open(example_library, monkeypatch):
    """Drawing the wheel again after every slider move was more than half of the browser's work per
    move: it sits in a popover that runs its content only while open, and then shows the numbers."""
    at = open_page(pages.VALUES, example_library, monkeypatch, query={"case": CASE})

    def charts():
        return at.get("arrow_vega_lite_chart") + at.get("vega_lite_chart")

    assert len(charts()) == 1  # the live map only
    at.radio(key="values:open").set_value("privacy").run()
    move(at, "values:weight:privacy", 1)
    assert len(charts()) == 1
    at.session_state["values:wheel-open"] = True
    at.run()
    assert not at.exception, at.exception
    assert len(charts()) == 2
    rows = [
        row
        for chart in charts()
        for named in chart.proto.datasets
        for row in pa.ipc.open_stream(named.data.data).read_all().to_pylist()
    ]
    wheel = [r for r in rows if r.get("value") == "privacy" and "weight_text" in r]
    assert wheel and all(r["weight"] == 1 for r in wheel)  # the wheel shows the number just set


def test_a_slider_move_reaches_the_case_the_list_and_the_live_map(example_library, monkeypatch):
    """A slider move reaches the case, the list's numbers and the map's data. (That a move runs
    only ``live``, the part the sliders belong to, is checked in the browser,
    ``test_values_live_e2e``: AppTest runs the whole page after a widget changes.)"""
    at = open_page(pages.VALUES, example_library, monkeypatch, query={"case": CASE})
    at.radio(key="values:open").set_value("privacy").run()
    move(at, "values:weight:privacy", 4)  # the first change: the whole page, with its "unsaved" mark
    assert at.slider(key="values:effect:privacy").value == at.session_state["dk:case"].value("privacy").effect
    at.slider(key="values:effect:privacy").set_value(-5).run()
    assert not at.exception, at.exception
    assert at.session_state["dk:case"].value("privacy").effect == -5
    ids = [item.value for item in at.session_state["dk:case"].values]
    assert at.radio(key="values:open").proto.captions[ids.index("privacy")] == "gewicht 4 · effect −5"
    charts = at.get("arrow_vega_lite_chart") + at.get("vega_lite_chart")
    rows = [
        row
        for chart in charts
        for named in chart.proto.datasets
        for row in pa.ipc.open_stream(named.data.data).read_all().to_pylist()
    ]
    assert len(charts) == 1 and any(r.get("value") == "privacy" and r.get("effect") == -5 for r in rows)
    # another value chosen in the list: the part around it runs, with that value's card
    at.radio(key="values:open").set_value("veiligheid").run()
    assert not at.exception, at.exception
    assert _open_cards(at) == {"veiligheid"}


def test_the_live_maps_rows_go_to_streamlit_as_arrow_tables_with_every_row_whole():
    """The live map's datasets are handed to Streamlit as Arrow tables (sent as they are, where a
    list of rows goes through pandas first): every row arrives with its values, a key that only
    some rows have is null in the others, and an empty dataset stays empty."""
    from dilemmakaart.ui.flow_values import as_arrow

    spec = {
        "layer": [{"data": {"name": "dots"}}],
        "datasets": {
            "dots": [{"value": "privacy", "weight": 8, "effect": -3}, {"value": "x", "weight": 0, "leader_x": 1.5}],
            "leaders": [],
        },
    }
    sent = as_arrow(spec)
    assert sent["layer"] == spec["layer"]
    assert sent["datasets"]["dots"].to_pylist() == [
        {"value": "privacy", "weight": 8, "effect": -3, "leader_x": None},
        {"value": "x", "weight": 0, "effect": None, "leader_x": 1.5},
    ]
    assert sent["datasets"]["leaders"].num_rows == 0
    assert as_arrow({"mark": "point"}) == {"mark": "point"}
