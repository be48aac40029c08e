"""Options and what would change the decision (issue 15): pure functions, no Streamlit.

A case can hold options: ways to carry out the project (or not), each with its effect on the values
at stake (a value it does not name counts as 0). The **score** of an option is the weighted mean of
its effects, with the values' weights (0…10):

    score(o) = Σ w_v · e(o, v) / Σ w_v

Every option shares the denominator, so options are compared by their numerators ``N(o) = Σ w_v ·
e(o, v)``: whole numbers, so a tie is exact. With all weights 0 there is no ranking; when the two
highest scores are equal there is no single best option. An option marked as breaking a legal floor
(``breaks``) is "niet toegestaan": it is left out of the ranking and of everything below.

**Flip point** of a value ``v`` (the other weights fixed): option ``o`` catches up with the best
option ``b`` where ``w* = (A_o − A_b) / (e(b, v) − e(o, v))``, with ``A_x = Σ_{u≠v} w_u · e(x, u)``.
The flip point is the ``w*`` nearest to the current weight, strictly between 0 and 10 (at a scale's
end the other option only ties, it never wins); past it ``o`` is the best option. When two points
are equally near, the lower one; when two options catch up at the same point, the one that gains
fastest past it, then the first in the case. None when there is no such point or no single best.

With a group session: which option wins for each participant's weights (the last round's responses;
the case's weight where a participant left a value out; a participant whose best options tie counts
for none), and for each value on which the group differs (two camps or a wide spread, as
``aggregate`` says) whether some in the group weigh it past the flip point: then the disagreement
can change the decision.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from fractions import Fraction
from operator import mul
from typing import Any

from dilemmakaart.aggregate import ItemStats, answers_for, item_stats
from dilemmakaart.case import Case, Option, Response
from dilemmakaart.code import Value
from dilemmakaart.i18n import join_words, t
from dilemmakaart.scales import WEIGHT

Weights = Mapping[str, int]


@dataclass(frozen=True)
class Flip:
    """Where a value's weight must go (the others fixed) before option ``to`` is the best."""

    value: str
    weight: int  # the weight now
    at: Fraction  # the flip point, strictly between 0 and 10
    to: str  # the option that wins past it

    @property
    def distance(self) -> Fraction:
        return abs(self.at - self.weight)

    @property
    def up(self) -> bool:
        """The weight must go up (heavier) to reach the flip point."""
        return self.at > self.weight


@dataclass(frozen=True)
class Ranking:
    """The options ranked by score for one set of weights."""

    scores: dict[str, Fraction]  # allowed options, highest first (ties in the case's order)
    best: str | None  # None: no options, all weights 0, or the two highest tie
    margin: Fraction | None  # first minus second score; None without two ranked options
    status: str  # "ok", "no_options", "zero_weights", "tie"
    not_allowed: tuple[str, ...] = ()  # options that break a legal floor

    @property
    def order(self) -> list[str]:
        return list(self.scores)


@dataclass(frozen=True)
class GroupResult:
    """Which option wins for each participant's weights."""

    participants: int
    counts: dict[str, int]  # allowed options (all of them, 0 included), in the case's order
    undecided: int  # participants whose best options tie (or whose weights are all 0)


@dataclass(frozen=True)
class Disagreement:
    """A value on which the group differs, and whether that can change the decision."""

    value: str
    stats: ItemStats
    low: int
    high: int
    flip: Flip | None
    past: int  # participants who weigh the value past the flip point

    @property
    def matters(self) -> bool:
        return self.past > 0


@dataclass(frozen=True)
class Sensitivity:
    """Everything of issue 15 for one case."""

    ranking: Ranking
    flips: dict[str, Flip | None]  # every value at stake, in the case's order
    group: GroupResult | None
    disagreements: list[Disagreement] = field(default_factory=list)

    def nearest(self) -> list[Flip]:
        """The flip points, nearest first (then the case's order)."""
        found = [f for f in self.flips.values() if f is not None]
        return sorted(found, key=lambda f: f.distance)

    def to_json(self) -> dict[str, Any]:
        """The shape of ``python -m dilemmakaart sensitivity --json``."""
        return {
            "scores": {k: _number(v) for k, v in self.ranking.scores.items()},
            "best": self.ranking.best,
            "margin": None if self.ranking.margin is None else _number(self.ranking.margin),
            "flip": {v: None if f is None else {"at": _number(f.at), "to": f.to} for v, f in self.flips.items()},
            "group": None if self.group is None else dict(self.group.counts),
        }


def _number(x: Fraction) -> float:
    return round(float(x), 4)


# ---------------------------------------------------------------- the method


def case_weights(case: Case) -> dict[str, int]:
    return {v.value: v.weight for v in case.values}


def allowed(case: Case) -> list[Option]:
    """The options that break no legal floor, in the case's order."""
    return [o for o in case.options if not o.breaks]


def not_allowed(case: Case) -> list[Option]:
    return [o for o in case.options if o.breaks]


def _numerators(options: list[Option], weights: Weights) -> list[int]:
    return [sum(w * o.effects.get(v, 0) for v, w in weights.items()) for o in options]


def _best_index(nums: list[int]) -> int | None:
    """The index of the single highest numerator, or None when the highest ties."""
    if not nums:
        return None
    top = max(nums)
    found = [i for i, n in enumerate(nums) if n == top]
    return found[0] if len(found) == 1 else None


def rank(case: Case, weights: Weights | None = None) -> Ranking:
    """The allowed options ranked by score for ``weights`` (the case's own by default)."""
    weights = case_weights(case) if weights is None else weights
    options = allowed(case)
    refused = tuple(o.id for o in not_allowed(case))
    total = sum(weights.values())
    if not options:
        return Ranking({}, None, None, "no_options", refused)
    if total == 0:
        return Ranking({}, None, None, "zero_weights", refused)
    nums = _numerators(options, weights)
    order = sorted(range(len(options)), key=lambda i: -nums[i])  # stable: ties keep the case's order
    scores = {options[i].id: Fraction(nums[i], total) for i in order}
    margin = Fraction(nums[order[0]] - nums[order[1]], total) if len(order) > 1 else None
    best_i = _best_index(nums)
    status = "ok" if best_i is not None else "tie"
    return Ranking(scores, None if best_i is None else options[best_i].id, margin, status, refused)


def flip_points(case: Case, weights: Weights | None = None) -> dict[str, Flip | None]:
    """For every value at stake its flip point (see the module), or None."""
    weights = dict(case_weights(case) if weights is None else weights)
    options = allowed(case)
    out: dict[str, Flip | None] = {v: None for v in weights}
    if len(options) < 2 or sum(weights.values()) == 0:
        return out
    nums = _numerators(options, weights)
    b = _best_index(nums)
    if b is None:
        return out
    best = options[b]
    for v, w in weights.items():
        eb = best.effects.get(v, 0)
        a_b = nums[b] - w * eb
        chosen: tuple[Fraction, Fraction, int, int] | None = None  # (distance, at, -gain, index)
        for i, o in enumerate(options):
            if i == b:
                continue
            eo = o.effects.get(v, 0)
            if eo == eb:
                continue
            at = Fraction(nums[i] - w * eo - a_b, eb - eo)
            if not WEIGHT.min < at < WEIGHT.max:
                continue
            gain = (eo - eb) if at > w else (eb - eo)  # how fast o pulls ahead past the point
            key = (abs(at - w), at, -gain, i)
            if chosen is None or key < chosen:
                chosen = key
        if chosen is not None:
            out[v] = Flip(v, w, chosen[1], options[chosen[3]].id)
    return out


def participant_weights(case: Case, weights: Mapping[str, int]) -> dict[str, int]:
    """A participant's weights for the values at stake: the case's weight where they left one out."""
    return {v.value: weights.get(v.value, v.weight) for v in case.values}


def group_winners(case: Case, responses: list[Response] | None = None) -> GroupResult | None:
    """Which option wins for each participant of the last round (or of ``responses``, a round
    being revealed); None without responses or options."""
    responses = case.last_round_responses() if responses is None else responses
    options = allowed(case)
    if not responses or not options:
        return None
    counts = {o.id: 0 for o in options}
    undecided = 0
    base = case_weights(case)
    ids = list(base)
    rows = [[o.effects.get(v, 0) for v in ids] for o in options]  # each option's effects, in one order
    for r in responses:
        weights = [r.weights.get(v, base[v]) for v in ids]
        nums = [sum(map(mul, weights, row)) for row in rows]
        b = _best_index(nums) if sum(weights) else None
        if b is None:
            undecided += 1
        else:
            counts[options[b].id] += 1
    return GroupResult(len(responses), counts, undecided)


def disagreements(
    case: Case, flips: dict[str, Flip | None] | None = None, responses: list[Response] | None = None
) -> list[Disagreement]:
    """The values on which the group differs (split in two camps or spread widely), each with
    whether some in the group weigh it past its flip point; those that matter first. The last
    round's responses, or ``responses`` (a round being revealed)."""
    responses = case.last_round_responses() if responses is None else responses
    if not responses:
        return []
    flips = flip_points(case) if flips is None else flips
    out = []
    for v in case.values:
        answers = answers_for(responses, "weight", v.value)
        stats = item_stats("weight", v.value, answers)
        if not answers or not stats.differ:
            continue
        flip = flips.get(v.value)
        past = 0
        if flip is not None:
            # whole weights against the exact flip point, in integers (a Fraction compare is slow)
            num, den, sign = flip.at.numerator, flip.at.denominator, 1 if flip.up else -1
            past = sum(1 for a in answers if sign * (int(a) * den - num) > 0)
        out.append(Disagreement(v.value, stats, int(min(answers)), int(max(answers)), flip, past))
    return sorted(out, key=lambda d: not d.matters)


def sensitivity(case: Case, responses: list[Response] | None = None) -> Sensitivity:
    """Everything for a case: its ranking and flip points, and with a group (the last round of its
    sessions, or ``responses``) the winners per participant and which disagreements matter."""
    flips = flip_points(case)
    return Sensitivity(rank(case), flips, group_winners(case, responses), disagreements(case, flips, responses))


# ---------------------------------------------------------------- in words


def number_words(x: Fraction | float, lang: str, digits: int = 1) -> str:
    """1,5 (Dutch) or 1.5 (English): ``digits`` decimals (two below 0.1), no trailing zero."""
    x = float(x)
    digits = max(digits, 2) if 0 < abs(x) < 0.1 else digits
    text = f"{x:.{digits}f}".rstrip("0").rstrip(".")
    return text.replace(".", ",") if lang == "nl" else text


def _title(case: Case, option_id: str) -> str:
    option = case.option(option_id)
    return option.title if option is not None else option_id


def flip_sentence(case: Case, flip: Flip, name: str, lang: str) -> str:
    """ "Als privacy 1,5 punt zwaarder weegt, wint 'Menselijke surveillance'." ``name``: the value's name."""
    key = "options.flip_up" if flip.up else "options.flip_down"
    distance = flip.distance
    return t(
        key,
        lang,
        value=name,
        points=number_words(distance, lang),
        n=1 if distance == 1 else 2,
        at=number_words(flip.at, lang),
        option=_title(case, flip.to),
    )


def ranking_sentence(case: Case, ranking: Ranking, lang: str) -> str:
    """What the ranking says: the best option and its lead, or why there is none."""
    if ranking.status == "no_options":
        return t("options.status.no_options", lang)
    if ranking.status == "zero_weights":
        return t("options.status.zero_weights", lang)
    if ranking.status == "tie":
        tied = [k for k, s in ranking.scores.items() if s == next(iter(ranking.scores.values()))]
        return t("options.status.tie", lang, options=join_words([f"‘{_title(case, k)}’" for k in tied], lang))
    assert ranking.best is not None
    if ranking.margin is None:
        return t("options.status.one_option", lang, option=_title(case, ranking.best))
    return t("options.status.best", lang, option=_title(case, ranking.best), margin=number_words(ranking.margin, lang))


def group_sentence(case: Case, group: GroupResult, option_id: str, lang: str) -> str:
    """ "'Camera's met vervaging' wint voor 31 van de 40 deelnemers"."""
    return t(
        "options.group_share", lang, option=_title(case, option_id), k=group.counts[option_id], n=group.participants
    )


def disagreement_sentence(d: Disagreement, name: str, lang: str, case: Case) -> str:
    """Whether the group's difference about a value can change the decision, in words."""
    if d.matters and d.flip is not None:
        return t(
            "options.disagreement.matters",
            lang,
            value=name,
            low=d.low,
            high=d.high,
            at=number_words(d.flip.at, lang),
            k=d.past,
            option=_title(case, d.flip.to),
        )
    return t("options.disagreement.same", lang, value=name, low=d.low, high=d.high)


def sensitivity_lines(case: Case, result: Sensitivity, name: Callable[[str], str], lang: str) -> list[str]:
    """The whole result in sentences, one per line (the command line, and the text beside the chart)."""
    lines = [ranking_sentence(case, result.ranking, lang)]
    for i, (option_id, score) in enumerate(result.ranking.scores.items(), start=1):
        lines.append(
            t("options.line.score", lang, rank=i, option=_title(case, option_id), score=signed_words(score, lang))
        )
    for option in not_allowed(case):
        reasons = "; ".join(f"{name(b.value)}: {b.law}: {b.why}" for b in option.breaks)
        lines.append(t("options.line.not_allowed", lang, option=option.title, reasons=reasons))
    nearest = result.nearest()
    if result.ranking.best is not None and len(result.ranking.scores) > 1:
        lines += [flip_sentence(case, f, name(f.value), lang) for f in nearest] or [t("options.no_flip", lang)]
    if result.group is not None:
        lines += [group_sentence(case, result.group, o, lang) for o in result.group.counts]
        if result.group.undecided:
            lines.append(t("options.group_undecided", lang, k=result.group.undecided, n=result.group.participants))
    lines += [disagreement_sentence(d, name(d.value), lang, case) for d in result.disagreements]
    return lines


def signed_words(x: Fraction | float, lang: str) -> str:
    """A score with its sign and two decimals (+1,52; −0,3; 0) in the user's language."""
    text = number_words(abs(float(x)), lang, 2)
    return "0" if text == "0" else ("+" if x > 0 else "−") + text


def floor_lines(value: Value, lang: str) -> list[str]:
    """A value's legal floors, one line each: "AVG art. 9: <the floor> (<when it applies>)"."""
    out = []
    for floor in value.legal_floors:
        line = f"{floor.cite}: {floor.floor(lang)}"
        if floor.applies is not None:
            line += f" ({floor.applies(lang)})"
        out.append(line)
    return out


# ---------------------------------------------------------------- review dates


@dataclass(frozen=True)
class DueReview:
    """A decision whose review date has come (or comes soon)."""

    case_id: str
    title: str
    review: date
    triggers: tuple[str, ...]
    days_over: int  # 0: today; below 0: still to come

    @property
    def due(self) -> bool:
        return self.days_over >= 0


def due_for_review(cases: list[Case], today: date, *, soon: int = 0) -> list[DueReview]:
    """The decisions whose review date (``decision.review``) is today or past, and with ``soon``
    also those within that many days; the longest overdue first. An archived case is left out."""
    out = []
    for case in cases:
        decision = case.decision
        if decision is None or decision.review is None or case.status == "gearchiveerd":
            continue
        review = decision.review.date() if isinstance(decision.review, datetime) else decision.review
        days_over = (today - review).days
        if days_over >= -soon:
            out.append(DueReview(case.id, case.title, review, tuple(decision.triggers), days_over))
    return sorted(out, key=lambda d: (-d.days_over, d.case_id))


# ---------------------------------------------------------------- at a review: compared with the decided version


@dataclass(frozen=True)
class SinceDecision:
    """What changed since the decided version of a case: the weights, and the best option."""

    revision: int  # the decided version's revision
    weights: list[tuple[str, int | None, int | None]]  # (value, then, now); None: not at stake then / now
    best_then: str | None
    best_now: str | None

    @property
    def best_changed(self) -> bool:
        return self.best_then != self.best_now


def decided_version(library: Any, case: Case, *, look_back: int = 20) -> Case | None:
    """The latest earlier revision of ``case`` in ``library``'s history whose status was "besloten"
    (the version that was decided), among the ``look_back`` latest; None when there is none or it
    cannot be read. Only for a case with a decision (nothing to review otherwise)."""
    if case.decision is None:
        return None
    from dilemmakaart.problems import ProblemsError
    from dilemmakaart.store import LibraryError

    try:
        revisions = library.history(case.id)
    except OSError:
        return None
    for revision in [r for r in reversed(revisions) if r.revision < case.revision][:look_back]:
        try:
            old = library.load_revision(case.id, revision.revision)
        except (ProblemsError, LibraryError, OSError):
            continue
        if old.status == "besloten":
            return old
    return None


def since_decision(decided: Case, now: Case) -> SinceDecision:
    then_w, now_w = case_weights(decided), case_weights(now)
    changes: list[tuple[str, int | None, int | None]] = [
        (v, then_w.get(v), now_w.get(v))
        for v in [*now_w, *[v for v in then_w if v not in now_w]]
        if then_w.get(v) != now_w.get(v)
    ]
    return SinceDecision(decided.revision, changes, rank(decided).best, rank(now).best)


def since_lines(decided: Case, now: Case, since: SinceDecision, name: Callable[[str], str], lang: str) -> list[str]:
    """The comparison in sentences: each weight that changed, then whether the best option changed."""
    lines = []
    for value, then, current in since.weights:
        if then is None:
            lines.append(t("options.since.added", lang, value=name(value), now=current))
        elif current is None:
            lines.append(t("options.since.removed", lang, value=name(value), then=then))
        else:
            lines.append(t("options.since.weight", lang, value=name(value), then=then, now=current))
    if not since.weights:
        lines.append(t("options.since.no_weights", lang))
    then_title = _title(decided, since.best_then) if since.best_then else None
    now_title = _title(now, since.best_now) if since.best_now else None
    if not since.best_changed:
        lines.append(
            t("options.since.same_best", lang, option=now_title) if now_title else t("options.since.no_best", lang)
        )
    else:
        lines.append(
            t(
                "options.since.other_best",
                lang,
                then=f"‘{then_title}’" if then_title else t("options.since.none", lang),
                now=f"‘{now_title}’" if now_title else t("options.since.none", lang),
            )
        )
    return lines
