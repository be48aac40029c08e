"""The crosswalk between frameworks (``data/crosswalk.yaml``) and viewing a case through another
framework.

A link relates an item of one framework to an item of another: ``same``, ``broader`` (the first
covers the second and more), ``narrower`` or ``related``. A link holds both ways (the reverse of
``broader`` is ``narrower``); the loader refuses unknown frameworks and items, a link within one
framework, and two links on one pair that contradict each other.

``view_through`` shows a case in another framework: an item of the other framework gets the weight
and effect of the case's items it covers (``same``, or ``broader`` than them); an item that is only
narrower than or related to a weighed item is listed with those items but gets no weight (the
case's weight of a wider item says nothing sure about a part of it); items with no link to any
weighed item are untouched by the case.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from statistics import mean
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from dilemmakaart.case import Case, Dilemma, ValueAtStake, new_case
from dilemmakaart.code import DEFAULT_CODE_PATH, Text, ValueCode
from dilemmakaart.problems import Problem, ProblemsError, place

CROSSWALK_FORMAT = "dilemmakaart/crosswalk@1"
DEFAULT_CROSSWALK_PATH = DEFAULT_CODE_PATH.parent / "crosswalk.yaml"
Relation = Literal["same", "broader", "narrower", "related"]
RELATIONS: tuple[Relation, ...] = ("same", "broader", "narrower", "related")
INVERSE: dict[str, Relation] = {"same": "same", "broader": "narrower", "narrower": "broader", "related": "related"}
CARRIES = ("same", "broader")  # the viewed item's relation to a case item that carries its weight
Ref = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*/[a-z0-9][a-z0-9-]*$", max_length=140)]


class Link(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)
    a: Ref
    relation: Relation
    b: Ref
    note: Text | None = None


class CrosswalkFile(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)
    format: Literal["dilemmakaart/crosswalk@1"]
    note: Text
    links: list[Link] = []


def _split(ref: str) -> tuple[str, str]:
    framework, item = ref.split("/", 1)
    return framework, item


@dataclass(frozen=True)
class Crosswalk:
    note: Text | None
    links: list[Link]
    # (framework, item) -> [(other framework, other item, relation of the first to the second)]
    index: dict[tuple[str, str], list[tuple[str, str, Relation]]] = field(default_factory=dict)

    def related(self, framework: str, item: str, other: str) -> list[tuple[str, Relation]]:
        """The items of ``other`` linked to ``framework/item``, with the relation of ``item`` to each."""
        return [(oi, rel) for of, oi, rel in self.index.get((framework, item), []) if of == other]

    def relates(self, framework: str, other: str) -> bool:
        return any(of == other for (f, _), rows in self.index.items() if f == framework for of, _, _ in rows)

    def pairs(self, framework: str, other: str) -> list[tuple[str, str, Relation]]:
        """Every (item of ``framework``, item of ``other``, relation of the first to the second)."""
        return [
            (item, oi, rel)
            for (f, item), rows in self.index.items()
            if f == framework
            for of, oi, rel in rows
            if of == other
        ]


def crosswalk_path() -> Path:
    return Path(os.environ.get("DILEMMAKAART_CROSSWALK") or DEFAULT_CROSSWALK_PATH)


def parse_crosswalk(data: Any, known: dict[str, ValueCode]) -> Crosswalk:
    """Check a crosswalk against the frameworks found; every problem at once."""
    if not isinstance(data, dict):
        raise ProblemsError([Problem("", "root_not_mapping", {"got": type(data).__name__})])
    try:
        walk = CrosswalkFile.model_validate(data)
    except ValidationError as exc:
        found: list[Problem] = []
        for err in exc.errors(include_url=False):
            where = place(*err["loc"])
            if err["type"] == "missing":
                found.append(Problem(where, "missing", {"field": str(err["loc"][-1])}))
            elif err["type"] == "extra_forbidden":
                found.append(Problem(where, "unknown_key", {"key": str(err["loc"][-1])}))
            else:
                found.append(Problem(where, "invalid", {"reason": err["msg"]}))
        raise ProblemsError(found) from None
    problems: list[Problem] = []
    index: dict[tuple[str, str], list[tuple[str, str, Relation]]] = {}
    seen: dict[frozenset[tuple[str, str]], tuple[int, tuple[str, str], Relation]] = {}
    for i, link in enumerate(walk.links):
        fa, ia = _split(link.a)
        fb, ib = _split(link.b)
        bad = False
        for side, (fw, item) in (("a", (fa, ia)), ("b", (fb, ib))):
            if fw not in known:
                problems.append(Problem(place("links", i, side), "cw_unknown_framework", {"id": fw}))
                bad = True
            elif item not in known[fw].value_ids:
                problems.append(Problem(place("links", i, side), "cw_unknown_item", {"id": item, "framework": fw}))
                bad = True
        if fa == fb:
            problems.append(Problem(place("links", i), "cw_same_framework", {"id": fa}))
            bad = True
        if bad:
            continue
        pair = frozenset(((fa, ia), (fb, ib)))
        if pair in seen:
            first, first_a, first_rel = seen[pair]
            as_given = first_rel if first_a == (fa, ia) else INVERSE[first_rel]
            if as_given != link.relation:
                problems.append(
                    Problem(
                        place("links", i, "relation"),
                        "cw_contradiction",
                        {"a": link.a, "b": link.b, "relation": link.relation, "other": as_given, "first": first},
                    )
                )
            continue  # the same link written the other way round adds nothing
        seen[pair] = (i, (fa, ia), link.relation)
        index.setdefault((fa, ia), []).append((fb, ib, link.relation))
        index.setdefault((fb, ib), []).append((fa, ia, INVERSE[link.relation]))
    if problems:
        raise ProblemsError(problems)
    return Crosswalk(walk.note, list(walk.links), index)


def load_crosswalk(path: str | Path | None = None) -> Crosswalk:
    """The crosswalk checked against every framework found; an empty one when there is no file."""
    from dilemmakaart.frameworks import frameworks

    path = Path(path) if path is not None else crosswalk_path()
    if not path.exists():
        return Crosswalk(None, [], {})
    stat = path.stat()
    found = frameworks()
    stamp = tuple(sorted((i, id(c)) for i, c in found.by_id.items()))
    return _load(str(path), stat.st_mtime_ns, stat.st_size, stamp, found.by_id)


def usable_crosswalk() -> tuple[Crosswalk, list[Problem]]:
    """The crosswalk, or an empty one with the problems of a file that does not load (pages and
    reports go on without the links and say why)."""
    try:
        return load_crosswalk(), []
    except ProblemsError as exc:
        return Crosswalk(None, [], {}), exc.problems
    except OSError as exc:
        return Crosswalk(None, [], {}), [Problem("", "invalid", {"reason": str(exc)})]


_cache: dict[tuple, Crosswalk] = {}


def _load(path: str, mtime: int, size: int, stamp: tuple, known: dict[str, ValueCode]) -> Crosswalk:
    key = (path, mtime, size, stamp)
    if key in _cache:
        return _cache[key]
    from dilemmakaart.yamlio import parse_yaml

    data, problems = parse_yaml(Path(path).read_bytes())
    if problems:
        raise ProblemsError(problems, source=path)
    try:
        walk = parse_crosswalk(data, known)
    except ProblemsError as exc:
        exc.source = path
        raise
    if len(_cache) > 8:
        _cache.clear()
    _cache[key] = walk
    return walk


# ------------------------------------------------------------------ viewing a case through another framework


@dataclass(frozen=True)
class ViewedItem:
    """One item of the other framework, as the case touches it."""

    id: str
    status: Literal["carried", "related", "untouched"]
    weight: int | None = None
    effect: int | None = None
    carried_from: list[str] = field(default_factory=list)  # the case's items whose weight it carries
    related_to: list[tuple[str, Relation]] = field(default_factory=list)  # weighed items it only relates to


@dataclass(frozen=True)
class View:
    source: ValueCode
    target: ValueCode
    case: Case  # the case in the other framework: carried items and the dilemmas between them
    items: list[ViewedItem]
    unmapped: list[str]  # the case's weighed items with no link to the other framework

    def carried(self) -> list[ViewedItem]:
        return [i for i in self.items if i.status == "carried"]

    def related(self) -> list[ViewedItem]:
        return [i for i in self.items if i.status == "related"]

    def untouched(self) -> list[ViewedItem]:
        return [i for i in self.items if i.status == "untouched"]


def view_through(case: Case, source: ValueCode, target: ValueCode, walk: Crosswalk) -> View:
    """The case seen through ``target`` (the case itself is not changed)."""
    weighed = {v.value: v for v in case.values}
    items: list[ViewedItem] = []
    into: dict[str, str] = {}  # the case's item -> the viewed item that carries it (for dilemmas)
    linked: set[str] = set()
    for value in target.values:
        rows = [(s, rel) for s, rel in walk.related(target.id, value.id, source.id) if s in weighed]
        linked.update(s for s, _ in rows)
        carriers = [s for s, rel in rows if rel in CARRIES]
        if carriers:
            weight = max(weighed[s].weight for s in carriers)
            total = sum(weighed[s].weight for s in carriers)
            effects = [weighed[s].effect for s in carriers]
            effect = (
                round(sum(weighed[s].effect * weighed[s].weight for s in carriers) / total)
                if total
                else round(mean(effects))
            )
            items.append(
                ViewedItem(
                    value.id, "carried", weight, int(effect), carriers, [(s, r) for s, r in rows if r not in CARRIES]
                )
            )
            for s in carriers:
                into.setdefault(s, value.id)
        elif rows:
            items.append(ViewedItem(value.id, "related", related_to=rows))
        else:
            items.append(ViewedItem(value.id, "untouched"))
    viewed = new_case(
        case.id,
        case.title,
        description=case.description,
        code=target.id,
        code_version=target.version,
        values=[
            ValueAtStake(value=i.id, weight=i.weight or 0, effect=i.effect or 0) for i in items if i.status == "carried"
        ],
        dilemmas=_dilemmas(case, into),
    )
    unmapped = [v.value for v in case.values if v.value not in linked]
    return View(source, target, viewed, items, unmapped)


def _dilemmas(case: Case, into: dict[str, str]) -> list[Dilemma]:
    """A dilemma between two carried items goes along when they land on two different items; more
    dilemmas on one pair keep the mean balance (turned round when the pair is)."""
    balances: dict[tuple[str, str], list[int]] = {}
    for d in case.dilemmas:
        a, b = into.get(d.a), into.get(d.b)
        if a is None or b is None or a == b:
            continue
        if (b, a) in balances:
            balances[(b, a)].append(-d.balance)
        else:
            balances.setdefault((a, b), []).append(d.balance)
    return [Dilemma(a=a, b=b, balance=int(round(mean(v) / 5) * 5)) for (a, b), v in balances.items()]


def view_sentences(view: View, lang: str, *, each_related: bool = True) -> list[str]:
    """What the view shows, in words: how many items carry a weight, which only relate, which the
    case leaves untouched, and which of the case's own items have no link."""
    from dilemmakaart.i18n import t
    from dilemmakaart.wording import signed

    title = view.target.title(lang)
    src = view.source
    lines = [
        t(
            "cw.view.summary",
            lang,
            title=title,
            carried=len(view.carried()),
            related=len(view.related()),
            untouched=len(view.untouched()),
            total=len(view.items),
        )
    ]
    for item in view.carried():
        lines.append(
            t(
                "cw.view.carried",
                lang,
                name=view.target.value_name(item.id, lang),
                weight=item.weight,
                effect=signed(item.effect or 0),
                sources=", ".join(src.value_name(s, lang) for s in item.carried_from),
            )
        )
    if view.related() and not each_related:  # one line; the table beside it names the links
        names = ", ".join(view.target.value_name(i.id, lang) for i in view.related())
        lines.append(t("cw.view.related_list", lang, names=names))
    for item in view.related() if each_related else []:
        lines.append(
            t(
                "cw.view.related",
                lang,
                name=view.target.value_name(item.id, lang),
                sources=", ".join(src.value_name(s, lang) for s, _ in item.related_to),
            )
        )
    if view.untouched():
        lines.append(
            t("cw.view.untouched", lang, names=", ".join(view.target.value_name(i.id, lang) for i in view.untouched()))
        )
    if view.unmapped:
        lines.append(t("cw.view.unmapped", lang, names=", ".join(src.value_name(v, lang) for v in view.unmapped)))
    return lines


def view_rows(view: View, lang: str) -> list[dict[str, str]]:
    """One row per item of the other framework (a table for the page and the report)."""
    from dilemmakaart.i18n import t
    from dilemmakaart.wording import signed

    rows = []
    for item in view.items:
        links = [(s, r) for s in item.carried_from for r in ("carried",)] + list(item.related_to)
        rows.append(
            {
                t("cw.col.item", lang): view.target.value_name(item.id, lang),
                t("cw.col.status", lang): t(f"cw.status.{item.status}", lang),
                t("cw.col.weight", lang): "" if item.weight is None else str(item.weight),
                t("cw.col.effect", lang): "" if item.effect is None else signed(item.effect),
                t("cw.col.from", lang): ", ".join(
                    view.source.value_name(s, lang) + ("" if r == "carried" else f" ({t(f'cw.rel.{r}', lang)})")
                    for s, r in links
                ),
            }
        )
    return rows


def side_rows(walk: Crosswalk, left: ValueCode, right: ValueCode, lang: str) -> list[dict[str, str]]:
    """The two frameworks side by side: each item of ``left`` with the items of ``right`` it is
    the same as, broader than, narrower than or related to (in words)."""
    from dilemmakaart.i18n import t

    rows = []
    for value in left.values:
        by_relation: dict[str, list[str]] = {}
        for other, relation in walk.related(left.id, value.id, right.id):
            by_relation.setdefault(relation, []).append(right.value_name(other, lang))
        cells = {t(f"cw.side.{relation}", lang): ", ".join(by_relation.get(relation, [])) for relation in RELATIONS}
        rows.append({left.title(lang): value.name(lang), **cells})
    return rows
