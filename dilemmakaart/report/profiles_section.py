"""The report's section on profiles (issue 14): the groups (classes) and references of the case side
by side per item, how far each group is from each reference, and where they are furthest apart.
Blocks only; every format lays them out. Nothing for a case without profiles."""

from __future__ import annotations

from dilemmakaart.case import Case
from dilemmakaart.code import ValueCode
from dilemmakaart.i18n import t
from dilemmakaart.profiles import comparison_text
from dilemmakaart.report.blocks import Block, Bullets, Heading, Para, Table

MAX_COLUMNS = 5  # profiles side by side on an A4 page (the case's own weighing comes first)


def profiles_blocks(case: Case, code: ValueCode, lang: str) -> list[Block]:
    if not case.profiles:
        return []
    blocks: list[Block] = [
        Heading(1, t("teaching.report.title", lang)),
        Para(t("teaching.report.intro", lang), "muted"),
    ]
    listed = [
        f"{p.name} ({t(f'teaching.kind.{p.kind}', lang)}, {p.date.isoformat()}"
        + (f", {t('teaching.report.people', lang, n=p.participants)}" if p.participants is not None else "")
        + ")"
        + (f": {p.note}" if p.note else "")
        for p in case.profiles
    ]
    blocks.append(Bullets(listed))
    names = [p.name for p in case.profiles]
    shown = names[:MAX_COLUMNS]
    text = comparison_text(case, shown, code, lang, own=t("teaching.compare.own_short", lang))
    if len(names) > MAX_COLUMNS:
        blocks.append(Para(t("teaching.report.first_only", lang, n=MAX_COLUMNS, total=len(names)), "muted"))
    blocks.append(Bullets(text.sentences))
    widths = [34.0] + [66.0 / (len(text.columns) - 1)] * (len(text.columns) - 1)
    blocks.append(
        Table(
            text.columns,
            text.rows,
            widths,
            numeric=set(range(1, len(text.columns))),
            caption=t("teaching.compare.legend", lang),
        )
    )
    return blocks
