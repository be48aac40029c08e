"""Text equivalents of the case charts: tables and plain sentences for screen readers and print.

Built from the same data as the pictures (``case_charts.wheel_data``, ``map_data``,
``tradeoff_data``), so a chart and its text never disagree. Pure: no Streamlit.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from dilemmakaart.case import Case, Response
from dilemmakaart.charts.case_charts import map_data, tradeoff_data, wheel_data
from dilemmakaart.code import ValueCode
from dilemmakaart.i18n import t
from dilemmakaart.scales import in_focus, is_strengthened, quadrant_of
from dilemmakaart.scales import is_under_pressure as under_pressure
from dilemmakaart.wording import balance_words

# a group is "split" on a dilemma when its positions span at least this much of the −100…+100 scale,
# and "close" when they span at most the second figure
SPLIT_RANGE = 100
CLOSE_RANGE = 40


def join_names(names: list[str], lang: str) -> str:
    """``a``, ``a en b``, ``a, b en c`` (``and`` in English)."""
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} {t('charts.and', lang)} {names[-1]}"


def effect_words(effect: int | None, lang: str) -> str:
    if effect is None:
        return "—"
    if under_pressure(effect):
        return t("charts.under_pressure", lang)
    return t("charts.strengthened", lang) if is_strengthened(effect) else t("charts.no_effect", lang)


def _signed(number: float) -> str:
    """+3, −2, 0 (with a real minus sign)."""
    number = round(number) if float(number).is_integer() else round(number, 1)
    return f"+{number}" if number > 0 else f"−{abs(number)}" if number < 0 else "0"


# ------------------------------------------------------------------ value wheel


NOTHING = "—"  # a cell without a number (a value not chosen, a dilemma nobody answered)


def _cells(numbers, show=str) -> list[str]:
    """Numbers as the text of table cells: a dash where there is none, never "None" or "NaN"."""
    return [NOTHING if n is None or pd.isna(n) else show(int(n) if float(n).is_integer() else n) for n in numbers]


def wheel_table(case: Case | None, code: ValueCode, lang: str) -> pd.DataFrame:
    """Every value of the code, in the wheel's order: foundation, principle, value, chosen or not,
    weight and effect (a dash when not chosen; effects with their sign) and the effect in words."""
    values = wheel_data(case, code, lang)["values"]
    yes, no = t("charts.yes", lang), t("charts.no", lang)
    table = pd.DataFrame(
        {
            t("charts.foundation", lang): values["foundation"],
            t("charts.principle", lang): values["principle"],
            t("charts.value", lang): values["value_name"],
            t("charts.tagged", lang): [yes if x else no for x in values["tagged"]],
            t("charts.weight", lang): _cells(values["weight"]),
            t("charts.effect", lang): _cells(values["effect"], _signed),
            t("charts.effect_words", lang): [
                effect_words(None if pd.isna(e) else int(e), lang) for e in values["effect"]
            ],
        }
    )
    return table


# ------------------------------------------------------------------ dilemma map

_QUADRANT_ORDER = [
    "important-pressure",
    "important-neutral",
    "important-strengthened",
    "minor-pressure",
    "minor-neutral",
    "minor-strengthened",
]


def _ordered_points(case: Case, code: ValueCode, lang: str) -> pd.DataFrame:
    points = map_data(case, code, lang)
    points["rank"] = [_QUADRANT_ORDER.index(q) for q in points["quadrant"]]
    return points.sort_values(["rank", "weight", "effect"], ascending=[True, False, True], kind="stable")


def map_table(case: Case, code: ValueCode, lang: str) -> pd.DataFrame:
    """Each value on the map, where to look first at the top: value, weight, effect, foundation and
    the part of the map it is in."""
    points = _ordered_points(case, code, lang)
    return pd.DataFrame(
        {
            t("charts.value", lang): points["value_name"].tolist(),
            t("charts.weight", lang): pd.array(points["weight"].tolist(), dtype="Int64"),
            t("charts.effect", lang): pd.array(points["effect"].tolist(), dtype="Int64"),
            t("charts.foundation", lang): points["foundation"].tolist(),
            t("charts.quadrant_column", lang): [t(f"charts.q.{q}", lang) for q in points["quadrant"]],
        }
    )


def core_dilemmas(case: Case, code: ValueCode) -> list:
    """The dilemmas in which at least one value is important and under pressure."""
    hot = {v.value for v in case.values if in_focus(v)}
    return [d for d in case.dilemmas if d.a in hot or d.b in hot]


def map_sentences(case: Case, code: ValueCode, lang: str) -> list[str]:
    """Plain sentences that say where to look first: the values that are important and under
    pressure, the core dilemmas, and what the project strengthens."""
    points = _ordered_points(case, code, lang)
    if points.empty:
        return [t("charts.map_empty", lang)]
    sentences = [t("charts.s_count", lang, n=len(points))]
    hot = points[points["quadrant"] == "important-pressure"]
    if hot.empty:
        sentences.append(t("charts.s_none_hot", lang))
    else:
        named = [
            t("charts.s_value", lang, name=name, weight=weight, effect=_signed(effect))
            for name, weight, effect in zip(hot["value_name"], hot["weight"], hot["effect"])
        ]
        key = "charts.s_hot_one" if len(named) == 1 else "charts.s_hot"
        sentences.append(t(key, lang, values=join_names(named, lang)))
    if not case.dilemmas:
        sentences.append(t("charts.s_no_dilemmas", lang))
    else:
        core = core_dilemmas(case, code)
        if not core:
            sentences.append(t("charts.s_no_core", lang))
        for d in core:
            a, b = code.value_name(d.a, lang), code.value_name(d.b, lang)
            sentences.append(t("charts.s_core", lang, a=a, b=b, balance=balance_words(a, b, d.balance, lang)))
    strong = points[points["quadrant"] == "important-strengthened"].sort_values(["weight", "effect"], ascending=False)
    if not strong.empty:
        sentences.append(t("charts.s_strengthened", lang, values=join_names(strong["value_name"].tolist(), lang)))
    return sentences


# ------------------------------------------------------------------ trade-offs


def tradeoff_table(case: Case, code: ValueCode, lang: str, responses: list[Response] | None = None) -> pd.DataFrame:
    """One row per dilemma: the two values, the case's balance (−100 = the left value wins fully,
    +100 = the right one) and in words; with responses also the number of participants, the
    group's median, lowest and highest position."""
    rows = tradeoff_data(case, code, lang, responses)["rows"]
    table = {
        t("charts.dilemma_a", lang): rows["a_name"].tolist(),
        t("charts.dilemma_b", lang): rows["b_name"].tolist(),
        t("charts.balance_number", lang): pd.array(rows["balance"].tolist(), dtype="Int64"),
        t("charts.case_balance", lang): rows["balance_text"].tolist(),
    }
    if responses is not None:
        table[t("charts.participants", lang)] = pd.array(rows["n"].tolist(), dtype="Int64")
        # a dilemma nobody answered has a dash, not "None"
        table[t("charts.median_number", lang)] = _cells(rows["median"])
        table[t("charts.lowest", lang)] = _cells(rows["low"])
        table[t("charts.highest", lang)] = _cells(rows["high"])
        table[t("charts.median", lang)] = rows["median_text"].tolist()
    return pd.DataFrame(table)


def tradeoff_sentences(case: Case, code: ValueCode, lang: str, responses: list[Response] | None = None) -> list[str]:
    """One sentence per dilemma: which value weighs more in the case, and with responses where the
    middle of the group lies and whether the group is split or close together."""
    rows = tradeoff_data(case, code, lang, responses)["rows"]
    if rows.empty:
        return [t("charts.tradeoffs_empty", lang)]
    sentences = []
    r: Any  # a frame's rows are untyped
    for r in rows.itertuples():
        text = t("charts.s_tradeoff", lang, a=r.a_name, b=r.b_name, balance=r.balance_text)
        if responses is not None:
            if r.n:
                spread = r.high - r.low
                agreement = (
                    t("charts.s_split", lang)
                    if spread >= SPLIT_RANGE
                    else t("charts.s_close", lang)
                    if spread <= CLOSE_RANGE
                    else t("charts.s_between", lang)
                )
                text += " " + t(
                    "charts.s_group",
                    lang,
                    n=r.n,
                    median=r.median_text,
                    low=_signed(r.low),
                    high=_signed(r.high),
                    agreement=agreement,
                )
            else:
                text += " " + t("charts.s_group_none", lang)
        sentences.append(text)
    return sentences


def quadrant_words(weight: int, effect: int, lang: str) -> str:
    """The part of the map a value is in, in words."""
    return t(f"charts.q.{quadrant_of(weight, effect)}", lang)


# ------------------------------------------------------------------ short summaries (a chart's name)


def map_summary(case: Case, code: ValueCode, lang: str) -> str:
    """The dilemma map in one line, the name a screen reader gives the chart."""
    points = map_data(case, code, lang)
    if points.empty:
        return t("a11y.map_summary_empty", lang)
    hot = int((points["quadrant"] == "important-pressure").sum())
    return t("a11y.map_summary", lang, hot=hot, n=len(points))


def wheel_summary(case: Case | None, code: ValueCode, lang: str) -> str:
    """The value wheel in one line: how many values are chosen, under pressure and strengthened."""
    values = wheel_data(case, code, lang)["values"]
    chosen = values[values["tagged"]]
    effects = [int(e) for e in chosen["effect"] if not pd.isna(e)]
    return t(
        "a11y.wheel_summary",
        lang,
        n=len(chosen),
        total=len(values),
        pressure=sum(1 for e in effects if under_pressure(e)),
        strengthened=sum(1 for e in effects if is_strengthened(e)),
    )


def tradeoffs_summary(case: Case, lang: str) -> str:
    """The trade-offs chart in one line."""
    return t("a11y.tradeoffs_summary", lang, n=len(case.dilemmas))
