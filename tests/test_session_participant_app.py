"""AppTest of the participant's phone page (/meedoen): one question per screen, "weet ik niet", the
"waarom", moves kept as a draft over a reload, a removed participant, the registry of a
participant's browser, where I stand after the reveal."""

from __future__ import annotations

from dilemmakaart.session import SessionStore
from dilemmakaart.store import CaseLibrary
from dilemmakaart.ui import pages
from dilemmakaart.ui.participant_lock import PARTICIPANT
from tests.apptest import go, open_page

CASE = "drones-dijkinspectie"
JOIN = pages.JOIN


def texts(at) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption] + [e.value for e in at.error]
    parts += [s.value for s in at.success] + [i.value for i in at.info] + [w.value for w in at.warning]
    parts += [h.value for h in at.header] + [h.value for h in at.subheader]
    return "\n".join(str(p) for p in parts).replace("\\", "")  # without Markdown's escapes


def joined(example_library, monkeypatch, name="Anna"):
    store = SessionStore(example_library)
    info, key = store.create(CASE)
    token = store.join(info.join_code, name=name)[1].token
    at = open_page(JOIN, example_library, monkeypatch, query={"code": info.join_code, "p": token})
    return store, info, key, token, at


def test_one_question_per_screen_with_next_and_back(example_library, monkeypatch):
    _store, _info, _key, _token, at = joined(example_library, monkeypatch)
    case = CaseLibrary(example_library).load(CASE)
    total = len(case.values) + len(case.dilemmas)
    first, second = case.values[0].value, case.values[1].value
    assert f"Vraag 1 van {total}" in texts(at)
    assert [s.key for s in at.slider] == [f"join:weight:{first}", f"join:effect:{first}"]
    at.slider(key=f"join:weight:{first}").set_value(8).run()
    at.button(key="join:next").click().run()
    assert f"Vraag 2 van {total}" in texts(at) and next(s.key for s in at.slider) == f"join:weight:{second}"
    at.button(key="join:back").click().run()
    assert at.slider(key=f"join:weight:{first}").value == 8  # a move survives leaving the screen
    for _ in range(total - 1):
        at.button(key="join:next").click().run()
    last = case.dilemmas[-1]
    assert [s.key for s in at.slider] == [f"join:balance:{last.key}"]
    assert at.button(key="join:next").disabled
    shown = texts(at)
    assert "Wat moet bij dit project zwaarder wegen" in shown
    for option in last.options:  # the case's options for this dilemma
        assert option in shown
    assert not at.exception


def test_skip_and_waarom_survive_a_reload_and_a_skip_is_no_answer(example_library, monkeypatch):
    store, info, _key, token, at = joined(example_library, monkeypatch)
    case = CaseLibrary(example_library).load(CASE)
    pair, other = case.dilemmas[0].key, case.dilemmas[1].key
    at.toggle(key="join:list").set_value(True).run()
    at.checkbox(key=f"join:skip:balance:{pair}").check().run()
    at.slider(key=f"join:balance:{other}").set_value(-100).run()
    at.text_area(key=f"join:reason:{other}").input("Omdat mensen hier wonen.").run()
    assert store.answered(info.id, 1) == 0  # moves are no answer
    assert "nog niet verstuurd" in texts(at)
    # a reload: a new browser session on the same address brings the moves back
    again = open_page(JOIN, example_library, monkeypatch, query={"code": info.join_code, "p": token})
    again.toggle(key="join:list").set_value(True).run()
    assert again.checkbox(key=f"join:skip:balance:{pair}").value is True
    assert again.slider(key=f"join:balance:{pair}").disabled
    assert again.slider(key=f"join:balance:{other}").value == -100
    assert again.text_area(key=f"join:reason:{other}").value == "Omdat mensen hier wonen."
    assert "Je slaat 1 vraag over." in texts(again)
    again.button(key="join:send").click().run()
    assert not again.exception, again.exception
    stored = store.answer(info.id, token, 1)
    assert pair not in stored["balances"] and stored["balances"][other] == -100
    assert stored["reasons"] == {other: "Omdat mensen hier wonen."}
    assert store.draft(info.id, token, 1) is None


def test_a_removed_participant_is_told_and_cannot_answer(example_library, monkeypatch):
    store, info, key, token, at = joined(example_library, monkeypatch)
    store.remove_participant(info.id, key, token, expect=(1, "open"))
    at.run()
    assert "De begeleider heeft je uit deze sessie gehaald" in texts(at)
    assert not list(at.slider) and not [b for b in at.button if b.key == "join:send"]
    assert not [b for b in at.button if b.key == "join:rejoin"]  # no way back in with the same token


def test_a_participants_browser_gets_only_the_participant_page(example_library, monkeypatch):
    _store, info, _key, token, at = joined(example_library, monkeypatch)
    assert at.session_state[PARTICIPANT] == (info.id, token)
    go(at, pages.LIBRARY)  # the library's address: the page that runs is the participant's
    assert "Je doet mee als" in texts(at) and "Bibliotheek" not in [t.value for t in at.title]
    assert at.query_params["p"] == token and at.query_params["code"] == info.join_code


def test_after_the_reveal_where_i_stand(example_library, monkeypatch):
    store, info, key, token, at = joined(example_library, monkeypatch)
    first = CaseLibrary(example_library).load(CASE).values[0].value
    store.submit(info.id, token, 1, {"weights": {first: 10}, "effects": {}, "balances": {}})
    for w in (2, 3, 4):
        other = store.join(info.join_code)[1].token
        store.submit(info.id, other, 1, {"weights": {first: w}, "effects": {}, "balances": {}})
    store.reveal(info.id, key, expect=(1, "open"))
    at.run()
    assert not at.exception, at.exception
    shown = texts(at)
    assert "Waar jij het meest afwijkt van de groep" in shown
    assert "Veiligheid (gewicht): jij 10, de groep 3.5; je zit hoger dan de meesten" in shown
    assert len(at.get("vega_lite_chart")) >= 1  # the chart of where I stand


def test_only_what_the_facilitator_asks_and_the_timer(example_library, monkeypatch):
    store, info, key, token, at = joined(example_library, monkeypatch)
    case = CaseLibrary(example_library).load(CASE)
    store.set_ask(info.id, key, "dilemmas", expect=(1, "open"))
    store.set_timer(info.id, key, 5, expect=(1, "open"))
    at = open_page(JOIN, example_library, monkeypatch, query={"code": info.join_code, "p": token})
    shown = texts(at)
    assert f"Vraag 1 van {len(case.dilemmas)}" in shown
    assert [s.key for s in at.slider] == [f"join:balance:{case.dilemmas[0].key}"]
    assert "voor deze ronde (minuten:seconden)" in shown  # the round's timer on the phone
    at.slider(key=f"join:balance:{case.dilemmas[0].key}").set_value(-40).run()
    assert "Je wijzigingen zijn bewaard, maar nog niet verstuurd." in texts(at)
    at.button(key="join:send").click().run()
    # the part is drawn anew once sent: it says so, nothing unsent, and the button now updates
    shown = texts(at)
    assert "Je antwoord is opgeslagen" in shown and "nog niet verstuurd" not in shown
    assert at.button(key="join:send").label == "Antwoord bijwerken"
    at.run()  # a redraw (the part refreshes itself) keeps saying it until the answer changes
    assert "Je antwoord is opgeslagen" in texts(at)
    at.slider(key=f"join:balance:{case.dilemmas[0].key}").set_value(-20).run()
    assert "Je antwoord is opgeslagen" not in texts(at) and "nog niet verstuurd" in texts(at)
    stored = store.answer(info.id, token, 1)
    assert stored["weights"] == {} and stored["effects"] == {}  # what was not asked is not answered
    assert set(stored["balances"]) == {d.key for d in case.dilemmas}


def test_stop_on_this_device_frees_the_browser_and_keeps_the_answer(example_library, monkeypatch):
    store, info, _key, token, at = joined(example_library, monkeypatch)
    at.button(key="join:send").click().run()
    at.button(key="join:leave").click().run()
    assert not at.exception, at.exception
    assert "Deze browser weet niet meer dat je meedeed" in texts(at)
    assert PARTICIPANT not in at.session_state and "p" not in at.query_params
    assert [b for b in at.button if b.label == "Meedoen"]  # joining again is possible, as someone new
    assert store.answer(info.id, token, 1) is not None  # what was sent still counts
    at.run()  # the next run hands every page to the navigation again
    go(at, pages.LIBRARY)
    assert "Je doet mee als" not in texts(at)  # the library's address opens the library again


def test_the_arguments_on_a_phone_without_names_and_without_the_hidden_one(example_library, monkeypatch):
    store, info, key, _token, at = joined(example_library, monkeypatch, name="Anna")
    pair = CaseLibrary(example_library).load(CASE).dilemmas[0].key
    for name, balance, reason in (("Bram", -60, "Eerst de dijk."), ("Carla", 60, "Eerst de mensen."), ("Dirk", 0, "")):
        other = store.join(info.join_code, name=name)[1].token
        store.submit(
            info.id, other, 1, {"weights": {}, "effects": {}, "balances": {pair: balance}, "reasons": {pair: reason}}
        )
    store.reveal(info.id, key, expect=(1, "open"))
    at.run()
    shown = texts(at)
    assert "Eerst de dijk." in shown and "Eerst de mensen." in shown
    assert "Bram" not in shown and "Carla" not in shown  # no name beside an argument, nor anywhere
    hidden = next(a for a in store.arguments(info.id, 1)[pair] if a.text == "Eerst de dijk.")
    store.hide_argument(info.id, key, hidden.id, expect=(1, "revealed"))
    at.run()
    assert "Eerst de dijk." not in texts(at) and "Eerst de mensen." in texts(at)


def test_each_value_slider_says_its_scale_in_words_right_under_it(example_library, monkeypatch):
    """The scale's meaning stands under each slider in words (not only in a tooltip), in a
    ``join-words-`` box, which the page's script ties to the slider as its description."""
    _store, _info, _key, _token, at = joined(example_library, monkeypatch)
    captions = [c.value for c in at.caption]
    assert "0 = speelt geen rol · 10 = heel belangrijk" in captions
    assert "−5 = komt zwaar onder druk · 0 = geen effect · +5 = wordt sterker" in captions
    assert not at.exception
