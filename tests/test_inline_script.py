"""The data of the scripts the app writes into the page: no value can end the script element or
change how the browser reads it, and the script gets the value unchanged."""

from __future__ import annotations

import json

import pytest

from dilemmakaart.ui.inline_script import script_literal

HOSTILE = [
    "</script><img src=x onerror=alert(1)>",
    "</SCRIPT >",
    "<!--<script>alert(1)</script>-->",
    'a "quoted" \\ back\\slash',
    "line\u2028separator\u2029and\nnewline",
    "Privacy — gewicht −2 · ‘ijs’",
]


@pytest.mark.parametrize("value", HOSTILE)
def test_no_value_can_end_or_reopen_the_script(value):
    for data in (value, {"table": {value: value}, "list": [value]}):
        literal = script_literal(data)
        assert "</" not in literal and "<!--" not in literal
        assert json.loads(literal) == data  # (the escapes are JSON's own: the script reads the value as given)


def test_the_page_scripts_use_it():
    """The interface words and the cookie go through ``script_literal`` (one owner of the rule)."""
    from pathlib import Path

    ui = Path(__file__).resolve().parents[1] / "dilemmakaart" / "ui"
    for module in ("bootstrap.py", "cookies.py"):
        text = (ui / module).read_text(encoding="utf-8")
        assert "script_literal(" in text and "json.dumps" not in text, module
