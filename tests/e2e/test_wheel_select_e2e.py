"""Clicking a wedge of the value wheel in a real browser gives Streamlit the value's id (the flow
tags a value this way): the selection parameter ``wheel`` on the field ``value`` works end to end."""

from __future__ import annotations

import io
import math
import os
import shutil
import subprocess
import sys
import time
import urllib.request

import pytest
from playwright.sync_api import expect

from tests.conftest import ROOT
from tests.e2e.conftest import free_port, screenshot, wait_charts, wait_ready


@pytest.fixture(scope="module")
def wheel_app(tmp_path_factory, chromium_path):
    base = tmp_path_factory.mktemp("wheel")
    shutil.copytree(ROOT / "cases", base / "cases", ignore=shutil.ignore_patterns(".*"))
    port = free_port()
    env = dict(os.environ, DILEMMAKAART_CASES=str(base / "cases"), PYTHONPATH=str(ROOT))
    with open(base / "server.log", "w") as log:  # the server keeps its own handle to the file
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "streamlit",
                "run",
                str(ROOT / "tests" / "e2e" / "wheel_select_app.py"),
                "--server.port",
                str(port),
                "--server.address",
                "127.0.0.1",
                "--server.headless",
                "true",
                "--browser.gatherUsageStats",
                "false",
                "--server.fileWatcherType",
                "none",
            ],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2):
                break
        except OSError:
            time.sleep(0.3)
    yield url
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()


def wheel_centre(page, chart) -> tuple[float, float, float]:
    """Centre of the wheel on the page and the outer radius of its principle ring, found from the
    pixels of the ring's three foundation colours (so the test does not guess the title's height)."""
    from PIL import Image

    from dilemmakaart.charts.palette import FOUNDATION_COLOURS

    box = chart.bounding_box()
    image = Image.open(io.BytesIO(chart.screenshot())).convert("RGB")
    scale = image.width / box["width"]
    targets = [tuple(int(c[i : i + 2], 16) for i in (1, 3, 5)) for c in FOUNDATION_COLOURS.values()]
    xs, ys = [], []
    rgb = image.tobytes()  # three bytes a pixel, row after row
    for y in range(0, image.height, 2):
        for x in range(0, image.width, 2):
            i = 3 * (y * image.width + x)
            p = rgb[i : i + 3]
            if any(sum(abs(a - b) for a, b in zip(p, t)) < 12 for t in targets):
                xs.append(x)
                ys.append(y)
    assert xs, "the principle ring is drawn in the foundation colours"
    cx, cy = (min(xs) + max(xs)) / 2 / scale, (min(ys) + max(ys)) / 2 / scale
    return box["x"] + cx, box["y"] + cy, (max(xs) - min(xs)) / 2 / scale


def test_clicking_a_wedge_selects_its_value(wheel_app, page):
    page.goto(wheel_app)
    wait_ready(page, timeout=60_000)
    chart = page.locator("[data-testid='stVegaLiteChart']").first
    chart.wait_for()
    wait_charts(page)
    cx, cy, ring = wheel_centre(page, chart)

    # In the wheel (size 560) the principle ring ends at 112 px and a weight-8 wedge runs from 115
    # to 167 px. In this case privacy is the 11th value of 30: its wedge is centred 6° right of
    # 12 o'clock; autonomie (the 14th, not chosen: a short grey wedge, 115–125 px) at 42°.
    def click(degrees: float, radius: float) -> None:
        r = ring * radius / 112
        page.mouse.click(cx + r * math.sin(math.radians(degrees)), cy - r * math.cos(math.radians(degrees)))

    click(6, 140)
    page.wait_for_selector("text=SELECTED: privacy", timeout=30_000)
    wait_ready(page)
    page.mouse.move(5, 5)  # away, so the tooltip of the first wedge is gone
    expect(page.locator("#vg-tooltip-element.visible")).to_have_count(0)
    click(42, 150)  # beyond the short grey wedge: the click target reaches to the name
    try:
        page.wait_for_selector("text=SELECTED: autonomie", timeout=30_000)
    finally:
        screenshot(page, "wheel-select")
