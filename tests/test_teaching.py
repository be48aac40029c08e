"""Teaching mode (issue 14): saving a session in teaching mode adds a group profile and leaves the
case's file byte for byte as it was otherwise; outside teaching mode "use as the case's weighing"
needs a confirmation that says what changes; settings and scripts."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dilemmakaart.code import load_code
from dilemmakaart.session import SessionError, SessionStore
from dilemmakaart.store import CaseLibrary, writable_text
from dilemmakaart.teaching import (
    SCRIPTS,
    TeachingSettings,
    load_settings,
    save_settings,
    session_group_profile,
    set_phase,
    start_session,
    weighing_changes,
    with_group_profile,
)
from tests.apptest import LESSON, lesson_folder, open_panel

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def lesson_library(tmp_path: Path) -> Path:
    return lesson_folder(tmp_path)


def without_profile(text: str, name: str) -> str:
    """The file's text with the profile ``name`` taken out, and the save's own stamps (revision,
    updated) set aside: what must be byte-identical to the file before."""
    out, skipping = [], False
    for line in text.splitlines(keepends=True):
        if line.startswith("- "):
            skipping = line.rstrip("\n") in (f"- name: {name}", f"- name: '{name}'", f'- name: "{name}"')
        elif not line.startswith("  "):
            skipping = False
        if not skipping:
            out.append(line)
    joined = "".join(out)
    joined = re.sub(r"^updated: .*\n", "", joined, flags=re.M)
    return re.sub(r"^revision: .*\n", "", joined, flags=re.M)


def run_class(store: SessionStore, session_id: str, key: str, answers: list[dict]) -> None:
    info = store.load(session_id)
    for answer in answers:
        token = store.join(info.join_code)[1].token
        store.submit(session_id, token, 1, answer)
    store.reveal(session_id, key)


def answer(weight: int, balance: int) -> dict:
    return {
        "weights": {"vertrouwen": weight, "non-discriminatie": 9},
        "effects": {"vertrouwen": -1},
        "balances": {"doelmatigheid|rechtsbescherming": balance},
    }


def test_teaching_mode_adds_a_group_profile_and_leaves_the_file_otherwise_byte_identical(lesson_library):
    code = load_code()
    library = CaseLibrary(lesson_library, code)
    path = lesson_library / f"{LESSON}.yaml"
    path.write_text(writable_text(library.load(LESSON), code), encoding="utf-8")  # as the app writes it
    before = path.read_bytes()
    case = library.load(LESSON)
    store = SessionStore(lesson_library)
    session_id, key = start_session(store, case, teaching=True, reference="Directie (besluit)", script="dilemma")
    run_class(store, session_id, key, [answer(6, 0), answer(5, 0), answer(7, 10)])

    profile = session_group_profile(library.load(LESSON), store, session_id, "Klas 3B")
    saved = library.save(with_group_profile(library.load(LESSON), profile))

    after = (lesson_library / f"{LESSON}.yaml").read_text(encoding="utf-8")
    assert without_profile(after, "Klas 3B") == without_profile(before.decode("utf-8"), "Klas 3B")
    assert saved.revision == case.revision + 1
    new = saved.profile("Klas 3B")
    assert new is not None and new.kind == "group" and new.participants == 3 and new.session == session_id
    assert new.weights["vertrouwen"] == 6 and new.balances["doelmatigheid|rechtsbescherming"] == 0
    # the case's own numbers are the board's, not the class's
    assert saved.value("vertrouwen").weight == 9
    assert saved.dilemma("doelmatigheid|rechtsbescherming").balance == 50
    assert saved.sessions == case.sessions


def test_a_group_profile_never_changes_anything_else_and_a_reference_is_not_a_group(code):
    from datetime import date

    from dilemmakaart.case import Profile

    case = CaseLibrary(ROOT / "cases", code).load(LESSON)
    with pytest.raises(ValueError):
        with_group_profile(case, Profile(name="X", kind="reference", date=date(2026, 1, 1)))


def test_the_facilitator_in_teaching_mode_saves_a_group_profile_only(lesson_library):
    library = CaseLibrary(lesson_library, load_code())
    store = SessionStore(lesson_library)
    session_id, key = start_session(store, library.load(LESSON), teaching=True, reference="Directie (besluit)")
    run_class(store, session_id, key, [answer(6, 0), answer(6, 0), answer(6, 0)])
    before = library.load(LESSON)

    at = open_panel("session_facilitator:adopt_panel", lesson_library, session_id, key)
    at.run()
    assert not at.checkbox(key="sess:adopt-medians") if "sess:adopt-medians" in [c.key for c in at.checkbox] else True
    at.text_input(key="teach:profile-name").set_value("Klas 4A").run()
    at.button(key="teach:adopt").click().run()
    assert not at.exception, at.exception
    assert "groepsprofiel 'Klas 4A'" in " ".join(s.value for s in at.success)
    saved = library.load(LESSON)
    assert saved.profile("Klas 4A").weights["vertrouwen"] == 6
    assert saved.values == before.values and saved.dilemmas == before.dilemmas and saved.sessions == before.sessions


def test_outside_teaching_mode_taking_the_medians_says_what_changes_and_waits_for_a_confirmation(lesson_library):
    library = CaseLibrary(lesson_library, load_code())
    store = SessionStore(lesson_library)
    info, key = store.create(LESSON)
    run_class(store, info.id, key, [answer(6, 0), answer(6, 0), answer(6, 0)])

    at = open_panel("session_facilitator:adopt_panel", lesson_library, info.id, key)
    at.run()
    at.checkbox(key="sess:adopt-medians").check().run()
    warning = " ".join(w.value for w in at.warning)
    assert "Vertrouwen (gewicht): 9 → 6" in warning
    assert "besloten" in " ".join(e.value for e in at.error)  # a decided case: its decision is about these numbers
    assert at.button(key="sess:adopt").disabled
    assert library.load(LESSON).value("vertrouwen").weight == 9

    at.checkbox(key="teach:confirm-weighing").check().run()
    assert not at.button(key="sess:adopt").disabled
    at.button(key="sess:adopt").click().run()
    assert not at.exception, at.exception
    saved = library.load(LESSON)
    assert saved.value("vertrouwen").weight == 6
    # the version history has the board's numbers as the version before
    assert library.load_revision(LESSON, saved.revision - 1).value("vertrouwen").weight == 9


def test_weighing_changes_lists_only_what_differs(code):
    case = CaseLibrary(ROOT / "cases", code).load(LESSON)
    changes = weighing_changes(
        case, {"weights": {"vertrouwen": 6, "welzijn": 7}, "balances": {"doelmatigheid|rechtsbescherming": 0}}
    )
    assert changes == [("weight", "vertrouwen", 9, 6), ("balance", "doelmatigheid|rechtsbescherming", 50, 0)]


def test_settings_need_the_key_and_a_known_script_and_phase(library_dir):
    store = SessionStore(library_dir)
    info, key = store.create("proef")
    assert load_settings(store, info.id) == TeachingSettings()
    with pytest.raises(SessionError, match="wrong_key"):
        save_settings(store, info.id, "wrong", TeachingSettings(teaching=True))
    with pytest.raises(SessionError, match="unknown_script"):
        save_settings(store, info.id, key, TeachingSettings(script="kahoot"))
    save_settings(store, info.id, key, TeachingSettings(teaching=True, script="codio"))
    assert set_phase(store, info.id, key, 4).current().key == "actions"
    with pytest.raises(SessionError, match="unknown_phase"):
        set_phase(store, info.id, key, len(SCRIPTS["codio"]))
    assert load_settings(store, info.id).phase == 4
    (library_dir / ".sessions" / info.id / "teaching.yaml").write_text("{{{ not yaml", encoding="utf-8")
    assert load_settings(store, info.id) == TeachingSettings()  # unreadable: the defaults, not a crash


def test_a_reference_the_case_does_not_have_is_refused_before_a_session_is_made(lesson_library):
    library = CaseLibrary(lesson_library, load_code())
    store = SessionStore(lesson_library)
    with pytest.raises(SessionError, match="unknown_reference"):
        start_session(store, library.load(LESSON), teaching=True, reference="Voorbeeldklas A")  # a group
    assert store.list_for_case(LESSON) == []


def test_every_script_fits_a_workshop_and_names_known_phases():
    from dilemmakaart.i18n import t

    for name, phases in SCRIPTS.items():
        assert 60 <= sum(p.minutes for p in phases) <= 120, name
        for phase in phases:
            assert t(f"teaching.phase.{phase.key}", "nl") and t(f"teaching.phase.{phase.key}", "en")
        assert t(f"teaching.script.{name}", "en")


# ---------------------------------------------------------------- session templates


def test_a_session_set_up_saved_as_a_template_starts_the_next_group_in_one_call(lesson_library):
    from dilemmakaart.teaching import start_from_template, template_of, with_template

    library = CaseLibrary(lesson_library, load_code())
    store = SessionStore(lesson_library)
    case = library.load(LESSON)
    first, key = start_session(
        store, case, anonymous=True, teaching=True, reference="Directie (besluit)", script="codio"
    )
    store.set_ask(first, key, "chosen", ["weight:vertrouwen", "balance:doelmatigheid|rechtsbescherming"])
    template = template_of(store.load(first), load_settings(store, first), "Les 3", 12)
    saved = library.save(with_template(case, template))
    assert saved.session_templates[0].model_dump() == {
        "name": "Les 3",
        "ask": "chosen",
        "items": ["weight:vertrouwen", "balance:doelmatigheid|rechtsbescherming"],
        "timer": 12,
        "anonymous": True,
        "roles": False,
        "teaching": True,
        "reference": "Directie (besluit)",
        "script": "codio",
    }
    assert saved.values == case.values and saved.profiles == case.profiles  # nothing else changed

    info, key2 = start_from_template(store, library.load(LESSON), "Les 3")
    assert info.id != first and info.anonymous and info.ask == "chosen"
    assert info.asked(saved) == ["weight:vertrouwen", "balance:doelmatigheid|rechtsbescherming"]
    assert 11 * 60 < (info.time_left() or 0) <= 12 * 60
    settings = load_settings(store, info.id)
    assert (settings.teaching, settings.reference, settings.script) == (True, "Directie (besluit)", "codio")
    store.check_key(info.id, key2)
    with pytest.raises(SessionError, match="unknown_template"):
        start_from_template(store, saved, "Les 4")


def test_an_invalid_template_names_its_field(code):
    from dilemmakaart.case import parse_case
    from dilemmakaart.problems import ProblemsError
    from tests.conftest import minimal_case

    data = minimal_case(
        values=[{"value": "privacy", "weight": 5, "effect": 0}],
        profiles=[{"name": "Klas A", "kind": "group", "date": "2026-01-01"}],
        session_templates=[
            {"name": "Les", "reference": "Klas A"},  # a group, not a reference
            {"name": "Les", "ask": "chosen", "items": ["weight:vrijheid"], "timer": 500, "script": "kahoot"},
        ],
    )
    with pytest.raises(ProblemsError) as caught:
        parse_case(data, code)
    found = {(p.place, p.key) for p in caught.value.problems}
    assert ("session_templates[0].reference", "unknown_reference") in found
    assert ("session_templates[1].name", "duplicate_template") in found
    assert ("session_templates[1].items[0]", "unknown_item") in found
    assert ("session_templates[1].timer", "out_of_range") in found
    assert ("session_templates[1].script", "not_allowed") in found


def test_the_version_history_says_a_profile_was_added_and_the_weighing_did_not_change(code):
    from datetime import date

    from dilemmakaart.case import Profile
    from dilemmakaart.versions import compare_revisions

    case = CaseLibrary(ROOT / "cases", code).load(LESSON)
    new = with_group_profile(case, Profile(name="Klas 5C", kind="group", date=date(2026, 12, 1), participants=6))
    said = [c.text for c in compare_revisions(case, new, code, "nl")]
    assert said == ["Profiel 'Klas 5C' (groep) toegevoegd. De afweging van de casus zelf veranderde daardoor niet."]


def starts_script(folder: str) -> None:
    import streamlit as st

    from dilemmakaart.code import load_code
    from dilemmakaart.session import SessionStore
    from dilemmakaart.store import CaseLibrary
    from dilemmakaart.ui.bootstrap import Ctx
    from dilemmakaart.ui.teaching_panels import template_starts

    code = load_code()
    library = CaseLibrary(folder, code)
    started = template_starts(Ctx(lang="nl", code=code, library=library), SessionStore(folder), library.list().cases)
    if started is not None:
        st.write(f"started {started[0].id}")


def test_one_click_on_a_template_starts_the_session(lesson_library):
    from dilemmakaart.case import SessionTemplate
    from dilemmakaart.teaching import with_template

    library = CaseLibrary(lesson_library, load_code())
    template = SessionTemplate(name="Les 3", teaching=True, reference="Directie (besluit)", script="dilemma", timer=10)
    library.save(with_template(library.load(LESSON), template))
    at = AppTest.from_function(starts_script, args=(str(lesson_library),), default_timeout=60)
    at.run()
    assert not at.exception, at.exception
    button = at.button(key=f"teach:start:{LESSON}:Les 3")
    assert button.label.startswith("Les 3 · Lesvoorbeeld")
    button.click().run()
    assert not at.exception, at.exception
    session_id = next(m.value for m in at.markdown if m.value.startswith("started ")).split()[1]
    store = SessionStore(lesson_library)
    settings = load_settings(store, session_id)
    assert settings.teaching and settings.script == "dilemma" and store.load(session_id).time_left() is not None


def test_the_projectors_big_table_shows_hostile_text_as_text():
    """The reveal's table on the projector is the one place where text a person typed (a reference
    answer's name, shown in a column title) goes into raw HTML: every cell and title is escaped, so
    it is shown as typed and never becomes markup."""
    from dilemmakaart.ui.teaching_panels import _big_table

    hostile = '<img src=x onerror="alert(1)"></td><script>alert(2)</script> & "Jan"'
    html = _big_table([{"Onderdeel": "Privacy", f"Antwoord van {hostile}": hostile}])
    assert "<img" not in html and "<script" not in html and "</td><script" not in html
    assert html.count("<table") == 1 and html.count("<td") == 2 and html.count("<th ") == 2
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in html and "&amp; &quot;Jan&quot;" in html
    assert _big_table([]) == ""
