"""Running pages under Streamlit's AppTest: start at app.py, then switch to the page, so that the
navigation's page links resolve as they do on a real server."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[1]
TIMEOUT = 60


def open_page(
    page: str | None, library: Path, monkeypatch, query: dict | None = None, lang: str | None = None
) -> AppTest:
    """An AppTest on ``page`` (for example ``"pages/02_waarden.py"``; None for the home page)."""
    monkeypatch.setenv("DILEMMAKAART_CASES", str(library))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    if lang:
        at.session_state["dk:lang"] = lang
    at.run()
    assert not at.exception, at.exception
    if page:
        at.switch_page(str(ROOT / page)).run()
        assert not at.exception, at.exception
    return at
