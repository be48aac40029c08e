"""Which store the app uses: the one factory for the library, drafts and sessions.

``DILEMMAKAART_DATABASE_URL`` set: PostgreSQL (``pgstore``), shared by every server process of an
organisation. Not set: the folder of case files (``store``; ``DILEMMAKAART_CASES`` or ``cases/``),
the embedded default for one person or a class. Pages, the command line and the benchmarks all
get their stores here, so both run the same logic.
"""

from __future__ import annotations

import builtins
from collections.abc import Iterable
from pathlib import Path
from typing import Protocol

from dilemmakaart.case import Case
from dilemmakaart.code import ValueCode
from dilemmakaart.documents import Documents
from dilemmakaart.pgstore import database_url
from dilemmakaart.search import PAGE_SIZE, Filters, Page
from dilemmakaart.store import CaseLibrary, Listing, Revision


class Library(Protocol):
    """What a case library offers (``store.CaseLibrary`` and ``pgstore.PgCaseLibrary``)."""

    code: ValueCode

    def documents(self) -> Documents: ...

    def path(self, case_id: str) -> Path: ...

    def ids(self) -> builtins.list[str]: ...

    def exists(self, case_id: str) -> bool: ...

    def load(self, case_id: str) -> Case: ...

    def case_bytes(self, case_id: str) -> bytes: ...

    def list(self) -> Listing: ...

    def page(
        self,
        filters: Filters | None = None,
        *,
        sort: str = "updated",
        descending: bool | None = None,
        offset: int = 0,
        limit: int = PAGE_SIZE,
    ) -> Page: ...

    def load_many(self, ids: Iterable[str]) -> builtins.list[Case]: ...

    def facets(self) -> dict[str, builtins.list[str]]: ...

    def reviewed(self) -> builtins.list[Case]: ...

    def save(self, case: Case, *, create: bool | None = None, base_digest: str | None = None) -> Case: ...

    def save_changed(
        self, case: Case, *, create: bool | None = None, base_digest: str | None = None
    ) -> tuple[Case, bool]: ...

    def history(self, case_id: str) -> builtins.list[Revision]: ...

    def load_revision(self, case_id: str, revision: int) -> Case: ...

    def delete(self, case_id: str) -> Path: ...

    def trash(self) -> builtins.list[tuple[str, Path]]: ...

    def read_trashed(self, path: Path, case_id: str) -> Case: ...

    def restore(self, case_id: str) -> Case: ...


def where(folder: str | Path | None = None, url: str | None = None) -> str:
    """The store the factory opens, as a text (a cache key, a line in a log): the database address
    when one is set, else the folder."""
    from dilemmakaart.store import library_folder

    found = url if url is not None else database_url()
    if found:
        return found
    return str(Path(folder).resolve() if folder is not None else library_folder().resolve())


def open_library(folder: str | Path | None = None, code: ValueCode | None = None, *, url: str | None = None) -> Library:
    """The library: PostgreSQL when ``url`` (default: ``DILEMMAKAART_DATABASE_URL``) is set, else the
    folder ``folder`` (default: ``DILEMMAKAART_CASES`` or ``cases/``)."""
    found = url if url is not None else database_url()
    if found:
        from dilemmakaart.pgstore import PgCaseLibrary

        return PgCaseLibrary(found, code)
    return CaseLibrary(folder, code)


def is_database(library: Library) -> bool:
    from dilemmakaart.pgstore import PgCaseLibrary

    return isinstance(library, PgCaseLibrary)
