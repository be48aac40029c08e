"""Faults of the disk told in words: a library on a small filesystem that fills up, and one that
is mounted read-only. Saving and the draft autosave (joining and answering a session: in
tests/e2e/test_disk_faults_e2e.py, in the browser) say what
happened in the user's language, show no traceback and no server path, keep the work in the
browser session, and the page warns while autosave fails (until it works again).

The filesystem is a 1 MiB tmpfs mounted for the test (root only). Where mounting is impossible
the tests skip with the reason, unless DILEMMAKAART_REQUIRE_BROWSER is set (CI): then they fail.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from dilemmakaart.code import load_code
from dilemmakaart.store import CaseLibrary
from dilemmakaart.ui import pages
from tests.apptest import open_page
from tests.conftest import ROOT
from tests.disks import fill, mount, small_tmpfs

CASE = "drones-dijkinspectie"


@pytest.fixture
def small_disk(tmp_path):
    """A 1 MiB tmpfs at ``tmp_path/disk`` holding a library with one case; unmounted afterwards."""
    with small_tmpfs(tmp_path / "disk", "1m") as disk:
        library = disk / "cases"
        library.mkdir()
        shutil.copy(ROOT / "cases" / f"{CASE}.yaml", library)
        yield disk, library


def read_only(disk: Path, on: bool) -> None:
    done = mount("-o", f"remount,{'ro' if on else 'rw'}", str(disk))
    assert done.returncode == 0, done.stderr


def texts(at) -> str:
    parts = [m.value for m in at.markdown] + [e.value for e in at.error] + [w.value for w in at.warning]
    parts += [i.value for i in at.info] + [s.value for s in at.success] + [c.value for c in at.caption]
    return "\n".join(str(p) for p in parts)


def no_server_path(at, disk: Path) -> None:
    shown = texts(at)
    assert str(disk) not in shown and "Errno" not in shown and "OSError" not in shown, shown
    assert not at.exception, at.exception


def test_a_full_disk_while_editing_and_saving_is_told_in_words(small_disk, monkeypatch):
    disk, library = small_disk
    before = (library / f"{CASE}.yaml").read_bytes()
    at = open_page(pages.DESCRIBE, library, monkeypatch, query={"case": CASE})
    filler = fill(disk)
    at.text_area(key="describe:description").input("Werk op een volle schijf.").run()
    no_server_path(at, disk)
    assert "Je wijzigingen konden niet tussentijds worden bewaard: de schijf van de server is vol" in texts(at)
    at.button(key="flow:save").click().run()
    no_server_path(at, disk)
    assert "De casus kon niet worden opgeslagen: de schijf van de server is vol" in texts(at)
    assert at.text_area(key="describe:description").value == "Werk op een volle schijf."  # kept
    assert (library / f"{CASE}.yaml").read_bytes() == before  # the old file is whole
    # room again: the next run writes the draft, the warning goes, and saving works
    filler.unlink()
    at.text_area(key="describe:description").input("Werk op een schijf met ruimte.").run()
    assert "tussentijds" not in texts(at)
    token = at.query_params["draft"]
    token = token[0] if isinstance(token, list) else token
    assert (library / ".drafts" / f"{token}.yaml").is_file()
    at.button(key="flow:save").click().run()
    assert "is opgeslagen in de bibliotheek" in texts(at)
    assert CaseLibrary(library, load_code()).load(CASE).description == "Werk op een schijf met ruimte."


def test_a_read_only_library_is_told_in_words_in_english_too(small_disk, monkeypatch):
    disk, library = small_disk
    at = open_page(pages.DESCRIBE, library, monkeypatch, query={"case": CASE}, lang="en")
    read_only(disk, True)
    try:
        at.text_area(key="describe:description").input("Work on a read-only library.").run()
        no_server_path(at, disk)
        assert "Your changes could not be kept in the meantime: the library can only be read" in texts(at)
        at.button(key="flow:save").click().run()
        no_server_path(at, disk)
        assert "The case could not be saved: the library can only be read at the moment" in texts(at)
        assert at.text_area(key="describe:description").value == "Work on a read-only library."
    finally:
        read_only(disk, False)
    at.button(key="flow:save").click().run()
    assert "is saved in the library" in texts(at)


def test_throwing_work_away_on_a_read_only_library_is_told_and_loses_nothing(small_disk, monkeypatch):
    disk, library = small_disk
    first = open_page(pages.DESCRIBE, library, monkeypatch, query={"case": CASE})
    first.text_area(key="describe:description").input("Werk van een collega.").run()
    token = first.query_params["draft"]
    token = token[0] if isinstance(token, list) else token
    mine = open_page(pages.DESCRIBE, library, monkeypatch, query={"case": CASE})
    mine.text_area(key="describe:description").input("Mijn eigen werk.").run()
    read_only(disk, True)
    try:
        mine.button(key=f"flow:draft-discard:{token}").click().run()
        mine.button(key=f"flow:draft-discard-yes:{token}").click().run()
        no_server_path(mine, disk)
        assert (
            "Deze versie kon niet worden weggegooid: de bibliotheek kan op dit moment alleen worden gelezen"
            in texts(mine)
        )
        assert (library / ".drafts" / f"{token}.yaml").is_file()
        # my own changes: thrown away after a yes, without a traceback; undo brings them back
        mine.button(key="flow:reload").click().run()
        mine.button(key="flow:reload-yes").click().run()
        no_server_path(mine, disk)
        assert mine.text_area(key="describe:description").value != "Mijn eigen werk."
        mine.button(key="flow:undo").click().run()
        no_server_path(mine, disk)
        assert mine.text_area(key="describe:description").value == "Mijn eigen werk."
    finally:
        read_only(disk, False)


def test_library_actions_on_a_read_only_library_are_told_in_words(small_disk, monkeypatch):
    disk, library = small_disk
    at = open_page(pages.LIBRARY, library, monkeypatch)
    at.multiselect(key="lib:chosen").select(CASE).run()
    read_only(disk, True)
    try:
        at.button(key="lib:duplicate").click().run()
        no_server_path(at, disk)
        assert "De casus kon niet worden opgeslagen: de bibliotheek kan op dit moment alleen worden gelezen" in texts(
            at
        )
        at.button(key="lib:delete").click().run()
        at.button(key="lib:delete-yes").click().run()
        no_server_path(at, disk)
        assert (library / f"{CASE}.yaml").is_file()
    finally:
        read_only(disk, False)
