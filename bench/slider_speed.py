"""Benchmark: a slider move on every page with a slider, next to a trivial page as the floor.

    python -m bench.slider_speed                  # 20 moves per slider (by hand)
    python -m bench.slider_speed --moves 5        # CI size (or BENCH_MOVES=5)

Starts two Streamlit servers in the same run: the app on a copy of the example library, and
``bench/trivial_slider_app.py`` (one slider, one small chart). In headless Chromium it moves, by
keyboard, one slider on each page (alternately right and left): the floor's slider, the weight and
the effect slider of privacy's card on the Waarden page, a balance slider on the Afwegen page, the
try-a-weight slider on the Acties page (its part "Opties vergelijken"), and the first slider of the participant's
page (/meedoen, a session opened for the benchmark; one item per screen). A reference row beside
them: ``bench/values_core_app.py``, only what a Waarden move draws again (its two sliders, the list
with the numbers, the live map) on a page with nothing else; what Waarden takes beyond it is what the
rest of its page costs the browser per move. Each move is timed from
the key press until the app has run and is idle again: the script (or fragment) started after the
key press and has finished, nothing on the page is stale. The times are taken in the browser
(``performance.now()``), from the app's own script-state attribute. The pages take turns, one move
each, so a busy moment of a shared machine hits them alike; run it at a higher priority than the
rest of the machine's work when that is heavy (``nice -n -10``).

``--against DIR`` also starts the app of another checkout (the code before a change) and moves
the same sliders there, taking turns with the rest: a change and the code before it, measured in the
same minutes on the same machine.

Prints median and p90 per slider, the ratio of each median to the floor's median and the paired
ratio (the median of each round's page/floor ratio). The bar (issue 10): a slider move on every
page with a slider at most 1.6 times the floor and under 200 ms. ``--check`` exits 1 when a bar
is not met.
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

from bench import percentile

ROOT = Path(__file__).resolve().parents[1]
CASE = "tellen-bezoekers-binnenstad"
VALUE_NAME = "Privacy"  # the value whose sliders are moved on Waarden
MINI_MAP = ".st-key-values-minimap svg.marks"
WEIGH_WORDS = ".st-key-weigh-words-veiligheid--privacy"
TRY_SAID = ".st-key-options-try-said"  # Acties: which option wins with the weight tried
JOIN_ANSWER = ".st-key-join-answer"  # the participant's screen (one item at a time)
CORE = "Waarden's core alone (reference)"  # bench/values_core_app.py
GOAL_RATIO = 1.6
GOAL_MS = 200.0

# records every change of the app's script state with its time, from the moment it is installed
WATCH = """() => {
  if (window.__dkStates) return;
  window.__dkStates = [];
  const app = document.querySelector("[data-testid='stApp']");
  // a run can start and end within one batch of mutations: note the old values as well
  const note = (records) => {
    const t = performance.now();
    for (const r of records) window.__dkStates.push([t, r.oldValue]);
    window.__dkStates.push([t, app.getAttribute('data-test-script-state')]);
  };
  new MutationObserver(note).observe(app, {attributes: true, attributeOldValue: true,
                                           attributeFilter: ['data-test-script-state']});
}"""
NOW = "() => performance.now()"
ENDS = """e => [e.getAttribute('aria-valuenow') ?? e.value, e.getAttribute('aria-valuemin') ?? e.min,
                e.getAttribute('aria-valuemax') ?? e.max]"""
# idle again after t0: the move reached the app (a run was seen to start, or what the run draws
# changed: a run of a few ms can start and end within one render, without a visible state) and the
# app is not running and nothing on the page is stale
IDLE_SINCE = """([t0, sel, before]) => {
  const ran = window.__dkStates.some(([t, s]) => t >= t0 && s === 'running');
  const shown = document.querySelector(sel);
  if (!ran && (!shown || shown.innerHTML === before)) return false;
  const app = document.querySelector("[data-testid='stApp']");
  if (app.getAttribute('data-test-script-state') !== 'notRunning') return false;
  if (document.querySelector("[data-stale='true']")) return false;
  return performance.now();
}"""


def start(script: Path, library: Path, log: Path):
    from tests.e2e.conftest import Server, free_port, streamlit_command

    port = free_port()
    env = dict(os.environ, DILEMMAKAART_CASES=str(library))
    command = streamlit_command(script, port)
    with open(log, "w") as handle:  # the server keeps its own copy of the file descriptor
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=handle, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(log.read_text()[-2000:])
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.read().strip() == b"ok":
                    return Server(url, library, process, log)
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError("the server did not become healthy")


def participant_url(library: Path) -> str:
    """Open a session on the case and join it: the participant's page with the answer form."""
    from dilemmakaart.session import SessionStore

    sessions = SessionStore(library)
    info, _key = sessions.create(CASE)
    _, me = sessions.join(info.join_code, name="Bench")
    return f"/meedoen?code={info.join_code}&p={me.token}"


def open_card(page, selector: str) -> None:
    """On Waarden one value's card is open at a time: open privacy's (a click in the list)."""
    if ".st-key-values-" not in selector:
        return
    from tests.e2e.conftest import wait_ready

    page.locator(".st-key-values-list").get_by_text(VALUE_NAME, exact=True).click()
    page.wait_for_selector(f"{selector} input[type='range']")
    wait_ready(page)


LOST: list[str] = []  # key presses that never led to a run (printed with the figures)


def one_move(page, slider, shown: str, n: int) -> float | None:
    """ms from a key press (right on even ``n``, left on odd; inward at an end of the scale) until
    the app is idle again; None when the press never reached the app. ``shown``: what a run
    redraws after the move (a chart, the words under a balance)."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    slider.focus()
    before = page.eval_on_selector(shown, "e => e.innerHTML")
    # at an end of its scale a press outward changes nothing (and never reaches the app): inward then
    now, low, high = (float(x) for x in slider.evaluate(ENDS))
    key = "ArrowLeft" if now >= high else "ArrowRight" if now <= low else ("ArrowRight", "ArrowLeft")[n % 2]
    t0 = page.evaluate(NOW)
    slider.press(key)
    try:
        handle = page.wait_for_function(IDLE_SINCE, arg=[t0, shown, before], polling=10, timeout=15_000)
    except PlaywrightTimeout:
        LOST.append(f"{page.url} value {slider.input_value()}")
        return None
    return handle.json_value() - t0


def run(
    moves: int, chromium: str, warmup: int = 2, only: str = "", against: Path | None = None
) -> dict[str, list[float | None]]:
    sys.path.insert(0, str(ROOT))
    from playwright.sync_api import sync_playwright

    from tests.e2e.conftest import CHROMIUM_ARGS, stop_server, wait_ready

    base = Path(tempfile.mkdtemp(prefix="bench-slider-speed-"))
    library = base / "cases"
    shutil.copytree(ROOT / "cases", library, ignore=shutil.ignore_patterns(".*"))
    app = start(ROOT / "app.py", library, base / "app.log")
    floor = start(ROOT / "bench" / "trivial_slider_app.py", library, base / "floor.log")
    core = start(ROOT / "bench" / "values_core_app.py", library, base / "core.log")
    other = start(against / "app.py", library, base / "against.log") if against else None
    results: dict[str, list[float | None]] = {}
    try:
        join = participant_url(library)
        values, weigh = f"{app.url}/waarden?case={CASE}", f"{app.url}/afwegen?case={CASE}"
        actions = f"{app.url}/acties?case={CASE}&deel=opties"  # the part with the options
        targets = [
            ("floor: one slider, one small chart", floor.url + "/", ".st-key-floor", ".st-key-floor-chart svg.marks"),
            (CORE, core.url + "/", ".st-key-core-weight", ".st-key-core-map svg.marks"),
            ("Waarden: weight", values, ".st-key-values-weight-privacy", MINI_MAP),
            ("Waarden: effect", values, ".st-key-values-effect-privacy", MINI_MAP),
            ("Afwegen: balance", weigh, ".st-key-weigh-balance-veiligheid-privacy", WEIGH_WORDS),
            ("Acties: try a weight (options)", actions, ".st-key-options-try", TRY_SAID),
            ("Meedoen: first slider", app.url + join, ".st-key-join-answer", JOIN_ANSWER),
        ]
        words = [w.strip().lower() for w in only.split(",") if w.strip()]
        targets = [t for t in targets if t is targets[0] or not words or any(w in t[0].lower() for w in words)]
        if other is not None:  # each slider of the app also in the other checkout's app
            targets += [
                (f"{name} (against)", url.replace(app.url, other.url), *rest)
                for name, url, *rest in targets[1:]
                if name != CORE
            ]
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium, headless=True, args=CHROMIUM_ARGS)
            opened = []
            for name, url, selector, shown in targets:
                context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="nl-NL")
                page = context.new_page()
                page.set_default_timeout(60_000)
                page.goto(url)
                wait_ready(page)
                page.wait_for_selector(shown)
                open_card(page, selector)
                page.evaluate(WATCH)
                opened.append((name, page, page.locator(f"{selector} input[type='range']").first, shown))
                results[name] = []
            # the pages take turns, one move each, so a busy moment of the machine hits them alike
            for n in range(warmup + moves):
                for name, page, slider, shown in opened:
                    elapsed = one_move(page, slider, shown, n)
                    if n >= warmup:  # None for a lost press: kept in place so rounds stay paired
                        results[name].append(elapsed)
                    page.wait_for_timeout(150)  # a person does not move a slider ten times a second
            browser.close()
    finally:
        stop_server(app)
        stop_server(floor)
        stop_server(core)
        if other is not None:
            stop_server(other)
        shutil.rmtree(base, ignore_errors=True)
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--moves", type=int, default=int(os.environ.get("BENCH_MOVES", "20")))
    parser.add_argument("--chromium", default=os.environ.get("DILEMMAKAART_CHROMIUM", "/usr/bin/chromium"))
    parser.add_argument(
        "--only", default="", help="only the sliders whose name has one of these words, comma-separated (and the floor)"
    )
    parser.add_argument("--check", action="store_true", help="exit 1 when a page misses its bar")
    parser.add_argument("--against", type=Path, help="another checkout whose app moves the same sliders (before/after)")
    args = parser.parse_args(argv)
    if not Path(args.chromium).exists():
        print(f"Chromium not found at {args.chromium}", file=sys.stderr)
        return 2
    results = run(max(1, args.moves), args.chromium, only=args.only, against=args.against)
    names = list(results)
    floor_times = results[names[0]]
    floor = statistics.median(t for t in floor_times if t is not None)
    print(f"Slider move by keyboard until the app is idle again ({args.moves} moves each)")
    print(f"  {'slider':<36} {'median':>8} {'p90':>8} {'ratio':>7} {'paired':>7}")
    missed = []
    for name in names:
        times = [t for t in results[name] if t is not None]
        median = statistics.median(times)
        ratio = median / floor
        # the median of the ratios of moves made in the same round (the page's move, then the
        # floor's): steadier than the ratio of medians when other work comes and goes
        paired = statistics.median(t / f for t, f in zip(results[name], floor_times) if t is not None and f is not None)
        # every page with a slider of this app (not the floor, the core of Waarden or another checkout)
        bar = name not in (names[0], CORE) and not name.endswith("(against)")
        ok = ratio <= GOAL_RATIO and median < GOAL_MS
        mark = "" if not bar else ("   bar met" if ok else "   <- bar NOT met")
        if bar and not ok:
            missed.append(name)
        print(f"  {name:<36} {median:6.0f} ms {percentile(times, 0.9):6.0f} ms {ratio:6.2f}x {paired:6.2f}x{mark}")
    if LOST:
        print(f"  {len(LOST)} key presses never reached the app within 15 s (not counted): {LOST}")
    print(f"  bar: every page with a slider at most {GOAL_RATIO}x the floor and under {GOAL_MS:.0f} ms")
    print(f"  machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at the end")
    return 1 if args.check and missed else 0


if __name__ == "__main__":
    sys.exit(main())
