"""Colours used in every chart and report, safe for colour-blind readers. One meaning per colour:

- **foundations** (wheel rings, map points): Okabe–Ito blue, vermillion and bluish green, and
  nothing else in the product is drawn in these;
- **effect** (−5…+5): plum for "under pressure", near white for no effect, grey for
  "strengthened" — a scale no foundation colour can be mistaken for (ΔE ≥ 15 for every kind of
  colour blindness, tested);
- **balance** between two values: brown towards the first value, grey towards the second;
- **how much** (weights, shares in a heat map): a grey ramp;
- the "important and under pressure" corner: a light plum tint on which every foundation colour
  keeps 3:1 contrast (tested).
"""

from __future__ import annotations

from dilemmakaart.scales import EFFECT, PRESSURE_EFFECT

FOUNDATION_COLOURS = {
    "democratie": "#0072B2",  # blue
    "rechtsstaat": "#D55E00",  # vermillion
    "bestuurskracht": "#009E73",  # bluish green
}
FALLBACK_COLOURS = ["#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000"]  # for other codes' foundations

UNTAGGED = "#E3E3E3"  # lighter than any effect grey: "not at stake" is not "strengthened"
TEXT = "#1A1A1A"
MUTED_TEXT = "#4D4D4D"
GRID = "#BFBFBF"
QUADRANT_FILL = "#F7F4FB"  # the "important and under pressure" quadrant (a light plum tint)
QUADRANT_TEXT = "#6A1B5A"  # its name, in the plum of "under pressure"

# Effect −5…+5: strong plum (under pressure) … near white (no effect) … dark grey (strengthened)
EFFECT_DOMAIN = [EFFECT.min, PRESSURE_EFFECT, EFFECT.max]
PRESSURE = "#6A1B5A"
STRENGTHENED = "#404040"
EFFECT_RANGE = [PRESSURE, "#F7F7F7", STRENGTHENED]
# The same scale with a step at ±1, for marks where a small effect must still read as under
# pressure or strengthened (the value wheel): −1 is already light plum, +1 mid grey, only 0 is near white.
EFFECT_STEPS_DOMAIN = [EFFECT.min, PRESSURE_EFFECT - 1, PRESSURE_EFFECT, PRESSURE_EFFECT + 1, EFFECT.max]
EFFECT_STEPS_RANGE = [PRESSURE, "#D8B5D0", "#F7F7F7", "#BDBDBD", STRENGTHENED]
# Balance bins from "first value much heavier" to "second value much heavier"
BALANCE_RANGE = ["#7A5A1E", "#C4A46B", "#EBEBEB", "#B0B0B0", "#3D3D3D"]
# How much (a weight, a share): light to dark grey
AMOUNT_RANGE = ["#F7F7F7", "#303030"]
# People and the group's middle in session charts and trade-offs: neutral, never a foundation colour
PERSON = "#B5B5B5"
PERSON_EDGE = "#4D4D4D"
MEDIAN = "#000000"


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
