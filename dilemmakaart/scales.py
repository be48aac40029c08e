"""The one owner of the scales and the rules read from them. Every other module imports these.

- **weight** 0…10, step 1 (default 5): how much is at stake for a value;
- **effect** −5…+5, step 1 (default 0): below 0 the project puts the value *under pressure*,
  above 0 it *strengthens* it;
- **balance** −100…+100, step 5 (default 0): −100 means the dilemma's first value wins fully, +100
  the second; one step for every slider (flow and participant pages);
- **necessity** and **importance** of an action 1…3 (their product is the priority, 1…9).

A value is **important** when its weight is at least ``IMPORTANT_WEIGHT`` (5), and **in focus**
("important and under pressure", the corner of the map where a board looks first) when it is
important and under pressure. A balance is *slight* below ``BALANCE_CLEAR`` (34), *clear* below
``BALANCE_STRONG`` (67), else *strong*.

Pure Python, no other import of the package, so the model, the charts and the pages can all use it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Protocol


class ScaleError(ValueError):
    """A number that is not on a scale: the scale, the number and why, for a clear message."""

    def __init__(self, scale: Scale, value: Any, reason: str):
        self.scale = scale
        self.value = value
        self.reason = reason  # "not_integer" | "out_of_range"
        super().__init__(f"{scale.name}: {value!r} is {reason.replace('_', ' ')} ({scale.range_text})")


def _signed(n: int) -> str:
    """+3, −2, 0 with a real minus sign."""
    return "0" if n == 0 else ("+" if n > 0 else "−") + str(abs(n))


@dataclass(frozen=True)
class Scale:
    """A whole-number scale: its bounds, the step of its sliders and the value a new item starts at."""

    name: str
    min: int
    max: int
    step: int
    default: int

    def __post_init__(self) -> None:
        if not (self.min <= self.default <= self.max) or self.step < 1 or (self.max - self.min) % self.step:
            raise ValueError(f"inconsistent scale {self}")

    @property
    def signed(self) -> bool:
        """The scale runs from below zero to above it (effect, balance)."""
        return self.min < 0 < self.max

    @property
    def range_text(self) -> str:
        """``0…10``, ``−5…+5``: the range as people read it (messages, documentation)."""
        if self.signed:
            return f"{_signed(self.min)}…{_signed(self.max)}"
        return f"{self.min}…{self.max}"

    @property
    def span(self) -> int:
        """``max - min``: 10 for a weight, 200 for a balance (to compare spreads across scales)."""
        return self.max - self.min

    @property
    def domain(self) -> list[int]:
        """``[min, max]``, for a chart's axis."""
        return [self.min, self.max]

    def positions(self) -> list[int]:
        """Every position a slider can take, from min to max by step."""
        return list(range(self.min, self.max + 1, self.step))

    def ticks(self, every: int) -> list[int]:
        """Axis ticks from min to max, ``every`` apart (including zero on a signed scale)."""
        return list(range(self.min, self.max + 1, every))

    def contains(self, value: Any) -> bool:
        """A whole number (not a bool) within the bounds."""
        return isinstance(value, int) and not isinstance(value, bool) and self.min <= value <= self.max

    def on_step(self, value: int) -> bool:
        """On one of the slider's positions (files may hold numbers between them; sliders do not)."""
        return self.contains(value) and (value - self.min) % self.step == 0

    def check(self, value: Any) -> int:
        """The value itself when it is on the scale; else ``ScaleError``. Never clamps."""
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value != int(value):
            raise ScaleError(self, value, "not_integer")
        number = int(value)
        if not self.min <= number <= self.max:
            raise ScaleError(self, value, "out_of_range")
        return number


WEIGHT = Scale("weight", 0, 10, 1, 5)
EFFECT = Scale("effect", -5, 5, 1, 0)
BALANCE = Scale("balance", -100, 100, 5, 0)
NECESSITY = Scale("necessity", 1, 3, 1, 2)
IMPORTANCE = Scale("importance", 1, 3, 1, 2)
TIMER = Scale("timer", 0, 120, 1, 5)  # minutes of a round; 0: no timer (a session template)
SCALES = {s.name: s for s in (WEIGHT, EFFECT, BALANCE, NECESSITY, IMPORTANCE)}

IMPORTANT_WEIGHT = 5  # weight >= this: important
PRESSURE_EFFECT = 0  # effect < this: under pressure; effect > this: strengthened
BALANCE_CLEAR = 34  # |balance| >= this: one value clearly weighs more
BALANCE_STRONG = 67  # |balance| >= this: one value weighs much more


class Scored(Protocol):
    """Anything with a weight and an effect (a value at stake, a row of a table)."""

    @property
    def weight(self) -> float: ...

    @property
    def effect(self) -> float: ...


def is_important(weight: float) -> bool:
    return weight >= IMPORTANT_WEIGHT


def is_under_pressure(effect: float) -> bool:
    return effect < PRESSURE_EFFECT


def is_strengthened(effect: float) -> bool:
    return effect > PRESSURE_EFFECT


def effect_side(effect: float) -> str:
    """``pressure``, ``strengthened`` or ``neutral``."""
    if is_under_pressure(effect):
        return "pressure"
    return "strengthened" if is_strengthened(effect) else "neutral"


def is_in_focus(weight: float, effect: float) -> bool:
    """Important and under pressure: the corner of the map where the board looks first."""
    return is_important(weight) and is_under_pressure(effect)


def in_focus(value: Scored) -> bool:
    """``is_in_focus`` for a value at stake (or anything with ``weight`` and ``effect``)."""
    return is_in_focus(value.weight, value.effect)


def quadrant_of(weight: float, effect: float) -> str:
    """``important-pressure``, ``important-strengthened``, ``important-neutral``, ``minor-…``."""
    return f"{'important' if is_important(weight) else 'minor'}-{effect_side(effect)}"


def round_half_away(x: float) -> int:
    """A number between two positions (a group's median, 2.5) to a whole one, halves away from zero
    (2.5 → 3, −2.5 → −3): the same everywhere, so the words, the table and the adopted answer agree."""
    return math.floor(abs(x) + 0.5) * (1 if x >= 0 else -1)


def balance_degree(balance: float) -> str:
    """How much one value of a dilemma weighs more: ``equal``, ``slight``, ``clear`` or ``strong``."""
    strength = abs(round_half_away(balance))
    if strength == 0:
        return "equal"
    return "slight" if strength < BALANCE_CLEAR else "clear" if strength < BALANCE_STRONG else "strong"


def balance_side(balance: float) -> str:
    """Which value weighs more: ``a`` (below 0), ``b`` (above 0) or ``equal``."""
    balance = round_half_away(balance)
    return "a" if balance < 0 else "b" if balance > 0 else "equal"
