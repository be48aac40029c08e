"""Finding cases in the library: text search, filters and sorting. Pure functions, no Streamlit.

Text search looks in the title, the description and the organisation. Every word of the query
must occur (in any of the three), ignoring case and accents: ``sensor`` finds "Sensoren",
``privé`` finds "prive". Filters combine with AND; within one filter (for example two
organisation types) any of the chosen options is enough.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

from dilemmakaart.case import Case
from dilemmakaart.code import ValueCode
from dilemmakaart.frameworks import framework_for

SORT_KEYS = ("updated", "title", "organisation", "status", "phase", "values")
PAGE_SIZE = 50  # cases on one screen of the library


def default_descending(key: str) -> bool:
    """The direction a sort takes when none is asked for: newest first, everything else A to Z."""
    return key == "updated"


@dataclass(frozen=True)
class Page:
    """One screen of a listing: how many cases match in all, and the ids of this screen in order.
    Both stores give it (``CaseLibrary.page`` in memory, ``PgCaseLibrary.page`` in SQL) by the rules
    of this module: what ``matches`` finds, in the order of ``sort_cases``."""

    total: int
    ids: list[str]


@dataclass(frozen=True)
class Filters:
    text: str = ""
    organisation_types: tuple[str, ...] = ()
    technologies: tuple[str, ...] = ()
    values: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    phases: tuple[str, ...] = ()
    date_from: date | None = None
    date_to: date | None = None

    def active(self) -> bool:
        return any(
            (
                self.text.strip(),
                self.organisation_types,
                self.technologies,
                self.values,
                self.statuses,
                self.phases,
                self.date_from,
                self.date_to,
            )
        )


# Every combining mark of the Basic Multilingual Plane (accents and the like), as one character class.
_COMBINING = re.compile("[" + "".join(re.escape(chr(c)) for c in range(0x10000) if unicodedata.combining(chr(c))) + "]")


def fold(text: str) -> str:
    """Lower case without accents, for matching: ``"Privé Ëindhoven"`` → ``"prive eindhoven"``."""
    text = text.casefold()
    if text.isascii():  # most text: nothing to take off, and no per-character work
        return text
    return _COMBINING.sub("", unicodedata.normalize("NFKD", text))


# Folded search text per case object. Cases from ``CaseLibrary.list`` are shared, immutable cached
# objects, so the folded text is cached on the object's identity; the entry also keeps the very
# string objects it was made from, so an edited copy (a new title string) is folded again.
_folded: dict[int, tuple[Case, str, str, str | None, str]] = {}


def search_text(case: Case) -> str:
    hit = _folded.get(id(case))
    if (
        hit is not None
        and hit[0] is case
        and hit[1] is case.title
        and hit[2] is case.description
        and hit[3] is case.organisation
    ):
        return hit[4]
    text = fold("\n".join((case.title, case.description, case.organisation or "")))
    if len(_folded) > 60_000:
        _folded.clear()
    _folded[id(case)] = (case, case.title, case.description, case.organisation, text)
    return text


def case_date(case: Case) -> date | None:
    """The date the case was last changed (``updated``, else ``created``), as a date."""
    when = case.updated or case.created
    if isinstance(when, datetime):
        return when.date()
    return when


def matches(case: Case, filters: Filters) -> bool:
    if filters.organisation_types and case.organisation_type not in filters.organisation_types:
        return False
    if filters.statuses and case.status not in filters.statuses:
        return False
    if filters.phases and case.phase not in filters.phases:
        return False
    if filters.technologies and not set(filters.technologies) & set(case.technology):
        return False
    if filters.values and not set(filters.values) & {v.value for v in case.values}:
        return False
    if filters.date_from or filters.date_to:
        when = case_date(case)
        if when is None:
            return False
        if filters.date_from and when < filters.date_from:
            return False
        if filters.date_to and when > filters.date_to:
            return False
    words = fold(filters.text).split()
    if words:
        haystack = search_text(case)
        if not all(word in haystack for word in words):
            return False
    return True


def filter_cases(cases: Iterable[Case], filters: Filters) -> list[Case]:
    return [case for case in cases if matches(case, filters)]


def page_of(
    cases: Iterable[Case],
    filters: Filters | None = None,
    *,
    sort: str = "updated",
    descending: bool | None = None,
    offset: int = 0,
    limit: int = PAGE_SIZE,
) -> Page:
    """One screen of ``cases`` in memory: the file store's ``page``."""
    found = sort_cases(
        filter_cases(cases, filters or Filters()), sort, default_descending(sort) if descending is None else descending
    )
    return Page(len(found), [c.id for c in found[max(offset, 0) : max(offset, 0) + max(limit, 0)]])


def sort_cases(cases: Iterable[Case], key: str = "updated", descending: bool = False) -> list[Case]:
    """Sorted by ``key`` (one of ``SORT_KEYS``); ties by id; cases without the field go last either way."""
    if key not in SORT_KEYS:
        raise ValueError(f"unknown sort key {key!r}")

    def value(case: Case):
        if key == "updated":
            return case_date(case)
        if key == "title":
            return fold(case.title)
        if key == "organisation":
            return fold(case.organisation) if case.organisation else None
        if key == "values":
            return len(case.values)
        return getattr(case, key)

    items = list(cases)
    present = [c for c in items if value(c) is not None]
    missing = [c for c in items if value(c) is None]
    present.sort(key=lambda c: c.id)
    present.sort(key=value, reverse=descending)  # stable: ties stay in id order both ways
    return present + sorted(missing, key=lambda c: c.id)


def options(cases: Iterable[Case]) -> dict[str, list[str]]:
    """The technologies and value ids that occur in ``cases`` (for filter choices), sorted."""
    tech: set[str] = set()
    values: set[str] = set()
    for case in cases:
        tech.update(case.technology)
        values.update(v.value for v in case.values)
    return {"technologies": sorted(tech), "values": sorted(values)}


@dataclass
class Row:
    """One line of the library table (plain data; the page translates the headers)."""

    id: str
    title: str
    organisation: str
    organisation_type: str | None
    technology: str
    values: str
    n_values: int
    status: str
    phase: str | None
    updated: date | None
    revision: int
    extra: dict = field(default_factory=dict)


def rows(cases: Iterable[Case], code: ValueCode, lang: str, top_values: int = 3) -> list[Row]:
    """Table rows: the values shown are the heaviest ``top_values`` ones, by weight."""
    out = []
    for case in cases:
        own = framework_for(case.code, code)  # a case's values are named by its own framework
        heaviest = sorted(case.values, key=lambda v: (-v.weight, v.value))[:top_values]
        out.append(
            Row(
                id=case.id,
                title=case.title,
                organisation=case.organisation or "",
                organisation_type=case.organisation_type,
                technology=", ".join(_technology_name(own, x, lang) for x in case.technology),
                values=", ".join(own.value_name(v.value, lang) for v in heaviest),
                n_values=len(case.values),
                status=case.status,
                phase=case.phase,
                updated=case_date(case),
                revision=case.revision,
            )
        )
    return out


def _technology_name(code: ValueCode, tech_id: str, lang: str) -> str:
    """A technology by its name in the code; an id the code does not know stays as written."""
    tech = code.technology(tech_id)
    return tech.name(lang) if tech else tech_id
