"""Benchmark: how fast a group session follows, and what it costs the server while the room waits.

    python -m bench.session_latency                       # a full class: 40 participants (by hand)
    python -m bench.session_latency --participants 6 --browsers 1 --actions 2 --idle 5    # CI size
    python -m bench.session_latency --check                # exit 1 when a goal is not met

Starts a real Streamlit server on a copy of the example library and a session on an example case.
Connected, as in a class room: the facilitator's page (1366×768) and the projector (1920×1080) in
headless Chromium, and N participants: ``--browsers`` of them real phone-sized pages, the others
light clients that speak Streamlit's own websocket protocol (``BackMsg``/``ForwardMsg``, as
``bench/session_memory.py``) *and* behave like the real page: they run every fragment the page asks
to be rerun (``auto_rerun``: the page's own check for changes) at its interval, so the server does
the same work for them as for a phone.

Measured:

- **submit → facilitator count**: every participant's answer is stored the way the page stores it
  (``SessionStore.submit``), one after the other; the time until the facilitator's page shows the new
  count ("k van N deelnemers hebben geantwoord"). Median and p90 over all N answers; every answer
  must land (the count of stored answers is checked).
- **facilitator action → projector and phones**: the facilitator closes and reopens the round
  (``SessionStore.close``/``reopen`` with the expected state, what the buttons call), ``--actions``
  times; the time until the projector shows the new state, until every browser phone shows it, and
  until every websocket participant's page has been drawn again in full (its check saw the change).
  Median and p90 over every screen and action.
- **idle CPU**: the server process's CPU time over ``--idle`` seconds while everyone is connected and
  nobody acts (``/proc/<pid>/stat``), as a share of one core.
- **memory per participant**: the server's resident memory with everyone connected, minus before
  any participant connected, divided by N.

Goals (issue 12): median ≤ 1 s, p90 ≤ 2 s, idle CPU ≤ 25 % of one core on a 2-core machine.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

from bench import cpu_seconds, rss_mib

ROOT = Path(__file__).resolve().parents[1]
CASE = "drones-dijkinspectie"
GOALS = {"median_s": 1.0, "p90_s": 2.0, "idle_cpu": 0.25}


MAIN_TEXT = "() => (document.querySelector('[data-testid=stMain]') || document.body).innerText"


def p90(values: list[float]) -> float:
    return statistics.quantiles(values, n=10, method="inclusive")[8] if len(values) > 1 else values[0]


class Phones(threading.Thread):
    """Participants as websocket clients of the real server, each its own server session, each
    rerunning the fragments its page asks for at their interval, as the browser does."""

    def __init__(self, url: str, queries: list[str]):
        super().__init__(daemon=True)
        self.url, self.queries = url.replace("http", "ws", 1) + "/_stcore/stream", queries
        self.stop_flag = threading.Event()
        self.ready = threading.Event()
        self.errors: list[str] = []
        self.full_runs: list[list[float]] = [[] for _ in queries]  # when each client's full runs ended
        self.fragment_runs = 0
        self._lock = threading.Lock()

    def run(self) -> None:
        import asyncio

        asyncio.run(self._main())

    def full_runs_after(self, moment: float) -> list[float | None]:
        """For each client, when its first full page run after ``moment`` ended (None: not yet)."""
        with self._lock:
            return [next((t for t in runs if t > moment), None) for runs in self.full_runs]

    async def _main(self) -> None:
        import asyncio

        import websockets
        from streamlit.proto.BackMsg_pb2 import BackMsg
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
        from websockets.typing import Subprotocol

        started = 0
        FULL = ForwardMsg.ScriptFinishedStatus.FINISHED_SUCCESSFULLY

        async def client(index: int, query: str) -> None:
            nonlocal started
            timers: dict[str, object] = {}  # fragment id → the ticker that reruns it (its token)
            try:
                async with websockets.connect(self.url, subprotocols=[Subprotocol("streamlit")], max_size=None) as ws:
                    lock = asyncio.Lock()

                    async def send(fragment: str = "") -> None:
                        msg = BackMsg()
                        msg.rerun_script.query_string = query
                        msg.rerun_script.page_name = "meedoen"
                        if fragment:
                            msg.rerun_script.fragment_id = fragment
                            msg.rerun_script.is_auto_rerun = True
                        async with lock:
                            await ws.send(msg.SerializeToString())

                    async def ticker(fragment: str, every: float, token: object) -> None:
                        while not self.stop_flag.is_set() and timers.get(fragment) is token:
                            await asyncio.sleep(every)
                            if timers.get(fragment) is token and not self.stop_flag.is_set():
                                try:
                                    await send(fragment)
                                except websockets.exceptions.ConnectionClosed:
                                    return
                                self.fragment_runs += 1

                    await send()
                    first = True
                    while not self.stop_flag.is_set():
                        try:
                            raw = await asyncio.wait_for(ws.recv(), 1.0)
                        except TimeoutError:
                            continue
                        forward = ForwardMsg()
                        forward.ParseFromString(raw)
                        kind = forward.WhichOneof("type")
                        if kind == "new_session" and not forward.metadata.run.fragment_ids:
                            timers.clear()  # as the browser does when a run of the whole page starts
                        elif kind == "auto_rerun":
                            fragment, every = forward.auto_rerun.fragment_id, forward.auto_rerun.interval
                            if fragment not in timers:  # as the browser: a running timer is kept
                                token = timers[fragment] = object()
                                asyncio.get_running_loop().create_task(ticker(fragment, every, token))
                        elif kind == "stop_auto_rerun":  # the page no longer has this check
                            for fragment in forward.stop_auto_rerun.fragment_ids:
                                timers.pop(fragment, None)
                        elif kind == "script_finished" and forward.script_finished == FULL:
                            with self._lock:
                                self.full_runs[index].append(time.monotonic())
                            if first:
                                first = False
                                started += 1
                                if started == len(self.queries):
                                    self.ready.set()
            except Exception as exc:
                if not self.stop_flag.is_set():
                    self.errors.append(repr(exc))
                self.ready.set()

        await asyncio.gather(*(client(i, q) for i, q in enumerate(self.queries)))


def run(participants: int, browsers: int, actions: int, idle: float, chromium: str) -> dict:
    sys.path.insert(0, str(ROOT))
    from playwright.sync_api import sync_playwright

    from dilemmakaart.i18n import t
    from dilemmakaart.session import SessionStore
    from tests.e2e.conftest import CHROMIUM_ARGS, start_server, stop_server, wait_ready

    base = Path(tempfile.mkdtemp(prefix="bench-latency-"))
    library = base / "cases"
    shutil.copytree(ROOT / "cases", library, ignore=shutil.ignore_patterns(".*"))
    server = start_server(library, base / "server.log")
    pid = server.process.pid
    out: dict = {"participants": participants, "browsers": browsers}
    phones: Phones | None = None
    try:
        store = SessionStore(library)
        info, key = store.create(CASE)
        people = [store.join(info.join_code, name=f"Bench {i}")[1] for i in range(participants)]
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=chromium, headless=True, args=[*CHROMIUM_ARGS, "--renderer-process-limit=4"]
            )
            fac = browser.new_context(viewport={"width": 1366, "height": 768}, locale="nl-NL").new_page()
            fac.set_default_timeout(120_000)
            fac.goto(f"{server.url}/sessie?session={info.id}&key={key}")
            wait_ready(fac, timeout=120_000)
            room = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="nl-NL").new_page()
            room.set_default_timeout(120_000)
            room.goto(f"{server.url}/sessie?session={info.id}&view=projector&screen={info.projector}")
            wait_ready(room, timeout=120_000)
            out["rss_before_mib"] = rss_mib(pid)

            # everyone connects: a few real phones, the rest websocket clients
            pages = []
            for p in people[:browsers]:
                page = browser.new_context(viewport={"width": 390, "height": 844}, locale="nl-NL").new_page()
                page.set_default_timeout(120_000)
                page.goto(f"{server.url}/meedoen?code={info.join_code}&p={p.token}&lang=nl")
                pages.append(page)
            for page in pages:
                wait_ready(page, timeout=120_000)
            queries = [f"code={info.join_code}&p={p.token}&lang=nl" for p in people[browsers:]]
            if queries:
                phones = Phones(server.url, queries)
                phones.start()
                phones.ready.wait(300)
            time.sleep(2)  # everyone's first checks
            out["rss_connected_mib"] = rss_mib(pid)

            # idle: nobody acts
            before, wall = cpu_seconds(pid), time.monotonic()
            time.sleep(idle)
            out["idle_cpu"] = (cpu_seconds(pid) - before) / (time.monotonic() - wall)

            # submit → facilitator count
            counts = []
            for i, p in enumerate(people):
                answer = {"weights": {"privacy": i % 11, "veiligheid": (3 * i) % 11}, "effects": {}, "balances": {}}
                start = time.monotonic()
                store.submit(info.id, p.token, 1, answer)
                fac.wait_for_function(
                    "text => document.body.innerText.includes(text)",
                    arg=f"{i + 1} van {participants} deelnemers hebben geantwoord",
                    polling=20,
                    timeout=60_000,
                )
                counts.append(time.monotonic() - start)
            out["answered"] = store.answered(info.id, 1)
            out["count_s"] = counts

            # facilitator action → projector and phones
            parts: dict[str, list[float]] = {"projector": [], "browser phones": [], "websocket phones": []}
            state = "open"
            for _ in range(actions):
                goal = "closed" if state == "open" else "open"
                room_text = t(f"session.state.{goal}", "nl")
                # a phone has followed when its page says something else than before (nothing else
                # changes on an idle phone without a timer)
                shown_before = [page.evaluate(MAIN_TEXT) for page in pages]
                start = time.monotonic()
                (store.close if goal == "closed" else store.reopen)(info.id, key, expect=(1, state))
                room.wait_for_function(
                    "text => document.body.innerText.includes(text)", arg=room_text, polling=20, timeout=60_000
                )
                parts["projector"].append(time.monotonic() - start)
                for page, text in zip(pages, shown_before):
                    page.wait_for_function(f"text => ({MAIN_TEXT})() !== text", arg=text, polling=20, timeout=60_000)
                    parts["browser phones"].append(time.monotonic() - start)
                if phones is not None:
                    deadline = time.monotonic() + 60
                    while time.monotonic() < deadline and None in phones.full_runs_after(start):
                        time.sleep(0.02)
                    parts["websocket phones"] += [
                        (t_ - start) if t_ is not None else 60.0 for t_ in phones.full_runs_after(start)
                    ]
                state = goal
                time.sleep(1.5)  # let the room settle before the next action
            out["follow_s"] = [x for values in parts.values() for x in values]
            out["follow_parts"] = parts
            out["rss_end_mib"] = rss_mib(pid)
            if phones is not None:
                phones.stop_flag.set()
                out["socket_errors"] = list(phones.errors)
                out["fragment_runs"] = phones.fragment_runs
            browser.close()
    finally:
        if phones is not None:
            phones.stop_flag.set()
        stop_server(server)
        shutil.rmtree(base, ignore_errors=True)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--participants", type=int, default=int(os.environ.get("BENCH_PARTICIPANTS", "40")))
    parser.add_argument("--browsers", type=int, default=3, help="how many participants are real browser pages")
    parser.add_argument("--actions", type=int, default=6, help="how many facilitator actions to time")
    parser.add_argument("--idle", type=float, default=20.0, help="seconds of idle CPU measurement")
    parser.add_argument("--check", action="store_true", help="exit 1 when a goal is not met")
    parser.add_argument("--chromium", default=os.environ.get("DILEMMAKAART_CHROMIUM", "/usr/bin/chromium"))
    args = parser.parse_args(argv)
    if not Path(args.chromium).exists():
        print(f"Chromium not found at {args.chromium}", file=sys.stderr)
        return 2
    n = max(1, args.participants)
    browsers = min(max(0, args.browsers), n)
    r = run(n, browsers, max(1, args.actions), max(1.0, args.idle), args.chromium)
    count, follow = r["count_s"], r["follow_s"]
    figures = {
        "count_median": statistics.median(count),
        "count_p90": p90(count),
        "follow_median": statistics.median(follow),
        "follow_p90": p90(follow),
    }
    print(
        f"group session: facilitator + projector + {n} participants connected ({browsers} in headless Chromium, "
        f"{n - browsers} as websocket clients that rerun their page's checks like a browser; real server, "
        f"{os.cpu_count()} cores)"
    )
    print(
        f"  submit -> facilitator count: median {figures['count_median']:.2f} s, p90 {figures['count_p90']:.2f} s "
        f"over {len(count)} answers; answers landed: {r['answered']} of {n}"
    )
    print(
        f"  facilitator action -> projector and phones: median {figures['follow_median']:.2f} s, "
        f"p90 {figures['follow_p90']:.2f} s over {len(follow)} screen updates ({args.actions} actions)"
    )
    for name, values in r["follow_parts"].items():
        if values:
            print(f"    {name}: median {statistics.median(values):.2f} s, p90 {p90(values):.2f} s ({len(values)})")
    print(
        f"  load average of the machine at the end: {os.getloadavg()[0]:.1f} (above the number of cores, figures slow down)"
    )
    print(
        f"  idle server CPU with everyone connected: {100 * r['idle_cpu']:.0f} % of one core "
        f"(the websocket clients ran {r.get('fragment_runs', 0)} of their pages' checks in all)"
    )
    per = (r["rss_connected_mib"] - r["rss_before_mib"]) / n
    print(
        f"  server memory: {r['rss_before_mib']:.0f} MiB before participants, {r['rss_connected_mib']:.0f} MiB "
        f"connected, {r['rss_end_mib']:.0f} MiB at the end: {per:.2f} MiB per participant"
    )
    if r.get("socket_errors"):
        print(f"  websocket client errors: {r['socket_errors'][:3]}")
    met = (
        max(figures["count_median"], figures["follow_median"]) <= GOALS["median_s"]
        and max(figures["count_p90"], figures["follow_p90"]) <= GOALS["p90_s"]
        and r["idle_cpu"] <= GOALS["idle_cpu"]
    )
    print(
        f"  goals (median <= {GOALS['median_s']:.0f} s, p90 <= {GOALS['p90_s']:.0f} s, idle CPU <= "
        f"{100 * GOALS['idle_cpu']:.0f} %): {'met' if met else 'NOT met'}"
    )
    ok = r["answered"] == n and not r.get("socket_errors")
    return 0 if ok and (met or not args.check) else 1


if __name__ == "__main__":
    sys.exit(main())
