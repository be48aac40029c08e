"""A case that held several real workshops keeps working: saved, reopened, reported (issue 11.1),
and what has to give way when sessions are adopted after the case changed (11.5), a flood of joins
(11.1), hand-edited and half-written session files (11.14)."""

from __future__ import annotations

import os
import random

import pytest

from dilemmakaart.aggregate import case_rounds, session_movement
from dilemmakaart.case import MAX_PARTICIPANTS, case_to_data, parse_case, parse_tally
from dilemmakaart.session import SessionError, SessionStore, adopt
from dilemmakaart.store import CaseLibrary
from dilemmakaart.yamlio import MAX_EVENTS, count_nodes, dump_yaml
from tests.conftest import minimal_case


@pytest.fixture
def fast_disk(monkeypatch):
    """Thousands of answer files: no fsync (what is tested is the content, not the durability)."""
    monkeypatch.setattr(os, "fsync", lambda fd: None)


def big_case(code, n_values=20, n_dilemmas=10):
    ids = list(code.value_ids)[:n_values]
    values = [{"value": v, "weight": 5, "effect": 0} for v in ids]
    dilemmas = [{"a": ids[i], "b": ids[i + 1], "balance": 0} for i in range(0, 2 * n_dilemmas, 2)]
    return parse_case(minimal_case(values=values, dilemmas=dilemmas), code)


def run_session(store, case, key_rng, *, people=40, rounds=3, names=True):
    info, key = store.create(case.id, anonymous=not names, roles=True)
    tokens = [store.join(info.join_code, name=f"Deelnemer met een lange naam {i}")[1].token for i in range(people)]
    for r in range(1, rounds + 1):
        for token in tokens:
            answer = {
                "weights": {v.value: key_rng.randint(0, 10) for v in case.values},
                "effects": {v.value: key_rng.randint(-5, 5) for v in case.values},
                "balances": {d.key: key_rng.randrange(-100, 101, 5) for d in case.dilemmas},
            }
            store.submit(info.id, token, r, answer)
        store.reveal(info.id, key)
        if r < rounds:
            store.next_round(info.id, key)
    return info, key


def test_six_workshops_of_forty_over_three_rounds_fit_a_case(library_dir, code, fast_disk):
    library = CaseLibrary(library_dir, code)
    store = SessionStore(library_dir)
    rng = random.Random(11)
    library.save(big_case(code), create=True)
    dropped = []
    for _ in range(6):
        info, _key = run_session(store, library.load("proef"), rng)
        case = library.load("proef")
        adoption = adopt(case, store.to_case_sessions(info.id))
        assert not adoption.left_out and info.id not in adoption.without_answers
        dropped += adoption.without_answers
        library.save(adoption.case)
    # random answers are the worst case for the counts (every answer on the scale occurs); even so
    # only the oldest sessions give up their individual answers, and the facilitator is told
    assert dropped == []
    again = library.load("proef")  # reopened: the file reads back
    assert len(again.sessions) == 18
    text = dump_yaml(case_to_data(again))
    nodes = count_nodes(text)
    assert nodes <= MAX_EVENTS, nodes  # every answer of every round would be some 75,000
    # the last round of each session keeps its individual answers (unless it had to give way); every
    # round its counts
    assert sum(len(s.responses) for s in again.sessions) == (6 - len(dropped)) * 40
    assert all(s.summary is not None and s.summary.participants == 40 for s in again.sessions)
    # reported: the six workshops stay apart (never pooled by round number), movement per session
    rounds = case_rounds(again)
    assert len(rounds) == 18 and len({r.session for r in rounds}) == 6
    assert all(r.participants == 40 for r in rounds) and [r.number for r in rounds[:4]] == [1, 1, 1, 2]
    moved = {m.item: m for m in session_movement(again, rounds[0].session, 1, 3)}
    first = again.values[0].value
    assert 30 < moved[f"weight:{first}"].movers <= 40  # random answers: nearly everyone changed
    assert again.last_round_responses() is not None and len(again.last_round_responses()) == 40
    from dilemmakaart.report.content import build_content

    report = build_content(again, code, "nl")
    assert report.blocks
    # and the case can be saved again
    again.title = "Nog steeds te bewaren"
    assert library.save(again).revision == again.revision + 1


def test_the_full_answers_stay_in_the_session_folder(library_dir, code, fast_disk):
    store = SessionStore(library_dir)
    case = big_case(code, 4, 2)
    info, _ = run_session(store, case, random.Random(3), people=5, rounds=2)
    sessions = store.to_case_sessions(info.id)
    assert [len(s.responses) for s in sessions] == [5, 5]  # round 1 too: the report matches people
    assert len(store.responses(info.id, 1)) == 5  # round 1's answers are still there, one file each
    for r, s in zip((1, 2), sessions, strict=True):
        answers = store.responses(info.id, r)
        first = case.values[0].value
        counted = sorted(a for a, n in parse_tally(s.summary.weights[first]) for _ in range(n))
        assert counted == sorted(x.weights[first] for x in answers)


def test_a_flood_of_joins_is_refused_in_words(library_dir, fast_disk):
    store = SessionStore(library_dir)
    info, _ = store.create("proef")
    for _ in range(MAX_PARTICIPANTS):
        store.join(info.join_code)
    with pytest.raises(SessionError) as err:
        store.join(info.join_code)
    assert err.value.key == "session_full" and err.value.params == {"limit": MAX_PARTICIPANTS}
    assert store.joined(info.id) == MAX_PARTICIPANTS
    from dilemmakaart.i18n import t

    assert "300" in t("session.error.session_full", "nl", **err.value.params)


def test_adoption_never_makes_a_case_the_store_refuses(library_dir, code, fast_disk):
    """Thirty values, two hundred dilemmas, 150 people: the individual answers cannot fit, so the case
    keeps the counts of that session (and says so) and the save succeeds."""
    library = CaseLibrary(library_dir, code)
    store = SessionStore(library_dir)
    ids = list(code.value_ids)
    pairs = [(a, b) for i, a in enumerate(ids) for b in ids[i + 1 :]][:200]
    case = parse_case(
        minimal_case(
            values=[{"value": v, "weight": 5, "effect": 0} for v in ids],
            dilemmas=[{"a": a, "b": b, "balance": 0} for a, b in pairs],
        ),
        code,
    )
    library.save(case, create=True)
    case = library.load("proef")
    info, _key = store.create("proef")
    rng = random.Random(5)
    people = 150
    for _ in range(people):
        token = store.join(info.join_code)[1].token
        store.submit(
            info.id,
            token,
            1,
            {
                "weights": {v: rng.randint(0, 10) for v in ids},
                "effects": {v: rng.randint(-5, 5) for v in ids},
                "balances": {d.key: rng.randrange(-100, 101, 5) for d in case.dilemmas},
            },
        )
    adoption = adopt(case, store.to_case_sessions(info.id))
    assert adoption.without_answers == [info.id]
    saved = library.save(adoption.case)
    again = library.load("proef")
    assert again.revision == saved.revision and again.sessions[0].summary.participants == people
    assert case_rounds(again)[0].participants == people


def test_adopting_after_a_dilemma_was_removed_or_reversed(library_dir, code):
    library = CaseLibrary(library_dir, code)
    store = SessionStore(library_dir)
    case = parse_case(
        minimal_case(
            values=[{"value": v, "weight": 5, "effect": 0} for v in ("privacy", "veiligheid", "transparantie")],
            dilemmas=[
                {"a": "privacy", "b": "veiligheid", "balance": 0},
                {"a": "privacy", "b": "transparantie", "balance": 0},
            ],
        ),
        code,
    )
    library.save(case, create=True)
    info, key = store.create("proef")
    tokens = [store.join(info.join_code)[1].token for _ in range(3)]
    for i, token in enumerate(tokens):
        store.submit(
            info.id,
            token,
            1,
            {
                "weights": {"privacy": 7},
                "effects": {},
                "balances": {"privacy|veiligheid": 10 * i, "privacy|transparantie": -20},
            },
        )
    store.reveal(info.id, key)
    # meanwhile the case changed: one dilemma removed, the other turned around
    changed = library.load("proef")
    changed.dilemmas = [changed.dilemmas[0].model_copy(update={"a": "veiligheid", "b": "privacy"})]
    changed = library.save(changed)
    adoption = adopt(changed, store.to_case_sessions(info.id))
    assert adoption.left_out == ["privacy|transparantie"]
    assert adoption.flipped == ["veiligheid|privacy"]
    saved = library.save(adoption.case)  # saved, no unknown_pair
    again = library.load("proef")
    assert [r.balances for r in again.sessions[0].responses] == [
        {"veiligheid|privacy": 0},
        {"veiligheid|privacy": -10},
        {"veiligheid|privacy": -20},
    ]
    assert again.sessions[0].summary.balances == {"veiligheid|privacy": "-20:1 -10:1 0:1"}
    assert saved.revision == again.revision
    from dilemmakaart.i18n import t

    for lang in ("nl", "en"):
        assert t("session.f.adopt_left_out", lang, pairs="x").strip()


def test_a_hand_edited_answer_is_left_out_and_named(library_dir, code):
    store = SessionStore(library_dir)
    info, _key = store.create("proef")
    tokens = [store.join(info.join_code)[1].token for _ in range(3)]
    for token in tokens:
        store.submit(info.id, token, 1, {"weights": {"privacy": 5}, "effects": {}, "balances": {}})
    folder = store.root / info.id / "responses" / "r1"
    (folder / f"{tokens[1]}.yaml").write_text("weights: {privacy: 99}\n")  # out of range
    (folder / f"{tokens[2]}.yaml").write_text("weights: [1, 2\n")  # not YAML
    assert len(store.responses(info.id, 1)) == 1
    assert store.unusable_answers(info.id, 1) == [2, 3]
    (store.root / info.id / "participants" / f"{tokens[0]}.yaml").write_text("number: [x]\n")
    assert store.responses(info.id, 1) == []  # a broken participant file: skipped too, no crash
    assert [s.round for s in store.to_case_sessions(info.id)] == []


def test_leftovers_of_killed_session_writes_are_cleared(library_dir):
    store = SessionStore(library_dir)
    info, _key = store.create("proef")
    folder = store.root / info.id
    leftovers = [
        folder / ".session.yaml.abc.tmp",
        folder / "participants" / ".tok.yaml.x1.tmp",
        folder / "responses" / "r1" / ".tok.yaml.x2.tmp",
    ]
    for path in leftovers:
        path.parent.mkdir(parents=True, exist_ok=True)  # folders appear with their first document
        path.write_text("half")
    store.join(info.join_code)  # any write under the session lock clears them
    assert not any(p.exists() for p in leftovers)


def test_a_symlinked_session_lock_is_a_message(library_dir):
    store = SessionStore(library_dir)
    info, _key = store.create("proef")
    lock = store.root / info.id / "session.lock"
    lock.unlink(missing_ok=True)
    lock.symlink_to(lock)  # a loop: ELOOP
    with pytest.raises(SessionError) as err:
        store.join(info.join_code)
    assert err.value.key == "lock_failed"


def test_rounds_and_sessions_stay_within_what_a_case_holds(library_dir, code):
    from dilemmakaart.case import MAX_ROUND, MAX_SESSION_ROUNDS, Session

    store = SessionStore(library_dir)
    info, key = store.create("proef")
    info.round = MAX_ROUND
    store._write_info(info)
    store.close(info.id, key)
    with pytest.raises(SessionError) as err:
        store.next_round(info.id, key)
    assert err.value.key == "too_many_rounds" and store.load(info.id).round == MAX_ROUND
    case = big_case(code, 2, 1)
    many = [Session(id=f"s-{i}", round=1) for i in range(MAX_SESSION_ROUNDS + 1)]
    with pytest.raises(SessionError) as err:
        adopt(case, many)
    assert err.value.key == "case_full"


@pytest.mark.parametrize("case_id", ["slimme-camera-stationsgebied", "tellen-bezoekers-binnenstad"])
def test_old_files_with_every_response_give_the_same_numbers_as_their_counts(case_id, code):
    """Backward compatible: a case written with every response reads as before, and counting its
    rounds (what the app now keeps) changes none of the numbers the report shows."""
    from dilemmakaart.aggregate import count_round
    from tests.conftest import ROOT

    library = CaseLibrary(ROOT / "cases", code)
    old = library.load(case_id)
    assert old.sessions and all(s.summary is None and s.responses for s in old.sessions)
    counted = old.model_copy(deep=True)
    firsts = {s.id: s.responses for s in counted.sessions if s.round == 1}
    for s in counted.sessions:
        s.summary = count_round(s.responses, firsts.get(s.id) if s.round > 1 else None)
        s.responses = []
    before, after = case_rounds(old), case_rounds(counted)
    assert [(r.session, r.round, r.participants) for r in after] == [
        (r.session, r.round, r.participants) for r in before
    ]
    for was, now in zip(before, after, strict=True):
        for item, stats in was.summary.items.items():
            again = now.summary.items[item]
            assert (again.median, again.spread, again.split) == (stats.median, stats.spread, stats.split), item
    for session_id in {r.session for r in before}:
        last = max(r.round for r in before if r.session == session_id)
        if last > 1:
            old_moves = {m.item: m.movers for m in session_movement(old, session_id, 1, last)}
            assert {m.item: m.movers for m in session_movement(counted, session_id, 1, last)} == old_moves
