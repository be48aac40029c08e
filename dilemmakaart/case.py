"""The case (format ``dilemmakaart/case@1``): its model and every rule of the contract.

``parse_case`` checks raw data and returns a ``Case`` or raises ``ProblemsError`` naming every
problem with its place. ``case_to_data`` gives the ordered mapping that is written to disk.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Annotated, Any, Literal

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
)
from pydantic.json_schema import SkipJsonSchema

from dilemmakaart.code import ValueCode
from dilemmakaart.problems import Problem, ProblemsError, place
from dilemmakaart.yamlio import BadTimestamp

FORMAT = "dilemmakaart/case@1"
ID_PATTERN = r"^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$"
ID_RE = re.compile(ID_PATTERN)
ORGANISATION_TYPES = ("gemeente", "provincie", "waterschap", "rijk", "uitvoeringsorganisatie", "anders")
PHASES = ("idee", "ontwerp", "pilot", "in-gebruik", "evaluatie")
STATUSES = ("concept", "besproken", "besloten", "gearchiveerd")
ACTION_KINDS = ("techniek", "omgeving", "gebruikers")
ACTION_STATUSES = ("open", "bezig", "gereed")
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
    "created",
    "updated",
    "revision",
    "values",
    "dilemmas",
    "actions",
    "decision",
    "sessions",
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
Weight = Annotated[int, Field(ge=0, le=10)]
Effect = Annotated[int, Field(ge=-5, le=5)]
Balance = Annotated[int, Field(ge=-100, le=100)]
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
    options: list[Annotated[str, Field(max_length=1000)]] = []

    @property
    def key(self) -> str:
        return f"{self.a}|{self.b}"


class Action(_Strict):
    text: Annotated[str, AfterValidator(_trimmed), Field(min_length=1, max_length=1000)]
    kind: Literal["techniek", "omgeving", "gebruikers"] | None = None
    values: list[ValueId] = []
    necessity: Annotated[int, Field(ge=1, le=3)] | None = None
    importance: Annotated[int, Field(ge=1, le=3)] | None = None
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
    review: IsoDate | None = None
    by: Annotated[str, Field(max_length=200)] | None = None


class Response(_Strict):
    participant: Annotated[str, AfterValidator(_trimmed), Field(min_length=1, max_length=100)]
    role: Annotated[str, Field(max_length=100)] | None = None
    weights: dict[ValueId, Weight] = {}
    effects: dict[ValueId, Effect] = {}
    balances: dict[Annotated[str, Field(max_length=201)], Balance] = {}


class Session(_Strict):
    id: Slug
    round: Annotated[int, Field(ge=1)]
    held: IsoDateTime | None = None
    anonymous: bool = False
    responses: list[Response] = []


class Case(_Strict):
    format: Literal["dilemmakaart/case@1"]
    id: Slug
    title: Annotated[str, AfterValidator(_trimmed), Field(min_length=1, max_length=200)]
    description: Annotated[str, Field(max_length=20000)]
    organisation: Annotated[str, Field(max_length=200)] | None = None
    organisation_type: (
        Literal["gemeente", "provincie", "waterschap", "rijk", "uitvoeringsorganisatie", "anders"] | None
    ) = None
    technology: Annotated[list[Annotated[str, Field(min_length=1, max_length=60)]], AfterValidator(_unique)] = []
    stakeholders: Annotated[list[Annotated[str, Field(min_length=1, max_length=100)]], AfterValidator(_unique)] = []
    phase: Literal["idee", "ontwerp", "pilot", "in-gebruik", "evaluatie"] | None = None
    status: Literal["concept", "besproken", "besloten", "gearchiveerd"] = "concept"
    code: Annotated[str, Field(min_length=1, max_length=100)] = "codio"
    created: IsoDateTime | None = None
    updated: IsoDateTime | None = None
    revision: Annotated[int, Field(ge=0)] = 0
    values: list[ValueAtStake] = []
    dilemmas: list[Dilemma] = []
    actions: list[Action] = []
    decision: Decision | None = None
    sessions: list[Session] = []
    # keys starting with "x-": kept as they are on load and save; not part of the schema
    extensions: SkipJsonSchema[dict[str, Any]] = Field(default={}, exclude=True)

    def value(self, value_id: str) -> ValueAtStake | None:
        return next((v for v in self.values if v.value == value_id), None)

    def tagged(self) -> list[str]:
        return [v.value for v in self.values]

    def tag(self, value_id: str, weight: int = 5, effect: int = 0) -> bool:
        """Put a value at stake (by default weight 5, effect 0); False when it already is."""
        if self.value(value_id) is not None:
            return False
        self.values.append(ValueAtStake(value=value_id, weight=weight, effect=effect))
        return True

    def untag(self, value_id: str) -> None:
        """Take a value off the table (its dilemmas and actions stay, so nothing typed is lost)."""
        self.values = [v for v in self.values if v.value != value_id]

    def last_round_responses(self) -> list[Response] | None:
        """The responses of the latest session round (what the group thought last), or None."""
        if not self.sessions:
            return None
        latest = max(self.sessions, key=lambda s: (str(s.held or ""), s.round))
        return [r for s in self.sessions if s.id == latest.id and s.round == latest.round for r in s.responses] or None


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
        elif kind in ("string_too_long", "too_long"):
            problem = Problem(
                where,
                "too_long",
                {"max": ctx.get("max_length"), "length": len(given) if isinstance(given, (str, list)) else "?"},
            )
        elif kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
            problem = Problem(where, "out_of_range", {"value": given, "range": _range_of(where)})
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
    return {
        "weight": "0…10",
        "weights": "0…10",
        "effect": "−5…+5",
        "effects": "−5…+5",
        "balance": "−100…+100",
        "balances": "−100…+100",
        "necessity": "1…3",
        "importance": "1…3",
        "revision": "≥ 0",
        "round": "≥ 1",
    }.get(last.split(".")[0], "?")


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
        for i, item in enumerate(actions):
            if isinstance(item, dict) and isinstance(item.get("values"), list):
                for j, value_id in enumerate(item["values"]):
                    check_value(place("actions", i, "values", j), value_id)

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
