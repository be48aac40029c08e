"""Small documents under a lock: the persistence primitives of drafts and sessions.

Drafts (``drafts.py``) and sessions (``session.py``) keep small YAML documents under path-like keys
(``.drafts/<token>.yaml``, ``.sessions/<id>/participants/<token>.yaml``). They reach them only through
this interface, so their logic exists once and runs on either store:

- ``FileDocuments``: the files under a library folder, written atomically, locked with a file lock
  that holds across threads and processes (the embedded default);
- ``pgstore.PgDocuments``: one table in PostgreSQL, locked with an advisory lock (several servers
  on one database).

Keys are relative, ``/``-separated, without ``..``; a "folder" is a key prefix. ``read`` returns the
bytes or None (missing, too large); ``create`` writes only when the key is free (True when it did);
``entries`` lists the documents directly in a folder with an order (newest last) and a tag that
changes on every write (for caches); ``lock`` holds a named lock until the block ends (a lock that
cannot be used or stays taken raises ``store.LockError``).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from dilemmakaart.store import atomic_write, clear_stale_temporaries, file_lock
from dilemmakaart.yamlio import MAX_BYTES, LimitError, read_limited


@dataclass(frozen=True)
class Entry:
    """A document in a folder: its name, an order (newer writes sort later) and a tag that changes
    whenever the document is written."""

    name: str
    order: int
    tag: tuple


class Documents(Protocol):
    def where(self, key: str) -> str: ...

    def read(self, key: str, limit: int = MAX_BYTES) -> bytes | None: ...

    def write(self, key: str, data: str | bytes) -> None: ...

    def create(self, key: str, data: str | bytes) -> bool: ...

    def delete(self, key: str) -> bool: ...

    def exists(self, key: str) -> bool: ...

    def names(self, folder: str, suffix: str = "") -> list[str]: ...

    def count(self, folder: str, suffix: str = "") -> int: ...

    def entries(self, folder: str, suffix: str = "") -> list[Entry]: ...

    def folders(self, folder: str) -> list[str]: ...

    def stamp(self, key: str) -> tuple: ...

    def lock(self, name: str) -> AbstractContextManager[None]: ...

    def tidy(self, *folders: str) -> None: ...

    def tidy_stale(self, folder: str) -> None: ...


def check_key(key: str) -> str:
    """``key`` when it is a safe relative key; ``ValueError`` otherwise (never reaches outside)."""
    parts = key.split("/")
    if not key or key.startswith("/") or any(p in ("", ".", "..") for p in parts) or "\\" in key or "\0" in key:
        raise ValueError(f"not a document key: {key!r}")
    return key


class FileDocuments:
    """Documents as files under ``root`` (a library folder)."""

    def __init__(self, root: str | Path):
        self.root = Path(root)

    def path(self, key: str) -> Path:
        return self.root / check_key(key)

    def where(self, key: str) -> str:
        return str(self.path(key))

    def read(self, key: str, limit: int = MAX_BYTES) -> bytes | None:
        try:
            return read_limited(self.path(key), limit)
        except (LimitError, OSError):
            return None

    def write(self, key: str, data: str | bytes) -> None:
        path = self.path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, data)

    def create(self, key: str, data: str | bytes) -> bool:
        path = self.path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        try:  # O_EXCL: two writers can never both create the same key
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        except FileExistsError:
            return False
        with os.fdopen(fd, "wb") as handle:
            handle.write(data.encode("utf-8") if isinstance(data, str) else data)
            handle.flush()
            os.fsync(handle.fileno())
        return True

    def delete(self, key: str) -> bool:
        try:
            self.path(key).unlink()
            return True
        except FileNotFoundError:
            return False

    def exists(self, key: str) -> bool:
        return self.path(key).is_file()

    def _scan(self, folder: str, suffix: str) -> Iterator[os.DirEntry]:
        path = self.path(folder)
        if not path.is_dir():
            return
        for entry in os.scandir(path):
            if entry.name.endswith(suffix) and not entry.name.startswith(".") and entry.is_file():
                yield entry

    def names(self, folder: str, suffix: str = "") -> list[str]:
        return sorted(e.name for e in self._scan(folder, suffix))

    def count(self, folder: str, suffix: str = "") -> int:
        return sum(1 for _ in self._scan(folder, suffix))

    def entries(self, folder: str, suffix: str = "") -> list[Entry]:
        out = []
        for e in self._scan(folder, suffix):
            with suppress(OSError):  # removed between listing and looking
                stat = e.stat()
                out.append(Entry(e.name, stat.st_mtime_ns, (e.path, stat.st_mtime_ns, stat.st_size)))
        return out

    def folders(self, folder: str) -> list[str]:
        path = self.path(folder)
        if not path.is_dir():
            return []
        return sorted(e.name for e in os.scandir(path) if e.is_dir() and not e.name.startswith("."))

    def stamp(self, key: str) -> tuple:
        """A cheap sign that the document changed (its time and size), without reading it."""
        try:
            found = self.path(key).stat()
        except OSError:
            return (0, 0)
        return (found.st_mtime_ns, found.st_size)

    @contextmanager
    def lock(self, name: str) -> Iterator[None]:
        path = self.path(name)
        path.parent.mkdir(parents=True, exist_ok=True)
        with file_lock(path):
            yield

    def tidy(self, *folders: str) -> None:
        """Remove temporary files that killed writes left in ``folders`` (the caller holds the lock
        under which every write there happens)."""
        for folder in folders:
            path = self.path(folder)
            if path.is_dir():
                for leftover in path.glob(".*.tmp"):
                    leftover.unlink(missing_ok=True)

    def tidy_stale(self, folder: str) -> None:
        """Remove temporary files of killed writes in a folder written without one lock (only old ones)."""
        clear_stale_temporaries(self.path(folder))


def documents_for(place: str | Path | Documents) -> Documents:
    """The documents of a library folder, or ``place`` itself when it already is a store of documents."""
    if isinstance(place, (str, Path)):
        return FileDocuments(place)
    return place
