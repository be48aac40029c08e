"""Starting points for a DPIA: the four elements AVG art. 35(7) asks for at least, each with the
case's content that helps answer it and the questions the case leaves open."""

from __future__ import annotations

from functools import partial

from dilemmakaart.case import Case
from dilemmakaart.code import ValueCode
from dilemmakaart.filing import content as c
from dilemmakaart.filing.document import FilingDoc, filing_doc, part, question
from dilemmakaart.i18n import t

_q = partial(question, "dpia")  # question number, lang, answer


def build_dpia(case: Case, code: ValueCode, lang: str, default: ValueCode | None = None) -> FilingDoc:
    from dilemmakaart.filing.iama import law_lines

    described = c.paragraphs(case.description)
    if case.technology:
        described.append(t("filing.technology", lang, names=", ".join(case.technology)))
    parties = [t("filing.stakeholder", lang, name=s) for s in case.stakeholders]
    weighing = c.dilemma_lines(case, code, lang) + c.option_lines(case, code, lang)
    measures = c.action_lines(case, code, lang)
    parts = [
        part(
            "dpia",
            "part_a",
            lang,
            [
                _q("a.1", lang, described, check=True),
                _q("a.2", lang, c.decision_lines(case, lang), check=True),
                _q("a.3", lang),
                _q("a.4", lang, parties, bullets=True, check=True),
                _q("a.5", lang),
            ],
        ),
        part(
            "dpia",
            "part_b",
            lang,
            [
                _q("b.1", lang),
                _q("b.2", lang, weighing, bullets=True, check=True),
                _q("b.3", lang),
            ],
        ),
        part(
            "dpia",
            "part_c",
            lang,
            [
                _q("c.1", lang, c.pressure_lines(case, code, lang), bullets=True, check=True),
                _q("c.2", lang, law_lines(case, code, lang, default), bullets=True, check=True),
            ],
        ),
        part(
            "dpia",
            "part_d",
            lang,
            [
                _q("d.1", lang, measures, bullets=True, check=True),
                _q("d.2", lang, c.review_lines(case, lang), bullets=True),
            ],
        ),
    ]
    return filing_doc("dpia", case.title, c.source_lines(case, code, lang), parts, lang)
