"""The flow pages edit the case through its operations: what an operation refuses or removes as
well is said on the page, and actions are named in widgets by their stable id."""

from __future__ import annotations

import re

from dilemmakaart.ui import pages
from tests.apptest import go, open_page

CASE = "tellen-bezoekers-binnenstad"  # privacy is in two dilemmas, four actions and the group's answers


def plain(markdown: str) -> str:
    """The text as a person reads it (the page escapes user text for Markdown)."""
    return re.sub(r"\\(.)", r"\1", markdown).replace("\u2060", "")


def shown(at) -> str:
    return plain("\n".join([i.value for i in at.info] + [w.value for w in at.warning] + [m.value for m in at.markdown]))


def test_untagging_a_value_says_what_went_with_it(example_library, monkeypatch):
    at = open_page(pages.VALUES, example_library, monkeypatch, query={"case": CASE})
    case = at.session_state["dk:case"]
    before = case.model_copy(deep=True)
    answers = sum(
        1
        for s in case.sessions
        for r in s.responses
        for k in r.balances
        if k in ("veiligheid|privacy", "samenwerking|privacy")
    )
    naming = [a.id for a in case.actions if "privacy" in a.values]
    assert answers and len(naming) >= 2

    at.radio(key="values:open").set_value("privacy").run()  # one value's card open at a time
    at.button(key="values:untag:privacy").click().run()
    assert not at.exception, at.exception

    case = at.session_state["dk:case"]
    assert "privacy" not in case.tagged()
    assert [d.key for d in case.dilemmas] == ["innovatie|zorgvuldigheid"]
    assert all("privacy" not in a.values for a in case.actions) and all(case.action(i) for i in naming)
    info = plain("\n".join(i.value for i in at.info))
    assert "Privacy staat niet meer op het spel" in info
    assert "Veiligheid – Privacy" in info and "Samenwerking – Privacy" in info
    assert f"Ook weg: {answers} antwoorden van de groep hierover" in info
    assert "De acties" in info and "beschermen Privacy niet meer" in info
    assert "privacy" not in info  # names, never ids

    at.button(key="values:put-back").click().run()  # and it all comes back
    assert not at.exception, at.exception
    assert at.session_state["dk:case"] == before
    assert not at.info or "Privacy staat niet meer" not in plain(at.info[0].value)


def test_a_dilemma_that_is_there_already_is_refused_in_words(example_library, monkeypatch):
    at = open_page(pages.WEIGH, example_library, monkeypatch, query={"case": CASE})
    before = len(at.session_state["dk:case"].dilemmas)
    at.session_state["weigh:by-hand"] = True  # open "Zelf een dilemma toevoegen" (built only while open)
    at.run()
    at.selectbox(key="weigh:new-a").select("privacy").run()
    at.selectbox(key="weigh:new-b").select("veiligheid").run()  # the pair exists as veiligheid|privacy
    at.button(key="weigh:add").click().run()
    assert not at.exception, at.exception
    assert len(at.session_state["dk:case"].dilemmas) == before
    assert "Dit dilemma staat er al: Veiligheid – Privacy" in shown(at)

    kept = at.session_state["dk:case"].model_copy(deep=True)
    at.button(key="weigh:remove:veiligheid|privacy").click().run()
    assert not at.exception, at.exception
    assert at.session_state["dk:case"].dilemma("veiligheid|privacy") is None
    said = shown(at)
    assert "Het dilemma Veiligheid – Privacy is weggehaald" in said and "antwoorden van de groep hierover" in said

    at.button(key="weigh:put-back").click().run()
    assert not at.exception, at.exception
    assert at.session_state["dk:case"] == kept
    assert at.slider(key="weigh:balance:veiligheid|privacy").value == kept.dilemma("veiligheid|privacy").balance


def open_actions(at):
    """Open every action's editor (each is built only while open), as clicks on their titles do."""
    for action in at.session_state["dk:case"].actions:
        at.session_state[f"actions:{action.id}:open"] = True
    return at.run()


def test_an_open_action_keeps_its_title_while_its_text_is_edited(example_library, monkeypatch):
    """The editor's title is the action's text: a title that changed with each edit would make
    Streamlit draw a new editor, and a field typed in at that moment (the owner, after Tab) would be
    drawn anew and lose what was typed. Closed, the title says the new text."""
    at = open_actions(open_page(pages.ACTIONS, example_library, monkeypatch, query={"case": CASE}))
    first = at.session_state["dk:case"].actions[0].id
    titles = [e.label for e in at.expander]
    at.text_area(key=f"actions:{first}:text").input("Een nieuwe tekst voor de eerste actie").run()
    assert not at.exception, at.exception
    assert at.session_state["dk:case"].action(first).text == "Een nieuwe tekst voor de eerste actie"
    assert [e.label for e in at.expander] == titles
    at.session_state[f"actions:{first}:open"] = False
    at.run()
    assert "Een nieuwe tekst voor de eerste actie" in [e.label.split(" · ")[0] for e in at.expander]


def test_actions_are_keyed_by_their_id(example_library, monkeypatch):
    at = open_actions(open_page(pages.ACTIONS, example_library, monkeypatch, query={"case": CASE}))
    case = at.session_state["dk:case"]
    first, second = case.actions[0].id, case.actions[1].id
    assert at.text_input(key=f"actions:{second}:owner").value == case.actions[1].owner

    before = case.model_copy(deep=True)
    at.button(key=f"actions:{first}:remove").click().run()
    assert not at.exception, at.exception
    case = at.session_state["dk:case"]
    assert case.action(first) is None and case.actions[0].id == second
    assert "De actie “Tellers zo instellen" in shown(at) and "is weggehaald" in shown(at)
    at.button(key="actions:put-back").click().run()  # back, in its place, with its owner and date
    assert not at.exception, at.exception
    assert at.session_state["dk:case"] == before
    at.button(key=f"actions:{first}:remove").click().run()
    case = at.session_state["dk:case"]
    # the widget of the action that moved up still belongs to it
    at.text_input(key=f"actions:{second}:owner").input("Crowdmanager").run()
    assert at.session_state["dk:case"].action(second).owner == "Crowdmanager"
    go(at, pages.VALUES)
    open_actions(go(at, pages.ACTIONS))
    assert at.text_input(key=f"actions:{second}:owner").value == "Crowdmanager"


def test_a_refused_edit_changes_nothing_and_says_why(example_library, monkeypatch):
    at = open_actions(open_page(pages.ACTIONS, example_library, monkeypatch, query={"case": CASE}))
    action = at.session_state["dk:case"].actions[0]
    at.text_area(key=f"actions:{action.id}:text").input("   ").run()  # an action without a text
    assert not at.exception, at.exception
    assert at.session_state["dk:case"].action(action.id).text == action.text
    assert any("niet leeg" in toast.value for toast in at.toast)
    assert at.text_area(key=f"actions:{action.id}:text").value == action.text  # the field shows the case again
