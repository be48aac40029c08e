"""The case (format ``dilemmakaart/case@1``): its model and every rule of the contract.

``parse_case`` checks raw data and returns a ``Case`` or raises ``ProblemsError`` naming every
problem with its place. ``case_to_data`` gives the ordered mapping that is written to disk.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Annotated, Any, Final, Literal, TypeVar

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    PlainValidator,
    ValidationError,
    WithJsonSchema,
    field_validator,
    model_validator,
)
from pydantic.json_schema import SkipJsonSchema

from dilemmakaart.code import ValueCode
from dilemmakaart.problems import Problem, ProblemsError, place
from dilemmakaart.scales import BALANCE, EFFECT, IMPORTANCE, NECESSITY, SCALES, WEIGHT, ScaleError
from dilemmakaart.yamlio import BadTimestamp

FORMAT: Final = "dilemmakaart/case@1"
# Upper bounds of the format (docs/case-format.md): what a person can use, and what keeps every page,
# chart and report fast. The store refuses a case past them with a message that names the bound.
MAX_REVISION = 10**9
MAX_ROUND = 100  # rounds of one session
MAX_VALUES = 100  # values at stake (and never more than the code has: each once, each from the code)
MAX_DILEMMAS = 200
MAX_ACTIONS = 200
MAX_OPTIONS = 20  # options of one dilemma
MAX_CASE_OPTIONS = 6  # ways to carry out the project that a board chooses between (issue 15)
MAX_BREACHES = 20  # legal floors one option is marked as breaking
MAX_TRIGGERS = 20  # events in words that call for a review of the decision
MAX_PARTICIPANTS = 300  # people in one session (session.py refuses the 301st join)
MAX_SESSION_ROUNDS = 200  # entries under ``sessions`` (rounds of all sessions together)
MAX_PROFILES = 50  # reference and group profiles of one case (issue 14)
MAX_TEMPLATES = 20  # saved session set-ups of one case (issue 14)
TEMPLATE_SCRIPTS = ("codio", "begeleidingsethiek", "dilemma")  # dilemmakaart.teaching.SCRIPTS
PROFILE_KINDS = ("reference", "group")
MAX_ITEMS = 2 * MAX_VALUES + MAX_DILEMMAS  # things judged in one round
ID_PATTERN = r"^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$"
ID_RE = re.compile(ID_PATTERN)
ORGANISATION_TYPES = ("gemeente", "provincie", "waterschap", "rijk", "uitvoeringsorganisatie", "anders")
PHASES = ("idee", "ontwerp", "pilot", "in-gebruik", "evaluatie")
STATUSES = ("concept", "besproken", "besloten", "gearchiveerd")
ACTION_KINDS = ("techniek", "omgeving", "gebruikers")
ACTION_STATUSES = ("open", "bezig", "gereed")
UNDOABLE_PARTS = ("values", "dilemmas", "actions", "options", "sessions", "profiles")  # what Case.put_back restores
FIELD_ORDER = (
    "format",
    "id",
    "title",
    "description",
    "organisation",
    "organisation_type",
    "technology",
    "stakeholders",
    "phase",
    "status",
    "code",
    "code_version",
    "created",
    "updated",
    "revision",
    "values",
    "dilemmas",
    "actions",
    "options",
    "decision",
    "sessions",
    "profiles",
    "session_templates",
)


class DateTypeError(ValueError):
    pass


def _to_date(value: Any) -> Any:
    if isinstance(value, BadTimestamp):
        raise ValueError("date_format")
    if isinstance(value, datetime):
        raise ValueError("date_not_datetime")
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            raise ValueError("date_format") from None
    return value


def _to_date_or_datetime(value: Any) -> date | datetime:
    if isinstance(value, (date, datetime)):
        return value
    if isinstance(value, str) and not isinstance(value, BadTimestamp):
        text = value.strip()
        try:
            return date.fromisoformat(text) if len(text) == 10 else datetime.fromisoformat(text)
        except ValueError:
            pass
    raise ValueError("datetime_format")


def _iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _trimmed(value: str) -> str:
    return value.strip()


def _unique(items: list[str]) -> list[str]:
    seen: set[str] = set()
    for i, item in enumerate(items):
        if item in seen:
            raise ValueError(f"duplicate_item:{i}:{item}")
        seen.add(item)
    return items


IsoDate = Annotated[
    date,
    BeforeValidator(_to_date),
    PlainSerializer(_iso, return_type=str),
    WithJsonSchema({"type": "string", "format": "date"}),
]
IsoDateTime = Annotated[
    date | datetime,
    PlainValidator(_to_date_or_datetime),
    PlainSerializer(_iso, return_type=str),
    WithJsonSchema({"type": "string", "anyOf": [{"format": "date"}, {"format": "date-time"}]}),
]
Slug = Annotated[str, Field(pattern=ID_PATTERN)]
ValueId = Annotated[str, Field(min_length=1, max_length=100)]
Weight = Annotated[int, Field(ge=WEIGHT.min, le=WEIGHT.max)]
Effect = Annotated[int, Field(ge=EFFECT.min, le=EFFECT.max)]
Balance = Annotated[int, Field(ge=BALANCE.min, le=BALANCE.max)]
Necessity = Annotated[int, Field(ge=NECESSITY.min, le=NECESSITY.max)]
Importance = Annotated[int, Field(ge=IMPORTANCE.min, le=IMPORTANCE.max)]
Note = Annotated[str, Field(max_length=5000)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, validate_default=False)


class ValueAtStake(_Strict):
    value: ValueId
    weight: Weight
    effect: Effect
    note: Note = ""


class Dilemma(_Strict):
    a: ValueId
    b: ValueId
    balance: Balance
    rationale: Note = ""
    options: Annotated[list[Annotated[str, Field(max_length=1000)]], Field(max_length=MAX_OPTIONS)] = []

    @property
    def key(self) -> str:
        return f"{self.a}|{self.b}"


class Action(_Strict):
    # stable within the case: widgets and links name an action by it, never by its position.
    # Optional in a file; a case fills in the missing ones when it is read (see ``Case``).
    id: Slug | None = None
    text: Annotated[str, AfterValidator(_trimmed), Field(min_length=1, max_length=1000)]
    kind: Literal["techniek", "omgeving", "gebruikers"] | None = None
    values: Annotated[list[ValueId], Field(max_length=MAX_VALUES)] = []
    necessity: Necessity | None = None
    importance: Importance | None = None
    owner: Annotated[str, Field(max_length=200)] | None = None
    due: IsoDate | None = None
    status: Literal["open", "bezig", "gereed"] = "open"

    @property
    def priority(self) -> int:
        """Necessity × importance (1–9); 0 when either is not set."""
        return (self.necessity or 0) * (self.importance or 0)


class Decision(_Strict):
    text: Annotated[str, Field(max_length=20000)] = ""
    date: IsoDate | None = None
    review: IsoDate | None = None  # review by this date (home, library and ``library --due`` show it when due)
    by: Annotated[str, Field(max_length=200)] | None = None
    # events in words that call for a review before that date ("als er gezichtsherkenning bij komt")
    triggers: Annotated[
        list[Annotated[str, AfterValidator(_trimmed), Field(min_length=1, max_length=500)]],
        Field(max_length=MAX_TRIGGERS),
    ] = []


class Breach(_Strict):
    """A legal floor that an option breaks: the value, the law (and article) and why, in words."""

    value: ValueId
    law: Annotated[str, AfterValidator(_trimmed), Field(min_length=1, max_length=200)]
    why: Annotated[str, AfterValidator(_trimmed), Field(min_length=1, max_length=1000)]


class Option(_Strict):
    """A way to carry out the project (or not): its effect on values at stake (a value not named
    counts as 0). An option that breaks a legal floor is never ranked (see ``dilemmakaart.options``)."""

    id: Slug
    title: Annotated[str, AfterValidator(_trimmed), Field(min_length=1, max_length=200)]
    description: Note = ""
    effects: Annotated[dict[ValueId, Effect], Field(max_length=MAX_VALUES)] = {}
    breaks: Annotated[list[Breach], Field(max_length=MAX_BREACHES)] = []


PairKey = Annotated[str, Field(max_length=201)]


class Response(_Strict):
    participant: Annotated[str, AfterValidator(_trimmed), Field(min_length=1, max_length=100)]
    role: Annotated[str, Field(max_length=100)] | None = None
    weights: Annotated[dict[ValueId, Weight], Field(max_length=MAX_VALUES)] = {}
    effects: Annotated[dict[ValueId, Effect], Field(max_length=MAX_VALUES)] = {}
    balances: Annotated[dict[PairKey, Balance], Field(max_length=MAX_DILEMMAS)] = {}


_TALLY_PAIR = re.compile(r"^(-?[0-9]{1,3}):([0-9]{1,3})$")


def parse_tally(text: str) -> list[tuple[int, int]]:
    """``"5:3 6:1 8:2"`` (answer:how many, separated by spaces) as ``[(5, 3), (6, 1), (8, 2)]``.
    Raises ``ValueError("tally_pair")`` for anything else."""
    out = []
    for part in text.split():
        found = _TALLY_PAIR.fullmatch(part)
        if found is None:
            raise ValueError("tally_pair")
        out.append((int(found[1]), int(found[2])))
    return out


def _tally(low: int, high: int):
    """A check for a tally: answers within ``low…high``, each once, counts 1…300."""

    def check(text: str) -> str:
        seen: set[int] = set()
        for answer, count in parse_tally(text):
            if not low <= answer <= high or not 1 <= count <= MAX_PARTICIPANTS or answer in seen:
                raise ValueError("tally_pair")
            seen.add(answer)
        return text

    return AfterValidator(check)


# one text per value or dilemma, not a list of pairs: a round's counts then cost some 200 YAML nodes
Tally = Annotated[str, Field(max_length=201 * 9)]
Count = Annotated[int, Field(ge=0, le=MAX_PARTICIPANTS)]


class RoundSummary(_Strict):
    """The group's answers of one round, counted: what the case keeps of a round whose individual
    answers stay in the session's own folder. ``"answer:how many ..."`` per value or dilemma;
    ``movers``: per item (``weight:<value>``, ``effect:<value>``, ``balance:<a>|<b>``) how many people
    changed their answer since the session's first round."""

    participants: Count
    weights: Annotated[dict[ValueId, Annotated[Tally, _tally(*WEIGHT.domain)]], Field(max_length=MAX_VALUES)] = {}
    effects: Annotated[dict[ValueId, Annotated[Tally, _tally(*EFFECT.domain)]], Field(max_length=MAX_VALUES)] = {}
    balances: Annotated[dict[PairKey, Annotated[Tally, _tally(*BALANCE.domain)]], Field(max_length=MAX_DILEMMAS)] = {}
    movers: Annotated[dict[Annotated[str, Field(max_length=210)], Count], Field(max_length=MAX_ITEMS)] = {}


class Session(_Strict):
    id: Slug
    round: Annotated[int, Field(ge=1, le=MAX_ROUND)]
    held: IsoDateTime | None = None
    anonymous: bool = False
    # the group's answers counted (the app writes it for every round it adopts); without it the
    # numbers are worked out from ``responses``
    summary: RoundSummary | None = None
    # individual answers: the app keeps them for the last round of a session (the dots on the map)
    responses: Annotated[list[Response], Field(max_length=MAX_PARTICIPANTS)] = []


class Profile(_Strict):
    """A named weighing beside the case's own (issue 14): a reference (the board's decision, an
    expert's or a teacher's model answer) or a group's result (one class or session), shaped as a
    session response. It never changes the case's own weights, effects and balances."""

    name: Annotated[str, AfterValidator(_trimmed), Field(min_length=1, max_length=100)]
    kind: Literal["reference", "group"]
    date: IsoDate
    note: Note = ""  # who or what it is ("de directie, besluit van 24 november")
    session: Slug | None = None  # the session a group profile came from
    participants: Annotated[int, Field(ge=0, le=MAX_PARTICIPANTS)] | None = None  # how many people (a group)
    weights: Annotated[dict[ValueId, Weight], Field(max_length=MAX_VALUES)] = {}
    effects: Annotated[dict[ValueId, Effect], Field(max_length=MAX_VALUES)] = {}
    balances: Annotated[dict[PairKey, Balance], Field(max_length=MAX_DILEMMAS)] = {}


class SessionTemplate(_Strict):
    """A session's set-up saved on the case, to start the next group's session from in one click
    (issue 14): what is asked, the timer, anonymity, roles, teaching mode, the reference and the script."""

    name: Annotated[str, AfterValidator(_trimmed), Field(min_length=1, max_length=100)]
    ask: Literal["all", "weights", "dilemmas", "chosen"] = "all"
    items: Annotated[list[Annotated[str, Field(max_length=210)]], Field(max_length=MAX_ITEMS)] = []  # for "chosen"
    timer: Annotated[int, Field(ge=1, le=120)] | None = None  # minutes per round
    anonymous: bool = False
    roles: bool = False
    teaching: bool = False
    reference: Annotated[str, Field(max_length=100)] | None = None  # the name of a reference profile
    script: Literal["codio", "begeleidingsethiek", "dilemma"] | None = None


class Case(_Strict):
    format: Literal["dilemmakaart/case@1"]
    id: Slug
    title: Annotated[str, AfterValidator(_trimmed), Field(min_length=1, max_length=200)]
    description: Annotated[str, Field(max_length=20000)]
    organisation: Annotated[str, Field(max_length=200)] | None = None
    organisation_type: (
        Literal["gemeente", "provincie", "waterschap", "rijk", "uitvoeringsorganisatie", "anders"] | None
    ) = None
    technology: Annotated[
        list[Annotated[str, Field(min_length=1, max_length=60)]], AfterValidator(_unique), Field(max_length=50)
    ] = []
    stakeholders: Annotated[
        list[Annotated[str, Field(min_length=1, max_length=100)]], AfterValidator(_unique), Field(max_length=100)
    ] = []
    phase: Literal["idee", "ontwerp", "pilot", "in-gebruik", "evaluatie"] | None = None
    status: Literal["concept", "besproken", "besloten", "gearchiveerd"] = "concept"
    code: Annotated[str, Field(min_length=1, max_length=100)] = "codio"
    code_version: Annotated[str, Field(min_length=1, max_length=40)] | None = None  # the framework's version
    created: IsoDateTime | None = None
    updated: IsoDateTime | None = None
    revision: Annotated[int, Field(ge=0, le=MAX_REVISION)] = 0
    values: Annotated[list[ValueAtStake], Field(max_length=MAX_VALUES)] = []
    dilemmas: Annotated[list[Dilemma], Field(max_length=MAX_DILEMMAS)] = []
    actions: Annotated[list[Action], Field(max_length=MAX_ACTIONS)] = []
    options: Annotated[list[Option], Field(max_length=MAX_CASE_OPTIONS)] = []
    decision: Decision | None = None
    sessions: Annotated[list[Session], Field(max_length=MAX_SESSION_ROUNDS)] = []
    profiles: Annotated[list[Profile], Field(max_length=MAX_PROFILES)] = []
    session_templates: Annotated[list[SessionTemplate], Field(max_length=MAX_TEMPLATES)] = []
    # keys starting with "x-": kept as they are on load and save; not part of the schema
    extensions: SkipJsonSchema[dict[str, Any]] = Field(default={}, exclude=True)

    @field_validator("organisation")
    @classmethod
    def _empty_organisation_is_none(cls, value: str | None) -> str | None:
        """An empty organisation is none: the file leaves it out (``case_to_data``), so what is read
        back is the case that was written."""
        return value or None

    @model_validator(mode="after")
    def _action_ids(self) -> Case:
        """Give every action without an id one: derived from its text and place, so reading the same
        file twice gives the same ids; never one that another action of the case has."""
        taken = {a.id for a in self.actions if a.id}
        for i, action in enumerate(self.actions):
            if not action.id:
                action.id = _free_action_id(taken, f"{i}|{action.text}")
                taken.add(action.id)
        return self

    # ------------------------------------------------------------ reading

    def value(self, value_id: str) -> ValueAtStake | None:
        return next((v for v in self.values if v.value == value_id), None)

    def tagged(self) -> list[str]:
        return [v.value for v in self.values]

    def dilemma(self, key: str) -> Dilemma | None:
        """The dilemma ``a|b`` (exactly as written in the case), or None."""
        return next((d for d in self.dilemmas if d.key == key), None)

    def dilemma_between(self, a: str, b: str) -> Dilemma | None:
        """The dilemma of the pair in either order, or None."""
        return next((d for d in self.dilemmas if {d.a, d.b} == {a, b}), None)

    def action(self, action_id: str) -> Action | None:
        return next((a for a in self.actions if a.id == action_id), None)

    # ------------------------------------------------------------ the case's operations
    # Every operation checks its input against the scales and the model's rules and leaves the case
    # valid; bad input raises ``EditError`` (a problem to show in the person's language) and changes
    # nothing. Nothing is clamped or cut.

    def describe(self, **fields: Any) -> None:
        """Set fields that describe the project (title, description, organisation, organisation_type,
        technology, stakeholders, phase, status), each checked by the format's rules. An empty text
        clears an optional field."""
        allowed = {"title", "description", "organisation", "organisation_type", "technology", "stakeholders"}
        allowed |= {"phase", "status"}
        if set(fields) - allowed:
            raise TypeError(f"describe() cannot set {', '.join(sorted(set(fields) - allowed))}")
        fields = {k: None if v == "" and k in ("organisation_type", "phase") else v for k, v in fields.items()}
        for name in ("technology", "stakeholders"):
            if name in fields:
                fields[name] = list(fields[name])
        # an empty title is allowed while editing (a new case starts so); saving asks for one
        no_title = isinstance(fields.get("title"), str) and not fields["title"].strip()
        base = {"format": FORMAT, "id": "x", "title": "x", "description": ""}  # only ``fields`` are checked
        checked = _validated(Case, {**base, **{k: v for k, v in fields.items() if not (k == "title" and no_title)}}, "")
        for name in fields:
            setattr(self, name, "" if name == "title" and no_title else getattr(checked, name))

    def tag(self, value_id: str, weight: int = WEIGHT.default, effect: int = EFFECT.default) -> bool:
        """Put a value at stake (by default weight 5, effect 0); False when it already is."""
        if self.value(value_id) is not None:
            return False
        where = place("values", len(self.values))
        weight = _check_scale(WEIGHT, weight, place(where, "weight"))
        effect = _check_scale(EFFECT, effect, place(where, "effect"))
        self.values.append(_validated(ValueAtStake, {"value": value_id, "weight": weight, "effect": effect}, where))
        return True

    def untag(self, value_id: str) -> Removed:
        """Take a value off the table, with its dilemmas (and the group's answers about them), and
        drop it from the actions that safeguard it. Says what was removed, so the page can tell,
        and can be undone with ``put_back``."""
        return self._undoable(lambda: self._untag(value_id))

    def _untag(self, value_id: str) -> Removed:
        removed = Removed(value=self.value(value_id))
        if removed.value is None:
            return removed
        self.values = [v for v in self.values if v.value != value_id]
        for dilemma in [d for d in self.dilemmas if value_id in (d.a, d.b)]:
            removed.add(self._remove_dilemma(dilemma.key))
        for action in self.actions:
            if value_id in action.values:
                action.values = [v for v in action.values if v != value_id]
                removed.actions.append(action)
        for option in self.options:
            if value_id in option.effects:
                option.effects = {k: v for k, v in option.effects.items() if k != value_id}
                removed.options.append(option)
        return removed

    def _tagged_value(self, value_id: str) -> tuple[int, ValueAtStake]:
        return _at(
            self.values, lambda v: v.value == value_id, Problem("values", "edit_not_tagged", {"value": value_id})
        )

    def _set_value_field(self, value_id: str, name: str, new: Any) -> ValueAtStake:
        i, item = self._tagged_value(value_id)
        scale = SCALES.get(name)
        if scale is not None:
            new = _check_scale(scale, new, place("values", i, name))
        self.values[i] = _validated(ValueAtStake, {**item.model_dump(), name: new}, place("values", i))
        return self.values[i]

    def set_weight(self, value_id: str, weight: int) -> ValueAtStake:
        """How much is at stake for a tagged value (0…10)."""
        return self._set_value_field(value_id, "weight", weight)

    def set_effect(self, value_id: str, effect: int) -> ValueAtStake:
        """What the project does to a tagged value (−5…+5)."""
        return self._set_value_field(value_id, "effect", effect)

    def set_note(self, value_id: str, note: str) -> ValueAtStake:
        """The note with a tagged value (up to 5,000 characters)."""
        return self._set_value_field(value_id, "note", note)

    def add_dilemma(self, a: str, b: str, balance: int = BALANCE.default) -> Dilemma:
        """A dilemma between two tagged values; refused for one value twice, an untagged value, or a
        pair that is already a dilemma (in either order)."""
        where = place("dilemmas", len(self.dilemmas))
        if a == b:
            raise EditError(Problem(where, "dilemma_same_value", {"value": a}))
        for value_id in (a, b):
            if self.value(value_id) is None:
                raise EditError(Problem(where, "edit_not_tagged", {"value": value_id}))
        present = self.dilemma_between(a, b)
        if present is not None:
            raise EditError(Problem(where, "edit_dilemma_exists", {"a": present.a, "b": present.b}))
        balance = _check_scale(BALANCE, balance, place(where, "balance"))
        dilemma = _validated(Dilemma, {"a": a, "b": b, "balance": balance}, where)
        self.dilemmas.append(dilemma)
        return dilemma

    def _dilemma_at(self, key: str) -> tuple[int, Dilemma]:
        return _at(self.dilemmas, lambda d: d.key == key, Problem("dilemmas", "edit_no_dilemma", {"pair": key}))

    def remove_dilemma(self, key: str) -> Removed:
        """Remove the dilemma ``a|b``, and the group's answers about it (they name a dilemma that is
        no longer there); says what went, and can be undone with ``put_back``."""
        return self._undoable(lambda: self._remove_dilemma(key))

    def _remove_dilemma(self, key: str) -> Removed:
        i, dilemma = self._dilemma_at(key)
        del self.dilemmas[i]
        removed = Removed(dilemmas=[dilemma])
        for session in self.sessions:
            answers = 0
            for response in session.responses:
                if key in response.balances:
                    response.balances = {k: v for k, v in response.balances.items() if k != key}
                    answers += 1
            summary = session.summary
            if summary is not None and key in summary.balances:
                counted = sum(count for _, count in parse_tally(summary.balances[key]))
                summary.balances = {k: v for k, v in summary.balances.items() if k != key}
                summary.movers = {k: v for k, v in summary.movers.items() if k != f"balance:{key}"}
                answers = answers or counted  # the round's answers, counted once
            removed.answers += answers
        for profile in self.profiles:  # a profile's balance on a dilemma that is gone goes with it
            if key in profile.balances:
                profile.balances = {k: v for k, v in profile.balances.items() if k != key}
        return removed

    def _parts(self) -> dict[str, list]:
        """Copies of the lists an untag or a removed dilemma can change (to put them back)."""
        return {name: [item.model_copy(deep=True) for item in getattr(self, name)] for name in UNDOABLE_PARTS}

    def _undoable(self, change: Callable[[], Removed]) -> Removed:
        before = self._parts()
        removed = change()
        if removed:
            removed.before, removed.after = before, self._parts()
        return removed

    def put_back(self, removed: Removed) -> None:
        """Undo the ``untag``, ``remove_dilemma`` or ``remove_action`` that answered ``removed``:
        everything it took away is back where it was. Refused once the case has changed since
        (nothing is overwritten)."""
        if removed.before is None or self._parts() != removed.after:
            raise EditError(Problem("", "edit_undo_changed", {}))
        for name, items in removed.before.items():
            setattr(self, name, [item.model_copy(deep=True) for item in items])

    def set_balance(self, key: str, balance: int) -> Dilemma:
        """Which of the two values weighs more (−100…+100)."""
        i, dilemma = self._dilemma_at(key)
        balance = _check_scale(BALANCE, balance, place("dilemmas", i, "balance"))
        self.dilemmas[i] = _validated(Dilemma, {**dilemma.model_dump(), "balance": balance}, place("dilemmas", i))
        return self.dilemmas[i]

    def set_dilemma_text(self, key: str, *, rationale: str | None = None, options: list[str] | None = None) -> Dilemma:
        """The rationale and/or the options of a dilemma (what is not given stays)."""
        i, dilemma = self._dilemma_at(key)
        changes: dict[str, Any] = {}
        if rationale is not None:
            changes["rationale"] = rationale
        if options is not None:
            changes["options"] = list(options)
        self.dilemmas[i] = _validated(Dilemma, {**dilemma.model_dump(), **changes}, place("dilemmas", i))
        return self.dilemmas[i]

    def _check_action_values(self, values: Any, where: str) -> None:
        if isinstance(values, (list, tuple)):
            for j, value_id in enumerate(values):
                if self.value(value_id) is None:
                    raise EditError(Problem(place(where, "values", j), "edit_not_tagged", {"value": value_id}))

    def add_action(self, text: str, **fields: Any) -> Action:
        """A new action (text, and any of kind, values, necessity, importance, owner, due, status),
        with a new id that no action of this case has had in this session."""
        if "id" in fields:
            raise TypeError("add_action gives the id itself")
        _known_fields(Action, fields)
        where = place("actions", len(self.actions))
        fields.setdefault("values", [])
        fields["values"] = list(fields["values"])
        self._check_action_values(fields["values"], where)
        _check_scales(fields, where)
        taken = {a.id for a in self.actions if a.id}
        data = {"id": _free_action_id(taken, secrets.token_hex(8)), "text": text, **fields}
        action = _validated(Action, data, where)
        self.actions.append(action)
        return action

    def _action_at(self, action_id: str) -> tuple[int, Action]:
        return _at(self.actions, lambda a: a.id == action_id, Problem("actions", "edit_no_action", {"id": action_id}))

    def update_action(self, action_id: str, **fields: Any) -> Action:
        """Change fields of an action (``None`` clears an optional field); its id stays."""
        if "id" in fields:
            raise TypeError("an action's id does not change")
        _known_fields(Action, fields)
        i, action = self._action_at(action_id)
        where = place("actions", i)
        if "values" in fields:
            fields["values"] = list(fields["values"])
            self._check_action_values(fields["values"], where)
        _check_scales(fields, where)
        data = {**action.model_dump(), **fields}
        self.actions[i] = _validated(Action, {k: v for k, v in data.items() if v is not None}, where)
        return self.actions[i]

    def remove_action(self, action_id: str) -> Removed:
        """Remove an action; says which (``action``), and can be undone with ``put_back``."""
        return self._undoable(lambda: self._remove_action(action_id))

    def _remove_action(self, action_id: str) -> Removed:
        i, action = self._action_at(action_id)
        del self.actions[i]
        return Removed(action=action)

    def decide(self, **fields: Any) -> Decision:
        """Set fields of the decision (text, date, review, by); ``None`` clears one."""
        _known_fields(Decision, fields)
        data = {**(self.decision.model_dump() if self.decision else {}), **fields}
        self.decision = _validated(Decision, {k: v for k, v in data.items() if v is not None}, "decision")
        return self.decision

    def copy_as_new(self, new_id: str, title: str) -> Case:
        """This case as a new case, to save beside it: a new id and title; revision 0 and no dates
        (the library sets them on the first save). Everything else, the group's sessions and the
        actions' ids included, is kept; this case itself does not change."""
        if not ID_RE.match(new_id):
            raise EditError(Problem("id", "bad_id", {"value": _short(new_id)}))
        copy = self.model_copy(deep=True)
        checked = _validated(Case, {"format": FORMAT, "id": new_id, "title": title, "description": ""}, "")
        copy.id, copy.title = checked.id, checked.title
        copy.revision = 0
        copy.created = copy.updated = None
        return copy

    # ------------------------------------------------------------ options (issue 15)

    def option(self, option_id: str) -> Option | None:
        return next((o for o in self.options if o.id == option_id), None)

    def _option_at(self, option_id: str) -> tuple[int, Option]:
        return _at(self.options, lambda o: o.id == option_id, Problem("options", "edit_no_option", {"id": option_id}))

    def add_option(
        self, title: str, *, start: Literal["nothing", "proposed"] = "nothing", description: str = ""
    ) -> Option:
        """A new option with an id from its title. ``start="proposed"``: the case's own effects
        ("zoals voorgesteld"); ``"nothing"``: every effect 0 ("niets doen"). Refused past six options."""
        where = place("options", len(self.options))
        if len(self.options) >= MAX_CASE_OPTIONS:
            raise EditError(Problem("options", "edit_too_many_options", {"max": MAX_CASE_OPTIONS}))
        effects = {v.value: v.effect for v in self.values} if start == "proposed" else {}
        option_id = slugify(title, {o.id for o in self.options})
        data = {"id": option_id, "title": title, "description": description, "effects": effects}
        option = _validated(Option, data, where)
        self.options.append(option)
        return option

    def update_option(self, option_id: str, *, title: str | None = None, description: str | None = None) -> Option:
        """Change an option's title or description; its id stays."""
        i, option = self._option_at(option_id)
        changes: dict[str, Any] = {}
        if title is not None:
            changes["title"] = title
        if description is not None:
            changes["description"] = description
        self.options[i] = _validated(Option, {**option.model_dump(), **changes}, place("options", i))
        return self.options[i]

    def set_option_effect(self, option_id: str, value_id: str, effect: int) -> Option:
        """What an option does to a value at stake (−5…+5)."""
        i, option = self._option_at(option_id)
        where = place("options", i, "effects", value_id)
        if self.value(value_id) is None:
            raise EditError(Problem(where, "edit_not_tagged", {"value": value_id}))
        effect = _check_scale(EFFECT, effect, where)
        effects = {**option.effects, value_id: effect}
        self.options[i] = _validated(Option, {**option.model_dump(), "effects": effects}, place("options", i))
        return self.options[i]

    def remove_option(self, option_id: str) -> Removed:
        """Remove an option; says which (``option``), and can be undone with ``put_back``."""
        return self._undoable(lambda: self._remove_option(option_id))

    def _remove_option(self, option_id: str) -> Removed:
        i, option = self._option_at(option_id)
        del self.options[i]
        return Removed(option=option)

    def mark_breaks(self, option_id: str, value_id: str, law: str, why: str) -> Breach:
        """Mark an option as breaking the legal floor of a value (the law, and why in words): the
        option is then "niet toegestaan" and never ranked."""
        i, option = self._option_at(option_id)
        where = place("options", i, "breaks", len(option.breaks))
        breach = _validated(Breach, {"value": value_id, "law": law, "why": why}, where)
        self.options[i] = _validated(
            Option,
            {**option.model_dump(), "breaks": [*option.model_dump()["breaks"], breach.model_dump()]},
            place("options", i),
        )
        return breach

    def unmark_breaks(self, option_id: str, index: int) -> Breach:
        """Take back the ``index``-th legal floor an option was marked as breaking."""
        i, option = self._option_at(option_id)
        if not 0 <= index < len(option.breaks):
            raise EditError(Problem(place("options", i, "breaks"), "edit_no_breach", {}))
        breach = option.breaks[index]
        option.breaks = [b for j, b in enumerate(option.breaks) if j != index]
        return breach

    def profile(self, name: str) -> Profile | None:
        """The profile with this name (names are unique within a case), or None."""
        return next((p for p in self.profiles if p.name == name), None)

    def add_profile(self, profile: Profile) -> Profile:
        """Add a reference or group profile; refused when the name is taken. The case's own weighing
        does not change."""
        where = place("profiles", len(self.profiles))
        if len(self.profiles) >= MAX_PROFILES:
            raise EditError(Problem("profiles", "too_many_items", {"max": MAX_PROFILES, "length": len(self.profiles)}))
        if self.profile(profile.name) is not None:
            raise EditError(Problem(place(where, "name"), "duplicate_profile", {"name": _short(profile.name)}))
        checked = _validated(Profile, profile.model_dump(), where)
        self.profiles.append(checked)
        return checked

    def remove_profile(self, name: str) -> Profile:
        """Take a profile out of the case; says which."""
        i, profile = _at(
            self.profiles, lambda p: p.name == name, Problem("profiles", "edit_no_profile", {"name": name})
        )
        del self.profiles[i]
        return profile

    def last_round_responses(self) -> list[Response] | None:
        """The responses of the latest session round (what the group thought last), or None."""
        if not self.sessions:
            return None
        latest = max(self.sessions, key=lambda s: (str(s.held or ""), s.round))
        return [r for s in self.sessions if s.id == latest.id and s.round == latest.round for r in s.responses] or None


# ---------------------------------------------------------------- the operations' helpers


class EditError(ProblemsError):
    """An operation on a case was refused; nothing changed. ``problems`` say why, with their place
    (a ``ProblemsError``, so code that shows a file's problems shows these the same way)."""

    def __init__(self, problems: Problem | list[Problem]):
        super().__init__([problems] if isinstance(problems, Problem) else list(problems))

    def message(self, lang: str = "nl", name: Callable[[str], str] | None = None) -> str:
        """What was wrong, in the person's language; ``name`` turns value ids into their names."""
        out = []
        for p in self.problems:
            if name is not None:
                p = Problem(
                    p.place, p.key, {k: name(v) if k in ("value", "a", "b") else v for k, v in p.params.items()}
                )
            out.append(p.message(lang))
        return " ".join(out)


@dataclass
class Removed:
    """What an operation took away besides what was asked: the page says it, so nothing goes unseen."""

    value: ValueAtStake | None = None
    dilemmas: list[Dilemma] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)  # actions that no longer name the value
    answers: int = 0  # the group's answers about a removed dilemma
    action: Action | None = None  # an action removed itself
    options: list[Option] = field(default_factory=list)  # options that no longer name the value
    option: Option | None = None  # an option removed itself
    # the case's lists before and after, for ``Case.put_back``
    before: dict[str, list] | None = field(default=None, repr=False, compare=False)
    after: dict[str, list] | None = field(default=None, repr=False, compare=False)

    def add(self, other: Removed) -> None:
        self.dilemmas += other.dilemmas
        self.actions += other.actions
        self.answers += other.answers
        self.options += other.options

    def __bool__(self) -> bool:
        return bool(
            self.value or self.dilemmas or self.actions or self.answers or self.action or self.options or self.option
        )


M = TypeVar("M", bound=BaseModel)
T = TypeVar("T")


def _at(items: list[T], found: Callable[[T], bool], refusal: Problem) -> tuple[int, T]:
    """The place and the first item that ``found`` accepts; else the refusal as an ``EditError``."""
    for i, item in enumerate(items):
        if found(item):
            return i, item
    raise EditError(refusal)


def _validated(model: type[M], data: dict[str, Any], where: str) -> M:
    """``model`` checked by every rule of the format; a failure is an ``EditError`` at ``where``."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        problems = _from_pydantic(exc)
        raise EditError(
            [
                Problem(place(where, p.place) if where and p.place else where or p.place, p.key, p.params)
                for p in problems
            ]
        ) from None


def _check_scale(scale: Any, value: Any, where: str) -> int:
    """The number when it is on ``scale`` (5.0 is 5); else an ``EditError`` at ``where``."""
    try:
        return scale.check(value)
    except ScaleError as exc:
        key = "out_of_range" if exc.reason == "out_of_range" else "wrong_type"
        params = {"value": _short(value), "range": scale.range_text, "expected": "integer", "got": type_name(value)}
        raise EditError(Problem(where, key, params)) from None


def _check_scales(fields: dict[str, Any], where: str) -> None:
    for name, value in fields.items():
        if name in SCALES and value is not None:
            fields[name] = _check_scale(SCALES[name], value, place(where, name))


def _known_fields(model: type[BaseModel], fields: Iterable[str]) -> None:
    unknown = set(fields) - set(model.model_fields)
    if unknown:
        raise TypeError(f"{model.__name__} has no field {', '.join(sorted(unknown))}")


def copy_title(title: str, make: Callable[[str], str]) -> str:
    """The title for a copy, ``make(title)`` (for example "Kopie van {title}"), within the title's
    limit: when it would be too long, the original title inside it is shortened, visibly (…)."""
    limit = next(m.max_length for m in Case.model_fields["title"].metadata if hasattr(m, "max_length"))
    made, inner = make(title), title
    while len(made) > limit and inner:
        inner = inner[: max(0, len(inner) - (len(made) - limit) - 1)].rstrip()
        made = make(inner + "…")
    return made


def _free_action_id(taken: set[str], seed: str) -> str:
    """``a`` and six hex digits from ``seed``, longer if that is taken."""
    digest = hashlib.sha256(seed.encode("utf-8")).hexdigest()
    for length in range(6, len(digest) + 1):
        candidate = f"a{digest[:length]}"
        if candidate not in taken:
            return candidate
    return _free_action_id(taken, seed + "+")


# ---------------------------------------------------------------- checking raw data


def parse_case(data: Any, code: ValueCode | None = None, *, file_id: str | None = None) -> Case:
    """Check raw data (as YAML loaded it) against every rule; return the case or raise."""
    case, problems = _check(data, code, file_id)
    if problems or case is None:
        raise ProblemsError(problems)
    return case


def case_problems(data: Any, code: ValueCode | None = None, *, file_id: str | None = None) -> list[Problem]:
    """Every problem in raw case data, in the order of the file."""
    return _check(data, code, file_id)[1]


def _check(data: Any, code: ValueCode | None, file_id: str | None) -> tuple[Case | None, list[Problem]]:
    if not isinstance(data, dict):
        return None, [Problem("", "root_not_mapping", {"got": type_name(data)})]
    if data.get("format") != FORMAT:  # not (this version of) a case: one clear line, not a list of noise
        if "format" not in data:
            return None, [Problem("format", "not_a_case", {})]
        return None, [Problem("format", "wrong_format", {"value": _short(data.get("format")), "expected": FORMAT})]
    problems: list[Problem] = []
    core: dict[str, Any] = {}
    extensions: dict[str, Any] = {}
    for key, value in data.items():
        if not isinstance(key, str):
            problems.append(Problem(_short(key), "key_not_text", {"key": _short(key)}))
        elif key.startswith("x-"):
            extensions[key] = value
        else:
            core[key] = value
    case = None
    try:
        case = Case.model_validate(core)
        case.extensions = extensions
    except ValidationError as exc:
        problems.extend(_from_pydantic(exc))
    problems.extend(_semantic_problems(core, code, file_id))
    return (None if problems else case), problems


def type_name(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, BadTimestamp):
        return "invalid date"
    if isinstance(value, datetime):
        return "datetime"
    if isinstance(value, date):
        return "date"
    return {int: "integer", float: "number", str: "text", list: "list", dict: "mapping"}.get(
        type(value), type(value).__name__
    )


_TYPE_ERRORS = {
    "string_type": "text",
    "int_type": "integer",
    "bool_type": "boolean",
    "list_type": "list",
    "dict_type": "mapping",
    "model_type": "mapping",
    "model_attributes_type": "mapping",
    "date_type": "date",
    "datetime_type": "datetime",
    "int_from_float": "integer",
    "int_parsing": "integer",
    "is_instance_of": "mapping",
}


def _from_pydantic(exc: ValidationError) -> list[Problem]:
    out: list[Problem] = []
    seen_places: set[tuple[str, str]] = set()
    for err in exc.errors(include_url=False):
        loc = err["loc"]
        where = place(*loc)
        kind = err["type"]
        given = err.get("input")
        ctx = err.get("ctx") or {}
        if kind == "missing":
            problem = Problem(where, "missing", {"field": str(loc[-1]) if loc else ""})
        elif kind == "extra_forbidden":
            problem = Problem(where, "unknown_key", {"key": str(loc[-1]) if loc else ""})
        elif kind in _TYPE_ERRORS:
            problem = _type_problem(where, _TYPE_ERRORS[kind], given)
        elif kind in ("string_too_short", "too_short"):
            problem = Problem(where, "too_short", {"min": ctx.get("min_length", 1)})
        elif kind == "too_long" and isinstance(given, (list, dict)):  # a list past its bound
            problem = Problem(where, "too_many_items", {"max": ctx.get("max_length"), "length": len(given)})
        elif kind in ("string_too_long", "too_long"):
            problem = Problem(
                where,
                "too_long",
                {"max": ctx.get("max_length"), "length": len(given) if isinstance(given, (str, list)) else "?"},
            )
        elif kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
            problem = Problem(where, "out_of_range", {"value": _short(given), "range": _range_of(where)})
        elif kind == "literal_error":
            allowed = ", ".join(re.findall(r"'([^']*)'", str(ctx.get("expected", ""))))
            problem = Problem(where, "not_allowed", {"value": _short(given), "allowed": allowed})
        elif kind == "string_pattern_mismatch":
            problem = Problem(where, "bad_id", {"value": _short(given)})
        elif kind == "value_error":
            problem = _value_problem(where, str(ctx.get("error", "")), given)
        else:
            problem = Problem(where, "invalid", {"reason": err.get("msg", kind)})
        if (problem.place, problem.key) not in seen_places:  # unions report one place several times
            seen_places.add((problem.place, problem.key))
            out.append(problem)
    return _collapse_unions(out)


def _collapse_unions(problems: list[Problem]) -> list[Problem]:
    """For ``X | None`` pydantic reports a failure per member; keep one problem per place."""
    by_place: dict[str, Problem] = {}
    for p in problems:
        if p.place not in by_place or (by_place[p.place].key == "wrong_type" and p.key != "wrong_type"):
            by_place[p.place] = p
    return [p for p in problems if by_place.get(p.place) is p]


def _range_of(where: str) -> str:
    last = re.sub(r"\[\d+\]", "", where.rsplit(".", 1)[-1])
    name = last.split(".")[0]
    scale = SCALES.get(name) or SCALES.get(name.removesuffix("s"))  # "weights" in a session response
    if scale is None and ".effects." in where:  # an option's effect on a value: options[1].effects.privacy
        scale = EFFECT
    if scale is not None:
        return scale.range_text
    return {"revision": f"0…{MAX_REVISION:,}".replace(",", "."), "round": f"1…{MAX_ROUND}"}.get(name, "?")


def _short(value: Any, limit: int = 60) -> str:
    text = str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _type_problem(where: str, expected: str, given: Any) -> Problem:
    got = type_name(given)
    hint = ""
    if expected == "text" and got in ("boolean", "date", "datetime", "integer", "number", "null"):
        hint = "quote"
    return Problem(
        where, "wrong_type_quote" if hint else "wrong_type", {"expected": expected, "got": got, "value": _short(given)}
    )


def _value_problem(where: str, error: str, given: Any) -> Problem:
    if error.startswith("Value error, "):
        error = error[len("Value error, ") :]
    if error.startswith("duplicate_item:"):
        _, index, item = error.split(":", 2)
        return Problem(f"{where}[{index}]", "duplicate_item", {"item": _short(item)})
    if error in ("date_format", "datetime_format", "date_not_datetime"):
        return Problem(where, error, {"value": _short(given)})
    if error == "tally_pair":
        return Problem(where, "tally_pair", {})
    return Problem(where, "invalid", {"reason": error})


def _semantic_problems(data: dict, code: ValueCode | None, file_id: str | None) -> list[Problem]:
    """Rules across fields: ids against the code and the file name, unique values and pairs."""
    problems: list[Problem] = []
    case_id = data.get("id")
    if file_id is not None and isinstance(case_id, str) and case_id != file_id:
        problems.append(Problem("id", "id_not_file_name", {"id": case_id, "file": file_id}))
    known = code.value_ids if code is not None else None
    code_id = data.get("code", "codio")
    if code is not None and isinstance(code_id, str) and code_id != code.id:
        from dilemmakaart.frameworks import find_framework  # a case made in another framework (issue 16)

        other = find_framework(code_id)
        if other is not None:
            known = other.value_ids
        else:
            problems.append(Problem("code", "unknown_code", {"code": code_id, "known": code.id}))
            known = None

    def check_value(where: str, value_id: Any) -> None:
        if known is not None and isinstance(value_id, str) and value_id not in known:
            problems.append(Problem(where, "unknown_value", {"value": _short(value_id)}))

    values = data.get("values")
    if isinstance(values, list):
        seen: dict[str, int] = {}
        for i, item in enumerate(values):
            if isinstance(item, dict) and isinstance(item.get("value"), str):
                value_id = item["value"]
                check_value(place("values", i, "value"), value_id)
                if value_id in seen:
                    problems.append(
                        Problem(
                            place("values", i, "value"), "duplicate_value", {"value": value_id, "first": seen[value_id]}
                        )
                    )
                seen.setdefault(value_id, i)

    pairs: set[str] = set()
    dilemmas = data.get("dilemmas")
    if isinstance(dilemmas, list):
        seen_pairs: dict[frozenset, int] = {}
        for i, item in enumerate(dilemmas):
            if not isinstance(item, dict):
                continue
            a, b = item.get("a"), item.get("b")
            for side in ("a", "b"):
                check_value(place("dilemmas", i, side), item.get(side))
            if isinstance(a, str) and isinstance(b, str):
                if a == b:
                    problems.append(Problem(place("dilemmas", i), "dilemma_same_value", {"value": a}))
                pair = frozenset((a, b))
                if pair in seen_pairs:
                    problems.append(
                        Problem(place("dilemmas", i), "duplicate_dilemma", {"a": a, "b": b, "first": seen_pairs[pair]})
                    )
                seen_pairs.setdefault(pair, i)
                pairs.add(f"{a}|{b}")

    actions = data.get("actions")
    if isinstance(actions, list):
        action_ids: dict[str, int] = {}
        for i, item in enumerate(actions):
            if isinstance(item, dict) and isinstance(item.get("values"), list):
                for j, value_id in enumerate(item["values"]):
                    check_value(place("actions", i, "values", j), value_id)
            if isinstance(item, dict) and isinstance(item.get("id"), str):
                if item["id"] in action_ids:
                    problems.append(
                        Problem(
                            place("actions", i, "id"),
                            "duplicate_action_id",
                            {"id": _short(item["id"]), "first": action_ids[item["id"]]},
                        )
                    )
                action_ids.setdefault(item["id"], i)

    options = data.get("options")
    if isinstance(options, list):
        at_stake = (
            {v["value"] for v in values if isinstance(v, dict) and isinstance(v.get("value"), str)}
            if isinstance(values, list)
            else set()
        )
        option_ids: dict[str, int] = {}
        for i, item in enumerate(options):
            if not isinstance(item, dict):
                continue
            if isinstance(item.get("id"), str):
                if item["id"] in option_ids:
                    problems.append(
                        Problem(
                            place("options", i, "id"),
                            "duplicate_option_id",
                            {"id": _short(item["id"]), "first": option_ids[item["id"]]},
                        )
                    )
                option_ids.setdefault(item["id"], i)
            effects = item.get("effects")
            if isinstance(effects, dict):
                for value_id in effects:
                    where = place("options", i, "effects", str(value_id))
                    check_value(where, value_id)
                    if isinstance(value_id, str) and value_id not in at_stake and (known is None or value_id in known):
                        problems.append(Problem(where, "option_value_not_at_stake", {"value": _short(value_id)}))
            breaks = item.get("breaks")
            if isinstance(breaks, list):
                for j, breach in enumerate(breaks):
                    if isinstance(breach, dict):
                        check_value(place("options", i, "breaks", j, "value"), breach.get("value"))

    sessions = data.get("sessions")
    if isinstance(sessions, list):
        rounds: set[tuple] = set()
        for i, session in enumerate(sessions):
            if not isinstance(session, dict):
                continue
            key = (session.get("id"), session.get("round"))
            if all(isinstance(k, (str, int)) for k in key):  # a list or mapping here cannot be hashed
                if key in rounds:
                    problems.append(Problem(place("sessions", i), "duplicate_round", {"id": key[0], "round": key[1]}))
                rounds.add(key)
            summary = session.get("summary")
            if isinstance(summary, dict):
                for field in ("weights", "effects"):
                    mapping = summary.get(field)
                    if isinstance(mapping, dict):
                        for value_id in mapping:
                            check_value(place("sessions", i, "summary", field, str(value_id)), value_id)
                balances = summary.get("balances")
                if isinstance(balances, dict):
                    for pair in balances:
                        if isinstance(pair, str) and pair not in pairs:
                            where = place("sessions", i, "summary", "balances", pair)
                            problems.append(Problem(where, "unknown_pair", {"pair": _short(pair)}))
            responses = session.get("responses")
            if not isinstance(responses, list):
                continue
            for j, response in enumerate(responses):
                if not isinstance(response, dict):
                    continue
                for field in ("weights", "effects"):
                    mapping = response.get(field)
                    if isinstance(mapping, dict):
                        for value_id in mapping:
                            check_value(place("sessions", i, "responses", j, field, str(value_id)), value_id)
                balances = response.get("balances")
                if isinstance(balances, dict):
                    for pair in balances:
                        if isinstance(pair, str) and pair not in pairs:
                            problems.append(
                                Problem(
                                    place("sessions", i, "responses", j, "balances", pair),
                                    "unknown_pair",
                                    {"pair": _short(pair)},
                                )
                            )
    problems.extend(_profile_problems(data.get("profiles"), check_value, pairs))
    problems.extend(_template_problems(data))
    return problems


def _template_problems(data: dict) -> list[Problem]:
    """Session templates: a name once; the reference is a reference profile of the case; chosen
    items are items of the case."""
    templates = data.get("session_templates")
    if not isinstance(templates, list):
        return []
    problems: list[Problem] = []

    def listed(name: str) -> list[Any]:
        found = data.get(name)
        return found if isinstance(found, list) else []

    profiles, values, dilemmas = listed("profiles"), listed("values"), listed("dilemmas")
    references = {p.get("name") for p in profiles if isinstance(p, dict) and p.get("kind") == "reference"}
    at_stake = [v.get("value") for v in values if isinstance(v, dict)]
    items = {f"{kind}:{v}" for v in at_stake for kind in ("weight", "effect")}
    items |= {f"balance:{d.get('a')}|{d.get('b')}" for d in dilemmas if isinstance(d, dict)}
    names: dict[str, int] = {}
    for i, template in enumerate(templates):
        if not isinstance(template, dict):
            continue
        name = template.get("name")
        if isinstance(name, str):
            if name.strip() in names:
                problems.append(
                    Problem(place("session_templates", i, "name"), "duplicate_template", {"name": _short(name)})
                )
            names.setdefault(name.strip(), i)
        reference = template.get("reference")
        if isinstance(reference, str) and reference not in references:
            problems.append(
                Problem(place("session_templates", i, "reference"), "unknown_reference", {"name": _short(reference)})
            )
        chosen = template.get("items")
        if isinstance(chosen, list):
            for j, item in enumerate(chosen):
                if isinstance(item, str) and item not in items:
                    problems.append(
                        Problem(place("session_templates", i, "items", j), "unknown_item", {"item": _short(item)})
                    )
    return problems


def _profile_problems(profiles: Any, check_value: Callable[[str, Any], None], pairs: set[str]) -> list[Problem]:
    """Profiles: a name once; value ids from the code; balances name dilemmas of the case."""
    problems: list[Problem] = []
    if not isinstance(profiles, list):
        return problems
    names: dict[str, int] = {}
    for i, profile in enumerate(profiles):
        if not isinstance(profile, dict):
            continue
        name = profile.get("name")
        if isinstance(name, str):
            if name.strip() in names:
                problems.append(
                    Problem(
                        place("profiles", i, "name"),
                        "duplicate_profile",
                        {"name": _short(name), "first": names[name.strip()]},
                    )
                )
            names.setdefault(name.strip(), i)
        for field_name in ("weights", "effects"):
            mapping = profile.get(field_name)
            if isinstance(mapping, dict):
                for value_id in mapping:
                    check_value(place("profiles", i, field_name, str(value_id)), value_id)
        balances = profile.get("balances")
        if isinstance(balances, dict):
            for pair in balances:
                if isinstance(pair, str) and pair not in pairs:
                    where = place("profiles", i, "balances", pair)
                    problems.append(Problem(where, "unknown_pair", {"pair": _short(pair)}))
    return problems


# ---------------------------------------------------------------- writing


def case_to_data(case: Case) -> dict[str, Any]:
    """The mapping written to disk: the contract's key order, empty optional parts left out."""
    dumped = case.model_dump(mode="json", exclude_none=True)
    out: dict[str, Any] = {}
    for key in FIELD_ORDER:
        if key not in dumped:
            continue
        value = dumped[key]
        if key not in ("format", "id", "title", "description", "revision", "status", "code") and value in ([], {}, ""):
            continue
        out[key] = _prune(value)
    out.update(case.extensions)
    return out


def _prune(value: Any) -> Any:
    """Leave out empty optional fields inside list items (an empty note, no options)."""
    if isinstance(value, list):
        return [_prune(v) for v in value]
    if isinstance(value, dict):
        return {k: _prune(v) for k, v in value.items() if v not in ("", [], None) or k in ("text", "description")}
    return value


def slugify(text: str, taken: set[str] | frozenset[str] = frozenset()) -> str:
    """A case id from a title: lowercase, hyphens, at most 64 characters, not in ``taken``."""
    import unicodedata

    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:56].strip("-") or "casus"
    candidate, n = slug, 2
    while candidate in taken:
        candidate = f"{slug}-{n}"
        n += 1
    return candidate


def new_case(case_id: str, title: str, **fields: Any) -> Case:
    """A fresh case with the format tag set."""
    return Case(format=FORMAT, id=case_id, title=title, description=fields.pop("description", ""), **fields)
