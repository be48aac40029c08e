"""The audit trail: who did what to which case, when, and from which browser session.

Every save, delete, restore, upload, adoption of a session's result, start of a session and every
refusal for want of a role is recorded (``ACTIONS``). The trail is append-only: the app has no way
to change or remove an entry, only ``record`` (add one) and ``entries`` (read them back); the
beheerder reads it on the page "Audit" and downloads it as CSV (``export_csv``).

One interface (``AuditTrail``), two stores:

- ``FileAuditTrail`` (the embedded default): one JSON object per line in ``<library>/.audit.jsonl``.
  A record is one ``write`` on a file opened for appending, under the library's cross-process lock,
  then ``fsync``: several threads and processes may record at once and no line is ever mixed with
  another; a recorded entry survives a crash. A line cut short by a crash in the middle of a write
  is skipped when reading (and counted in ``torn``), never a reason to lose the rest.
- A table in PostgreSQL when the library lives there (``open_trail`` picks it), with the same
  ``record`` / ``entries`` contract.
"""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol, runtime_checkable

from dilemmakaart.exports import BOM
from dilemmakaart.exports import _cell as spreadsheet_cell
from dilemmakaart.store import file_lock

AUDIT_FILE = ".audit.jsonl"
AUDIT_LOCK = ".audit.lock"

# What is recorded (the ``action`` of an entry).
SAVE = "save"  # a case written to the library (new or a new revision), also a duplicate
DELETE = "delete"  # a case moved to the trash
RESTORE = "restore"  # a case brought back from the trash (or restored as a copy)
UPLOAD = "upload"  # a case file uploaded into the library
ADOPT = "adopt"  # a session's result saved into its case
START_SESSION = "start_session"  # a group session opened
MANAGE_FRAMEWORKS = "manage_frameworks"  # a value framework added, changed or removed
REFUSED = "refused"  # an action refused for want of a role (``detail`` names the action and the role)
ACTIONS = (SAVE, DELETE, RESTORE, UPLOAD, ADOPT, START_SESSION, MANAGE_FRAMEWORKS, REFUSED)

MAX_DETAIL = 500  # characters of ``detail`` kept: a trail entry is a line, not a document
CSV_COLUMNS = ("at", "who", "action", "case_id", "revision", "session", "detail")


@dataclass(frozen=True)
class AuditEntry:
    """One line of the trail. ``at`` is UTC; ``who`` is the signed-in person (e-mail, else the
    token's subject); ``local`` without sign-in, ``open-network`` when open without sign-in on purpose; ``session`` identifies the browser session."""

    at: datetime
    who: str
    action: str
    case_id: str = ""
    revision: int | None = None
    session: str = ""
    detail: str = ""

    def to_json(self) -> str:
        data = asdict(self)
        data["at"] = self.at.isoformat(timespec="microseconds")
        return json.dumps(data, ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def from_json(cls, line: str) -> AuditEntry:
        """The entry on ``line``; ``ValueError`` when the line is not one (a torn last line)."""
        data = json.loads(line)
        if (
            not isinstance(data, dict)
            or not isinstance(data.get("who"), str)
            or not isinstance(data.get("action"), str)
        ):
            raise ValueError("not an audit entry")
        revision = data.get("revision")
        return cls(
            at=datetime.fromisoformat(str(data["at"])),
            who=data["who"],
            action=data["action"],
            case_id=str(data.get("case_id") or ""),
            revision=revision if isinstance(revision, int) and not isinstance(revision, bool) else None,
            session=str(data.get("session") or ""),
            detail=str(data.get("detail") or ""),
        )


def new_entry(
    who: str,
    action: str,
    case_id: str = "",
    revision: int | None = None,
    session: str = "",
    detail: str = "",
    *,
    at: datetime | None = None,
) -> AuditEntry:
    """An entry stamped now (UTC); an unknown ``action`` is a programming error (``ValueError``)."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action: {action!r}")
    return AuditEntry(
        at=at or datetime.now(UTC),
        who=who,
        action=action,
        case_id=case_id or "",
        revision=revision,
        session=session or "",
        detail=(detail or "")[:MAX_DETAIL],
    )


@runtime_checkable
class AuditTrail(Protocol):
    """The audit trail of one library: add an entry, read them back. Nothing else (append-only)."""

    def record(
        self,
        who: str,
        action: str,
        case_id: str = "",
        revision: int | None = None,
        session: str = "",
        detail: str = "",
    ) -> AuditEntry:
        """Add an entry (stamped now) and return it once it is durable."""
        ...

    def entries(self, *, limit: int | None = None) -> list[AuditEntry]:
        """The entries, oldest first; with ``limit``, only the newest ``limit`` of them."""
        ...


@dataclass
class FileAuditTrail:
    """The trail as an append-only file ``<folder>/.audit.jsonl`` (see the module's notes)."""

    folder: Path
    torn: int = field(default=0, init=False)  # lines skipped by the last ``entries`` call

    @property
    def path(self) -> Path:
        return Path(self.folder) / AUDIT_FILE

    def record(
        self,
        who: str,
        action: str,
        case_id: str = "",
        revision: int | None = None,
        session: str = "",
        detail: str = "",
    ) -> AuditEntry:
        entry = new_entry(who, action, case_id, revision, session, detail)
        line = (entry.to_json() + "\n").encode("utf-8")
        folder = Path(self.folder)
        folder.mkdir(parents=True, exist_ok=True)
        with file_lock(folder / AUDIT_LOCK):
            fd = os.open(self.path, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o640)
            try:
                if os.fstat(fd).st_size and not _ends_with_newline(fd):
                    line = b"\n" + line  # a torn last line stays on a line of its own
                os.write(fd, line)
                os.fsync(fd)
            finally:
                os.close(fd)
        return entry

    def entries(self, *, limit: int | None = None) -> list[AuditEntry]:
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            self.torn = 0
            return []
        found: list[AuditEntry] = []
        torn = 0
        for line in raw.decode("utf-8", errors="replace").splitlines():
            if not line.strip():
                continue
            try:
                found.append(AuditEntry.from_json(line))
            except (ValueError, KeyError, TypeError):
                torn += 1
        self.torn = torn
        return found[-limit:] if limit else found


def _ends_with_newline(fd: int) -> bool:
    size = os.fstat(fd).st_size
    return os.pread(fd, 1, size - 1) == b"\n"


def open_trail(folder: str | Path, *, url: str | None = None) -> AuditTrail:
    """The audit trail of the library in ``folder``; a table when the library is in PostgreSQL
    (``url``, default ``DILEMMAKAART_DATABASE_URL``; ``pgstore.PgAuditTrail``)."""
    from dilemmakaart.pgstore import database_url

    found = url if url is not None else database_url()
    if found:
        from dilemmakaart.pgstore import PgAuditTrail

        return PgAuditTrail(found)
    return FileAuditTrail(Path(folder))


def export_csv(entries: Iterable[AuditEntry]) -> bytes:
    """The entries as CSV for a spreadsheet: UTF-8 with a byte order mark, times in UTC (ISO 8601),
    a cell that a spreadsheet would take for a formula starts with an apostrophe."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for entry in entries:
        writer.writerow(
            [
                entry.at.astimezone(UTC).isoformat(timespec="seconds"),
                spreadsheet_cell(entry.who),
                entry.action,
                spreadsheet_cell(entry.case_id),
                "" if entry.revision is None else entry.revision,
                spreadsheet_cell(entry.session),
                spreadsheet_cell(entry.detail),
            ]
        )
    return (BOM + buffer.getvalue()).encode("utf-8")
