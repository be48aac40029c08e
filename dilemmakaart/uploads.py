"""Checking case files that a user uploads, before anything is written. Pure, no Streamlit.

Each file is checked on its own against every rule of the format; problems are reported per file
and per field. The file name does not matter (mailed files get renamed, "casus (1).yaml"): the id
inside the file is the case's id. A case whose id is already in the library is never written over:
``Upload.copy_id`` is a free id to save it under as a copy instead (``Case.copy_as_new``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from dilemmakaart.case import Case, parse_case, slugify
from dilemmakaart.code import ValueCode
from dilemmakaart.problems import Problem, ProblemsError
from dilemmakaart.yamlio import parse_yaml

SUFFIXES = (".yaml", ".yml")


@dataclass
class Upload:
    name: str  # the uploaded file's name
    case: Case | None = None  # the case, when the file is valid
    problems: list[Problem] = field(default_factory=list)
    exists: bool = False  # a case with this id is already in the library
    copy_id: str | None = None  # a free id for a copy, when ``exists``

    @property
    def ok(self) -> bool:
        return self.case is not None and not self.problems


def check_upload(name: str, raw: bytes, code: ValueCode, taken: set[str] | frozenset[str]) -> Upload:
    """Check one uploaded file; ``taken`` are the ids in the library (and in its trash, if wanted)."""
    upload = Upload(name)
    if not name.lower().endswith(SUFFIXES):
        upload.problems = [Problem("", "lib_not_yaml", {"name": name})]
        return upload
    data, problems = parse_yaml(raw)
    if problems:
        upload.problems = problems
        return upload
    try:
        upload.case = parse_case(data, code)
    except ProblemsError as exc:
        upload.problems = exc.problems
        return upload
    if upload.case.id in taken:
        upload.exists = True
        upload.copy_id = copy_id(upload.case.id, taken)
    return upload


def copy_id(case_id: str, taken: set[str] | frozenset[str]) -> str:
    """A free id for a copy of ``case_id``: ``x-kopie``, ``x-kopie-2``, … (at most 64 characters)."""
    return slugify(f"{case_id[:50]}-kopie", set(taken))
