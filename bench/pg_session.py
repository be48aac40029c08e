"""Benchmark: one group session of 200 participants spread over 4 server processes on PostgreSQL.

    python -m bench.pg_session --participants 200 --servers 4    # full size, by hand
    python -m bench.pg_session --participants 12 --servers 2     # CI size

Uses ``DILEMMAKAART_TEST_DATABASE_URL`` (CI starts one, ``.ci/postgres``), else starts a throw-away
server (``tests/pg.py``); a schema of its own holds the example library.

Starts ``--servers`` Streamlit processes on the one database. Participant ``i`` is served by process
``i mod servers``: a protocol-level client (Streamlit's own websocket messages, as in
``bench/session_memory.py``) that keeps the participant page open and asks for a full rerun every
5 s. The facilitator is such a client on process 0: its page once, then, every second, the parts
that refresh themselves (its count), as a browser asks for them. Each participant joins (``SessionStore.join``, what the page calls); then the
answers go in at a steady pace (``SessionStore.submit``, what the page's Send calls), and for each
answer the time until the facilitator's page, on another process than most participants, first
shows a count that includes it.

Prints: every answer landed (count in the database), submit → facilitator count (median, p95),
per process the memory (RSS) before the participants came and at the end, growth and CPU time per
participant, next to a floor: the same process with the app loaded and one join page open.
``--check`` exits 1 when an answer is missing or the median is above 1 s.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import statistics
import sys
import threading
import time
from pathlib import Path

from bench import cpu_seconds, memory_kib

ROOT = Path(__file__).resolve().parents[1]
CASE = "drones-dijkinspectie"
COUNT = re.compile(rb"(\d+) van (\d+) deelnemers hebben geantwoord in ronde 1")


class Clients(threading.Thread):
    """Websocket clients of real servers: each reruns its page every ``every`` seconds; the
    facilitator's renders are watched for the answered count."""

    def __init__(self, jobs: list[tuple[str, str, str, float]]):
        super().__init__(daemon=True)
        self.jobs = jobs  # (server url, page, query, every)
        self.stop_flag = threading.Event()
        self.connected = threading.Event()
        self.errors: list[str] = []
        self.renders = 0
        self.counts: list[tuple[float, int]] = []  # (when, answered) per facilitator render

    def run(self) -> None:
        asyncio.run(self._main())

    async def _main(self) -> None:
        import websockets
        from streamlit.proto.BackMsg_pb2 import BackMsg
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
        from websockets.typing import Subprotocol

        opened = 0

        async def client(url: str, page: str, query: str, every: float) -> None:
            nonlocal opened
            ws_url = url.replace("http", "ws", 1) + "/_stcore/stream"
            try:
                async with websockets.connect(ws_url, subprotocols=[Subprotocol("streamlit")], max_size=None) as ws:
                    opened += 1
                    if opened == len(self.jobs):
                        self.connected.set()
                    fragments: dict[str, float] = {}  # the page's self-refreshing parts (run_every)
                    script_hash = ""
                    while not self.stop_flag.is_set():
                        # as a browser does: the whole page once, then only its fragments when they ask
                        # (the facilitator's count refreshes itself); a participant's page whole each time
                        runs = [""] if page != "sessie" or not fragments else sorted(fragments)
                        answered = None
                        for fragment in runs:
                            msg = BackMsg()
                            msg.rerun_script.query_string = query
                            msg.rerun_script.page_name = page
                            if fragment:
                                msg.rerun_script.page_script_hash = script_hash
                                msg.rerun_script.fragment_id = fragment
                                msg.rerun_script.is_auto_rerun = True
                            await ws.send(msg.SerializeToString())
                            while True:
                                raw = await asyncio.wait_for(ws.recv(), 120)
                                data = raw if isinstance(raw, bytes) else raw.encode()
                                if page == "sessie":
                                    found = COUNT.search(data)
                                    if found:
                                        answered = int(found.group(1))
                                forward = ForwardMsg()
                                forward.ParseFromString(data)
                                kind = forward.WhichOneof("type")
                                if kind == "new_session":
                                    script_hash = forward.new_session.page_script_hash
                                elif kind == "auto_rerun":
                                    fragments[forward.auto_rerun.fragment_id] = forward.auto_rerun.interval
                                elif kind == "script_finished":
                                    break
                        self.renders += 1
                        if answered is not None:
                            self.counts.append((time.monotonic(), answered))
                        await asyncio.sleep(every)
            except Exception as exc:
                if not self.stop_flag.is_set():
                    self.errors.append(repr(exc))
                self.connected.set()

        await asyncio.gather(*(client(*job) for job in self.jobs))


def wait_for(condition, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.1)


def run(participants: int, servers: int, pace: float) -> dict:
    sys.path.insert(0, str(ROOT))
    import shutil
    import tempfile

    from dilemmakaart.pgstore import PgCaseLibrary, forget
    from dilemmakaart.session import SessionStore
    from dilemmakaart.transfer import import_folder
    from tests.e2e.conftest import launch_server, stop_server, wait_healthy
    from tests.pg import bench_server, drop_schema, new_schema

    base_url, pg = bench_server()
    schema, url = new_schema(base_url)
    folder = Path(tempfile.mkdtemp(prefix="bench-pg-session-"))
    procs = []
    out: dict = {"participants": participants, "servers": servers}
    try:
        assert import_folder(ROOT / "cases", PgCaseLibrary(url)).ok
        env = {"DILEMMAKAART_DATABASE_URL": url}
        procs = [launch_server(folder, folder / f"server{i}.log", env) for i in range(servers)]
        for p in procs:
            wait_healthy(p)
        store = SessionStore(PgCaseLibrary(url).documents())
        info, key = store.create(CASE)
        facilitator = Clients([(procs[0].url, "sessie", f"session={info.id}&key={key}", 1.0)])
        facilitator.start()
        facilitator.connected.wait(120)
        wait_for(lambda: facilitator.renders >= 3, 300)  # the facilitator's page drawn (a cold process is slow)
        warm = Clients([(p.url, "meedoen", f"code={info.join_code}&lang=nl", 3600.0) for p in procs])
        warm.start()  # every process has the app loaded and one page drawn: the floor
        wait_for(lambda: warm.renders >= servers, 300)
        before = [(memory_kib(p.process.pid)[0], cpu_seconds(p.process.pid)) for p in procs]
        tokens = [store.join(info.join_code, name=f"Bench {i}")[1].token for i in range(participants)]
        jobs = [
            (procs[i % servers].url, "meedoen", f"code={info.join_code}&p={t}&lang=nl", 5.0)
            for i, t in enumerate(tokens)
        ]
        people = Clients(jobs)
        people.start()
        people.connected.wait(300)
        wait_for(lambda: people.renders >= participants, 600)  # every participant page drawn at least once
        submitted: list[float] = []
        for i, token in enumerate(tokens):
            answer = {"weights": {"privacy": i % 11, "veiligheid": (3 * i) % 11}, "effects": {}, "balances": {}}
            store.submit(info.id, token, 1, answer)
            submitted.append(time.monotonic())
            time.sleep(pace)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not any(n >= participants for _, n in facilitator.counts):
            time.sleep(0.2)
        time.sleep(5)  # a refresh cycle of every page with everyone answered
        after = [(memory_kib(p.process.pid)[0], cpu_seconds(p.process.pid)) for p in procs]
        people.stop_flag.set()
        facilitator.stop_flag.set()
        warm.stop_flag.set()
        out["answered"] = store.answered(info.id, 1)
        latencies = []
        for k, when in enumerate(submitted, start=1):
            seen = [t for t, n in facilitator.counts if n >= k and t >= when]
            if seen:
                latencies.append(seen[0] - when)
        out["seen"] = len(latencies)
        out["latency_median_s"] = statistics.median(latencies) if latencies else float("nan")
        out["latency_p95_s"] = sorted(latencies)[int(0.95 * (len(latencies) - 1))] if latencies else float("nan")
        out["errors"] = people.errors + facilitator.errors
        out["renders"] = people.renders
        per = [max(1, len(range(i, participants, servers))) for i in range(servers)]
        out["per_process"] = [
            {
                "people": per[i],
                "rss_before_mib": before[i][0] / 1024,
                "rss_after_mib": after[i][0] / 1024,
                "mib_per_person": (after[i][0] - before[i][0]) / 1024 / per[i],
                "cpu_s": after[i][1] - before[i][1],
                "cpu_ms_per_person_per_min": (after[i][1] - before[i][1])
                * 1000
                / per[i]
                / max(1e-9, (time.monotonic() - submitted[0] + 10) / 60),
            }
            for i in range(servers)
        ]
    finally:
        for p in procs:
            stop_server(p)
        forget(url)
        drop_schema(base_url, schema, url)
        if pg is not None:
            pg.stop()
        shutil.rmtree(folder, ignore_errors=True)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--participants", type=int, default=200)
    parser.add_argument("--servers", type=int, default=4)
    parser.add_argument("--pace", type=float, default=0.05, help="seconds between two answers going in")
    parser.add_argument("--check", action="store_true", help="exit 1 when an answer is missing or the median > 1 s")
    args = parser.parse_args(argv)
    out = run(args.participants, args.servers, args.pace)
    n = out["participants"]
    print(
        f"Session of {n} participants over {out['servers']} processes on PostgreSQL "
        f"(load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)"
    )
    print(f"  answers in the database: {out['answered']} of {n}; participant page renders: {out['renders']}")
    print(
        f"  submit -> facilitator count ({out['seen']} answers seen): median {out['latency_median_s']:.2f} s, "
        f"p95 {out['latency_p95_s']:.2f} s   (bar: median <= 1 s)"
    )
    for i, p in enumerate(out["per_process"]):
        print(
            f"  process {i}: {p['people']} participants; RSS {p['rss_before_mib']:.0f} -> {p['rss_after_mib']:.0f} MiB"
            f" ({p['mib_per_person']:.2f} MiB each); CPU {p['cpu_s']:.1f} s"
            f" ({p['cpu_ms_per_person_per_min']:.0f} ms per participant per minute)"
        )
    if out["errors"]:
        print(f"  client errors: {len(out['errors'])}: {out['errors'][:3]}")
    if args.check and (out["answered"] != n or not out["latency_median_s"] <= 1.0 or out["errors"]):
        print("bar not met")
        return 1
    return 0 if out["answered"] == n else 1


if __name__ == "__main__":
    raise SystemExit(main())
