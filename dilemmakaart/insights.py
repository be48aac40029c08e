"""What the library as a whole shows: counts of values at stake, frequent dilemmas, problems."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from dilemmakaart.case import Case
from dilemmakaart.code import ValueCode
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
    """How many cases tag each value, and in how many it is under pressure (effect < 0)."""
    at_stake: Counter = Counter()
    pressure: Counter = Counter()
    for case in cases:
        for v in case.values:
            at_stake[v.value] += 1
            if v.effect < 0:
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
            pair = tuple(sorted((d.a, d.b)))
            counts[pair] += 1
            balances.setdefault(pair, []).append(d.balance if (d.a, d.b) == pair else -d.balance)
    return counts, balances


def library_summary(listing: Listing, code: ValueCode, lang: str = "nl", top: int = 10) -> LibrarySummary:
    at_stake, pressure = value_counts(listing.cases)
    counts, balances = dilemma_counts(listing.cases)
    summary = LibrarySummary(readable=len(listing.cases))
    for item in listing.unreadable:
        summary.unreadable.append({
            "file": item.name,
            "problems": [{"place": p.place, "message": p.message(lang)} for p in item.problems],
        })
    for value_id, n in sorted(at_stake.items(), key=lambda kv: (-kv[1], kv[0])):
        summary.values.append({
            "value": value_id, "name": code.value_name(value_id, lang), "cases": n, "under_pressure": pressure[value_id],
        })
    for (a, b), n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:top]:
        seen = balances[(a, b)]
        summary.dilemmas.append({
            "a": a, "b": b, "cases": n, "mean_balance": round(sum(seen) / len(seen), 1),
        })
    return summary
