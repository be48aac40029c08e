"""Colours used in every chart and report, safe for colour-blind readers (Okabe–Ito based).

The same foundation always has the same colour. Effects use a diverging orange–blue scale:
orange is "under pressure", blue is "strengthened", so red–green confusion never matters.
"""

from __future__ import annotations

from dilemmakaart.scales import EFFECT, PRESSURE_EFFECT

FOUNDATION_COLOURS = {
    "democratie": "#0072B2",  # blue
    "rechtsstaat": "#D55E00",  # vermillion
    "bestuurskracht": "#009E73",  # bluish green
}
FALLBACK_COLOURS = ["#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000"]  # for other codes' foundations

UNTAGGED = "#D9D9D9"
TEXT = "#1A1A1A"
MUTED_TEXT = "#4D4D4D"
GRID = "#BFBFBF"
QUADRANT_FILL = "#FDE0C5"  # the "important and under pressure" quadrant

# Effect −5…+5: strong orange (under pressure) … light grey (neutral) … strong blue (strengthened)
EFFECT_DOMAIN = [EFFECT.min, PRESSURE_EFFECT, EFFECT.max]
EFFECT_RANGE = ["#B35806", "#F7F7F7", "#2166AC"]
# The same scale with a step at ±1, for marks where a small effect must still read as orange or
# blue (the value wheel): −1 is already light orange, +1 light blue, only 0 is near white.
EFFECT_STEPS_DOMAIN = [EFFECT.min, PRESSURE_EFFECT - 1, PRESSURE_EFFECT, PRESSURE_EFFECT + 1, EFFECT.max]
EFFECT_STEPS_RANGE = ["#B35806", "#FDB863", "#F7F7F7", "#92C5DE", "#2166AC"]


def foundation_colours(foundation_ids: list[str]) -> dict[str, str]:
    """A colour for each foundation id: the fixed ones first, then the fallback list in order."""
    spare = iter(FALLBACK_COLOURS)
    return {fid: FOUNDATION_COLOURS.get(fid) or next(spare, "#777777") for fid in foundation_ids}


def effect_colour(effect: float) -> str:
    """The colour for one effect value on the diverging scale (for reports and tables)."""
    effect = max(float(EFFECT.min), min(float(EFFECT.max), float(effect)))  # a colour: the ends hold beyond
    low, mid, high = (_rgb(c) for c in EFFECT_RANGE)
    if effect < PRESSURE_EFFECT:
        start, end, share = mid, low, effect / EFFECT.min
    else:
        start, end, share = mid, high, effect / EFFECT.max
    red, green, blue = (round(s + (e - s) * share) for s, e in zip(start, end))
    return f"#{red:02X}{green:02X}{blue:02X}"


def effect_step_colour(effect: float) -> str:
    """The colour for one effect on the stepped scale (``EFFECT_STEPS_*``), as Vega draws it."""
    effect = max(float(EFFECT.min), min(float(EFFECT.max), float(effect)))
    stops = list(zip(EFFECT_STEPS_DOMAIN, EFFECT_STEPS_RANGE))
    for (x0, c0), (x1, c1) in zip(stops, stops[1:]):
        if x0 <= effect <= x1:
            share = (effect - x0) / (x1 - x0)
            start, end = _rgb(c0), _rgb(c1)
            red, green, blue = (round(s + (e - s) * share) for s, e in zip(start, end))
            return f"#{red:02X}{green:02X}{blue:02X}"
    return EFFECT_STEPS_RANGE[-1]


def _rgb(hex_colour: str) -> tuple[int, int, int]:
    hex_colour = hex_colour.lstrip("#")
    return tuple(int(hex_colour[i : i + 2], 16) for i in (0, 2, 4))  # type: ignore[return-value]
