"""What a case says, in sentences a filing document can use: its values, dilemmas, options,
actions and decision, in the case's own framework and in the language asked."""

from __future__ import annotations

from dilemmakaart.case import Case
from dilemmakaart.code import ValueCode
from dilemmakaart.i18n import format_date, t
from dilemmakaart.scales import is_important, is_under_pressure
from dilemmakaart.wording import balance_words, signed


def paragraphs(text: str) -> list[str]:
    return [p.strip() for p in text.replace("\r\n", "\n").split("\n\n") if p.strip()]


def source_lines(case: Case, code: ValueCode, lang: str) -> list[str]:
    lines = [t("filing.source.case", lang, title=case.title, id=case.id, revision=case.revision)]
    if case.code_version:
        lines.append(t("filing.source.framework", lang, title=code.title(lang), version=case.code_version))
    else:  # a case from before versions were recorded
        lines.append(t("filing.source.framework_unversioned", lang, title=code.title(lang)))
    if case.updated is not None:
        lines.append(t("filing.source.updated", lang, date=format_date(case.updated, lang)))
    return lines


def value_lines(case: Case, code: ValueCode, lang: str, only: set[str] | None = None) -> list[str]:
    """Each value at stake, heaviest first: name, weight, effect and the case's note."""
    out = []
    for v in sorted(case.values, key=lambda v: (-v.weight, v.effect)):
        if only is not None and v.value not in only:
            continue
        line = t("filing.value", lang, name=code.value_name(v.value, lang), weight=v.weight, effect=signed(v.effect))
        if v.note.strip():
            line += " " + v.note.strip()
        out.append(line)
    return out


def pressure_lines(case: Case, code: ValueCode, lang: str) -> list[str]:
    """Values the project puts under pressure, heaviest first, with what weighs heavily said."""
    out = []
    for v in sorted(case.values, key=lambda v: (-v.weight, v.effect)):
        if not is_under_pressure(v.effect):
            continue
        key = "filing.pressure_heavy" if is_important(v.weight) else "filing.pressure"
        line = t(key, lang, name=code.value_name(v.value, lang), weight=v.weight, effect=signed(v.effect))
        if v.note.strip():
            line += " " + v.note.strip()
        out.append(line)
    return out


def dilemma_lines(case: Case, code: ValueCode, lang: str) -> list[str]:
    out = []
    for d in case.dilemmas:
        a, b = code.value_name(d.a, lang), code.value_name(d.b, lang)
        line = t("filing.dilemma", lang, a=a, b=b, balance=balance_words(a, b, d.balance, lang))
        if d.rationale.strip():
            line += " " + d.rationale.strip()
        if d.options:
            line += " " + t("filing.dilemma_options", lang, options="; ".join(o.strip().rstrip(".") for o in d.options))
        out.append(line)
    return out


def option_lines(case: Case, code: ValueCode, lang: str) -> list[str]:
    from dilemmakaart.options import rank, ranking_sentence

    if not case.options:
        return []
    out = [f"{o.title}: {o.description}".strip().rstrip(":") for o in case.options]
    ranking = rank(case)
    out.append(ranking_sentence(case, ranking, lang))
    return out


def action_lines(case: Case, code: ValueCode, lang: str, kinds: set[str] | None = None) -> list[str]:
    out = []
    for a in case.actions:
        if kinds is not None and a.kind not in kinds:
            continue
        parts = [a.text]
        if a.values:
            parts.append(t("filing.action_values", lang, values=", ".join(code.value_name(v, lang) for v in a.values)))
        if a.owner:
            parts.append(t("filing.action_owner", lang, owner=a.owner))
        if a.due is not None:
            parts.append(t("filing.action_due", lang, date=format_date(a.due, lang)))
        parts.append(t(f"filing.action_status.{a.status}", lang))
        out.append(" ".join(parts))
    return out


def decision_lines(case: Case, lang: str) -> list[str]:
    if case.decision is None or not case.decision.text.strip():
        return []
    out = paragraphs(case.decision.text)
    d = case.decision
    if d.date is not None or d.by:
        out.append(t("filing.decided", lang, date=format_date(d.date, lang) if d.date else "-", by=d.by or "-"))
    return out


def review_lines(case: Case, lang: str) -> list[str]:
    if case.decision is None:
        return []
    out = []
    if case.decision.review is not None:
        out.append(t("filing.review", lang, date=format_date(case.decision.review, lang)))
    out += [t("filing.trigger", lang, trigger=trig) for trig in case.decision.triggers]
    return out
