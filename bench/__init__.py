"""Benchmarks: run by hand at full size, and in CI with small sizes."""

import os
import statistics
import time
from collections.abc import Callable


def percentile(values: list[float], share: float) -> float:
    """The value below which ``share`` of ``values`` lie (linear between neighbours)."""
    ordered = sorted(values)
    if len(ordered) == 1:
        return ordered[0]
    position = share * (len(ordered) - 1)
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def memory_kib(pid: int | str = "self") -> tuple[int, int]:
    """(VmRSS, VmHWM) of a process in KiB (``/proc/<pid>/status``; ``self``: this process)."""
    values = {}
    with open(f"/proc/{pid}/status", encoding="ascii") as handle:
        for line in handle:
            if line.startswith(("VmRSS:", "VmHWM:")):
                key, number = line.split()[:2]
                values[key] = int(number)
    return values.get("VmRSS:", 0), values.get("VmHWM:", 0)


def rss_mib(pid: int | str = "self") -> float:
    """The resident memory of a process in MiB."""
    return memory_kib(pid)[0] / 1024


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (``/proc/<pid>/stat``)."""
    with open(f"/proc/{pid}/stat", encoding="ascii") as handle:
        fields = handle.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime, stime


def median_ms(fn: Callable[[], object], repeat: int) -> float:
    """The median of ``repeat`` timed calls of ``fn``, in milliseconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)
