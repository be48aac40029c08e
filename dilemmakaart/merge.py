"""Three-way merge of a case, field by field: the version a person opened (base), their own
edit (mine) and the version a colleague saved in the meantime (theirs).

Works on case data as written to disk (``case_to_data``), so it knows no Streamlit and no model:

- a field changed on one side only takes that side's value, without asking;
- a field changed on both sides to different values is a ``Conflict``: the person chooses per
  conflict (``MINE`` or ``THEIRS``); without a choice, their own value is kept;
- values, dilemmas and actions are merged per item (a value by its value id, a dilemma by its
  pair of values, an action by its ``id`` when it has one, else by its position), and within an
  item per attribute; the decision per attribute; other lists (technology, stakeholders,
  sessions) as a whole;
- an item removed on one side and changed on the other is a conflict (keep it or remove it).

With no base (``None``: the version that was opened is not known any more), every difference is
a conflict.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import Any

MINE = "mine"
THEIRS = "theirs"


class _Missing:
    """The field or item does not exist on that side."""

    _instance: _Missing | None = None

    def __new__(cls) -> _Missing:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "MISSING"

    def __bool__(self) -> bool:
        return False


MISSING: Any = _Missing()

#: fields that say which version a file is, never merged
BOOKKEEPING = ("revision", "updated")


@dataclass(frozen=True)
class Conflict:
    """One field (or item) changed on both sides. ``path`` names it: ``("title",)``,
    ``("values", "privacy", "weight")``, ``("dilemmas", "privacy|veiligheid")`` (a whole item),
    ``("decision", "text")``. A side's value is ``MISSING`` when that side removed it."""

    path: tuple[str, ...]
    base: Any
    mine: Any
    theirs: Any

    @property
    def key(self) -> str:
        """A stable name for the choice (and a widget key)."""
        return "/".join(self.path)


@dataclass
class Merged:
    data: dict[str, Any]  # the merged case data (conflicts decided by ``choices``, else mine)
    conflicts: list[Conflict] = field(default_factory=list)
    taken: list[tuple[str, ...]] = field(default_factory=list)  # fields taken from theirs without asking

    @property
    def clean(self) -> bool:
        return not self.conflicts


def _value_key(item: Any, position: int) -> Hashable:
    return item.get("value") if isinstance(item, dict) else position


def _dilemma_key(item: Any, position: int) -> Hashable:
    if isinstance(item, dict) and "a" in item and "b" in item:
        return "|".join(sorted((str(item["a"]), str(item["b"]))))
    return position


def _action_key(item: Any, position: int) -> Hashable:
    if isinstance(item, dict) and item.get("id"):
        return f"id:{item['id']}"
    return f"#{position + 1}"


#: lists merged per item, with the function that names an item
KEYED_LISTS: dict[str, Callable[[Any, int], Hashable]] = {
    "values": _value_key,
    "dilemmas": _dilemma_key,
    "actions": _action_key,
}
#: attributes that make up an item's identity: when they differ, the item is one unit
WHOLE_ITEM_IF_DIFFERENT = {"dilemmas": ("a", "b")}
#: mappings merged per attribute
PER_ATTRIBUTE = ("decision",)


def merge(
    base: dict[str, Any] | None,
    mine: dict[str, Any],
    theirs: dict[str, Any],
    choices: dict[str, str] | None = None,
) -> Merged:
    """Merge ``mine`` and ``theirs`` against ``base``; ``choices`` maps a conflict's ``key`` to
    ``MINE`` or ``THEIRS``. The result carries theirs' bookkeeping (revision, updated), so saving
    it makes the next revision after theirs."""
    merger = _Merger(choices or {}, known_base=base is not None)
    base = base or {}
    out: dict[str, Any] = {}
    keys = _ordered_keys(theirs, mine, base)
    for key in keys:
        if key in BOOKKEEPING:
            continue
        b, m, t = base.get(key, MISSING), mine.get(key, MISSING), theirs.get(key, MISSING)
        if key in KEYED_LISTS:
            value = merger.keyed_list((key,), b, m, t, KEYED_LISTS[key], WHOLE_ITEM_IF_DIFFERENT.get(key, ()))
        elif key in PER_ATTRIBUTE:
            value = merger.mapping((key,), b, m, t)
        else:
            value = merger.leaf((key,), b, m, t)
        if value is not MISSING:
            out[key] = value
    for key in BOOKKEEPING:
        if key in theirs:
            out[key] = theirs[key]
    return Merged(_in_order(out, keys), merger.conflicts, merger.taken)


def _interleaved(primary: list[Any], secondary: list[Any]) -> list[Any]:
    """``primary``'s order, with each key only ``secondary`` has placed after the key it follows
    there (at the start when it follows none)."""
    out = list(primary)
    for index, key in enumerate(secondary):
        if key in out:
            continue
        before = next((k for k in reversed(secondary[:index]) if k in out), None)
        out.insert(out.index(before) + 1 if before is not None else 0, key)
    return out


def _ordered_keys(*sides: dict[Any, Any]) -> list[Any]:
    seen: dict[Any, None] = {}
    for side in sides:
        for key in side:
            seen.setdefault(key, None)
    return list(seen)


def _in_order(data: dict[str, Any], keys: list[str]) -> dict[str, Any]:
    return {k: data[k] for k in keys if k in data}


class _Merger:
    def __init__(self, choices: dict[str, str], known_base: bool):
        self.choices = choices
        self.known_base = known_base
        self.conflicts: list[Conflict] = []
        self.taken: list[tuple[str, ...]] = []

    def leaf(self, path: tuple[str, ...], base: Any, mine: Any, theirs: Any) -> Any:
        if mine == theirs:
            return mine
        if self.known_base and mine == base:
            self.taken.append(path)
            return theirs
        if self.known_base and theirs == base:
            return mine
        conflict = Conflict(path, base if self.known_base else MISSING, mine, theirs)
        self.conflicts.append(conflict)
        return theirs if self.choices.get(conflict.key) == THEIRS else mine

    def mapping(self, path: tuple[str, ...], base: Any, mine: Any, theirs: Any) -> Any:
        """Per attribute when both sides have a mapping; else as one value."""
        if not (isinstance(mine, dict) and isinstance(theirs, dict)):
            return self.leaf(path, base, mine, theirs)
        b = base if isinstance(base, dict) else {}
        out = {}
        for key in _ordered_keys(theirs, mine, b):
            value = self.leaf((*path, key), b.get(key, MISSING), mine.get(key, MISSING), theirs.get(key, MISSING))
            if value is not MISSING:
                out[key] = value
        return out

    def item(self, path: tuple[str, ...], base: Any, mine: Any, theirs: Any, identity: tuple[str, ...]) -> Any:
        """An item of a keyed list: per attribute when it exists on both sides (and, for a
        dilemma, points the same way on every side that has it); else as a whole."""
        if mine is MISSING or theirs is MISSING or not (isinstance(mine, dict) and isinstance(theirs, dict)):
            return self.leaf(path, base, mine, theirs)
        sides = [s for s in (base, mine, theirs) if isinstance(s, dict)]
        if identity and len({tuple(s.get(k) for k in identity) for s in sides}) > 1:
            return self.leaf(path, base, mine, theirs)
        return self.mapping(path, base, mine, theirs)

    def keyed_list(
        self,
        path: tuple[str, ...],
        base: Any,
        mine: Any,
        theirs: Any,
        key_of: Callable[[Any, int], Hashable],
        identity: tuple[str, ...],
    ) -> Any:
        if not (isinstance(mine, list) or mine is MISSING) or not (isinstance(theirs, list) or theirs is MISSING):
            return self.leaf(path, base, mine, theirs)
        b = _by_key(base if isinstance(base, list) else [], key_of)
        m = _by_key(mine if isinstance(mine, list) else [], key_of)
        t = _by_key(theirs if isinstance(theirs, list) else [], key_of)
        out = []
        # the order of the side that changed the list (mine unless theirs differs from the base),
        # then what only the other side added
        primary, secondary = (m, t) if list(t) == list(b) else (t, m)
        for key in _interleaved(list(primary), list(secondary)):
            value = self.item(
                (*path, str(key)), b.get(key, MISSING), m.get(key, MISSING), t.get(key, MISSING), identity
            )
            if value is not MISSING:
                out.append(value)
        if not out and mine is MISSING and theirs is MISSING:
            return MISSING
        return out


def _by_key(items: list[Any], key_of: Callable[[Any, int], Hashable]) -> dict[Hashable, Any]:
    out: dict[Hashable, Any] = {}
    for position, item in enumerate(items):
        key = key_of(item, position)
        while key in out:  # a duplicate key (an invalid file): keep both, by position
            key = (key, position)
        out[key] = item
    return out


def conflict_label_parts(conflict: Conflict) -> tuple[str, str | None, str | None]:
    """``(list or field, item key, attribute)`` of a conflict's path, for a page to name it."""
    path = conflict.path
    if path[0] in KEYED_LISTS:
        return path[0], path[1] if len(path) > 1 else None, path[2] if len(path) > 2 else None
    return path[0], None, path[1] if len(path) > 1 else None


def action_texts(*sides: dict[str, Any]) -> dict[str, str]:
    """The text of every action by the key the merge names it with (the first side wins), so a
    page can name an action by what it says, never by its id."""
    out: dict[str, str] = {}
    for side in sides:
        for position, item in enumerate(side.get("actions") or []):
            if isinstance(item, dict):
                out.setdefault(str(_action_key(item, position)), str(item.get("text", "")))
    return out
