"""Benchmark: from moving a slider in the browser to the re-drawn chart.

    python -m bench.slider_to_map                 # 30 moves (by hand)
    python -m bench.slider_to_map --moves 5       # CI size (or BENCH_MOVES=5)

Starts a real Streamlit server on a copy of the example library, opens the Waarden page of an
example case in headless Chromium, focuses a weight slider and moves it with the keyboard
(alternately right and left). The open value's card, the list of values with their numbers and
the live map are one ``st.fragment``, so a move reruns only that part of the page (the wheel sits
in a popover and is drawn only while open).

Two times per move: until the live map under the sliders is re-drawn (what the person sees
follow the slider), and until the list says the new number too and the app is idle again. Prints
the median, p90, min, max and the spread (interquartile range) of each in milliseconds; the goal
is a median under 200 ms for the live map. ``--check`` exits 1 when the median is 200 ms or more.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from bench import percentile

ROOT = Path(__file__).resolve().parents[1]
CASE = "tellen-bezoekers-binnenstad"
VALUE = "privacy"
GOAL_MS = 200.0

CHANGED = """([sel, before]) => {
  const svg = document.querySelector(sel);
  return svg !== null && svg.innerHTML !== before;
}"""
DONE = """([sel, before]) => {
  const app = document.querySelector("[data-testid='stApp']");
  const svg = document.querySelector(sel);
  return svg !== null && svg.innerHTML !== before && app.getAttribute('data-test-script-state') === 'notRunning';
}"""


def summary(times_ms: list[float]) -> dict[str, float]:
    return {
        "moves": len(times_ms),
        "median": statistics.median(times_ms),
        "p90": percentile(times_ms, 0.9),
        "min": min(times_ms),
        "max": max(times_ms),
        "iqr": percentile(times_ms, 0.75) - percentile(times_ms, 0.25),
    }


def run(moves: int, chromium: str, warmup: int = 2) -> tuple[list[float], list[float]]:
    """Per move: ms until the live map is re-drawn, and ms until the whole part (the list included)
    is re-drawn and the app is idle again."""
    sys.path.insert(0, str(ROOT))
    from playwright.sync_api import sync_playwright

    from tests.e2e.conftest import CHROMIUM_ARGS, start_server, stop_server, wait_ready

    base = Path(tempfile.mkdtemp(prefix="bench-slider-"))
    library = base / "cases"
    shutil.copytree(ROOT / "cases", library, ignore=shutil.ignore_patterns(".*"))
    server = start_server(library, base / "server.log")
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium, headless=True, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1400, "height": 1600})
            page.set_default_timeout(30_000)
            page.goto(f"{server.url}/waarden?case={CASE}")
            wait_ready(page)
            live = ".st-key-values-minimap svg.marks"
            wheel = ".st-key-values-list"  # the list of values at stake with their numbers
            page.wait_for_selector(live)
            page.wait_for_selector(wheel)
            page.locator(wheel).get_by_text("Privacy", exact=True).click()  # one card open at a time
            wait_ready(page)
            slider = page.locator(f".st-key-values-weight-{VALUE} input[type='range']")
            slider.focus()
            to_map: list[float] = []
            to_idle: list[float] = []
            for n in range(warmup + moves):
                live_before = page.eval_on_selector(live, "e => e.innerHTML")
                wheel_before = page.eval_on_selector(wheel, "e => e.innerHTML")
                key = "ArrowRight" if n % 2 == 0 else "ArrowLeft"
                start = time.perf_counter()
                slider.press(key)
                page.wait_for_function(CHANGED, arg=[live, live_before], polling="raf", timeout=30_000)
                map_ms = (time.perf_counter() - start) * 1000
                page.wait_for_function(DONE, arg=[wheel, wheel_before], polling="raf", timeout=30_000)
                idle_ms = (time.perf_counter() - start) * 1000
                if n >= warmup:
                    to_map.append(map_ms)
                    to_idle.append(idle_ms)
                slider.focus()
                page.wait_for_timeout(100)  # a person does not move a slider ten times a second
            browser.close()
    finally:
        stop_server(server)
        shutil.rmtree(base, ignore_errors=True)
    return to_map, to_idle


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--moves", type=int, default=int(os.environ.get("BENCH_MOVES", "30")))
    parser.add_argument("--chromium", default=os.environ.get("DILEMMAKAART_CHROMIUM", "/usr/bin/chromium"))
    parser.add_argument("--check", action="store_true", help=f"exit 1 when the median is {GOAL_MS:.0f} ms or more")
    args = parser.parse_args(argv)
    if not Path(args.chromium).exists():
        print(f"Chromium not found at {args.chromium}", file=sys.stderr)
        return 2
    to_map, to_idle = run(max(1, args.moves), args.chromium)
    s = summary(to_map)
    w = summary(to_idle)
    print(f"Waarden page, weight slider moved {s['moves']} times with the keyboard (st.fragment)")
    print(
        f"  slider -> live map re-drawn:     median {s['median']:.0f} ms   p90 {s['p90']:.0f} ms   min {s['min']:.0f} ms   max {s['max']:.0f} ms   IQR {s['iqr']:.0f} ms"
    )
    print(
        f"  slider -> list says it, idle:    median {w['median']:.0f} ms   p90 {w['p90']:.0f} ms   min {w['min']:.0f} ms   max {w['max']:.0f} ms   IQR {w['iqr']:.0f} ms"
    )
    print(f"  machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at the end")
    print(f"  goal: live map median < {GOAL_MS:.0f} ms -> {'met' if s['median'] < GOAL_MS else 'NOT met'}")
    if args.check and s["median"] >= GOAL_MS:
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
