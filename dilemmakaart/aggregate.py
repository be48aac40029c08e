"""What a group's answers say: medians, spread, two camps, movement between rounds, roles.

Pure Python over the contract's ``Response`` objects, testable by hand. An *item* is one thing
people judged: ``weight:<value>``, ``effect:<value>`` or ``balance:<a>|<b>``.

Definitions (the numbers are chosen so that they mean the same on every scale):

- **Scale span**: weights 0–10 → 10; effects −5…+5 → 10; balances −100…+100 → 200.
- **Median**: the usual median (mean of the two middle answers for an even count).
- **Spread**: the population standard deviation divided by the scale span (0 = everyone the same;
  0.5 = half at each end). Shown as a share so weights and balances compare.
- **Two camps** (split): sort the answers; take the largest gap between two neighbours. The group is
  split when that gap is at least ``SPLIT_GAP`` (30 %) of the span *and* at least
  ``max(2, ceil(25 % of n))`` people are on each side of it. A group spread evenly over the scale has
  no big gap and is *spread out*, not split. Needs at least four answers.
- **Agree**: at least three answers, not split, and spread ≤ ``AGREE_SPREAD`` (0.10: for weights a
  standard deviation of at most one point).
- **Differ**: split, or spread ≥ ``DIFFER_SPREAD`` (0.20).
- **Movement**: over the people who answered an item in *both* rounds (matched by their participant
  token, never by name), that item's median and spread in the later round minus the earlier one, the
  mean absolute change and how many changed; ``people`` says how many they are. Someone who skipped
  a round does not make a median "move".
"""

from __future__ import annotations

import math
import statistics
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

from dilemmakaart.case import Case, Response, RoundSummary, Session, parse_tally
from dilemmakaart.scales import BALANCE, EFFECT, WEIGHT, round_half_away

SPANS = {s.name: s.span for s in (WEIGHT, EFFECT, BALANCE)}
SPLIT_GAP = 0.30
SPLIT_MIN_SHARE = 0.25
AGREE_SPREAD = 0.10
DIFFER_SPREAD = 0.20
MIN_FOR_SPLIT = 4
MIN_FOR_AGREE = 3


@dataclass(frozen=True)
class Split:
    gap_low: float  # the highest answer of the lower camp
    gap_high: float  # the lowest answer of the upper camp
    low_count: int
    high_count: int


@dataclass(frozen=True)
class ItemStats:
    item: str  # "weight:privacy", "effect:privacy", "balance:privacy|veiligheid"
    kind: str  # weight, effect, balance
    target: str  # the value id or the pair "a|b"
    answers: tuple[float, ...]
    median: float | None
    spread: float | None
    split: Split | None

    @property
    def n(self) -> int:
        return len(self.answers)

    @property
    def agree(self) -> bool:
        return (
            self.n >= MIN_FOR_AGREE and self.split is None and self.spread is not None and self.spread <= AGREE_SPREAD
        )

    @property
    def differ(self) -> bool:
        return self.split is not None or (self.spread is not None and self.spread >= DIFFER_SPREAD)


@dataclass(frozen=True)
class Movement:
    item: str
    kind: str
    target: str
    median_before: float | None
    median_after: float | None
    spread_before: float | None
    spread_after: float | None
    mean_shift: float | None  # mean absolute change of the people who answered in both rounds
    movers: int  # how many of them changed their answer
    people: int | None = None  # how many answered this item in both rounds (None: not known)

    @property
    def median_change(self) -> float | None:
        if self.median_before is None or self.median_after is None:
            return None
        return self.median_after - self.median_before

    @property
    def spread_change(self) -> float | None:
        if self.spread_before is None or self.spread_after is None:
            return None
        return self.spread_after - self.spread_before


@dataclass
class GroupSummary:
    n: int
    items: dict[str, ItemStats] = field(default_factory=dict)

    def agree(self, limit: int = 5) -> list[ItemStats]:
        """Where the group agrees: smallest spread first."""
        found = [s for s in self.items.values() if s.agree]
        return sorted(found, key=lambda s: (s.spread, s.item))[:limit]

    def differ(self, limit: int = 5) -> list[ItemStats]:
        """Where the group differs: two camps first, then the largest spread."""
        found = [s for s in self.items.values() if s.differ]
        return sorted(found, key=lambda s: (s.split is None, -(s.spread or 0), s.item))[:limit]

    def medians(self) -> dict[str, dict[str, int]]:
        """The group's answer: medians rounded half away from zero, per field of a response."""
        out: dict[str, dict[str, int]] = {"weights": {}, "effects": {}, "balances": {}}
        for s in self.items.values():
            if s.median is not None:
                out[s.kind + "s"][s.target] = round_half_away(s.median)
        return out


def median(answers: list[float]) -> float | None:
    return float(statistics.median(answers)) if answers else None


def spread(answers: list[float], span: float) -> float | None:
    """Population standard deviation as a share of the scale span; None without answers."""
    if not answers:
        return None
    return statistics.pstdev(answers) / span if len(answers) > 1 else 0.0


def find_split(answers: list[float], span: float) -> Split | None:
    """Two camps: the largest gap ≥ 30 % of the span with ≥ max(2, ⌈n/4⌉) answers on each side."""
    n = len(answers)
    if n < MIN_FOR_SPLIT:
        return None
    ordered = sorted(answers)
    need = max(2, math.ceil(SPLIT_MIN_SHARE * n))
    best: Split | None = None
    best_gap = 0.0
    for i in range(n - 1):
        gap = ordered[i + 1] - ordered[i]
        low_count, high_count = i + 1, n - i - 1
        if gap >= SPLIT_GAP * span and low_count >= need and high_count >= need and gap > best_gap:
            best_gap = gap
            best = Split(ordered[i], ordered[i + 1], low_count, high_count)
    return best


def item_stats(kind: str, target: str, answers: list[float]) -> ItemStats:
    span = SPANS[kind]
    return ItemStats(
        item=f"{kind}:{target}",
        kind=kind,
        target=target,
        answers=tuple(answers),
        median=median(answers),
        spread=spread(answers, span),
        split=find_split(answers, span),
    )


def items_of(case: Case) -> list[tuple[str, str]]:
    """Every item people judge in a case, in the case's order: weights, effects, then balances."""
    out = [("weight", v.value) for v in case.values]
    out += [("effect", v.value) for v in case.values]
    out += [("balance", d.key) for d in case.dilemmas]
    return out


def answers_for(responses: list[Response], kind: str, target: str) -> list[float]:
    field_name = kind + "s"
    return [float(getattr(r, field_name)[target]) for r in responses if target in getattr(r, field_name)]


def summarise(case: Case, responses: list[Response]) -> GroupSummary:
    summary = GroupSummary(n=len(responses))
    for kind, target in items_of(case):
        summary.items[f"{kind}:{target}"] = item_stats(kind, target, answers_for(responses, kind, target))
    return summary


def paired(
    before: list[Response], after: list[Response], before_keys: list[str], after_keys: list[str], kind: str, target: str
) -> list[tuple[float, float]]:
    """(earlier, later) answer to one item of every person who answered it in both rounds, matched by
    ``keys`` (the participant tokens: two people with the same name stay two), in the later round's order."""
    field_name = kind + "s"
    first = dict(zip(before_keys, before, strict=True))
    out = []
    for key, r in zip(after_keys, after, strict=True):
        old = first.get(key)
        if old is None:
            continue
        new_map, old_map = getattr(r, field_name), getattr(old, field_name)
        if target in new_map and target in old_map:
            out.append((float(old_map[target]), float(new_map[target])))
    return out


def movement(
    case: Case, before: list[Response], after: list[Response], before_keys: list[str], after_keys: list[str]
) -> list[Movement]:
    """How the group moved on every item from one round to the next, over the people who answered
    that item in both rounds (matched by ``before_keys``/``after_keys``: their participant tokens)."""
    out = []
    for kind, target in items_of(case):
        pairs = paired(before, after, before_keys, after_keys, kind, target)
        a, b = [x for x, _ in pairs], [y for _, y in pairs]
        shifts = [abs(y - x) for x, y in pairs]
        span = SPANS[kind]
        out.append(
            Movement(
                item=f"{kind}:{target}",
                kind=kind,
                target=target,
                median_before=median(a),
                median_after=median(b),
                spread_before=spread(a, span),
                spread_after=spread(b, span),
                mean_shift=(sum(shifts) / len(shifts)) if shifts else None,
                movers=sum(1 for x in shifts if x > 0),
                people=len(pairs),
            )
        )
    return out


def both_rounds(before_keys: list[str], after_keys: list[str]) -> int:
    """How many people answered in both rounds (by token)."""
    return len(set(before_keys) & set(after_keys))


def role_table(case: Case, responses: list[Response], kind: str = "weight") -> dict[str, dict[str, float | None]]:
    """Per role (responses without a role fall under ""), the median per value (weights or effects),
    only for roles of at least ``MIN_GROUP`` people: smaller ones are folded into ``OTHER`` or left out
    by ``breakdown``, the one rule for every role or group table (``role_breakdown`` also says why)."""
    return role_breakdown(case, responses, kind)[0]


def participant_positions(responses: list[Response], kind: str, target: str) -> list[tuple[str, str | None, float]]:
    """(participant, role, answer) for one item, for dot charts. A role is named only when at least
    ``MIN_GROUP`` people have it (``breakdown``): a smaller one says ``OTHER``, or nothing when even
    the folded roles are fewer than three, so no dot points at the one person with a role."""
    field_name = kind + "s"
    groups = breakdown(responses).groups
    shown = {role for role in groups if role != OTHER}
    other = OTHER if OTHER in groups else None
    return [
        (
            r.participant,
            r.role if (r.role or "") in shown else (other if r.role else None),
            float(getattr(r, field_name)[target]),
        )
        for r in responses
        if target in getattr(r, field_name)
    ]


# ---------------------------------------------------------------- rounds as the case keeps them
# A case keeps, per session round, the group's answers counted (``RoundSummary``: [answer, how many]
# per value and dilemma, and how many changed since round 1) and the individual answers of the last
# round only; the full answers stay in the session's own folder. Older files keep every response:
# everything below works on both.


def tally(answers: Iterable[int]) -> str:
    """``"answer:how many ..."`` in answer order, e.g. ``"5:3 6:1 8:2"``."""
    counts = Counter(answers)
    return " ".join(f"{answer}:{counts[answer]}" for answer in sorted(counts))


def untally(text: str) -> list[float]:
    """The answers a tally counts, in order (as many as it counts)."""
    return [float(answer) for answer, count in parse_tally(text) for _ in range(count)]


def count_round(
    responses: list[Response],
    first: list[Response] | None = None,
    *,
    keys: list[str] | None = None,
    first_keys: list[str] | None = None,
) -> RoundSummary:
    """A round's answers counted. ``first``: the answers of the session's first round, matched to
    these by ``keys``/``first_keys`` (the participant tokens; without them by position is never
    guessed: labels are used only when every label is different) for ``movers``."""
    out: dict[str, dict[str, list[int]]] = {"weights": {}, "effects": {}, "balances": {}}
    for r in responses:
        for field_name in out:
            for target, answer in getattr(r, field_name).items():
                out[field_name].setdefault(target, []).append(answer)
    movers: dict[str, int] = {}
    if first is not None and (keys is None or first_keys is None):
        keys, first_keys = _label_keys(responses), _label_keys(first)
    if first is not None and keys is not None and first_keys is not None:
        before = dict(zip(first_keys, first, strict=True))
        for key, r in zip(keys, responses, strict=True):
            old = before.get(key)
            if old is None:
                continue
            for field_name in out:
                new_map, old_map = getattr(r, field_name), getattr(old, field_name)
                for target, answer in new_map.items():
                    if target in old_map:
                        item = f"{field_name[:-1]}:{target}"
                        movers[item] = movers.get(item, 0) + (1 if old_map[target] != answer else 0)
    return RoundSummary(
        participants=len(responses),
        weights={k: tally(v) for k, v in out["weights"].items()},
        effects={k: tally(v) for k, v in out["effects"].items()},
        balances={k: tally(v) for k, v in out["balances"].items()},
        movers=movers,
    )


def session_answers(session: Session, kind: str, target: str) -> list[float]:
    """The answers to one item in one session round: from its summary, else from its responses."""
    if session.summary is not None:
        return untally(getattr(session.summary, kind + "s").get(target, ""))
    return answers_for(session.responses, kind, target)


def session_count(session: Session) -> int:
    """How many people answered in a session round (every response is a person: two people with the
    same name are two)."""
    if session.summary is not None:
        return session.summary.participants
    return len(session.responses)


def _label_keys(responses: list[Response]) -> list[str] | None:
    """Labels as keys to match two rounds of an older case file, only when no two people share one."""
    labels = [r.participant for r in responses]
    return labels if len(set(labels)) == len(labels) else None


@dataclass
class CaseRound:
    """One round of one session as the case keeps it."""

    session: str  # the session id: sessions on the same case are never pooled
    number: int  # the session's place among the case's sessions, oldest first (1, 2, …)
    round: int
    held: date | datetime | None
    participants: int
    responses: list[Response]  # the individual answers the case keeps of this round (may be none)
    summary: GroupSummary


def session_ids(case: Case) -> list[str]:
    """The case's sessions, oldest first (by when their first round was held, then as listed)."""
    first_seen: dict[str, int] = {}
    held: dict[str, str] = {}
    for i, s in enumerate(case.sessions):
        first_seen.setdefault(s.id, i)
        if s.held is not None:
            held[s.id] = min(held.get(s.id, str(s.held)), str(s.held))
    return sorted(first_seen, key=lambda sid: (held.get(sid, "~"), first_seen[sid]))


def case_rounds(case: Case) -> list[CaseRound]:
    """Every answered round of every session of the case, session by session (oldest first), each
    round by itself: two groups that both had a "round 1" stay two."""
    out = []
    for number, sid in enumerate(session_ids(case), start=1):
        rounds = sorted((s for s in case.sessions if s.id == sid), key=lambda s: s.round)
        for s in rounds:
            n = session_count(s)
            if not n:
                continue
            summary = GroupSummary(n=n)
            for kind, target in items_of(case):
                summary.items[f"{kind}:{target}"] = item_stats(kind, target, session_answers(s, kind, target))
            out.append(CaseRound(sid, number, s.round, s.held, n, list(s.responses), summary))
    return out


def session_movement(case: Case, session_id: str, first: int, last: int) -> list[Movement]:
    """How one session's group moved from round ``first`` to round ``last``.

    With both rounds' individual answers in the case (older files), over the people who answered
    both (matched by label only when no two share one). Otherwise from the counts: medians and
    spread of each whole round, ``movers`` as counted by participant token when the session was
    saved (``people`` is then not known)."""
    rounds = {s.round: s for s in case.sessions if s.id == session_id}
    old, new = rounds.get(first), rounds.get(last)
    out = []
    for kind, target in items_of(case):
        item = f"{kind}:{target}"
        span = SPANS[kind]
        if old is None or new is None:
            continue
        old_keys, new_keys = _label_keys(old.responses), _label_keys(new.responses)
        if old.responses and new.responses and old_keys is not None and new_keys is not None:
            pairs = paired(old.responses, new.responses, old_keys, new_keys, kind, target)
            a, b = [x for x, _ in pairs], [y for _, y in pairs]
            shifts = [abs(y - x) for x, y in pairs]
            people: int | None = len(pairs)
            movers = sum(1 for x in shifts if x > 0)
        else:
            a, b = session_answers(old, kind, target), session_answers(new, kind, target)
            shifts, people = [], None
            movers = new.summary.movers.get(item, 0) if new.summary is not None and first == 1 else 0
        out.append(
            Movement(
                item=item,
                kind=kind,
                target=target,
                median_before=median(a),
                median_after=median(b),
                spread_before=spread(a, span),
                spread_after=spread(b, span),
                mean_shift=(sum(shifts) / len(shifts)) if shifts else None,
                movers=movers,
                people=people,
            )
        )
    return out


# ---------------------------------------------------------------- breakdowns: never a group of one or two
MIN_GROUP = 3  # a breakdown (by role, by group) shows a group only when it holds at least three people
OTHER = "*overig*"  # the key of the folded group (the page says "overig" / "other" in its language)


@dataclass
class Breakdown:
    """Responses per group, with every group smaller than ``MIN_GROUP`` folded into ``OTHER``.

    ``folded``: the groups that were folded (their names, for the text that says why);
    ``hidden``: how many answers are not shown at all, because even the folded group is smaller
    than ``MIN_GROUP`` (then no group of that breakdown could be shown without pointing at people)."""

    groups: dict[str, list[Response]]
    folded: list[str] = field(default_factory=list)
    hidden: int = 0

    @property
    def reason(self) -> str | None:
        """Why the breakdown differs from the groups people gave: a locale key under
        ``session.breakdown.``, or None when nothing was folded."""
        if self.hidden:
            return "hidden"
        return "folded" if self.folded else None


def breakdown(responses: list[Response], group_of=lambda r: r.role or "", minimum: int = MIN_GROUP) -> Breakdown:
    """Group ``responses`` by ``group_of`` (by default the role; no role is the group ""), folding
    every group of fewer than ``minimum`` people into ``OTHER``. When the folded group itself is
    smaller than ``minimum``, it is left out and counted in ``hidden`` (nobody can be picked out)."""
    groups: dict[str, list[Response]] = {}
    for r in responses:
        groups.setdefault(group_of(r), []).append(r)
    kept = {name: members for name, members in sorted(groups.items()) if len(members) >= minimum}
    small = sorted(name for name, members in groups.items() if len(members) < minimum)
    other = [r for name in small for r in groups[name]]
    out = Breakdown(kept, folded=small)
    if other and len(other) >= minimum:
        out.groups[OTHER] = other
    elif other:
        out.hidden = len(other)
    return out


def role_breakdown(
    case: Case, responses: list[Response], kind: str = "weight"
) -> tuple[dict[str, dict[str, float | None]], Breakdown]:
    """The role table over the folded groups of ``breakdown``: medians per value for every role of at
    least three people, and "overig" for the rest; with the breakdown, to say what was folded and why."""
    folded = breakdown(responses)
    table = {
        role: {v.value: median(answers_for(group, kind, v.value)) for v in case.values}
        for role, group in folded.groups.items()
    }
    return table, folded


# ---------------------------------------------------------------- where I stand (a participant's view)
@dataclass(frozen=True)
class Standing:
    """One participant's answer to one item against the group's answers of that round."""

    item: str
    kind: str
    target: str
    mine: float | None  # None: skipped ("weet ik niet")
    median: float | None
    low: float | None  # the middle half of the group: first and third quartile
    high: float | None
    n: int
    camp: str | None = None  # with two camps: "low" or "high", the camp my answer is in

    @property
    def place(self) -> str:
        """ "skipped", "none" (no group answer), "same" (at the median), "within" (in the middle half),
        "below" or "above" (outside the middle half)."""
        if self.mine is None:
            return "skipped"
        if self.median is None or self.low is None or self.high is None:
            return "none"
        if self.mine == self.median:
            return "same"
        if self.low <= self.mine <= self.high:
            return "within"
        return "below" if self.mine < self.low else "above"


def quartiles(answers: list[float]) -> tuple[float, float] | tuple[None, None]:
    """First and third quartile (inclusive method: the same as the median for one answer)."""
    if not answers:
        return (None, None)
    if len(answers) == 1:
        return (answers[0], answers[0])
    q = statistics.quantiles(answers, n=4, method="inclusive")
    return (q[0], q[2])


def standing(summary: GroupSummary, mine: dict[str, dict], items: list[str] | None = None) -> list[Standing]:
    """Where a participant stands on every item (``items``: the items that were asked; default all of
    the summary's), in the summary's order. ``mine`` is their answer as stored (an item not in it was
    skipped)."""
    out = []
    for item, stats in summary.items.items():
        if items is not None and item not in items:
            continue
        value = (mine.get(stats.kind + "s") or {}).get(stats.target)
        own = float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None
        low, high = quartiles(list(stats.answers))
        camp = None
        if stats.split is not None and own is not None:
            camp = "low" if own <= stats.split.gap_low else "high"
        out.append(Standing(item, stats.kind, stats.target, own, stats.median, low, high, stats.n, camp))
    return out
