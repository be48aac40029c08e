"""A part that redraws itself, run right after a run of the whole page (its timer fired while the
page was drawn), has the whole page drawn once more, a bounded number of times: see
``dilemmakaart.ui.refresh``. Driven in a real browser, because only Streamlit's own timer in the
browser queues such a run."""

from __future__ import annotations

import os
import subprocess
import time

import pytest
from playwright.sync_api import expect

from dilemmakaart.ui.refresh import MAX_REDRAWS
from tests.conftest import ROOT
from tests.e2e.conftest import Server, free_port, new_page, stop_server, streamlit_command, wait_healthy, wait_ready


@pytest.fixture(scope="module")
def queued_app(tmp_path_factory, chromium_path):
    base = tmp_path_factory.mktemp("queued")
    log = base / "runs.txt"
    port = free_port()
    env = dict(os.environ, QUEUED_PART_LOG=str(log), PYTHONPATH=str(ROOT))
    with open(base / "server.log", "w") as out:  # the server keeps its own handle to the file
        process = subprocess.Popen(
            streamlit_command(ROOT / "tests" / "e2e" / "queued_part_app.py", port),
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip
    server = wait_healthy(Server(f"http://127.0.0.1:{port}", base, process, base / "server.log"))
    yield server, log
    stop_server(server)


def runs_once_parts_ran(log, parts: int) -> list[str]:
    """The runs written so far, once the part has run ``parts`` times on its own after the last run
    of the page (polling a file the server writes, not a browser wait)."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        runs = log.read_text().split()
        if "page" in runs and len(runs) - 1 - max(i for i, r in enumerate(runs) if r == "page") >= parts:
            return runs
        time.sleep(0.05)
    raise AssertionError(f"the part did not run {parts} times after the page: {log.read_text().split()}")


def test_a_part_queued_behind_a_slow_page_draws_the_page_again_a_bounded_number_of_times(queued_app, browser):
    server, log = queued_app
    page = new_page(browser)
    try:
        # the page takes 1.5 s after drawing the part: the part's 1 s timer always fires during it
        log.write_text("")
        page.goto(server.url + "/?sleep=1.5")
        wait_ready(page)
        expect(page.get_by_text("the end of the page")).to_be_visible()
        runs = runs_once_parts_ran(log, 4)
        assert runs.count("page") == 1 + MAX_REDRAWS, runs  # drawn again, and then no more
        expect(page.get_by_text("the end of the page")).to_be_visible()

        # a page drawn quickly: the part's runs start well after it, and nothing is drawn again
        log.write_text("")
        page.goto(server.url + "/?sleep=0")
        wait_ready(page)
        runs = runs_once_parts_ran(log, 4)
        assert runs.count("page") == 1, runs
    finally:
        page.context.close()
