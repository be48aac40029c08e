"""Benchmark: what would change the decision, for a large case, in process (issue 15).

    python -m bench.sensitivity                 # 30 values × 6 options, a group of 200; best of 5 runs
    python -m bench.sensitivity --check         # exit 1 when a figure is 50 ms or more

Three figures, each the best of ``--repeat`` runs in wall-clock time: the ranking with the flip point
of every value (``rank`` + ``flip_points``), the group's winners (``group_winners``: one ranking per
participant), and the whole of ``sensitivity`` (the two, plus which disagreements matter). The bar:
each under 50 ms.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Callable

BAR_MS = 50.0


def big_case(values: int = 30, options: int = 6, participants: int = 200, seed: int = 15):
    """A case with ``values`` values at stake (the first of the code), ``options`` options with random
    effects and one session round with ``participants`` responses that weigh every value."""
    from dilemmakaart.case import Option, Response, Session, new_case
    from dilemmakaart.code import load_code

    rng = random.Random(seed)
    code = load_code()
    ids = sorted(code.value_ids)[:values]
    case = new_case("bench-sensitivity", "Benchmark")
    for v in ids:
        case.tag(v, weight=rng.randint(0, 10), effect=rng.randint(-5, 5))
    case.options = [
        Option(id=f"optie-{i}", title=f"Optie {i}", effects={v: rng.randint(-5, 5) for v in ids})
        for i in range(options)
    ]
    responses = [
        Response(participant=f"Deelnemer {p}", weights={v: rng.randint(0, 10) for v in ids})
        for p in range(participants)
    ]
    case.sessions = [Session(id="bench", round=1, responses=responses)]
    return case


def best_ms(work: Callable[[], object], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        best = min(best, (time.perf_counter() - start) * 1000)
    return best


def run(values: int, options: int, participants: int, repeat: int) -> dict[str, float]:
    from dilemmakaart.options import flip_points, group_winners, rank, sensitivity

    case = big_case(values, options, participants)
    return {
        "ranking and flip points": best_ms(lambda: (rank(case), flip_points(case)), repeat),
        f"group winners ({participants} participants)": best_ms(lambda: group_winners(case), repeat),
        "sensitivity as a whole": best_ms(lambda: sensitivity(case), repeat),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--values", type=int, default=30)
    parser.add_argument("--options", type=int, default=6)
    parser.add_argument("--participants", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--check", action="store_true", help=f"exit 1 when a figure is {BAR_MS:g} ms or more")
    args = parser.parse_args(argv)
    figures = run(args.values, args.options, args.participants, args.repeat)
    print(f"sensitivity: {args.values} values × {args.options} options, best of {args.repeat} runs (bar {BAR_MS:g} ms)")
    for name, ms in figures.items():
        print(f"  {name:<40} {ms:7.2f} ms  {'ok' if ms < BAR_MS else 'TOO SLOW'}")
    return 1 if args.check and any(ms >= BAR_MS for ms in figures.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
