"""A participant's own answers against the group's (``aggregate.standing``): one small chart per
scale, one row per item: the middle half of the group as a bar, the group's median as a tick, the
participant's own answer as a dot. For a phone: narrow, short labels, no legend (the caption says
what is what)."""

from __future__ import annotations

import altair as alt
import pandas as pd

from dilemmakaart.aggregate import Standing
from dilemmakaart.charts.palette import GRID, MUTED_TEXT, TEXT
from dilemmakaart.i18n import t
from dilemmakaart.scales import BALANCE, EFFECT, WEIGHT

SCALES = {"weight": WEIGHT, "effect": EFFECT, "balance": BALANCE}
GROUP = GRID  # the group's middle half: a quiet grey bar
MEDIAN = MUTED_TEXT  # the group's median: a tick
MINE = TEXT  # my own answer: a large dark dot (the foundations' colours mean foundations only)


def standing_data(rows: list[Standing], labels: dict[str, str], kind: str) -> pd.DataFrame:
    """One row per item of ``kind`` the participant answered and the group answered."""
    out = [
        {
            "item": s.item,
            "label": labels.get(s.item, s.item),
            "mine": s.mine,
            "median": s.median,
            "low": s.low,
            "high": s.high,
            "n": s.n,
        }
        for s in rows
        if s.kind == kind and s.mine is not None and s.median is not None
    ]
    return pd.DataFrame(out, columns=["item", "label", "mine", "median", "low", "high", "n"])


def standing_chart(rows: list[Standing], labels: dict[str, str], kind: str, lang: str) -> alt.LayerChart | None:
    """The chart of one scale, or None when there is nothing to draw."""
    frame = standing_data(rows, labels, kind)
    if frame.empty:
        return None
    scale = SCALES[kind]
    x = alt.X(
        "low:Q",
        scale=alt.Scale(domain=[scale.min, scale.max], nice=False),
        axis=alt.Axis(title=t(f"session.stand.axis_{kind}", lang), titleFontSize=12, labelFontSize=11, tickCount=5),
    )
    y = alt.Y(
        "label:N",
        sort=None,
        axis=alt.Axis(title=None, labelFontSize=12, labelLimit=150, labelColor=TEXT),
    )
    base = alt.Chart(frame).encode(y=y)
    band = base.mark_bar(color=GROUP, height=12).encode(x=x, x2="high:Q")
    tick = base.mark_tick(color=MEDIAN, thickness=3, size=18).encode(x="median:Q")
    dot = base.mark_point(color=MINE, fill=MINE, filled=True, size=110, opacity=1).encode(
        x="mine:Q",
        tooltip=[
            alt.Tooltip("label:N", title=t("session.chart.item", lang)),
            alt.Tooltip("mine:Q", title=t("session.stand.you", lang)),
            alt.Tooltip("median:Q", title=t("session.col.median", lang)),
        ],
    )
    chart = alt.LayerChart(layer=[band, tick, dot])
    chart.height = 34 * len(frame) + 10
    chart.width = "container"
    return chart
