"""The debrief handout of a workshop (issue 14): one or two A4 pages to take home, PDF or HTML, Dutch or
English. Built from a session's answers (they stay in the session's folder) as report blocks, laid out
by the report's own PDF and HTML writers.

What it says: the case in three lines; where the group agreed and where it split (last round);
how the group moved between the first and the last round (over the people who answered both);
the group beside the reference (the distance of ``dilemmakaart.profiles``); the arguments given,
without names; and the case's actions ranked by necessity × importance.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from dilemmakaart.aggregate import GroupSummary, ItemStats, Movement, items_of, movement, summarise
from dilemmakaart.case import Case, Profile, Response
from dilemmakaart.charts.session_charts import item_label
from dilemmakaart.code import ValueCode
from dilemmakaart.i18n import format_date, join_words, t
from dilemmakaart.profiles import distance, distance_summary, group_medians, number, weighing
from dilemmakaart.report.blocks import Block, Bullets, Heading, Para, Report, Table
from dilemmakaart.session import SessionStore
from dilemmakaart.text import shorten

MAX_ITEMS = 5  # agreed, split, moved: the few that matter on a handout
MAX_ARGUMENTS = 4  # per dilemma
MAX_REFERENCE_ROWS = 8


@dataclass
class Debrief:
    case: Case
    held: date
    group: str = ""  # the group's name ("Klas 3B"), "" when not given
    first: tuple[list[str], list[Response]] = field(default_factory=lambda: ([], []))  # keys, answers of round 1
    last: tuple[list[str], list[Response]] = field(default_factory=lambda: ([], []))  # of the last round
    rounds: int = 1
    arguments: dict[str, list[str]] = field(default_factory=dict)  # pair → texts (shown to the room)
    reference: Profile | None = None
    # the session's actions phase, ranked: (text, kind, necessity, importance); empty: the case's actions
    actions: list[tuple[str, str, int | None, int | None]] = field(default_factory=list)


def from_session(
    case: Case,
    sessions: SessionStore,
    session_id: str,
    *,
    group: str = "",
    reference: Profile | None = None,
    anonymous_label: str = "Deelnemer {n}",
) -> Debrief:
    """A debrief of a session: its first and last answered rounds and the last round's arguments that
    the facilitator did not hide. No names leave the session: answers are counted, arguments quoted
    without who gave them."""
    info = sessions.load(session_id)
    answered = []
    for r in sessions.rounds(session_id):
        keys, answers = sessions.keyed_responses(session_id, r, anonymous_label=anonymous_label)
        if answers:
            answered.append((r, keys, answers))
    out = Debrief(case=case, held=date.fromisoformat(info.created[:10]) if info.created else date.today())
    out.group, out.reference = group, reference
    if not answered:
        return out
    out.first = (answered[0][1], answered[0][2])
    out.last = (answered[-1][1], answered[-1][2])
    out.rounds = len(answered)
    from dilemmakaart.teaching import ranked

    out.actions = [(r.proposal.text, r.proposal.kind, r.necessity, r.importance) for r in ranked(sessions, session_id)]
    arguments = getattr(sessions, "arguments", None)  # the participants' "waarom" (part, issue 12)
    if arguments is not None:
        for pair, found in arguments(session_id, answered[-1][0]).items():
            texts = [a.text for a in found if not a.hidden and a.text.strip()]
            if texts:
                out.arguments[pair] = texts
    return out


def debrief_report(d: Debrief, code: ValueCode, lang: str) -> Report:
    case = d.case
    answers = d.last[1]
    summary = summarise(case, answers)
    blocks: list[Block] = []
    blocks += _the_case(case, code, lang)
    blocks += _agree_split(summary, code, lang)
    if d.rounds > 1:
        blocks += _moved(case, d, code, lang)
    if d.reference is not None and answers:
        blocks += _against_reference(case, answers, d.reference, code, lang)
    if d.arguments:
        blocks += _arguments(case, d.arguments, code, lang)
    blocks += _session_actions(d.actions, lang) if d.actions else _actions(case, code, lang)
    blocks.append(Para(t("teaching.debrief.anonymous", lang), "muted"))
    n = len(answers)
    meta = t("teaching.debrief.meta", lang, date=format_date(d.held, lang), n=n, rounds=d.rounds)
    return Report(
        lang=lang,
        title=case.title,
        subtitle=d.group,
        kind=t("teaching.debrief.kind", lang),
        meta=meta,
        date=format_date(d.held, lang),
        blocks=blocks,
    )


def render_debrief(d: Debrief, fmt: str, lang: str, code: ValueCode) -> bytes:
    """The handout as PDF (A4) or self-contained HTML."""
    report = debrief_report(d, code, lang)
    if fmt == "pdf":
        from dilemmakaart.report.pdf import render_pdf

        return render_pdf(report)
    if fmt == "html":
        from dilemmakaart.report.html import render_html

        return render_html(report).encode("utf-8")
    raise ValueError(f"a debrief is pdf or html, not {fmt!r}")


def debrief_file_name(case: Case, fmt: str, lang: str) -> str:
    return f"{case.id}-{'nabespreking' if lang == 'nl' else 'debrief'}.{fmt}"


# ---------------------------------------------------------------- sections


def three_lines(case: Case, code: ValueCode, lang: str) -> list[str]:
    """The case in three lines: what it is about (the description's opening, shortened), the values
    at stake, the dilemmas."""
    opening = ""
    for paragraph in case.description.split("\n\n"):  # enough of the opening to say what it is about
        opening = f"{opening} {' '.join(paragraph.split())}".strip()
        if len(opening) >= 200:
            break
    opening = opening or case.title
    names = [code.value_name(v.value, lang) for v in case.values]
    pairs = [f"{code.value_name(d.a, lang)} ↔ {code.value_name(d.b, lang)}" for d in case.dilemmas]
    lines = [shorten(opening, 360)]
    lines.append(t("teaching.debrief.values", lang, n=len(names), names=join_words(names, lang) if names else "—"))
    if pairs:
        lines.append(t("teaching.debrief.dilemmas", lang, n=len(pairs), pairs="; ".join(pairs)))
    return lines


def _the_case(case: Case, code: ValueCode, lang: str) -> list[Block]:
    return [Heading(1, t("teaching.debrief.case", lang)), *(Para(line) for line in three_lines(case, code, lang))]


def _range(s: ItemStats, lang: str) -> str:
    return f"{number(s.kind, min(s.answers), lang)} … {number(s.kind, max(s.answers), lang)}"


def _agree_split(summary: GroupSummary, code: ValueCode, lang: str) -> list[Block]:
    blocks: list[Block] = [Heading(1, t("teaching.debrief.agree_split", lang))]
    if summary.n == 0:
        return [*blocks, Para(t("teaching.debrief.no_answers", lang))]
    agreed = summary.agree(MAX_ITEMS)
    differ = summary.differ(MAX_ITEMS)
    if agreed:
        blocks.append(Para(t("teaching.debrief.agreed", lang), "strong"))
        blocks.append(
            Bullets(
                [
                    t(
                        "teaching.debrief.agreed_line"
                        if min(s.answers) != max(s.answers)
                        else "teaching.debrief.all_same",
                        lang,
                        item=item_label(s.item, code, lang),
                        median=number(s.kind, s.median or 0, lang),
                        range=_range(s, lang),
                    )
                    for s in agreed
                ]
            )
        )
    if differ:
        blocks.append(Para(t("teaching.debrief.split", lang), "strong"))
        lines = []
        for s in differ:
            item = item_label(s.item, code, lang)
            if s.split is not None:
                lines.append(
                    t(
                        "teaching.debrief.camps_line",
                        lang,
                        item=item,
                        low=s.split.low_count,
                        low_at=number(s.kind, s.split.gap_low, lang),
                        high=s.split.high_count,
                        high_at=number(s.kind, s.split.gap_high, lang),
                    )
                )
            else:
                lines.append(t("teaching.debrief.spread_line", lang, item=item, range=_range(s, lang)))
        blocks.append(Bullets(lines))
    if not agreed and not differ:
        blocks.append(Para(t("teaching.debrief.in_between", lang)))
    elif not differ:
        blocks.append(Para(t("teaching.debrief.nowhere_split", lang)))
    return blocks


def _moved(case: Case, d: Debrief, code: ValueCode, lang: str) -> list[Block]:
    blocks: list[Block] = [Heading(1, t("teaching.debrief.moved_title", lang, rounds=d.rounds))]
    moves: list[Movement] = movement(case, d.first[1], d.last[1], d.first[0], d.last[0])
    moved = [m for m in moves if m.movers and m.people]
    moved.sort(key=lambda m: (-(m.mean_shift or 0) / _span(m.kind), m.item))
    if not moved:
        return [*blocks, Para(t("teaching.debrief.nobody_moved", lang))]
    lines = [
        t(
            "teaching.debrief.moved_line",
            lang,
            item=item_label(m.item, code, lang),
            before=number(m.kind, m.median_before or 0, lang),
            after=number(m.kind, m.median_after or 0, lang),
            movers=m.movers,
            people=m.people,
        )
        for m in moved[:MAX_ITEMS]
    ]
    return [*blocks, Bullets(lines)]


def _span(kind: str) -> float:
    from dilemmakaart.profiles import SPANS

    return SPANS[kind]


def _against_reference(
    case: Case, answers: list[Response], reference: Profile, code: ValueCode, lang: str
) -> list[Block]:
    group = group_medians(case, answers)
    ref = weighing(reference)
    d = distance(group, ref, items_of(case))
    blocks: list[Block] = [
        Heading(1, t("teaching.debrief.reference_title", lang, name=reference.name)),
        Para(distance_summary(d, lang)),
    ]
    if reference.note:
        blocks.insert(1, Para(reference.note, "muted"))
    largest = sorted((i for i in d.items if i.difference), key=lambda i: (-i.share, i.item))[:MAX_REFERENCE_ROWS]
    if largest:
        rows = [
            [
                item_label(i.item, code, lang),
                number(i.kind, i.mine, lang),
                number(i.kind, i.theirs, lang),
                number("effect", i.mine - i.theirs, lang),
            ]
            for i in largest
        ]
        columns = [
            t("teaching.col.item", lang),
            t("teaching.col.group", lang),
            t("teaching.col.reference_short", lang),
            t("teaching.col.diff", lang),
        ]
        blocks.append(
            Table(columns, rows, [46, 16, 18, 20], numeric={1, 2, 3}, caption=t("teaching.debrief.largest", lang))
        )
        blocks.append(Para(t("teaching.distance.explain", lang), "muted"))
    return blocks


def _arguments(case: Case, arguments: dict[str, list[str]], code: ValueCode, lang: str) -> list[Block]:
    blocks: list[Block] = [Heading(1, t("teaching.debrief.arguments", lang))]
    for d in case.dilemmas:
        texts = arguments.get(d.key)
        if not texts:
            continue
        blocks.append(Para(f"{code.value_name(d.a, lang)} ↔ {code.value_name(d.b, lang)}", "strong"))
        shown = [f"“{shorten(x, 240)}”" for x in texts[:MAX_ARGUMENTS]]
        if len(texts) > MAX_ARGUMENTS:
            shown.append(t("teaching.debrief.more_arguments", lang, n=len(texts) - MAX_ARGUMENTS))
        blocks.append(Bullets(shown))
    return blocks


def _session_actions(actions: list[tuple[str, str, int | None, int | None]], lang: str) -> list[Block]:
    """The actions the group proposed and scored in the session, highest priority first."""
    lines = []
    for text, kind, necessity, importance in actions[:8]:
        score = (
            t(
                "teaching.debrief.score",
                lang,
                necessity=necessity,
                importance=importance,
                priority=necessity * importance,
            )
            if necessity and importance
            else t("teaching.debrief.no_score", lang)
        )
        lines.append(f"{shorten(text, 160)} ({t(f'action_kind.{kind}', lang)}) · {score}")
    blocks: list[Block] = [Heading(1, t("teaching.debrief.group_actions", lang)), Bullets(lines)]
    if len(actions) > 8:
        blocks.append(Para(t("teaching.debrief.more_actions", lang, n=len(actions) - 8), "muted"))
    return blocks


def _actions(case: Case, code: ValueCode, lang: str) -> list[Block]:
    blocks: list[Block] = [Heading(1, t("teaching.debrief.actions", lang))]
    if not case.actions:
        return [*blocks, Para(t("teaching.debrief.no_actions", lang))]
    ranked = sorted(case.actions, key=lambda a: -a.priority)
    lines = []
    for a in ranked[:8]:
        kind = f" ({t(f'action_kind.{a.kind}', lang)})" if a.kind else ""
        score = (
            t("teaching.debrief.score", lang, necessity=a.necessity, importance=a.importance, priority=a.priority)
            if a.priority
            else t("teaching.debrief.no_score", lang)
        )
        lines.append(f"{shorten(a.text, 160)}{kind} · {score}")
    blocks.append(Bullets(lines))
    if len(ranked) > 8:
        blocks.append(Para(t("teaching.debrief.more_actions", lang, n=len(ranked) - 8), "muted"))
    return blocks
