"""Run the same tests against both stores: the folder of files and PostgreSQL.

A test that asks for ``any_store`` runs twice, ``[files]`` and ``[postgres]`` (the latter marked
``postgres``, on its own schema of the throw-away server in ``tests/pg.py``). ``any_store.library(code)``
opens the library through the app's own factory (``backend.open_library``), ``any_store.documents()``
the drafts and sessions store of that library, ``any_store.place`` what a subprocess needs to open
the same store (``files:<folder>`` or ``postgres:<address>``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from dilemmakaart.audit import AuditTrail, open_trail
from dilemmakaart.backend import Library, open_library
from dilemmakaart.code import ValueCode
from dilemmakaart.documents import Documents

KINDS = ["files", pytest.param("postgres", marks=pytest.mark.postgres)]


@dataclass
class Store:
    kind: str
    folder: Path
    url: str | None

    def library(self, code: ValueCode | None = None) -> Library:
        return open_library(self.folder, code, url=self.url or "")

    def documents(self) -> Documents:
        return self.library().documents()

    def trail(self) -> AuditTrail:
        return open_trail(self.folder, url=self.url or "")

    @property
    def place(self) -> str:
        return f"postgres:{self.url}" if self.url else f"files:{self.folder}"


def open_place(place: str, code: ValueCode | None = None) -> Library:
    """The library a ``Store.place`` names (in a subprocess)."""
    kind, _, where = place.partition(":")
    return open_library(where, code, url=where if kind == "postgres" else "")


@pytest.fixture(params=KINDS)
def store_kind(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def any_store(store_kind: str, tmp_path: Path, request: pytest.FixtureRequest) -> Store:
    url = request.getfixturevalue("pg_url") if store_kind == "postgres" else None
    folder = tmp_path / "store"  # the library folder (files), or where nothing may appear (PostgreSQL)
    folder.mkdir()
    return Store(store_kind, folder, url)
