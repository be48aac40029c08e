"""Many participants submitting at the same moment: every answer lands, none is mixed up.

Threads (one server process serving many browser sessions) and separate processes (several
server processes on one folder) both go through the same lock and one file per answer. Every test
runs on both stores, the folder of files and PostgreSQL (``tests/backends.py``).
"""

from __future__ import annotations

import multiprocessing
import threading

from dilemmakaart.session import SessionStore
from tests.backends import Store, open_place

PEOPLE = 40


def answer_of(i: int) -> dict:
    return {
        "weights": {"privacy": i % 11},
        "effects": {"privacy": (i % 11) - 5},
        "balances": {"privacy|veiligheid": i - 20},
    }


def check_all_landed(store: SessionStore, session_id: str, tokens: list[str]) -> None:
    assert store.answered(session_id, 1) == len(tokens)
    for i, token in enumerate(tokens):
        assert store.answer(session_id, token, 1) == answer_of(i), i


def test_forty_threads_submit_at_once(any_store: Store):
    store = SessionStore(any_store.documents())
    info, _ = store.create("proef")
    tokens: list[str] = [""] * PEOPLE
    errors: list[BaseException] = []
    joined = threading.Barrier(PEOPLE)
    submit = threading.Barrier(PEOPLE)

    def person(i: int) -> None:
        try:
            joined.wait()
            tokens[i] = store.join(info.join_code, name=f"P{i}")[1].token  # joins at once too
            submit.wait()
            store.submit(info.id, tokens[i], 1, answer_of(i))
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=person, args=(i,)) for i in range(PEOPLE)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not errors, errors
    check_all_landed(store, info.id, tokens)
    numbers = sorted(p.number for p in store.participants(info.id).values())
    assert numbers == list(range(1, PEOPLE + 1))  # every participant got their own label number


def _process_worker(place: str, session_id: str, pairs: list[tuple[int, str]], barrier) -> None:
    store = SessionStore(open_place(place).documents())
    barrier.wait()
    for i, token in pairs:
        store.submit(session_id, token, 1, answer_of(i))


def test_processes_submit_at_once(any_store: Store):
    store = SessionStore(any_store.documents())
    info, _ = store.create("proef")
    tokens = [store.join(info.join_code)[1].token for _ in range(PEOPLE)]
    ctx = multiprocessing.get_context("fork")
    workers = 4
    barrier = ctx.Barrier(workers)
    chunks = [[(i, tokens[i]) for i in range(w, PEOPLE, workers)] for w in range(workers)]
    procs = [ctx.Process(target=_process_worker, args=(any_store.place, info.id, chunk, barrier)) for chunk in chunks]
    for p in procs:
        p.start()
    for p in procs:
        p.join(timeout=60)
    assert [p.exitcode for p in procs] == [0] * workers
    check_all_landed(store, info.id, tokens)


def test_no_answer_after_close_even_under_load(any_store: Store):
    """Submits racing a close: each is either stored or refused with round_closed, never half."""
    from dilemmakaart.session import SessionError

    store = SessionStore(any_store.documents())
    info, key = store.create("proef")
    tokens = [store.join(info.join_code)[1].token for _ in range(PEOPLE)]
    accepted, refused = [], []
    start = threading.Barrier(PEOPLE + 1)

    def person(i: int) -> None:
        start.wait()
        try:
            store.submit(info.id, tokens[i], 1, answer_of(i))
            accepted.append(i)
        except SessionError as exc:
            assert exc.key == "round_closed"
            refused.append(i)

    threads = [threading.Thread(target=person, args=(i,)) for i in range(PEOPLE)]
    for t in threads:
        t.start()
    start.wait()
    store.close(info.id, key)
    for t in threads:
        t.join(timeout=60)
    assert len(accepted) + len(refused) == PEOPLE
    assert store.answered(info.id, 1) == len(accepted)
    for i in accepted:
        assert store.answer(info.id, tokens[i], 1) == answer_of(i)
