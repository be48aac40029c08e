"""Issue 17 for issue 14's actions phase: putting the ranked actions into the case is recorded in the
audit trail as every other save of a session's result (who, the case, the new revision, the session)."""

from __future__ import annotations

from dilemmakaart import audit
from dilemmakaart.code import load_code
from dilemmakaart.session import SessionStore
from dilemmakaart.store import CaseLibrary
from dilemmakaart.teaching import propose, score, set_actions_phase
from tests.apptest import LESSON, lesson_folder, open_panel


def test_the_actions_into_the_case_are_in_the_audit_trail(tmp_path, monkeypatch):
    folder = lesson_folder(tmp_path)
    monkeypatch.setenv("DILEMMAKAART_CASES", str(folder))
    library = CaseLibrary(folder, load_code())
    sessions = SessionStore(folder)
    info, key = sessions.create(LESSON)
    token = sessions.join(info.join_code)[1].token
    case = library.load(LESSON)
    set_actions_phase(sessions, info.id, key, "propose")
    first = propose(sessions, info.id, token, case, "Uitleg in de brief", "gebruikers", "uitlegbaarheid")
    second = propose(sessions, info.id, token, case, "Medewerkers trainen", "omgeving", "welzijn")
    set_actions_phase(sessions, info.id, key, "score")
    score(sessions, info.id, token, {first.id: (3, 3), second.id: (1, 2)})
    set_actions_phase(sessions, info.id, key, "closed")
    before = case.revision
    trail = audit.open_trail(folder)
    assert trail.entries() == []

    at = open_panel("teaching_panels:actions_panel", folder, info.id, key)
    at.run()
    assert not at.exception, at.exception
    at.button(key="teach:actions-save").click().run()
    assert not at.exception, at.exception
    assert [s.value for s in at.success] and not at.error
    saved = library.load(LESSON)
    assert saved.revision == before + 1 and len(saved.actions) == len(case.actions) + 2
    (entry,) = trail.entries()
    assert (entry.action, entry.case_id, entry.revision) == (audit.ADOPT, LESSON, saved.revision)
    assert entry.detail == f"2 actions from session {info.id}" and entry.who

    at.button(key="teach:actions-save").click().run()  # again: nothing new to add, nothing saved
    assert not at.exception, at.exception
    assert library.load(LESSON).revision == saved.revision
    assert len(trail.entries()) == 1
