"""A throw-away PostgreSQL for the tests.

``DILEMMAKAART_TEST_DATABASE_URL`` names a server to use (CI starts one, see ``.ci/run``); without it
the tests start their own when the PostgreSQL binaries are on this machine (``initdb`` into a
temporary folder, a Unix socket in it, a free port; as the ``postgres`` user when running as root),
and stop it at the end. Without either, PostgreSQL tests skip, and fail when
``DILEMMAKAART_REQUIRE_POSTGRES`` (or ``DILEMMAKAART_NO_SKIPS``) is set.

Every test gets its own schema (``pg_url``): the app's address names it in ``search_path``, so the
app creates and migrates its tables there; the schema is dropped afterwards.
"""

from __future__ import annotations

import glob
import os
import secrets
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest

from tests.conftest import require_or_skip

TEST_URL_ENV = "DILEMMAKAART_TEST_DATABASE_URL"
REQUIRE_ENV = "DILEMMAKAART_REQUIRE_POSTGRES"


def binaries() -> Path | None:
    """The folder holding ``initdb`` and ``pg_ctl``, or None."""
    found = shutil.which("initdb")
    if found and shutil.which("pg_ctl"):
        return Path(found).parent
    for folder in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        if (Path(folder) / "initdb").exists():
            return Path(folder)
    return None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    """A PostgreSQL server in a temporary folder, for this test run only."""

    def __init__(self, bin_dir: Path):
        self.bin = bin_dir
        self.folder = Path(tempfile.mkdtemp(prefix="dk-pg-"))
        self.data = self.folder / "data"
        self.port = free_port()
        self.as_postgres = os.geteuid() == 0  # initdb refuses to run as root
        if self.as_postgres:
            shutil.chown(self.folder, "postgres")
            os.chmod(self.folder, 0o755)

    def _run(self, *args: str) -> None:
        command = [str(self.bin / args[0]), *args[1:]]
        if self.as_postgres:
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, check=True, capture_output=True, timeout=120)

    def start(self) -> str:
        self._run("initdb", "-D", str(self.data), "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-sync")
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200"
        self._run("pg_ctl", "-D", str(self.data), "-o", options, "-l", str(self.folder / "log"), "-w", "start")
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def stop(self) -> None:
        try:
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "stop")
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)


def bench_server() -> tuple[str, Server | None]:
    """For a benchmark (``bench/pg_*.py``): the address of a PostgreSQL server, ``TEST_URL_ENV``'s or
    a throw-away one started now (returned too: the caller stops it); without either, exits saying so."""
    given = os.environ.get(TEST_URL_ENV)
    if given:
        return given, None
    bin_dir = binaries()
    if bin_dir is None:
        raise SystemExit(f"no PostgreSQL: set {TEST_URL_ENV} or install postgresql")
    server = Server(bin_dir)
    return server.start(), server


def with_schema(url: str, schema: str) -> str:
    """``url`` with the search path set to ``schema`` (the app's tables go there)."""
    joiner = "&" if "?" in url else "?"
    return f"{url}{joiner}options={quote(f'-csearch_path={schema}')}"


@pytest.fixture(scope="session")
def pg_server() -> Iterator[str]:
    """The address of a PostgreSQL server for this test run."""
    given = os.environ.get(TEST_URL_ENV)
    if given:
        yield given
        return
    bin_dir = binaries()
    require_or_skip(
        bin_dir is not None,
        f"no PostgreSQL for the tests: set {TEST_URL_ENV} or install postgresql",
        REQUIRE_ENV,
    )
    assert bin_dir is not None
    server = Server(bin_dir)
    try:
        url = server.start()
    except (subprocess.CalledProcessError, OSError) as exc:
        server.stop()
        pytest.fail(f"could not start a throw-away PostgreSQL: {exc}")
    try:
        yield url
    finally:
        server.stop()


def new_schema(server: str) -> tuple[str, str]:
    """A fresh empty schema on ``server``: (its name, the app's address for it)."""
    import psycopg

    schema = f"t_{secrets.token_hex(6)}"
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    return schema, with_schema(server, schema)


def drop_schema(server: str, schema: str, url: str) -> None:
    import psycopg

    from dilemmakaart import pgstore

    pgstore.forget(url)
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f"DROP SCHEMA {schema} CASCADE")


@pytest.fixture
def pg_url(pg_server: str) -> Iterator[str]:
    """The app's database address for this test only (its own schema, dropped afterwards)."""
    schema, url = new_schema(pg_server)
    try:
        yield url
    finally:
        drop_schema(pg_server, schema, url)
