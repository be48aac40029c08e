"""CI cannot pass by accident: `.ci/run` runs exactly the README's test command with every
requirement switched on, a skipped test fails the run there, and a run without tests fails."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

CI_RUN = ROOT / ".ci" / "run"


def ci_commands() -> list[str]:
    """The commands of .ci/run, one per line, without comments and blank lines."""
    lines = []
    for raw in CI_RUN.read_text(encoding="utf-8").splitlines():
        line = raw.split("#", 1)[0].strip()
        if line:
            lines.append(line)
    return lines


def readme_test_command() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("## Two commands", 1)[1].split("```bash", 1)[1].split("```", 1)[0]
    commands = [line.split("#", 1)[0].strip() for line in block.splitlines()]
    tests = [c for c in commands if "test" in c]
    assert len(tests) == 1, tests
    return tests[0]


def test_ci_runs_the_readme_test_command_last_and_stops_on_any_failure():
    commands = ci_commands()
    assert os.access(CI_RUN, os.X_OK)
    assert "set -euo pipefail" in commands
    assert commands[-1] == readme_test_command() == "make test"
    # nothing may swallow the exit code of the tests or the benchmarks
    assert not any(re.search(r"\bset \+e\b|\btrap\b", c) for c in commands), commands
    assert [c for c in commands if c.startswith("make ")] == ["make bench", "make test"]


def test_ci_requires_browser_shared_data_and_no_skips():
    commands = ci_commands()
    last = len(commands) - 1
    for name in ("DILEMMAKAART_REQUIRE_BROWSER", "DILEMMAKAART_REQUIRE_SHARED", "DILEMMAKAART_NO_SKIPS"):
        assert f"export {name}=1" in commands[:last], name


def test_make_test_lints_first():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    target = re.search(r"^test:(.*)\n((?:\t.*\n)+)", makefile, re.M)
    assert target, "no test target"
    prerequisites = target.group(1).split()
    assert "lint" in prerequisites, "make test does not run make lint first"
    lint = re.search(r"^lint:.*\n((?:\t.*\n)+)", makefile, re.M)
    assert lint
    recipe = lint.group(1)
    for command in ("ruff check .", "ruff format --check .", "mypy"):
        assert command in recipe, command


# ------------------------------------------------------------------ the skip guard in conftest.py


def run_pytest(tmp_path: Path, test_source: str, no_skips: bool) -> subprocess.CompletedProcess:
    """Run pytest on one file in ``tmp_path`` with this suite's skip guard (tests/conftest.py)."""
    (tmp_path / "conftest.py").write_text(
        "from tests.conftest import pytest_runtest_logreport, pytest_sessionfinish, pytest_terminal_summary"
        "  # noqa: F401\n",
        encoding="utf-8",
    )
    (tmp_path / "pytest.ini").write_text("[pytest]\n", encoding="utf-8")
    (tmp_path / "test_sample.py").write_text(test_source, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "DILEMMAKAART_NO_SKIPS"}
    env["PYTHONPATH"] = str(ROOT)
    if no_skips:
        env["DILEMMAKAART_NO_SKIPS"] = "1"
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:randomly", "test_sample.py"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


SKIPPING = "import pytest\n\ndef test_runs():\n    pass\n\ndef test_skips():\n    pytest.skip('not here')\n"


def test_a_skipped_test_fails_the_run_when_skips_are_not_allowed(tmp_path):
    result = run_pytest(tmp_path, SKIPPING, no_skips=True)
    assert result.returncode == pytest.ExitCode.TESTS_FAILED, result.stdout
    assert "SKIPPED (not allowed): test_sample.py::test_skips" in result.stdout


def test_a_skipped_test_is_only_a_skip_elsewhere(tmp_path):
    result = run_pytest(tmp_path, SKIPPING, no_skips=False)
    assert result.returncode == pytest.ExitCode.OK, result.stdout


def test_a_run_without_skips_passes_and_a_run_without_tests_fails(tmp_path):
    passing = run_pytest(tmp_path, "def test_runs():\n    pass\n", no_skips=True)
    assert passing.returncode == pytest.ExitCode.OK, passing.stdout
    empty = run_pytest(tmp_path, "# no tests\n", no_skips=True)
    assert empty.returncode == pytest.ExitCode.NO_TESTS_COLLECTED != 0, empty.stdout
