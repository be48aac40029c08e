"""Frameworks beside the code: every value framework the product knows, found by id.

The default framework is the code file (``DILEMMAKAART_CODE``, else ``data/code.yaml``). Beside it,
every ``*.yaml`` file in the framework folder (``data/frameworks/``, and the folder named by
``DILEMMAKAART_FRAMEWORKS`` when set) is a framework in the same format (docs/code-format.md).
An organisation adds its own by dropping a file there. A case names its framework in ``code`` and
is read and checked against that framework, whatever the default is.

``changes_since`` says what changed in a framework since the version a case was made with.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from dilemmakaart.code import DEFAULT_CODE_PATH, ValueCode, code_path, load_code
from dilemmakaart.problems import Problem, ProblemsError

if TYPE_CHECKING:
    from dilemmakaart.case import Case

FRAMEWORKS_DIR = DEFAULT_CODE_PATH.parent / "frameworks"


def framework_folders() -> list[Path]:
    folders = [FRAMEWORKS_DIR]
    extra = os.environ.get("DILEMMAKAART_FRAMEWORKS")
    if extra:
        folders.append(Path(extra))
    return folders


def framework_files() -> list[Path]:
    """The default code file first, the shipped code file, then every file in the folders, by name."""
    files = [code_path(), DEFAULT_CODE_PATH]
    for folder in framework_folders():
        if folder.is_dir():
            files.extend(sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file()))
    unique: list[Path] = []
    for path in files:
        if path.resolve() not in {p.resolve() for p in unique}:
            unique.append(path)
    return unique


@dataclass(frozen=True)
class Frameworks:
    """Every framework found: by id (the first file with an id wins), files that failed to load,
    and files whose id was already taken."""

    default_id: str
    by_id: dict[str, ValueCode]
    paths: dict[str, Path]
    broken: list[tuple[Path, list[Problem]]] = field(default_factory=list)
    shadowed: list[tuple[Path, str]] = field(default_factory=list)

    @property
    def default(self) -> ValueCode:
        return self.by_id[self.default_id]

    def get(self, framework_id: str) -> ValueCode | None:
        return self.by_id.get(framework_id)

    def ids(self) -> list[str]:
        """The default first, then the others in the order found."""
        return list(self.by_id)


def frameworks() -> Frameworks:
    """Every framework found now (re-read only when a file changed)."""
    files = framework_files()
    stamps = []
    for path in files:
        try:
            stat = path.stat()
            stamps.append((str(path), stat.st_mtime_ns, stat.st_size))
        except OSError:
            stamps.append((str(path), -1, -1))
    return _frameworks(tuple(stamps))


@lru_cache(maxsize=8)
def _frameworks(stamps: tuple[tuple[str, int, int], ...]) -> Frameworks:
    by_id: dict[str, ValueCode] = {}
    paths: dict[str, Path] = {}
    broken: list[tuple[Path, list[Problem]]] = []
    shadowed: list[tuple[Path, str]] = []
    default_id = ""
    for index, (name, mtime, _size) in enumerate(stamps):
        path = Path(name)
        if mtime < 0:
            if index == 0:
                raise FileNotFoundError(path)
            continue
        try:
            code = load_code(path)
        except ProblemsError as exc:
            if index == 0:
                raise
            broken.append((path, exc.problems))
            continue
        if index == 0:
            default_id = code.id
        if code.id in by_id:
            if path.resolve().parent in {f.resolve() for f in framework_folders()}:
                shadowed.append((path, code.id))  # a dropped-in file with an id already taken
            continue
        by_id[code.id] = code
        paths[code.id] = path
    return Frameworks(default_id, by_id, paths, broken, shadowed)


def find_framework(framework_id: str) -> ValueCode | None:
    """The framework with this id, or None (a framework file that fails to load is not found)."""
    try:
        return frameworks().get(framework_id)
    except (OSError, ProblemsError):
        return None


def framework_for(case_code: str, default: ValueCode) -> ValueCode:
    """The framework a case names (``case.code``), else ``default`` when it is not found."""
    if case_code == default.id:
        return default
    return find_framework(case_code) or default


def value_names(cases: Iterable[Case], default: ValueCode, lang: str) -> dict[str, str]:
    """The name of every value id these cases weigh (their values and both sides of their dilemmas),
    each through its case's own framework (``framework_for``), so a page that lists cases of several
    frameworks names every item as its framework does. An id no framework knows stays as written."""
    names: dict[str, str] = {}
    for case in cases:
        code = framework_for(case.code, default)
        for value_id in [v.value for v in case.values] + [x for d in case.dilemmas for x in (d.a, d.b)]:
            if value_id not in names or names[value_id] == value_id:
                names[value_id] = code.value_name(value_id, lang)
    return names


def any_value_name(value_id: str, default: ValueCode, lang: str) -> str:
    """A value id's name when no case is at hand (a filter's choices): the default framework's name,
    else the name in the first other framework that has the id, else the id as written."""
    if value_id in default.value_ids:
        return default.value_name(value_id, lang)
    try:
        found = frameworks().by_id.values()
    except (OSError, ProblemsError):
        return value_id
    return next((code.value_name(value_id, lang) for code in found if value_id in code.value_ids), value_id)


@dataclass(frozen=True)
class FrameworkChanges:
    """What changed in a framework since the version a case was made with."""

    framework: str
    since: str
    now: str
    added: list[str]  # value ids, as they exist now
    renamed: list[tuple[str, str]]  # (value id, the name in the case's version), in the case's language
    removed: list[str]  # value ids that are gone
    notes: list[str]
    known: bool  # False: the case's version is not in the framework's change log

    @property
    def any(self) -> bool:
        return bool(self.added or self.renamed or self.removed or self.notes or not self.known)


def changes_since(code: ValueCode, version: str | None, lang: str) -> FrameworkChanges | None:
    """None when nothing can have changed (no version recorded, or the same version)."""
    if not version or not code.version or version == code.version:
        return None
    versions = [c.version for c in code.changes]
    known = version in versions
    later = code.changes[versions.index(version) + 1 :] if known else list(code.changes)
    added: list[str] = []
    removed: list[str] = []
    renamed: dict[str, str] = {}
    notes: list[str] = []
    for change in later:
        for value_id in change.added:
            if value_id in removed:
                removed.remove(value_id)
            else:
                added.append(value_id)
        for value_id in change.removed:
            if value_id in added:
                added.remove(value_id)
            else:
                removed.append(value_id)
            renamed.pop(value_id, None)
        for item in change.renamed:
            if item.id not in added:
                renamed.setdefault(item.id, item.was(lang))
        if change.note is not None:
            notes.append(change.note(lang))
    renamed_now = [(i, was) for i, was in renamed.items() if i in code.value_ids and code.value(i).name(lang) != was]
    return FrameworkChanges(
        framework=code.id,
        since=version,
        now=code.version,
        added=[a for a in added if a in code.value_ids],
        renamed=renamed_now,
        removed=removed,
        notes=notes,
        known=known,
    )


def adopt_version(case: Case, code: ValueCode) -> None:
    """The user has seen what changed: the case now records the framework's current version."""
    case.code = code.id
    case.code_version = code.version


_KIND = re.compile(rb"^\s*format:\s*[\"']?dilemmakaart/(code|crosswalk)@", re.MULTILINE)


def file_kind(path: Path) -> str | None:
    """``code`` or ``crosswalk`` for a framework or crosswalk file (by its ``format`` line), else None."""
    try:
        with path.open("rb") as handle:
            head = handle.read(64 * 1024)
    except OSError:
        return None
    found = _KIND.search(head)
    return found.group(1).decode() if found else None


def check_file(path: Path, kind: str) -> list[Problem]:
    """Every problem of a framework file (checked like the code) or of a crosswalk file (checked
    against every framework found); an empty list when it is sound."""
    from dilemmakaart.code import parse_code
    from dilemmakaart.yamlio import parse_yaml

    data, problems = parse_yaml(path.read_bytes())
    if problems:
        return problems
    try:
        if kind == "code":
            code = parse_code(data)
            found = frameworks()
            taken = found.paths.get(code.id)
            if taken is not None and taken.resolve() != path.resolve():
                return [Problem("id", "fw_id_taken", {"id": code.id, "file": taken.name})]
        else:
            from dilemmakaart.crosswalk import parse_crosswalk

            parse_crosswalk(data, frameworks().by_id)
    except ProblemsError as exc:
        return exc.problems
    return []
