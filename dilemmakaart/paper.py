"""Paper answers (issue 14): a workshop on paper joins the same results. The worksheet
(``report.worksheet``) asks what a phone asks; afterwards the facilitator types the answers in (or
fills the CSV template in a spreadsheet), one row per sheet, and the group's result is saved as a
group profile of the case, beside the classes that took part on their phones.

The CSV: the first column names the sheet ("Blad 1"); every other column is one item, its header
the item's name with its key in square brackets (``Privacy – gewicht [weight:privacy]``), so a
person reads the name and the app reads the key. Comma, semicolon or tab separated (a Dutch
spreadsheet saves with semicolons), UTF-8 with or without a byte-order mark. An empty cell is a
question not answered. Every number is checked against its scale; a problem names the row and the
column and nothing is taken in until every cell is right.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass

from dilemmakaart.aggregate import items_of
from dilemmakaart.case import Case, Response
from dilemmakaart.code import ValueCode
from dilemmakaart.i18n import t
from dilemmakaart.scales import BALANCE, EFFECT, WEIGHT, ScaleError

BOM = "\ufeff"
SCALES = {"weight": WEIGHT, "effect": EFFECT, "balance": BALANCE}
MAX_SHEETS = 300  # as many as a session takes
MAX_BYTES = 1_000_000
_KEY = re.compile(r"\[((?:weight|effect|balance):[^\]]+)\]\s*$")


@dataclass(frozen=True)
class PaperProblem:
    row: int  # 1 = the first row of answers (under the header); 0 = the header
    column: str  # the column's header as written
    key: str  # under ``paper.problem.``
    params: dict

    def message(self, lang: str) -> str:
        return t(f"paper.problem.{self.key}", lang, row=self.row, column=self.column, **self.params)


def item_keys(case: Case) -> list[str]:
    return [f"{kind}:{target}" for kind, target in items_of(case)]


def header(case: Case, code: ValueCode, lang: str) -> list[str]:
    """The template's header: the sheet column, then every item's name with its key."""
    from dilemmakaart.charts.session_charts import item_label

    return [t("paper.sheet", lang)] + [f"{item_label(k, code, lang)} [{k}]" for k in item_keys(case)]


def csv_template(case: Case, code: ValueCode, lang: str, sheets: int = 10) -> bytes:
    """A CSV to fill in: the header and ``sheets`` empty rows ("Blad 1" …), for Excel and the like."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    columns = header(case, code, lang)
    writer.writerow(columns)
    for i in range(1, sheets + 1):
        writer.writerow([t("paper.sheet_n", lang, n=i)] + [""] * (len(columns) - 1))
    return (BOM + buffer.getvalue()).encode("utf-8")


def column_key(cell: str, case_keys: set[str]) -> str | None:
    """The item a header cell names: the key in square brackets, or the cell itself when it is a key."""
    text = cell.strip()
    found = _KEY.search(text)
    key = found[1].strip() if found else text
    return key if key in case_keys else None


def read_csv(case: Case, data: bytes) -> tuple[list[Response], list[PaperProblem]]:
    """The answers of a filled-in template, or the problems (then no answers)."""
    if len(data) > MAX_BYTES:
        return [], [PaperProblem(0, "", "too_large", {"max": "1 MB"})]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return [], [PaperProblem(0, "", "not_utf8", {})]
    first = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first.count)
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    rows = [r for r in rows if any(cell.strip() for cell in r)]
    if not rows:
        return [], [PaperProblem(0, "", "empty", {})]
    return read_rows(case, rows[0], rows[1:])


def read_rows(case: Case, head: list[str], rows: list[list[str]]) -> tuple[list[Response], list[PaperProblem]]:
    """Answers from a header and rows of text cells (the CSV, or what the facilitator typed)."""
    keys = set(item_keys(case))
    problems: list[PaperProblem] = []
    columns: list[tuple[int, str, str]] = []  # (index, header, key)
    for i, cell in enumerate(head[1:], start=1):
        if not cell.strip():
            continue
        key = column_key(cell, keys)
        if key is None:
            problems.append(PaperProblem(0, cell.strip(), "unknown_column", {}))
        else:
            columns.append((i, cell.strip(), key))
    if not columns and not problems:
        problems.append(PaperProblem(0, "", "no_columns", {}))
    if len(rows) > MAX_SHEETS:
        problems.append(PaperProblem(0, "", "too_many", {"max": MAX_SHEETS}))
    out: list[Response] = []
    for r, row in enumerate(rows, start=1):
        label = (row[0].strip() if row else "") or t("paper.sheet_n", "nl", n=r)
        answer: dict[str, dict[str, int]] = {"weights": {}, "effects": {}, "balances": {}}
        for i, name, key in columns:
            cell = row[i].strip() if i < len(row) else ""
            if not cell:
                continue
            kind, target = key.split(":", 1)
            scale = SCALES[kind]
            try:
                number = scale.check(_number(cell))
            except (ScaleError, ValueError, OverflowError):
                problems.append(PaperProblem(r, name, "not_on_scale", {"value": cell[:20], "range": scale.range_text}))
                continue
            answer[kind + "s"][target] = number
        if any(answer.values()):
            out.append(
                Response(
                    participant=label[:100],
                    weights=answer["weights"],
                    effects=answer["effects"],
                    balances=answer["balances"],
                )
            )
    if not out and not problems:
        problems.append(PaperProblem(0, "", "no_answers", {}))
    return ([] if problems else out), problems


def _number(cell: str) -> int | float:
    """ "7", "+2", "−3" (a typographic minus), "5,0" or "5.0" as a number; else ValueError."""
    text = cell.replace("−", "-").replace("+", "").replace(",", ".").strip()
    value = float(text)
    return int(value) if value.is_integer() else value
