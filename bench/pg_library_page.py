"""Benchmark: the library PAGE on a PostgreSQL library of N cases (default 100,000).

    python -m bench.pg_library_page --cases 100000    # full size, by hand (loading takes minutes)
    python -m bench.pg_library_page --cases 2000      # CI size

The cases are loaded with COPY as ``bench.pg_library`` does (same synthetic cases, same database:
``DILEMMAKAART_TEST_DATABASE_URL`` or a throw-away server). Then the real app (``app.py``) runs under
Streamlit's AppTest with ``DILEMMAKAART_DATABASE_URL`` pointing at that library, and each step is
the median of repeated runs of the whole script, from the rerun to the finished page:

- the floor: a trivial page (a title and a text field) under AppTest, in the same run;
- the library page's first screen (50 cases, newest first, the count, the filters' choices);
- a search (two words typed in the search field) and a filter (a technology and a status chosen);
- the insights page (it reads every case, ``list()``), first and again, up to ``--list-up-to`` cases.

``--check`` exits 1 when a first screen, search or filter takes 300 ms or more.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

from bench import median_ms, rss_mib

ROOT = Path(__file__).resolve().parents[1]
TRIVIAL = 'import streamlit as st\n\nst.title("Vloer")\nst.text_input("Zoek", key="q")\n'


def run(n: int, repeat: int, list_up_to: int) -> dict:
    sys.path.insert(0, str(ROOT))
    from streamlit.testing.v1 import AppTest

    from bench.pg_library import load
    from dilemmakaart.pgstore import forget
    from dilemmakaart.ui import pages
    from tests.pg import bench_server, drop_schema, new_schema

    base_url, server = bench_server()
    schema, url = new_schema(base_url)
    out: dict = {"cases": n}
    old_url = os.environ.get("DILEMMAKAART_DATABASE_URL")
    try:
        start = time.perf_counter()
        load(url, n)
        out["load_s"] = time.perf_counter() - start
        os.environ["DILEMMAKAART_DATABASE_URL"] = url
        with tempfile.TemporaryDirectory() as tmp:
            trivial = Path(tmp) / "trivial.py"
            trivial.write_text(TRIVIAL, encoding="utf-8")
            floor = AppTest.from_file(str(trivial), default_timeout=120)
            floor.run()
            out["floor_ms"] = median_ms(floor.run, repeat)

            at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=600)
            at.run()
            at.switch_page(pages.LIBRARY.file)
            start = time.perf_counter()
            at.run()
            out["first_cold_ms"] = (time.perf_counter() - start) * 1000
            assert not at.exception, at.exception
            out["first_screen_ms"] = median_ms(at.run, repeat)
            out["rows"] = len(at.dataframe[0].value)

            words = iter(["camera station", "camera stations", "station camera"] * repeat)

            def search() -> None:
                at.text_input(key="lib:q").input(next(words)).run()

            out["search_ms"] = median_ms(search, repeat)
            out["search_found"] = next(m.value for m in at.markdown if "gevonden" in str(m.value))
            at.text_input(key="lib:q").input("").run()
            statuses = iter([["besloten"], ["besloten", "besproken"]] * repeat)
            at.multiselect(key="lib:f:tech").select("camera").run()

            def filter_() -> None:
                at.multiselect(key="lib:f:status").set_value(next(statuses)).run()

            out["filter_ms"] = median_ms(filter_, repeat)
            out["filter_found"] = next(m.value for m in at.markdown if "gevonden" in str(m.value))
            assert not at.exception, at.exception
            if n <= list_up_to:  # the insights page reads every case (list()): cold, then warm
                at.switch_page(pages.INSIGHTS.file)
                start = time.perf_counter()
                at.run()
                out["insights_cold_s"] = time.perf_counter() - start
                assert not at.exception, at.exception
                out["insights_warm_s"] = median_ms(at.run, 3) / 1000
                out["rss_mib"] = rss_mib()
    finally:
        if old_url is None:
            os.environ.pop("DILEMMAKAART_DATABASE_URL", None)
        else:
            os.environ["DILEMMAKAART_DATABASE_URL"] = old_url
        forget(url)
        drop_schema(base_url, schema, url)
        if server is not None:
            server.stop()
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=7, help="runs per measured step (the median)")
    parser.add_argument("--list-up-to", type=int, default=100_000, help="time the whole listing up to this size")
    parser.add_argument("--check", action="store_true", help="exit 1 when a bar is not met")
    args = parser.parse_args(argv)
    out = run(args.cases, args.repeat, args.list_up_to)
    load_avg = os.getloadavg()[0]
    print(f"Library page on PostgreSQL, {out['cases']:,} cases (load average {load_avg:.1f} on {os.cpu_count()} cores)")
    print(f"  loaded in {out['load_s']:.1f} s")
    print(f"  floor: a trivial page under AppTest   {out['floor_ms']:7.1f} ms")
    print(f"  first screen, first run               {out['first_cold_ms']:7.1f} ms")
    print(f"  first screen ({out['rows']} rows)              {out['first_screen_ms']:7.1f} ms   (bar < 300 ms)")
    print(f"  search ({out['search_found']})  {out['search_ms']:7.1f} ms   (bar < 300 ms)")
    print(f"  filter ({out['filter_found']})  {out['filter_ms']:7.1f} ms   (bar < 300 ms)")
    if "insights_cold_s" in out:
        print(
            f"  insights page (every case): first {out['insights_cold_s']:.1f} s, then {out['insights_warm_s']:.1f} s;"
            f" process {out['rss_mib']:.0f} MiB"
        )
    if args.check:
        slow = [k for k in ("first_screen_ms", "search_ms", "filter_ms") if out[k] >= 300]
        if slow:
            print(f"bar not met: {', '.join(slow)}")
            return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
