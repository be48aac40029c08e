"""The actions phase (issue 14): participants propose actions of the three kinds tied to a value, the
facilitator merges duplicates, everyone scores necessity and importance, and the ranked list goes
into the case's actions with its scores."""

from __future__ import annotations

from pathlib import Path

import pytest

from dilemmakaart.code import load_code
from dilemmakaart.session import SessionError, SessionStore
from dilemmakaart.store import CaseLibrary
from dilemmakaart.teaching import (
    MAX_PROPOSALS,
    merge,
    proposals,
    propose,
    ranked,
    score,
    set_actions_phase,
    with_actions,
)
from tests.apptest import LESSON, lesson_folder

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def room(tmp_path: Path):
    folder = lesson_folder(tmp_path)
    library = CaseLibrary(folder, load_code())
    store = SessionStore(folder)
    info, key = store.create(LESSON)
    tokens = [store.join(info.join_code)[1].token for _ in range(4)]
    return library, store, info.id, key, tokens


def test_propose_merge_score_rank_and_into_the_case(room):
    library, store, sid, key, (a, b, c, d) = room
    case = library.load(LESSON)
    with pytest.raises(SessionError, match="actions_not_open"):
        propose(store, sid, a, case, "Uitleg in de brief", "gebruikers", "uitlegbaarheid")
    set_actions_phase(store, sid, key, "propose")
    letter = propose(store, sid, a, case, "  Uitleg   in de brief  ", "gebruikers", "uitlegbaarheid")
    assert letter.text == "Uitleg in de brief"
    same = propose(store, sid, b, case, "Brief die uitlegt waarom", "gebruikers", "uitlegbaarheid")
    audit = propose(
        store, sid, c, case, "Elk kwartaal een audit op ongelijke behandeling", "techniek", "non-discriminatie"
    )
    train = propose(store, sid, d, case, "Medewerkers trainen in het eerste gesprek", "omgeving", "welzijn")
    with pytest.raises(SessionError, match="action_bad_kind"):
        propose(store, sid, a, case, "Iets", "beleid", "uitlegbaarheid")
    with pytest.raises(SessionError, match="action_bad_kind"):
        propose(store, sid, a, case, "Iets", "techniek", "privacy")  # not at stake in this case
    with pytest.raises(SessionError, match="action_too_long"):
        propose(store, sid, a, case, "x" * 301, "techniek", "welzijn")
    with pytest.raises(SessionError, match="unknown_participant"):
        propose(store, sid, "not-a-token-at-all", case, "Iets", "techniek", "welzijn")

    merge(store, sid, key, letter.id, [same.id])
    listed = {p.id: p for p in proposals(store, sid)}
    assert set(listed) == {letter.id, audit.id, train.id} and listed[letter.id].by == 2
    with pytest.raises(SessionError, match="wrong_key"):
        merge(store, sid, "wrong", audit.id, [train.id])

    with pytest.raises(SessionError, match="scoring_not_open"):
        score(store, sid, a, {audit.id: (3, 3)})
    set_actions_phase(store, sid, key, "score")
    with pytest.raises(SessionError, match="unknown_proposal"):
        score(store, sid, a, {same.id: (3, 3)})  # merged away
    score(store, sid, a, {audit.id: (3, 3), letter.id: (2, 3), train.id: (1, 1)})
    score(store, sid, b, {audit.id: (3, 2), letter.id: (2, 3), train.id: (1, 2)})
    score(store, sid, c, {audit.id: (3, 3), letter.id: (3, 3)})
    from dilemmakaart.scales import ScaleError

    with pytest.raises(ScaleError):
        score(store, sid, d, {audit.id: (4, 1)})
    set_actions_phase(store, sid, key, "closed")

    rows = ranked(store, sid)
    assert [(r.proposal.id, r.necessity, r.importance, r.priority, r.scores) for r in rows] == [
        (audit.id, 3, 3, 9, 3),
        (letter.id, 2, 3, 6, 3),
        (train.id, 1, 2, 2, 2),  # the median of 1 and 2 is 1.5: rounded half away from zero
    ]
    changed, added = with_actions(case, rows)
    assert added == 3
    new = changed.actions[-3:]
    assert [(a.text, a.kind, a.values, a.necessity, a.importance) for a in new] == [
        ("Elk kwartaal een audit op ongelijke behandeling", "techniek", ["non-discriminatie"], 3, 3),
        ("Uitleg in de brief", "gebruikers", ["uitlegbaarheid"], 2, 3),
        ("Medewerkers trainen in het eerste gesprek", "omgeving", ["welzijn"], 1, 2),
    ]
    assert changed.actions[: len(case.actions)] == case.actions and changed.values == case.values
    again, added_again = with_actions(changed, rows)
    assert added_again == 0 and again.actions == changed.actions  # never twice


def test_a_participant_proposes_at_most_five(room):
    library, store, sid, key, (a, *_) = room
    case = library.load(LESSON)
    set_actions_phase(store, sid, key, "propose")
    for i in range(MAX_PROPOSALS):
        propose(store, sid, a, case, f"Actie {i}", "techniek", "welzijn")
    with pytest.raises(SessionError, match="too_many_proposals"):
        propose(store, sid, a, case, "Nog een", "techniek", "welzijn")


def phone_script(folder: str, session_id: str, token: str) -> None:
    from dilemmakaart.code import load_code
    from dilemmakaart.session import SessionStore
    from dilemmakaart.store import CaseLibrary
    from dilemmakaart.ui.bootstrap import Ctx
    from dilemmakaart.ui.teaching_panels import actions_phone

    code = load_code()
    library = CaseLibrary(folder, code)
    sessions = SessionStore(folder)
    info = sessions.load(session_id)
    actions_phone(Ctx(lang="nl", code=code, library=library), sessions, info, library.load(info.case_id), token)


def test_a_phone_proposes_an_action_in_the_form(room):
    from streamlit.testing.v1 import AppTest

    library, store, sid, key, (a, *_) = room
    set_actions_phase(store, sid, key, "propose")
    at = AppTest.from_function(phone_script, args=(str(library.folder), sid, a), default_timeout=60)
    at.run()
    assert not at.exception, at.exception
    at.text_area[0].set_value("Een vast loket voor vragen over de controle")
    at.radio[0].set_value("omgeving")
    at.selectbox[0].set_value("rechtsbescherming")
    at.button[0].click().run()
    assert not at.exception, at.exception
    assert "Je voorstel is binnen." in [s.value for s in at.success]
    found = proposals(store, sid)
    assert [(p.text, p.kind, p.value) for p in found] == [
        ("Een vast loket voor vragen over de controle", "omgeving", "rechtsbescherming")
    ]
