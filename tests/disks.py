"""A small filesystem that fills up, for the disk-fault tests (unit and end to end)."""

from __future__ import annotations

import errno
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.conftest import require_or_skip


def mount(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["mount", *args], capture_output=True, text=True)


@contextmanager
def small_tmpfs(folder: Path, size: str) -> Iterator[Path]:
    """A tmpfs of ``size`` (for example ``"1m"``) mounted at ``folder``, unmounted afterwards. Where it
    cannot be mounted the test skips with the reason, or fails when DILEMMAKAART_REQUIRE_BROWSER is set (CI)."""
    folder.mkdir(exist_ok=True)
    done = mount("-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder))
    require_or_skip(
        done.returncode == 0, f"cannot mount a small tmpfs here: {done.stderr.strip()}", "DILEMMAKAART_REQUIRE_BROWSER"
    )
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], capture_output=True)


def fill(disk: Path) -> Path:
    """Fill the filesystem to the last byte; returns the filler file (delete it to free the disk)."""
    filler = disk / "filler.bin"
    with open(filler, "wb", buffering=0) as handle:
        for size in (65536, 4096, 512, 1):
            try:
                while True:
                    handle.write(b"\0" * size)
            except OSError as exc:
                assert exc.errno == errno.ENOSPC, exc
    return filler
