"""One meaning per colour: the foundations' colours are used for nothing else, the effect and
balance scales cannot be mistaken for them (also by colour-blind readers), and every foundation
colour stays readable on the shaded "important and under pressure" corner."""

from __future__ import annotations

import itertools

import pytest

from dilemmakaart.charts import palette
from tests.e2e.test_accessibility_e2e import CVD, contrast, seen_as, to_lab


def _lab(hex_colour: str, kind: str | None) -> tuple[float, float, float]:
    if kind is not None:
        return seen_as(hex_colour, CVD[kind])
    channels = [int(hex_colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return to_lab(tuple(linear))  # type: ignore[arg-type]


def delta_e(a: str, b: str, kind: str | None = None) -> float:
    return sum((p - q) ** 2 for p, q in zip(_lab(a, kind), _lab(b, kind))) ** 0.5


FOUNDATIONS = list(palette.FOUNDATION_COLOURS.values())
# every colour that means something other than a foundation (the near-white middle of a scale aside)
OTHER = {
    **{f"effect {c}": c for c in palette.EFFECT_STEPS_RANGE + palette.EFFECT_RANGE if c != "#F7F7F7"},
    **{f"balance {c}": c for c in palette.BALANCE_RANGE if c != "#EBEBEB"},
    "amount (dark end)": palette.AMOUNT_RANGE[1],
    "person": palette.PERSON,
    "median": palette.MEDIAN,
    "quadrant text": palette.QUADRANT_TEXT,
}


def test_every_foundation_colour_keeps_3_to_1_on_the_pressure_corner():
    """WCAG 1.4.11 (non-text contrast) for a point in the shaded corner."""
    low = {c: round(contrast(c, palette.QUADRANT_FILL), 2) for c in FOUNDATIONS}
    assert all(v >= 3 for v in low.values()), low
    # the check can fail: the old peach fill gave bluish green only 2.7:1
    assert contrast(palette.FOUNDATION_COLOURS["bestuurskracht"], "#FDE0C5") < 3
    # and the corner's own name reads as text (4.5:1)
    assert contrast(palette.QUADRANT_TEXT, palette.QUADRANT_FILL) >= 4.5


@pytest.mark.parametrize("kind", [None, *sorted(CVD)])
def test_effect_and_balance_colours_cannot_be_mistaken_for_a_foundation(kind):
    """ΔE (CIE76) of at least 15 between every colour with another meaning and every foundation
    colour, with normal sight and with each colour-vision deficiency."""
    close = {
        (name, f): round(delta_e(c, f, kind), 1)
        for (name, c), f in itertools.product(OTHER.items(), FOUNDATIONS)
        if delta_e(c, f, kind) < 15
    }
    assert not close, (kind, close)


def test_the_old_orange_blue_effect_scale_would_have_been_refused():
    assert min(delta_e("#2166AC", f, k) for f in FOUNDATIONS for k in [None, *CVD]) < 15


def test_the_two_ends_of_each_scale_differ_for_colour_blind_readers():
    for kind in [None, *sorted(CVD)]:
        assert delta_e(palette.EFFECT_RANGE[0], palette.EFFECT_RANGE[2], kind) >= 15, kind
        assert delta_e(palette.BALANCE_RANGE[0], palette.BALANCE_RANGE[-1], kind) >= 15, kind
    # a value not at stake is lighter than the lightest "strengthened" step
    assert contrast(palette.UNTAGGED, "#FFFFFF") < contrast(palette.EFFECT_STEPS_RANGE[3], "#FFFFFF")
