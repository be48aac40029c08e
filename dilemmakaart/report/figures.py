"""The report's charts: images (through ``charts.case_charts`` and ``charts.export``) and their
text equivalents (through ``charts.describe`` where present, else the plain ones here).

``case_figures(case, code, lang)`` renders each chart once, as PNG (for PDF and Word) and SVG (for
HTML); pass the result to ``build_report(..., figures=...)`` to reuse it across formats.
"""

from __future__ import annotations

import logging

from dilemmakaart.case import Case
from dilemmakaart.code import ValueCode
from dilemmakaart.i18n import t
from dilemmakaart.report.content import (
    IMPORTANT,
    Figure,
    Table,
    join_names,
    signed,
    value_name,
)
from dilemmakaart.wording import balance_words

log = logging.getLogger(__name__)

PNG_SCALE = 3.0  # three times the chart's pixel size: about 250 dpi at the printed width
KEYS = ("map", "wheel", "tradeoffs")


def figure_text(key: str, case: Case, code: ValueCode, lang: str) -> Figure:
    """A figure with title, caption and text equivalent, without image."""
    title = t(f"report.{key}_title", lang)
    caption = t(f"report.{key}_caption", lang)
    sentences = _describe(key, case, code, lang)
    table = _table(key, case, code, lang)
    width = 16.0 if key != "wheel" else 13.0
    return Figure(
        key=key,
        title=title,
        caption=caption,
        sentences=sentences,
        table=table,
        width_cm=width,
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
    """Each chart of the case rendered once (PNG and/or SVG) with its text equivalent.

    A chart that cannot be drawn (chart module missing, a renderer error) is left without image:
    the report then shows its text equivalent, and never fails because of a picture."""
    out: dict[str, Figure] = {}
    if not case.values and not case.dilemmas:
        return out
    for key in keys:
        if key == "tradeoffs" and not case.dilemmas:
            continue
        fig = figure_text(key, case, code, lang)
        chart = _chart(key, case, code, lang)
        if chart is not None:
            from dilemmakaart.charts.export import to_png, to_svg

            try:
                if png:
                    fig.png = to_png(chart, scale=scale)
                if svg:
                    fig.svg = to_svg(chart)
            except Exception as exc:
                log.warning("chart %s could not be rendered: %s", key, exc)
                fig.png = fig.svg = None
        out[key] = fig
    return out


def _chart(key: str, case: Case, code: ValueCode, lang: str):
    try:
        from dilemmakaart.charts import case_charts
    except ImportError:
        return None
    try:
        if key == "map":
            return case_charts.dilemma_map(case, code, lang)
        if key == "wheel":
            return case_charts.value_wheel(case, code, lang)
        if key == "tradeoffs":
            return case_charts.tradeoffs(case, code, lang, responses=case.last_round_responses())
    except Exception as exc:
        log.warning("chart %s could not be built: %s", key, exc)
    return None


# ---------------------------------------------------------------- text equivalents


def _describe(key: str, case: Case, code: ValueCode, lang: str) -> list[str]:
    try:
        from dilemmakaart.charts import describe
    except ImportError:
        describe = None
    if describe is not None:
        try:
            if key == "map" and hasattr(describe, "map_sentences"):
                return _as_lines(describe.map_sentences(case, code, lang))
            if key == "tradeoffs" and hasattr(describe, "tradeoff_sentences"):
                return _as_lines(describe.tradeoff_sentences(case, code, lang, case.last_round_responses()))
        except Exception as exc:
            log.warning("text for %s could not be made: %s", key, exc)
    return _plain_sentences(key, case, code, lang)


def _as_lines(result) -> list[str]:
    if isinstance(result, str):
        return [result] if result.strip() else []
    return [str(x) for x in result]


def _plain_sentences(key: str, case: Case, code: ValueCode, lang: str) -> list[str]:
    name = lambda vid: value_name(code, vid, lang)  # noqa: E731
    if key == "map":
        focus = sorted(
            (v for v in case.values if v.effect < 0 and v.weight >= IMPORTANT), key=lambda v: (-v.weight, v.effect)
        )
        strong = sorted((v for v in case.values if v.effect > 0), key=lambda v: (-v.effect, -v.weight))
        return [
            t("report.map_quadrant", lang, values=join_names([name(v.value) for v in focus], lang)),
            t("report.map_strengthened", lang, values=join_names([name(v.value) for v in strong], lang)),
        ]
    if key == "wheel":
        lines = []
        tagged = {v.value: v for v in case.values}
        for f in code.foundations:
            values = [v for p in code.principles_of(f.id) for v in code.values_of(p.id)]
            mine = [tagged[v.id] for v in values if v.id in tagged]
            if not mine:
                continue
            parts = [
                t("report.wheel_value", lang, value=name(v.value), weight=v.weight, effect=signed(v.effect))
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
    if key == "tradeoffs":
        return [
            t(
                "report.tradeoff_line",
                lang,
                a=name(d.a),
                b=name(d.b),
                words=balance_words(name(d.a), name(d.b), d.balance, lang),
            )
            for d in case.dilemmas
        ]
    return []


def _table(key: str, case: Case, code: ValueCode, lang: str) -> Table | None:
    """The map as a table (value, foundation, weight, effect): the other charts are said in sentences."""
    if key != "map" or not case.values:
        return None
    try:
        from dilemmakaart.charts.describe import map_table

        return _from_frame(map_table(case, code, lang), [4, 1.6, 1.6, 3, 4.5])
    except ImportError:
        pass
    except Exception as exc:
        log.warning("table for the map could not be made: %s", exc)
    known = code.value_ids
    rows = []
    for v in sorted(case.values, key=lambda v: (v.effect, -v.weight)):
        foundation = code.foundation_of(v.value).name(lang) if v.value in known else "—"
        rows.append([value_name(code, v.value, lang), foundation, str(v.weight), signed(v.effect)])
    return Table(
        [t("case.value", lang), t("case.foundation", lang), t("report.weight", lang), t("report.effect", lang)],
        rows,
        [4, 3, 2, 2],
        numeric={2, 3},
    )


def _from_frame(frame, widths: list[float]) -> Table:
    """A pandas table as a report table: integers right-aligned with real minus signs."""
    import pandas as pd

    numeric = {i for i, dtype in enumerate(frame.dtypes) if pd.api.types.is_numeric_dtype(dtype)}
    rows = []
    for record in frame.itertuples(index=False):
        row = []
        for i, cell in enumerate(record):
            if cell is None or (not isinstance(cell, str) and pd.isna(cell)):
                row.append("—")
            elif (i in numeric and "ffect" in str(frame.columns[i])) or (i in numeric and cell < 0):
                row.append(signed(cell))
            else:
                row.append(str(cell))
        rows.append(row)
    if len(widths) != len(frame.columns):
        widths = [1.0] * len(frame.columns)
    return Table([str(c) for c in frame.columns], rows, widths, numeric=numeric)
