"""A draft IAMA (Impact Assessment Mensenrechten en Algoritmes, 2021): its four parts as headings,
the case's content under the questions it answers, the other questions listed as open. The
questions are summarised in our own words; the IAMA itself has the full wording."""

from __future__ import annotations

from functools import partial

from dilemmakaart.case import Case
from dilemmakaart.code import ValueCode
from dilemmakaart.filing import content as c
from dilemmakaart.filing.document import FilingDoc, filing_doc, part, question
from dilemmakaart.i18n import t

_q = partial(question, "iama")  # question number, lang, answer


def rights_lines(case: Case, code: ValueCode, lang: str, default: ValueCode | None) -> list[str]:
    """Values of the case that laws protecting fundamental rights cover (Grondwet, AVG, Awgb, AI Act)."""
    from dilemmakaart.coverage import coverage, coverage_line

    out = []
    rights = {"grondwet", "avg", "awgb", "ai-act"}
    for v in sorted(case.values, key=lambda v: -v.weight):
        if v.value not in code.value_ids:
            continue
        cover = coverage(code, v.value, lang, through=default)
        if any(law.law in rights for law in cover.laws):
            out.append(f"{code.value_name(v.value, lang)}: {coverage_line(code, cover, lang, default)}")
    return out


def law_lines(case: Case, code: ValueCode, lang: str, default: ValueCode | None) -> list[str]:
    from dilemmakaart.coverage import coverage, coverage_line

    out = []
    for v in case.values:
        if v.value not in code.value_ids:
            continue
        cover = coverage(code, v.value, lang, through=default)
        if cover.laws:
            out.append(f"{code.value_name(v.value, lang)}: {coverage_line(code, cover, lang, default)}")
    return out


def build_iama(case: Case, code: ValueCode, lang: str, default: ValueCode | None = None) -> FilingDoc:
    people = []
    if case.organisation:
        people.append(t("filing.organisation", lang, name=case.organisation))
    people += [t("filing.stakeholder", lang, name=s) for s in case.stakeholders]
    owners = sorted({a.owner for a in case.actions if a.owner})
    if owners:
        people.append(t("filing.owners", lang, names=", ".join(owners)))
    if case.decision is not None and case.decision.by:
        people.append(t("filing.decider", lang, name=case.decision.by))
    technology = [t("filing.technology", lang, names=", ".join(case.technology))] if case.technology else []
    weighing = c.dilemma_lines(case, code, lang) + c.option_lines(case, code, lang)
    parts = [
        part(
            "iama",
            "part1",
            lang,
            [
                _q("1.1", lang, c.paragraphs(case.description), check=True),
                _q("1.2", lang, c.decision_lines(case, lang), check=True),
                _q("1.3", lang, c.value_lines(case, code, lang), bullets=True),
                _q("1.4", lang),
                _q("1.5", lang, people, bullets=True, check=True),
            ],
        ),
        part(
            "iama",
            "part2",
            lang,
            [
                _q("2.1", lang),
                _q("2.2", lang, technology, check=True),
                _q("2.3", lang),
            ],
        ),
        part(
            "iama",
            "part3",
            lang,
            [
                _q("3.1", lang, c.decision_lines(case, lang), check=True),
                _q("3.2", lang, c.pressure_lines(case, code, lang), bullets=True),
                _q("3.3", lang, c.action_lines(case, code, lang), bullets=True),
                _q("3.4", lang, c.action_lines(case, code, lang, kinds={"gebruikers"}), bullets=True, check=True),
                _q("3.5", lang, c.review_lines(case, lang), bullets=True),
            ],
        ),
        part(
            "iama",
            "part4",
            lang,
            [
                _q("4.1", lang, rights_lines(case, code, lang, default), bullets=True, check=True),
                _q("4.2", lang, law_lines(case, code, lang, default), bullets=True, check=True),
                _q("4.3", lang, c.pressure_lines(case, code, lang), bullets=True, check=True),
                _q("4.4", lang, weighing, bullets=True, check=True),
            ],
        ),
    ]
    return filing_doc("iama", case.title, c.source_lines(case, code, lang), parts, lang)
