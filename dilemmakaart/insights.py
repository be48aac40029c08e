"""What the library as a whole shows: counts of values at stake, frequent dilemmas, problems."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from dilemmakaart.case import Case
from dilemmakaart.code import ValueCode
from dilemmakaart.scales import balance_degree, balance_side, is_strengthened, is_under_pressure
from dilemmakaart.store import Listing


@dataclass
class LibrarySummary:
    readable: int
    unreadable: list[dict] = field(default_factory=list)  # {"file", "problems": [{"place", "message"}]}
    values: list[dict] = field(default_factory=list)  # {"value", "name", "cases", "under_pressure"}
    dilemmas: list[dict] = field(default_factory=list)  # {"a", "b", "cases", "mean_balance"}

    def to_dict(self) -> dict:
        return {
            "readable": self.readable,
            "unreadable": self.unreadable,
            "values": self.values,
            "dilemmas": self.dilemmas,
        }


def value_counts(cases: list[Case]) -> tuple[Counter, Counter]:
    """How many cases tag each value, and in how many it is under pressure."""
    at_stake: Counter = Counter()
    pressure: Counter = Counter()
    for case in cases:
        for v in case.values:
            at_stake[v.value] += 1
            if is_under_pressure(v.effect):
                pressure[v.value] += 1
    return at_stake, pressure


def dilemma_counts(cases: list[Case]) -> tuple[Counter, dict[tuple[str, str], list[int]]]:
    """How often each pair of values is a dilemma (order-free), with the balances seen.

    Balances are turned to the pair's sorted order, so a case that wrote ``b|a`` counts the same.
    """
    counts: Counter = Counter()
    balances: dict[tuple[str, str], list[int]] = {}
    for case in cases:
        for d in case.dilemmas:
            first, second = sorted((d.a, d.b))
            pair = (first, second)
            counts[pair] += 1
            balances.setdefault(pair, []).append(d.balance if (d.a, d.b) == pair else -d.balance)
    return counts, balances


def _in_frameworks(cases: list[Case], code: ValueCode) -> tuple[list[Case], dict[str, ValueCode]]:
    """Cases of another framework than ``code`` with their item ids written ``framework/item`` (two
    frameworks may use the same id for different things), and the frameworks by prefix."""
    from dilemmakaart.frameworks import find_framework

    named: dict[str, ValueCode] = {}
    out = []
    for case in cases:
        if case.code == code.id:
            out.append(case)
            continue
        other = find_framework(case.code)
        if other is not None:
            named[case.code] = other
        prefix = f"{case.code}/"
        copy = case.model_copy(deep=True)
        for v in copy.values:
            v.value = prefix + v.value
        for d in copy.dilemmas:
            d.a, d.b = prefix + d.a, prefix + d.b
        out.append(copy)
    return out, named


def _name(code: ValueCode, others: dict[str, ValueCode], value_id: str, lang: str) -> str:
    framework, _, item = value_id.partition("/")
    if item and framework in others:
        return f"{others[framework].value_name(item, lang)} ({others[framework].title(lang)})"
    return code.value_name(value_id, lang)


def library_summary(listing: Listing, code: ValueCode, lang: str = "nl", top: int = 10) -> LibrarySummary:
    cases, others = _in_frameworks(listing.cases, code)  # issue 16: items of other frameworks kept apart
    at_stake, pressure = value_counts(cases)
    counts, balances = dilemma_counts(cases)
    summary = LibrarySummary(readable=len(listing.cases))
    for item in listing.unreadable:
        summary.unreadable.append(
            {
                "file": item.name,
                "problems": [{"place": p.place, "message": p.message(lang)} for p in item.problems],
            }
        )
    for value_id, n in sorted(at_stake.items(), key=lambda kv: (-kv[1], kv[0])):
        summary.values.append(
            {
                "value": value_id,
                "name": _name(code, others, value_id, lang),
                "cases": n,
                "under_pressure": pressure[value_id],
            }
        )
    for (a, b), n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:top]:
        seen = balances[(a, b)]
        summary.dilemmas.append(
            {
                "a": a,
                "b": b,
                "cases": n,
                "mean_balance": round(sum(seen) / len(seen), 1),
            }
        )
    return summary


# ---------------------------------------------------------------- the insights page

BALANCE_BINS = ("a_clear", "a_slight", "equal", "b_slight", "b_clear")


def balance_bin(balance: int) -> str:
    """Which of five bins a balance (−100…+100) falls in; ``scales.BALANCE_CLEAR`` (34) and more is clear."""
    side = balance_side(balance)
    if side == "equal":
        return "equal"
    return f"{side}_{'slight' if balance_degree(balance) == 'slight' else 'clear'}"


@dataclass
class ValueStat:
    value: str
    cases: int = 0  # cases that tag the value
    under_pressure: int = 0  # scales.is_under_pressure
    strengthened: int = 0  # scales.is_strengthened
    weight_sum: int = 0
    effect_sum: int = 0

    @property
    def mean_weight(self) -> float | None:
        return round(self.weight_sum / self.cases, 1) if self.cases else None

    @property
    def mean_effect(self) -> float | None:
        return round(self.effect_sum / self.cases, 1) if self.cases else None


def value_stats(cases: list[Case], code: ValueCode) -> dict[str, ValueStat]:
    """One entry for every value of the code (also those never tagged), in the code's order."""
    stats = {v.id: ValueStat(v.id) for v in code.values}
    for case in cases:
        for v in case.values:
            s = stats.setdefault(v.value, ValueStat(v.value))
            s.cases += 1
            s.weight_sum += v.weight
            s.effect_sum += v.effect
            if is_under_pressure(v.effect):
                s.under_pressure += 1
            elif is_strengthened(v.effect):
                s.strengthened += 1
    return stats


@dataclass
class DilemmaStat:
    a: str  # the pair in sorted order; balances are turned to this order
    b: str
    balances: list[int]
    in_code: bool

    @property
    def cases(self) -> int:
        return len(self.balances)

    @property
    def bins(self) -> dict[str, int]:
        out = dict.fromkeys(BALANCE_BINS, 0)
        for balance in self.balances:
            out[balance_bin(balance)] += 1
        return out

    @property
    def median(self) -> float:
        ordered = sorted(self.balances)
        n = len(ordered)
        return float(ordered[n // 2]) if n % 2 else (ordered[n // 2 - 1] + ordered[n // 2]) / 2


def dilemma_stats(cases: list[Case], code: ValueCode) -> list[DilemmaStat]:
    """Every pair that is a dilemma in some case, most frequent first (ties by pair)."""
    counts, balances = dilemma_counts(cases)
    ordered = sorted(counts, key=lambda pair: (-counts[pair], pair))
    return [DilemmaStat(a, b, balances[(a, b)], code.tension(a, b) is not None) for a, b in ordered]


def actions_per_value(cases: list[Case], top: int = 3) -> dict[str, dict]:
    """Per value: how many actions safeguard it, by kind, and the texts chosen most often.

    Texts are compared after folding case and spaces; the first spelling seen is shown.
    """
    out: dict[str, dict] = {}
    for case in cases:
        for action in case.actions:
            key = " ".join(action.text.casefold().split())
            for value_id in dict.fromkeys(action.values):
                entry = out.setdefault(value_id, {"actions": 0, "kinds": Counter(), "texts": Counter(), "spelling": {}})
                entry["actions"] += 1
                entry["kinds"][action.kind or "-"] += 1
                entry["texts"][key] += 1
                entry["spelling"].setdefault(key, action.text)
    for entry in out.values():
        entry["top"] = [
            (entry["spelling"][k], n) for k, n in sorted(entry["texts"].items(), key=lambda kv: (-kv[1], kv[0]))[:top]
        ]
        del entry["spelling"], entry["texts"]
    return out


def rare_limit(n_cases: int) -> int:
    """A value counts as rarely tagged when at most this many cases tag it (5 %, at least 1)."""
    return max(1, round(0.05 * n_cases))


@dataclass
class CodeInPractice:
    """How the code fares in practice: what the library never uses, and what it adds."""

    cases: int
    never: list[str]  # value ids no case tags
    rare: list[tuple[str, int]]  # (value id, cases) tagged by at most ``rare_limit`` cases
    only_strengthened: list[tuple[str, int]]  # (value id, cases): tagged, and never with effect ≤ 0
    missing_tensions: list[tuple[str, str, int]]  # (a, b, cases): dilemmas not among the code's tensions
    unused_tensions: list[tuple[str, str]]  # tensions of the code no case has as a dilemma


def code_in_practice(cases: list[Case], code: ValueCode) -> CodeInPractice:
    stats = value_stats(cases, code)
    limit = rare_limit(len(cases))
    effects_positive = {vid: s.cases > 0 and s.strengthened == s.cases for vid, s in stats.items()}
    dilemmas = dilemma_stats(cases, code)
    seen_pairs = {frozenset((d.a, d.b)) for d in dilemmas}
    return CodeInPractice(
        cases=len(cases),
        never=[v.id for v in code.values if stats[v.id].cases == 0],
        rare=[(v.id, stats[v.id].cases) for v in code.values if 0 < stats[v.id].cases <= limit],
        only_strengthened=[(v.id, stats[v.id].cases) for v in code.values if effects_positive[v.id]],
        missing_tensions=[(d.a, d.b, d.cases) for d in dilemmas if not d.in_code],
        unused_tensions=[(tn.a, tn.b) for tn in code.tensions if frozenset((tn.a, tn.b)) not in seen_pairs],
    )


def by_organisation_type(cases: list[Case]) -> dict[str, list[Case]]:
    """Cases per organisation type (``"-"`` for cases without one), in the contract's order."""
    from dilemmakaart.case import ORGANISATION_TYPES

    groups: dict[str, list[Case]] = {}
    for case in cases:
        groups.setdefault(case.organisation_type or "-", []).append(case)
    order = {k: i for i, k in enumerate((*ORGANISATION_TYPES, "-"))}
    return dict(sorted(groups.items(), key=lambda kv: order.get(kv[0], 99)))


def practice_by_type(cases: list[Case], code: ValueCode) -> list[dict]:
    """One row per organisation type: cases, values never tagged there, missing tensions there."""
    rows = []
    for org_type, group in by_organisation_type(cases).items():
        practice = code_in_practice(group, code)
        rows.append(
            {
                "organisation_type": org_type,
                "cases": len(group),
                "never": len(practice.never),
                "only_strengthened": len(practice.only_strengthened),
                "missing_tensions": sum(n for _, _, n in practice.missing_tensions),
                "never_ids": practice.never,
            }
        )
    return rows


def headlines(cases: list[Case], code: ValueCode, lang: str = "nl") -> list[str]:
    """A few plain sentences that say what the library shows, before any chart."""
    from dilemmakaart.i18n import t

    if not cases:
        return [t("lib.insights.h_empty", lang)]
    name = lambda vid: code.value_name(vid, lang)  # noqa: E731
    stats = value_stats(cases, code)
    out = [t("lib.insights.h_cases", lang, n=len(cases))]
    tagged = sorted((s for s in stats.values() if s.cases), key=lambda s: (-s.cases, s.value))
    if tagged:
        top = tagged[0]
        out.append(t("lib.insights.h_top_value", lang, value=name(top.value), n=top.cases, total=len(cases)))
    pressured = sorted((s for s in stats.values() if s.under_pressure), key=lambda s: (-s.under_pressure, s.value))
    if pressured:
        top = pressured[0]
        out.append(t("lib.insights.h_pressure", lang, value=name(top.value), n=top.under_pressure))
    dilemmas = dilemma_stats(cases, code)
    if dilemmas:
        d = dilemmas[0]
        bins = d.bins
        a_wins, b_wins = bins["a_clear"] + bins["a_slight"], bins["b_clear"] + bins["b_slight"]
        out.append(
            t(
                "lib.insights.h_dilemma",
                lang,
                a=name(d.a),
                b=name(d.b),
                n=d.cases,
                a_wins=a_wins,
                b_wins=b_wins,
                equal=bins["equal"],
            )
        )
    practice = code_in_practice(cases, code)
    if practice.never:
        out.append(
            t("lib.insights.h_never", lang, n=len(practice.never), values=", ".join(name(v) for v in practice.never))
        )
    else:
        out.append(t("lib.insights.h_all_used", lang))
    if practice.missing_tensions:
        out.append(t("lib.insights.h_missing", lang, n=len(practice.missing_tensions)))
    return out


def by_framework(cases: list[Case]) -> dict[str, list[Case]]:
    """The cases per framework they are weighed in (``case.code``), the largest group first."""
    groups: dict[str, list[Case]] = {}
    for case in cases:
        groups.setdefault(case.code, []).append(case)
    return dict(sorted(groups.items(), key=lambda item: (-len(item[1]), item[0])))
