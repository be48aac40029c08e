"""The catalogue on Waarden shows the values of one foundation at a time (fewer elements on the page
make a slider move cheaper for the browser), a search looks through all three, and each value has
one "Uitleg" popover with its meaning, its questions and its legal floors."""

from __future__ import annotations

from dilemmakaart.code import load_code
from dilemmakaart.ui import pages
from tests.apptest import open_page


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
