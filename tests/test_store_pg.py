"""The PostgreSQL store's own parts: migrations, documents' keys, the listing's cache, the pool."""

from __future__ import annotations

import threading

import psycopg
import pytest

from dilemmakaart import pgstore
from dilemmakaart.case import new_case
from dilemmakaart.search import Filters

pytestmark = pytest.mark.postgres


def versions(url: str) -> list[int]:
    with psycopg.connect(url, autocommit=True) as conn:
        return [r[0] for r in conn.execute("SELECT version FROM schema_version ORDER BY version").fetchall()]


def test_a_new_database_gets_every_migration_once_even_from_two_servers_at_once(pg_url):
    made: list[pgstore.Database] = []
    start = threading.Barrier(3)

    def server() -> None:
        start.wait()
        made.append(pgstore.Database(pg_url, max_size=2))

    threads = [threading.Thread(target=server) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert len(made) == 3
    assert versions(pg_url) == list(range(1, len(pgstore.MIGRATIONS) + 1))
    for db in made:
        db.close()


def test_an_older_database_is_migrated_and_keeps_its_cases(pg_url, code):
    with psycopg.connect(pg_url, autocommit=True) as conn:  # a database as the first version left it
        conn.execute("CREATE TABLE schema_version (version integer NOT NULL)")
        conn.execute(pgstore.MIGRATIONS[0])
        conn.execute("INSERT INTO schema_version VALUES (1)")
    first = pgstore.PgCaseLibrary(pg_url, code)  # migrates on first use
    assert versions(pg_url) == list(range(1, len(pgstore.MIGRATIONS) + 1))
    first.save(new_case("a", "Blijft"), create=True)
    pgstore.forget(pg_url)
    again = pgstore.PgCaseLibrary(pg_url, code)  # a restart: nothing to do, everything there
    assert again.db.migrate() == len(pgstore.MIGRATIONS)
    assert again.load("a").title == "Blijft"


def test_document_keys_never_leave_their_place(pg_url):
    docs = pgstore.PgDocuments(pgstore.database(pg_url))
    for bad in ("../x", "/etc/passwd", "a//b", "a/./b", "", "a\\b"):
        with pytest.raises(ValueError):
            docs.write(bad, "x")
    docs.write(".sessions/s-1/participants/p1.yaml", "a: 1")
    docs.write(".sessions/s-1/responses/r1/p1.yaml", "b: 2")
    docs.write(".sessions/s-2/session.yaml", "c: 3")
    docs.write(".sessions/s-1/participants_other/x.yaml", "d")  # a look-alike folder is another folder
    assert docs.names(".sessions/s-1/participants") == ["p1.yaml"]
    assert docs.count(".sessions/s-1/participants", ".yaml") == 1
    assert docs.folders(".sessions") == ["s-1", "s-2"]
    assert docs.folders(".sessions/s-1/responses") == ["r1"]
    assert (
        docs.create(".sessions/s-2/session.yaml", "x") is False and docs.read(".sessions/s-2/session.yaml") == b"c: 3"
    )
    before = docs.stamp(".sessions/s-2/session.yaml")
    docs.write(".sessions/s-2/session.yaml", "c: 4")
    assert docs.stamp(".sessions/s-2/session.yaml") != before
    assert docs.read(".sessions/s-2/session.yaml", limit=2) is None  # larger than the limit: not read
    assert docs.delete(".sessions/s-2/session.yaml") and not docs.exists(".sessions/s-2/session.yaml")


def test_a_lock_is_held_across_threads_and_freed_when_its_holder_goes(pg_url):
    db = pgstore.database(pg_url)
    docs = pgstore.PgDocuments(db)
    inside: list[int] = []
    overlap: list[bool] = []

    def worker(n: int) -> None:
        for _ in range(10):
            with docs.lock("x/lock"):
                inside.append(n)
                overlap.append(len(inside) > 1)
                docs.write(f"x/{n}.yaml", str(n))  # on the locked connection
                inside.remove(n)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(5)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert overlap == [False] * 50
    holder = psycopg.connect(pg_url, autocommit=True)  # another process holds it, then dies
    holder.execute("SELECT pg_advisory_lock(%s)", (pgstore.lock_key(db.schema, "x/lock"),))
    holder.close()
    with docs.lock("x/lock"):
        pass


def test_the_listing_follows_other_processes_and_pages_come_from_the_database(pg_url, code):
    lib = pgstore.PgCaseLibrary(pg_url, code)
    for i in range(30):
        lib.save(new_case(f"c{i:02d}", f"Camera {i}", technology=["camera"] if i % 2 else ["sensoren"]), create=True)
    assert len(lib.list().cases) == 30
    with psycopg.connect(pg_url, autocommit=True) as conn:  # an unreadable row (a hand edit) is shown, not hidden
        conn.execute("UPDATE cases SET body = 'title: [unclosed', seq = nextval('case_seq') WHERE id = 'c05'")
    listing = lib.list()
    assert len(listing.cases) == 29 and [u.name for u in listing.unreadable] == ["c05.yaml"]
    page = lib.page(Filters(text="camera 1"), sort="title", limit=5)
    assert page.total == 12 and page.ids == ["c01", "c10", "c11", "c12", "c13"]  # 1, 10-19, 21
    assert lib.page(Filters(technologies=("camera",))).total == 15
    assert [c.id for c in lib.load_many(["c03", "c01"])] == ["c03", "c01"]
