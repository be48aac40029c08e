"""The facilitator's browser keeps leading a session without the key: dilemmakaart.desks."""

from __future__ import annotations

import pytest

from dilemmakaart import desks
from dilemmakaart.session import SessionError, SessionStore


def test_a_desk_opens_only_the_sessions_it_was_given(tmp_path):
    store = SessionStore(tmp_path)
    one, key_one = store.create("a")
    two, _key_two = store.create("b")
    desk, other = desks.new_desk(), desks.new_desk()
    assert desks.remember(store, one.id, key_one, desk)
    assert desks.key_for(store, one.id, desk) == key_one
    assert desks.key_for(store, one.id, other) is None  # another browser
    assert desks.key_for(store, two.id, desk) is None  # a session this browser never led
    assert desks.led_by(store, desk) == [one.id] and desks.led_by(store, other) == []
    sealed = next((store.root / one.id / "desks").iterdir())
    assert key_one not in sealed.read_text() and desk not in sealed.name  # neither the key nor the cookie on disk


def test_a_wrong_key_a_bad_cookie_or_a_damaged_file_gives_nothing(tmp_path):
    store = SessionStore(tmp_path)
    info, key = store.create("a")
    desk = desks.new_desk()
    with pytest.raises(SessionError) as refused:
        desks.remember(store, info.id, "not-the-key", desk)
    assert refused.value.key == "wrong_key" and not (store.root / info.id / "desks").exists()
    for bad in (None, "", "kort", "../../etc", 42):
        assert not desks.valid_desk(bad)
        assert desks.key_for(store, info.id, bad) is None
        assert not desks.remember(store, info.id, key, bad)
    desks.remember(store, info.id, key, desk)
    sealed = next((store.root / info.id / "desks").iterdir())
    sealed.write_text("zz not hex\n")
    assert desks.key_for(store, info.id, desk) is None
    sealed.write_text("00" * 32 + "\n")
    assert desks.key_for(store, info.id, desk) is None
    assert desks.key_for(store, "s-00000000-000000", desk) is None and desks.key_for(store, "../x", desk) is None
