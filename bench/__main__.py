"""Run every benchmark at a small size and print their figures together: ``python -m bench``
(``make bench``). Each benchmark is a module of this package with its own full-size defaults; run
one by hand for the real figures, for example ``python -m bench.library_10k --cases 10000``.

    python -m bench                      # every benchmark, small sizes (about 3 minutes on 2 cores)
    python -m bench app_speed report_formats   # only these
    python -m bench --check              # also pass --check: exit 1 when a bar is not met

A benchmark whose module has not landed yet is listed as missing; a failing one does not stop the
others. Exit status: 1 when any benchmark failed (or, with --check, missed its bar).
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# module → (the small-size arguments, what it measures)
BENCHMARKS: dict[str, tuple[list[str], str]] = {
    "app_speed": (["--starts", "1", "--rounds", "2"], "app start and page switch in the browser"),
    "slider_to_map": (["--moves", "5"], "slider to updated map in the browser"),
    "slider_speed": (["--moves", "5"], "slider move to idle on every page with a slider, next to a trivial page"),
    "library_10k": (["--cases", "300"], "library listing, summary and validation against a bare parse"),
    "report_formats": (["--cases", "2"], "board report per format"),
    "session_memory": (["--participants", "5"], "server memory during a group session"),
    "session_latency": (
        ["--participants", "6", "--browsers", "1", "--actions", "2", "--idle", "5"],
        "group session: submit -> facilitator count, facilitator -> projector and phones, idle CPU",
    ),
    "worst_files": (["--repeat", "1"], "the validator on the costliest 1 MiB files, CPU per file"),
    "sensitivity": (["--repeat", "2"], "options ranked, flip points and a group of 200, in process"),
    "pg_session": (
        ["--participants", "12", "--servers", "2"],
        "PostgreSQL: one session over several server processes, submit to facilitator count, memory and CPU",
    ),
    "pg_library": (
        ["--cases", "2000", "--saves", "3", "--repeat", "3"],
        "PostgreSQL: first screen, search, filter of the library, saves with 20 writers, next to SELECT 1",
    ),
    "pg_library_page": (
        ["--cases", "2000", "--repeat", "3"],
        "PostgreSQL: the library page itself (AppTest): first screen, search, filter, next to a trivial page",
    ),
    "signin_switch": (["--rounds", "2"], "what sign-in adds to a page switch once signed in, in the browser"),
}
TIMEOUT_S = 240


def available(name: str) -> bool:
    return importlib.util.find_spec(f"bench.{name}") is not None


def run_one(name: str, args: list[str], check: bool) -> tuple[int | None, float, str]:
    command = [sys.executable, "-m", f"bench.{name}", *args, *(["--check"] if check else [])]
    start = time.perf_counter()
    try:
        done = subprocess.run(
            command,
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=TIMEOUT_S,
            env=dict(os.environ, PYTHONPATH=str(ROOT)),
        )
    except subprocess.TimeoutExpired as exc:
        out = (exc.stdout or b"").decode() if isinstance(exc.stdout, bytes) else (exc.stdout or "")
        return None, time.perf_counter() - start, out + f"\n(stopped after {TIMEOUT_S} s)"
    output = done.stdout
    if done.returncode != 0 and done.stderr.strip():
        output += "\n" + "\n".join(done.stderr.strip().splitlines()[-15:])
    return done.returncode, time.perf_counter() - start, output


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description="Run every benchmark at a small size.")
    parser.add_argument("names", nargs="*", metavar="NAME", help=f"only these benchmarks ({', '.join(BENCHMARKS)})")
    parser.add_argument("--check", action="store_true", help="pass --check on: exit 1 when a bar is not met")
    args = parser.parse_args(argv)
    names = args.names or list(BENCHMARKS)
    unknown = [n for n in names if n not in BENCHMARKS]
    if unknown:
        parser.error(f"unknown benchmark {', '.join(unknown)}; choose from {', '.join(BENCHMARKS)}")

    rows = []
    for name in names:
        small, what = BENCHMARKS[name]
        title = f"{name} {' '.join(small)}".strip()
        print(f"\n=== {title} — {what}", flush=True)
        if not available(name):
            print("(not there yet)")
            rows.append((name, "missing", 0.0))
            continue
        code, seconds, output = run_one(name, small, args.check)
        print(output.rstrip(), flush=True)
        status = "ok" if code == 0 else "timeout" if code is None else f"exit {code}"
        rows.append((name, status, seconds))

    print("\n=== summary")
    print(f"{'benchmark':<16} {'status':<8} {'wall time':>9}")
    for name, status, seconds in rows:
        print(f"{name:<16} {status:<8} {seconds:8.1f} s")
    return 1 if any(status not in ("ok", "missing") for _, status, _ in rows) else 0


if __name__ == "__main__":
    raise SystemExit(main())
