"""PostgreSQL as the shared store of an organisation (``DILEMMAKAART_DATABASE_URL``).

The same interfaces as the file store, so every page and every rule runs unchanged on either:

- ``PgCaseLibrary``: the public interface of ``store.CaseLibrary`` (load, list, save, save_changed,
  history, load_revision, delete, trash, restore), cases in the table ``cases`` with the listing
  columns indexed, earlier revisions in ``case_history``, deleted cases in ``case_trash``. A save is
  one transaction: the row is locked (``SELECT … FOR UPDATE``), the revision and the content digest
  it started from are compared, the previous version goes to the history and the row is updated
  with ``WHERE revision = <the revision read>``; a conflict raises the very ``ConflictError`` of the
  file store and writes nothing. A save is confirmed only after its commit.
- ``PgDocuments``: the ``documents.Documents`` primitives (drafts, sessions) in the table
  ``documents``; ``lock`` is an advisory lock, released by the server when a process dies.

One connection pool per database address and process (``psycopg_pool.ConnectionPool``). The schema
is created and migrated by the app: ``schema_version`` holds the number of the last migration, and
``MIGRATIONS`` are applied in order, each in one transaction, under an advisory lock (two servers
starting together migrate once).
"""

from __future__ import annotations

import builtins
import hashlib
import os
import re
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import psycopg
import psycopg.sql
from psycopg_pool import ConnectionPool

from dilemmakaart.case import ID_RE, Case, parse_case
from dilemmakaart.code import ValueCode, load_code
from dilemmakaart.documents import Entry, check_key
from dilemmakaart.problems import ProblemsError
from dilemmakaart.search import PAGE_SIZE, Filters, Page, case_date, default_descending, fold
from dilemmakaart.store import (
    ConflictError,
    FileProblems,
    Listing,
    LockError,
    NotFoundError,
    Revision,
    content_digest,
    gc_paused,
    writable_text,
)
from dilemmakaart.yamlio import MAX_BYTES, parse_yaml

URL_ENV = "DILEMMAKAART_DATABASE_URL"
POOL_SIZE_ENV = "DILEMMAKAART_DATABASE_POOL"
LOCK_TIMEOUT = "30s"

# Ordered migrations: never edit one that has shipped, add the next.
MIGRATIONS: list[str] = [
    # 1: cases with their listing columns, history, trash, documents (drafts, sessions)
    """
    CREATE SEQUENCE case_seq;
    CREATE TABLE cases (
        id text PRIMARY KEY,
        revision integer NOT NULL,
        body text NOT NULL,
        digest text NOT NULL,
        seq bigint NOT NULL DEFAULT nextval('case_seq'),
        title text NOT NULL,
        organisation text,
        organisation_type text,
        technology text[] NOT NULL DEFAULT '{}',
        value_ids text[] NOT NULL DEFAULT '{}',
        status text NOT NULL,
        phase text,
        day date,
        search text NOT NULL
    );
    CREATE INDEX cases_day ON cases (day DESC NULLS LAST, id);
    CREATE INDEX cases_title ON cases (title, id);
    CREATE INDEX cases_status ON cases (status);
    CREATE INDEX cases_phase ON cases (phase);
    CREATE INDEX cases_organisation_type ON cases (organisation_type);
    CREATE INDEX cases_technology ON cases USING gin (technology);
    CREATE INDEX cases_values ON cases USING gin (value_ids);
    CREATE TABLE case_history (
        id text NOT NULL,
        revision integer NOT NULL,
        body text NOT NULL,
        saved timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (id, revision)
    );
    CREATE TABLE case_trash (
        id text NOT NULL,
        stamp text NOT NULL,
        body text NOT NULL,
        deleted timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (id, stamp)
    );
    CREATE SEQUENCE document_seq;
    CREATE TABLE documents (
        key text PRIMARY KEY,
        folder text NOT NULL,
        body bytea NOT NULL,
        seq bigint NOT NULL DEFAULT nextval('document_seq')
    );
    CREATE INDEX documents_folder ON documents (folder text_pattern_ops);
    """,
    # 2: the audit trail, append-only in the database itself (no update, delete or truncate)
    """
    CREATE TABLE audit (
        seq bigserial PRIMARY KEY,
        at timestamptz NOT NULL,
        who text NOT NULL,
        action text NOT NULL,
        case_id text NOT NULL DEFAULT '',
        revision integer,
        session text NOT NULL DEFAULT '',
        detail text NOT NULL DEFAULT ''
    );
    CREATE INDEX audit_case ON audit (case_id);
    CREATE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        RAISE EXCEPTION 'the audit trail is append-only';
    END $$;
    CREATE TRIGGER audit_no_change BEFORE UPDATE OR DELETE ON audit
        FOR EACH ROW EXECUTE FUNCTION audit_append_only();
    CREATE TRIGGER audit_no_truncate BEFORE TRUNCATE ON audit
        FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only();
    """,
]
# Optional: a trigram index makes a text search on 100,000 cases fast; without the extension (not
# installed, no right to create it) the search still works, scanning the table.
TRIGRAM_EXTENSION = "CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public"
TRIGRAM_INDEX = "CREATE INDEX IF NOT EXISTS cases_search ON cases USING gin (search {schema}.gin_trgm_ops)"


def database_url(environ: dict[str, str] | None = None) -> str | None:
    """The database address from ``DILEMMAKAART_DATABASE_URL``; None: the file store."""
    env = os.environ if environ is None else environ
    return (env.get(URL_ENV) or "").strip() or None


def lock_key(*parts: str) -> int:
    """A signed 64-bit advisory lock number for a name (the same in every process)."""
    digest = hashlib.blake2b("\0".join(parts).encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


class Database:
    """One PostgreSQL database (and schema) through a connection pool; migrated on first use."""

    def __init__(self, url: str, *, max_size: int | None = None):
        self.url = url
        size = max_size or int(os.environ.get(POOL_SIZE_ENV) or 10)
        self.pool = ConnectionPool(
            url,
            min_size=1,
            max_size=max(2, size),
            kwargs={"autocommit": True},
            open=True,
            name="dilemmakaart",
            timeout=60,
        )
        self._held = threading.local()
        with self.pool.connection() as conn:
            self.schema = str(conn.execute("SELECT current_schema()").fetchone()[0])  # type: ignore[index]
        self.ident = hashlib.blake2b(url.encode("utf-8"), digest_size=6).hexdigest()
        self.migrate()

    def close(self) -> None:
        self.pool.close()

    @contextmanager
    def connection(self) -> Iterator[psycopg.Connection]:
        """The connection this thread holds a lock on, else one from the pool."""
        held = getattr(self._held, "conn", None)
        if held is not None:
            yield held
            return
        with self.pool.connection() as conn:
            yield conn

    @contextmanager
    def transaction(self) -> Iterator[psycopg.Connection]:
        with self.connection() as conn, conn.transaction():
            yield conn

    def migrate(self) -> int:
        """Apply the migrations this database lacks; returns the schema version now."""
        with self.pool.connection() as conn, conn.transaction():
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (lock_key(self.schema, "migrate"),))
            conn.execute("CREATE TABLE IF NOT EXISTS schema_version (version integer NOT NULL)")
            row = conn.execute("SELECT max(version) FROM schema_version").fetchone()
            version = int(row[0]) if row and row[0] is not None else 0
            for number, sql in enumerate(MIGRATIONS, start=1):
                if number > version:
                    conn.execute(sql)
                    conn.execute("INSERT INTO schema_version (version) VALUES (%s)", (number,))
                    version = number
        try:
            with self.pool.connection() as conn, conn.transaction():
                conn.execute(TRIGRAM_EXTENSION)
                found = conn.execute(
                    "SELECT extnamespace::regnamespace::text FROM pg_extension WHERE extname = 'pg_trgm'"
                ).fetchone()
                if found:
                    conn.execute(TRIGRAM_INDEX.format(schema=psycopg.sql.Identifier(found[0]).as_string(conn)))
        except psycopg.Error:
            pass  # no trigram index: a search scans the table
        return version

    @contextmanager
    def lock(self, name: str) -> Iterator[None]:
        """Hold the advisory lock ``name`` until the block ends; everything this thread does in the
        block runs on the locked connection. A lock still taken after 30 s: ``LockError("lock_busy")``."""
        if getattr(self._held, "conn", None) is not None:
            raise LockError("lock_failed", name=name, reason="nested lock")
        key = lock_key(self.schema, name)
        with self.pool.connection() as conn:
            try:
                conn.execute(f"SET lock_timeout = '{LOCK_TIMEOUT}'")
                conn.execute("SELECT pg_advisory_lock(%s)", (key,))
            except psycopg.errors.LockNotAvailable:
                raise LockError("lock_busy", name=name) from None
            finally:
                conn.execute("SET lock_timeout = 0")
            self._held.conn = conn
            try:
                yield
            finally:
                self._held.conn = None
                conn.execute("SELECT pg_advisory_unlock(%s)", (key,))


_databases: dict[str, Database] = {}
_databases_lock = threading.Lock()


def _forget_all_in_child() -> None:
    """A forked process must not use its parent's connections: it opens its own pools."""
    _databases.clear()


os.register_at_fork(after_in_child=_forget_all_in_child)


def database(url: str) -> Database:
    """The one ``Database`` (and pool) of this process for ``url``."""
    with _databases_lock:
        found = _databases.get(url)
        if found is None:
            found = _databases[url] = Database(url)
        return found


def forget(url: str) -> None:
    """Close and forget the pool of ``url`` (tests drop their schemas afterwards)."""
    with _databases_lock:
        found = _databases.pop(url, None)
    if found is not None:
        found.close()


# ---------------------------------------------------------------------------------- documents
def _folder(key: str) -> str:
    return key.rsplit("/", 1)[0] if "/" in key else ""


def _like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


class PgDocuments:
    """``documents.Documents`` in the table ``documents`` of ``db``."""

    def __init__(self, db: Database):
        self.db = db

    def where(self, key: str) -> str:
        """A name for ``key`` (never the address itself, which may hold a password)."""
        return f"postgresql:{self.db.ident}/{check_key(key)}"

    def read(self, key: str, limit: int = MAX_BYTES) -> bytes | None:
        with self.db.connection() as conn:
            row = conn.execute("SELECT body FROM documents WHERE key = %s", (check_key(key),)).fetchone()
        if row is None or len(row[0]) > limit:
            return None
        return bytes(row[0])

    def write(self, key: str, data: str | bytes) -> None:
        body = data.encode("utf-8") if isinstance(data, str) else data
        with self.db.connection() as conn:
            conn.execute(
                "INSERT INTO documents (key, folder, body) VALUES (%s, %s, %s) ON CONFLICT (key) DO UPDATE"
                " SET body = excluded.body, seq = nextval('document_seq')",
                (check_key(key), _folder(key), body),
            )

    def create(self, key: str, data: str | bytes) -> bool:
        body = data.encode("utf-8") if isinstance(data, str) else data
        with self.db.connection() as conn:
            cur = conn.execute(
                "INSERT INTO documents (key, folder, body) VALUES (%s, %s, %s) ON CONFLICT (key) DO NOTHING",
                (check_key(key), _folder(key), body),
            )
            return cur.rowcount == 1

    def delete(self, key: str) -> bool:
        with self.db.connection() as conn:
            return conn.execute("DELETE FROM documents WHERE key = %s", (check_key(key),)).rowcount == 1

    def exists(self, key: str) -> bool:
        with self.db.connection() as conn:
            return conn.execute("SELECT 1 FROM documents WHERE key = %s", (check_key(key),)).fetchone() is not None

    def _where(self, folder: str, suffix: str) -> tuple[str, list[Any]]:
        return "folder = %s AND key LIKE %s", [check_key(folder), f"{_like(folder)}/%{_like(suffix)}"]

    def names(self, folder: str, suffix: str = "") -> list[str]:
        where, params = self._where(folder, suffix)
        with self.db.connection() as conn:
            rows = conn.execute(f"SELECT key FROM documents WHERE {where}", params).fetchall()
        return sorted(r[0][len(folder) + 1 :] for r in rows)

    def count(self, folder: str, suffix: str = "") -> int:
        where, params = self._where(folder, suffix)
        with self.db.connection() as conn:
            row = conn.execute(f"SELECT count(*) FROM documents WHERE {where}", params).fetchone()
        return int(row[0]) if row else 0

    def entries(self, folder: str, suffix: str = "") -> list[Entry]:
        where, params = self._where(folder, suffix)
        with self.db.connection() as conn:
            rows = conn.execute(f"SELECT key, seq FROM documents WHERE {where}", params).fetchall()
        return [Entry(key[len(folder) + 1 :], int(seq), (self.db.url, key, int(seq))) for key, seq in rows]

    def folders(self, folder: str) -> list[str]:
        prefix = check_key(folder) + "/"
        with self.db.connection() as conn:
            rows = conn.execute(
                "SELECT DISTINCT split_part(substr(folder, %s), '/', 1) FROM documents WHERE folder LIKE %s",
                (len(prefix) + 1, _like(prefix) + "%"),
            ).fetchall()
        return sorted(r[0] for r in rows if r[0])

    def stamp(self, key: str) -> tuple:
        """A cheap sign that the document changed (a number that rises on every write)."""
        with self.db.connection() as conn:
            row = conn.execute("SELECT seq, length(body) FROM documents WHERE key = %s", (check_key(key),)).fetchone()
        return (int(row[0]), int(row[1])) if row else (0, 0)

    @contextmanager
    def lock(self, name: str) -> Iterator[None]:
        with self.db.lock(check_key(name)):
            yield

    def tidy(self, *folders: str) -> None:
        """Nothing to tidy: a write is one statement, a killed one leaves nothing behind."""

    def tidy_stale(self, folder: str) -> None:
        """Nothing to tidy (see ``tidy``)."""


# ---------------------------------------------------------------------------------- cases
# The sort keys of ``search.sort_cases`` in SQL: the same value per case (``search`` holds the folded
# title, description and organisation, one per line), compared by code point (COLLATE "C", as Python
# compares strings); a case without the value goes last either way, ties by id.
SORT_SQL = {
    "updated": "day",
    "title": "split_part(search, E'\\n', 1) COLLATE \"C\"",
    "organisation": "NULLIF(substring(search from '[^\\n]*$'), '') COLLATE \"C\"",
    "status": 'status COLLATE "C"',
    "phase": 'phase COLLATE "C"',
    "values": "cardinality(value_ids)",
}

# Parsed cases shared by every library of this process, keyed on (database, id, seq): a row's seq
# changes on every write, so a warm listing only reads ids and seqs. Never mutated, never handed out
# for editing (``load`` parses afresh). The database stays the only truth: each listing checks it.
_parsed: dict[tuple[str, str, int], Case | ProblemsError] = {}
_parsed_lock = threading.Lock()
_summaries: dict[tuple[str, str], tuple[tuple[int, int], Any]] = {}


class PgCaseLibrary:
    """The case library in PostgreSQL, with the public interface of ``store.CaseLibrary``."""

    def __init__(self, url: str, code: ValueCode | None = None):
        self.url = url
        self.db = database(url)
        self.code = code if code is not None else load_code()

    def __repr__(self) -> str:
        return f"PgCaseLibrary({self.db.schema!r})"

    def documents(self) -> PgDocuments:
        """Where drafts and sessions of this library live."""
        return PgDocuments(self.db)

    # ------------------------------------------------------------ reading
    def _check_id(self, case_id: str) -> str:
        if not ID_RE.fullmatch(case_id or ""):
            raise NotFoundError("bad_id", id=case_id)
        return case_id

    def path(self, case_id: str) -> Path:
        """A name for the case in messages (there is no file)."""
        return Path(f"{self._check_id(case_id)}.yaml")

    def ids(self) -> builtins.list[str]:
        with self.db.connection() as conn:
            return [r[0] for r in conn.execute("SELECT id FROM cases ORDER BY id").fetchall()]

    def exists(self, case_id: str) -> bool:
        with self.db.connection() as conn:
            return conn.execute("SELECT 1 FROM cases WHERE id = %s", (self._check_id(case_id),)).fetchone() is not None

    def _parse(self, case_id: str, body: str) -> Case:
        data, problems = parse_yaml(body.encode("utf-8"))
        if problems:
            raise ProblemsError(problems, source=f"{case_id}.yaml")
        try:
            return parse_case(data, self.code, file_id=case_id)
        except ProblemsError as exc:
            exc.source = f"{case_id}.yaml"
            raise

    def case_bytes(self, case_id: str) -> bytes:
        """The case as its YAML file would hold it."""
        with self.db.connection() as conn:
            row = conn.execute("SELECT body FROM cases WHERE id = %s", (self._check_id(case_id),)).fetchone()
        if row is None:
            raise NotFoundError("not_found", id=case_id)
        return str(row[0]).encode("utf-8")

    def load(self, case_id: str) -> Case:
        return self._parse(case_id, self.case_bytes(case_id).decode("utf-8"))

    def list(self) -> Listing:
        with gc_paused():
            return self._list()

    def _list(self) -> Listing:
        with self.db.connection() as conn:
            rows = conn.execute("SELECT id, seq FROM cases ORDER BY id").fetchall()
            with _parsed_lock:
                missing = [(cid, seq) for cid, seq in rows if (self.url, cid, seq) not in _parsed]
            for start in range(0, len(missing), 2000):
                chunk = [cid for cid, _ in missing[start : start + 2000]]
                fetched = conn.execute("SELECT id, seq, body FROM cases WHERE id = ANY(%s)", (chunk,)).fetchall()
                parsed: dict[tuple[str, str, int], Case | ProblemsError] = {}
                for cid, seq, body in fetched:
                    try:
                        parsed[(self.url, cid, seq)] = self._parse(cid, body)
                    except ProblemsError as exc:
                        parsed[(self.url, cid, seq)] = exc
                with _parsed_lock:
                    if len(_parsed) > 250_000:
                        _parsed.clear()
                    _parsed.update(parsed)
        listing = Listing()
        with _parsed_lock:
            hits = [(cid, _parsed.get((self.url, cid, seq))) for cid, seq in rows]
        for cid, hit in hits:
            if hit is None:  # changed between the two reads: read it on the next listing
                continue
            if isinstance(hit, ProblemsError):
                listing.unreadable.append(FileProblems(Path(f"{cid}.yaml"), hit.problems))
            else:
                listing.cases.append(hit)
        return listing

    def page(
        self,
        filters: Filters | None = None,
        *,
        sort: str = "updated",
        descending: bool | None = None,
        offset: int = 0,
        limit: int = PAGE_SIZE,
    ) -> Page:
        """One screen of the cases that match ``filters`` (the rules of ``search.matches``), in the
        order of ``search.sort_cases``, done by the database with its indexes: for a library of
        100,000 cases."""
        f = filters or Filters()
        if sort not in SORT_SQL:
            raise ValueError(f"unknown sort key {sort!r}")
        desc = default_descending(sort) if descending is None else descending
        where: builtins.list[str] = []
        params: builtins.list[Any] = []
        for column, chosen in (
            ("organisation_type", f.organisation_types),
            ("status", f.statuses),
            ("phase", f.phases),
        ):
            if chosen:
                where.append(f"{column} = ANY(%s)")
                params.append(builtins.list(chosen))
        if f.technologies:
            where.append("technology && %s")
            params.append(builtins.list(f.technologies))
        if f.values:
            where.append("value_ids && %s")
            params.append(builtins.list(f.values))
        if f.date_from:
            where.append("day >= %s")
            params.append(f.date_from)
        if f.date_to:
            where.append("day <= %s")
            params.append(f.date_to)
        for word in fold(f.text).split():
            where.append("search LIKE %s")
            params.append(f"%{_like(word)}%")
        clause = f"WHERE {' AND '.join(where)}" if where else ""
        order = f'k {"DESC" if desc else "ASC"} NULLS LAST, id COLLATE "C"'
        key = SORT_SQL[sort]
        window = [max(limit, 0), max(offset, 0)]
        # Measured on 100,000 cases (bench.pg_library): a text search rechecks every match's text,
        # so the matches are found once through the trigram index (the planner, guessing a common
        # word matches a fifth of the table, would read the whole table: 0.5-0.9 s instead of
        # 40-55 ms) and counted and sorted in that one pass; without one, the count from the indexes
        # and the screen by walking the sort order are each a few milliseconds.
        with self.db.transaction() as conn:
            if f.text.split():
                conn.execute("SET LOCAL enable_seqscan = off")
                rows = conn.execute(
                    f"WITH hits AS MATERIALIZED (SELECT id, day, {key} AS k FROM cases {clause})"
                    f" SELECT id, count(*) OVER () FROM hits ORDER BY {order} LIMIT %s OFFSET %s",
                    [*params, *window],
                ).fetchall()
                if rows:
                    return Page(int(rows[0][1]), [r[0] for r in rows])
            else:
                rows = conn.execute(
                    f"SELECT id FROM (SELECT id, day, {key} AS k FROM cases {clause}) AS hits"
                    f" ORDER BY {order} LIMIT %s OFFSET %s",
                    [*params, *window],
                ).fetchall()
            row = conn.execute(f"SELECT count(*) FROM cases {clause}", params).fetchone()
        return Page(int(row[0]) if row else 0, [r[0] for r in rows])

    def _stamp(self) -> tuple[int, int]:
        """Changes with every save, delete and restore: the newest row's seq and the number of rows."""
        with self.db.connection() as conn:
            row = conn.execute("SELECT coalesce(max(seq), 0), count(*) FROM cases").fetchone()
        return (int(row[0]), int(row[1])) if row else (0, 0)

    def _summary(self, name: str, stamp: tuple[int, int], make) -> Any:
        """A summary of the whole table, kept in this process until the table changes."""
        key = (self.url, name)
        with _parsed_lock:
            hit = _summaries.get(key)
        if hit is not None and hit[0] == stamp:
            return hit[1]
        value = make()
        with _parsed_lock:
            _summaries[key] = (stamp, value)
        return value

    def facets(self) -> dict[str, builtins.list[str]]:
        """The technologies and value ids that occur in the library (the filters' choices); read
        again only after a change (about 0.2 s on 100,000 cases, bench.pg_library_page)."""

        def make() -> dict[str, builtins.list[str]]:
            with self.db.connection() as conn:
                tech = conn.execute("SELECT DISTINCT unnest(technology) FROM cases").fetchall()
                values = conn.execute("SELECT DISTINCT unnest(value_ids) FROM cases").fetchall()
            return {"technologies": sorted(r[0] for r in tech), "values": sorted(r[0] for r in values)}

        found = self._summary("facets", self._stamp(), make)
        return {k: builtins.list(v) for k, v in found.items()}

    def reviewed(self) -> builtins.list[Case]:
        """The cases whose decision has a review date (for the reminders of decisions due); the
        candidates are found again only after a change (it reads every case's text)."""

        def make() -> builtins.list[str]:
            with self.db.connection() as conn:
                return [r[0] for r in conn.execute("SELECT id FROM cases WHERE body LIKE '%review:%'").fetchall()]

        ids = self._summary("reviewed", self._stamp(), make)
        return [c for c in self.load_many(ids) if c.decision is not None and c.decision.review is not None]

    def load_many(self, ids: Iterable[str]) -> builtins.list[Case]:
        """The cases ``ids`` in that order (those that still exist and can be read), for showing:
        shared parsed objects, never to be changed (``load`` gives one to edit)."""
        wanted = builtins.list(ids)
        with self.db.connection() as conn:
            rows = conn.execute("SELECT id, seq FROM cases WHERE id = ANY(%s)", (wanted,)).fetchall()
            with _parsed_lock:
                missing = [cid for cid, seq in rows if (self.url, cid, seq) not in _parsed]
            if missing:
                fetched = conn.execute("SELECT id, seq, body FROM cases WHERE id = ANY(%s)", (missing,)).fetchall()
                for cid, seq, body in fetched:
                    try:
                        hit: Case | ProblemsError = self._parse(cid, body)
                    except ProblemsError as exc:
                        hit = exc
                    with _parsed_lock:
                        _parsed[(self.url, cid, seq)] = hit
        with _parsed_lock:
            found = {cid: _parsed.get((self.url, cid, seq)) for cid, seq in rows}
        return [case for i in wanted if isinstance(case := found.get(i), Case)]

    # ------------------------------------------------------------ writing
    def save(self, case: Case, *, create: bool | None = None, base_digest: str | None = None) -> Case:
        """As ``CaseLibrary.save``: the same rules, the same conflicts."""
        return self.save_changed(case, create=create, base_digest=base_digest)[0]

    def save_changed(
        self, case: Case, *, create: bool | None = None, base_digest: str | None = None
    ) -> tuple[Case, bool]:
        self._check_id(case.id)
        with self.db.transaction() as conn:
            # one save of a case at a time, a new case too (a row lock needs a row)
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (lock_key(self.db.schema, "case", case.id),))
            row = conn.execute(
                "SELECT revision, digest, body FROM cases WHERE id = %s FOR UPDATE", (case.id,)
            ).fetchone()
            on_disk = int(row[0]) if row else None
            if on_disk is not None and create:
                raise ConflictError("exists", id=case.id)
            if row is not None:
                stored_digest = row[1]
                if stored_digest == content_digest(case):
                    return self._parse(case.id, row[2]), False  # nothing changed: nothing written
                if on_disk != case.revision:
                    raise ConflictError("moved_on", id=case.id, mine=case.revision, theirs=on_disk)
                if base_digest is not None and stored_digest != base_digest:
                    raise ConflictError("changed_on_disk", id=case.id, mine=case.revision, theirs=on_disk)
            saved = case.model_copy(deep=True)
            saved.revision = (on_disk if on_disk is not None else case.revision) + 1
            saved.updated = datetime.now(UTC).astimezone().replace(microsecond=0)
            if saved.created is None:
                saved.created = saved.updated.date()
            text = writable_text(saved, self.code)  # every rule and every limit, before anything is written
            if row is not None:
                conn.execute(
                    "INSERT INTO case_history (id, revision, body) VALUES (%s, %s, %s) ON CONFLICT DO NOTHING",
                    (case.id, on_disk, row[2]),
                )
                done = conn.execute(
                    f"UPDATE cases SET {_ASSIGN}, seq = nextval('case_seq') WHERE id = %s AND revision = %s",
                    [*_columns(saved, text), case.id, on_disk],
                )
            else:
                done = conn.execute(
                    f"INSERT INTO cases ({_COLUMNS}) VALUES ({_PLACES}) ON CONFLICT (id) DO NOTHING",
                    [case.id, *_columns(saved, text)],
                )
            if done.rowcount != 1:  # another save came first (an insert race): nothing of ours stays
                raise ConflictError("exists" if row is None else "moved_on", id=case.id, mine=case.revision)
        return saved, True

    def put_text(self, case_id: str, text: str, conn: psycopg.Connection) -> None:
        """Write a case file's text as it is (``library import``), after the same checks as a save."""
        case = self._parse(case_id, text)
        conn.execute(
            f"INSERT INTO cases ({_COLUMNS}) VALUES ({_PLACES}) ON CONFLICT (id) DO UPDATE SET {_ASSIGN},"
            " seq = nextval('case_seq')",
            [case_id, *_columns(case, text), *_columns(case, text)],
        )

    def history(self, case_id: str) -> builtins.list[Revision]:
        """Earlier revisions of a case, oldest first (the current one is the case itself)."""
        with self.db.connection() as conn:
            rows = conn.execute(
                "SELECT revision, saved FROM case_history WHERE id = %s ORDER BY revision", (self._check_id(case_id),)
            ).fetchall()
        return [Revision(int(r), Path(f".history/{case_id}/{r}.yaml"), saved.astimezone()) for r, saved in rows]

    def load_revision(self, case_id: str, revision: int) -> Case:
        current = self.load(case_id)
        if current.revision == revision:
            return current
        with self.db.connection() as conn:
            row = conn.execute(
                "SELECT body FROM case_history WHERE id = %s AND revision = %s", (case_id, revision)
            ).fetchone()
        if row is None:
            raise NotFoundError("no_revision", id=case_id, revision=revision)
        return self._parse(case_id, row[0])

    # ------------------------------------------------------------ trash
    def delete(self, case_id: str) -> Path:
        """Move the case to the trash; returns its name there."""
        self._check_id(case_id)
        stamp = datetime.now().strftime("%Y%m%dT%H%M%S%f")
        with self.db.transaction() as conn:
            row = conn.execute("DELETE FROM cases WHERE id = %s RETURNING body", (case_id,)).fetchone()
            if row is None:
                raise NotFoundError("not_found", id=case_id)
            conn.execute("INSERT INTO case_trash (id, stamp, body) VALUES (%s, %s, %s)", (case_id, stamp, row[0]))
        return Path(f".trash/{case_id}--{stamp}.yaml")

    def trash(self) -> builtins.list[tuple[str, Path]]:
        """Cases in the trash as (id, name), newest first."""
        with self.db.connection() as conn:
            rows = conn.execute("SELECT id, stamp FROM case_trash ORDER BY stamp DESC, id DESC").fetchall()
        return [(cid, Path(f".trash/{cid}--{stamp}.yaml")) for cid, stamp in rows]

    def read_trashed(self, path: Path, case_id: str) -> Case:
        """The case in the trash under ``path`` (a name from ``trash()``)."""
        found = _TRASHED.fullmatch(path.name)
        if found is None:
            raise NotFoundError("not_in_trash", id=case_id)
        with self.db.connection() as conn:
            row = conn.execute(
                "SELECT body FROM case_trash WHERE id = %s AND stamp = %s", (case_id, found["stamp"])
            ).fetchone()
        if row is None:
            raise NotFoundError("not_in_trash", id=case_id)
        return self._parse(case_id, row[0])

    def restore(self, case_id: str) -> Case:
        """Bring back the newest trashed version of ``case_id``; never over an existing case."""
        self._check_id(case_id)
        with self.db.transaction() as conn:
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (lock_key(self.db.schema, "case", case_id),))
            if conn.execute("SELECT 1 FROM cases WHERE id = %s", (case_id,)).fetchone():
                raise ConflictError("exists", id=case_id)
            row = conn.execute(
                "SELECT stamp, body FROM case_trash WHERE id = %s ORDER BY stamp DESC LIMIT 1 FOR UPDATE", (case_id,)
            ).fetchone()
            if row is None:
                raise NotFoundError("not_in_trash", id=case_id)
            case = self._parse(case_id, row[1])  # only a readable case comes back
            conn.execute(
                f"INSERT INTO cases ({_COLUMNS}) VALUES ({_PLACES})",
                [case_id, *_columns(case, row[1])],
            )
            conn.execute("DELETE FROM case_trash WHERE id = %s AND stamp = %s", (case_id, row[0]))
        return self.load(case_id)


_TRASHED = re.compile(r"^(?P<id>.+)--(?P<stamp>[0-9]{8}T[0-9]{6,12})\.yaml$")
_NAMES = (
    "revision",
    "body",
    "digest",
    "title",
    "organisation",
    "organisation_type",
    "technology",
    "value_ids",
    "status",
    "phase",
    "day",
    "search",
)
_COLUMNS = "id, " + ", ".join(_NAMES)
_PLACES = ", ".join(["%s"] * (len(_NAMES) + 1))
_ASSIGN = ", ".join(f"{n} = %s" for n in _NAMES)


def _columns(case: Case, text: str) -> builtins.list[Any]:
    """The stored columns of ``case`` whose file text is ``text``, in the order of ``_NAMES``."""
    day: date | None = case_date(case)
    return [
        case.revision,
        text,
        content_digest(case),
        case.title,
        case.organisation,
        case.organisation_type,
        builtins.list(case.technology),
        [v.value for v in case.values],
        case.status,
        case.phase,
        day,
        fold("\n".join((case.title, case.description, case.organisation or ""))),
    ]


# ---------------------------------------------------------------------------------- audit trail
class PgAuditTrail:
    """``audit.AuditTrail`` as the table ``audit``: an entry is durable once ``record`` returns (its
    commit); the table refuses every update, delete and truncate (a trigger), so nothing the app or
    a slip at the database prompt does can change the trail."""

    torn = 0  # a row is never half written

    def __init__(self, url: str):
        self.db = database(url)

    def record(
        self,
        who: str,
        action: str,
        case_id: str = "",
        revision: int | None = None,
        session: str = "",
        detail: str = "",
    ) -> Any:
        from dilemmakaart.audit import new_entry

        entry = new_entry(who, action, case_id, revision, session, detail)
        with self.db.connection() as conn:
            conn.execute(
                "INSERT INTO audit (at, who, action, case_id, revision, session, detail)"
                " VALUES (%s, %s, %s, %s, %s, %s, %s)",
                (entry.at, entry.who, entry.action, entry.case_id, entry.revision, entry.session, entry.detail),
            )
        return entry

    def entries(self, *, limit: int | None = None) -> builtins.list[Any]:
        from dilemmakaart.audit import AuditEntry

        query = "SELECT at, who, action, case_id, revision, session, detail FROM audit ORDER BY seq DESC"
        with self.db.connection() as conn:
            if limit:
                rows = conn.execute(query + " LIMIT %s", (limit,)).fetchall()
            else:
                rows = conn.execute(query).fetchall()
        return [
            AuditEntry(at=at, who=who, action=action, case_id=cid, revision=rev, session=sess, detail=detail)
            for at, who, action, cid, rev, sess, detail in reversed(rows)
        ]
