"""Benchmark: peak memory of a real server during a group session.

    python -m bench.session_memory --participants 40     # a full class (by hand)
    python -m bench.session_memory --participants 5      # CI size (or BENCH_PARTICIPANTS=5)

Starts a real Streamlit server on a copy of the example library and opens a session on an example
case. A facilitator page and N participant pages (headless Chromium, one browser context each, a
phone-sized viewport) stay connected, as in a class room: every participant joins through the
page, sends an answer with the form, and waits; the facilitator reveals and every participant page
redraws with the group's results (the auto-refreshing fragment). The server's resident memory is
sampled all along (``/proc/<pid>/status``: VmRSS, and VmHWM, the kernel's peak).

Prints the server's memory before anyone joined, the peak, the growth per participant, and how
long joining, answering and the reveal took. Also checks that every answer landed.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CASE = "drones-dijkinspectie"


def memory_kib(pid: int) -> tuple[int, int]:
    """(VmRSS, VmHWM) of a process in KiB."""
    values = {}
    with open(f"/proc/{pid}/status", encoding="ascii") as handle:
        for line in handle:
            if line.startswith(("VmRSS:", "VmHWM:")):
                key, number = line.split()[:2]
                values[key] = int(number)
    return values.get("VmRSS:", 0), values.get("VmHWM:", 0)


class Sampler(threading.Thread):
    def __init__(self, pid: int, every: float = 0.2):
        super().__init__(daemon=True)
        self.pid, self.every, self.peak, self.stop_flag = pid, every, 0, threading.Event()

    def run(self) -> None:
        while not self.stop_flag.is_set():
            try:
                self.peak = max(self.peak, memory_kib(self.pid)[0])
            except OSError:
                return
            time.sleep(self.every)


def run(participants: int, chromium: str) -> dict:
    sys.path.insert(0, str(ROOT))
    from playwright.sync_api import sync_playwright

    from dilemmakaart.session import SessionStore
    from tests.e2e.conftest import CHROMIUM_ARGS, start_server, stop_server, wait_ready

    base = Path(tempfile.mkdtemp(prefix="bench-session-"))
    library = base / "cases"
    shutil.copytree(ROOT / "cases", library, ignore=shutil.ignore_patterns(".*"))
    server = start_server(library, base / "server.log")
    out: dict = {"participants": participants}
    try:
        store = SessionStore(library)
        info, key = store.create(CASE, roles=True)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium, headless=True, args=CHROMIUM_ARGS)
            fac_ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
            fac = fac_ctx.new_page()
            fac.set_default_timeout(120_000)
            fac.goto(f"{server.url}/sessie?session={info.id}&key={key}")
            wait_ready(fac)
            out["rss_start_mib"] = memory_kib(server.process.pid)[0] / 1024
            sampler = Sampler(server.process.pid)
            sampler.start()
            pages = []
            start = time.perf_counter()
            for i in range(participants):
                ctx = browser.new_context(viewport={"width": 390, "height": 844})
                page = ctx.new_page()
                page.set_default_timeout(120_000)
                page.goto(f"{server.url}/meedoen?code={info.join_code}")
                wait_ready(page)
                page.get_by_role("textbox").first.fill(f"Bench {i}")
                page.get_by_role("button", name="Meedoen").click()
                page.wait_for_url("**p=*")
                pages.append(page)
            out["join_s"] = time.perf_counter() - start
            start = time.perf_counter()
            for i, page in enumerate(pages):
                thumb = page.get_by_role("slider").first
                thumb.focus()
                for _ in range(i % 6):
                    thumb.press("ArrowRight")
                page.get_by_role("button", name="Antwoord versturen").click()
            for page in pages:
                page.get_by_text("Je antwoord is opgeslagen").wait_for()
            out["answer_s"] = time.perf_counter() - start
            out["answered"] = store.answered(info.id, 1)
            start = time.perf_counter()
            store.reveal(info.id, key)
            for page in pages:
                page.get_by_text("De resultaten van ronde 1 zijn zichtbaar").wait_for()
            fac.reload()
            wait_ready(fac)
            fac.get_by_text("Waar we het over eens zijn").wait_for()
            out["reveal_s"] = time.perf_counter() - start
            time.sleep(2)  # a few refresh cycles with everyone connected
            sampler.stop_flag.set()
            sampler.join()
            rss, hwm = memory_kib(server.process.pid)
            out["rss_end_mib"] = rss / 1024
            out["rss_peak_mib"] = max(sampler.peak, hwm) / 1024
            browser.close()
    finally:
        stop_server(server)
        shutil.rmtree(base, ignore_errors=True)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--participants", type=int, default=int(os.environ.get("BENCH_PARTICIPANTS", 40)))
    parser.add_argument("--chromium", default=os.environ.get("DILEMMAKAART_CHROMIUM", "/usr/bin/chromium"))
    args = parser.parse_args(argv)
    if not Path(args.chromium).exists():
        print(f"Chromium not found at {args.chromium}", file=sys.stderr)
        return 2
    n = max(1, args.participants)
    r = run(n, args.chromium)
    growth = (r["rss_peak_mib"] - r["rss_start_mib"]) / n
    print(f"group session, 1 facilitator + {n} participants connected at once (real server, headless Chromium)")
    print(f"  server memory: {r['rss_start_mib']:.0f} MiB with the facilitator only, peak {r['rss_peak_mib']:.0f} MiB, "
          f"{r['rss_end_mib']:.0f} MiB at the end; {growth:.1f} MiB per participant")
    print(f"  joining {r['join_s']:.1f} s, answering {r['answer_s']:.1f} s, reveal on every screen {r['reveal_s']:.1f} s")
    print(f"  answers landed: {r['answered']} of {n}")
    return 0 if r["answered"] == n else 1


if __name__ == "__main__":
    sys.exit(main())
