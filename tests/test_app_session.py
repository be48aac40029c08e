"""AppTest of the facilitator page (/sessie) and the participant page (/meedoen)."""

from __future__ import annotations

import pytest

from dilemmakaart.session import SessionStore
from dilemmakaart.ui import pages
from tests.apptest import open_page

FAC = pages.SESSION
JOIN = pages.JOIN
CASE = "drones-dijkinspectie"


def texts(at) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption] + [e.value for e in at.error]
    parts += [s.value for s in at.success] + [i.value for i in at.info] + [w.value for w in at.warning]
    parts += [h.value for h in at.header] + [h.value for h in at.subheader] + [t.value for t in at.title]
    return "\n".join(str(p) for p in parts)


def start_session(example_library, monkeypatch, *, anonymous=False, roles=False):
    at = open_page(FAC, example_library, monkeypatch)
    at.selectbox(key="sess:case").set_value(CASE)
    if anonymous:
        at.checkbox(key="sess:anonymous").check()
    if roles:
        at.checkbox(key="sess:roles").check()
    at.button[0].click().run()
    assert not at.exception, at.exception
    store = SessionStore(example_library)
    info = store.load(at.query_params["session"])
    return at, store, info, at.query_params["key"]


def test_facilitator_starts_and_runs_two_rounds(example_library, monkeypatch):
    at, store, info, key = start_session(example_library, monkeypatch, roles=True)
    assert info.case_id == CASE and info.roles and info.state == "open"
    at.run()
    assert not at.exception
    assert any(info.join_code[:4] in str(t.value) for t in at.title)  # the join code, large
    assert key not in texts(at).replace(f"key={key}", "")  # the key is in the URL only
    people = []
    for i in range(5):
        _, p = store.join(info.join_code, name=f"Persoon {i}", role=["bewoner", "handhaver"][i % 2])
        people.append(p.token)
        store.submit(info.id, p.token, 1, {"weights": {"privacy": 2 if i < 2 else 9}, "effects": {}, "balances": {}})
    at.run()
    assert [m.value for m in at.metric][:2] == ["5", "5"]
    assert "Persoon" not in texts(at)  # never who answered what before the reveal
    at.button(key="sess:reveal").click().run()
    assert not at.exception, at.exception
    assert store.load(info.id).state == "revealed"
    shown = texts(at)
    assert "Waar we verschillen" in shown and "twee kampen" in shown
    assert [t.label for t in at.tabs] == ["Groepskaart", "Per dilemma", "Verschillen", "Rollen"]
    at.button(key="sess:next").click().run()
    assert store.load(info.id).round == 2
    for token in people:
        store.submit(info.id, token, 2, {"weights": {"privacy": 7}, "effects": {}, "balances": {}})
    at.button(key="sess:reveal").click().run()
    assert not at.exception, at.exception
    assert "Beweging" in [t.label for t in at.tabs]
    # save in the case, with the medians
    at.checkbox(key="sess:adopt-medians").check()
    at.button(key="sess:adopt").click().run()
    assert not at.exception, at.exception
    assert "Opgeslagen in de casus" in texts(at)
    from dilemmakaart.store import CaseLibrary

    case = CaseLibrary(example_library).load(CASE)
    mine = [s for s in case.sessions if s.id == info.id]
    assert [(s.round, len(s.responses)) for s in mine] == [(1, 5), (2, 5)]
    assert case.value("privacy").weight == 7
    assert {r.role for r in mine[0].responses} == {"bewoner", "handhaver"}


def test_wrong_key_gets_a_clear_message(example_library, monkeypatch):
    _, _store, info, key = start_session(example_library, monkeypatch)
    at = open_page(FAC, example_library, monkeypatch, query={"session": info.id, "key": "verkeerd"})
    assert "sleutel klopt niet" in texts(at)
    assert not [b for b in at.button if b.key in ("sess:close", "sess:reveal")]
    at = open_page(FAC, example_library, monkeypatch, query={"session": "s-00000000-000000", "key": key})
    assert "bestaat niet" in texts(at)


def test_projector_view_has_nothing_to_edit(example_library, monkeypatch):
    _, store, info, key = start_session(example_library, monkeypatch)
    at = open_page(FAC, example_library, monkeypatch, query={"session": info.id, "key": key, "view": "projector"})
    assert not at.exception
    editable = list(at.button) + list(at.checkbox) + list(at.slider) + list(at.text_input) + list(at.selectbox)
    assert [w for w in editable if getattr(w, "key", "") != "dk:lang-choice"] == []
    for w in (3, 3, 3):
        store.submit(
            info.id, store.join(info.join_code)[1].token, 1, {"weights": {"privacy": w}, "effects": {}, "balances": {}}
        )
    store.reveal(info.id, key)
    at.run()
    assert not at.exception, at.exception
    assert "Waar we het over eens zijn" in [h.value for h in at.header]
    editable = list(at.button) + list(at.checkbox) + list(at.slider) + list(at.text_input) + list(at.selectbox)
    assert [w for w in editable if getattr(w, "key", "") != "dk:lang-choice"] == []


def test_participant_joins_answers_and_reloads(example_library, monkeypatch):
    _, store, info, key = start_session(example_library, monkeypatch)
    at = open_page(JOIN, example_library, monkeypatch)
    at.text_input(key="join:code").set_value("zzzz-zzzz")
    at.button[0].click().run()
    assert "kennen we niet" in texts(at)
    at.text_input(key="join:code").set_value(info.join_code.lower())
    at.button[0].click().run()
    assert at.query_params["code"] == info.join_code
    at.text_input(key="join:name").set_value("Anna")
    at.button[0].click().run()
    token = at.query_params["p"]
    assert store.participant(info.id, token).name == "Anna"
    at.slider(key="join:weight:privacy").set_value(9)
    at.slider(key="join:balance:veiligheid|privacy").set_value(-45)
    at.button[0].click().run()
    assert not at.exception, at.exception
    assert "opgeslagen" in texts(at)
    assert store.answer(info.id, token, 1)["weights"]["privacy"] == 9
    assert store.answer(info.id, token, 1)["balances"]["veiligheid|privacy"] == -45  # every step its own number
    # a reload (a new browser session on the same URL) shows the stored answer
    again = open_page(JOIN, example_library, monkeypatch, query={"code": info.join_code, "p": token})
    assert again.slider(key="join:weight:privacy").value == 9
    assert again.slider(key="join:balance:veiligheid|privacy").value == -45
    # closed round: no form, a clear state
    store.close(info.id, key)
    again.run()
    assert not [s for s in again.slider]
    assert "gesloten" in texts(again)
    # the reveal shows the group
    store.reveal(info.id, key)
    again.run()
    assert not again.exception, again.exception
    assert "Waar jij het meest afwijkt van de groep" in [s.value for s in again.subheader]


def test_participant_answer_refused_after_close_keeps_nothing_lost(example_library, monkeypatch):
    _, store, info, key = start_session(example_library, monkeypatch, anonymous=True)
    at = open_page(JOIN, example_library, monkeypatch, query={"code": info.join_code})
    assert not [t for t in at.text_input if t.key == "join:name"]  # anonymous: no name asked
    at.button[0].click().run()
    token = at.query_params["p"]
    at.button[0].click().run()  # send the neutral answer
    assert store.answered(info.id, 1) == 1
    store.close(info.id, key)
    at.slider(key="join:weight:privacy").set_value(3)
    at.button[0].click().run()  # the form was drawn while the round was open
    assert "ronde is gesloten" in texts(at).lower()
    assert store.answer(info.id, token, 1)["weights"]["privacy"] == 5


@pytest.mark.parametrize(
    "query, expected",
    [
        ({"code": "ABCD"}, "kennen we niet"),
        ({"code": "__placeholder__", "p": "bestaat-niet-123"}, "herkennen je niet"),
    ],
)
def test_participant_bad_links(example_library, monkeypatch, query, expected):
    _, _store, info, _ = start_session(example_library, monkeypatch)
    query = {k: (info.join_code if v == "__placeholder__" else v) for k, v in query.items()}
    at = open_page(JOIN, example_library, monkeypatch, query=query)
    assert expected in texts(at)


def test_participant_page_in_english(example_library, monkeypatch):
    _, _store, info, _ = start_session(example_library, monkeypatch, roles=True)
    at = open_page(JOIN, example_library, monkeypatch, query={"code": info.join_code}, lang="en")
    assert not at.exception
    assert at.button[0].label == "Join"
    assert "Resident" in [o for o in at.selectbox(key="join:role").options]


def test_a_name_over_the_limit_is_refused_not_cut(example_library, monkeypatch):
    _, store, info, _ = start_session(example_library, monkeypatch)
    at = open_page(JOIN, example_library, monkeypatch, query={"code": info.join_code})
    at.text_input(key="join:name").set_value("N" * 75)
    at.button[0].click().run()
    assert "15 tekens te veel" in texts(at) and "60 tekens" in texts(at)
    assert "p" not in at.query_params and not store.responses(info.id, 1)  # nobody joined
    assert at.text_input(key="join:name").value == "N" * 75
    at.text_input(key="join:name").set_value("N" * 60)
    at.button[0].click().run()
    assert store.participant(info.id, at.query_params["p"][0]).name == "N" * 60
