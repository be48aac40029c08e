"""Benchmarks: run by hand at full size, and in CI with small sizes."""


def percentile(values: list[float], share: float) -> float:
    """The value below which ``share`` of ``values`` lie (linear between neighbours)."""
    ordered = sorted(values)
    if len(ordered) == 1:
        return ordered[0]
    position = share * (len(ordered) - 1)
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)
