"""The report's charts: images (through ``charts.case_charts`` and ``charts.export``) and their
text equivalents (through ``charts.describe``: the same words as the app).

``case_figures(case, code, lang)`` renders each chart once, as PNG (for PDF, Word and Markdown) and
SVG (for HTML); pass the result to ``render_report(..., figures=...)`` to reuse it across formats.
A chart that cannot be drawn is an error, never a silent gap: a broken chart library fails loudly.
"""

from __future__ import annotations

from dilemmakaart.case import Case
from dilemmakaart.charts import case_charts, describe
from dilemmakaart.charts.export import to_png, to_svg
from dilemmakaart.code import ValueCode
from dilemmakaart.i18n import t
from dilemmakaart.report.blocks import Figure, Table
from dilemmakaart.wording import signed

PNG_SCALE = 3.0  # three times the chart's pixel size: about 250 dpi at the printed width
KEYS = ("map", "wheel", "tradeoffs")


def figure_text(key: str, case: Case, code: ValueCode, lang: str) -> Figure:
    """A figure with title, caption and text equivalent, without image."""
    return Figure(
        key=key,
        title=t(f"report.{key}_title", lang),
        caption=t(f"report.{key}_caption", lang),
        sentences=_sentences(key, case, code, lang),
        table=_map_table(case, code, lang) if key == "map" and case.values else None,
        width_cm=13.0 if key == "wheel" else 16.0,
        words=t("report.chart_text", lang),
    )


def case_figures(
    case: Case,
    code: ValueCode,
    lang: str,
    *,
    keys: tuple[str, ...] = KEYS,
    png: bool = True,
    svg: bool = True,
    scale: float = PNG_SCALE,
) -> dict[str, Figure]:
    """Each chart of the case with its text equivalent, rendered once as PNG and/or SVG (neither:
    the text equivalents alone). The map and the wheel need values, the trade-offs dilemmas."""
    out: dict[str, Figure] = {}
    for key in keys:
        if (key == "tradeoffs" and not case.dilemmas) or (key != "tradeoffs" and not case.values):
            continue
        fig = figure_text(key, case, code, lang)
        if png or svg:
            chart = _chart(key, case, code, lang)
            if png:
                fig.png = to_png(chart, scale=scale)
            if svg:
                fig.svg = to_svg(chart)
        out[key] = fig
    return out


def _chart(key: str, case: Case, code: ValueCode, lang: str):
    if key == "map":
        return case_charts.dilemma_map(case, code, lang)
    if key == "wheel":
        return case_charts.value_wheel(case, code, lang)
    if key == "tradeoffs":
        return case_charts.tradeoffs(case, code, lang, responses=case.last_round_responses())
    raise ValueError(f"unknown chart {key!r}")


# ---------------------------------------------------------------- text equivalents


def _sentences(key: str, case: Case, code: ValueCode, lang: str) -> list[str]:
    if key == "map":
        return describe.map_sentences(case, code, lang)
    if key == "tradeoffs":
        return describe.tradeoff_sentences(case, code, lang, case.last_round_responses())
    if key == "wheel":
        return _wheel_sentences(case, code, lang)
    raise ValueError(f"unknown chart {key!r}")


def _wheel_sentences(case: Case, code: ValueCode, lang: str) -> list[str]:
    """Per foundation: the chosen values with weight and effect, and how many were not chosen."""
    lines = []
    tagged = {v.value: v for v in case.values}
    for f in code.foundations:
        values = [v for p in code.principles_of(f.id) for v in code.values_of(p.id)]
        mine = [tagged[v.id] for v in values if v.id in tagged]
        if not mine:
            continue
        parts = [
            t(
                "report.wheel_value",
                lang,
                value=code.value_name(v.value, lang),
                weight=v.weight,
                effect=signed(v.effect),
            )
            for v in mine
        ]
        lines.append(
            t(
                "report.wheel_line",
                lang,
                foundation=f.name(lang),
                values="; ".join(parts),
                total=len(values),
                untagged=len(values) - len(mine),
            )
        )
    return lines


def _map_table(case: Case, code: ValueCode, lang: str) -> Table:
    """The map as a table (``describe.map_table``): numbers right-aligned, effects with their sign."""
    import pandas as pd

    frame = describe.map_table(case, code, lang)
    numeric = {i for i, dtype in enumerate(frame.dtypes) if pd.api.types.is_numeric_dtype(dtype)}
    effect_column = t("charts.effect", lang)
    rows = []
    for record in frame.itertuples(index=False):
        row = []
        for i, cell in enumerate(record):
            if cell is None or (not isinstance(cell, str) and pd.isna(cell)):
                row.append("—")
            elif i in numeric and (frame.columns[i] == effect_column or cell < 0):
                row.append(signed(cell))
            else:
                row.append(str(cell))
        rows.append(row)
    widths = [4, 1.6, 1.6, 3, 4.5] if len(frame.columns) == 5 else [1.0] * len(frame.columns)
    return Table([str(c) for c in frame.columns], rows, widths, numeric=numeric)
