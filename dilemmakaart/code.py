"""The value code (``data/code.yaml``): foundations → principles → values, tensions, instruments.

``load_code`` reads and checks the file and raises ``ProblemsError`` naming every problem.
"""

from __future__ import annotations

import os
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from dilemmakaart.i18n import pick
from dilemmakaart.problems import Problem, ProblemsError, place

CODE_FORMAT = "dilemmakaart/code@1"
DEFAULT_CODE_PATH = Path(__file__).resolve().parents[1] / "data" / "code.yaml"
Id = Annotated[str, Field(pattern=r"^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$")]


class Text(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)
    nl: Annotated[str, Field(min_length=1)]
    en: Annotated[str, Field(min_length=1)]

    def __call__(self, lang: str) -> str:
        return pick({"nl": self.nl, "en": self.en}, lang)


class TextList(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)
    nl: list[Annotated[str, Field(min_length=1)]]
    en: list[Annotated[str, Field(min_length=1)]]

    def __call__(self, lang: str) -> list[str]:
        return self.en if lang == "en" else self.nl


class _Part(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class Foundation(_Part):
    id: Id
    name: Text
    meaning: Text


class Principle(_Part):
    id: Id
    foundation: Id
    name: Text
    meaning: Text


class ExampleAction(_Part):
    kind: Literal["techniek", "omgeving", "gebruikers"]
    text: Text


class LegalFloor(_Part):
    """A law that sets a minimum for a value: the law, its article(s), the floor in one plain line,
    and (optional) when it applies ("for high-risk AI systems"). Options that break it are not ranked."""

    law: Annotated[str, Field(min_length=1, max_length=200)]  # "AVG", "Algemene wet bestuursrecht"
    article: Annotated[str, Field(max_length=100)] = ""  # "art. 9", "art. 3:46"; empty: the law as a whole
    floor: Text
    applies: Text | None = None

    @property
    def cite(self) -> str:
        """What a case's ``breaks[].law`` says, for example "AVG art. 9"."""
        return f"{self.law} {self.article}".strip()


class Value(_Part):
    id: Id
    principle: Id
    status: Literal["confirmed", "reconstructed"]
    name: Text
    meaning: Text
    questions: TextList
    actions: list[ExampleAction]
    instruments: list[Id] = []
    legal_floors: list[LegalFloor] = []
    beyond_law: Text | None = None  # what the value asks beyond what the laws already require


class Tension(_Part):
    a: Id
    b: Id
    example: Text


class Trigger(_Part):
    values: list[Id] = []
    technologies: list[Id] = []


class Instrument(_Part):
    id: Id
    name: Text
    what: Text
    when: Trigger = Trigger()


class Technology(_Part):
    id: Id
    name: Text
    values: list[Id] = []


class Renamed(_Part):
    id: Id
    was: Text  # the name before this version


class Change(_Part):
    """What one version of a framework changed, so a case made with an older version can be told
    in words: items added, renamed (same id, new name) and removed."""

    version: Annotated[str, Field(min_length=1, max_length=40)]
    note: Text | None = None
    added: list[Id] = []
    renamed: list[Renamed] = []
    removed: list[Id] = []


class ValueCode(_Part):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, ignored_types=(cached_property,))
    format: Literal["dilemmakaart/code@1"]
    id: Id
    version: Annotated[str, Field(min_length=1, max_length=40, pattern=r"^[A-Za-z0-9][A-Za-z0-9.-]*$")] | None = None
    title: Text
    full_title: Text
    authors: list[str]
    publisher: Text
    year: int
    source_note: Text
    foundations: list[Foundation]
    principles: list[Principle]
    values: list[Value]
    tensions: list[Tension] = []
    instruments: list[Instrument] = []
    technologies: list[Technology] = []
    changes: list[Change] = []  # oldest first; the last one is this version

    @cached_property
    def value_ids(self) -> frozenset[str]:
        return frozenset(v.id for v in self.values)

    @cached_property
    def _values(self) -> dict[str, Value]:
        return {v.id: v for v in self.values}

    @cached_property
    def _principles(self) -> dict[str, Principle]:
        return {p.id: p for p in self.principles}

    @cached_property
    def _foundations(self) -> dict[str, Foundation]:
        return {f.id: f for f in self.foundations}

    def value(self, value_id: str) -> Value:
        return self._values[value_id]

    def principle(self, principle_id: str) -> Principle:
        return self._principles[principle_id]

    def foundation(self, foundation_id: str) -> Foundation:
        return self._foundations[foundation_id]

    def principle_of(self, value_id: str) -> Principle:
        return self._principles[self._values[value_id].principle]

    def foundation_of(self, value_id: str) -> Foundation:
        return self._foundations[self.principle_of(value_id).foundation]

    def values_of(self, principle_id: str) -> list[Value]:
        return [v for v in self.values if v.principle == principle_id]

    def principles_of(self, foundation_id: str) -> list[Principle]:
        return [p for p in self.principles if p.foundation == foundation_id]

    def value_name(self, value_id: str, lang: str) -> str:
        value = self._values.get(value_id)
        return value.name(lang) if value else value_id

    def tension(self, a: str, b: str) -> Tension | None:
        return next((t for t in self.tensions if {t.a, t.b} == {a, b}), None)

    def technology(self, technology_id: str) -> Technology | None:
        return next((t for t in self.technologies if t.id == technology_id), None)

    def instrument(self, instrument_id: str) -> Instrument:
        return next(i for i in self.instruments if i.id == instrument_id)


def code_problems(code: ValueCode) -> list[Problem]:
    """Rules the model alone cannot check: unique ids, references, counts."""
    problems: list[Problem] = []

    def unique(kind: str, items: list) -> set[str]:
        seen: set[str] = set()
        for i, item in enumerate(items):
            if item.id in seen:
                problems.append(Problem(place(kind, i, "id"), "code_duplicate_id", {"id": item.id}))
            seen.add(item.id)
        return seen

    foundations = unique("foundations", code.foundations)
    principles = unique("principles", code.principles)
    values = unique("values", code.values)
    instruments = unique("instruments", code.instruments)
    technologies = unique("technologies", code.technologies)

    def ref(where: str, ref_id: str, known: set[str], kind: str) -> None:
        if ref_id not in known:
            problems.append(Problem(where, "code_unknown_ref", {"id": ref_id, "kind": kind}))

    for i, p in enumerate(code.principles):
        ref(place("principles", i, "foundation"), p.foundation, foundations, "foundation")
    for i, v in enumerate(code.values):
        ref(place("values", i, "principle"), v.principle, principles, "principle")
        for j, inst_id in enumerate(v.instruments):
            ref(place("values", i, "instruments", j), inst_id, instruments, "instrument")
        for lang in ("nl", "en"):
            count = len(getattr(v.questions, lang))
            if not 2 <= count <= 3:
                problems.append(Problem(place("values", i, "questions", lang), "code_question_count", {"count": count}))
        if len(v.questions.nl) != len(v.questions.en):
            problems.append(
                Problem(
                    place("values", i, "questions"),
                    "code_question_languages",
                    {"nl": len(v.questions.nl), "en": len(v.questions.en)},
                )
            )
        if len(v.actions) < 3:
            problems.append(Problem(place("values", i, "actions"), "code_action_count", {"count": len(v.actions)}))
    pairs: set[frozenset] = set()
    for i, t in enumerate(code.tensions):
        ref(place("tensions", i, "a"), t.a, values, "value")
        ref(place("tensions", i, "b"), t.b, values, "value")
        pair = frozenset((t.a, t.b))
        if t.a == t.b or pair in pairs:
            problems.append(Problem(place("tensions", i), "code_duplicate_tension", {"a": t.a, "b": t.b}))
        pairs.add(pair)
    for i, inst in enumerate(code.instruments):
        for j, value_id in enumerate(inst.when.values):
            ref(place("instruments", i, "when", "values", j), value_id, values, "value")
        for j, tech_id in enumerate(inst.when.technologies):
            ref(place("instruments", i, "when", "technologies", j), tech_id, technologies, "technology")
    for i, technology in enumerate(code.technologies):
        for j, value_id in enumerate(technology.values):
            ref(place("technologies", i, "values", j), value_id, values, "value")
    problems.extend(_change_problems(code, values))
    return problems


def _change_problems(code: ValueCode, values: set[str]) -> list[Problem]:
    """The change log: unique versions, the last one is the file's ``version``, and what the last
    version added or renamed exists while what it removed does not."""
    problems: list[Problem] = []
    if not code.changes:
        return problems
    seen: set[str] = set()
    for i, change in enumerate(code.changes):
        if change.version in seen:
            problems.append(Problem(place("changes", i, "version"), "code_duplicate_id", {"id": change.version}))
        seen.add(change.version)
    last = len(code.changes) - 1
    if code.changes[last].version != code.version:
        problems.append(
            Problem(
                place("changes", last, "version"),
                "code_change_version",
                {"version": code.changes[last].version, "current": code.version or ""},
            )
        )
    change = code.changes[last]
    for j, value_id in enumerate(change.added):
        if value_id not in values:
            problems.append(
                Problem(place("changes", last, "added", j), "code_unknown_ref", {"id": value_id, "kind": "value"})
            )
    for j, renamed in enumerate(change.renamed):
        if renamed.id not in values:
            problems.append(
                Problem(
                    place("changes", last, "renamed", j, "id"), "code_unknown_ref", {"id": renamed.id, "kind": "value"}
                )
            )
    for j, value_id in enumerate(change.removed):
        if value_id in values:
            problems.append(Problem(place("changes", last, "removed", j), "code_removed_present", {"id": value_id}))
    return problems


def parse_code(data: Any) -> ValueCode:
    if not isinstance(data, dict):
        raise ProblemsError([Problem("", "root_not_mapping", {"got": type(data).__name__})])
    try:
        code = ValueCode.model_validate(data)
    except ValidationError as exc:
        problems = []
        for err in exc.errors(include_url=False):
            where = place(*err["loc"])
            if err["type"] == "missing":
                problems.append(Problem(where, "missing", {"field": str(err["loc"][-1])}))
            elif err["type"] == "extra_forbidden":
                problems.append(Problem(where, "unknown_key", {"key": str(err["loc"][-1])}))
            else:
                problems.append(Problem(where, "invalid", {"reason": err["msg"]}))
        raise ProblemsError(problems) from None
    problems = code_problems(code)
    if problems:
        raise ProblemsError(problems)
    return code


def code_path() -> Path:
    return Path(os.environ.get("DILEMMAKAART_CODE") or DEFAULT_CODE_PATH)


def load_code(path: str | Path | None = None) -> ValueCode:
    """Read and check a code file; the default is ``DILEMMAKAART_CODE`` or ``data/code.yaml``."""
    path = Path(path) if path is not None else code_path()
    stat = path.stat()
    return _load_code_cached(str(path), stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=4)
def _load_code_cached(path: str, mtime_ns: int, size: int) -> ValueCode:
    from dilemmakaart.yamlio import parse_yaml

    data, problems = parse_yaml(Path(path).read_bytes())
    if problems:
        raise ProblemsError(problems, source=path)
    try:
        return parse_code(data)
    except ProblemsError as exc:
        exc.source = path
        raise


def foundation_order(code: ValueCode) -> list[str]:
    return [f.id for f in code.foundations]
