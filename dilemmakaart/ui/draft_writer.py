"""The draft of a slider move written beside the page, not in the page's run.

A slider move reruns a small part of the page; writing the draft (YAML of the whole case, a write
to a temporary file, ``fsync`` and a rename) was a large part of that run, and on a busy disk
``fsync`` alone took hundreds of milliseconds. Here one thread per server process writes drafts
handed to it; the run ends as soon as the page is drawn.

Nothing is lost or reordered:

- per draft only the newest version waits (an older one that was not written yet is replaced);
  versions of one draft are written in the order they were made;
- whoever reads or deletes drafts first waits until every draft handed over is on disk
  (``settle``; ``ui.state.drafts`` does this), so a reload, a save or a discard never sees an older
  draft, and a draft deleted after a save is not written again afterwards;
- a write that fails is kept as the draft's failure until asked for (``failure``): the next run
  says it in words and writes the draft again;
- at the end of the process the thread finishes what it holds (``atexit``).
"""

from __future__ import annotations

import atexit
import logging
import threading
from collections.abc import Callable

Write = Callable[[], object]


class DraftWriter:
    """One thread that writes the drafts handed to it, newest version per draft, in order."""

    def __init__(self) -> None:
        self._lock = threading.Condition()
        self._pending: dict[str, Write] = {}  # the newest write per draft, not started yet
        self._busy: set[str] = set()  # drafts being written now
        self._failed: dict[str, OSError] = {}
        self._written: set[str] = set()  # drafts whose last write went well (asked once)
        self._thread: threading.Thread | None = None

    def submit(self, key: str, write: Write) -> None:
        """Hand over ``write`` (a function that writes draft ``key``); returns at once."""
        with self._lock:
            self._pending[key] = write
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name="dilemmakaart-drafts", daemon=True)
                self._thread.start()
            self._lock.notify_all()

    def settle(self, timeout: float = 30.0) -> bool:
        """Wait until every draft handed over is written (or failed); False when ``timeout`` passed."""
        with self._lock:
            return self._lock.wait_for(lambda: not self._pending and not self._busy, timeout)

    def failure(self, key: str) -> OSError | None:
        """The error of the last write of draft ``key`` when it failed (asked once), else None."""
        with self._lock:
            return self._failed.pop(key, None)

    def written(self, key: str) -> bool:
        """The last write of draft ``key`` went well (asked once)."""
        with self._lock:
            if key in self._written:
                self._written.discard(key)
                return True
            return False

    def _next(self) -> tuple[str, Write]:
        with self._lock:
            # a draft whose older version is still being written waits: versions stay in order
            self._lock.wait_for(lambda: any(k not in self._busy for k in self._pending))
            key = next(k for k in self._pending if k not in self._busy)
            write = self._pending.pop(key)
            self._busy.add(key)
            return key, write

    def _run(self) -> None:
        while True:
            key, write = self._next()
            error: OSError | None = None
            try:
                write()
            except OSError as exc:
                error = exc
            except Exception as exc:
                logging.getLogger(__name__).exception("writing draft %s failed", key)
                error = OSError(str(exc))
            with self._lock:
                self._busy.discard(key)
                if error is None:
                    self._failed.pop(key, None)
                    self._written.add(key)
                else:
                    self._written.discard(key)
                    self._failed[key] = error
                self._lock.notify_all()


WRITER = DraftWriter()  # the server process's writer
submit, settle, failure, written = WRITER.submit, WRITER.settle, WRITER.failure, WRITER.written
atexit.register(settle)
