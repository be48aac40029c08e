"""Charts as files: PNG (for slides and print) and SVG (sharp at any size), through vl-convert."""

from __future__ import annotations

import vl_convert as vlc

from dilemmakaart.charts import AnyChart


def to_svg(chart: AnyChart) -> str:
    return vlc.vegalite_to_svg(chart.to_dict())


def to_png(chart: AnyChart, scale: float = 2.0) -> bytes:
    """PNG at ``scale`` times the chart's size (2 is sharp on a projector and in print)."""
    return vlc.vegalite_to_png(chart.to_dict(), scale=scale)
