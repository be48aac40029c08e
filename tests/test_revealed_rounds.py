"""Issue 12: the session records which rounds were revealed. A round closed and left for the next one
without a reveal was never shown: in round 2 its results stay off the projector and the phones, and
the facilitator's page says they were not shown. Session files written before the list still read."""

from __future__ import annotations

import yaml

from dilemmakaart.session import SessionStore
from dilemmakaart.ui import pages
from dilemmakaart.ui.session_facilitator import shown_round, shown_screen
from tests.apptest import open_page

CASE = "drones-dijkinspectie"
FAC = pages.SESSION


def _answers(store: SessionStore, info, round_no: int, tokens: list[str] | None = None) -> list[str]:
    """Four answers to round ``round_no`` (new participants unless ``tokens`` are given)."""
    out = []
    for i, balance in enumerate((-80, -70, 60, 80)):
        token = tokens[i] if tokens else store.join(store.load(info.id).join_code, name=f"P{i}")[1].token
        answer = {"weights": {"privacy": 2 + 2 * i}, "effects": {}, "balances": {"veiligheid|privacy": balance}}
        store.submit(info.id, token, round_no, answer)
        out.append(token)
    return out


def texts(at) -> str:
    parts = [m.value for m in at.markdown] + [h.value for h in at.header] + [i.value for i in at.info]
    return "\n".join(str(p) for p in parts) + "\n" + "\n".join(e.label for e in at.expander)


def test_reveals_are_recorded_per_round(example_library):
    store = SessionStore(example_library)
    info, key = store.create(CASE)
    assert info.revealed == [] and not info.was_revealed(1)
    store.close(info.id, key)
    info = store.next_round(info.id, key)  # round 1 closed, never revealed
    assert (info.round, info.revealed, info.was_revealed(1)) == (2, [], False)
    assert shown_round(info) is None and shown_screen(info) == "join"
    info = store.reveal(info.id, key)
    assert info.revealed == [2] and info.was_revealed(2) and shown_round(info) == 2
    info = store.next_round(info.id, key)
    assert store.load(info.id).revealed == [2]  # kept in the session file
    assert (info.round, shown_round(info), shown_screen(info)) == (3, 2, "split")
    store.reveal(info.id, key)
    assert store.load(info.id).revealed == [2, 3]
    store.reveal(info.id, key)  # once more: listed once
    assert store.load(info.id).revealed == [2, 3]


def test_an_older_session_file_without_the_list_still_reads(example_library):
    store = SessionStore(example_library)
    info, key = store.create(CASE)
    store.close(info.id, key)
    store.next_round(info.id, key)
    path = store.root / info.id / "session.yaml"
    data = yaml.safe_load(path.read_text())
    del data["revealed"]
    path.write_text(yaml.safe_dump(data))
    old = store.load(info.id)  # rounds before the current one were shown by the app that wrote it
    assert (old.round, old.revealed, shown_round(old)) == (2, [1], 1)
    data.update(round=3, state="revealed")
    path.write_text(yaml.safe_dump(data))
    assert store.load(info.id).revealed == [1, 2, 3]
    data.update(revealed=["1", True, 0, 2])  # hand-edited nonsense is left out, never a crash
    path.write_text(yaml.safe_dump(data))
    assert store.load(info.id).revealed == [2]


def test_round_ones_results_stay_off_the_room_in_round_two_unless_revealed(example_library, monkeypatch):
    store = SessionStore(example_library)
    info, key = store.create(CASE)
    tokens = _answers(store, info, 1)
    store.close(info.id, key)
    store.next_round(info.id, key)  # straight on, without a reveal
    fac = open_page(FAC, example_library, monkeypatch, query={"session": info.id, "key": key})
    assert "Resultaten van ronde 1 (niet aan de groep getoond)" in [e.label for e in fac.expander]
    projector = {"session": info.id, "view": "projector", "screen": info.projector}
    proj = open_page(FAC, example_library, monkeypatch, query=projector)
    assert "Resultaten van ronde 1" not in texts(proj) and not proj.get("vega_lite_chart")
    assert "Doe mee" in [h.value for h in proj.header]  # the join screen: nothing of round 1
    phone = open_page(pages.JOIN, example_library, monkeypatch, query={"code": info.join_code, "p": tokens[0]})
    assert "De resultaten van ronde 1" not in texts(phone)

    # the same, but round 1 was revealed before round 2: its results stay in view everywhere
    info, key = store.create(CASE)
    tokens = _answers(store, info, 1)
    store.reveal(info.id, key)
    store.next_round(info.id, key)
    fac = open_page(FAC, example_library, monkeypatch, query={"session": info.id, "key": key})
    assert "Resultaten van ronde 1 (al getoond)" in [e.label for e in fac.expander]
    proj = open_page(
        FAC, example_library, monkeypatch, query={"session": info.id, "view": "projector", "screen": info.projector}
    )
    assert "Resultaten van ronde 1" in texts(proj)
    phone = open_page(pages.JOIN, example_library, monkeypatch, query={"code": info.join_code, "p": tokens[0]})
    assert "De resultaten van ronde 1" in texts(phone)
