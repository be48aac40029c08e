"""Reference and group profiles (issue 14): how far two weighings are apart, and groups side by side.

A *weighing* is anything shaped as a session response: ``weights`` (value → 0–10), ``effects``
(value → −5…+5) and ``balances`` (``a|b`` → −100…+100). A participant's answer, a group's medians, a
profile in the case and the case's own numbers are all weighings.

**The distance** (one measure, the same everywhere, explained in words to the people who see it):

- per item that both weighings answered: the absolute difference (``|mine − theirs|``), in the
  points of its scale;
- per scale (weights, effects, balances): the mean of those differences, in points of that scale
  ("on average 1.5 points apart on the weights");
- overall: the mean of every item's difference as a share of its scale's span (10 for weights and
  effects, 200 for balances), so a balance of 20 points counts as much as a weight of 1 point. 0 %
  means the same answers, 100 % opposite ends of every scale.

Items that only one side answered are left out and counted (``only_one``), never guessed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

from dilemmakaart.aggregate import items_of, summarise
from dilemmakaart.case import Case, Profile, Response
from dilemmakaart.scales import BALANCE, EFFECT, WEIGHT

KINDS = ("weight", "effect", "balance")
SPANS = {WEIGHT.name: WEIGHT.span, EFFECT.name: EFFECT.span, BALANCE.name: BALANCE.span}
Weighing = dict[str, dict[str, float]]  # {"weights": {...}, "effects": {...}, "balances": {...}}


def weighing(source: Response | Profile | Case | Mapping[str, Mapping[str, float]]) -> Weighing:
    """Any weighing as ``{"weights": …, "effects": …, "balances": …}``: a response, a profile, the
    case's own numbers, or such a mapping (a group's medians)."""
    if isinstance(source, Case):
        return {
            "weights": {v.value: float(v.weight) for v in source.values},
            "effects": {v.value: float(v.effect) for v in source.values},
            "balances": {d.key: float(d.balance) for d in source.dilemmas},
        }
    if isinstance(source, (Response, Profile)):
        return {
            "weights": {k: float(v) for k, v in source.weights.items()},
            "effects": {k: float(v) for k, v in source.effects.items()},
            "balances": {k: float(v) for k, v in source.balances.items()},
        }
    return {
        name: {k: float(v) for k, v in (source.get(name) or {}).items()} for name in ("weights", "effects", "balances")
    }


def answer_of(w: Weighing, kind: str, target: str) -> float | None:
    return w.get(kind + "s", {}).get(target)


@dataclass(frozen=True)
class ItemDistance:
    kind: str  # weight, effect, balance
    target: str  # value id or "a|b"
    mine: float
    theirs: float

    @property
    def item(self) -> str:
        return f"{self.kind}:{self.target}"

    @property
    def difference(self) -> float:
        """``|mine − theirs|`` in points of the item's scale."""
        return abs(self.mine - self.theirs)

    @property
    def share(self) -> float:
        """The difference as a share of the scale's span (0…1)."""
        return self.difference / SPANS[self.kind]


@dataclass
class Distance:
    items: list[ItemDistance] = field(default_factory=list)
    only_one: int = 0  # items that only one of the two answered (left out)

    def per_scale(self) -> dict[str, float | None]:
        """The mean absolute difference per scale, in that scale's points; None when no item of it was compared."""
        out: dict[str, float | None] = {}
        for kind in KINDS:
            found = [i.difference for i in self.items if i.kind == kind]
            out[kind] = sum(found) / len(found) if found else None
        return out

    @property
    def overall(self) -> float | None:
        """The mean of every compared item's share of its span (0…1); None when nothing was compared."""
        return sum(i.share for i in self.items) / len(self.items) if self.items else None

    def item(self, kind: str, target: str) -> ItemDistance | None:
        return next((i for i in self.items if i.kind == kind and i.target == target), None)


def distance(mine: Weighing, theirs: Weighing, items: Iterable[tuple[str, str]] | None = None) -> Distance:
    """How far ``mine`` is from ``theirs``, item by item, per scale and overall (see the module).
    ``items``: (kind, target) pairs to compare, in order (``aggregate.items_of(case)``); by default
    every item either answered, weights first."""
    if items is None:
        items = [(kind, target) for kind in KINDS for target in sorted({*mine[kind + "s"], *theirs[kind + "s"]})]
    out = Distance()
    for kind, target in items:
        a, b = answer_of(mine, kind, target), answer_of(theirs, kind, target)
        if a is None and b is None:
            continue
        if a is None or b is None:
            out.only_one += 1
            continue
        out.items.append(ItemDistance(kind, target, a, b))
    return out


def group_medians(case: Case, responses: list[Response]) -> Weighing:
    """The group's answer: the median per item (not rounded), over the answers given."""
    summary = summarise(case, responses)
    out: Weighing = {"weights": {}, "effects": {}, "balances": {}}
    for stats in summary.items.values():
        if stats.median is not None:
            out[stats.kind + "s"][stats.target] = stats.median
    return out


def group_profile(
    case: Case,
    responses: list[Response],
    name: str,
    *,
    held: date,
    session_id: str | None = None,
    note: str = "",
) -> Profile:
    """A group profile from a round's answers: the medians rounded half away from zero (as the
    session's adoption does), how many people answered, the session it came from."""
    medians = summarise(case, responses).medians()
    return Profile(
        name=name.strip(),
        kind="group",
        date=held,
        note=note,
        session=session_id,
        participants=len(responses),
        weights=medians["weights"],
        effects=medians["effects"],
        balances=medians["balances"],
    )


def free_name(case: Case, wanted: str) -> str:
    """``wanted``, or ``wanted (2)``, ``(3)`` … when a profile of the case already has that name."""
    taken = {p.name for p in case.profiles}
    name, n = wanted.strip()[:95], 2
    candidate = name
    while candidate in taken:
        candidate = f"{name} ({n})"
        n += 1
    return candidate


@dataclass
class Comparison:
    """Profiles side by side per item of the case: ``columns`` (names), ``rows`` per item with each
    column's answer (None: not answered), and the largest difference between the columns."""

    columns: list[str]
    rows: list[tuple[str, str, list[float | None]]]  # (kind, target, answers per column)

    def spread_of(self, answers: list[float | None]) -> float | None:
        given = [a for a in answers if a is not None]
        return max(given) - min(given) if len(given) > 1 else None

    def largest(self, limit: int = 3) -> list[tuple[str, str, float]]:
        """The items where the columns are furthest apart (as a share of the span), largest first."""
        found = []
        for kind, target, answers in self.rows:
            gap = self.spread_of(answers)
            if gap is not None and gap > 0:
                found.append((kind, target, gap))
        found.sort(key=lambda x: (-x[2] / SPANS[x[0]], x[0], x[1]))
        return found[:limit]


def compare(case: Case, names: list[str], *, own: str | None = None) -> Comparison:
    """The named profiles of ``case`` (and, with ``own`` as its column title, the case's own
    weighing first) side by side per item, in the case's order. Unknown names are left out."""
    columns: list[str] = []
    weighings: list[Weighing] = []
    if own is not None:
        columns.append(own)
        weighings.append(weighing(case))
    for name in names:
        profile = case.profile(name)
        if profile is not None:
            columns.append(profile.name)
            weighings.append(weighing(profile))
    rows = [(kind, target, [answer_of(w, kind, target) for w in weighings]) for kind, target in items_of(case)]
    return Comparison(columns, rows)


def references(case: Case) -> list[Profile]:
    return [p for p in case.profiles if p.kind == "reference"]


def groups(case: Case) -> list[Profile]:
    return [p for p in case.profiles if p.kind == "group"]


# ---------------------------------------------------------------- in words


def decimal(n: float, lang: str, digits: int = 1) -> str:
    """1.5 → "1,5" in Dutch, "1.5" in English; whole numbers without decimals."""
    text = f"{n:.{digits}f}".rstrip("0").rstrip(".") if digits else f"{n:.0f}"
    text = text if text not in ("-0", "") else "0"
    return text.replace(".", ",") if lang == "nl" else text


def percent(share: float, lang: str) -> str:
    return f"{round(share * 100)} %" if lang == "nl" else f"{round(share * 100)}%"


def distance_summary(d: Distance, lang: str) -> str:
    """One sentence: the mean difference per scale and overall ("Gemiddeld 1,5 punt op de gewichten,
    … Samen 12 % van de schaal.")."""
    from dilemmakaart.i18n import t

    if d.overall is None:
        return t("teaching.distance.none", lang)
    parts = []
    for kind, mean in d.per_scale().items():
        if mean is not None:
            text = decimal(mean, lang)
            parts.append(t(f"teaching.distance.scale.{kind}", lang, points=text, n=1 if text == "1" else 2))
    from dilemmakaart.i18n import join_words

    return t("teaching.distance.sentence", lang, parts=join_words(parts, lang), share=percent(d.overall, lang))


def number(kind: str, n: float, lang: str) -> str:
    """A weight as 7 or 6,5; an effect or balance with its sign (+2, −1,5, 0)."""
    text = decimal(abs(n), lang)
    if kind == "weight" or n == 0:
        return text if n >= 0 else "−" + text
    return ("+" if n > 0 else "−") + text


@dataclass
class ComparisonText:
    """Profiles side by side, ready for a page or a report: the table and the sentences."""

    columns: list[str]  # "Onderdeel", then one per profile
    rows: list[list[str]]
    sentences: list[str]


def comparison_text(case: Case, names: list[str], code, lang: str, *, own: str | None = None) -> ComparisonText:
    """``compare`` in words: a row per item (its name, then each column's answer or "—"), how far
    every group is from every reference (the distance of this module), and the items where the
    columns are furthest apart."""
    from dilemmakaart.charts.session_charts import item_label
    from dilemmakaart.i18n import t

    table = compare(case, names, own=own)
    rows = [
        [item_label(f"{kind}:{target}", code, lang), *("—" if a is None else number(kind, a, lang) for a in answers)]
        for kind, target, answers in table.rows
        if any(a is not None for a in answers)
    ]
    chosen = [p for p in (case.profile(n) for n in names) if p is not None]
    sentences = []
    items = items_of(case)
    for group in [p for p in chosen if p.kind == "group"]:
        for ref in [p for p in chosen if p.kind == "reference"]:
            d = distance(weighing(group), weighing(ref), items)
            if d.overall is not None:
                sentences.append(
                    t("teaching.compare.group_to_ref", lang, group=group.name, reference=ref.name)
                    + " "
                    + distance_summary(d, lang)
                )
    groups_only = [p for p in chosen if p.kind == "group"]
    if len(groups_only) >= 2:
        a, b = groups_only[0], groups_only[1]
        d = distance(weighing(a), weighing(b), items)
        if d.overall is not None:
            sentences.append(
                t("teaching.compare.group_to_group", lang, a=a.name, b=b.name) + " " + distance_summary(d, lang)
            )
    for kind, target, _gap in table.largest(3):
        answers = next(ans for k, tg, ans in table.rows if k == kind and tg == target)
        given = [(col, a) for col, a in zip(table.columns, answers, strict=True) if a is not None]
        low, high = min(given, key=lambda x: x[1]), max(given, key=lambda x: x[1])
        sentences.append(
            t(
                "teaching.compare.furthest",
                lang,
                item=item_label(f"{kind}:{target}", code, lang),
                low=number(kind, low[1], lang),
                low_name=low[0],
                high=number(kind, high[1], lang),
                high_name=high[0],
            )
        )
    return ComparisonText([t("teaching.col.item", lang), *table.columns], rows, sentences)
