"""Benchmark: peak memory of a real server during a group session.

    python -m bench.session_memory --participants 40     # a full class (by hand)
    python -m bench.session_memory --participants 5      # CI size (or BENCH_PARTICIPANTS=5)

Starts a real Streamlit server on a copy of the example library and opens a session on an example
case. The facilitator's page and N participants stay connected, as in a class room:

- ``--browsers`` of them (default 5) are real pages in headless Chromium (one browser context each,
  a phone-sized viewport): they join through the page, send an answer with the form, wait, and
  redraw with the results by themselves after the reveal;
- the others are light clients that speak Streamlit's own websocket protocol (``BackMsg`` /
  ``ForwardMsg``), so that forty sessions fit on a small machine next to one browser: each joins
  (``SessionStore.join``, what the page calls), answers (``SessionStore.submit``), renders the
  participant page on the server and asks for a *full* rerun every 5 s (heavier than the real
  page's small fragment), and renders the results page after the reveal.

The server's resident memory is sampled all along (``/proc/<pid>/status``: VmRSS, and VmHWM, the
kernel's peak).

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

from bench import memory_kib

ROOT = Path(__file__).resolve().parents[1]
CASE = "drones-dijkinspectie"


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


class SocketParticipants(threading.Thread):
    """Participants as websocket clients of the real server, each with its own server session."""

    def __init__(self, url: str, queries: list[str], every: float = 5.0):
        super().__init__(daemon=True)
        self.url, self.queries, self.every = url.replace("http", "ws", 1) + "/_stcore/stream", queries, every
        self.stop_flag = threading.Event()
        self.renders = 0
        self.errors: list[str] = []
        self.connected = threading.Event()

    def run(self) -> None:
        import asyncio

        asyncio.run(self._main())

    async def _main(self) -> None:
        import asyncio

        import websockets
        from websockets.typing import Subprotocol

        opened = 0

        async def client(query: str) -> None:
            nonlocal opened
            from streamlit.proto.BackMsg_pb2 import BackMsg
            from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

            try:
                async with websockets.connect(self.url, subprotocols=[Subprotocol("streamlit")], max_size=None) as ws:
                    opened += 1
                    if opened == len(self.queries):
                        self.connected.set()
                    while not self.stop_flag.is_set():
                        msg = BackMsg()
                        msg.rerun_script.query_string = query
                        msg.rerun_script.page_name = "meedoen"
                        await ws.send(msg.SerializeToString())
                        while True:  # read until this run has finished
                            forward = ForwardMsg()
                            forward.ParseFromString(await asyncio.wait_for(ws.recv(), 120))
                            if forward.WhichOneof("type") == "script_finished":
                                break
                        self.renders += 1
                        await asyncio.sleep(self.every)
            except Exception as exc:
                if not self.stop_flag.is_set():  # not the server going away at the end
                    self.errors.append(repr(exc))
                self.connected.set()

        await asyncio.gather(*(client(q) for q in self.queries))


def run(participants: int, chromium: str, browsers: int = 5) -> dict:
    sys.path.insert(0, str(ROOT))
    from playwright.sync_api import sync_playwright

    from dilemmakaart.session import SessionStore
    from tests.e2e.conftest import CHROMIUM_ARGS, start_server, stop_server, wait_ready

    base = Path(tempfile.mkdtemp(prefix="bench-session-"))
    library = base / "cases"
    shutil.copytree(ROOT / "cases", library, ignore=shutil.ignore_patterns(".*"))
    server = start_server(library, base / "server.log")
    browsers = min(browsers, participants)
    out: dict = {"participants": participants, "browsers": browsers}
    try:
        store = SessionStore(library)
        info, key = store.create(CASE, roles=True)
        with sync_playwright() as playwright:
            # pages share a few renderer processes: 40 tabs on a small machine stay responsive
            browser = playwright.chromium.launch(
                executable_path=chromium, headless=True, args=[*CHROMIUM_ARGS, "--renderer-process-limit=4"]
            )
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
            sockets = []
            for i in range(participants - browsers):
                _, person = store.join(info.join_code, name=f"Socket {i}")
                store.submit(
                    info.id,
                    person.token,
                    1,
                    {
                        "weights": {v: (i * 3) % 11 for v in ("veiligheid", "privacy")},
                        "effects": {"privacy": (i % 11) - 5},
                        "balances": {},
                    },
                )
                sockets.append(f"code={info.join_code}&p={person.token}&lang=nl")
            light = SocketParticipants(server.url, sockets)
            if sockets:
                light.start()
                light.connected.wait(300)
            for i in range(browsers):
                ctx = browser.new_context(viewport={"width": 390, "height": 844})
                page = ctx.new_page()
                page.set_default_timeout(120_000)
                page.goto(f"{server.url}/meedoen?code={info.join_code}", wait_until="domcontentloaded")
                wait_ready(page, timeout=120_000)
                page.get_by_role("textbox").first.fill(f"Bench {i}")
                page.get_by_role("button", name="Meedoen").click()
                page.wait_for_url("**p=*")
                pages.append(page)
                print(f"  browser participant {i + 1}/{browsers} joined", file=sys.stderr, flush=True)
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
            renders_before = light.renders
            store.reveal(info.id, key)
            for page in pages:
                page.get_by_text("De resultaten van ronde 1 zijn zichtbaar").wait_for()
            # the facilitator's page follows the reveal by itself (a reload would lose the key, which
            # is kept in the window's session, not in the address)
            fac.get_by_text("Waar we het over eens zijn").wait_for()
            out["reveal_s"] = time.perf_counter() - start
            deadline = time.monotonic() + 120  # every light client renders the results at least once
            while sockets and light.renders < renders_before + 2 * len(sockets) and time.monotonic() < deadline:
                time.sleep(0.5)
            time.sleep(2)  # a few refresh cycles with everyone connected
            light.stop_flag.set()
            out["socket_errors"] = list(light.errors)
            out["socket_renders"] = light.renders
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
    parser.add_argument("--participants", type=int, default=int(os.environ.get("BENCH_PARTICIPANTS", "40")))
    parser.add_argument(
        "--browsers",
        type=int,
        default=int(os.environ.get("BENCH_BROWSERS", "5")),
        help="how many participants are real browser pages (the rest are websocket clients)",
    )
    parser.add_argument("--chromium", default=os.environ.get("DILEMMAKAART_CHROMIUM", "/usr/bin/chromium"))
    args = parser.parse_args(argv)
    if not Path(args.chromium).exists():
        print(f"Chromium not found at {args.chromium}", file=sys.stderr)
        return 2
    n = max(1, args.participants)
    r = run(n, args.chromium, max(0, args.browsers))
    growth = (r["rss_peak_mib"] - r["rss_start_mib"]) / n
    print(
        f"group session, 1 facilitator + {n} participants connected at once ({r['browsers']} in headless Chromium, "
        f"{n - r['browsers']} as websocket clients; real server)"
    )
    print(
        f"  server memory: {r['rss_start_mib']:.0f} MiB with the facilitator only, peak {r['rss_peak_mib']:.0f} MiB, "
        f"{r['rss_end_mib']:.0f} MiB at the end; {growth:.1f} MiB per participant"
    )
    print(
        f"  joining {r['join_s']:.1f} s, answering {r['answer_s']:.1f} s, reveal on every screen {r['reveal_s']:.1f} s"
    )
    print(
        f"  answers landed: {r['answered']} of {n}; server page renders by the websocket clients: {r['socket_renders']}"
    )
    if r["socket_errors"]:
        print(f"  websocket client errors: {r['socket_errors'][:3]}")
    return 0 if r["answered"] == n and not r["socket_errors"] else 1


if __name__ == "__main__":
    sys.exit(main())
