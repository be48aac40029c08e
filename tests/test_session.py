"""The session store: codes, keys, rounds, answers, adopting into the case."""

from __future__ import annotations

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
from dilemmakaart.store import CaseLibrary
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
def store(library_dir):
    return SessionStore(library_dir)


def test_join_code_shape_and_lookup(store):
    info, key = store.create("proef")
    assert len(info.join_code) == CODE_LENGTH and set(info.join_code) <= set(ALPHABET)
    assert not set("ILO01") & set(ALPHABET)
    typed = pretty_code(info.join_code).lower().replace("-", " - ")
    assert normalise_code(typed) == info.join_code
    assert store.find(typed).id == info.id
    assert key not in (store.root / info.id / "session.yaml").read_text()  # only the hash is stored
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
    assert "Anna" not in (store.root / info.id / "participants" / f"{p1.token}.yaml").read_text()
    store.submit(info.id, p2.token, 1, ANSWER)
    store.submit(info.id, p1.token, 1, ANSWER)
    responses = store.responses(info.id, 1, anonymous_label="Participant {n}")
    assert [(r.participant, r.role) for r in responses] == [("Participant 1", "bewoner"), ("Participant 2", None)]


def test_everything_survives_a_new_store_object(store, library_dir):
    info, key = store.create("proef")
    _, p = store.join(info.join_code)
    store.submit(info.id, p.token, 1, ANSWER)
    again = SessionStore(library_dir)  # as after a server restart
    assert again.answer(info.id, p.token, 1) == ANSWER
    assert again.check_key(info.id, key).id == info.id
    assert again.participant(info.id, p.token).label() == "Deelnemer 1"


def test_clean_answer_keeps_only_the_case():
    c = the_case()
    out = clean_answer(
        c, {"privacy": 12, "onbekend": 3, "veiligheid": True}, {"privacy": -7.4}, {"privacy|veiligheid": 30, "x|y": 1}
    )
    assert out == {"weights": {"privacy": 10}, "effects": {"privacy": -5}, "balances": {"privacy|veiligheid": 30}}


def test_adopt_into_case_and_save(store, library_dir, code):
    library = CaseLibrary(library_dir, code)
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
        (1, 3, 0, True),
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
