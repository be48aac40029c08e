"""The case library on disk: one ``<id>.yaml`` per case in a folder.

- Saves are atomic (temporary file, fsync, ``os.replace``) and serialised per case by a file lock
  that holds across threads and processes.
- A save carries the revision it started from; if the file moved on since, ``ConflictError``.
- Every save keeps the previous file in ``.history/<id>/<revision>.yaml``.
- Delete moves the file to ``.trash/``; ``restore`` brings it back, never over an existing case.
- ``list`` returns every readable case and every unreadable file with its reasons.
"""

from __future__ import annotations

import builtins
import gc
import hashlib
import json
import os
import re
import tempfile
import threading
import time
from collections.abc import Iterable
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from filelock import FileLock, Timeout

from dilemmakaart.case import ID_RE, Case, case_to_data, parse_case
from dilemmakaart.code import ValueCode, load_code
from dilemmakaart.problems import Problem, ProblemsError
from dilemmakaart.search import PAGE_SIZE, Filters, Page, options, page_of
from dilemmakaart.yamlio import (
    MAX_BYTES,
    MAX_EVENTS,
    LimitError,
    count_nodes,
    dump_yaml,
    parse_yaml,
    read_limited,
)

if TYPE_CHECKING:
    from dilemmakaart.documents import FileDocuments

HISTORY = ".history"
TRASH = ".trash"
LOCKS = ".locks"


def library_folder() -> Path:
    """The library folder: ``DILEMMAKAART_CASES`` or ``cases/`` next to the package."""
    default = Path(__file__).resolve().parents[1] / "cases"
    return Path(os.environ.get("DILEMMAKAART_CASES") or default)


class LibraryError(Exception):
    """A request the library cannot carry out; ``key`` and ``params`` say why (for translation)."""

    def __init__(self, key: str, **params: object):
        self.key = key
        self.params = params
        super().__init__(f"{key}: {params}")


class ConflictError(LibraryError):
    """The case on disk moved on since it was loaded (or already exists): nothing was written."""


class NotFoundError(LibraryError):
    pass


class LockError(LibraryError):
    """The lock file of a case or session cannot be used (a symlink loop, no permission) or stays
    taken: nothing was written. ``key`` is ``lock_failed`` or ``lock_busy``; ``problem()`` says it."""

    def problem(self) -> Problem:
        return Problem("", self.key, dict(self.params))


@contextmanager
def file_lock(path: Path, timeout: float = 30):
    """Hold the cross-process lock ``path``; a lock that cannot be used raises ``LockError``, not an
    ``OSError`` with a server path (a symlinked lock file gives ELOOP)."""
    lock = FileLock(str(path), timeout=timeout)
    try:
        lock.acquire()
    except Timeout:
        raise LockError("lock_busy", name=path.name) from None
    except OSError as exc:
        raise LockError("lock_failed", name=path.name, reason=exc.strerror or type(exc).__name__) from None
    try:
        yield
    finally:
        lock.release()


@dataclass(frozen=True)
class FileProblems:
    """A file in the library that could not be read as a case, with every reason."""

    path: Path
    problems: list[Problem]

    @property
    def name(self) -> str:
        return self.path.name


@dataclass
class Listing:
    cases: list[Case] = field(default_factory=list)
    unreadable: list[FileProblems] = field(default_factory=list)


@dataclass(frozen=True)
class Revision:
    revision: int
    path: Path
    saved: datetime


def read_case_file(path: Path, code: ValueCode | None, *, case_id: str | None = None) -> Case:
    """Read and check one case file; raises ``ProblemsError`` with every problem.

    The case's id must equal ``case_id`` (default: the file name without ``.yaml``).
    """
    try:
        raw = read_limited(path)  # the size is checked before anything is read
    except LimitError as exc:
        raise ProblemsError([exc.problem], source=str(path)) from None
    except OSError as exc:
        raise ProblemsError(
            [Problem("", "unreadable", {"reason": exc.strerror or str(exc)})], source=str(path)
        ) from None
    data, problems = parse_yaml(raw)
    if problems:
        raise ProblemsError(problems, source=str(path))
    try:
        return parse_case(data, code, file_id=case_id or path.stem)
    except ProblemsError as exc:
        exc.source = str(path)
        raise


# Parsed cases shared by every library object in this process, keyed on the file's identity, so a
# warm listing only stats files. Values are never handed out: callers get copies.
_parsed: dict[tuple[str, int, int], Case | ProblemsError] = {}
_parsed_lock = threading.Lock()


class CaseLibrary:
    def __init__(self, folder: str | Path | None = None, code: ValueCode | None = None):
        self.folder = Path(folder) if folder is not None else library_folder()
        self.code = code if code is not None else load_code()

    def documents(self) -> FileDocuments:
        """Where drafts and sessions of this library live (``documents.FileDocuments``)."""
        from dilemmakaart.documents import FileDocuments

        return FileDocuments(self.folder)

    # ------------------------------------------------------------ paths
    def path(self, case_id: str) -> Path:
        if not ID_RE.fullmatch(case_id or ""):
            raise NotFoundError("bad_id", id=case_id)
        return self.folder / f"{case_id}.yaml"

    def _lock(self, case_id: str):
        locks = self.folder / LOCKS
        locks.mkdir(parents=True, exist_ok=True)
        return file_lock(locks / f"{case_id}.lock")

    @contextmanager
    def _save_lock(self, case_id: str):
        """The case's lock for a save: a lock that cannot be used is a problem the save page shows."""
        try:
            lock = self._lock(case_id)
            lock.__enter__()
        except LockError as exc:
            raise ProblemsError([exc.problem()]) from None
        try:
            yield
        finally:
            lock.__exit__(None, None, None)

    # ------------------------------------------------------------ reading
    def ids(self) -> list[str]:
        return sorted(p.stem for p in self._case_files())

    def _case_files(self) -> list[Path]:
        if not self.folder.is_dir():
            return []
        return [
            Path(e.path)
            for e in os.scandir(self.folder)
            if e.name.endswith(".yaml") and not e.name.startswith(".") and e.is_file()
        ]

    def _parsed(self, path: Path) -> Case | ProblemsError:
        """The cached result of reading ``path`` (shared: never mutate, never hand out)."""
        stat = path.stat()
        key = (str(path), stat.st_mtime_ns, stat.st_size)
        with _parsed_lock:
            hit = _parsed.get(key)
        if hit is None:
            try:
                hit = read_case_file(path, self.code)
            except ProblemsError as exc:
                hit = exc
            with _parsed_lock:
                if len(_parsed) > 50_000:
                    _parsed.clear()
                _parsed[key] = hit
        return hit

    def _read(self, path: Path) -> Case:
        hit = self._parsed(path)
        if isinstance(hit, ProblemsError):
            raise hit
        return hit.model_copy(deep=True)

    def exists(self, case_id: str) -> bool:
        return self.path(case_id).is_file()

    def load(self, case_id: str) -> Case:
        path = self.path(case_id)
        if not path.is_file():
            raise NotFoundError("not_found", id=case_id)
        return self._read(path)

    def case_bytes(self, case_id: str) -> bytes:
        """The case's file as it is."""
        path = self.path(case_id)
        if not path.is_file():
            raise NotFoundError("not_found", id=case_id)
        return read_limited(path)

    def list(self) -> Listing:
        with gc_paused():
            return self._list()

    def _list(self) -> Listing:
        listing = Listing()
        for path in sorted(self._case_files()):
            try:
                listing.cases.append(self._read_shared(path))
            except ProblemsError as exc:
                listing.unreadable.append(FileProblems(path, exc.problems))
            except OSError as exc:  # removed between listing and reading
                listing.unreadable.append(FileProblems(path, [Problem("", "unreadable", {"reason": str(exc)})]))
        return listing

    # ------------------------------------------------------------ one screen at a time
    def page(
        self,
        filters: Filters | None = None,
        *,
        sort: str = "updated",
        descending: bool | None = None,
        offset: int = 0,
        limit: int = PAGE_SIZE,
    ) -> Page:
        """One screen of the cases that match ``filters``, in the order of ``search.sort_cases``
        (the same interface as ``PgCaseLibrary.page``; here in memory over the shared listing)."""
        return page_of(self.list().cases, filters, sort=sort, descending=descending, offset=offset, limit=limit)

    def load_many(self, ids: Iterable[str]) -> builtins.list[Case]:
        """The cases ``ids`` in that order (those that exist and can be read), for showing only:
        shared objects, never to be changed (``load`` gives one to edit)."""
        by_id = {c.id: c for c in self.list().cases}
        return [by_id[i] for i in ids if i in by_id]

    def facets(self) -> dict[str, builtins.list[str]]:
        """The technologies and value ids that occur in the library (the filters' choices)."""
        return options(self.list().cases)

    def reviewed(self) -> builtins.list[Case]:
        """The cases whose decision has a review date (for the reminders of decisions due)."""
        return [c for c in self.list().cases if c.decision is not None and c.decision.review is not None]

    def _read_shared(self, path: Path) -> Case:
        """Like ``_read`` but hands out the cached object (no copy): for read-only summaries only."""
        hit = self._parsed(path)
        if isinstance(hit, ProblemsError):
            raise hit
        return hit

    # ------------------------------------------------------------ writing
    def save(self, case: Case, *, create: bool | None = None, base_digest: str | None = None) -> Case:
        """Write ``case`` and return it as saved (revision raised by one).

        ``case.revision`` is the revision the edit started from. ``create=True``: the id must be
        new. ``create=None``: a missing file is created, an existing one must still be at
        ``case.revision``. Anything else raises ``ConflictError`` and writes nothing.

        ``base_digest``: the ``content_digest`` of the case as it was opened. A file on disk whose
        content no longer matches it (a hand edit that kept the revision number) is a conflict too.

        A case whose content (everything but ``updated`` and ``revision``) equals the file on disk
        is not written: the case on disk comes back as it is, same revision, no history entry
        (``save_changed`` says which of the two happened).
        """
        return self.save_changed(case, create=create, base_digest=base_digest)[0]

    def save_changed(
        self, case: Case, *, create: bool | None = None, base_digest: str | None = None
    ) -> tuple[Case, bool]:
        """Like ``save``; also says whether anything was written (False: the content was the same)."""
        path = self.path(case.id)
        self.folder.mkdir(parents=True, exist_ok=True)
        with self._save_lock(case.id):
            on_disk = self._revision_on_disk(path)
            if on_disk is not None and create:
                raise ConflictError("exists", id=case.id)
            if on_disk is not None:
                current = self._content_on_disk(path)
                if current is not None and content_digest(current) == content_digest(case):
                    self._clear_leftovers(case.id)
                    return current, False  # nothing changed: nothing written
                if on_disk != case.revision:
                    raise ConflictError("moved_on", id=case.id, mine=case.revision, theirs=on_disk)
                if base_digest is not None and (current is None or content_digest(current) != base_digest):
                    raise ConflictError("changed_on_disk", id=case.id, mine=case.revision, theirs=on_disk)
            saved = case.model_copy(deep=True)
            saved.revision = (on_disk if on_disk is not None else case.revision) + 1
            saved.updated = datetime.now(UTC).astimezone().replace(microsecond=0)
            if saved.created is None:
                saved.created = saved.updated.date()
            text = writable_text(saved, self.code)  # every rule and every limit, before anything is written
            if on_disk is not None:
                self._keep_history(path, case.id, on_disk)
            atomic_write(path, text)
            self._clear_leftovers(case.id)
            return saved, True

    def _content_on_disk(self, path: Path) -> Case | None:
        """The case in ``path`` read afresh (no cache: a hand edit may keep size and time); None
        when it is not a valid case."""
        try:
            return read_case_file(path, self.code, case_id=path.stem)
        except ProblemsError:
            return None

    def _clear_leftovers(self, case_id: str) -> None:
        """Remove temporary files that a killed save of this case left behind (we hold its lock)."""
        for leftover in self.folder.glob(f".{case_id}.yaml.*.tmp"):
            leftover.unlink(missing_ok=True)

    def _revision_on_disk(self, path: Path) -> int | None:
        if not path.is_file():
            return None
        try:
            data, problems = parse_yaml(read_limited(path))
        except LimitError:
            raise ConflictError("unreadable_on_disk", id=path.stem) from None
        if problems or not isinstance(data, dict):
            raise ConflictError("unreadable_on_disk", id=path.stem)
        revision = data.get("revision", 0)
        return revision if isinstance(revision, int) and not isinstance(revision, bool) else 0

    def _keep_history(self, path: Path, case_id: str, revision: int) -> None:
        folder = self.folder / HISTORY / case_id
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / f"{revision}.yaml"
        if not target.exists():
            atomic_write(target, read_limited(path))

    def history(self, case_id: str) -> builtins.list[Revision]:  # builtins: the method list() shadows it
        """Earlier revisions of a case, oldest first (the current one is the case file itself)."""
        folder = self.folder / HISTORY / self.path(case_id).stem
        if not folder.is_dir():
            return []
        out = []
        for p in folder.glob("*.yaml"):
            if p.stem.isdigit():
                out.append(Revision(int(p.stem), p, datetime.fromtimestamp(p.stat().st_mtime)))
        return sorted(out, key=lambda r: r.revision)

    def load_revision(self, case_id: str, revision: int) -> Case:
        current = self.load(case_id)
        if current.revision == revision:
            return current
        path = self.folder / HISTORY / case_id / f"{revision}.yaml"
        if not path.is_file():
            raise NotFoundError("no_revision", id=case_id, revision=revision)
        return read_case_file(path, self.code, case_id=case_id)

    # ------------------------------------------------------------ trash
    def delete(self, case_id: str) -> Path:
        """Move the case to the trash; returns where it went."""
        path = self.path(case_id)
        with self._lock(case_id):
            if not path.is_file():
                raise NotFoundError("not_found", id=case_id)
            trash = self.folder / TRASH
            trash.mkdir(parents=True, exist_ok=True)
            stamp = datetime.now().strftime("%Y%m%dT%H%M%S%f")
            target = trash / f"{case_id}--{stamp}.yaml"
            os.replace(path, target)
            return target

    def trash(self) -> builtins.list[tuple[str, Path]]:
        """Cases in the trash as (id, file), newest first."""
        folder = self.folder / TRASH
        if not folder.is_dir():
            return []
        items = []
        for p in folder.glob("*--*.yaml"):
            parsed = trash_name(p.name)
            if parsed is not None:
                items.append((parsed[0], parsed[1], p))
        return [(cid, p) for cid, _, p in sorted(items, key=lambda item: (item[1], item[2].name), reverse=True)]

    def read_trashed(self, path: Path, case_id: str) -> Case:
        """The case in the trash under ``path`` (a name from ``trash()``)."""
        return read_case_file(self.folder / TRASH / Path(path).name, self.code, case_id=case_id)

    def restore(self, case_id: str) -> Case:
        """Bring back the newest trashed version of ``case_id``; never over an existing case."""
        path = self.path(case_id)
        with self._lock(case_id):
            if path.exists():
                raise ConflictError("exists", id=case_id)
            candidates = [p for cid, p in self.trash() if cid == case_id]
            if not candidates:
                raise NotFoundError("not_in_trash", id=case_id)
            read_case_file(candidates[0], self.code, case_id=case_id)  # only a readable case comes back
            os.replace(candidates[0], path)
        return self.load(case_id)


def case_content(case: Case) -> dict:
    """What a case says: its data as written to disk, without ``updated`` and ``revision``."""
    data = case_to_data(case)
    data.pop("updated", None)
    data.pop("revision", None)
    return data


def content_digest(case: Case) -> str:
    """A digest of ``case_content``: equal digests, equal content (the revision may differ)."""
    text = json.dumps(case_content(case), sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# ``<id>--<stamp>.yaml``. An id may itself hold "--" but never ends with "-", and the stamp holds no
# "-": so the name splits unambiguously at its LAST "--" (old names are read the same way).
_TRASH_NAME = re.compile(r"^(?P<id>.+)--(?P<stamp>[0-9]{8}T[0-9]{6,12})\.yaml$")


def trash_name(name: str) -> tuple[str, str] | None:
    """(case id, stamp) of a file name in the trash; None for a name the trash did not make."""
    found = _TRASH_NAME.fullmatch(name)
    if found is None or not ID_RE.fullmatch(found["id"]):
        return None
    return found["id"], found["stamp"]


def writable_text(case: Case, code: ValueCode | None) -> str:
    """The text ``save`` writes for ``case``, checked the way a reader will check it: every rule of
    the format and every limit of the reader (size, nodes, depth, aliases). Raises ``ProblemsError``
    (a case too large to read back gets ``case_too_large``, which says what to do)."""
    data = case_to_data(case)
    parse_case(data, code, file_id=case.id)  # every rule, with the place of each problem
    text = dump_yaml(data)
    reread, problems = parse_yaml(text.encode("utf-8"))
    if any(p.key in ("file_too_large", "too_many_nodes") for p in problems):
        size = len(text.encode("utf-8"))
        nodes = count_nodes(text)
        params = {"size": size, "nodes": nodes, "max_size": MAX_BYTES, "max_nodes": MAX_EVENTS}
        raise ProblemsError([Problem("", "case_too_large", params)])
    if problems:
        raise ProblemsError(problems)
    parse_case(reread, code, file_id=case.id)  # what a reader gets back is valid too
    return text


@contextmanager
def gc_paused():
    """Pause Python's cycle collector while many parsed cases pile up in the cache.

    Every case kept adds objects that each collection scans again, so a cold listing of 10,000
    cases spent a third of its time in the collector. Case objects hold no cycles; reference
    counting frees them as usual.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def clear_stale_temporaries(folder: Path, older_than: float = 60.0) -> int:
    """Remove the temporary files of ``atomic_write`` in ``folder`` that are older than ``older_than``
    seconds: a write takes milliseconds, so these belong to writers that were killed. For folders
    written without one lock (drafts); returns how many went."""
    if not folder.is_dir():
        return 0
    cutoff = time.time() - older_than
    gone = 0
    for leftover in folder.glob(".*.tmp"):
        with suppress(OSError):
            if leftover.stat().st_mtime < cutoff:
                leftover.unlink()
                gone += 1
    return gone


def atomic_write(path: Path, data: str | bytes) -> None:
    """Write ``data`` (text as UTF-8) so that a reader or a crash sees the old file or the new
    one, never a mix. The file is readable by others (0644), as an ordinary save would make it."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data.encode("utf-8") if isinstance(data, str) else data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        with suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    try:
        dir_fd = os.open(path.parent, os.O_RDONLY)
    except OSError:  # pragma: no cover - platforms without directory handles
        return
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)
