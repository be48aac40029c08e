"""Parts that redraw themselves (``dilemmakaart.ui.refresh``), in a real browser: only Streamlit's
own timer in the browser starts their runs. A part drawn before the end of a slow page has a run
queued right behind the page's run (what made the browser miss the page's drawing); a part drawn
last has none; the page is drawn once more a moment after its first run (and after a run a part
started), once; and a page whose parts stopped wakes itself."""

from __future__ import annotations

import os
import subprocess
import time

import pytest

from dilemmakaart.ui.refresh import REDRAW_AFTER_SECONDS
from tests.conftest import ROOT
from tests.e2e.conftest import Server, free_port, new_page, stop_server, streamlit_command, wait_healthy


@pytest.fixture(scope="module")
def refresh_app(tmp_path_factory, chromium_path):
    base = tmp_path_factory.mktemp("refresh")
    log = base / "runs.txt"
    port = free_port()
    env = dict(os.environ, REFRESH_APP_LOG=str(log), PYTHONPATH=str(ROOT))
    with open(base / "server.log", "w") as out:  # the server keeps its own handle to the file
        process = subprocess.Popen(
            streamlit_command(ROOT / "tests" / "e2e" / "refresh_app.py", port),
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip
    server = wait_healthy(Server(f"http://127.0.0.1:{port}", base, process, base / "server.log"))
    yield server, log
    stop_server(server)


def runs_of(server, log, browser, query: str, parts: int, init_script: str = "", after: str = "page") -> list[str]:
    """The runs of the page opened with ``query``, once the part has run ``parts`` times on its own
    after the last run noted as ``after`` (polling the file the server writes, not a browser wait)."""
    log.write_text("")
    page = new_page(browser)
    if init_script:
        page.context.add_init_script(init_script)
    try:
        page.goto(f"{server.url}/?{query}")
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            runs = log.read_text().splitlines()
            last_page = max((i for i, r in enumerate(runs) if r == after), default=None)
            if last_page is not None and len(runs) - 1 - last_page >= parts:
                return runs
            time.sleep(0.05)
    finally:
        page.context.close()
    raise AssertionError(f"the part did not run {parts} times after '{after}': {log.read_text().splitlines()}")


def first_parts(runs: list[str]) -> list[float]:
    """For each run of the page: how long after it ended the part's first run of its own started."""
    found = []
    for i, run in enumerate(runs[:-1]):
        if run == "page" and runs[i + 1].startswith("part "):
            found.append(float(runs[i + 1].split()[1]))
    return found


def test_a_part_drawn_first_on_a_slow_page_is_queued_and_one_drawn_last_is_not(refresh_app, browser):
    server, log = refresh_app
    # the page takes 1.5 s after the part: its 1 s timer fires while the page is drawn
    first = first_parts(runs_of(server, log, browser, "sleep=1.5&last=0", 3))
    assert first and first[0] < 0.25, first  # queued: it started the moment the page's run ended
    last = first_parts(runs_of(server, log, browser, "sleep=1.5&last=1", 3))
    assert last and min(last) >= 0.5, last  # a whole interval after the page's run (1 s, less the delays)


def test_the_page_is_drawn_once_more_a_moment_after_its_first_run_and_then_rests(refresh_app, browser):
    server, log = refresh_app
    runs = runs_of(server, log, browser, "sleep=0&last=1", 2 + int(REDRAW_AFTER_SECONDS) + 2)
    assert runs.count("page") == 2, runs
    second = runs.index("page", 1)
    assert sum(r.startswith("part ") for r in runs[1:second]) >= int(REDRAW_AFTER_SECONDS) - 1, runs  # after a moment


# Every timer of one second the page starts stops after its second tick: the browser lost the
# parts' timers, as a projector's did under load (it then never showed the next round).
TIMERS_DIE = """(() => {
  const set = window.setInterval;
  window.setInterval = function (fn, ms, ...rest) {
    if (ms !== 1000) return set(fn, ms, ...rest);
    let ticks = 0;
    const id = set(() => { if (++ticks <= 2) fn(); else clearInterval(id); }, ms, ...rest);
    return id;
  };
})()"""


def test_a_page_whose_parts_stopped_wakes_itself_and_they_run_again(refresh_app, browser):
    server, log = refresh_app
    runs = runs_of(server, log, browser, "last=1", 2, init_script=TIMERS_DIE, after="page wake")
    woken = runs.index("page wake")
    quiet = [r for r in runs[:woken] if r.startswith("part ")]
    assert len(quiet) >= 2, runs  # the part ran, its timer died, the page was quiet, and then woke
