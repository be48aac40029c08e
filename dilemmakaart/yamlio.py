"""Reading and writing YAML safely: size limit, one document, no aliases, a clear problem otherwise.

The same limits hold for every file the app reads (cases, drafts, session files), and a writer can
check them before it writes (``limit_problems``), so nothing is written that cannot be read back.
Files are measured before they are read (``read_limited``): a huge file costs neither memory nor time."""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Any

import yaml

try:  # the C parser is several times faster; PyYAML's wheels ship it
    from yaml import CSafeDumper as SafeDumper
    from yaml import CSafeLoader as SafeLoader
except ImportError:  # pragma: no cover - depends on the platform
    # the same interface; PyYAML's stubs give the C and Python classes no common base class
    from yaml import SafeDumper, SafeLoader  # type: ignore[assignment]

from dilemmakaart.problems import Problem

MAX_BYTES = 1024 * 1024


class BadTimestamp(str):
    """A scalar that YAML 1.1 takes for a date but that is no real date (``2024-02-30``)."""


class _Loader(SafeLoader):
    """PyYAML's safe loader, except that an impossible date stays readable for a clear message."""

    def construct_yaml_timestamp(self, node):
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError:
            return BadTimestamp(node.value)


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _Loader.construct_yaml_timestamp)
MAX_DEPTH = 64
# A real case, even with two rounds of forty participants, has some twelve thousand YAML nodes. Building
# PyYAML's objects costs about 5 µs a node, so a 1 MiB file of tiny nodes would take seconds:
# large files are first counted with the fast event parser and refused past this many nodes.
MAX_EVENTS = 50_000
COUNT_EVENTS_ABOVE = 64 * 1024


def read_limited(path: str | Path, limit: int = MAX_BYTES) -> bytes:
    """The bytes of ``path``, read only when it is a regular file of at most ``limit`` bytes.

    The size is checked (``fstat``) before anything is read, and at most ``limit + 1`` bytes are
    read, so a huge or sparse file costs nothing. Raises ``FileTooLarge`` or ``NotAFile`` (both
    ``OSError``s with a clear ``problem``), or the ``OSError`` of opening the file.
    """
    # O_NONBLOCK: opening a named pipe must not wait for a writer
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise NotAFile(Problem("", "not_a_file", {}))
        if info.st_size > limit:
            raise FileTooLarge(Problem("", "file_too_large", {"size": info.st_size, "limit": limit}))
        chunks = []
        left = limit + 1
        while left > 0:
            chunk = os.read(fd, min(left, 1024 * 1024))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


class LimitError(OSError):
    """A file that is not read at all: ``problem`` says why."""

    def __init__(self, problem: Problem):
        self.problem = problem
        super().__init__(f"{problem.key}: {problem.params}")


class FileTooLarge(LimitError):
    pass


class NotAFile(LimitError):
    pass


def read_yaml_file(path: str | Path) -> tuple[Any, list[Problem]]:
    """Read and parse a YAML file within the limits; the problem when it is too large or no file.

    Raises the ``OSError`` of opening or reading it (missing, no permission)."""
    try:
        raw = read_limited(path)
    except LimitError as exc:
        return None, [exc.problem]
    return parse_yaml(raw)


def limit_problems(text: str) -> list[Problem]:
    """What ``parse_yaml`` would refuse in ``text`` because of a limit (size, nodes, aliases, depth).

    For writers: a file that passes this reads back. Empty when the text is within every limit."""
    return parse_yaml(text.encode("utf-8"))[1]


def count_nodes(text: str) -> int:
    """How many YAML events (the "nodes" of ``MAX_EVENTS``) ``text`` holds, aliases not expanded."""
    return sum(1 for _ in yaml.parse(text, Loader=SafeLoader))


def parse_yaml(raw: bytes) -> tuple[Any, list[Problem]]:
    """Parse the bytes of a YAML file. Returns the data, or ``None`` with the problem."""
    if len(raw) > MAX_BYTES:
        return None, [Problem("", "file_too_large", {"size": len(raw), "limit": MAX_BYTES})]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return None, [Problem("", "not_utf8", {"position": exc.start})]
    if "\x00" in text:
        return None, [Problem("", "not_utf8", {"position": text.index("\x00")})]
    try:
        # An alias needs a "*": only then, or for a large file, are the events counted first.
        if len(raw) > COUNT_EVENTS_ABOVE or "*" in text:
            problem = _event_problem(text)
            if problem is not None:
                return None, [problem]
        data = yaml.load(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 0
        reason = exc.problem or exc.context or "?"
        if "another document" in reason:
            return None, [Problem("", "several_documents", {"line": line})]
        return None, [Problem("", "yaml_syntax", {"line": line, "reason": reason})]
    except yaml.YAMLError as exc:
        return None, [Problem("", "yaml_syntax", {"line": 0, "reason": str(exc).splitlines()[0]})]
    except (RecursionError, MemoryError):
        return None, [Problem("", "too_deep", {"limit": MAX_DEPTH})]
    except (ValueError, TypeError, OverflowError) as exc:  # e.g. an impossible date such as 2024-02-30
        return None, [Problem("", "yaml_value", {"reason": str(exc)})]
    shape = _shape_problem(data)
    return (None, [shape]) if shape else (data, [])


def _event_problem(text: str) -> Problem | None:
    """Too many nodes, or an alias: both are found with the fast event parser before anything is built.

    Any alias is refused (also one to a text): repeating one long text 19,000 times makes a 58 KB file
    load as 19 MB. Without aliases the loaded document is no larger than the file."""
    for count, event in enumerate(yaml.parse(text, Loader=SafeLoader)):
        if count > MAX_EVENTS:
            return Problem("", "too_many_nodes", {"limit": MAX_EVENTS})
        if isinstance(event, yaml.AliasEvent):
            return Problem("", "yaml_alias", {})
    return None


def _shape_problem(data: Any) -> Problem | None:
    """Aliases (one node used twice) and very deep nesting are refused: they hide blow-ups."""
    # Only containers are walked (scalars cannot be aliased in a way that matters), and mapping keys
    # are skipped: a safe loader cannot build a list or mapping as a key (unhashable).
    if not isinstance(data, (dict, list)):
        return None
    seen: set[int] = {id(data)}
    stack: list[tuple[Any, int]] = [(data, 0)]
    push = stack.append
    while stack:
        node, depth = stack.pop()
        if depth > MAX_DEPTH:
            return Problem("", "too_deep", {"limit": MAX_DEPTH})
        for child in node.values() if isinstance(node, dict) else node:
            if isinstance(child, (dict, list)):
                if id(child) in seen:
                    return Problem("", "yaml_alias", {})
                seen.add(id(child))
                push((child, depth + 1))
    return None


class _NoAliasDumper(SafeDumper):
    def ignore_aliases(self, data: Any) -> bool:  # never write anchors, even for shared objects
        return True


def dump_yaml(data: Any) -> str:
    return yaml.dump(
        data,
        Dumper=_NoAliasDumper,
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=False,
        width=100,
    )
