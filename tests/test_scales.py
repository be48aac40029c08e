"""The scales and their rules have one owner, ``dilemmakaart.scales``; nothing else writes them down."""

from __future__ import annotations

import pytest

from dilemmakaart.scales import (
    BALANCE,
    EFFECT,
    IMPORTANCE,
    NECESSITY,
    WEIGHT,
    Scale,
    ScaleError,
    balance_degree,
    balance_side,
    in_focus,
    is_important,
    is_in_focus,
    is_strengthened,
    is_under_pressure,
    quadrant_of,
)


def test_the_scales():
    assert (WEIGHT.min, WEIGHT.max, WEIGHT.step, WEIGHT.default) == (0, 10, 1, 5)
    assert (EFFECT.min, EFFECT.max, EFFECT.step, EFFECT.default) == (-5, 5, 1, 0)
    # one step for every balance slider, on the weighing page and the participant page alike
    assert (BALANCE.min, BALANCE.max, BALANCE.step, BALANCE.default) == (-100, 100, 5, 0)
    assert (NECESSITY.min, NECESSITY.max) == (IMPORTANCE.min, IMPORTANCE.max) == (1, 3)
    assert WEIGHT.positions() == list(range(11))
    assert EFFECT.positions() == [-5, -4, -3, -2, -1, 0, 1, 2, 3, 4, 5]
    assert len(BALANCE.positions()) == 41 and BALANCE.positions()[:3] == [-100, -95, -90]
    assert len(set(BALANCE.positions())) == 41  # every position its own number
    assert (WEIGHT.range_text, EFFECT.range_text, BALANCE.range_text) == ("0…10", "−5…+5", "−100…+100")
    assert BALANCE.slider(-35) == {"min_value": -100, "max_value": 100, "step": 5, "value": -35}
    assert EFFECT.domain == [-5, 5] and EFFECT.ticks(5) == [-5, 0, 5]
    with pytest.raises(ValueError):
        Scale("odd", 0, 10, 3, 0)  # 10 is not a position of a slider from 0 by 3
    with pytest.raises(ValueError):
        Scale("odd", 0, 10, 1, 11)


def test_check_never_clamps():
    assert WEIGHT.check(10) == 10 and WEIGHT.check(0) == 0 and WEIGHT.check(7.0) == 7
    for bad, reason in ((11, "out_of_range"), (-1, "out_of_range"), (2.5, "not_integer"), (True, "not_integer")):
        with pytest.raises(ScaleError) as info:
            WEIGHT.check(bad)
        assert info.value.reason == reason
    with pytest.raises(ScaleError):
        BALANCE.check("50")
    assert BALANCE.contains(37) and not BALANCE.on_step(37) and BALANCE.on_step(-35)
    assert not WEIGHT.contains(True) and not EFFECT.contains(5.0)


def test_the_rules():
    assert [w for w in WEIGHT.positions() if is_important(w)] == [5, 6, 7, 8, 9, 10]
    assert [e for e in EFFECT.positions() if is_under_pressure(e)] == [-5, -4, -3, -2, -1]
    assert [e for e in EFFECT.positions() if is_strengthened(e)] == [1, 2, 3, 4, 5]
    assert is_in_focus(5, -1) and not is_in_focus(4, -5) and not is_in_focus(10, 0)
    assert quadrant_of(5, -1) == "important-pressure"
    assert quadrant_of(4, 3) == "minor-strengthened"
    assert quadrant_of(10, 0) == "important-neutral"

    class Row:
        weight, effect = 8, -2

    assert in_focus(Row())


def test_balance_words_thresholds():
    assert [balance_degree(b) for b in (0, 5, -33, 34, -66, 67, -100)] == [
        "equal",
        "slight",
        "slight",
        "clear",
        "clear",
        "strong",
        "strong",
    ]
    assert (balance_side(-5), balance_side(0), balance_side(40)) == ("a", "equal", "b")
