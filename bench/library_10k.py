"""Benchmark: a library of N realistic synthetic cases (default 10,000).

    python -m bench.library_10k --cases 10000      # full size, by hand
    python -m bench.library_10k --cases 300        # CI size

Prints: a bare YAML parse of the files (CSafeLoader), the ``library`` command in-process and as a
subprocess, their ratio to the bare parse (the bar: at most 2), a cold and a warm
``CaseLibrary.list()``, the summary, search and filter times, similar cases and insights.
``--check`` exits 1 when the in-process ratio is above 2 or a warm step takes a second or more.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

from bench.synthetic import write_library


def timed(fn, repeat: int = 1):
    """The best of ``repeat`` runs, in seconds, and the last result."""
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - start)
    return best, result


def bare_parse(folder: Path) -> int:
    n = 0
    for entry in sorted(os.scandir(folder), key=lambda e: e.name):
        if entry.name.endswith(".yaml"):
            with open(entry.path, encoding="utf-8") as handle, contextlib.suppress(yaml.YAMLError):
                yaml.load(handle.read(), Loader=yaml.CSafeLoader)
            n += 1
    return n


def clear_caches() -> None:
    import dilemmakaart.search as search
    import dilemmakaart.store as store

    store._parsed.clear()
    search._folded.clear()


def run(n: int, folder: Path | None = None) -> dict[str, float]:
    from dilemmakaart import cli
    from dilemmakaart.code import load_code
    from dilemmakaart.insights import code_in_practice, dilemma_stats, headlines, library_summary, value_stats
    from dilemmakaart.search import Filters, filter_cases, rows, sort_cases
    from dilemmakaart.similarity import similar_cases
    from dilemmakaart.store import CaseLibrary

    code = load_code()
    with contextlib.ExitStack() as stack:
        if folder is None:
            folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="dk-bench-")))
        if not any(folder.glob("*.yaml")):
            t_write, _ = timed(lambda: write_library(folder, n, code=code, broken=max(1, n // 1000)))
            print(f"wrote {n} cases (+{max(1, n // 1000)} broken files) in {t_write:.1f} s to {folder}")
        out: dict[str, float] = {}
        out["bare_parse"], files = timed(lambda: bare_parse(folder), repeat=2)

        def in_process() -> None:
            clear_caches()
            with contextlib.redirect_stdout(io.StringIO()):
                cli.main(["library", str(folder)])

        out["cli_in_process"], _ = timed(in_process, repeat=2)
        env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[1]))
        out["cli_subprocess"], _ = timed(
            lambda: subprocess.run(
                [sys.executable, "-m", "dilemmakaart", "library", str(folder)],
                env=env,
                check=True,
                stdout=subprocess.DEVNULL,
            ),
            repeat=1,
        )
        clear_caches()
        lib = CaseLibrary(folder, code)
        out["list_cold"], listing = timed(lib.list)
        out["list_warm"], listing = timed(lib.list, repeat=3)
        cases = listing.cases
        out["summary_warm"], _ = timed(lambda: library_summary(lib.list(), code, "nl"), repeat=3)
        out["search_first"], _ = timed(lambda: filter_cases(cases, Filters(text="sensoren")))
        out["search_warm"], _ = timed(lambda: filter_cases(cases, Filters(text="dijken gegevens")), repeat=3)
        water = Filters(organisation_types=("waterschap",), technologies=("sensoren",))
        out["filter_warm"], _ = timed(lambda: filter_cases(cases, water), repeat=3)
        out["sort_and_rows"], _ = timed(lambda: rows(sort_cases(cases, "title"), code, "nl"), repeat=3)
        out["similar"], _ = timed(lambda: similar_cases(cases[0], cases), repeat=3)
        out["insights"], _ = timed(
            lambda: (
                value_stats(cases, code),
                dilemma_stats(cases, code),
                code_in_practice(cases, code),
                headlines(cases, code),
            ),
            repeat=3,
        )
        out["page_warm_total"] = out["list_warm"] + out["filter_warm"] + out["sort_and_rows"]
        print(f"cases: {len(cases)} readable, {len(listing.unreadable)} unreadable; {files} files parsed")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.library_10k", description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument(
        "--folder", type=Path, default=None, help="reuse (or fill) this folder instead of a temporary one"
    )
    parser.add_argument("--check", action="store_true", help="exit 1 when a bar is not met")
    args = parser.parse_args(argv)
    r = run(args.cases, args.folder)
    ratio_in = r["cli_in_process"] / r["bare_parse"]
    ratio_sub = r["cli_subprocess"] / r["bare_parse"]
    print(f"bare YAML parse (CSafeLoader)      {r['bare_parse']:8.3f} s")
    print(f"library CLI, in process (cold)     {r['cli_in_process']:8.3f} s   ratio {ratio_in:.2f}  (bar: ≤ 2)")
    print(
        f"library CLI, subprocess (cold)     {r['cli_subprocess']:8.3f} s   ratio {ratio_sub:.2f}  (includes interpreter start)"
    )
    for key, label in (
        ("list_cold", "CaseLibrary.list() cold"),
        ("list_warm", "CaseLibrary.list() warm"),
        ("summary_warm", "library summary (warm)"),
        ("search_first", "text search, first"),
        ("search_warm", "text search, warm"),
        ("filter_warm", "filters (waterschap+sensoren)"),
        ("sort_and_rows", "sort + table rows"),
        ("similar", "similar cases for one case"),
        ("insights", "insights statistics"),
        ("page_warm_total", "library page, warm (list+filter+rows)"),
    ):
        print(f"{label:<35}{r[key]:8.3f} s")
    if args.check:
        warm = ("list_warm", "summary_warm", "search_warm", "filter_warm", "page_warm_total")
        failed = [k for k in warm if r[k] >= 1.0]
        if ratio_in > 2 or failed:
            print(f"FAILED: ratio {ratio_in:.2f}, slow: {failed}", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
