"""The dependencies are declared once and agree everywhere: requirements.txt (what `make` installs),
pyproject.toml's [project] dependencies and its `dev` extra; every third-party module the code
imports belongs to a declared package, and the installed versions are the pinned ones."""

from __future__ import annotations

import ast
import importlib.metadata
import re
import sys
import tomllib
from pathlib import Path

import pytest

from tests.conftest import ROOT

PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([A-Za-z0-9.+!-]+)$")


def requirement_lines(path: Path) -> list[str]:
    """The requirement lines of a requirements file, without comments and `-r` includes."""
    lines = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.split("#", 1)[0].strip()
        if line and not line.startswith("-r "):
            lines.append(line)
    return lines


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def pins(lines: list[str]) -> dict[str, str]:
    out = {}
    for line in lines:
        match = PIN.fullmatch(line)
        assert match, f"not an exact pin (name==version): {line!r}"
        name = canonical(match.group(1))
        assert name not in out, f"{name} is listed twice"
        out[name] = match.group(2)
    return out


PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
RUNTIME = pins(requirement_lines(ROOT / "requirements.txt"))
DEV = pins(requirement_lines(ROOT / "requirements-dev.txt"))


def test_pyproject_declares_exactly_the_runtime_pins():
    assert pins(PYPROJECT["project"]["dependencies"]) == RUNTIME


def test_dev_extra_is_exactly_requirements_dev():
    assert pins(PYPROJECT["project"]["optional-dependencies"]["dev"]) == DEV
    assert "-r requirements.txt" in (ROOT / "requirements-dev.txt").read_text(encoding="utf-8")
    assert not set(RUNTIME) & set(DEV), "a package is pinned in both files"


@pytest.mark.parametrize("name", sorted({**RUNTIME, **DEV}))
def test_installed_version_is_the_pinned_one(name):
    wanted = {**RUNTIME, **DEV}[name]
    assert importlib.metadata.version(name) == wanted, f"run `make` again: {name} is not {wanted}"


def imported_modules(folders: list[str]) -> dict[str, str]:
    """Top-level modules imported anywhere under ``folders`` (absolute imports), with one file each."""
    found: dict[str, str] = {}
    files = [path for folder in folders for path in sorted((ROOT / folder).rglob("*.py"))]
    files += [ROOT / name for name in folders if (ROOT / name).is_file()]
    for path in files:
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                found.setdefault(name.split(".")[0], str(path.relative_to(ROOT)))
    return found


OUR_OWN = {"dilemmakaart", "tests", "bench", "pages", "app"}


def undeclared(modules: dict[str, str], declared: set[str]) -> list[str]:
    distributions = importlib.metadata.packages_distributions()
    missing = []
    for module, where in sorted(modules.items()):
        if module in sys.stdlib_module_names or module in OUR_OWN:
            continue
        owners = {canonical(d) for d in distributions.get(module, [])}
        if not owners & declared:
            missing.append(f"{module} (imported in {where}, from {sorted(owners) or 'no installed package'})")
    return missing


def test_every_module_the_app_imports_is_a_declared_runtime_dependency():
    modules = imported_modules(["dilemmakaart", "pages", "app.py"])
    assert "streamlit" in modules and "yaml" in modules  # the scan sees real imports
    assert undeclared(modules, set(RUNTIME)) == []


def test_every_module_the_tests_and_benchmarks_import_is_declared():
    modules = imported_modules(["tests", "bench"])
    assert "pytest" in modules
    assert undeclared(modules, set(RUNTIME) | set(DEV)) == []


def test_the_scan_finds_an_undeclared_import():
    # the check above can fail: a module from a package that is not declared is reported
    assert undeclared({"yaml": "x.py"}, set()) == ["yaml (imported in x.py, from ['pyyaml'])"]
    assert undeclared({"os": "x.py", "dilemmakaart": "x.py"}, set()) == []


def test_readme_explains_every_declared_package():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme.split("## Dependencies", 1)[1].split("\n## ", 1)[0]
    explained = set()
    for line in table.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 2 and cells[1] and not set(cells[0]) <= set("-"):
            explained |= {canonical(name.strip()) for name in cells[0].split(",")}
    assert "streamlit" in explained
    assert sorted((set(RUNTIME) | set(DEV)) - explained) == [], "add a line to the README's dependency table"
