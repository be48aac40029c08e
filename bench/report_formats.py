"""Benchmark: the board report, time per format per example case.

    python -m bench.report_formats                 # every example case in cases/, Dutch
    python -m bench.report_formats --lang en --cases 3
    python -m bench.report_formats --check         # exit 1 when one report takes 10 s or more

Prints per case: drawing the three charts once (PNG at 3× and SVG), then laying out each format
from those charts, and the size of each file. The charts dominate; a format alone is fast.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from datetime import date
from pathlib import Path

from dilemmakaart.code import load_code
from dilemmakaart.report import FORMATS, render_report
from dilemmakaart.report.figures import case_figures
from dilemmakaart.store import read_case_file

ROOT = Path(__file__).resolve().parents[1]
LIMIT_SECONDS = 20.0  # a whole report (charts + one format) on a busy 2-core machine


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lang", default="nl", choices=("nl", "en"))
    parser.add_argument("--cases", type=int, default=0, help="only the first N example cases (0: all)")
    parser.add_argument("--folder", default=str(ROOT / "cases"))
    parser.add_argument(
        "--check", action="store_true", help=f"exit 1 when a whole report takes {LIMIT_SECONDS:g} s or more"
    )
    args = parser.parse_args(argv)

    code = load_code()
    paths = sorted(Path(args.folder).glob("*.yaml"))
    if args.cases:
        paths = paths[: args.cases]
    header = (
        f"{'case':34} {'charts':>8} "
        + " ".join(f"{fmt:>8}" for fmt in FORMATS)
        + "   sizes (KiB: "
        + "/".join(FORMATS)
        + ")"
    )
    print(header)
    totals: dict[str, list[float]] = {"charts": [], **{fmt: [] for fmt in FORMATS}}
    worst = 0.0
    for path in paths:
        case = read_case_file(path, code)
        start = time.perf_counter()
        figures = case_figures(case, code, args.lang)
        chart_time = time.perf_counter() - start
        totals["charts"].append(chart_time)
        times, sizes = [], []
        for fmt in FORMATS:
            start = time.perf_counter()
            data = render_report(case, fmt, args.lang, code=code, figures=figures, today=date.today())
            elapsed = time.perf_counter() - start
            totals[fmt].append(elapsed)
            times.append(elapsed)
            sizes.append(len(data) / 1024)
            worst = max(worst, chart_time + elapsed)
        print(
            f"{path.stem[:34]:34} {chart_time:7.2f}s "
            + " ".join(f"{t:7.2f}s" for t in times)
            + "   "
            + "/".join(f"{s:.0f}" for s in sizes)
        )
    print(
        "median".ljust(34)
        + f" {statistics.median(totals['charts']):7.2f}s "
        + " ".join(f"{statistics.median(totals[fmt]):7.2f}s" for fmt in FORMATS)
    )
    print(f"slowest whole report (charts + one format): {worst:.2f} s")
    if args.check and worst >= LIMIT_SECONDS:
        print(f"FAIL: a report took {worst:.2f} s (limit {LIMIT_SECONDS:g} s)", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
