"""The audit trail (dilemmakaart/audit.py): append-only, durable, readable after a torn line,
concurrent writers never mix lines, CSV safe for a spreadsheet."""

from __future__ import annotations

import csv
import io
import multiprocessing
import threading
from datetime import UTC, datetime

import pytest

from dilemmakaart import audit
from dilemmakaart.audit import AuditTrail, FileAuditTrail, export_csv, open_trail


def test_record_then_read_back(tmp_path):
    trail = open_trail(tmp_path)
    assert isinstance(trail, AuditTrail)
    first = trail.record("anna@example.nl", audit.SAVE, "drones", 3, "s1", "")
    trail.record("bob@example.nl", audit.REFUSED, "drones", None, "s2", "delete: beheerder")
    got = trail.entries()
    assert [(e.who, e.action, e.case_id, e.revision, e.session, e.detail) for e in got] == [
        ("anna@example.nl", "save", "drones", 3, "s1", ""),
        ("bob@example.nl", "refused", "drones", None, "s2", "delete: beheerder"),
    ]
    assert got[0] == first
    assert got[0].at.tzinfo is not None and got[0].at <= datetime.now(UTC)
    assert [e.who for e in trail.entries(limit=1)] == ["bob@example.nl"]


def test_unknown_action_is_refused(tmp_path):
    with pytest.raises(ValueError):
        open_trail(tmp_path).record("x", "edit-the-trail")
    assert not (tmp_path / audit.AUDIT_FILE).exists()


def test_a_torn_last_line_is_skipped_and_the_next_entry_stays_whole(tmp_path):
    trail = FileAuditTrail(tmp_path)
    trail.record("a", audit.SAVE, "c1", 1)
    with open(trail.path, "ab") as handle:  # a writer killed in the middle of its line
        handle.write(b'{"at":"2026-12-01T10:00:00+00:00","who":"hal')
    trail.record("b", audit.DELETE, "c1")
    assert [(e.who, e.action) for e in trail.entries()] == [("a", "save"), ("b", "delete")]
    assert trail.torn == 1


def _record_many(folder: str, who: str, n: int) -> None:
    trail = FileAuditTrail(__import__("pathlib").Path(folder))
    for i in range(n):
        trail.record(who, audit.SAVE, f"case-{i}", i, detail="x" * 300)


def test_concurrent_threads_and_processes_lose_and_mix_nothing(tmp_path):
    threads = [threading.Thread(target=_record_many, args=(str(tmp_path), f"t{k}", 25)) for k in range(4)]
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_record_many, args=(str(tmp_path), f"p{k}", 25)) for k in range(2)]
    for worker in [*threads, *procs]:
        worker.start()
    for worker in [*threads, *procs]:
        worker.join(60)
    trail = FileAuditTrail(tmp_path)
    got = trail.entries()
    assert trail.torn == 0
    assert len(got) == 6 * 25
    for who in ("t0", "t1", "t2", "t3", "p0", "p1"):
        assert [e.revision for e in got if e.who == who] == list(range(25))


def test_csv_export_is_for_a_spreadsheet_and_defuses_formulas(tmp_path):
    trail = open_trail(tmp_path)
    trail.record('=HYPERLINK("http://x")', audit.UPLOAD, "case-a", 1, "s", "ÿ detail, with comma")
    data = export_csv(trail.entries())
    assert data.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0] == list(audit.CSV_COLUMNS)
    assert rows[1][1].startswith("'=")
    assert rows[1][2:] == ["upload", "case-a", "1", "s", "ÿ detail, with comma"]
    assert datetime.fromisoformat(rows[1][0]).tzinfo is not None


def test_the_trail_offers_no_way_to_change_an_entry():
    public = {name for name in dir(FileAuditTrail) if not name.startswith("_")}
    assert public == {"record", "entries", "path", "torn"}
