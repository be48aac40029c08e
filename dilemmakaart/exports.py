"""The library as files: CSV for spreadsheets, JSON for programs, a zip of case files.

CSV: one row per case and value at stake (a case without values gets one row with the value
columns empty), comma separated, UTF-8 with a byte order mark so that Excel shows accents right.
Cells that a spreadsheet would take for a formula (starting with ``=``, ``+``, ``-``, ``@``) get a
leading apostrophe: a case title must never run as a formula on someone's computer.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Iterable

from dilemmakaart.case import Case, case_to_data
from dilemmakaart.code import ValueCode
from dilemmakaart.i18n import t
from dilemmakaart.search import case_date
from dilemmakaart.yamlio import dump_yaml

BOM = "\ufeff"
CSV_COLUMNS = (
    "id",
    "title",
    "organisation",
    "organisation_type",
    "technology",
    "phase",
    "status",
    "updated",
    "revision",
    "value",
    "value_name",
    "foundation",
    "weight",
    "effect",
)


def _cell(value: object) -> object:
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return "" if value is None else value


def _label(kind: str, value: str | None, lang: str) -> str:
    """A choice as people read it (``waterschap`` -> "water board" in English)."""
    return t(f"{kind}.{value}", lang) if value else ""


def _technology(code: ValueCode, tech_id: str, lang: str) -> str:
    tech = code.technology(tech_id)
    return tech.name(lang) if tech else tech_id


def library_csv(cases: Iterable[Case], code: ValueCode, lang: str = "nl") -> bytes:
    """One row per case and value, in the user's language: names, not ids (the value's id is kept
    in a column of its own, next to its name, for whoever joins tables)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([t(f"lib.csv.{c}", lang) for c in CSV_COLUMNS])
    for case in cases:
        when = case_date(case)
        facts = [
            case.id,
            case.title,
            case.organisation or "",
            _label("organisation_type", case.organisation_type, lang),
            ", ".join(_technology(code, x, lang) for x in case.technology),
            _label("phase", case.phase, lang),
            _label("status", case.status, lang),
            when.isoformat() if when else "",  # ISO: a spreadsheet reads it as a date and sorts it
            case.revision,
        ]
        if not case.values:
            writer.writerow([_cell(x) for x in facts] + ["", "", "", "", ""])
        for v in case.values:
            known = v.value in code.value_ids
            foundation = code.foundation_of(v.value).name(lang) if known else ""
            writer.writerow(
                [_cell(x) for x in facts]
                + [_cell(v.value), _cell(code.value_name(v.value, lang)), _cell(foundation), v.weight, v.effect]
            )
    return (BOM + buffer.getvalue()).encode("utf-8")


def library_json(cases: Iterable[Case]) -> bytes:
    """Every case as it is written to disk, in a list."""
    return json.dumps([case_to_data(c) for c in cases], ensure_ascii=False, indent=2).encode("utf-8")


def case_yaml(case: Case) -> bytes:
    return dump_yaml(case_to_data(case)).encode("utf-8")


def cases_zip(cases: Iterable[Case]) -> bytes:
    """A zip with one ``<id>.yaml`` per case."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for case in cases:
            archive.writestr(f"{case.id}.yaml", case_yaml(case))
    return buffer.getvalue()
