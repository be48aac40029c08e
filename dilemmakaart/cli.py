"""The command line: ``python -m dilemmakaart validate|library|sensitivity|report|export``.

Exit codes: 0 all good, 1 a file has problems, 2 a usage error. Never a traceback.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from pathlib import Path
from typing import NoReturn, TextIO

from dilemmakaart.i18n import LANGUAGES, normalise_language, t
from dilemmakaart.problems import ProblemsError

# Control characters (C0 but tab and newline, DEL, C1) in file names or values would reach the terminal
# as escape sequences (colours, cursor moves, a changed window title): they are shown as \x1b etc.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def plain(text: object) -> str:
    """``text`` safe to print on a terminal: every control character written out as ``\\xNN``."""
    return _CONTROL.sub(
        lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100 else f"\\u{ord(m.group()):04x}", str(text)
    )


def say(*parts: object, file: TextIO | None = None) -> None:
    """``print`` for the command line: one line of plain text, control characters escaped."""
    print(" ".join(plain(p) for p in parts), file=file if file is not None else sys.stdout)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # usage errors: exit 2 with a short message
        self.print_usage(sys.stderr)
        say(f"{self.prog}: {message}", file=sys.stderr)
        raise SystemExit(2)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="dilemmakaart", description="Dilemmakaart: value dilemmas in digital government.")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    lang_help = "language of messages: nl (default) or en"

    validate = sub.add_parser("validate", help="check case files or folders of case files")
    validate.add_argument("paths", nargs="+", metavar="PATH")
    validate.add_argument("--lang", choices=LANGUAGES, default=None, help=lang_help)

    library = sub.add_parser(
        "library",
        help="summarise a case library folder; 'library import DIR' / 'library export DIR' move a library "
        "between a folder and the database named by DILEMMAKAART_DATABASE_URL",
    )
    library.add_argument("folder", nargs="+", metavar="[import|export] DIR")
    library.add_argument("--json", action="store_true", help="print the summary as JSON")
    library.add_argument("--due", action="store_true", help="list only the decisions due for review")
    library.add_argument(
        "--today", type=_iso_day, default=None, metavar="YYYY-MM-DD", help="with --due: the day to count from"
    )
    library.add_argument("--lang", choices=LANGUAGES, default=None, help=lang_help)

    sens = sub.add_parser("sensitivity", help="options ranked, and what would change the decision, for one case")
    sens.add_argument("case", metavar="CASE.yaml")
    sens.add_argument("--json", action="store_true", help="print the result as JSON")
    sens.add_argument("--lang", choices=LANGUAGES, default=None, help=lang_help)

    report = sub.add_parser("report", help="write the board report for one case")
    report.add_argument("case", metavar="CASE.yaml")
    report.add_argument(
        "--format",
        required=True,
        dest="fmt",
        metavar="html|md|pdf|docx",
        help="pdf (A4), docx (Word), html (one self-contained file) or md (Markdown)",
    )
    report.add_argument(
        "--lang", choices=LANGUAGES, default=None, help="language of the report and messages: nl (default) or en"
    )
    report.add_argument("-o", "--output", required=True, metavar="OUT", help="the file to write")
    report.add_argument(
        "--images", action="store_true", help="md only: also write the charts as PNG files in OUT-images/ and link them"
    )
    export = sub.add_parser(
        "export", help="write a draft to file: an Algoritmeregister entry, an IAMA or DPIA starting points"
    )
    export.add_argument("case", metavar="CASE.yaml")
    export.add_argument("--format", required=True, dest="kind", metavar="algoritmeregister|iama|dpia")
    export.add_argument("-o", "--output", required=True, metavar="OUT", help="the file type follows its extension")
    export.add_argument("--lang", choices=LANGUAGES, default=None, help=lang_help)
    return parser


def main(argv: list[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    lang = normalise_language(args.lang or os.environ.get("DILEMMAKAART_LANG"))
    try:
        if args.command == "validate":
            return validate(args.paths, lang)
        if args.command == "library":
            if len(args.folder) == 2 and args.folder[0] in ("import", "export"):
                return transfer(args.folder[0], args.folder[1], lang)
            if len(args.folder) != 1:
                say(t("cli.store.usage", lang), file=sys.stderr)
                return 2
            args.folder = args.folder[0]
            if args.due:
                return due(args.folder, args.json, lang, args.today)
            return library(args.folder, args.json, lang)
        if args.command == "sensitivity":
            return sensitivity(args.case, args.json, lang)
        if args.command == "export":
            return export(args.case, args.kind, lang, args.output)
        return report(args.case, args.fmt, lang, args.output, images=args.images)
    except ProblemsError as exc:  # the value code itself is broken
        say(exc.describe(lang), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # the reader went away (``| head``): stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except OSError as exc:  # a folder or file that cannot be read: say which, in words
        say(t("cli.os_error", lang, path=exc.filename or "?", reason=_reason(exc, lang)), file=sys.stderr)
        return 1
    except Exception as exc:
        say(t("cli.internal_error", lang, error=f"{type(exc).__name__}: {exc}"), file=sys.stderr)
        return 1


def _files(paths: list[str], lang: str) -> list[Path] | None:
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            files.extend(sorted(p for p in path.iterdir() if p.suffix == ".yaml" and p.is_file()))
        elif path.is_file():
            files.append(path)
        else:
            say(_unusable(raw, lang), file=sys.stderr)
            return None
    return files


def validate(paths: list[str], lang: str) -> int:
    from dilemmakaart.code import load_code
    from dilemmakaart.store import read_case_file

    files = _files(paths, lang)
    if files is None:
        return 2
    from dilemmakaart.frameworks import check_file, file_kind

    code = load_code()
    bad = 0
    for path in files:
        kind = file_kind(path)  # a framework or crosswalk file is checked as one (issue 16)
        if kind is not None:
            problems = check_file(path, kind)
            bad += bool(problems)
            for problem in problems:
                say(problem.line(str(path), lang))
            continue
        try:
            read_case_file(path, code)
        except ProblemsError as exc:
            bad += 1
            for problem in exc.problems:
                say(problem.line(str(path), lang))
    say(t("cli.validate_summary", lang, total=len(files), bad=bad), file=sys.stderr)
    return 1 if bad else 0


def transfer(action: str, folder: str, lang: str) -> int:
    """``library import DIR`` / ``library export DIR``: between a folder and the database
    (``dilemmakaart.transfer``). Exit 0 done, 1 nothing done (a problem, newer work in the database,
    no database), 2 a usage error."""
    import psycopg

    from dilemmakaart.pgstore import PgCaseLibrary, database_url
    from dilemmakaart.transfer import FolderNotEmpty, export_folder, import_folder

    url = database_url()
    if not url:
        say(t("cli.store.no_database", lang), file=sys.stderr)
        return 2
    path = Path(folder)
    if action == "import" and not path.is_dir():
        say(_unusable(folder, lang, folder=True), file=sys.stderr)
        return 2
    try:
        lib = PgCaseLibrary(url)
        if action == "export":
            try:
                done = export_folder(lib, path)
            except FolderNotEmpty:
                say(t("cli.store.not_empty", lang, path=folder), file=sys.stderr)
                return 2
            say(
                t(
                    "cli.store.exported",
                    lang,
                    path=folder,
                    cases=done.cases,
                    revisions=done.revisions,
                    trashed=done.trashed,
                )
            )
            return 0
        done = import_folder(path, lib)
    except psycopg.Error as exc:
        say(
            t(
                "cli.store.unreachable",
                lang,
                reason=str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__,
            ),
            file=sys.stderr,
        )
        return 1
    for name, problems in done.problems:
        for problem in problems:
            say(problem.line(name, lang))
    for case_id, mine, theirs in done.newer:
        say(t("cli.store.newer", lang, id=case_id, mine=mine, theirs=theirs))
    if not done.ok:
        say(t("cli.store.nothing_imported", lang), file=sys.stderr)
        return 1
    say(
        t(
            "cli.store.imported",
            lang,
            cases=done.cases,
            unchanged=done.unchanged,
            revisions=done.revisions,
            trashed=done.trashed,
        )
    )
    return 0


def library(folder: str, as_json: bool, lang: str) -> int:
    from dilemmakaart.insights import library_summary
    from dilemmakaart.store import CaseLibrary

    if not Path(folder).is_dir():
        say(_unusable(folder, lang, folder=True), file=sys.stderr)
        return 2
    lib = CaseLibrary(folder)
    summary = library_summary(lib.list(), lib.code, lang)
    if as_json:
        text = json.dumps(summary.to_dict(), ensure_ascii=False, indent=2)
        print(_CONTROL.sub(lambda m: f"\\u{ord(m.group()):04x}", text))  # still valid JSON, same values
        return 0
    say(t("cli.library_counts", lang, readable=summary.readable, unreadable=len(summary.unreadable)))
    for item in summary.unreadable:
        for problem in item["problems"]:
            say(f"  {item['file']}: {problem['place'] or '-'}: {problem['message']}")
    if summary.values:
        say(t("cli.library_values", lang))
        for v in summary.values:
            say(f"  {v['cases']:>5}  {v['name']}  ({t('cli.under_pressure', lang, n=v['under_pressure'])})")
    if summary.dilemmas:
        say(t("cli.library_dilemmas", lang))
        for d in summary.dilemmas:
            say(f"  {d['cases']:>5}  {d['a']} – {d['b']}  ({t('cli.mean_balance', lang, balance=d['mean_balance'])})")
    return 0


def _iso_day(text: str):
    from datetime import date

    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date: {text!r} (YYYY-MM-DD)") from None


def due(folder: str, as_json: bool, lang: str, today=None) -> int:
    """The decisions due for review (``decision.review`` today or past), the longest overdue first."""
    from datetime import date

    from dilemmakaart.i18n import format_date
    from dilemmakaart.options import due_for_review
    from dilemmakaart.store import CaseLibrary

    if not Path(folder).is_dir():
        say(_unusable(folder, lang, folder=True), file=sys.stderr)
        return 2
    found = due_for_review(CaseLibrary(folder).list().cases, today or date.today())
    if as_json:
        rows = [
            {
                "id": d.case_id,
                "title": d.title,
                "review": d.review.isoformat(),
                "days_over": d.days_over,
                "triggers": list(d.triggers),
            }
            for d in found
        ]
        print(_CONTROL.sub(lambda m: f"\\u{ord(m.group()):04x}", json.dumps(rows, ensure_ascii=False, indent=2)))
        return 0
    say(t("cli.due_count", lang, n=len(found)))
    for d in found:
        say(f"  {d.case_id}: {d.title} ({t('cli.due_since', lang, date=format_date(d.review, lang))})")
        for trigger in d.triggers:
            say(f"    - {trigger}")
    return 0


def sensitivity(case_path: str, as_json: bool, lang: str) -> int:
    """Options ranked, flip points and the group's winners (``dilemmakaart.options``)."""
    from dilemmakaart.code import load_code
    from dilemmakaart.options import sensitivity as analyse
    from dilemmakaart.options import sensitivity_lines
    from dilemmakaart.store import read_case_file

    path = Path(case_path)
    if not path.is_file():
        say(_unusable(case_path, lang), file=sys.stderr)
        return 2
    code = load_code()
    try:
        case = read_case_file(path, code)
    except ProblemsError as exc:
        for problem in exc.problems:
            say(problem.line(str(path), lang))
        return 1
    result = analyse(case)
    if as_json:
        text = json.dumps(result.to_json(), ensure_ascii=False, indent=2)
        print(_CONTROL.sub(lambda m: f"\\u{ord(m.group()):04x}", text))
        return 0
    for line in sensitivity_lines(case, result, lambda v: code.value_name(v, lang), lang):
        say(line)
    return 0


def report(case_path: str, fmt: str, lang: str, output: str, *, images: bool = False) -> int:
    from dilemmakaart.report import FORMATS, write_report

    if fmt not in FORMATS:
        say(t("cli.bad_format", lang, fmt=fmt, allowed=", ".join(FORMATS)), file=sys.stderr)
        return 2
    from dilemmakaart.code import load_code
    from dilemmakaart.store import read_case_file

    path = Path(case_path)
    if not path.is_file():
        say(_unusable(case_path, lang), file=sys.stderr)
        return 2
    out = Path(output)
    if out.is_dir() or not out.parent.is_dir():
        say(t("report.cli_bad_output", lang, path=output), file=sys.stderr)
        return 2
    code = load_code()
    try:
        case = read_case_file(path, code)
    except ProblemsError as exc:
        for problem in exc.problems:
            say(problem.line(str(path), lang))
        return 1
    try:
        from dilemmakaart.options import decided_version
        from dilemmakaart.store import CaseLibrary

        # at a review: the decided version from the history of the library the file is in
        decided = decided_version(CaseLibrary(path.parent, code), case) if path.stem == case.id else None
        write_report(case, fmt, lang, out, code=code, images=images and fmt == "md", decided=decided)
    except OSError as exc:
        say(t("report.cli_write_failed", lang, path=output, error=_reason(exc, lang)), file=sys.stderr)
        return 1
    say(t("report.cli_written", lang, path=output), file=sys.stderr)
    return 0


def export(case_path: str, kind: str, lang: str, output: str) -> int:
    """A draft to file (``dilemmakaart.filing``): the kind from ``--format``, the file type from OUT's
    extension. Exit codes as for ``validate``: 0 written, 1 the case has problems or writing failed,
    2 a usage error."""
    from dilemmakaart.code import load_code
    from dilemmakaart.filing import KINDS, SUFFIXES, export_bytes
    from dilemmakaart.store import read_case_file

    if kind not in KINDS:
        say(t("cli.bad_format", lang, fmt=kind, allowed=", ".join(KINDS)), file=sys.stderr)
        return 2
    out = Path(output)
    suffix = out.suffix.lower()
    if suffix not in SUFFIXES[kind]:
        say(
            t("cli.export_bad_suffix", lang, kind=kind, suffix=suffix or "-", allowed=", ".join(SUFFIXES[kind])),
            file=sys.stderr,
        )
        return 2
    path = Path(case_path)
    if not path.is_file():
        say(_unusable(case_path, lang), file=sys.stderr)
        return 2
    if out.is_dir() or not out.parent.is_dir():
        say(t("report.cli_bad_output", lang, path=output), file=sys.stderr)
        return 2
    try:
        case = read_case_file(path, load_code())
    except ProblemsError as exc:
        for problem in exc.problems:
            say(problem.line(str(path), lang))
        return 1
    data = export_bytes(case, kind, suffix, lang)
    try:
        out.write_bytes(data)
    except OSError as exc:
        say(t("report.cli_write_failed", lang, path=output, error=_reason(exc, lang)), file=sys.stderr)
        return 1
    say(t("cli.export_written", lang, path=output), file=sys.stderr)
    return 0


def _reason(exc: OSError, lang: str) -> str:
    """Why a file could not be used, in the user's language where we know the words."""
    import errno

    known = {
        errno.EACCES: "cli.reason.permission",
        errno.EPERM: "cli.reason.permission",
        errno.ENOTDIR: "cli.reason.not_a_folder",
        errno.EISDIR: "cli.reason.is_a_folder",
        errno.ENOENT: "cli.reason.missing",
        errno.ENOSPC: "cli.reason.full",
        errno.EROFS: "cli.reason.read_only",
    }
    key = known.get(exc.errno or 0)
    return t(key, lang) if key else (exc.strerror or type(exc).__name__)


def _unusable(raw: str, lang: str, *, folder: bool = False) -> str:
    """Why ``raw`` cannot be used, in words: it does not exist, part of it is a file, it is a file
    where a folder is asked (``folder``), or it is neither a file nor a folder (a pipe, a device)."""
    import errno

    try:
        mode = os.stat(raw).st_mode
    except OSError as exc:
        if exc.errno == errno.ENOENT:
            return t("cli.no_such_path", lang, path=raw)
        return t("cli.os_error", lang, path=raw, reason=_reason(exc, lang))
    import stat

    if folder and not stat.S_ISDIR(mode):
        return t("cli.os_error", lang, path=raw, reason=t("cli.reason.not_a_folder_itself", lang))
    if not folder and stat.S_ISDIR(mode):
        return t("cli.os_error", lang, path=raw, reason=t("cli.reason.is_a_folder", lang))
    return t("cli.os_error", lang, path=raw, reason=t("cli.reason.not_a_file", lang))
