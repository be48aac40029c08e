"""Benchmark: how fast the app starts and how fast it switches pages, in a real browser.

    python -m bench.app_speed                        # 3 starts, 5 rounds over every page (by hand)
    python -m bench.app_speed --starts 1 --rounds 2  # CI size

Start: from launching ``streamlit run`` to a healthy server (``/_stcore/health``), and to the first
full render of the home page in headless Chromium (script idle, heading and library table drawn).

Page switch: with an example case open, click each page's link in the sidebar navigation, in the
order of the navigation, and wait until the new page's script has finished and its content is drawn
(no stale elements left). Median and p90 per page over the rounds. The quality bar is a page switch
under 1 s; ``--check`` exits 1 when a page's median is 1 s or more.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import TYPE_CHECKING

from bench import percentile

if TYPE_CHECKING:
    from tests.e2e.conftest import Server

ROOT = Path(__file__).resolve().parents[1]
CASE = "tellen-bezoekers-binnenstad"
GOAL_SWITCH_S = 1.0

READY = """(path) => {
  const app = document.querySelector("[data-testid='stApp']");
  if (!app || app.getAttribute('data-test-connection-state') !== 'CONNECTED') return false;
  if (app.getAttribute('data-test-script-state') !== 'notRunning') return false;
  if (path !== null && location.pathname !== path) return false;
  if (document.querySelector("[data-stale='true']")) return false;
  const main = document.querySelector("[data-testid='stMain']");
  return !!main && !!main.querySelector('h1, h2, h3');
}"""


def url_path(file: str) -> str:
    from dilemmakaart.ui.pages import PAGES

    return next("/" + page.url_path for page in PAGES if page.file == file)


def nav_pages() -> list[str]:
    sys.path.insert(0, str(ROOT))
    from dilemmakaart.ui.pages import PAGES

    return [page.file for page in PAGES]


def measure_start(browser, library: Path, log: Path) -> tuple[float, float, Server]:
    """Seconds to healthy and to the first full render; returns the running server too."""
    from tests.e2e.conftest import Server, free_port, streamlit_command

    port = free_port()
    env = dict(os.environ, DILEMMAKAART_CASES=str(library))
    command = streamlit_command(ROOT / "app.py", port)
    url = f"http://127.0.0.1:{port}"
    start = time.perf_counter()
    with open(log, "w") as out:  # the server keeps its own copy of the file handle
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    while True:
        if process.poll() is not None:
            raise RuntimeError(log.read_text()[-2000:])
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.read().strip() == b"ok":
                    break
        except OSError:
            time.sleep(0.02)
        if time.perf_counter() - start > 90:
            process.kill()
            raise RuntimeError("the server did not become healthy")
    healthy = time.perf_counter() - start
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.set_default_timeout(60_000)
    page.goto(url)
    page.wait_for_function(READY, arg="/", polling=20)
    page.wait_for_selector(
        "[data-testid='stMain'] [data-testid='stDataFrame'], [data-testid='stMain'] [data-testid='stTable']"
    )
    rendered = time.perf_counter() - start
    page.close()
    return healthy, rendered, Server(url, library, process, log)


def measure_switches(browser, server, rounds: int) -> dict[str, list[float]]:
    files = nav_pages()
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.set_default_timeout(60_000)
    first = files[1] if len(files) > 1 else files[0]
    page.goto(f"{server.url}{url_path(first)}?case={CASE}")  # the case is opened in the session
    page.wait_for_function(READY, arg=url_path(first), polling=20)
    times: dict[str, list[float]] = {f: [] for f in files}
    order = files[2:] + files[:2]
    previous = url_path(first)
    for _ in range(rounds + 1):  # the first round warms the server's caches and is not counted
        for file in order:
            path = url_path(file)
            nav_link = "[data-testid='stSidebar'] a[data-testid='stPageLink-NavLink']"
            name = path.lstrip("/")  # a link may carry ?case=…&lang=… after its path
            link = page.locator(f"{nav_link}[href='{name}'], {nav_link}[href^='{name}?']").first
            if path == "/":
                link = page.locator("[data-testid='stSidebar'] a[data-testid='stPageLink-NavLink']").first
            start = time.perf_counter()
            link.click()
            page.wait_for_function(READY, arg=path, polling=20)
            elapsed = time.perf_counter() - start
            if _ > 0:
                times[file].append(elapsed)
            if page.locator("[data-testid='stSidebar'] a[data-testid='stPageLink-NavLink']").count() == 0:
                page.go_back()  # a page without the navigation (the participant's phone page)
                page.wait_for_function(READY, arg=previous, polling=20)
            else:
                previous = path
    page.close()
    return times


def run(starts: int, rounds: int, chromium: str) -> tuple[list[tuple[float, float]], dict[str, list[float]]]:
    sys.path.insert(0, str(ROOT))
    from playwright.sync_api import sync_playwright

    from tests.e2e.conftest import CHROMIUM_ARGS, stop_server

    base = Path(tempfile.mkdtemp(prefix="bench-app-"))
    library = base / "cases"
    shutil.copytree(ROOT / "cases", library, ignore=shutil.ignore_patterns(".*"))
    start_times = []
    switches: dict[str, list[float]] = {}
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium, headless=True, args=CHROMIUM_ARGS)
            for n in range(starts):
                healthy, rendered, server = measure_start(browser, library, base / f"server-{n}.log")
                start_times.append((healthy, rendered))
                try:
                    if n == starts - 1:
                        switches = measure_switches(browser, server, rounds)
                finally:
                    stop_server(server)
            browser.close()
    finally:
        shutil.rmtree(base, ignore_errors=True)
    return start_times, switches


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--starts", type=int, default=int(os.environ.get("BENCH_STARTS", "3")))
    parser.add_argument("--rounds", type=int, default=int(os.environ.get("BENCH_ROUNDS", "5")))
    parser.add_argument("--chromium", default=os.environ.get("DILEMMAKAART_CHROMIUM", "/usr/bin/chromium"))
    parser.add_argument(
        "--check", action="store_true", help=f"exit 1 when a page switch takes {GOAL_SWITCH_S:g} s or more (median)"
    )
    args = parser.parse_args(argv)
    if not Path(args.chromium).exists() and not shutil.which("chromium"):
        print("app_speed: Chromium not found; skipped")
        return 0
    start_times, switches = run(args.starts, args.rounds, args.chromium)

    healthy = [h for h, _ in start_times]
    rendered = [r for _, r in start_times]
    print(f"App start ({len(start_times)} starts)                 median     p90")
    print(
        f"  server start to healthy               {statistics.median(healthy):6.2f} s {percentile(healthy, 0.9):6.2f} s"
    )
    print(
        f"  server start to home page rendered    {statistics.median(rendered):6.2f} s {percentile(rendered, 0.9):6.2f} s"
    )
    print(f"Page switch, click to drawn ({args.rounds} rounds)   median     p90")
    slow = []
    all_times = []
    for file, times in switches.items():
        if not times:
            continue
        median = statistics.median(times)
        all_times += times
        mark = "  <- over 1 s" if median >= GOAL_SWITCH_S else ""
        print(f"  {url_path(file):<36}  {median * 1000:6.0f} ms {percentile(times, 0.9) * 1000:6.0f} ms{mark}")
        if median >= GOAL_SWITCH_S:
            slow.append(file)
    if all_times:
        print(
            f"  {'every page':<36}  {statistics.median(all_times) * 1000:6.0f} ms {percentile(all_times, 0.9) * 1000:6.0f} ms"
            f"   (bar: median under {GOAL_SWITCH_S * 1000:.0f} ms)"
        )
    return 1 if args.check and slow else 0


if __name__ == "__main__":
    raise SystemExit(main())
