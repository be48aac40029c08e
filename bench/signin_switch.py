"""Benchmark: what sign-in adds to a page switch once signed in.

    python -m bench.signin_switch              # 8 rounds over 5 pages (by hand)
    python -m bench.signin_switch --rounds 2   # CI size

Two servers on the same machine and the same example library, started side by side: one without
sign-in (the local default) and one with ``[auth]`` in its secrets, signing in at an OpenID
Connect provider on loopback (``oidc-provider-mock``, as in the tests). A beheerder signs in once
through the provider's page (every page is theirs); then, in each round, the same sidebar link is
clicked on both servers in turn (which server goes first alternates by round), and the time from
the click until the page's script has finished and its heading is drawn is measured.

Printed: the median page switch on each server, and the paired median of (signed in − local) over
the same page in the same round. The bar: sign-in adds at most 50 ms; ``--check`` exits 1 when the
paired median is over it. The first round warms both servers and is not counted.

On a busy machine the browser figures scatter by hundreds of milliseconds, so the server's own share
is also measured in process (AppTest, no browser): the same pages run with a signed-in beheerder
(``[auth]`` and an identity) and without sign-in, interleaved, and the median script time of each.
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
GOAL_ADDED_MS = 50.0
PAGES = ["bibliotheek", "code", "vergelijken", "inzichten", ""]  # the order of the clicks in a round

READY = """(path) => {
  const app = document.querySelector("[data-testid='stApp']");
  if (!app || app.getAttribute('data-test-connection-state') !== 'CONNECTED') return false;
  if (app.getAttribute('data-test-script-state') !== 'notRunning') return false;
  if (location.pathname !== path) return false;
  if (document.querySelector("[data-stale='true']")) return false;
  const main = document.querySelector("[data-testid='stMain']");
  return !!main && !!main.querySelector('h1, h2, h3');
}"""


def switch(page, name: str) -> float:
    """Click the sidebar's link to ``name`` and wait until that page is drawn; seconds."""
    nav_link = "[data-testid='stSidebar'] a[data-testid='stPageLink-NavLink']"
    link = page.locator(f"{nav_link}[href='{name}'], {nav_link}[href^='{name}?']").first
    if name == "":
        link = page.locator(nav_link).first
    start = time.perf_counter()
    link.click()
    page.wait_for_function(READY, arg="/" + name, polling=20)
    return time.perf_counter() - start


def run(rounds: int, chromium: str) -> tuple[dict[str, list[float]], list[float]]:
    sys.path.insert(0, str(ROOT))
    from playwright.sync_api import sync_playwright

    from tests.e2e.conftest import CHROMIUM_ARGS, free_port, new_page, stop_server, wait_healthy
    from tests.e2e.signin import copy_library, launch, run_provider, sign_in, write_secrets

    base = Path(tempfile.mkdtemp(prefix="bench-signin-"))
    times: dict[str, list[float]] = {"local": [], "signed in": []}
    added: list[float] = []
    try:
        with run_provider() as provider, sync_playwright() as playwright:
            port = free_port()
            secrets = write_secrets(base / "secrets.toml", port, provider)
            servers = {}
            for name in ("local", "signed in"):
                folder = base / name.replace(" ", "-")
                folder.mkdir()
                library, log = copy_library(folder), folder / "server.log"
                if name == "local":
                    servers[name] = launch(library, log, address="127.0.0.1")
                else:
                    servers[name] = launch(library, log, address="127.0.0.1", port=port, secrets=secrets)
            try:
                for server in servers.values():
                    wait_healthy(server)
                browser = playwright.chromium.launch(executable_path=chromium, headless=True, args=CHROMIUM_ARGS)
                tabs = {"signed in": sign_in(browser, servers["signed in"], "bea"), "local": new_page(browser)}
                tabs["local"].goto(servers["local"].url + "/")
                tabs["local"].wait_for_function(READY, arg="/", polling=20)
                for round_no in range(rounds + 1):  # round 0 warms both servers' caches
                    order = ["local", "signed in"] if round_no % 2 else ["signed in", "local"]
                    for name in PAGES:
                        pair = {which: switch(tabs[which], name) for which in order}
                        if round_no:
                            for which, seconds in pair.items():
                                times[which].append(seconds)
                            added.append(pair["signed in"] - pair["local"])
                browser.close()
            finally:
                for server in servers.values():
                    server.process.terminate()
                for server in servers.values():
                    stop_server(server)
    finally:
        shutil.rmtree(base, ignore_errors=True)
    return times, added


def server_share(runs: int) -> dict[str, list[float]]:
    """In process (AppTest), signed in and local interleaved over the same pages: the whole script
    run, and the part that sign-in touches (the gate before the page and the sidebar's navigation,
    ``ui/auth.gate`` + ``ui/pages.draw_navigation``); seconds per run."""
    sys.path.insert(0, str(ROOT))
    from streamlit.testing.v1 import AppTest

    from dilemmakaart.ui import auth, pages

    spent = [0.0]

    def timed(function):
        def run(*args, **kwargs):
            start = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                spent[0] += time.perf_counter() - start

        return run

    auth.gate, pages.draw_navigation = timed(auth.gate), timed(pages.draw_navigation)
    base = Path(tempfile.mkdtemp(prefix="bench-signin-apptest-"))
    library = base / "cases"
    shutil.copytree(ROOT / "cases", library, ignore=shutil.ignore_patterns(".*"))
    os.environ["DILEMMAKAART_CASES"] = str(library)
    secrets = {
        "redirect_uri": "http://127.0.0.1:8501/oauth2callback",
        "cookie_secret": "a-cookie-secret-for-the-benchmark-0123456789",
        "client_id": "dilemmakaart",
        "client_secret": "bench",
        "server_metadata_url": "http://127.0.0.1:1/.well-known/openid-configuration",
    }
    apps = {}
    for name in ("local", "signed in"):
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
        if name == "signed in":
            at.secrets["auth"] = secrets
            at.user = {"is_logged_in": True, "sub": "bea", "email": "bea@gemeente.nl", "roles": ["beheerder"]}
        at.run()
        apps[name] = at
    times: dict[str, list[float]] = {
        "local": [],
        "signed in": [],
        "local: gate + navigation": [],
        "signed in: gate + navigation": [],
    }
    targets = [pages.LIBRARY, pages.CODE, pages.COMPARE, pages.HOME]
    try:
        for n in range(runs + 1):  # the first round warms the caches
            for page in targets:
                for name in ("local", "signed in") if n % 2 else ("signed in", "local"):
                    spent[0] = 0.0
                    start = time.perf_counter()
                    apps[name].switch_page(page.file).run()
                    if n:
                        times[name].append(time.perf_counter() - start)
                        times[f"{name}: gate + navigation"].append(spent[0])
    finally:
        shutil.rmtree(base, ignore_errors=True)
    return times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=int(os.environ.get("BENCH_ROUNDS", "8")))
    parser.add_argument("--chromium", default=os.environ.get("DILEMMAKAART_CHROMIUM", "/usr/bin/chromium"))
    parser.add_argument(
        "--check", action="store_true", help=f"exit 1 when sign-in adds more than {GOAL_ADDED_MS:g} ms (paired median)"
    )
    args = parser.parse_args(argv)
    if not Path(args.chromium).exists() and not shutil.which("chromium"):
        print("signin_switch: Chromium not found; skipped")
        return 0
    times, added = run(args.rounds, args.chromium)
    print(f"Page switch once signed in, click to drawn ({args.rounds} rounds x {len(PAGES)} pages)   median     p90")
    for name, values in times.items():
        print(f"  {name:<40} {statistics.median(values) * 1000:6.0f} ms {percentile(values, 0.9) * 1000:6.0f} ms")
    paired = statistics.median(added) * 1000
    verdict = "met" if paired <= GOAL_ADDED_MS else "NOT met"
    print(
        f"  added by sign-in (paired median)         {paired:6.0f} ms   (bar: at most {GOAL_ADDED_MS:.0f} ms: {verdict})"
    )
    share = server_share(max(args.rounds, 3))
    print(f"Server script time per page run, in process (AppTest, {len(share['local'])} runs each)   median")
    for name, values in share.items():
        print(f"  {name:<40} {statistics.median(values) * 1000:6.1f} ms")
    own = statistics.median(share["signed in: gate + navigation"]) - statistics.median(
        share["local: gate + navigation"]
    )
    print(f"  what sign-in adds to gate + navigation   {own * 1000:6.1f} ms")
    return 1 if args.check and paired > GOAL_ADDED_MS else 0


if __name__ == "__main__":
    raise SystemExit(main())
