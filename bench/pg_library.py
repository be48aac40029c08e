"""Benchmark: a library of N cases in PostgreSQL (default 100,000) and 20 concurrent writers.

    python -m bench.pg_library --cases 100000     # full size, by hand (loading takes a few minutes)
    python -m bench.pg_library --cases 2000       # CI size

Uses ``DILEMMAKAART_TEST_DATABASE_URL`` (CI starts one, ``.ci/postgres``), else starts a throw-away
server (``tests/pg.py``); works in a schema of its own, dropped at the end.

The cases are realistic synthetic cases (``bench/synthetic.py``): 5,000 distinct ones (fewer when N
is smaller), each stored under as many ids as needed to reach N, loaded with COPY with every listing
column and index the app keeps. Then, each the median of repeated runs:

- the floor: a bare ``SELECT 1`` through the app's pool;
- the library's first screen: one page of 50 cases, newest first, with the count (``PgCaseLibrary.page``
  plus ``load_many``: the cases of that screen read and checked);
- a search (two words in title, description or organisation) and a filter (a technology and a
  status), each with the count and the first screen of 50;
- the whole listing cold and warm (``PgCaseLibrary.list``, what the pages that need every case
  call), up to 20,000 cases (it parses and keeps every case, about 14 KiB each);
- saves: 20 writers at once (4 processes × 5 threads, as 4 server processes), each loading its own
  case, changing it and saving, ``--saves`` times with a pause of 0–2 × ``--think`` seconds between
  (a person between two saves; ``--think 0``: back to back, the CPU's limit): the median and 95th
  percentile of a save, and one writer alone.

``--check`` exits 1 when a screen, search or filter takes 300 ms or more, or the save median 50 ms.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import statistics
import sys
import threading
import time
from pathlib import Path

from bench import median_ms

ROOT = Path(__file__).resolve().parents[1]
DISTINCT = 5000
WRITERS_PROCESSES = 4
WRITERS_THREADS = 5
LIST_UP_TO = 20_000


def load(url: str, n: int) -> None:
    """N synthetic cases into the (migrated) database, with COPY."""
    import random

    from bench.synthetic import synthetic_case
    from dilemmakaart.case import parse_case
    from dilemmakaart.code import load_code
    from dilemmakaart.pgstore import _COLUMNS, PgCaseLibrary, _columns
    from dilemmakaart.yamlio import dump_yaml

    code = load_code()
    lib = PgCaseLibrary(url, code)
    rng = random.Random(7)
    bases = []
    for i in range(min(DISTINCT, n)):
        data = synthetic_case(i, code, rng)
        text = dump_yaml(data)
        case = parse_case(data, code, file_id=data["id"])
        bases.append((case, text, _columns(case, text)))
    with (
        lib.db.connection() as conn,
        conn.transaction(),
        conn.cursor().copy(f"COPY cases ({_COLUMNS}) FROM STDIN") as copy,
    ):
        for i in range(n):
            case, text, columns = bases[i % len(bases)]
            new_id = f"synthetisch-{i:06d}"
            body = text.replace(f"id: {case.id}\n", f"id: {new_id}\n", 1)
            copy.write_row([new_id, columns[0], body, *columns[2:]])
    with lib.db.connection() as conn:  # as autovacuum leaves a table that has settled
        conn.execute("VACUUM ANALYZE cases")


def _writer_process(url: str, ids: list[str], saves: int, think: float, results) -> None:
    from dilemmakaart.code import load_code
    from dilemmakaart.pgstore import PgCaseLibrary

    lib = PgCaseLibrary(url, load_code())
    times: list[float] = []
    lock = threading.Lock()
    start_all = threading.Barrier(len(ids))

    def writer(case_id: str) -> None:
        import random

        rng = random.Random(case_id)
        start_all.wait()
        for k in range(saves):
            time.sleep(rng.uniform(0, 2 * think))  # a person between two saves (0 s: back to back)
            case = lib.load(case_id)
            case.description = f"Bewerking {k} door {case_id}. " + case.description[:2000]
            start = time.perf_counter()
            lib.save(case)
            with lock:
                times.append((time.perf_counter() - start) * 1000)

    threads = [threading.Thread(target=writer, args=(cid,)) for cid in ids]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    results.put(times)


def saves_with_writers(url: str, saves: int, think: float) -> list[float]:
    ids = [f"synthetisch-{i:06d}" for i in range(WRITERS_PROCESSES * WRITERS_THREADS)]
    ctx = multiprocessing.get_context("spawn")
    results = ctx.Queue()
    chunks = [ids[p::WRITERS_PROCESSES] for p in range(WRITERS_PROCESSES)]
    procs = [ctx.Process(target=_writer_process, args=(url, chunk, saves, think, results)) for chunk in chunks]
    for p in procs:
        p.start()
    times: list[float] = []
    for _ in procs:
        times += results.get(timeout=600)
    for p in procs:
        p.join(timeout=60)
    return times


def run(n: int, saves: int, repeat: int, think: float = 1.0) -> dict:
    sys.path.insert(0, str(ROOT))
    from dilemmakaart.code import load_code
    from dilemmakaart.pgstore import PgCaseLibrary, forget
    from dilemmakaart.search import Filters
    from tests.pg import bench_server, drop_schema, new_schema

    base_url, server = bench_server()
    schema, url = new_schema(base_url)
    out: dict = {"cases": n}
    try:
        lib = PgCaseLibrary(url, load_code())
        start = time.perf_counter()
        load(url, n)
        out["load_s"] = time.perf_counter() - start
        out["db_mib"] = _size_mib(lib)

        def select_one() -> None:
            with lib.db.connection() as conn:
                conn.execute("SELECT 1").fetchone()

        def screen(filters: Filters | None = None) -> None:
            page = lib.page(filters, sort="updated", limit=50)
            lib.load_many(page.ids)

        search = Filters(text="camera station")
        chosen = Filters(technologies=("camera",), statuses=("besloten",))
        screen()  # warm the pool and the server's caches once
        out["floor_ms"] = median_ms(select_one, repeat * 5)
        out["first_screen_ms"] = median_ms(screen, repeat)
        out["search_ms"] = median_ms(lambda: screen(search), repeat)
        out["search_total"] = lib.page(search).total
        out["filter_ms"] = median_ms(lambda: screen(chosen), repeat)
        out["filter_total"] = lib.page(chosen).total
        if n <= LIST_UP_TO:  # every case parsed and kept (about 14 KiB each): not at 100,000
            start = time.perf_counter()
            lib.list()
            out["list_cold_s"] = time.perf_counter() - start
            out["list_warm_ms"] = median_ms(lib.list, 3)
        times = sorted(saves_with_writers(url, saves, think))
        out["think_s"] = think
        out["saves"] = len(times)
        out["save_median_ms"] = statistics.median(times)
        out["save_p95_ms"] = times[int(0.95 * (len(times) - 1))]
        out["save_one_writer_ms"] = _one_writer(lib, saves)
    finally:
        forget(url)
        drop_schema(base_url, schema, url)
        if server is not None:
            server.stop()
    return out


def _one_writer(lib, saves: int) -> float:
    times = []
    for k in range(saves):
        case = lib.load("synthetisch-000100")
        case.description = f"Alleen {k}. " + case.description[:2000]
        start = time.perf_counter()
        lib.save(case)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def _size_mib(lib) -> float:
    with lib.db.connection() as conn:
        row = conn.execute("SELECT pg_total_relation_size('cases')").fetchone()
    return int(row[0]) / 2**20 if row else 0.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--saves", type=int, default=10, help="saves per writer (20 writers)")
    parser.add_argument("--repeat", type=int, default=15, help="runs per measured step (the median)")
    parser.add_argument(
        "--think", type=float, default=1.0, help="mean seconds a writer waits between saves (0: back to back)"
    )
    parser.add_argument("--check", action="store_true", help="exit 1 when a bar is not met")
    args = parser.parse_args(argv)
    out = run(args.cases, args.saves, args.repeat, args.think)
    load_avg = os.getloadavg()[0]
    print(f"PostgreSQL library of {out['cases']:,} cases (load average {load_avg:.1f} on {os.cpu_count()} cores)")
    print(f"  loaded in {out['load_s']:.1f} s; table with indexes {out['db_mib']:.0f} MiB")
    print(f"  floor: SELECT 1                       {out['floor_ms']:7.2f} ms")
    print(f"  first screen (50 of {out['cases']:,}, newest) {out['first_screen_ms']:7.1f} ms   (bar < 300 ms)")
    print(f"  search 'camera station' ({out['search_total']:,} found) {out['search_ms']:7.1f} ms   (bar < 300 ms)")
    print(f"  filter camera + besloten ({out['filter_total']:,} found) {out['filter_ms']:7.1f} ms   (bar < 300 ms)")
    if "list_cold_s" in out:
        print(f"  whole listing: cold {out['list_cold_s']:.1f} s, warm {out['list_warm_ms']:.0f} ms")
    else:
        print(f"  whole listing: not measured above {LIST_UP_TO:,} cases (it parses and keeps every case)")
    print(
        f"  saves, 20 writers at once, {out['think_s']:g} s apart on average ({out['saves']}): median {out['save_median_ms']:.1f} ms, "
        f"p95 {out['save_p95_ms']:.1f} ms   (bar: median < 50 ms); one writer alone {out['save_one_writer_ms']:.1f} ms"
    )
    if args.check:
        slow = [k for k in ("first_screen_ms", "search_ms", "filter_ms") if out[k] >= 300]
        if slow or out["save_median_ms"] >= 50:
            print(f"bar not met: {', '.join(slow + (['save_median_ms'] if out['save_median_ms'] >= 50 else []))}")
            return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
