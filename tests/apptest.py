"""Running pages under Streamlit's AppTest: start at app.py (the entry script that hands the
registry of pages to ``st.navigation``), then switch to the page, as a real server does."""

from __future__ import annotations

import shutil
from pathlib import Path

from streamlit.testing.v1 import AppTest

from dilemmakaart.ui.pages import HOME, AppPage

ROOT = Path(__file__).resolve().parents[1]
TIMEOUT = 60
LESSON = "algoritme-toeslagen-selectie"  # the example case the teaching tests run a class on


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


def lesson_folder(tmp_path: Path) -> Path:
    """A library folder ``tmp_path/cases`` holding a copy of the example case ``LESSON`` only."""
    folder = tmp_path / "cases"
    folder.mkdir()
    shutil.copy(ROOT / "cases" / f"{LESSON}.yaml", folder)
    return folder


def panel_script(folder: str, session_id: str, key: str, panel: str) -> None:
    """An AppTest script (``open_panel``): one of the facilitator's panels, ``panel`` as
    ``"module:function"`` in ``dilemmakaart.ui``, drawn as ``function(ctx, sessions, info, key, case)``
    in Dutch for the session ``session_id`` of the library in ``folder``."""
    import importlib

    from dilemmakaart.code import load_code
    from dilemmakaart.session import SessionStore
    from dilemmakaart.store import CaseLibrary
    from dilemmakaart.ui.bootstrap import Ctx

    module, _, name = panel.partition(":")
    draw = getattr(importlib.import_module(f"dilemmakaart.ui.{module}"), name)
    code = load_code()
    library = CaseLibrary(folder, code)
    sessions = SessionStore(folder)
    info = sessions.load(session_id)
    draw(Ctx(lang="nl", code=code, library=library), sessions, info, key, library.load(info.case_id))


def open_panel(panel: str, folder: Path | str, session_id: str, key: str) -> AppTest:
    """An AppTest (not yet run) on the facilitator's ``panel`` (see ``panel_script``)."""
    return AppTest.from_function(panel_script, args=(str(folder), session_id, key, panel), default_timeout=TIMEOUT)


def page_script(folder: str, page: str) -> None:
    """An AppTest script (``open_page_function``): a page function, ``page`` as ``"module:function"``
    in ``dilemmakaart.ui``, drawn as ``function(ctx)`` in Dutch on the library in ``folder``."""
    import importlib

    from dilemmakaart.code import load_code
    from dilemmakaart.store import CaseLibrary
    from dilemmakaart.ui.bootstrap import Ctx

    module, _, name = page.partition(":")
    draw = getattr(importlib.import_module(f"dilemmakaart.ui.{module}"), name)
    code = load_code()
    draw(Ctx(lang="nl", code=code, library=CaseLibrary(folder, code)))


def open_page_function(page: str, folder: Path | str) -> AppTest:
    """An AppTest (not yet run) on one page function alone, without the app around it (``page_script``)."""
    return AppTest.from_function(page_script, args=(str(folder), page), default_timeout=TIMEOUT)
