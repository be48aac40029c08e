"""Move a library between a folder of case files and the database, losslessly.

``python -m dilemmakaart library import DIR`` and ``library export DIR`` (with
``DILEMMAKAART_DATABASE_URL`` set), so cases can still live in version control:

- every case file's text is kept byte for byte (what was exported is what was imported), with its
  earlier revisions (``.history/<id>/<revision>.yaml``) and the trash (``.trash/<id>--<stamp>.yaml``);
- an import checks every file first (every rule of the format) and writes nothing when one cannot
  be read, or when the database holds a newer revision of a case than the folder (that work would
  be lost): all or nothing, in one transaction; a case whose text is already there is left alone;
  a case that changed gets the database's version in its history, as a save would;
- an export writes into an empty or new folder only (it never mixes with other files).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from dilemmakaart.pgstore import PgCaseLibrary
from dilemmakaart.problems import Problem, ProblemsError
from dilemmakaart.store import HISTORY, TRASH, atomic_write, read_case_file, trash_name
from dilemmakaart.yamlio import read_limited


@dataclass
class Transfer:
    """What an import or export did, or why it did nothing."""

    cases: int = 0
    unchanged: int = 0
    revisions: int = 0
    trashed: int = 0
    problems: list[tuple[str, list[Problem]]] = field(default_factory=list)  # (file, problems)
    newer: list[tuple[str, int, int]] = field(default_factory=list)  # (id, folder's revision, database's)

    @property
    def ok(self) -> bool:
        return not self.problems and not self.newer


def _case_files(folder: Path) -> list[Path]:
    return sorted(
        Path(e.path)
        for e in os.scandir(folder)
        if e.name.endswith(".yaml") and not e.name.startswith(".") and e.is_file()
    )


def import_folder(folder: Path, library: PgCaseLibrary) -> Transfer:
    """Bring every case of ``folder`` (with its history and trash) into ``library``; all or nothing."""
    out = Transfer()
    texts: dict[str, tuple[str, int]] = {}
    for path in _case_files(folder):
        try:
            case = read_case_file(path, library.code)
        except ProblemsError as exc:
            out.problems.append((path.name, exc.problems))
            continue
        texts[case.id] = (read_limited(path).decode("utf-8"), case.revision)
    history: list[tuple[str, int, str]] = []
    for case_id in texts:
        earlier = folder / HISTORY / case_id
        if earlier.is_dir():
            for path in sorted(earlier.glob("*.yaml")):
                if path.stem.isdigit():
                    history.append((case_id, int(path.stem), read_limited(path).decode("utf-8")))
    trashed: list[tuple[str, str, str]] = []
    if (folder / TRASH).is_dir():
        for path in sorted((folder / TRASH).glob("*--*.yaml")):
            parsed = trash_name(path.name)
            if parsed is None:
                continue
            try:
                read_case_file(path, library.code, case_id=parsed[0])
            except ProblemsError as exc:
                out.problems.append((f"{TRASH}/{path.name}", exc.problems))
                continue
            trashed.append((parsed[0], parsed[1], read_limited(path).decode("utf-8")))
    if out.problems:
        return out
    with library.db.transaction() as conn:
        rows = conn.execute("SELECT id, revision, body FROM cases WHERE id = ANY(%s) FOR UPDATE", (list(texts),))
        there = {cid: (int(rev), body) for cid, rev, body in rows.fetchall()}
        for case_id, (_, revision) in texts.items():
            if case_id in there and there[case_id][0] > revision:
                out.newer.append((case_id, revision, there[case_id][0]))
        if out.newer:
            return out
        for case_id, (text, _) in texts.items():
            if case_id in there and there[case_id][1] == text:
                out.unchanged += 1
                continue
            if case_id in there:  # the database's version stays in the history, as a save keeps it
                conn.execute(
                    "INSERT INTO case_history (id, revision, body) VALUES (%s, %s, %s) ON CONFLICT DO NOTHING",
                    (case_id, there[case_id][0], there[case_id][1]),
                )
            library.put_text(case_id, text, conn)
            out.cases += 1
        for case_id, revision, text in history:
            done = conn.execute(
                "INSERT INTO case_history (id, revision, body) VALUES (%s, %s, %s) ON CONFLICT DO NOTHING",
                (case_id, revision, text),
            )
            out.revisions += done.rowcount
        for case_id, stamp, text in trashed:
            done = conn.execute(
                "INSERT INTO case_trash (id, stamp, body) VALUES (%s, %s, %s) ON CONFLICT DO NOTHING",
                (case_id, stamp, text),
            )
            out.trashed += done.rowcount
    return out


class FolderNotEmpty(Exception):
    def __init__(self, folder: Path):
        self.folder = folder
        super().__init__(str(folder))


def export_folder(library: PgCaseLibrary, folder: Path) -> Transfer:
    """Write every case of ``library`` (with its history and trash) as files into ``folder``, which
    must be new or empty (``FolderNotEmpty`` otherwise)."""
    if folder.exists() and any(folder.iterdir()):
        raise FolderNotEmpty(folder)
    folder.mkdir(parents=True, exist_ok=True)
    out = Transfer()
    with library.db.connection() as conn:
        for case_id, body in conn.execute("SELECT id, body FROM cases ORDER BY id"):
            atomic_write(folder / f"{case_id}.yaml", body)
            out.cases += 1
        for case_id, revision, body in conn.execute(
            "SELECT id, revision, body FROM case_history ORDER BY id, revision"
        ):
            (folder / HISTORY / case_id).mkdir(parents=True, exist_ok=True)
            atomic_write(folder / HISTORY / case_id / f"{revision}.yaml", body)
            out.revisions += 1
        for case_id, stamp, body in conn.execute("SELECT id, stamp, body FROM case_trash ORDER BY id, stamp"):
            (folder / TRASH).mkdir(parents=True, exist_ok=True)
            atomic_write(folder / TRASH / f"{case_id}--{stamp}.yaml", body)
            out.trashed += 1
    return out
