"""The scales and their rules have one owner, ``dilemmakaart.scales``; nothing else writes them down."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from dilemmakaart import scales
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
    round_half_away,
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


def test_a_median_between_two_numbers_is_rounded_the_same_everywhere():
    from dilemmakaart import aggregate
    from dilemmakaart.wording import balance_words

    assert [round_half_away(x) for x in (36.5, -36.5, 0.5, -0.5, 2.4)] == [37, -37, 1, -1, 2]
    # Python's round() would say +36 here (halves to even) while the adopted answer is +37
    assert balance_words("A", "B", 36.5, "nl").endswith("(+37)")
    assert balance_side(-0.5) == "a" and balance_degree(0.5) == "slight"
    assert aggregate.round_half_away is round_half_away  # the group's adopted medians: the same function


# ------------------------------------------------------------------ no second owner

PACKAGE = Path(scales.__file__).resolve().parent
BOUNDS: dict[tuple[float | None, float | None], str] = {(s.min, s.max): s.name for s in (WEIGHT, EFFECT, BALANCE)}
POSITIONS: dict[tuple[float | None, ...], str] = {
    tuple(p): s.name for s in (WEIGHT, EFFECT, NECESSITY) for p in (s.positions(), s.positions()[::-1])
}
SLIDERS = ("slider", "select_slider", "number_input")
RULE_NAMES = {"IMPORTANT_WEIGHT", "PRESSURE_EFFECT", "UNDER_PRESSURE", "IMPORTANT", "BALANCE_CLEAR", "BALANCE_STRONG"}


def _number(node: ast.AST | None) -> float | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)) and not isinstance(node.value, bool):
        return node.value
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        inner = _number(node.operand)
        return None if inner is None else -inner
    return None


def _name(func: ast.AST) -> str:
    return func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""


def scale_literals(source: str) -> list[str]:
    """Places in ``source`` that write a scale down again instead of importing it."""
    found = []
    for node in ast.walk(ast.parse(source)):
        where = f"line {getattr(node, 'lineno', '?')}"
        if isinstance(node, ast.Call):
            name = _name(node.func)
            if name in SLIDERS:
                literal = [a for a in node.args[1:] if _number(a) is not None] + [
                    k.value
                    for k in node.keywords
                    if k.arg in ("min_value", "max_value", "step", "value") and _number(k.value) is not None
                ]
                if literal:
                    found.append(f"{where}: {name} with a number of its own")
            if name == "Field":
                kw = {k.arg: _number(k.value) for k in node.keywords}
                if (kw.get("ge"), kw.get("le")) in BOUNDS:
                    found.append(f"{where}: Field with the bounds of the {BOUNDS[kw['ge'], kw['le']]}")
            if name == "range" and len(node.args) >= 2:
                low, high = _number(node.args[0]), _number(node.args[1])
                if low is not None and high is not None and (low, high - 1) in BOUNDS:
                    found.append(f"{where}: range over the {BOUNDS[low, high - 1]}")
            numbers = [_number(a) for a in node.args]
            for low, high in zip(numbers, numbers[1:]):
                if (low, high) in BOUNDS:
                    found.append(f"{where}: {name}({low}, {high}): the bounds of the {BOUNDS[low, high]}")
        if isinstance(node, (ast.List, ast.Tuple)) and len(node.elts) == 2:
            pair = (_number(node.elts[0]), _number(node.elts[1]))
            if pair in BOUNDS:
                found.append(f"{where}: {list(pair)} is the {BOUNDS[pair]} scale")
        if isinstance(node, (ast.List, ast.Tuple)) and len(node.elts) >= 3:
            elements = tuple(_number(e) for e in node.elts)
            if elements in POSITIONS:
                found.append(f"{where}: {list(elements)} are the positions of the {POSITIONS[elements]} scale")
        if isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                if isinstance(target, ast.Name) and target.id in RULE_NAMES and _number(node.value) is not None:
                    found.append(f"{where}: {target.id} = a number (the rule is in scales.py)")
    return found


def test_the_scan_finds_a_second_owner():
    """The scan below would catch each way a scale was written down before scales.py."""
    assert scale_literals("st.slider('x', min_value=0, max_value=10, step=1)")
    assert scale_literals("st.slider('x', 0, 10)")
    assert scale_literals("Weight = Annotated[int, Field(ge=0, le=10)]")
    assert scale_literals("ints(weights, tagged, -5, 5)")
    assert scale_literals("BALANCE_STEPS = list(range(-100, 101, 10))")
    assert scale_literals("alt.Scale(domain=[-100, 100])")
    assert scale_literals("IMPORTANT_WEIGHT = 5")
    assert scale_literals("st.selectbox('n', options=[1, 2, 3])") and scale_literals("for n in (3, 2, 1): pass")
    assert not scale_literals("st.slider('x', min_value=WEIGHT.min, max_value=WEIGHT.max, step=WEIGHT.step)")
    assert not scale_literals("Field(ge=1)") and not scale_literals("xs = [0, 3]")


def test_no_module_but_scales_writes_a_scale_down():
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.name == "scales.py":
            continue
        hits = scale_literals(path.read_text(encoding="utf-8"))
        if hits:
            found[str(path.relative_to(PACKAGE))] = hits
    assert not found, f"import the scale from dilemmakaart.scales instead: {found}"
