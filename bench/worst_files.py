"""Benchmark: the validator on the costliest files we could think of (1 MiB of deep nesting, tiny
nodes, aliases, every item wrong, ...), in CPU time of this process per file.

    python -m bench.worst_files            # every file, the best of 3 runs each
    python -m bench.worst_files --check    # exit 1 when a file takes 1 s of CPU or more

The files are ``tests.test_robustness.worst_cases``; the test there guards only against a gross
regression (5 s), this benchmark keeps the figure (the bar: under 1 s each; about 0.25 s at worst on
the 2-core development machine).
"""

from __future__ import annotations

import argparse
import contextlib
import sys
import tempfile
import time
from pathlib import Path

BAR_S = 1.0


def run(repeat: int = 3) -> dict[str, float]:
    from dilemmakaart.code import load_code
    from dilemmakaart.problems import ProblemsError
    from dilemmakaart.store import read_case_file
    from tests.test_robustness import worst_cases

    code = load_code()
    out = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name, raw in sorted(worst_cases().items()):
            path = Path(tmp) / f"{name}.yaml"
            path.write_bytes(raw)
            best = float("inf")
            for _ in range(repeat):
                start = time.process_time()
                with contextlib.suppress(ProblemsError):
                    read_case_file(path, code)
                best = min(best, time.process_time() - start)
            out[name] = best
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--check", action="store_true", help="exit 1 when a file takes the bar or more")
    args = parser.parse_args()
    figures = run(args.repeat)
    for name, seconds in sorted(figures.items(), key=lambda item: -item[1]):
        print(f"{name:28s} {seconds:7.3f} s CPU")
    worst = max(figures.values())
    print(f"worst: {worst:.3f} s CPU (bar: under {BAR_S} s)")
    if args.check and worst >= BAR_S:
        sys.exit(1)


if __name__ == "__main__":
    main()
