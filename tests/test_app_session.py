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
    """A session on CASE, and the facilitator's page opened once with the facilitator link."""
    store = SessionStore(example_library)
    info, key = store.create(CASE, anonymous=anonymous, roles=roles)
    at = open_page(FAC, example_library, monkeypatch, query={"session": info.id, "key": key})
    assert not at.exception, at.exception
    assert "key" not in at.query_params  # the key is kept in the window, no longer in the address
    assert at.session_state["sess:keys"][info.id] == key
    return at, store, info, key


def test_the_start_form_makes_a_session(example_library, monkeypatch):
    at = open_page(FAC, example_library, monkeypatch)
    at.selectbox(key="sess:case").set_value(CASE)
    at.checkbox(key="sess:anonymous").check()
    at.button[0].click().run()
    assert not at.exception, at.exception
    info = SessionStore(example_library).load(at.query_params["session"])
    assert info.case_id == CASE and info.anonymous
    assert "key" not in at.query_params  # the key went straight into the window, never the address
    assert SessionStore(example_library).check_key(info.id, at.session_state["sess:keys"][info.id])


def test_facilitator_starts_and_runs_two_rounds(example_library, monkeypatch):
    at, store, info, key = start_session(example_library, monkeypatch, roles=True)
    assert info.case_id == CASE and info.roles and info.state == "open"
    at.run()
    assert not at.exception
    assert any(info.join_code[:4] in str(t.value) for t in at.title)  # the join code, large
    assert key not in texts(at) and "key" not in at.query_params  # kept in this window only
    people = []
    for i in range(5):
        _, p = store.join(info.join_code, name=f"Persoon {i}", role=["bewoner", "handhaver"][i % 2])
        people.append(p.token)
        store.submit(info.id, p.token, 1, {"weights": {"privacy": 2 if i < 2 else 9}, "effects": {}, "balances": {}})
    at.run()
    assert [m.value for m in at.metric][:2] == ["5", "5"]
    # never who answered what before the reveal (the participants list names who joined, no answer)
    assert not at.dataframe and "Waar we verschillen" not in texts(at)
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
    at.checkbox(key="sess:adopt-medians").check().run()
    at.checkbox(key="teach:confirm-weighing").check().run()  # what changes in the case is said and confirmed first
    at.button(key="sess:adopt").click().run()
    assert not at.exception, at.exception
    assert "Opgeslagen in de casus" in texts(at), (
        store.load(info.id),
        [e.value for e in at.error],
        [b.key for b in at.button],
    )
    from dilemmakaart.store import CaseLibrary

    case = CaseLibrary(example_library).load(CASE)
    mine = [s for s in case.sessions if s.id == info.id]
    # every round counted; the last round's answers kept one by one
    assert [(s.round, s.summary.participants, len(s.responses)) for s in mine] == [(1, 5, 5), (2, 5, 5)]
    assert case.value("privacy").weight == 7
    assert {r.role for r in mine[1].responses} == {"bewoner", "handhaver"}
    # names go into the case only when the facilitator ticks it: by default everyone is a number
    assert [r.participant for r in mine[1].responses] == [f"Deelnemer {n}" for n in range(1, 6)]


def test_the_projector_needs_its_own_token_not_the_key(example_library, monkeypatch):
    _, _store, info, key = start_session(example_library, monkeypatch)
    for screen in ("", key, "verkeerd"):
        at = open_page(
            FAC, example_library, monkeypatch, query={"session": info.id, "view": "projector", "screen": screen}
        )
        assert "projector klopt niet" in texts(at)
        assert "Waar we het over eens zijn" not in texts(at) and info.join_code[:4] not in texts(at)


def test_a_stale_tab_is_refused_with_the_fresh_state(example_library, monkeypatch):
    a, store, info, key = start_session(example_library, monkeypatch)
    b = open_page(FAC, example_library, monkeypatch, query={"session": info.id, "key": key})  # the second tab
    assert "key" not in b.query_params and b.session_state["sess:keys"][info.id] == key
    for i in range(4):
        p = store.join(info.join_code)[1]
        store.submit(info.id, p.token, 1, {"weights": {"privacy": 2 + 2 * i}, "effects": {}, "balances": {}})
    a.run()
    a.button(key="sess:reveal").click().run()
    a.button(key="sess:next").click().run()
    assert store.load(info.id).moment == (2, "open")
    b.button(key="sess:reveal").click().run()  # B still shows round 1 open
    assert not b.exception, b.exception
    assert store.load(info.id).moment == (2, "open")  # round 2 was not revealed empty
    shown = texts(b)
    assert "Er is niets veranderd" in shown and "Nu: ronde 2, open: antwoorden kan nu" in shown
    assert "Ronde 2 · Stand: open" in shown  # and the page now shows the fresh state
    b.button(key="sess:close").click().run()  # acting on the fresh state works
    assert store.load(info.id).moment == (2, "closed")


def test_end_the_session_and_nobody_joins(example_library, monkeypatch):
    at, store, info, _key = start_session(example_library, monkeypatch)
    at.run()
    at.button(key="sess:end").click().run()
    assert not at.exception, at.exception
    assert store.load(info.id).ended and "Deze sessie is afgelopen" in texts(at)
    assert not [b for b in at.button if b.key in ("sess:close", "sess:reveal", "sess:next", "sess:end")]
    join = open_page(JOIN, example_library, monkeypatch, query={"code": info.join_code})
    assert "Meedoen kan niet meer" in texts(join)
    assert not [b for b in join.button if b.label == "Meedoen"] and store.joined(info.id) == 0


def test_a_late_joiner_sees_what_the_room_sees_and_answers_from_the_next_round(example_library, monkeypatch):
    _, store, info, key = start_session(example_library, monkeypatch)
    for w in (2, 4, 6):
        p = store.join(info.join_code)[1]
        store.submit(info.id, p.token, 1, {"weights": {"privacy": w}, "effects": {}, "balances": {}})
    store.reveal(info.id, key)
    late = store.join(info.join_code, name="Laat")[1]
    join = open_page(JOIN, example_library, monkeypatch, query={"code": info.join_code, "p": late.token})
    shown = texts(join)
    assert "Je doet mee vanaf ronde 2" in shown and "Waar we het over eens zijn" in shown
    assert "Waar jij het meest afwijkt" not in shown and not list(join.slider)
    store.next_round(info.id, key)
    join.run()
    join.toggle(key="join:list").set_value(True).run()  # every question in one list
    assert join.slider(key="join:weight:privacy").value == 5 and "Antwoord voor ronde 2" in texts(join)


def test_a_change_not_sent_before_the_round_closed_is_told(example_library, monkeypatch):
    _, store, info, key = start_session(example_library, monkeypatch)
    token = store.join(info.join_code)[1].token
    at = open_page(JOIN, example_library, monkeypatch, query={"code": info.join_code, "p": token})
    at.toggle(key="join:list").set_value(True).run()  # every question in one list
    at.slider(key="join:weight:privacy").set_value(10).run()  # moved, not sent
    store.reveal(info.id, key)
    store.next_round(info.id, key)
    at.run()  # the page follows the round change
    assert "Ronde 1 is gesloten voordat je je antwoord had verstuurd" in texts(at)
    assert store.answer(info.id, token, 1) is None and store.answer(info.id, token, 2) is None
    at.button(key="join:send").click().run()  # now sent for round 2, the round the form shows
    assert store.answer(info.id, token, 2) is not None and store.answer(info.id, token, 1) is None


def test_the_join_link_uses_the_public_address(example_library, monkeypatch):
    monkeypatch.setenv("DILEMMAKAART_PUBLIC_URL", "https://dilemma.example.nl")
    at, _store, info, _ = start_session(example_library, monkeypatch)
    at.run()
    codes = [c.value for c in at.code]
    assert f"https://dilemma.example.nl/meedoen?code={info.join_code}&lang=nl" in codes
    assert "wijzen naar" not in texts(at)
    monkeypatch.setenv("DILEMMAKAART_PUBLIC_URL", "http://127.0.0.1:8501")
    at.run()
    assert "wijzen naar 127.0.0.1" in texts(at)
    at.secrets["DILEMMAKAART_PUBLIC_URL"] = "https://zaal.example.nl/dk/"  # the setting comes first
    at.run()
    assert f"https://zaal.example.nl/dk/meedoen?code={info.join_code}&lang=nl" in [c.value for c in at.code]
    assert "wijzen naar" not in texts(at)


def test_wrong_key_gets_a_clear_message(example_library, monkeypatch):
    _, _store, info, key = start_session(example_library, monkeypatch)
    at = open_page(FAC, example_library, monkeypatch, query={"session": info.id, "key": "verkeerd"})
    assert "sleutel klopt niet" in texts(at)
    assert not [b for b in at.button if b.key in ("sess:close", "sess:reveal")]
    at = open_page(FAC, example_library, monkeypatch, query={"session": "s-00000000-000000", "key": key})
    assert "bestaat niet" in texts(at)


def test_projector_view_has_nothing_to_edit(example_library, monkeypatch):
    _, store, info, key = start_session(example_library, monkeypatch)
    at = open_page(
        FAC, example_library, monkeypatch, query={"session": info.id, "view": "projector", "screen": info.projector}
    )
    assert not at.exception
    assert key not in texts(at) and not [b for b in at.get("link_button")]  # no way back to leading
    editable = list(at.button) + list(at.checkbox) + list(at.slider) + list(at.text_input) + list(at.selectbox)
    # the language, and the hidden button the page's watchdog presses when its refresh stopped
    # (dilemmakaart/ui/refresh.py: not shown, not in the tab order; a press only redraws the page)
    assert [w for w in editable if getattr(w, "key", "") not in ("dk:lang-choice", "dk-wake-button")] == []
    for w in (3, 3, 3):
        store.submit(
            info.id, store.join(info.join_code)[1].token, 1, {"weights": {"privacy": w}, "effects": {}, "balances": {}}
        )
    store.reveal(info.id, key)
    at.run()
    assert not at.exception, at.exception
    assert "Waar we het over eens zijn" in [h.value for h in at.header]
    editable = list(at.button) + list(at.checkbox) + list(at.slider) + list(at.text_input) + list(at.selectbox)
    # the language, and the hidden button the page's watchdog presses when its refresh stopped
    # (dilemmakaart/ui/refresh.py: not shown, not in the tab order; a press only redraws the page)
    assert [w for w in editable if getattr(w, "key", "") not in ("dk:lang-choice", "dk-wake-button")] == []


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
    at.toggle(key="join:list").set_value(True).run()  # every question in one list
    at.slider(key="join:weight:privacy").set_value(9)
    at.slider(key="join:balance:veiligheid|privacy").set_value(-45)
    at.button(key="join:send").click().run()
    assert not at.exception, at.exception
    assert "opgeslagen" in texts(at)
    assert store.answer(info.id, token, 1)["weights"]["privacy"] == 9
    assert store.answer(info.id, token, 1)["balances"]["veiligheid|privacy"] == -45  # every step its own number
    # a reload (a new browser session on the same URL) shows the stored answer
    again = open_page(JOIN, example_library, monkeypatch, query={"code": info.join_code, "p": token})
    again.toggle(key="join:list").set_value(True).run()
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
    at.button(key="join:send").click().run()  # send the neutral answer
    assert store.answered(info.id, 1) == 1
    at.toggle(key="join:list").set_value(True).run()  # every question in one list
    store.close(info.id, key)
    at.slider(key="join:weight:privacy").set_value(3)
    at.button(key="join:send").click().run()  # the form was drawn while the round was open
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
    assert store.participant(info.id, at.query_params["p"]).name == "N" * 60


def test_back_to_a_session_this_window_leads(example_library, monkeypatch):
    at, _store, info, _key = start_session(example_library, monkeypatch)
    at.query_params.clear()  # the facilitator went elsewhere (the sidebar's "Sessie leiden")
    at.run()
    back = at.button(key=f"sess:back:{info.id}")
    assert "Sessies die je in deze browser leidt" in texts(at) and info.join_code[:4] in back.label
    back.click().run()
    assert not at.exception, at.exception
    assert at.query_params["session"] == info.id and "key" not in at.query_params
    assert [b for b in at.button if b.key == "sess:reveal"]  # leading it again, without the key in the URL


def frames_text(at) -> str:
    return "\n".join(frame.value.to_string() for frame in at.dataframe)


def test_only_the_facilitator_sees_a_name_next_to_an_answer(example_library, monkeypatch):
    fac, store, info, key = start_session(example_library, monkeypatch)
    tokens = []
    for i, balance in enumerate((-60, -50, 40, 60)):
        p = store.join(info.join_code, name=f"Persoon {i}")[1]
        tokens.append(p.token)
        store.submit(info.id, p.token, 1, {"weights": {}, "effects": {}, "balances": {"veiligheid|privacy": balance}})
    store.reveal(info.id, key)
    store.set_screen(info.id, key, "dilemmas")  # the projector shows the dilemmas' dots
    fac.run()
    assert "Persoon 0" in frames_text(fac)  # the facilitator's own screen
    phone = open_page(JOIN, example_library, monkeypatch, query={"code": info.join_code, "p": tokens[1]})
    projector = open_page(
        FAC, example_library, monkeypatch, query={"session": info.id, "view": "projector", "screen": info.projector}
    )
    for at in (phone, projector):
        shown = frames_text(at)
        assert "-60" in shown and "Persoon" not in shown  # every answer, no name beside it


# ---------------------------------------------------------------- the facilitator in control (facil)


def projector_page(example_library, monkeypatch, info):
    return open_page(
        FAC, example_library, monkeypatch, query={"session": info.id, "view": "projector", "screen": info.projector}
    )


def test_a_reload_keeps_control_through_the_browser_desk_not_the_key(example_library, monkeypatch):
    from dilemmakaart import desks
    from dilemmakaart.ui import session_facilitator

    desk = desks.new_desk()
    monkeypatch.setattr(session_facilitator, "_cookie", lambda: desk)  # the cookie this browser sends
    _, store, info, key = start_session(example_library, monkeypatch)
    sealed = next((store.root / info.id / "desks").iterdir()).read_text()
    assert key not in sealed and key.encode().hex() not in sealed  # the key itself is never on disk
    # a reload: a new browser session (nothing in session state), no key in the address
    again = open_page(FAC, example_library, monkeypatch, query={"session": info.id})
    assert "sess:keys" not in again.session_state or info.id in again.session_state["sess:keys"]
    assert [b for b in again.button if b.key == "sess:reveal"] and "sleutel klopt niet" not in texts(again)
    # the list of sessions this browser leads, after a reload; one led elsewhere is said, without its code
    other, _ = store.create(CASE)
    home = open_page(FAC, example_library, monkeypatch)
    assert [b for b in home.button if b.key == f"sess:back:{info.id}"]
    assert not [b for b in home.button if b.key == f"sess:back:{other.id}"]
    assert "vanuit een andere browser geleid" in texts(home) and other.join_code[:4] not in texts(home)
    # another browser (another cookie) gets nothing
    monkeypatch.setattr(session_facilitator, "_cookie", desks.new_desk)
    other = open_page(FAC, example_library, monkeypatch, query={"session": info.id})
    assert "sleutel klopt niet" in texts(other) and not [b for b in other.button if b.key == "sess:reveal"]
    assert not [b for b in open_page(FAC, example_library, monkeypatch).button if b.key == f"sess:back:{info.id}"]


def test_the_cookie_script_never_holds_the_key(example_library, monkeypatch):
    at, _store, _info, key = start_session(example_library, monkeypatch)
    scripts = "\n".join(str(h.proto.body) for h in at.get("html"))
    assert "dk_desk=" in scripts and "SameSite=Strict" in scripts and key not in scripts


def test_reveal_asks_first(example_library, monkeypatch):
    at, store, info, _key = start_session(example_library, monkeypatch)
    reveal = at.button(key="sess:reveal")
    assert reveal.label == "Ja, resultaten tonen"  # the button inside the confirmation
    assert "Weet je het zeker? Na het tonen kan niemand meer antwoorden in ronde 1" in texts(at)
    assert store.load(info.id).state == "open"
    reveal.click().run()
    assert store.load(info.id).state == "revealed"


def test_the_projector_follows_the_screen_the_facilitator_chooses(example_library, monkeypatch):
    at, store, info, _key = start_session(example_library, monkeypatch)
    for i, (w, balance) in enumerate(((2, -80), (3, -70), (8, 60), (9, 80))):
        p = store.join(info.join_code, name=f"P{i}")[1]
        store.submit(
            info.id,
            p.token,
            1,
            {"weights": {"privacy": w}, "effects": {"privacy": -3}, "balances": {"veiligheid|privacy": balance}},
        )
    proj = projector_page(example_library, monkeypatch, info)
    assert "Doe mee" in [h.value for h in proj.header]  # automatic: the join screen while round 1 is open
    assert at.segmented_control(key="sess:screen").value == "auto"
    at.segmented_control(key="sess:screen").set_value("map").run()
    assert store.load(info.id).screen == "map"
    proj.run()
    assert "De resultaten komen hier zodra de begeleider ze laat zien." in texts(proj)  # nothing before the reveal
    assert not proj.get("vega_lite_chart")
    at.button(key="sess:reveal").click().run()
    proj.run()
    assert len(proj.get("vega_lite_chart")) == 1 and "Groepskaart" not in texts(proj)
    at.segmented_control(key="sess:screen").set_value("item").run()
    at.selectbox(key="sess:screen-item").set_value("weight:privacy").run()
    assert (store.load(info.id).screen, store.load(info.id).screen_item) == ("item", "weight:privacy")
    proj.run()
    assert "Privacy \\(gewicht\\)" in [h.value for h in proj.header]
    # round 2: round 1's results stay on the projector while the group answers again
    at.segmented_control(key="sess:screen").set_value("split").run()
    at.button(key="sess:next").click().run()
    proj.run()
    shown = texts(proj)
    assert "Resultaten van ronde 1" in shown and "Waar we verschillen" in shown and "twee kampen" in shown
    assert "Resultaten van ronde 1 (al getoond)" in [e.label for e in at.expander]  # and on the facilitator's page


def test_a_timer_for_the_round_on_the_facilitator_and_the_projector(example_library, monkeypatch):
    at, store, info, _key = start_session(example_library, monkeypatch)
    at.session_state["sess:timer-open"] = True  # a click on the panel's title
    at.run()
    at.number_input(key="sess:timer-min").set_value(3).run()
    at.button(key="sess:timer").click().run()
    now = store.load(info.id)
    assert now.deadline_round == 1 and 170 < (now.time_left() or 0) <= 180
    assert at.metric[2].value.startswith(("3:00", "2:5"))
    proj = projector_page(example_library, monkeypatch, info)
    assert any("nog 3:00" in m or "nog 2:5" in m for m in (x.value for x in proj.markdown))
    at.button(key="sess:timer-stop").click().run()
    assert store.load(info.id).time_left() is None and at.metric[2].value == "—"


def test_what_to_ask_is_kept_in_the_session(example_library, monkeypatch):
    from dilemmakaart.store import CaseLibrary

    at, store, info, key = start_session(example_library, monkeypatch)
    case = CaseLibrary(example_library).load(CASE)
    at.session_state["sess:ask-open"] = True  # a click on the panel's title
    at.run()
    assert at.radio(key="sess:ask").value == "all"
    at.radio(key="sess:ask").set_value("dilemmas").run()
    at.button(key="sess:ask-apply").click().run()
    now = store.load(info.id)
    assert now.ask == "dilemmas" and now.asked(case) == [f"balance:{d.key}" for d in case.dilemmas]
    at.radio(key="sess:ask").set_value("chosen").run()
    at.button(key="sess:ask-apply").click().run()  # nothing chosen: refused in words, nothing changed
    assert "Kies minstens één onderdeel" in texts(at) and store.load(info.id).ask == "dilemmas"
    at.multiselect(key="sess:ask-items").set_value(["weight:privacy", "balance:veiligheid|privacy"]).run()
    at.button(key="sess:ask-apply").click().run()
    assert store.load(info.id).asked(case) == ["weight:privacy", "balance:veiligheid|privacy"]
    store.set_ask(info.id, key, "weights")  # another tab changed it: this page shows the change
    at.run()
    assert at.radio(key="sess:ask").value == "weights"
    at.session_state["sess:ask-open"] = False  # folded and opened again: still what the session asks
    at.run()
    at.session_state["sess:ask-open"] = True
    at.run()
    assert at.radio(key="sess:ask").value == "weights"


def test_the_facilitator_removes_a_ghost_and_its_answers_leave_the_results(example_library, monkeypatch):
    at, store, info, _key = start_session(example_library, monkeypatch)
    people = [store.join(info.join_code, name=f"Persoon {i}")[1] for i in range(4)]
    for p, w in zip(people, (2, 2, 2, 10)):
        store.submit(info.id, p.token, 1, {"weights": {"privacy": w}, "effects": {}, "balances": {}})
    at.run()
    assert "Deelnemers (4)" in [e.label for e in at.expander]
    at.session_state["sess:people-open"] = True  # a click on the panel's title
    at.run()
    assert "Persoon 3" in texts(at)  # by name: this session has names
    assert not [b for b in at.button if b.key == "sess:remove:4"]  # asked first
    at.button(key="sess:remove-ask:3").click().run()
    assert [b.key for b in at.button if b.key.startswith("sess:remove:")] == ["sess:remove:3"]
    at.button(key="sess:remove-no:3").click().run()  # not wanted: nothing changes, the question goes
    assert len(store.participants(info.id)) == 4 and not [b for b in at.button if b.key == "sess:remove:3"]
    at.button(key="sess:remove-ask:4").click().run()
    assert "Persoon 3 uit de sessie halen?" in texts(at)  # number 4: the fourth to join
    at.button(key="sess:remove:4").click().run()
    assert not at.exception, at.exception
    assert len(store.participants(info.id)) == 3 and store.answered(info.id, 1) == 3
    assert "Deelnemers (3)" in [e.label for e in at.expander]
    assert not [b for b in at.button if b.key.startswith("sess:remove:")]  # answered: the question went
    at.button(key="sess:reveal").click().run()
    assert "Privacy \\(gewicht\\)\\: mediaan 2" in texts(at)  # the ghost's 10 left the results


def test_in_an_anonymous_session_the_list_has_numbers_only(example_library, monkeypatch):
    at, store, info, _key = start_session(example_library, monkeypatch, anonymous=True)
    store.join(info.join_code, name="Geheim")
    at.run()
    at.session_state["sess:people-open"] = True  # the list of who joined
    at.run()
    shown = texts(at)
    assert "Deelnemer 1" in shown and "Geheim" not in shown


def test_roles_are_shown_only_for_groups_of_three(example_library, monkeypatch):
    at, store, info, _key = start_session(example_library, monkeypatch, roles=True)
    for role, w in (("bewoner", 2), ("bewoner", 3), ("bewoner", 2), ("handhaver", 9), ("bestuurder", 8)):
        p = store.join(info.join_code, role=role)[1]
        store.submit(info.id, p.token, 1, {"weights": {"privacy": w}, "effects": {}, "balances": {}})
    at.run()
    at.button(key="sess:reveal").click().run()
    shown = texts(at)
    assert "2 antwoorden staan niet in dit overzicht" in shown and "Handhaver" in shown
    frame = frames_text(at)
    assert "Bewoner" in frame and "Handhaver" not in frame and "Bestuurder" not in frame


def test_arguments_are_anonymous_grouped_and_can_be_hidden(example_library, monkeypatch):
    at, store, info, key = start_session(example_library, monkeypatch)
    pair = "veiligheid|privacy"
    for i, (balance, why) in enumerate(
        ((-80, "Veiligheid eerst"), (-70, ""), (70, "Privacy is een grondrecht"), (80, "Te veel camera's"))
    ):
        p = store.join(info.join_code, name=f"Persoon {i}")[1]
        store.submit(
            info.id, p.token, 1, {"weights": {}, "effects": {}, "balances": {pair: balance}, "reasons": {pair: why}}
        )
    at.run()
    at.button(key="sess:reveal").click().run()
    shown = texts(at)
    assert "“Veiligheid eerst”" in shown and "“Privacy is een grondrecht”" in shown
    store.set_screen(info.id, key, "arguments")
    proj = projector_page(example_library, monkeypatch, info)
    room = texts(proj)
    assert "Veiligheid eerst" in room and "Persoon" not in room  # anonymous
    assert room.index("Veiligheid eerst") < room.index("Privacy is een grondrecht")  # grouped by side
    hide = next(b for b in at.button if (b.key or "").startswith("sess:arg:") and b.label == "Argument 1 verbergen")
    hide.click().run()
    proj.run()
    assert len([a for group in store.arguments(info.id, 1).values() for a in group]) == 2
    assert sum(x in texts(proj) for x in ("Veiligheid eerst", "Privacy is een grondrecht", "Te veel camera's")) == 2


def test_a_refused_send_stays_said_until_the_answer_changes(example_library, monkeypatch):
    """A send that is refused (here the disk is full) is said under the button, and it stays said
    when the page is drawn again in between (it follows the session by itself); it goes when the
    answer changes, and a send that succeeds says so instead."""
    import errno

    from dilemmakaart.session import SessionStore as Store

    _, store, info, _key = start_session(example_library, monkeypatch)
    token = store.join(info.join_code)[1].token
    at = open_page(JOIN, example_library, monkeypatch, query={"code": info.join_code, "p": token})
    at.toggle(key="join:list").set_value(True).run()  # every question in one list
    real_submit = Store.submit

    def full_disk(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(Store, "submit", full_disk)
    at.button(key="join:send").click().run()
    refused = [e.value for e in at.error]
    assert refused and store.answer(info.id, token, 1) is None
    at.run()  # the page drawn again, as when it follows the session
    assert [e.value for e in at.error] == refused
    monkeypatch.setattr(Store, "submit", real_submit)
    at.slider(key="join:weight:privacy").set_value(8).run()
    assert [e.value for e in at.error] == []
    at.button(key="join:send").click().run()
    assert store.answer(info.id, token, 1)["weights"]["privacy"] == 8 and not at.error
