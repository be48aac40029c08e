"""The command line: ``python -m dilemmakaart validate|library|report``.

Exit codes: 0 all good, 1 a file has problems, 2 a usage error. Never a traceback.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import NoReturn

from dilemmakaart.i18n import LANGUAGES, normalise_language, t
from dilemmakaart.problems import ProblemsError


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # usage errors: exit 2 with a short message
        self.print_usage(sys.stderr)
        print(f"{self.prog}: {message}", file=sys.stderr)
        raise SystemExit(2)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="dilemmakaart", description="Dilemmakaart: value dilemmas in digital government.")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    lang_help = "language of messages: nl (default) or en"

    validate = sub.add_parser("validate", help="check case files or folders of case files")
    validate.add_argument("paths", nargs="+", metavar="PATH")
    validate.add_argument("--lang", choices=LANGUAGES, default=None, help=lang_help)

    library = sub.add_parser("library", help="summarise a case library folder")
    library.add_argument("folder", metavar="DIR")
    library.add_argument("--json", action="store_true", help="print the summary as JSON")
    library.add_argument("--lang", choices=LANGUAGES, default=None, help=lang_help)

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
            return library(args.folder, args.json, lang)
        return report(args.case, args.fmt, lang, args.output, images=args.images)
    except ProblemsError as exc:  # the value code itself is broken
        print(exc.describe(lang), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # the reader went away (``| head``): stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except Exception as exc:
        print(t("cli.internal_error", lang, error=f"{type(exc).__name__}: {exc}"), file=sys.stderr)
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
            print(t("cli.no_such_path", lang, path=raw), file=sys.stderr)
            return None
    return files


def validate(paths: list[str], lang: str) -> int:
    from dilemmakaart.code import load_code
    from dilemmakaart.store import read_case_file

    files = _files(paths, lang)
    if files is None:
        return 2
    code = load_code()
    bad = 0
    for path in files:
        try:
            read_case_file(path, code)
        except ProblemsError as exc:
            bad += 1
            for problem in exc.problems:
                print(problem.line(str(path), lang))
    print(t("cli.validate_summary", lang, total=len(files), bad=bad), file=sys.stderr)
    return 1 if bad else 0


def library(folder: str, as_json: bool, lang: str) -> int:
    from dilemmakaart.insights import library_summary
    from dilemmakaart.store import CaseLibrary

    if not Path(folder).is_dir():
        print(t("cli.no_such_path", lang, path=folder), file=sys.stderr)
        return 2
    lib = CaseLibrary(folder)
    summary = library_summary(lib.list(), lib.code, lang)
    if as_json:
        print(json.dumps(summary.to_dict(), ensure_ascii=False, indent=2))
        return 0
    print(t("cli.library_counts", lang, readable=summary.readable, unreadable=len(summary.unreadable)))
    for item in summary.unreadable:
        for problem in item["problems"]:
            print(f"  {item['file']}: {problem['place'] or '-'}: {problem['message']}")
    if summary.values:
        print(t("cli.library_values", lang))
        for v in summary.values:
            print(f"  {v['cases']:>5}  {v['name']}  ({t('cli.under_pressure', lang, n=v['under_pressure'])})")
    if summary.dilemmas:
        print(t("cli.library_dilemmas", lang))
        for d in summary.dilemmas:
            print(f"  {d['cases']:>5}  {d['a']} – {d['b']}  ({t('cli.mean_balance', lang, balance=d['mean_balance'])})")
    return 0


def report(case_path: str, fmt: str, lang: str, output: str, *, images: bool = False) -> int:
    try:
        from dilemmakaart.report import FORMATS, write_report
    except ImportError:
        print(t("cli.report_unavailable", lang), file=sys.stderr)
        return 2
    if fmt not in FORMATS:
        print(t("cli.bad_format", lang, fmt=fmt, allowed=", ".join(FORMATS)), file=sys.stderr)
        return 2
    from dilemmakaart.code import load_code
    from dilemmakaart.store import read_case_file

    path = Path(case_path)
    if not path.is_file():
        print(t("cli.no_such_path", lang, path=case_path), file=sys.stderr)
        return 2
    out = Path(output)
    if out.is_dir() or not out.parent.is_dir():
        print(t("report.cli_bad_output", lang, path=output), file=sys.stderr)
        return 2
    code = load_code()
    try:
        case = read_case_file(path, code)
    except ProblemsError as exc:
        for problem in exc.problems:
            print(problem.line(str(path), lang))
        return 1
    try:
        write_report(case, fmt, lang, out, code=code, images=images and fmt == "md")
    except OSError as exc:
        print(t("report.cli_write_failed", lang, path=output, error=exc.strerror or exc), file=sys.stderr)
        return 1
    print(t("report.cli_written", lang, path=output), file=sys.stderr)
    return 0
