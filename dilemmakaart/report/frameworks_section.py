"""The report's sections for issue 16: per value at stake, the laws that already cover it and what
it asks beyond them; and the case seen through every other framework the crosswalk links to
(which items take a weight, which only relate, which the case leaves untouched). Blocks only."""

from __future__ import annotations

from dilemmakaart.case import Case
from dilemmakaart.code import ValueCode
from dilemmakaart.i18n import t
from dilemmakaart.report.blocks import Block, Bullets, Heading, Para, Table


def law_blocks(case: Case, code: ValueCode, lang: str) -> list[Block]:
    """Nothing for a case without values."""
    from dilemmakaart.coverage import coverage, coverage_line
    from dilemmakaart.frameworks import frameworks

    values = [v for v in sorted(case.values, key=lambda v: -v.weight) if v.value in code.value_ids]
    if not values:
        return []
    try:
        default: ValueCode | None = frameworks().default
    except Exception:  # a broken default file: the case's own framework still answers
        default = None
    rows = []
    for v in values:
        cover = coverage(code, v.value, lang, through=default)
        rows.append(
            [
                code.value_name(v.value, lang),
                coverage_line(code, cover, lang, default),
                cover.beyond or t("cov.beyond_missing", lang),
            ]
        )
    return [
        Heading(1, t("report.fw.law_title", lang)),
        Para(t("cov.intro", lang), "muted"),
        Table(
            [t("cov.col.value", lang), t("cov.col.laws", lang), t("cov.col.beyond", lang)],
            rows,
            [1.0, 1.6, 2.4],
        ),
    ]


def view_blocks(case: Case, code: ValueCode, lang: str) -> list[Block]:
    """The case through each other framework the crosswalk links to its own; nothing without values
    or without links."""
    from dilemmakaart.crosswalk import usable_crosswalk, view_rows, view_sentences, view_through
    from dilemmakaart.frameworks import frameworks

    if not case.values:
        return []
    try:
        found = frameworks()
        walk, _ = usable_crosswalk()
    except Exception:  # a broken framework or crosswalk file: the report goes on without this section
        return []
    blocks: list[Block] = []
    for other_id in found.ids():
        other = found.by_id[other_id]
        if other.id == code.id or not walk.relates(code.id, other.id):
            continue
        view = view_through(case, code, other, walk)
        rows = view_rows(view, lang)
        blocks += [
            Heading(2, t("cw.view.map_title", lang, title=other.title(lang))),
            Bullets(view_sentences(view, lang, each_related=False)),
            Table(list(rows[0]), [list(r.values()) for r in rows], [1.4, 1.1, 0.6, 0.6, 2.0], numeric={2, 3}),
        ]
    if not blocks:
        return []
    intro: list[Block] = [Heading(1, t("report.fw.view_title", lang)), Para(t("report.fw.view_intro", lang), "muted")]
    if walk.note is not None:
        blocks.append(Para(walk.note(lang), "muted"))
    return intro + blocks
