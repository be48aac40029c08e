"""The report's section on options (issue 15): the ranking and its margin, the options that are not
permitted and why, what would change the decision, the group's winners and which disagreements
matter, and the legal floors of the values at stake. Blocks only; every format lays them out."""

from __future__ import annotations

from dilemmakaart.case import Case
from dilemmakaart.charts.sensitivity_charts import flip_table
from dilemmakaart.code import ValueCode
from dilemmakaart.i18n import t
from dilemmakaart.options import (
    disagreement_sentence,
    flip_sentence,
    floor_lines,
    group_sentence,
    not_allowed,
    ranking_sentence,
    sensitivity,
    signed_words,
    since_decision,
    since_lines,
)
from dilemmakaart.report.blocks import Block, Bullets, Heading, Para, Table


def options_blocks(case: Case, code: ValueCode, lang: str, *, decided: Case | None = None) -> list[Block]:
    """Nothing for a case without options, without a legal floor among its values and without a
    decided version to compare with (``decided``: at a review, the version that was decided)."""
    floors = _floor_blocks(case, code, lang)
    since = _since_blocks(case, code, lang, decided)
    if not case.options:
        out: list[Block] = []
        if since:
            out += [Heading(1, t("report.options.title", lang)), *since]
        if floors:
            out += [Heading(1, t("report.options.floors_title", lang)), *floors]
        return out
    name = lambda v: code.value_name(v, lang)  # noqa: E731
    result = sensitivity(case)
    blocks: list[Block] = [Heading(1, t("report.options.title", lang)), Para(t("report.options.intro", lang), "muted")]
    blocks.append(Para(ranking_sentence(case, result.ranking, lang), "strong"))
    if result.ranking.scores:
        rows = [
            [str(i), _title(case, option_id), signed_words(score, lang)]
            for i, (option_id, score) in enumerate(result.ranking.scores.items(), start=1)
        ]
        columns = [t("options.col.rank", lang), t("options.col.option", lang), t("options.col.score", lang)]
        blocks.append(Table(columns, rows, [8, 70, 14], numeric={0, 2}))
    refused = not_allowed(case)
    if refused:
        blocks.append(Heading(2, t("report.options.not_allowed", lang)))
        blocks.append(
            Bullets(
                [
                    f"{o.title}: "
                    + "; ".join(
                        t("options.breach_reason", lang, value=name(b.value), law=b.law, why=b.why) for b in o.breaks
                    )
                    for o in refused
                ]
            )
        )
    if result.ranking.best is not None and len(result.ranking.scores) > 1:
        blocks.append(Heading(2, t("options.what_changes", lang)))
        nearest = result.nearest()
        lines = [flip_sentence(case, f, name(f.value), lang) for f in nearest] or [t("options.no_flip", lang)]
        blocks.append(Bullets(lines))
        frame = flip_table(case, result, code, lang)
        blocks.append(
            Table(
                list(frame.columns),
                [[str(x) for x in row] for row in frame.itertuples(index=False)],
                [26, 10, 22, 18, 32],
                numeric={1},
                caption=t("report.options.flip_caption", lang),
            )
        )
        if result.group is not None:
            blocks.append(Heading(2, t("options.group", lang)))
            share = [group_sentence(case, result.group, o, lang) for o in result.group.counts]
            if result.group.undecided:
                share.append(t("options.group_undecided", lang, k=result.group.undecided, n=result.group.participants))
            blocks.append(Bullets(share))
            blocks.append(Para(t("options.disagreements", lang), "strong"))
            if result.disagreements:
                blocks.append(
                    Bullets([disagreement_sentence(d, name(d.value), lang, case) for d in result.disagreements])
                )
            else:
                blocks.append(Para(t("options.no_disagreements", lang), "muted"))
    blocks += since
    if floors:
        blocks += [Heading(2, t("report.options.floors_title", lang)), *floors]
    return blocks


def _since_blocks(case: Case, code: ValueCode, lang: str, decided: Case | None) -> list[Block]:
    """At a review: what changed in the weights since the decided version, and whether the best
    option changed."""
    if decided is None:
        return []
    since = since_decision(decided, case)
    lines = since_lines(decided, case, since, lambda v: code.value_name(v, lang), lang)
    return [Heading(2, t("options.since.title", lang, revision=since.revision)), Bullets(lines)]


def _floor_blocks(case: Case, code: ValueCode, lang: str) -> list[Block]:
    items = []
    for v in case.values:
        if v.value not in code.value_ids:
            continue
        for line in floor_lines(code.value(v.value), lang):
            items.append(f"{code.value_name(v.value, lang)} — {line}")
    if not items:
        return []
    return [Para(t("report.options.floors_intro", lang), "muted"), Bullets(items)]


def _title(case: Case, option_id: str) -> str:
    option = case.option(option_id)
    return option.title if option is not None else option_id
