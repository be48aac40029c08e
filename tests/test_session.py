"""The session store: codes, keys, rounds, answers, adopting into the case. Every test that takes
``store`` runs on both stores, the folder of files and PostgreSQL (``tests/backends.py``)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from dilemmakaart.case import parse_case
from dilemmakaart.session import (
    ALPHABET,
    CODE_LENGTH,
    SessionError,
    SessionStore,
    adopt_into_case,
    clean_answer,
    normalise_code,
    pretty_code,
)
from tests.backends import Store
from tests.conftest import minimal_case


def the_case():
    return parse_case(
        minimal_case(
            values=[{"value": "privacy", "weight": 5, "effect": 0}, {"value": "veiligheid", "weight": 5, "effect": 0}],
            dilemmas=[{"a": "privacy", "b": "veiligheid", "balance": 0}],
        )
    )


ANSWER = {"weights": {"privacy": 8}, "effects": {"privacy": -3}, "balances": {"privacy|veiligheid": -40}}


@pytest.fixture
def store(any_store: Store):
    return SessionStore(any_store.documents())


def read_doc(store: SessionStore, key: str) -> str:
    """A session document's text (``key`` under ``.sessions/``), on either store."""
    raw = store.docs.read(f".sessions/{key}")
    assert raw is not None, key
    return raw.decode("utf-8")


def write_doc(store: SessionStore, key: str, text: str) -> None:
    """Change a session document behind the store's back (a hand edit)."""
    store.docs.write(f".sessions/{key}", text)


def test_join_code_shape_and_lookup(store):
    info, key = store.create("proef")
    assert len(info.join_code) == CODE_LENGTH and set(info.join_code) <= set(ALPHABET)
    assert not set("ILO01") & set(ALPHABET)
    typed = pretty_code(info.join_code).lower().replace("-", " - ")
    assert normalise_code(typed) == info.join_code
    assert store.find(typed).id == info.id
    assert key not in read_doc(store, f"{info.id}/session.yaml")  # only the hash is stored
    with pytest.raises(SessionError) as err:
        store.find("AAAA-AAAA" if info.join_code != "AAAAAAAA" else "BBBBBBBB")
    assert err.value.key == "unknown_code"
    for bad in ("", "ABC", "../../etc", "I0I0I0I0"):
        with pytest.raises(SessionError):
            store.find(bad)


def test_codes_differ_between_sessions(store):
    codes = {store.create("proef")[0].join_code for _ in range(30)}
    assert len(codes) == 30


def test_only_the_key_changes_state(store):
    info, key = store.create("proef")
    for action in (store.close, store.reveal, store.next_round, store.reopen, store.mark_adopted):
        for wrong in (None, "", "x", key + "x"):
            with pytest.raises(SessionError) as err:
                action(info.id, wrong)
            assert err.value.key == "wrong_key"
    assert store.load(info.id).state == "open"


def test_round_flow(store):
    info, key = store.create("proef", anonymous=False)
    _, p = store.join(info.join_code, name="  Anna   de Vries ")
    assert p.name == "Anna de Vries" and p.number == 1
    store.submit(info.id, p.token, 1, ANSWER)
    assert store.answered(info.id, 1) == 1
    store.submit(info.id, p.token, 1, {**ANSWER, "weights": {"privacy": 9}})  # change own answer
    assert store.answer(info.id, p.token, 1)["weights"] == {"privacy": 9}
    assert store.answered(info.id, 1) == 1
    store.close(info.id, key)
    with pytest.raises(SessionError) as err:
        store.submit(info.id, p.token, 1, ANSWER)
    assert err.value.key == "round_closed"
    store.reopen(info.id, key)
    store.submit(info.id, p.token, 1, ANSWER)
    store.reveal(info.id, key)
    with pytest.raises(SessionError) as err:
        store.reopen(info.id, key)
    assert err.value.key == "already_revealed"
    with pytest.raises(SessionError):
        store.submit(info.id, p.token, 1, ANSWER)
    info = store.next_round(info.id, key)
    assert (info.round, info.state) == (2, "open")
    with pytest.raises(SessionError) as err:
        store.submit(info.id, p.token, 1, ANSWER)  # a late answer for round 1
    assert err.value.key == "round_over"
    with pytest.raises(SessionError) as err:
        store.next_round(info.id, key)
    assert err.value.key == "round_still_open"
    store.submit(info.id, p.token, 2, {**ANSWER, "weights": {"privacy": 2}})
    assert store.responses(info.id, 1)[0].weights == {"privacy": 8}
    assert store.responses(info.id, 2)[0].weights == {"privacy": 2}
    assert store.responses(info.id, 2)[0].participant == "Anna de Vries"


def test_unknown_or_forged_tokens_cannot_write(store):
    info, _ = store.create("proef")
    for token in ("", "nope-nope-nope", "../../../x", "a" * 10):
        with pytest.raises(SessionError) as err:
            store.submit(info.id, token, 1, ANSWER)
        assert err.value.key == "unknown_participant"
    assert store.answered(info.id, 1) == 0
    with pytest.raises(SessionError):
        store.load("../../etc")


def test_anonymous_sessions_store_no_names(store):
    info, _ = store.create("proef", anonymous=True, roles=True)
    _, p1 = store.join(info.join_code, name="Anna", role="bewoner")
    _, p2 = store.join(info.join_code, name="Bram")
    assert p1.name is None and p2.number == 2
    assert "Anna" not in read_doc(store, f"{info.id}/participants/{p1.token}.yaml")
    store.submit(info.id, p2.token, 1, ANSWER)
    store.submit(info.id, p1.token, 1, ANSWER)
    responses = store.responses(info.id, 1, anonymous_label="Participant {n}")
    assert [(r.participant, r.role) for r in responses] == [("Participant 1", "bewoner"), ("Participant 2", None)]


def test_everything_survives_a_new_store_object(store, any_store):
    info, key = store.create("proef")
    _, p = store.join(info.join_code)
    store.submit(info.id, p.token, 1, ANSWER)
    again = SessionStore(any_store.documents())  # as after a server restart
    assert again.answer(info.id, p.token, 1) == ANSWER
    assert again.check_key(info.id, key).id == info.id
    assert again.participant(info.id, p.token).label() == "Deelnemer 1"


def test_clean_answer_keeps_only_the_case():
    c = the_case()
    out = clean_answer(
        c, {"privacy": 12, "onbekend": 3, "veiligheid": True}, {"privacy": -7.4}, {"privacy|veiligheid": 30, "x|y": 1}
    )
    assert out == {"weights": {"privacy": 10}, "effects": {"privacy": -5}, "balances": {"privacy|veiligheid": 30}}


def test_adopt_into_case_and_save(store, any_store, code):
    library = any_store.library(code)
    library.save(the_case(), create=True)
    info, key = store.create("proef", anonymous=True)
    tokens = [store.join(info.join_code)[1].token for _ in range(3)]
    for i, token in enumerate(tokens):
        store.submit(
            info.id,
            token,
            1,
            {"weights": {"privacy": 4 + i}, "effects": {}, "balances": {"privacy|veiligheid": 10 * i}},
        )
    store.reveal(info.id, key)
    store.next_round(info.id, key)
    store.submit(info.id, tokens[0], 2, ANSWER)
    sessions = store.to_case_sessions(info.id)
    # every round counted; only the last round keeps the individual answers (the rest stay in the session)
    assert [(s.round, s.summary.participants, len(s.responses), s.anonymous) for s in sessions] == [
        (1, 3, 3, True),  # round 1 kept too (labels all different): movement over people in both
        (2, 1, 1, True),
    ]
    assert sessions[0].summary.weights == {"privacy": "4:1 5:1 6:1"}
    case = library.load("proef")
    adopted = adopt_into_case(
        case, sessions, {"weights": {"privacy": 5}, "effects": {}, "balances": {"privacy|veiligheid": 10}}
    )
    saved = library.save(adopted)
    again = library.load("proef")
    assert again.revision == saved.revision and again.value("privacy").weight == 5 and again.dilemmas[0].balance == 10
    assert [r.participant for r in again.sessions[1].responses] == ["Deelnemer 1"]
    assert again.sessions[0].summary == sessions[0].summary
    # adopting the same session again replaces its rounds instead of duplicating them
    twice = adopt_into_case(again, sessions)
    assert len(twice.sessions) == 2
    library.save(twice)


# ---------------------------------------------------------------- issue 12: trust


def test_a_stale_tab_is_refused_and_told_the_state_now(store):
    """Tab B still shows round 1 open; tab A revealed and started round 2. B's reveal changes nothing."""
    info, key = store.create("proef")
    seen_by_b = info.moment
    assert seen_by_b == (1, "open")
    store.reveal(info.id, key, expect=(1, "open"))  # tab A
    store.next_round(info.id, key, expect=(1, "revealed"))
    for action in (store.reveal, store.close, store.next_round, store.reopen, store.end, store.mark_adopted):
        with pytest.raises(SessionError) as err:
            action(info.id, key, expect=seen_by_b)
        assert err.value.key == "moved_on" and err.value.params == {"round": 2, "state": "open"}
    assert store.load(info.id).moment == (2, "open")  # nothing changed
    with pytest.raises(SessionError) as err:
        store.check_moment(info.id, key, seen_by_b)  # adopting checks before it writes the case
    assert err.value.key == "moved_on"
    store.close(info.id, key, expect=(2, "open"))  # the fresh state is accepted
    assert store.load(info.id).moment == (2, "closed")


def test_the_projector_token_is_not_the_key_and_changes_nothing(store):
    info, key = store.create("proef")
    assert info.projector and info.projector != key
    assert store.check_projector(info.id, info.projector).id == info.id
    for wrong in (None, "", key, info.projector + "x"):
        with pytest.raises(SessionError) as err:
            store.check_projector(info.id, wrong)
        assert err.value.key == "wrong_screen"
    with pytest.raises(SessionError) as err:  # the projector token is no facilitator key
        store.reveal(info.id, info.projector)
    assert err.value.key == "wrong_key"
    assert store.projector_token(info.id, key) == info.projector
    text = read_doc(store, f"{info.id}/session.yaml")
    assert key not in text  # only the key's hash is stored


def test_a_session_from_before_projector_tokens_gets_one(store):
    info, key = store.create("proef")
    key_ = f"{info.id}/session.yaml"
    write_doc(store, key_, read_doc(store, key_).replace(f"projector: {info.projector}", "projector: ''"))
    assert store.load(info.id).projector == ""
    with pytest.raises(SessionError):
        store.check_projector(info.id, "")
    token = store.projector_token(info.id, key)
    assert token and store.check_projector(info.id, token).id == info.id


def test_a_submit_names_its_round_and_is_never_stored_in_another(store):
    info, key = store.create("proef")
    _, p = store.join(info.join_code)
    store.reveal(info.id, key)
    store.next_round(info.id, key)
    with pytest.raises(SessionError) as err:  # the form was drawn for round 1
        store.submit(info.id, p.token, 1, {**ANSWER, "weights": {"privacy": 10}})
    assert err.value.key == "round_over" and err.value.params == {"round": 1, "now": 2}
    assert store.answer(info.id, p.token, 1) is None and store.answer(info.id, p.token, 2) is None
    store.close(info.id, key)
    with pytest.raises(SessionError) as err:
        store.submit(info.id, p.token, 2, ANSWER)
    assert err.value.key == "round_closed" and err.value.params == {"round": 2}
    assert store.answered(info.id, 2) == 0


def test_late_joiners_take_part_from_the_next_round(store):
    info, key = store.create("proef")
    _, early = store.join(info.join_code)
    store.submit(info.id, early.token, 1, ANSWER)
    store.reveal(info.id, key)
    _, late = store.join(info.join_code)
    assert (early.first_round, late.first_round) == (1, 2)
    assert store.participant(info.id, late.token).first_round == 2  # kept on disk
    with pytest.raises(SessionError) as err:
        store.submit(info.id, late.token, 1, ANSWER)
    assert err.value.key == "not_yet" and err.value.params == {"round": 2}
    store.next_round(info.id, key)
    store.submit(info.id, late.token, 2, ANSWER)
    assert store.answered(info.id, 2) == 1


def test_nobody_joins_or_answers_after_the_end_or_the_adoption(store):
    info, key = store.create("proef")
    _, p = store.join(info.join_code)
    store.mark_adopted(info.id, key)
    with pytest.raises(SessionError) as err:
        store.join(info.join_code)
    assert err.value.key == "session_adopted"
    store.submit(info.id, p.token, 1, ANSWER)  # those who are in may still answer the open round
    ended = store.end(info.id, key, expect=(1, "open"))
    assert ended.ended and ended.moment == (1, "ended") and ended.state == "closed"
    for attempt in (lambda: store.join(info.join_code), lambda: store.submit(info.id, p.token, 1, ANSWER)):
        with pytest.raises(SessionError) as err:
            attempt()
        assert err.value.key == "session_ended"
    for action in (store.reopen, store.reveal, store.next_round):
        with pytest.raises(SessionError) as err:
            action(info.id, key)
        assert err.value.key == "session_ended"
    store.mark_adopted(info.id, key, expect=(1, "ended"))  # the outcome can still be saved after the end
    assert store.joined(info.id) == 1


def test_two_people_with_the_same_name_stay_two_in_the_case(store):
    info, key = store.create("proef")
    jans = [store.join(info.join_code, name="Jan")[1] for _ in range(2)]
    other = store.join(info.join_code, name="Deelnemer 2")[1]  # typed the label of someone else
    for p, w in zip([*jans, other], (2, 8, 5), strict=True):
        store.submit(info.id, p.token, 1, {"weights": {"privacy": w}, "effects": {}, "balances": {}})
    store.reveal(info.id, key)
    store.next_round(info.id, key)
    for p, w in zip([*jans, other], (2, 8, 5), strict=True):  # nobody changes
        store.submit(info.id, p.token, 2, {"weights": {"privacy": w}, "effects": {}, "balances": {}})
    rounds = store.to_case_sessions(info.id, names=True)  # the facilitator chose to keep names
    assert [s.summary.participants for s in rounds] == [3, 3]
    assert rounds[1].summary.movers == {"weight:privacy": 0}  # matched by token: nobody moved
    assert [r.participant for r in rounds[1].responses] == ["Jan", "Jan", "Deelnemer 2"]
    unnamed = store.to_case_sessions(info.id)  # by default no name goes into the case
    assert [r.participant for r in unnamed[1].responses] == ["Deelnemer 1", "Deelnemer 2", "Deelnemer 3"]
    tokens, responses = store.keyed_responses(info.id, 2)
    assert tokens == [p.token for p in (*jans, other)] and len(responses) == 3


def test_the_public_address():
    from dilemmakaart.session import PUBLIC_URL_ENV, local_host, public_base

    opened = "http://localhost:8501/sessie?session=x"
    assert public_base(None, {}, opened) == "http://localhost:8501"
    assert public_base(None, {PUBLIC_URL_ENV: "https://dk.example.nl/app/"}, opened) == "https://dk.example.nl/app"
    assert public_base("https://zaal.example.nl", {PUBLIC_URL_ENV: "https://x.nl"}, opened) == "https://zaal.example.nl"
    assert public_base("geen adres", {PUBLIC_URL_ENV: "ftp://x"}, opened) == "http://localhost:8501"  # ignored
    assert public_base(None, {}, None) == ""
    for url, host in (
        ("http://localhost:8501/meedoen", "localhost"),
        ("http://127.0.0.1:8501", "127.0.0.1"),
        ("http://127.1.2.3", "127.1.2.3"),
        ("http://[::1]:8501", "::1"),
        ("https://dk.example.nl/meedoen", None),
        ("http://192.168.1.20:8501", None),
    ):
        assert local_host(url) == host


def test_the_report_keeps_sessions_apart_and_counts_people_not_names(store, any_store, code):
    """Two groups on one case, each with a round 1 (one group with two people called Jan): the
    report shows two sessions of their own size, never one pooled "Ronde 1"."""
    from dilemmakaart.aggregate import case_rounds
    from dilemmakaart.report.content import build_content

    library = any_store.library(code)
    library.save(the_case(), create=True)
    for names, weights in ((["Jan", "Jan", "Els", "Piet"], (1, 2, 1, 2)), (["Anna", "Bram", "Cas"], (9, 9, 8))):
        info, key = store.create("proef")
        for name, w in zip(names, weights, strict=True):
            token = store.join(info.join_code, name=name)[1].token
            store.submit(info.id, token, 1, {"weights": {"privacy": w}, "effects": {}, "balances": {}})
        store.reveal(info.id, key)
        case = library.load("proef")
        library.save(adopt_into_case(case, store.to_case_sessions(info.id)))
    case = library.load("proef")
    rounds = case_rounds(case)
    assert [(r.number, r.round, r.participants) for r in rounds] == [(1, 1, 4), (2, 1, 3)]
    assert [r.summary.items["weight:privacy"].median for r in rounds] == [1.5, 9]
    assert all(r.summary.items["weight:privacy"].split is None for r in rounds)  # pooled, 1,1,2,2,8,9,9 split
    text = build_content(case, code, "nl").text()
    assert "Sessie 1 · Ronde 1" in text and "Sessie 2 · Ronde 1" in text
    assert "Deelnemers: 4" in text and "Deelnemers: 3" in text and "Deelnemers: 7" not in text


def test_a_session_ends_by_itself_after_its_lifetime(store, monkeypatch):
    info, _key = store.create("proef")
    _, p = store.join(info.join_code)
    key_ = f"{info.id}/session.yaml"
    started = (datetime.now(UTC) - timedelta(hours=25)).replace(microsecond=0)
    write_doc(store, key_, read_doc(store, key_).replace(info.created, started.isoformat()))
    late = store.load(info.id)
    assert late.ended == (started + timedelta(hours=24)).isoformat() and late.moment == (1, "ended")
    for attempt in (lambda: store.join(info.join_code), lambda: store.submit(info.id, p.token, 1, ANSWER)):
        with pytest.raises(SessionError) as err:
            attempt()
        assert err.value.key == "session_ended"
    monkeypatch.setenv("DILEMMAKAART_SESSION_HOURS", "48")  # a longer lifetime may be set
    assert store.load(info.id).ended == ""


def test_the_report_moves_over_the_people_in_both_rounds(store, any_store, code):
    """Nobody changes; one person skips round 2: in the saved case and the report no median moves,
    and the report says over how many people it is."""
    from dilemmakaart.aggregate import case_rounds, session_movement
    from dilemmakaart.report.content import build_content

    library = any_store.library(code)
    library.save(the_case(), create=True)
    info, key = store.create("proef")
    people = [store.join(info.join_code, name="Jan")[1].token for _ in range(5)]
    weights = (1, 2, 3, 4, 10)
    for r in (1, 2):
        for token, w in zip(people, weights, strict=True):
            if r == 2 and w == 10:
                continue  # skips round 2
            store.submit(info.id, token, r, {"weights": {"privacy": w}, "effects": {}, "balances": {}})
        store.reveal(info.id, key)
        if r == 1:
            store.next_round(info.id, key)
    library.save(adopt_into_case(library.load("proef"), store.to_case_sessions(info.id)))
    case = library.load("proef")
    assert [r.summary.items["weight:privacy"].median for r in case_rounds(case)] == [3, 2.5]  # whole rounds
    moved = {m.item: m for m in session_movement(case, info.id, 1, 2)}["weight:privacy"]
    assert (moved.people, moved.movers, moved.median_change) == (4, 0, 0)
    text = build_content(case, code, "nl").text()
    assert "Over de 4 mensen die in beide rondes antwoordden" in text and "2.5 → 2.5" in text
