"""What the facilitator controls, kept in the session: the projector's screen, the round's timer and
what participants are asked (dilemmakaart.session: set_screen, set_timer, set_ask, asked, time_left)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from dilemmakaart.session import SessionError, SessionStore
from dilemmakaart.store import CaseLibrary

CASE = "drones-dijkinspectie"


@pytest.fixture
def session(example_library):
    store = SessionStore(example_library)
    info, key = store.create(CASE)
    return store, info, key, CaseLibrary(example_library).load(CASE)


def test_the_screen_is_kept_and_checked(session):
    store, info, key, _case = session
    assert store.load(info.id).screen == "auto"
    store.set_screen(info.id, key, "item", "balance:veiligheid|privacy")
    assert (store.load(info.id).screen, store.load(info.id).screen_item) == ("item", "balance:veiligheid|privacy")
    store.set_screen(info.id, key, "map", "ignored")
    assert (store.load(info.id).screen, store.load(info.id).screen_item) == ("map", "")
    with pytest.raises(SessionError) as refused:
        store.set_screen(info.id, key, "everything")
    assert refused.value.key == "bad_screen"
    with pytest.raises(SessionError) as refused:
        store.set_screen(info.id, "not-the-key", "join")  # the projector's token cannot either
    assert refused.value.key == "wrong_key" and store.load(info.id).screen == "map"


def test_a_timer_belongs_to_its_round(session):
    store, info, key, _case = session
    assert store.load(info.id).time_left() is None
    store.set_timer(info.id, key, 2, expect=(1, "open"))
    now = store.load(info.id)
    assert 110 < (now.time_left() or 0) <= 120
    assert now.time_left(datetime.now(UTC) + timedelta(minutes=5)) == 0  # ran out: 0, not negative
    for minutes in (-1, 121):
        with pytest.raises(SessionError) as refused:
            store.set_timer(info.id, key, minutes)
        assert refused.value.key == "bad_timer"
    with pytest.raises(SessionError) as refused:  # a stale tab cannot set a timer for a round that moved on
        store.set_timer(info.id, key, 5, expect=(1, "closed"))
    assert refused.value.key == "moved_on"
    store.reveal(info.id, key)
    store.next_round(info.id, key)
    assert store.load(info.id).time_left() is None  # round 2 has no timer until one is set
    store.set_timer(info.id, key, None)
    assert store.load(info.id).deadline == ""


def test_what_to_ask(session):
    store, info, key, case = session
    every = store.load(info.id).asked(case)
    assert len(every) == 2 * len(case.values) + len(case.dilemmas)
    store.set_ask(info.id, key, "weights")
    assert store.load(info.id).asked(case) == [f"weight:{v.value}" for v in case.values]
    store.set_ask(info.id, key, "dilemmas")
    assert store.load(info.id).asked(case) == [f"balance:{d.key}" for d in case.dilemmas]
    store.set_ask(info.id, key, "chosen", ["balance:veiligheid|privacy", "weight:privacy", "weight:no-such-value"])
    assert store.load(info.id).asked(case) == ["weight:privacy", "balance:veiligheid|privacy"]  # the case's order
    for mode, items in (("chosen", []), ("some", None)):
        with pytest.raises(SessionError) as refused:
            store.set_ask(info.id, key, mode, items)
        assert refused.value.key == "bad_ask"
    store.set_ask(info.id, key, "all", ["weight:privacy"])
    assert store.load(info.id).ask_items == [] and store.load(info.id).asked(case) == every


def test_an_older_session_file_reads_with_the_defaults(session):
    store, info, _key, case = session
    path = store.root / info.id / "session.yaml"
    text = "\n".join(
        line for line in path.read_text().splitlines() if not line.startswith(("screen", "deadline", "ask"))
    )
    path.write_text(text + "\nscreen: nonsense\nask: 7\n")
    old = store.load(info.id)
    assert (old.screen, old.ask, old.time_left()) == ("auto", "all", None) and old.asked(case)
