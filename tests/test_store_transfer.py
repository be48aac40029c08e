"""`library import DIR` / `library export DIR`: a folder of case files and the database, losslessly."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from dilemmakaart import cli
from dilemmakaart.case import new_case
from dilemmakaart.pgstore import PgCaseLibrary
from dilemmakaart.store import CaseLibrary
from tests.conftest import ROOT

pytestmark = pytest.mark.postgres


def files_of(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` (history and trash too) by its relative name, without locks."""
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and ".locks" not in p.parts and not p.name.endswith(".lock")
    }


def test_a_round_trip_gives_the_same_files_back(tmp_path, pg_url, monkeypatch, code, capsys):
    source = tmp_path / "bron"
    shutil.copytree(ROOT / "cases", source, ignore=shutil.ignore_patterns(".*"))
    folder_lib = CaseLibrary(source, code)
    case = folder_lib.load(folder_lib.ids()[0])
    case.title += " (herzien)"
    folder_lib.save(case)  # a history entry
    folder_lib.save(new_case("weg", "Weggegooid"), create=True)
    folder_lib.delete("weg")  # and the trash
    before = files_of(source)
    assert any(name.startswith(".history/") for name in before) and any(name.startswith(".trash/") for name in before)

    monkeypatch.setenv("DILEMMAKAART_DATABASE_URL", pg_url)
    assert cli.main(["library", "import", str(source)]) == 0
    said = capsys.readouterr().out
    assert f"{len(folder_lib.ids())} casussen nieuw of gewijzigd" in said and "1 eerdere versie" in said

    db = PgCaseLibrary(pg_url, code)
    assert db.ids() == folder_lib.ids()
    assert [c.model_dump() for c in db.list().cases] == [c.model_dump() for c in folder_lib.list().cases]
    assert [r.revision for r in db.history(case.id)] == [r.revision for r in folder_lib.history(case.id)]

    target = tmp_path / "terug"
    assert cli.main(["library", "export", str(target)]) == 0
    assert files_of(target) == before  # byte for byte: cases, history, trash

    assert cli.main(["library", "import", str(source)]) == 0  # again: nothing changes
    assert "0 casussen nieuw of gewijzigd" in capsys.readouterr().out
    assert cli.main(["library", "export", str(target)]) == 2  # never into a folder with files
    assert "niet leeg" in capsys.readouterr().err


def test_an_import_is_all_or_nothing(tmp_path, pg_url, monkeypatch, code, capsys):
    monkeypatch.setenv("DILEMMAKAART_DATABASE_URL", pg_url)
    db = PgCaseLibrary(pg_url, code)
    newer = db.save(new_case("gedeeld", "In de database"), create=True)
    newer.title = "In de database, verder"
    db.save(newer)  # revision 2 in the database

    folder = tmp_path / "map"
    lib = CaseLibrary(folder, code)
    lib.save(new_case("gedeeld", "Oud in de map"), create=True)  # revision 1: older
    lib.save(new_case("nieuw", "Nieuw"), create=True)
    assert cli.main(["library", "import", str(folder), "--lang", "en"]) == 1
    out = capsys.readouterr()
    assert "gedeeld: the database holds a newer revision (2) than the folder (1)" in out.out
    assert "Nothing was imported" in out.err
    assert db.ids() == ["gedeeld"] and db.load("gedeeld").title == "In de database, verder"

    (folder / "kapot.yaml").write_text("title: [unclosed\n", encoding="utf-8")
    (folder / "gedeeld.yaml").unlink()
    assert cli.main(["library", "import", str(folder)]) == 1
    assert "kapot.yaml" in capsys.readouterr().out
    assert db.ids() == ["gedeeld"], "a file that cannot be read stops the whole import"


def test_without_a_database_the_command_says_how_to_set_one(tmp_path, monkeypatch, capsys):
    monkeypatch.delenv("DILEMMAKAART_DATABASE_URL", raising=False)
    assert cli.main(["library", "export", str(tmp_path / "x")]) == 2
    assert "DILEMMAKAART_DATABASE_URL" in capsys.readouterr().err
    assert cli.main(["library", "a", "b", "c"]) == 2
