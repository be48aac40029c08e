"""Shared fixtures. Tests that need ../shared/testdata or Chromium skip where those are absent,
unless DILEMMAKAART_REQUIRE_SHARED / DILEMMAKAART_REQUIRE_BROWSER is set (CI sets both)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
pytest_plugins = ["tests.pg", "tests.backends"]  # PostgreSQL fixtures; one test on both stores
SHARED_TESTDATA = ROOT.parent / "shared" / "testdata"
CHROMIUM = os.environ.get("DILEMMAKAART_CHROMIUM", "/usr/bin/chromium")


# ------------------------------------------------------------------ no skip passes in CI
# With DILEMMAKAART_NO_SKIPS set (.ci/run sets it) a run in which any test skipped fails, whatever
# the reason of the skip: a test that cannot run in CI is a test that does not guard anything.
# (A run that collects no test at all already fails: pytest exits with 5.)
_SKIPPED: list[str] = []


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.skipped and not hasattr(report, "wasxfail") and report.nodeid not in _SKIPPED:
        _SKIPPED.append(report.nodeid)


@pytest.hookimpl(trylast=True)
def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if os.environ.get("DILEMMAKAART_NO_SKIPS") and _SKIPPED and session.exitstatus == pytest.ExitCode.OK:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter, exitstatus: int, config: pytest.Config) -> None:
    if os.environ.get("DILEMMAKAART_NO_SKIPS") and _SKIPPED:
        terminalreporter.section("skipped tests fail this run (DILEMMAKAART_NO_SKIPS is set)", red=True)
        for nodeid in _SKIPPED:
            terminalreporter.line(f"SKIPPED (not allowed): {nodeid}", red=True)


def require_or_skip(condition: bool, reason: str, env: str) -> None:
    """Skip when ``condition`` is false, or fail when ``env`` says the thing is required."""
    if condition:
        return
    if os.environ.get(env):
        pytest.fail(f"{reason} ({env} is set, so this is required)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def shared_testdata() -> Path:
    require_or_skip(
        SHARED_TESTDATA.is_dir(),
        f"the shared test data is not next to this clone ({SHARED_TESTDATA})",
        "DILEMMAKAART_REQUIRE_SHARED",
    )
    return SHARED_TESTDATA


@pytest.fixture(scope="session")
def chromium_path() -> str:
    require_or_skip(
        Path(CHROMIUM).exists() or bool(shutil.which("chromium")),
        "Chromium is not installed (apt-get install chromium)",
        "DILEMMAKAART_REQUIRE_BROWSER",
    )
    found = CHROMIUM if Path(CHROMIUM).exists() else shutil.which("chromium")
    assert found is not None  # require_or_skip above has skipped or failed otherwise
    return found


@pytest.fixture(scope="session")
def code():
    from dilemmakaart.code import load_code

    return load_code(ROOT / "data" / "code.yaml")


@pytest.fixture
def library_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "cases"
    folder.mkdir()
    return folder


@pytest.fixture
def example_library(tmp_path: Path) -> Path:
    """A copy of the shipped example library, safe to change."""
    folder = tmp_path / "cases"
    shutil.copytree(ROOT / "cases", folder, ignore=shutil.ignore_patterns(".*"))
    return folder


def minimal_case(**fields) -> dict:
    data = {"format": "dilemmakaart/case@1", "id": "proef", "title": "Proef", "description": ""}
    data.update(fields)
    return data
