"""The audit trail on both stores (files and PostgreSQL): the same record/entries contract, every
entry of concurrent writers kept, and in PostgreSQL the table itself refuses a change."""

from __future__ import annotations

import threading

import psycopg
import pytest

from dilemmakaart import audit
from dilemmakaart.pgstore import PgAuditTrail
from tests.backends import Store


def test_entries_come_back_oldest_first_with_everything_recorded(any_store: Store):
    trail = any_store.trail()
    assert trail.entries() == []
    first = trail.record("anna@gemeente.nl", audit.SAVE, "drones", 3, "sessie-1", "eerste")
    trail.record("bram@gemeente.nl", audit.DELETE, "camera")
    trail.record("?", audit.REFUSED, detail="delete: beheerder")
    found = trail.entries()
    assert [e.action for e in found] == [audit.SAVE, audit.DELETE, audit.REFUSED]
    assert found[0] == first and found[0].revision == 3 and found[1].revision is None
    assert [e.who for e in trail.entries(limit=2)] == ["bram@gemeente.nl", "?"]
    assert any_store.trail().entries() == found  # another process reads the same trail
    with pytest.raises(ValueError):
        trail.record("x", "iets-anders")
    assert b"anna@gemeente.nl" in audit.export_csv(found)


def test_concurrent_records_are_all_kept(any_store: Store):
    trail = any_store.trail()

    def writer(n: int) -> None:
        for i in range(15):
            trail.record(f"p{n}", audit.SAVE, f"c{n}", i)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    found = trail.entries()
    assert len(found) == 120
    for n in range(8):  # each writer's entries in its own order
        assert [e.revision for e in found if e.who == f"p{n}"] == list(range(15))


@pytest.mark.postgres
def test_the_table_refuses_every_change(pg_url):
    trail = PgAuditTrail(pg_url)
    trail.record("anna", audit.SAVE, "drones", 1)
    for sql in ("UPDATE audit SET who = 'iemand anders'", "DELETE FROM audit", "TRUNCATE audit"):
        with pytest.raises(psycopg.errors.RaiseException, match="append-only"), trail.db.connection() as conn:
            conn.execute(sql)
    assert [e.who for e in trail.entries()] == ["anna"]
    assert isinstance(audit.open_trail("/nergens", url=pg_url), PgAuditTrail)
