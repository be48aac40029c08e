"""What the board report says, independent of its format: a list of plain blocks (``blocks``).

``build_content`` turns a case into a ``Report`` (title, meta line, blocks), one function per
section. Each format module (html, markdown, pdf, docx) only lays those blocks out. All text here is
plain text as the user typed it; every format escapes it in its own way and never interprets it.
People read names, never ids: values, technologies and the case are named in the report's language.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from dilemmakaart.aggregate import GroupSummary, ItemStats
from dilemmakaart.case import Case
from dilemmakaart.code import ValueCode
from dilemmakaart.i18n import format_date, join_words, t
from dilemmakaart.report.blocks import Block, Bullets, Facts, Figure, Heading, Para, Report, Table
from dilemmakaart.report.frameworks_section import law_blocks, view_blocks
from dilemmakaart.report.profiles_section import profiles_blocks
from dilemmakaart.scales import effect_side, in_focus, is_under_pressure
from dilemmakaart.wording import balance_words, signed

MAX_INSTRUMENTS = 6  # described in full; the rest are named in one sentence
NBSP = "\u00a0"


# ---------------------------------------------------------------- small pure helpers


def effect_words(effect: int, lang: str) -> str:
    key = {"pressure": "-", "strengthened": "+", "neutral": "0"}[effect_side(effect)]
    return f"{signed(effect)} ({t('report.effect_words.' + key, lang)})"


def cell_date(value: date | datetime | None, lang: str) -> str:
    """A date in a table cell: the people's format, never broken over two lines."""
    return format_date(value, lang).replace(" ", NBSP)


def label(key: str, value: str | None, lang: str) -> str:
    return t(f"{key}.{value}", lang) if value else "—"


def join_names(names: list[str], lang: str) -> str:
    """Names in a sentence ("a, b en c"); none: "geen"."""
    return join_words(names, lang) if names else t("report.map_none", lang)


def num(n: float) -> str:
    """A median: whole numbers without decimals, halves with one (5 or 5.5 / 5,5)."""
    return f"{n:g}"


# ---------------------------------------------------------------- sessions (through aggregate.py)


@dataclass
class RoundSummary:
    round: int
    held: date | datetime | None
    participants: int
    responses: list
    summary: GroupSummary
    session: str = ""  # the session id: sessions on the same case are never pooled
    number: int = 1  # the session's place among the case's sessions, oldest first


def session_rounds(case: Case) -> list[RoundSummary]:
    """Every round of every session, session by session (two groups that each had a "round 1" stay
    two): the group's summary, from the counts the case keeps of each round (or, in older files,
    from every response)."""
    from dilemmakaart.aggregate import case_rounds

    return [
        RoundSummary(p.round, p.held, p.participants, p.responses, p.summary, p.session, p.number)
        for p in case_rounds(case)
    ]


def percent(share: float | None) -> str:
    return "—" if share is None else f"{round(share * 100)}%"


# ---------------------------------------------------------------- instruments


def next_instruments(case: Case, code: ValueCode, lang: str) -> list[tuple[str, str, list[str]]]:
    """Instruments the case calls for (``analysis.instruments_next``): (name, what, reasons)."""
    from dilemmakaart.analysis import instruments_next

    out = []
    for advice in instruments_next(case, code):
        reasons = [code.value_name(v, lang) for v in advice.values]
        reasons += [technology_name(code, x, lang) for x in advice.technologies]
        out.append((advice.instrument.name(lang), advice.instrument.what(lang), reasons))
    return out


# ---------------------------------------------------------------- the report


def build_content(
    case: Case,
    code: ValueCode,
    lang: str,
    *,
    today: date | None = None,
    figures: dict[str, Figure] | None = None,
    decided: Case | None = None,
) -> Report:
    """The whole report as blocks, section by section. ``figures`` (from ``report.figures``) are the
    chart blocks; without them the charts are given as their text equivalents."""
    from dilemmakaart.report.figures import KEYS, case_figures

    today = today or date.today()
    # every chart is in the report: as given (with its image), else as its text equivalent
    given = figures or {}
    missing = tuple(key for key in KEYS if key not in given)
    figures = {**case_figures(case, code, lang, keys=missing, png=False, svg=False), **given}
    blocks: list[Block] = [
        *_summary(case, code, lang),
        *_project(case, code, lang),
        *_values(case, code, lang),
        *_charts(case, code, lang, figures),
        *_dilemmas(case, code, lang, figures),
        *_actions(case, code, lang),
        *_options(case, code, lang, decided),
        *_decision(case, code, lang),
        *_sessions(case, code, lang),
        *profiles_blocks(case, code, lang),  # groups and references side by side (issue 14)
        *_instruments(case, code, lang),
        *law_blocks(case, code, lang),  # which laws already cover each value (issue 16)
        *view_blocks(case, code, lang),  # the case through the other frameworks (issue 16)
        *_about_code(case, code, lang),
        *_colophon(case, code, lang, today),
    ]
    meta = t(
        "report.meta",
        lang,
        revision=case.revision,
        status=label("status", case.status, lang),
        date=format_date(today, lang),
    )
    return Report(
        lang=lang,
        title=case.title,
        subtitle=case.organisation or "",
        kind=t("report.kind", lang),
        meta=meta,
        date=format_date(today, lang),
        blocks=blocks,
    )


def _namer(code: ValueCode, lang: str) -> Callable[[str], str]:
    return lambda vid: code.value_name(vid, lang)


def _summary(case: Case, code: ValueCode, lang: str) -> list[Block]:
    name = _namer(code, lang)
    pressure = [v for v in case.values if is_under_pressure(v.effect)]
    focus = sorted((v for v in pressure if in_focus(v)), key=lambda v: (-v.weight, v.effect))
    summary = [t("report.summary_values", lang, n=len(case.values), pressure=len(pressure))]
    summary.append(
        t("report.summary_focus", lang, values=join_names([name(v.value) for v in focus], lang))
        if focus
        else t("report.summary_no_focus", lang)
    )
    summary.append(t("report.summary_dilemmas", lang, n=len(case.dilemmas)))
    summary.append(
        t(
            "report.summary_actions",
            lang,
            n=len(case.actions),
            open=sum(a.status == "open" for a in case.actions),
            busy=sum(a.status == "bezig" for a in case.actions),
        )
    )
    decision = case.decision
    summary.append(
        t("report.summary_decision", lang, date=format_date(decision.date, lang))
        if decision and decision.date
        else t("report.summary_no_decision", lang)
    )
    return [Heading(1, t("report.summary", lang)), Bullets(summary)]


def _project(case: Case, code: ValueCode, lang: str) -> list[Block]:
    technologies = [technology_name(code, x, lang) for x in case.technology]
    blocks: list[Block] = [
        Heading(1, t("report.project", lang)),
        Facts(
            [
                (t("case.organisation", lang), case.organisation or "—"),
                (t("case.organisation_type", lang), label("organisation_type", case.organisation_type, lang)),
                (t("case.phase", lang), label("phase", case.phase, lang)),
                (t("case.status", lang), label("status", case.status, lang)),
                (t("case.technology", lang), join_words(technologies, lang) or "—"),
                (t("case.stakeholders", lang), "; ".join(case.stakeholders) or "—"),
            ]
        ),
        Heading(2, t("case.description", lang)),
    ]
    if case.description.strip():
        blocks += [Para(part) for part in _paragraphs(case.description)]
    else:
        blocks.append(Para(t("report.no_description", lang), "muted"))
    return blocks


def _values(case: Case, code: ValueCode, lang: str) -> list[Block]:
    """The values at stake, grouped by foundation (marked in the foundation's colour)."""
    blocks: list[Block] = [Heading(1, t("case.values_at_stake", lang))]
    if not case.values:
        return [*blocks, Para(t("report.no_values", lang), "muted")]
    from dilemmakaart.charts.palette import foundation_colours

    name = _namer(code, lang)
    known = code.value_ids
    blocks.append(Para(t("report.values_intro", lang), "muted"))
    colours = foundation_colours([f.id for f in code.foundations])
    columns = [
        t("case.value", lang),
        t("case.principle", lang),
        t("report.weight", lang),
        t("report.effect", lang),
        t("case.note", lang),
    ]
    for f in code.foundations:
        mine = [v for v in case.values if v.value in known and code.foundation_of(v.value).id == f.id]
        if not mine:
            continue
        blocks.append(Heading(2, f.name(lang), colour=colours[f.id]))
        rows = [
            [
                name(v.value),
                code.principle_of(v.value).name(lang),
                str(v.weight),
                effect_words(v.effect, lang),
                v.note.strip() or "—",
            ]
            for v in sorted(mine, key=lambda v: (-v.weight, v.effect))
        ]
        blocks.append(Table(columns, rows, [38, 30, 16, 22, 64], numeric={2}))
    unknown = [v for v in case.values if v.value not in known]
    if unknown:
        rows = [[v.value, "—", str(v.weight), effect_words(v.effect, lang), v.note or "—"] for v in unknown]
        blocks.append(Table(columns, rows, [38, 30, 16, 22, 64], numeric={2}))
    tables = [b for b in blocks if isinstance(b, Table)]
    every_row = [row for table in tables for row in table.rows]
    for table in tables:  # one set of column widths for the tables of all foundations
        table.measure_rows = every_row
    return blocks


def _charts(case: Case, code: ValueCode, lang: str, figures: dict[str, Figure]) -> list[Block]:
    if not case.values:
        return []
    return [Heading(1, t("report.charts", lang)), *(figures[key] for key in ("map", "wheel") if key in figures)]


def _dilemmas(case: Case, code: ValueCode, lang: str, figures: dict[str, Figure]) -> list[Block]:
    blocks: list[Block] = [Heading(1, t("case.dilemmas", lang))]
    if not case.dilemmas:
        return [*blocks, Para(t("report.no_dilemmas", lang), "muted")]
    name = _namer(code, lang)
    blocks.append(Para(t("report.dilemmas_intro", lang), "muted"))
    if "tradeoffs" in figures:
        blocks.append(figures["tradeoffs"])
    for d in case.dilemmas:
        a, b = name(d.a), name(d.b)
        blocks.append(Heading(2, f"{a} – {b}"))
        blocks.append(Para(f"{t('report.balance', lang)}: {balance_words(a, b, d.balance, lang)}", "strong"))
        if d.rationale.strip():
            blocks += [Para(part) for part in _paragraphs(d.rationale)]
        else:
            blocks.append(Para(t("report.no_rationale", lang), "muted"))
        options = [o for o in d.options if o.strip()]
        if options:
            blocks += [Para(t("report.options", lang), "strong"), Bullets(options)]
    return blocks


def _actions(case: Case, code: ValueCode, lang: str) -> list[Block]:
    """The actions, highest priority first (equal priority keeps the file's order)."""
    blocks: list[Block] = [Heading(1, t("case.actions", lang))]
    if not case.actions:
        return [*blocks, Para(t("report.no_actions", lang), "muted")]
    name = _namer(code, lang)
    rows = [
        [
            a.text,
            label("action_kind", a.kind, lang),
            join_words([name(v) for v in a.values], lang) or "—",
            str(a.priority) if a.priority else "—",
            a.owner or "—",
            cell_date(a.due, lang),
            label("action_status", a.status, lang),
        ]
        for a in sorted(case.actions, key=lambda a: -a.priority)
    ]
    columns = [
        t("case.action", lang),
        t("case.kind", lang),
        t("report.safeguards", lang),
        t("report.prio_short", lang),
        t("case.owner", lang),
        t("case.due", lang),
        t("case.action_status", lang),
    ]
    blocks.append(Para(t("report.actions_intro", lang), "muted"))
    blocks.append(Table(columns, rows, [42, 22, 36, 9, 26, 17, 18], numeric={3}))
    return blocks


def _options(case: Case, code: ValueCode, lang: str, decided: Case | None) -> list[Block]:
    """Options, what would change the decision, the legal floors, and at a review what changed since
    the ``decided`` version (``report.options_section``)."""
    from dilemmakaart.report.options_section import options_blocks

    return options_blocks(case, code, lang, decided=decided)


def _decision(case: Case, code: ValueCode, lang: str) -> list[Block]:
    blocks: list[Block] = [Heading(1, t("case.decision", lang))]
    decision = case.decision
    if not (decision and (decision.text.strip() or decision.date)):
        return [*blocks, Para(t("report.no_decision", lang), "muted")]
    blocks.append(
        Facts(
            [
                (t("report.decision_date", lang), format_date(decision.date, lang)),
                (t("report.decision_by", lang), decision.by or "—"),
                (t("report.decision_review", lang), format_date(decision.review, lang)),
            ]
        )
    )
    blocks += [Para(part) for part in _paragraphs(decision.text)]
    if decision.triggers:  # when to look again sooner than the review date (issue 15)
        blocks += [Para(t("options.triggers", lang), "strong"), Bullets(list(decision.triggers))]
    return blocks


def _sessions(case: Case, code: ValueCode, lang: str) -> list[Block]:
    rounds = session_rounds(case)
    if not rounds:
        return []
    blocks: list[Block] = [Heading(1, t("report.sessions", lang)), Para(t("report.sessions_intro", lang), "muted")]
    _session_blocks(blocks, rounds, case, code, lang)
    return blocks


def _instruments(case: Case, code: ValueCode, lang: str) -> list[Block]:
    blocks: list[Block] = [Heading(1, t("report.instruments", lang))]
    instruments = next_instruments(case, code, lang)
    if not instruments:
        return [*blocks, Para(t("report.no_instruments", lang), "muted")]
    blocks.append(Para(t("report.instruments_intro", lang), "muted"))
    for inst_name, what, reasons in instruments[:MAX_INSTRUMENTS]:
        blocks += [
            Heading(2, inst_name),
            Para(what),
            Para(t("report.instrument_why", lang, reasons=join_names(reasons, lang)), "muted"),
        ]
    if len(instruments) > MAX_INSTRUMENTS:
        rest = [inst_name for inst_name, _, _ in instruments[MAX_INSTRUMENTS:]]
        blocks.append(Para(t("report.instruments_more", lang, names=join_names(rest, lang))))
    return blocks


def _about_code(case: Case, code: ValueCode, lang: str) -> list[Block]:
    """Which code was used, and in words (no status codes, no file names) which of the chosen
    values are a reconstruction rather than confirmed by public sources."""
    name = _namer(code, lang)
    known = code.value_ids
    authors = join_names(list(code.authors), lang)
    reconstructed = [name(v) for v in case.tagged() if v in known and code.value(v).status == "reconstructed"]
    total = len(code.values)
    n_reconstructed = sum(v.status == "reconstructed" for v in code.values)
    blocks: list[Block] = [
        Heading(1, t("report.code", lang)),
        Para(t("report.code_used", lang, title=code.title(lang), authors=authors, year=code.year)),
        Para(
            t("report.reconstructed", lang, values=join_names(reconstructed, lang))
            if reconstructed
            else t("report.no_reconstructed", lang)
        ),
    ]
    if n_reconstructed:
        blocks.append(
            Para(
                t("report.code_sources", lang, confirmed=total - n_reconstructed, total=total, n=n_reconstructed),
                "muted",
            )
        )
    return blocks


def _colophon(case: Case, code: ValueCode, lang: str, today: date) -> list[Block]:
    return [
        Heading(1, t("report.colophon", lang)),
        Para(
            t(
                "report.colophon_text",
                lang,
                date=format_date(today, lang),
                revision=case.revision,
                title=case.title,
                updated=format_date(case.updated, lang),
            )
        ),
    ]


def _session_blocks(blocks: list[Block], rounds: list[RoundSummary], case: Case, code: ValueCode, lang: str) -> None:
    several = len({r.session for r in rounds}) > 1
    for sid in dict.fromkeys(r.session for r in rounds):
        _one_session(blocks, [r for r in rounds if r.session == sid], case, code, lang, several)


def _one_session(
    blocks: list[Block], rounds: list[RoundSummary], case: Case, code: ValueCode, lang: str, several: bool
) -> None:
    from dilemmakaart.aggregate import session_movement

    add = blocks.append
    name = _namer(code, lang)

    def pair_name(key: str) -> str:
        a, _, b = key.partition("|")
        return f"{name(a)} – {name(b)}"

    def verdict(*given: ItemStats | None) -> str:
        stats = [s for s in given if s is not None and s.n]
        if any(s.split is not None for s in stats):
            return t("report.group_split", lang)
        if any(s.differ for s in stats):
            return t("report.group_differ", lang)
        if stats and all(s.agree for s in stats):
            return t("report.group_agree", lang)
        return t("report.group_between", lang)

    for r in rounds:
        items = r.summary.items
        head = t("report.round", lang, round=r.round)
        add(Heading(2, t("report.session_round", lang, session=r.number, round=head) if several else head))
        held = format_date(r.held, lang) if r.held else "—"
        add(Para(t("report.round_meta", lang, n=r.participants, held=held), "muted"))
        rows = []
        for v in case.values:
            w, e = items.get(f"weight:{v.value}"), items.get(f"effect:{v.value}")
            if not (w and w.n) and not (e and e.n):
                continue
            rows.append(
                [
                    name(v.value),
                    _med(w),
                    percent(w.spread if w else None),
                    _med(e, sign=True),
                    percent(e.spread if e else None),
                    verdict(w, e),
                ]
            )
        if rows:
            add(
                Table(
                    [
                        t("case.value", lang),
                        t("report.median_weight", lang),
                        t("report.spread_weight", lang),
                        t("report.median_effect", lang),
                        t("report.spread_effect", lang),
                        t("report.group", lang),
                    ],
                    rows,
                    [3.4, 1.8, 1.8, 1.8, 1.8, 2.6],
                    numeric={1, 2, 3, 4},
                )
            )
        rows = []
        for d in case.dilemmas:
            s = items.get(f"balance:{d.key}")
            if s and s.n and s.median is not None:
                a, b = name(d.a), name(d.b)
                rows.append(
                    [pair_name(d.key), balance_words(a, b, round(s.median), lang), percent(s.spread), verdict(s)]
                )
        if rows:
            add(
                Table(
                    [
                        t("report.dilemma", lang),
                        t("report.median_balance", lang),
                        t("report.spread_balance", lang),
                        t("report.group", lang),
                    ],
                    rows,
                    [3.6, 5, 1.8, 2.6],
                    numeric={2},
                )
            )
        differ = r.summary.differ(limit=3)
        if differ:
            names = [pair_name(s.target) if s.kind == "balance" else name(s.target) for s in differ]
            add(Para(t("report.divided", lang, values=join_names(list(dict.fromkeys(names)), lang))))
    if len(rounds) >= 2:
        first, last = rounds[0], rounds[-1]
        head = t("report.movement", lang, first=first.round, last=last.round)
        add(Heading(2, t("report.session_round", lang, session=first.number, round=head) if several else head))
        add(Para(t("report.movement_intro", lang), "muted"))
        moves = session_movement(case, first.session, first.round, last.round)
        people = {m.people for m in moves if m.people is not None and m.median_before is not None}
        if people:  # known when the case kept both rounds' answers: over the people in both
            add(Para(t("report.movement_people", lang, n=max(people)), "muted"))
        else:
            add(Para(t("report.movement_counts", lang, a=first.participants, b=last.participants), "muted"))
        rows = []
        for m in moves:
            if m.median_before is None or m.median_after is None:
                continue
            what = t("report.kind." + m.kind, lang)
            target = pair_name(m.target) if m.kind == "balance" else name(m.target)
            sign = m.kind != "weight"
            change = m.spread_change or 0
            word = t(
                "report.closer" if change < -0.005 else "report.further" if change > 0.005 else "report.same", lang
            )
            rows.append(
                [
                    target,
                    what,
                    f"{_num(m.median_before, sign)} → {_num(m.median_after, sign)}",
                    f"{percent(m.spread_before)} → {percent(m.spread_after)}",
                    str(m.movers),
                    word,
                ]
            )
        if rows:
            add(
                Table(
                    [
                        t("case.value", lang) + " / " + t("report.dilemma", lang).lower(),
                        t("report.what", lang),
                        t("report.median", lang),
                        t("report.spread", lang),
                        t("report.movers", lang),
                        t("report.change", lang),
                    ],
                    rows,
                    [4, 1.8, 2.2, 2.4, 1.6, 2.6],
                    numeric={2, 3, 4},
                )
            )


def _num(n: float, sign: bool = False) -> str:
    return signed(n) if sign else num(n)


def _med(stats, sign: bool = False) -> str:
    if stats is None or stats.median is None:
        return "—"
    return _num(stats.median, sign)


def technology_name(code: ValueCode, tech_id: str, lang: str) -> str:
    """A technology by its name in the code (an id the code does not know stays as written)."""
    tech = code.technology(tech_id)
    return tech.name(lang) if tech else tech_id


def _paragraphs(text: str) -> list[str]:
    """Blank lines separate paragraphs; single newlines inside a paragraph are kept."""
    parts = [p.strip() for p in text.replace("\r\n", "\n").split("\n\n")]
    return [p for p in parts if p]
