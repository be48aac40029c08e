"""A problem found in a file: where it is and what is wrong, to be said in the user's language."""

from __future__ import annotations

from dataclasses import dataclass, field

from dilemmakaart.i18n import t


@dataclass(frozen=True)
class Problem:
    place: str  # for example "values[2].weight"; "" for the file as a whole
    key: str  # a key under "problem." in the string tables
    params: dict = field(default_factory=dict, compare=False)

    def message(self, lang: str = "nl") -> str:
        params = {k: _type_word(v, lang) if k in _TYPE_PARAMS else v for k, v in self.params.items()}
        return t(f"problem.{self.key}", lang, **params)

    def line(self, file: str, lang: str = "nl") -> str:
        """The line the command line prints: ``FILE: PLACE: MESSAGE``."""
        return f"{file}: {self.place or '-'}: {self.message(lang)}"


_TYPE_PARAMS = ("expected", "got", "kind")


def _type_word(word: object, lang: str) -> object:
    """Names of YAML types and code parts (``integer``, ``principle``) in the user's language."""
    try:
        return t(f"type.{word}", lang)
    except KeyError:
        return word


class ProblemsError(ValueError):
    """Raised with every problem found, never just the first."""

    def __init__(self, problems: list[Problem], source: str = ""):
        self.problems = problems
        self.source = source
        super().__init__(self.describe("en"))

    def describe(self, lang: str = "nl") -> str:
        return "\n".join(
            p.line(self.source, lang) if self.source else f"{p.place or '-'}: {p.message(lang)}" for p in self.problems
        )


def place(*parts: object) -> str:
    """Join path parts as ``values[2].weight``."""
    out = ""
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
        elif out:
            out += f".{part}"
        else:
            out = str(part)
    return out
