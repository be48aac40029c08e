"""CI really runs the PostgreSQL tests: `.ci/run` starts a throw-away server with `.ci/postgres`,
hands its address to the tests and requires them, and `make test` selects them."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import psycopg
import pytest

from tests.conftest import ROOT, require_or_skip
from tests.pg import binaries
from tests.test_ci import ci_commands


def test_ci_starts_postgres_and_requires_its_tests_before_make_test():
    commands = ci_commands()
    last = commands.index("make test")
    start = commands.index('DILEMMAKAART_TEST_DATABASE_URL="$(.ci/postgres)"')
    assert start < commands.index("make bench") < last  # the benchmarks use it as well
    assert "export DILEMMAKAART_TEST_DATABASE_URL" in commands[start:last]
    assert "export DILEMMAKAART_REQUIRE_POSTGRES=1" in commands[:last]
    assert any("need+=(postgresql)" in c for c in commands), "PostgreSQL is installed when missing"
    assert any("need+=(nginx-light)" in c for c in commands), "nginx (deploy/nginx.conf's test) too"


def test_make_test_does_not_deselect_the_postgres_tests():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    target = re.search(r"^test:.*\n((?:\t.*\n)+)", makefile, re.M)
    assert target and "-m pytest" in target.group(1)
    options = target.group(1).split("-m pytest", 1)[1]
    assert " -m " not in options and "postgres" not in options and " -k " not in options
    addopts = (ROOT / "pyproject.toml").read_text(encoding="utf-8").split("addopts", 1)[1].split("\n", 1)[0]
    assert "-m" not in addopts and "postgres" not in addopts


@pytest.mark.postgres
def test_the_ci_script_starts_a_server_the_app_can_migrate():
    from dilemmakaart import pgstore

    require_or_skip(binaries() is not None, "PostgreSQL is not installed", "DILEMMAKAART_REQUIRE_POSTGRES")
    url = subprocess.run(
        [str(ROOT / ".ci" / "postgres")], check=True, capture_output=True, text=True, timeout=120
    ).stdout.strip()
    assert url.startswith("postgresql://postgres@127.0.0.1:")
    with psycopg.connect(url, autocommit=True) as conn:
        folder = str(conn.execute("SELECT current_setting('data_directory')").fetchone()[0])
    try:
        db = pgstore.Database(url)
        assert db.migrate() == len(pgstore.MIGRATIONS)
        db.close()
    finally:
        bin_dir = binaries()
        assert bin_dir is not None
        stop = [str(bin_dir / "pg_ctl"), "-D", folder, "-m", "immediate", "stop"]
        if os.geteuid() == 0:
            stop = ["runuser", "-u", "postgres", "--", *stop]
        subprocess.run(stop, check=True, capture_output=True, timeout=60)
        shutil.rmtree(Path(folder).parent, ignore_errors=True)  # the temporary folder .ci/postgres made
