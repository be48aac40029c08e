"""The page scripts the app puts into its pages with ``st.html`` (``dilemmakaart/ui/static/*.js``)
pass Streamlit's HTML sanitiser whole: it drops a script whose text has a less-than sign before a
letter, a slash or "!" (a comment saying "st-key-dk-wake-<ms>" silently removed the watchdog)."""

import re
from pathlib import Path

import pytest

STATIC = Path(__file__).resolve().parents[1] / "dilemmakaart" / "ui" / "static"


@pytest.mark.parametrize("script", sorted(STATIC.glob("*.js")), ids=lambda p: p.name)
def test_a_page_script_has_nothing_the_sanitiser_drops(script):
    found = re.search(r"<[/\w!]", script.read_text(encoding="utf-8"))
    assert found is None, f"{script.name}: {found.group(0)!r} at {found.start()}"
