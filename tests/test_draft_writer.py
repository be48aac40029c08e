"""The draft writer beside the page (``ui/draft_writer.py``): a slider move's run hands its draft
over and ends; the newest version of each draft reaches the disk, in order, and whoever reads
drafts first waits for it; a failed write is told once and the next write clears it."""

from __future__ import annotations

import threading

from dilemmakaart.ui.draft_writer import DraftWriter


def test_the_newest_version_is_written_last_and_settle_waits_for_it():
    writer = DraftWriter()
    gate, started = threading.Event(), threading.Event()
    written: list[int] = []

    def slow(n: int):
        def write():
            started.set()
            gate.wait(5)
            written.append(n)

        return write

    writer.submit("a", slow(1))
    assert started.wait(5)  # being written (waits at the gate)
    for n in (2, 3, 4):  # handed over while 1 is busy: only the newest waits
        writer.submit("a", lambda n=n: written.append(n))
    assert not writer.settle(timeout=0.2)  # not on disk yet
    gate.set()
    assert writer.settle(timeout=5)
    assert written == [1, 4]  # in order, the last one last, the replaced ones never
    assert writer.written("a") and not writer.written("a")  # asked once


def test_a_failed_write_is_told_once_and_the_thread_lives_on():
    writer = DraftWriter()

    def full():
        raise OSError(28, "No space left on device")

    writer.submit("a", full)
    assert writer.settle(timeout=5)
    error = writer.failure("a")
    assert isinstance(error, OSError) and error.errno == 28
    assert writer.failure("a") is None and not writer.written("a")
    writer.submit("a", lambda: None)  # the next write works again
    assert writer.settle(timeout=5)
    assert writer.failure("a") is None and writer.written("a")
