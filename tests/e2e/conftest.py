"""End-to-end fixtures: a real Streamlit server on a free port with its own copy of the library,
and headless Chromium (Debian's, at /usr/bin/chromium) driven by Playwright.

Every test here is marked ``browser``; it skips without Chromium unless
DILEMMAKAART_REQUIRE_BROWSER is set (CI sets it), and then fails instead.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.conftest import ROOT

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]
ARTIFACTS = ROOT / "artifacts" / "screenshots"
# ``expect(...)`` waits until its condition holds: long enough for a rerun on a busy 2-core machine
expect.set_options(timeout=20_000)


def pytest_collection_modifyitems(items):
    for item in items:
        if "/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)
            # one server per module: keep a module's tests on one xdist worker (a long test may name a
            # group of its own, so the two workers share the load; its worker starts its own server)
            if item.get_closest_marker("xdist_group") is None:
                item.add_marker(pytest.mark.xdist_group(item.module.__name__))


@dataclass
class Server:
    url: str
    library: Path
    process: subprocess.Popen
    log: Path

    def page_url(self, page: str = "", **query: str) -> str:
        from urllib.parse import urlencode

        return f"{self.url}/{page}" + (f"?{urlencode(query)}" if query else "")


_HANDED_OUT: set[int] = set()  # ports this process gave to a server: never given twice


def free_port() -> int:
    """A port nothing listens on now. (Between this and the server's start another process can
    still take it: ``wait_healthy`` then starts the server again on another port.)"""
    while True:
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        if port not in _HANDED_OUT:
            _HANDED_OUT.add(port)
            return port


def streamlit_command(script: Path, port: int) -> list[str]:
    """The command that serves ``script`` headless on 127.0.0.1:``port`` (tests and benchmarks)."""
    return [
        sys.executable, "-m", "streamlit", "run", str(script),
        "--server.port", str(port), "--server.address", "127.0.0.1", "--server.headless", "true",
        "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none",
    ]  # fmt: skip


def start_server(library: Path, log: Path, extra_env: dict | None = None) -> Server:
    """A server on ``library``, once it answers."""
    return wait_healthy(launch_server(library, log, extra_env))


def launch_server(library: Path, log: Path, extra_env: dict | None = None) -> Server:
    """Start a server and return at once (several can start side by side); see ``wait_healthy``."""
    port = free_port()
    env = dict(os.environ, DILEMMAKAART_CASES=str(library), **(extra_env or {}))
    command = streamlit_command(ROOT / "app.py", port)
    handle = open(log, "w")  # noqa: SIM115 (the server writes to it for as long as it runs)
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=handle, stderr=subprocess.STDOUT)
    server = Server(f"http://127.0.0.1:{port}", library, process, log)
    _LAUNCHED[id(server)] = extra_env
    return server


_LAUNCHED: dict[int, dict | None] = {}  # a launched server's extra environment, to start it again


def wait_healthy(server: Server) -> Server:
    """Wait until ``server`` answers its health check (it is stopped if it never does)."""
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            text = server.log.read_text()
            if "is not available" in text and id(server) in _LAUNCHED:
                # another process took the free port before the server bound it (a CI run: "Port
                # 60645 is not available"): the same server on another port; anything else fails
                again = launch_server(server.library, server.log, _LAUNCHED.pop(id(server)))
                server.url, server.process = again.url, again.process
                continue
            raise RuntimeError(f"the server stopped: {text[-2000:]}")
        try:
            with urllib.request.urlopen(f"{server.url}/_stcore/health", timeout=2) as response:
                if response.read().strip() == b"ok":
                    return server
        except OSError:
            time.sleep(0.3)  # polling a process that is starting (not a browser wait)
    server.process.kill()
    raise RuntimeError(f"the server did not become healthy: {server.log.read_text()[-2000:]}")


def stop_server(server: Server) -> None:
    server.process.terminate()
    try:
        server.process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.process.kill()


@pytest.fixture(scope="module")
def server(tmp_path_factory, chromium_path):
    """A server on a copy of the example library, for the tests of one module."""
    base = tmp_path_factory.mktemp("server")
    library = base / "cases"
    shutil.copytree(ROOT / "cases", library, ignore=shutil.ignore_patterns(".*"))
    srv = start_server(library, base / "server.log")
    yield srv
    stop_server(srv)


@pytest.fixture(scope="session")
def browser(chromium_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, headless=True, args=CHROMIUM_ARGS)
        new_context = browser.new_context

        def watched_context(*args, **kwargs):
            """Every context watches the app's runs from its first page on (see ``wait_ready``), and
            keeps what its pages showed when it is closed while a test fails (``keep_evidence``)."""
            context = new_context(*args, **kwargs)
            context.add_init_script(f"({RUN_WATCH_JS})()")
            close = context.close

            def close_keeping_evidence(*a, **k):
                if sys.exc_info()[0] is not None:  # closed in a ``finally`` while the test fails
                    keep_evidence(context)
                return close(*a, **k)

            context.close = close_keeping_evidence
            return context

        browser.new_context = watched_context
        yield browser
        browser.close()


# Watches the app for ``wait_ready``: when a person (or Playwright for them) last clicked, typed or
# changed something, and when a script run last started or ended. (Not the web socket: pages that
# refresh themselves send messages all the time.)
RUN_WATCH_JS = """() => {
  if (window.__dkRuns) return;
  const runs = (window.__dkRuns = { input: 0, changed: 0 });
  for (const kind of ['pointerup', 'click', 'keyup', 'input', 'change']) {
    document.addEventListener(kind, () => { runs.input = performance.now(); }, true);
  }
  // any change of the run state (to running, or already back: both may fall in one batch), on
  // whichever element is the app's root at the time. The document itself is watched: an init script
  // runs before the document has its root element (observing that null root threw, and left every
  // wait to the one-second fallback below).
  new MutationObserver(() => {
    runs.changed = performance.now();
  }).observe(document, { subtree: true, attributes: true, attributeFilter: ['data-test-script-state'] });
}"""

# Ready: connected, no script running, and a run has started or ended since the last input (an
# input that starts no run, such as a Tab press, is given up on after two seconds).
READY_JS = """() => {
  const app = document.querySelector("[data-testid='stApp']");
  if (!app || app.getAttribute('data-test-connection-state') !== 'CONNECTED') return false;
  if (app.getAttribute('data-test-script-state') !== 'notRunning') return false;
  const runs = window.__dkRuns;
  return !runs || runs.input <= runs.changed || performance.now() - runs.input > 2000;
}"""


def new_page(browser, width: int = 1400, height: int = 900):
    """A page in a fresh browser context (its own cookies and session), Dutch, 30 s timeouts.
    Close it with ``page.context.close()``."""
    context = browser.new_context(viewport={"width": width, "height": height}, locale="nl-NL")
    page = context.new_page()
    page.set_default_timeout(30_000)
    return page


@pytest.fixture
def page(browser, request):
    page = new_page(browser)
    yield page
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        keep_evidence(page.context)
    page.context.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    if call.when == "call":
        item.report_call = outcome.get_result()


FAILURES = ROOT / "artifacts" / "failures"


def keep_evidence(context) -> None:
    """What each page of a failing test showed: a screenshot, its address, the app's run state and
    the accessibility tree of its content, under artifacts/failures/ (and the state on stderr), so a
    failure on a loaded CI machine can be read afterwards."""
    test = re.sub(r"[^\w.-]+", "_", os.environ.get("PYTEST_CURRENT_TEST", "test").split(" ")[0])[-120:]
    FAILURES.mkdir(parents=True, exist_ok=True)
    for n, page in enumerate(context.pages):
        stem = FAILURES / f"{test}-{id(context) % 10_000}-{n}"
        try:
            page.screenshot(path=f"{stem}.png", full_page=True, timeout=10_000)
            state = page.evaluate(STATE_JS)
            tree = page.locator("body").aria_snapshot(timeout=10_000)
            Path(f"{stem}.txt").write_text(f"{page.url}\n{state}\n{tree}\n", encoding="utf-8")
            print(f"evidence: {stem}.png {page.url} {state}", file=sys.stderr)
        except Exception as error:  # a page that is gone or hung: say so, and keep the test's own failure
            print(f"evidence: {stem}: {error}", file=sys.stderr)


def open_panel(page, title: str, inside, attempts: int = 3) -> None:
    """Open the folded panel (expander) called ``title`` and wait until ``inside`` (a locator in it)
    shows. On a loaded machine a click can land while the page is being redrawn and be lost: the
    panel is clicked again only while it is still closed, never shut by a second click."""
    panel = page.locator("details").filter(has=page.locator("summary").get_by_text(title, exact=True)).first
    for _ in range(attempts):
        if panel.get_attribute("open") is None:
            panel.locator("summary").click()
        try:
            expect(inside).to_be_visible()
            wait_ready(page)  # the run that opened it has ended: a click now is not lost in its redraw
            return
        except AssertionError:
            continue
    expect(inside).to_be_visible()
    wait_ready(page)


def wait_ready(page, timeout: float = 30_000) -> None:
    """Wait until the app is connected and the run caused by the last click or key press (if
    any) has finished. Pages of other contexts get the watcher from here on."""
    page.evaluate(RUN_WATCH_JS)
    try:
        page.wait_for_function(READY_JS, timeout=timeout, polling=50)
    except Exception as error:
        state = page.evaluate(STATE_JS)
        raise AssertionError(f"the app did not become ready: {state}") from error


STATE_JS = """() => {
  const app = document.querySelector("[data-testid='stApp']");
  return {
    connection: app && app.getAttribute('data-test-connection-state'),
    script: app && app.getAttribute('data-test-script-state'),
    runs: window.__dkRuns,
    now: performance.now(),
  };
}"""


# every chart in view is drawn (charts in a closed tab or expander, or out of view, are not drawn)
CHARTS_DRAWN_JS = """() => [...document.querySelectorAll("[data-testid='stVegaLiteChart']")].every(chart => {
  const box = chart.getBoundingClientRect();
  const inView = box.width > 0 && box.height > 0 && box.bottom > 0 && box.top < innerHeight;
  return !inView || chart.querySelector('svg, canvas');
})"""


def wait_charts(page, timeout: float = 30_000) -> None:
    """Wait until the app is ready and every chart on the page is drawn (Vega draws after the run)."""
    wait_ready(page, timeout)
    page.wait_for_function(CHARTS_DRAWN_JS, timeout=timeout, polling=50)
    next_frame(page)


def wait_settled(page, timeout: float = 30_000) -> None:
    """Ready, charts drawn, and every image loaded or failed (its load or error handler has run;
    a lazy image out of view is not asked for)."""
    wait_charts(page, timeout)
    page.wait_for_function(
        "() => [...document.images].every(image => image.complete || image.loading === 'lazy')",
        timeout=timeout,
        polling=50,
    )
    next_frame(page)


def next_frame(page) -> None:
    """Wait until the browser has drawn (twice): after a change of size, before a screenshot."""
    page.evaluate("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")


CONTENT_HEIGHT_JS = """() => {
  const main = document.querySelector("[data-testid='stMain']");
  const block = document.querySelector("[data-testid='stMainBlockContainer']");
  return Math.max(document.body.scrollHeight, main ? main.scrollHeight : 0, block ? block.scrollHeight + 120 : 0);
}"""


def screenshot(page, name: str, max_height: int = 8000) -> Path:
    """Save a screenshot of the whole page under artifacts/screenshots/ (look at them!).

    Streamlit scrolls inside its main container, so a "full page" screenshot would show only the
    viewport: the viewport is stretched to the content's height for the shot, then put back.
    """
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    size = page.viewport_size or {"width": 1400, "height": 900}
    height = min(max(int(page.evaluate(CONTENT_HEIGHT_JS)), size["height"]), max_height)
    page.set_viewport_size({"width": size["width"], "height": height})
    next_frame(page)
    wait_charts(page)
    page.screenshot(path=str(path))
    page.set_viewport_size(size)
    return path


def no_exception(page) -> None:
    errors = page.locator("[data-testid='stException']")
    assert errors.count() == 0, errors.first.inner_text()


def send_answer(person, steps: int, timeout: float | None = None) -> None:
    """On a participant's phone: move the first slider ``steps`` to the right (left when negative)
    from where it is, send, and wait until the page says the answer is saved (``timeout`` in ms;
    None: Playwright's default)."""
    thumb = person.get_by_role("slider").first
    thumb.focus()
    for _ in range(abs(steps)):
        thumb.press("ArrowRight" if steps > 0 else "ArrowLeft")
    wait_ready(person)  # the moves' run has ended (a click during it was once lost on a loaded machine)
    send = person.get_by_role("button", name=re.compile("Antwoord (versturen|bijwerken)"))
    saved = person.get_by_text("Je antwoord is opgeslagen")
    send.click()
    try:
        expect(saved).to_be_visible()
    except AssertionError:
        # still not sent (the page says its moves are kept but not sent): the click did not reach the
        # server; a person presses again, and so does this helper, once
        expect(person.get_by_text("nog niet verstuurd")).to_be_visible()
        send.click()
    saved.wait_for(timeout=timeout)
