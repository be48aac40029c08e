"""The save path of the library: an unchanged case is not written again, and a file changed on
disk without a new revision number (a hand edit, ``git pull``) is a conflict, not overwritten.
Tests that take ``lib`` run on both stores, the folder of files and PostgreSQL (the example library
imported into it); the hand edit of a file is a test of the folder only."""

from __future__ import annotations

import pytest

from dilemmakaart.code import load_code
from dilemmakaart.store import CaseLibrary, ConflictError, content_digest
from dilemmakaart.transfer import import_folder
from tests.backends import Store

CASE = "drones-dijkinspectie"


@pytest.fixture
def file_lib(example_library):
    return CaseLibrary(example_library, load_code())


@pytest.fixture
def lib(any_store: Store, example_library):
    if any_store.kind == "files":
        return CaseLibrary(example_library, load_code())
    library = any_store.library(load_code())
    assert import_folder(example_library, library).ok  # type: ignore[arg-type]
    return library


def test_saving_an_unchanged_case_keeps_its_revision_and_history(lib):
    case = lib.load(CASE)
    before = lib.case_bytes(CASE)
    history = lib.history(CASE)
    saved, written = lib.save_changed(case)
    assert not written
    assert saved.revision == case.revision
    assert lib.case_bytes(CASE) == before
    assert lib.history(CASE) == history
    # ``save`` says the same by returning the revision as it was
    assert lib.save(lib.load(CASE)).revision == case.revision


def test_a_double_save_makes_one_version(lib):
    case = lib.load(CASE)
    case.title = "Drones boven de dijk"
    first = lib.save(case)
    assert first.revision == case.revision + 1
    # the second click carries the same content from the same starting revision
    again, written = lib.save_changed(case)
    assert not written and again.revision == first.revision
    assert [r.revision for r in lib.history(CASE)][-1] == case.revision
    assert len([r for r in lib.history(CASE) if r.revision >= case.revision]) == 1


def test_only_updated_and_revision_do_not_count_as_a_change(lib):
    case = lib.load(CASE)
    case.updated = None
    case.revision = case.revision  # same start
    assert not lib.save_changed(case)[1]
    case.description += " "
    assert lib.save_changed(case)[1]


def test_a_hand_edit_that_keeps_the_revision_is_a_conflict(file_lib, example_library):
    lib = file_lib
    opened = lib.load(CASE)
    digest = content_digest(opened)
    path = example_library / f"{CASE}.yaml"
    text = path.read_text(encoding="utf-8")
    # someone edits the file in an editor (or git pull brings a change) and keeps the revision
    lines = [("title: Met de hand veranderd" if line.startswith("title:") else line) for line in text.splitlines()]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert lib.load(CASE).title == "Met de hand veranderd"
    assert lib.load(CASE).revision == opened.revision
    mine = opened.model_copy(deep=True)
    mine.description = "Mijn beschrijving."
    with pytest.raises(ConflictError) as raised:
        lib.save(mine, base_digest=digest)
    assert raised.value.key == "changed_on_disk"
    assert lib.load(CASE).title == "Met de hand veranderd"  # nothing overwritten
    # against what is on disk now, the save goes through
    saved = lib.save(
        mine.model_copy(update={"title": "Met de hand veranderd"}), base_digest=content_digest(lib.load(CASE))
    )
    assert saved.revision == opened.revision + 1 and saved.description == "Mijn beschrijving."


def test_the_same_content_saved_by_a_colleague_is_no_conflict(lib):
    opened = lib.load(CASE)
    theirs = opened.model_copy(deep=True)
    theirs.title = "Zelfde titel"
    lib.save(theirs)
    mine = opened.model_copy(deep=True)
    mine.title = "Zelfde titel"
    saved, written = lib.save_changed(mine, base_digest=content_digest(opened))
    assert not written and saved.revision == opened.revision + 1


def test_a_real_change_from_an_old_revision_is_still_a_conflict(lib):
    opened = lib.load(CASE)
    theirs = opened.model_copy(deep=True)
    theirs.title = "Titel van een collega"
    lib.save(theirs)
    mine = opened.model_copy(deep=True)
    mine.title = "Mijn titel"
    with pytest.raises(ConflictError) as raised:
        lib.save(mine, base_digest=content_digest(opened))
    assert raised.value.key == "moved_on"
