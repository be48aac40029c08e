"""Reading and writing YAML safely: size limit, one document, no aliases, a clear problem otherwise."""

from __future__ import annotations

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
        if len(raw) > COUNT_EVENTS_ABOVE and _too_many_events(text):
            return None, [Problem("", "too_many_nodes", {"limit": MAX_EVENTS})]
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


def _too_many_events(text: str) -> bool:
    for count, _ in enumerate(yaml.parse(text, Loader=SafeLoader)):
        if count > MAX_EVENTS:
            return True
    return False


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
