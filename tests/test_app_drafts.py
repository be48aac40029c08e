"""Saving, conflicts and unsaved versions under AppTest: an unchanged save changes nothing; a
conflict is merged field by field; discarding asks first and can be undone; an unsaved version
of a case is shown on its pages, whichever browser session made it."""

from __future__ import annotations

from dilemmakaart.code import load_code
from dilemmakaart.drafts import DraftStore
from dilemmakaart.store import CaseLibrary
from dilemmakaart.ui import pages
from tests.apptest import open_page

CASE = "drones-dijkinspectie"


def texts(at) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption] + [t.value for t in at.text]
    parts += [e.value for e in at.error] + [w.value for w in at.warning] + [i.value for i in at.info]
    parts += [s.value for s in at.success]
    return "\n".join(str(p) for p in parts).replace("\\", "")


def query(at, key: str):
    value = at.query_params.get(key)
    return value[0] if isinstance(value, list) else value


def opened(example_library, monkeypatch, case_id: str = CASE):
    at = open_page(pages.DESCRIBE, example_library, monkeypatch, query={"case": case_id})
    assert not at.exception, at.exception
    return at


def click(at, key: str):
    at.button(key=key).click().run()
    assert not at.exception, at.exception
    return at


def test_saving_an_unchanged_case_says_so_and_writes_nothing(example_library, monkeypatch):
    library = CaseLibrary(example_library, load_code())
    before = library.load(CASE)
    raw = (example_library / f"{CASE}.yaml").read_bytes()
    at = opened(example_library, monkeypatch)
    click(at, "flow:save")
    assert "Niets te bewaren: er is niets veranderd" in texts(at)
    assert (example_library / f"{CASE}.yaml").read_bytes() == raw
    assert library.load(CASE).revision == before.revision and library.history(CASE) == []


def test_a_double_click_on_save_makes_one_version(example_library, monkeypatch):
    library = CaseLibrary(example_library, load_code())
    start = library.load(CASE).revision
    at = opened(example_library, monkeypatch)
    at.text_area(key="describe:description").input("Een nieuwe beschrijving.").run()
    click(at, "flow:save")
    assert "is opgeslagen in de bibliotheek (versie" in texts(at)
    click(at, "flow:save")  # the second click of a double-click
    assert "Niets te bewaren" in texts(at)
    assert library.load(CASE).revision == start + 1
    assert [r.revision for r in library.history(CASE)] == [start]


def test_a_hand_edit_that_kept_the_revision_is_merged_not_overwritten(example_library, monkeypatch):
    library = CaseLibrary(example_library, load_code())
    start = library.load(CASE).revision
    at = opened(example_library, monkeypatch)
    at.text_area(key="describe:description").input("Mijn beschrijving.").run()
    path = example_library / f"{CASE}.yaml"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text(
        "\n".join("title: Met de hand veranderd" if line.startswith("title:") else line for line in lines) + "\n",
        encoding="utf-8",
    )
    click(at, "flow:save")
    shown = texts(at)
    assert "buiten de app veranderd" in shown
    assert library.load(CASE).title == "Met de hand veranderd" and library.load(CASE).revision == start
    # the other change (the title) is taken over; nothing to choose
    assert "wordt overgenomen: Titel" in shown
    click(at, "flow:merge-save")
    saved = library.load(CASE)
    assert (saved.title, saved.description, saved.revision) == (
        "Met de hand veranderd",
        "Mijn beschrijving.",
        start + 1,
    )
    assert at.text_input(key="describe:title").value == "Met de hand veranderd"


def test_a_conflict_shows_both_versions_per_field_and_saves_the_choices(example_library, monkeypatch):
    library = CaseLibrary(example_library, load_code())
    start = library.load(CASE)
    at = opened(example_library, monkeypatch)
    at.text_input(key="describe:title").input("Mijn titel").run()
    at.text_area(key="describe:description").input("Mijn beschrijving.").run()
    theirs = library.load(CASE)
    theirs.title = "Titel van een collega"
    theirs.description = "Beschrijving van een collega."
    theirs.stakeholders = [*theirs.stakeholders, "Ingelanden"]
    library.save(theirs)
    click(at, "flow:save")
    shown = texts(at)
    assert "Jij en je collega hebben allebei 2 velden veranderd" in shown
    assert "wordt overgenomen: Belanghebbenden" in shown or "wordt overgenomen: Betrokkenen" in shown
    assert "Mijn titel" in shown and "Titel van een collega" in shown  # side by side, as text
    at.radio(key="merge:title").set_value("theirs").run()
    click(at, "flow:merge-save")
    saved = library.load(CASE)
    assert saved.revision == start.revision + 2
    assert saved.title == "Titel van een collega"  # their title, by choice
    assert saved.description == "Mijn beschrijving."  # my description (the default choice)
    assert "Ingelanden" in saved.stakeholders  # their other change, without asking
    assert "is opgeslagen in de bibliotheek" in texts(at)
    assert not at.get("radio") or not [r for r in at.radio if (r.key or "").startswith("merge:")]


def test_discarding_changes_asks_first_and_can_be_undone(example_library, monkeypatch):
    library = CaseLibrary(example_library, load_code())
    saved_description = library.load(CASE).description
    at = opened(example_library, monkeypatch)
    at.text_area(key="describe:description").input("Werk dat ik nog wil houden.").run()
    token = query(at, "draft")
    assert token and (example_library / ".drafts" / f"{token}.yaml").is_file()
    click(at, "flow:reload")
    assert "Zolang je dit venster open houdt, kun je het nog ongedaan maken" in texts(at)
    assert at.text_area(key="describe:description").value == "Werk dat ik nog wil houden."  # not yet
    click(at, "flow:reload-no")
    assert at.text_area(key="describe:description").value == "Werk dat ik nog wil houden."
    click(at, "flow:reload")
    click(at, "flow:reload-yes")
    assert at.text_area(key="describe:description").value == saved_description
    assert not (example_library / ".drafts" / f"{token}.yaml").exists()
    assert "Je wijzigingen zijn weggegooid" in texts(at)
    click(at, "flow:undo")
    assert at.text_area(key="describe:description").value == "Werk dat ik nog wil houden."
    assert query(at, "draft") == token and (example_library / ".drafts" / f"{token}.yaml").is_file()
    assert library.load(CASE).description == saved_description


def test_an_unsaved_version_from_another_session_is_shown_on_the_case_page(example_library, monkeypatch):
    first = opened(example_library, monkeypatch)
    first.text_area(key="describe:description").input("Werk uit een gesloten tabblad.").run()
    token = query(first, "draft")
    # a new browser session opens the case by its plain link
    second = opened(example_library, monkeypatch)
    shown = texts(second)
    assert "Er is een nieuwere versie van ‘Drones met camera's voor de inspectie van dijken’" in shown
    assert "die nog niet is opgeslagen, gemaakt zojuist" in shown
    click(second, f"flow:draft-continue:{token}")
    assert second.text_area(key="describe:description").value == "Werk uit een gesloten tabblad."
    assert query(second, "draft") == token
    # a third session throws it away (after a yes), then undoes that
    third = opened(example_library, monkeypatch)
    click(third, f"flow:draft-discard:{token}")
    assert (example_library / ".drafts" / f"{token}.yaml").is_file()  # asked first
    click(third, f"flow:draft-discard-yes:{token}")
    assert not (example_library / ".drafts" / f"{token}.yaml").exists()
    assert "Er is een nieuwere versie" not in texts(third)
    home = third.switch_page(pages.HOME.file).run()
    assert not home.exception, home.exception
    undo = next(b for b in home.button if (b.key or "").startswith("home:undo:"))
    undo.click().run()
    assert (example_library / ".drafts" / f"{token}.yaml").is_file()
    draft = DraftStore(example_library).load(token)
    assert draft is not None and draft.case.description == "Werk uit een gesloten tabblad."


def test_a_draft_that_says_what_the_library_says_is_not_shown(example_library, monkeypatch):
    first = opened(example_library, monkeypatch)
    original = first.text_area(key="describe:description").value
    first.text_area(key="describe:description").input("Even iets anders.").run()
    first.text_area(key="describe:description").input(original).run()  # and back
    assert query(first, "draft")
    second = opened(example_library, monkeypatch)
    assert "Er is een nieuwere versie" not in texts(second)


def test_home_lists_unsaved_work_and_goes_on_with_it(example_library, monkeypatch):
    first = opened(example_library, monkeypatch)
    first.text_input(key="describe:title").input("Drones, met een nieuwe titel").run()
    token = query(first, "draft")
    home = open_page(None, example_library, monkeypatch)
    shown = texts(home)
    assert "Niet-opgeslagen werk" in [h.value for h in home.subheader]
    assert "Er is een nieuwere versie van ‘Drones, met een nieuwe titel’ die nog niet is opgeslagen" in shown
    click(home, f"home:draft-continue:{token}")
    assert home.text_input(key="describe:title").value == "Drones, met een nieuwe titel"  # on the first step
    assert query(home, "draft") == token


def test_home_draws_the_first_unreadable_files_as_plain_text(example_library, monkeypatch):
    for i in range(45):
        (example_library / f"rommel-{i:02d}.yaml").write_text(f"title: [![x](https://tracker.example/{i}.png)]\n")
    (example_library / "[klik](https:__evil.example).yaml").write_text(": : :\n")
    home = open_page(None, example_library, monkeypatch)
    names = [t.value for t in home.text if t.value.endswith(".yaml")]
    assert len(names) == 20  # the first twenty, not all 46
    assert "[klik](https:__evil.example).yaml" in names  # as plain text, never a link
    assert not [m for m in home.markdown if "evil.example" in m.value or "tracker.example" in m.value]
    assert "En nog 26 bestanden: download de hele lijst." in texts(home)
    assert len([b for b in home.get("download_button") if "46 onleesbare" in b.proto.label]) == 1


def test_the_library_shows_an_unsaved_version_of_the_chosen_case(example_library, monkeypatch):
    first = opened(example_library, monkeypatch)
    first.text_area(key="describe:description").input("Werk dat in de bibliotheek zichtbaar is.").run()
    token = query(first, "draft")
    lib = open_page(pages.LIBRARY, example_library, monkeypatch)
    lib.multiselect(key="lib:chosen").select(CASE).run()
    assert not lib.exception, lib.exception
    assert "Er is een nieuwere versie van ‘Drones met camera's voor de inspectie van dijken’" in texts(lib)
    click(lib, f"lib:draft-continue:{token}")
    assert lib.text_area(key="describe:description").value == "Werk dat in de bibliotheek zichtbaar is."


def test_the_trash_names_a_case_by_its_title_as_plain_text(example_library, monkeypatch):
    library = CaseLibrary(example_library, load_code())
    case = library.load(CASE)
    case.title = "Drones [klik hier](https://evil.example) ![x](https://tracker.example/p.png)"
    library.save(case)
    library.delete(CASE)
    lib = open_page(pages.LIBRARY, example_library, monkeypatch)
    items = [m.value for m in lib.markdown if "klik hier" in m.value]
    assert items, texts(lib)
    for item in items:  # escaped: Markdown shows it as typed, never a link or an image
        assert "](https" not in item and "\\[klik hier\\]" in item
    assert not [m.value for m in lib.markdown if CASE in m.value.replace("\\", "")]


def test_a_draft_brought_back_by_its_link_still_knows_what_was_opened(example_library, monkeypatch):
    first = opened(example_library, monkeypatch)
    first.text_area(key="describe:description").input("Werk van gisteren.").run()
    token = query(first, "draft")
    # the file is edited by hand in the meantime, keeping its revision number
    path = example_library / f"{CASE}.yaml"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text(
        "\n".join("title: Met de hand veranderd" if line.startswith("title:") else line for line in lines) + "\n",
        encoding="utf-8",
    )
    again = open_page(pages.DESCRIBE, example_library, monkeypatch, query={"case": CASE, "draft": token})
    assert again.text_area(key="describe:description").value == "Werk van gisteren."
    click(again, "flow:save")
    assert "buiten de app veranderd" in texts(again)
    assert CaseLibrary(example_library, load_code()).load(CASE).description != "Werk van gisteren."


def test_a_weight_changed_on_both_sides_is_named_by_its_value(example_library, monkeypatch):
    library = CaseLibrary(example_library, load_code())
    at = open_page(pages.VALUES, example_library, monkeypatch, query={"case": CASE})
    at.radio(key="values:open").set_value("privacy").run()  # one value's card open at a time
    weight = at.slider(key="values:weight:privacy").value
    at.slider(key="values:weight:privacy").set_value((weight + 1) % 11).run()
    theirs = library.load(CASE)
    theirs.value("privacy").weight = (weight + 2) % 11
    library.save(theirs)
    click(at, "flow:save")
    shown = texts(at)
    assert "**Privacy: gewicht**" in shown  # the field by the value's name, never its id
    assert "Jij en je collega hebben allebei 1 veld veranderd" in shown
    at.radio(key="merge:values/privacy/weight").set_value("theirs").run()
    click(at, "flow:merge-save")
    assert library.load(CASE).value("privacy").weight == (weight + 2) % 11


def test_when_a_version_was_made_is_said_in_words():
    from datetime import UTC, datetime, timedelta

    from dilemmakaart.ui.bootstrap import Ctx
    from dilemmakaart.ui.draft_notice import ago

    now = datetime(2027, 1, 15, 14, 5, tzinfo=UTC)
    nl = Ctx("nl", load_code(), None)
    en = Ctx("en", load_code(), None)
    assert ago(nl, now - timedelta(seconds=20), now) == "zojuist"
    assert ago(nl, now - timedelta(minutes=1, seconds=5), now) == "1 minuut geleden"
    assert ago(nl, now - timedelta(minutes=3), now) == "3 minuten geleden"
    assert ago(en, now - timedelta(minutes=3), now) == "3 minutes ago"
    assert ago(nl, now - timedelta(hours=2, minutes=10), now) == "2 uur geleden"
    assert ago(nl, None, now) == "op een onbekend moment"
    long_ago = ago(nl, now - timedelta(days=3), now)
    assert long_ago.startswith("op 12 januari 2027, ")
