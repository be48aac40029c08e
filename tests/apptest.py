"""Running pages under Streamlit's AppTest: start at app.py (the entry script that hands the
registry of pages to ``st.navigation``), then switch to the page, as a real server does."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from dilemmakaart.ui.pages import HOME, AppPage

ROOT = Path(__file__).resolve().parents[1]
TIMEOUT = 60


def open_page(
    page: AppPage | None, library: Path, monkeypatch, query: dict | None = None, lang: str | None = None
) -> AppTest:
    """An AppTest on ``page`` from the registry (``dilemmakaart.ui.pages``; None: the home page)."""
    monkeypatch.setenv("DILEMMAKAART_CASES", str(library))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    if lang:
        at.session_state["dk:lang"] = lang
    at.run()
    assert not at.exception, at.exception
    if page is not None and page is not HOME:
        go(at, page)
    return at


def go(at: AppTest, page: AppPage) -> AppTest:
    """Switch ``at`` to ``page`` and run it."""
    at.switch_page(page.file).run()
    assert not at.exception, at.exception
    return at
