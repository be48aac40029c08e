"""What the board report says, independent of its format: a list of plain blocks.

``build_content`` turns a case into a ``Report`` (title, meta line, blocks). Each format module
(html, markdown, pdf, docx) only lays those blocks out. All text here is plain text as the user
typed it; every format escapes it in its own way and never interprets it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Union

from dilemmakaart.case import Case
from dilemmakaart.code import ValueCode
from dilemmakaart.i18n import t
from dilemmakaart.wording import balance_words, signed

MAX_INSTRUMENTS = 6  # described in full; the rest are named in one sentence
IMPORTANT = 5  # weight from which a value counts as important: the same as the map's quadrant (case_charts)


# ---------------------------------------------------------------- blocks


@dataclass
class Heading:
    level: int  # 1 = section, 2 = subsection
    text: str
    colour: str | None = None  # a foundation's colour, for a small marker


@dataclass
class Para:
    text: str
    style: str = "body"  # body | muted | lead | strong


@dataclass
class Bullets:
    items: list[str]


@dataclass
class Facts:
    """A two-column table of label and value (the project's facts, the decision)."""

    rows: list[tuple[str, str]]


@dataclass
class Table:
    columns: list[str]
    rows: list[list[str]]
    widths: list[float]  # relative widths, one per column
    numeric: set[int] = field(default_factory=set)  # columns aligned right
    caption: str = ""


@dataclass
class Figure:
    key: str  # map | wheel | tradeoffs
    title: str
    caption: str
    sentences: list[str]  # the text equivalent, for screen readers and Markdown
    table: Table | None = None  # a table equivalent, where there is one
    png: bytes | None = None
    svg: str | None = None
    width_cm: float = 16.0  # printed width
    words: str = "In words"  # the label of the text equivalent, in the report's language


@dataclass
class PageBreak:
    pass


Block = Union[Heading, Para, Bullets, Facts, Table, Figure, PageBreak]


@dataclass
class Report:
    lang: str
    title: str
    subtitle: str  # organisation
    kind: str  # "Rapport voor het bestuur"
    meta: str  # revision · status · date
    date: str
    case_id: str
    blocks: list[Block]

    def text(self) -> str:
        """All the words of the report, in order (for tests and search)."""
        out = [self.kind, self.title, self.subtitle, self.meta]
        for b in self.blocks:
            if isinstance(b, (Heading, Para)):
                out.append(b.text)
            elif isinstance(b, Bullets):
                out.extend(b.items)
            elif isinstance(b, Facts):
                out.extend(f"{k}: {v}" for k, v in b.rows)
            elif isinstance(b, Table):
                out.append(" | ".join(b.columns))
                out.extend(" | ".join(r) for r in b.rows)
            elif isinstance(b, Figure):
                out.extend([b.title, b.caption, *b.sentences])
        return "\n".join(out)


# ---------------------------------------------------------------- small pure helpers


def effect_words(effect: int, lang: str) -> str:
    key = "-" if effect < 0 else "+" if effect > 0 else "0"
    return f"{signed(effect)} ({t('report.effect_words.' + key, lang)})"


def fmt_date(value: date | datetime | None, lang: str, *, short: bool = False) -> str:
    """A date as people write it: 28 januari 2026 / 28 January 2026; ``short`` for a narrow table
    column: 30-09-2026 / 30 Sep 2026. No date: a dash."""
    if value is None:
        return "—"
    if isinstance(value, datetime):
        value = value.date()
    if short and lang != "en":
        return value.strftime("%d-%m-%Y")
    month = _MONTHS[lang if lang in _MONTHS else "nl"][value.month - 1]
    return f"{value.day} {month[:3] if short else month} {value.year}"


def fmt_date_short(value: date | datetime | None, lang: str) -> str:
    return fmt_date(value, lang, short=True)


_MONTHS = {
    "nl": [
        "januari",
        "februari",
        "maart",
        "april",
        "mei",
        "juni",
        "juli",
        "augustus",
        "september",
        "oktober",
        "november",
        "december",
    ],
    "en": [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
}


def label(key: str, value: str | None, lang: str) -> str:
    return t(f"{key}.{value}", lang) if value else "—"


def join_names(names: list[str], lang: str) -> str:
    if not names:
        return t("report.map_none", lang)
    if len(names) == 1:
        return names[0]
    last = " en " if lang == "nl" else " and "
    return ", ".join(names[:-1]) + last + names[-1]


def value_name(code: ValueCode, value_id: str, lang: str) -> str:
    return code.value_name(value_id, lang)


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
    summary: object  # aggregate.GroupSummary


def session_rounds(case: Case) -> list[RoundSummary]:
    """Per round (sessions with the same round number are pooled): the group's summary."""
    from dilemmakaart.aggregate import summarise

    by_round: dict[int, list] = {}
    held: dict[int, date | datetime | None] = {}
    for s in case.sessions:
        by_round.setdefault(s.round, []).extend(s.responses)
        if s.held is not None:
            held.setdefault(s.round, s.held)
    return [
        RoundSummary(
            rnd,
            held.get(rnd),
            len({r.participant for r in by_round[rnd]}),
            by_round[rnd],
            summarise(case, by_round[rnd]),
        )
        for rnd in sorted(by_round)
        if by_round[rnd]
    ]


def percent(share: float | None) -> str:
    return "—" if share is None else f"{round(share * 100)}%"


# ---------------------------------------------------------------- instruments


def next_instruments(case: Case, code: ValueCode, lang: str) -> list[tuple[str, str, list[str]]]:
    """Instruments the case calls for (``analysis.instruments_next``): (name, what, reasons)."""
    from dilemmakaart.analysis import instruments_next

    out = []
    for advice in instruments_next(case, code):
        reasons = [value_name(code, v, lang) for v in advice.values]
        reasons += [_technology_name(code, x, lang) for x in advice.technologies]
        out.append((advice.instrument.name(lang), advice.instrument.what(lang), reasons))
    return out


# ---------------------------------------------------------------- the report


def build_content(
    case: Case, code: ValueCode, lang: str, *, today: date | None = None, figures: dict[str, Figure] | None = None
) -> Report:
    """The whole report as blocks. ``figures`` (from ``report.figures``) adds the chart images."""
    today = today or date.today()
    figures = figures or {}
    blocks: list[Block] = []
    add = blocks.append
    known = code.value_ids
    name = lambda vid: value_name(code, vid, lang)  # noqa: E731

    # -- in short
    add(Heading(1, t("report.summary", lang)))
    pressure = [v for v in case.values if v.effect < 0]
    focus = sorted((v for v in pressure if v.weight >= IMPORTANT), key=lambda v: (-v.weight, v.effect))
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
        t("report.summary_decision", lang, date=fmt_date(decision.date, lang))
        if decision and decision.date
        else t("report.summary_no_decision", lang)
    )
    add(Bullets(summary))

    # -- the project
    add(Heading(1, t("report.project", lang)))
    add(
        Facts(
            [
                (t("case.organisation", lang), case.organisation or "—"),
                (t("case.organisation_type", lang), label("organisation_type", case.organisation_type, lang)),
                (t("case.phase", lang), label("phase", case.phase, lang)),
                (t("case.status", lang), label("status", case.status, lang)),
                (
                    t("case.technology", lang),
                    ", ".join(_technology_name(code, x, lang) for x in case.technology) or "—",
                ),
                (t("case.stakeholders", lang), "; ".join(case.stakeholders) or "—"),
            ]
        )
    )
    add(Heading(2, t("case.description", lang)))
    if case.description.strip():
        for part in _paragraphs(case.description):
            add(Para(part))
    else:
        add(Para(t("report.no_description", lang), "muted"))

    # -- values at stake, grouped by foundation
    add(Heading(1, t("case.values_at_stake", lang)))
    if case.values:
        add(Para(t("report.values_intro", lang), "muted"))
        from dilemmakaart.charts.palette import foundation_colours

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
            add(Heading(2, f.name(lang), colour=colours[f.id]))
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
            add(Table(columns, rows, [38, 30, 16, 22, 64], numeric={2}))
        unknown = [v for v in case.values if v.value not in known]
        if unknown:
            rows = [[v.value, "—", str(v.weight), effect_words(v.effect, lang), v.note or "—"] for v in unknown]
            add(Table(columns, rows, [38, 30, 16, 22, 64], numeric={2}))
    else:
        add(Para(t("report.no_values", lang), "muted"))

    # -- charts
    if case.values:
        add(Heading(1, t("report.charts", lang)))
        for key in ("map", "wheel"):
            fig = figures.get(key) or _figure_text_only(key, case, code, lang)
            add(fig)

    # -- dilemmas
    add(Heading(1, t("case.dilemmas", lang)))
    if case.dilemmas:
        add(Para(t("report.dilemmas_intro", lang), "muted"))
        if "tradeoffs" in figures:
            add(figures["tradeoffs"])
        for d in case.dilemmas:
            a, b = name(d.a), name(d.b)
            add(Heading(2, f"{a} – {b}"))
            add(Para(f"{t('report.balance', lang)}: {balance_words(a, b, d.balance, lang)}", "strong"))
            if d.rationale.strip():
                for part in _paragraphs(d.rationale):
                    add(Para(part))
            else:
                add(Para(t("report.no_rationale", lang), "muted"))
            options = [o for o in d.options if o.strip()]
            if options:
                add(Para(t("report.options", lang), "strong"))
                add(Bullets(options))
    else:
        add(Para(t("report.no_dilemmas", lang), "muted"))

    # -- actions by priority
    add(Heading(1, t("case.actions", lang)))
    if case.actions:
        add(Para(t("report.actions_intro", lang), "muted"))
        rows = []
        for a in sorted(case.actions, key=lambda a: -a.priority):  # stable: equal priority keeps file order
            rows.append(
                [
                    a.text,
                    label("action_kind", a.kind, lang),
                    ", ".join(name(v) for v in a.values) or "—",
                    str(a.priority) if a.priority else "—",
                    a.owner or "—",
                    fmt_date_short(a.due, lang),
                    label("action_status", a.status, lang),
                ]
            )
        add(
            Table(
                [
                    t("case.action", lang),
                    t("case.kind", lang),
                    t("report.safeguards", lang),
                    t("report.prio_short", lang),
                    t("case.owner", lang),
                    t("case.due", lang),
                    t("case.action_status", lang),
                ],
                rows,
                [42, 22, 36, 9, 26, 17, 18],
                numeric={3},
            )
        )
    else:
        add(Para(t("report.no_actions", lang), "muted"))

    # -- decision
    add(Heading(1, t("case.decision", lang)))
    if decision and (decision.text.strip() or decision.date):
        add(
            Facts(
                [
                    (t("report.decision_date", lang), fmt_date(decision.date, lang)),
                    (t("report.decision_by", lang), decision.by or "—"),
                    (t("report.decision_review", lang), fmt_date(decision.review, lang)),
                ]
            )
        )
        for part in _paragraphs(decision.text):
            add(Para(part))
    else:
        add(Para(t("report.no_decision", lang), "muted"))

    # -- sessions
    rounds = session_rounds(case)
    if rounds:
        add(Heading(1, t("report.sessions", lang)))
        add(Para(t("report.sessions_intro", lang), "muted"))
        _session_blocks(blocks, rounds, case, code, lang)

    # -- instruments
    add(Heading(1, t("report.instruments", lang)))
    instruments = next_instruments(case, code, lang)
    if instruments:
        add(Para(t("report.instruments_intro", lang), "muted"))
        for inst_name, what, reasons in instruments[:MAX_INSTRUMENTS]:
            add(Heading(2, inst_name))
            add(Para(what))
            add(Para(t("report.instrument_why", lang, reasons=join_names(reasons, lang)), "muted"))
        if len(instruments) > MAX_INSTRUMENTS:
            rest = [inst_name for inst_name, _, _ in instruments[MAX_INSTRUMENTS:]]
            add(Para(t("report.instruments_more", lang, names=join_names(rest, lang))))
    else:
        add(Para(t("report.no_instruments", lang), "muted"))

    # -- the code
    add(Heading(1, t("report.code", lang)))
    authors = join_names(list(code.authors), lang)
    add(Para(t("report.code_used", lang, title=code.title(lang), authors=authors, year=code.year)))
    reconstructed = [name(v) for v in case.tagged() if v in known and code.value(v).status == "reconstructed"]
    add(
        Para(
            t("report.reconstructed", lang, values=join_names(reconstructed, lang))
            if reconstructed
            else t("report.no_reconstructed", lang)
        )
    )
    add(Para(code.source_note(lang), "muted"))

    # -- colophon
    add(Heading(1, t("report.colophon", lang)))
    add(
        Para(
            t(
                "report.colophon_text",
                lang,
                date=fmt_date(today, lang),
                revision=case.revision,
                id=case.id,
                updated=fmt_date(case.updated, lang),
            )
        )
    )

    meta = t(
        "report.meta",
        lang,
        revision=case.revision,
        status=label("status", case.status, lang),
        date=fmt_date(today, lang),
    )
    return Report(
        lang=lang,
        title=case.title,
        subtitle=case.organisation or "",
        kind=t("report.kind", lang),
        meta=meta,
        date=fmt_date(today, lang),
        case_id=case.id,
        blocks=blocks,
    )


def _session_blocks(blocks: list[Block], rounds: list[RoundSummary], case: Case, code: ValueCode, lang: str) -> None:
    from dilemmakaart.aggregate import movement

    add = blocks.append
    name = lambda vid: value_name(code, vid, lang)  # noqa: E731

    def pair_name(key: str) -> str:
        a, _, b = key.partition("|")
        return f"{name(a)} – {name(b)}"

    def verdict(*stats) -> str:
        stats = [s for s in stats if s is not None and s.n]
        if any(s.split is not None for s in stats):
            return t("report.group_split", lang)
        if any(s.differ for s in stats):
            return t("report.group_differ", lang)
        if stats and all(s.agree for s in stats):
            return t("report.group_agree", lang)
        return t("report.group_between", lang)

    for r in rounds:
        items = r.summary.items
        add(Heading(2, t("report.round", lang, round=r.round)))
        held = fmt_date(r.held, lang) if r.held else "—"
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
            if s and s.n:
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
        add(Heading(2, t("report.movement", lang, first=first.round, last=last.round)))
        add(Para(t("report.movement_intro", lang), "muted"))
        rows = []
        for m in movement(case, first.responses, last.responses):
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


def _technology_name(code: ValueCode, tech_id: str, lang: str) -> str:
    tech = code.technology(tech_id)
    return tech.name(lang) if tech else tech_id


def _paragraphs(text: str) -> list[str]:
    """Blank lines separate paragraphs; single newlines inside a paragraph are kept."""
    parts = [p.strip() for p in text.replace("\r\n", "\n").split("\n\n")]
    return [p for p in parts if p]


# ---------------------------------------------------------------- text equivalents of the charts


def _figure_text_only(key: str, case: Case, code: ValueCode, lang: str) -> Figure:
    """A figure without image: its title, caption and text equivalent."""
    from dilemmakaart.report.figures import figure_text

    return figure_text(key, case, code, lang)
