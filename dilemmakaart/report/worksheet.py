"""The worksheet of a case for the paper workshop (issue 14): what a phone asks, on A4 to tick by hand.

The case in three lines; per value at stake its meaning and questions from the code, its weight
(0–10) and its effect (−5…+5) as a row of boxes to tick; per dilemma its question and a row of
boxes from "A weighs much more" to "B weighs much more", with room for why. The case's own numbers
are never printed (they would be the answer). The answers are typed in afterwards with the CSV
template or the paper page (``dilemmakaart.paper``), in the same items and scales.
"""

from __future__ import annotations

from datetime import date

from dilemmakaart.case import Case
from dilemmakaart.code import ValueCode
from dilemmakaart.i18n import format_date, t
from dilemmakaart.report.blocks import Block, Bullets, Heading, Para, Report, Table
from dilemmakaart.report.debrief import three_lines
from dilemmakaart.scales import EFFECT, WEIGHT

BOX = "☐"
BALANCE_MARKS = (-100, -75, -50, -25, 0, 25, 50, 75, 100)  # on the balance's steps of 5


def _signed(n: int) -> str:
    return "0" if n == 0 else ("+" if n > 0 else "−") + str(abs(n))


def worksheet_report(case: Case, code: ValueCode, lang: str, *, today: date | None = None) -> Report:
    today = today or date.today()
    blocks: list[Block] = [
        Para(t("paper.ws.name_line", lang)),
        Heading(1, t("teaching.debrief.case", lang)),
        *(Para(line) for line in three_lines(case, code, lang)),
        Para(t("paper.ws.how", lang), "muted"),
        Heading(1, t("paper.ws.values", lang)),
    ]
    weight_cols = [str(n) for n in range(WEIGHT.min, WEIGHT.max + 1)]
    effect_cols = [_signed(n) for n in range(EFFECT.min, EFFECT.max + 1)]
    for v in case.values:
        known = v.value in code.value_ids
        blocks.append(Heading(2, code.value_name(v.value, lang)))
        if known:
            value = code.value(v.value)
            blocks.append(Para(value.meaning(lang), "muted"))
            questions = list(getattr(value.questions, lang))
            if questions:
                blocks.append(Bullets(questions))
        blocks.append(
            Table(
                [t("paper.ws.scale", lang), *weight_cols],
                [[t("paper.ws.weight", lang), *(f"{BOX} " for _ in weight_cols)]],
                [22] + [78 / len(weight_cols)] * len(weight_cols),
                numeric=set(range(1, len(weight_cols) + 1)),
            )
        )
        blocks.append(
            Table(
                [t("paper.ws.scale", lang), *effect_cols],
                [[t("paper.ws.effect", lang), *(f"{BOX} " for _ in effect_cols)]],
                [22] + [78 / len(effect_cols)] * len(effect_cols),
                numeric=set(range(1, len(effect_cols) + 1)),
            )
        )
    if case.dilemmas:
        blocks.append(Heading(1, t("paper.ws.dilemmas", lang)))
        marks = [_signed(n) for n in BALANCE_MARKS]
        for d in case.dilemmas:
            a, b = code.value_name(d.a, lang), code.value_name(d.b, lang)
            blocks.append(Heading(2, f"{a} ↔ {b}"))
            blocks.append(Para(t("paper.ws.dilemma_question", lang, a=a, b=b)))
            if d.options:
                blocks.append(Para(t("paper.ws.options", lang), "muted"))
                blocks.append(Bullets(list(d.options)))
            blocks.append(
                Table(
                    marks,
                    [[f"{BOX} " for _ in marks]],
                    [100 / len(marks)] * len(marks),
                    numeric=set(range(len(marks))),
                    caption=t("paper.ws.balance_legend", lang, a=a, b=b),
                )
            )
            blocks.append(Para(t("paper.ws.why", lang)))
    return Report(
        lang=lang,
        title=case.title,
        subtitle=case.organisation or "",
        kind=t("paper.ws.kind", lang),
        meta=format_date(today, lang),
        date=format_date(today, lang),
        blocks=blocks,
    )


def render_worksheet(case: Case, code: ValueCode, lang: str, *, today: date | None = None) -> bytes:
    from dilemmakaart.report.pdf import render_pdf

    return render_pdf(worksheet_report(case, code, lang, today=today))


def worksheet_file_name(case: Case, lang: str) -> str:
    return f"{case.id}-{'werkblad' if lang == 'nl' else 'worksheet'}.pdf"
