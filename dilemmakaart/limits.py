"""How long a text may be, read from the case model (``case.py`` is the one owner of the limits),
and what is wrong with a text that does not fit: the numbers for a clear message at the field.

Pure Python: the pages ask ``text_problem`` / ``lines_problem`` / ``items_problem`` and show the
answer; nothing here truncates or changes a text.
"""

from __future__ import annotations

import typing
from dataclasses import dataclass, field
from typing import Any

from annotated_types import MaxLen
from pydantic import BaseModel
from pydantic.fields import FieldInfo

NEAR = 0.9  # from this share of the limit on, a counter shows next to the field


def _max_len(metadata: list[Any]) -> int | None:
    return next((m.max_length for m in metadata if isinstance(m, MaxLen)), None)


def _annotated_max_len(annotation: Any) -> int | None:
    """The ``max_length`` inside ``Annotated[str, Field(max_length=..)]``, also within ``X | None``."""
    if typing.get_origin(annotation) is typing.Annotated:
        for extra in typing.get_args(annotation)[1:]:
            found = _max_len(extra.metadata) if isinstance(extra, FieldInfo) else _max_len([extra])
            if found is not None:
                return found
        return None
    for arg in typing.get_args(annotation):
        if typing.get_origin(arg) is not list:
            found = _annotated_max_len(arg)
            if found is not None:
                return found
    return None


def text_limit(model: type[BaseModel], name: str) -> int:
    """The most characters the text field ``name`` of ``model`` may hold (``Case``, ``"title"`` → 200)."""
    info = model.model_fields[name]
    if typing.get_origin(info.annotation) is list:
        raise ValueError(f"{model.__name__}.{name} is a list: use item_limit and count_limit")
    found = _max_len(info.metadata) or _annotated_max_len(info.annotation)
    if found is None:
        raise ValueError(f"{model.__name__}.{name} has no length limit")
    return found


def item_limit(model: type[BaseModel], name: str) -> int:
    """The most characters one item of the list field ``name`` may hold (``Dilemma.options`` → 1000)."""
    info = model.model_fields[name]
    args = typing.get_args(info.annotation)
    if typing.get_origin(info.annotation) is not list or not args:
        raise ValueError(f"{model.__name__}.{name} is not a list")
    found = _annotated_max_len(args[0])
    if found is None:
        raise ValueError(f"{model.__name__}.{name} has no item limit")
    return found


def count_limit(model: type[BaseModel], name: str) -> int | None:
    """The most items the list field ``name`` may hold, or None when the model sets no bound."""
    return _max_len(model.model_fields[name].metadata)


@dataclass(frozen=True)
class TooLong:
    """A text, a line or a list that does not fit: what the message at the field says.

    ``kind``: ``text`` (the whole text), ``line`` (line/item number ``n``, counted from 1) or
    ``count`` (too many items)."""

    kind: str
    limit: int
    length: int
    n: int = 0
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def over(self) -> int:
        return self.length - self.limit


def text_problem(text: str | None, limit: int) -> TooLong | None:
    length = len(text or "")
    return TooLong("text", limit, length) if length > limit else None


def items_problem(items: list[str], item_max: int, count_max: int | None) -> TooLong | None:
    """The first item over ``item_max`` characters, else too many items, else None."""
    for i, item in enumerate(items, start=1):
        if len(item) > item_max:
            return TooLong("line", item_max, len(item), n=i)
    if count_max is not None and len(items) > count_max:
        return TooLong("count", count_max, len(items))
    return None


def lines(text: str | None) -> list[str]:
    """The non-empty lines of a text, each without spaces around it (one option per line)."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def lines_problem(text: str | None, item_max: int, count_max: int | None) -> TooLong | None:
    return items_problem(lines(text), item_max, count_max)


def near(length: int, limit: int) -> bool:
    """Close enough to the limit for a counter to show."""
    return length >= NEAR * limit


def number(n: int, lang: str) -> str:
    """20000 → "20.000" in Dutch, "20,000" in English."""
    grouped = f"{n:,}"
    return grouped.replace(",", ".") if lang == "nl" else grouped
