"""Layout rules the report's formats share: column widths from a table's content.

Every column is at least as wide as its longest word (a date, written with no-break spaces, counts
as one word), so a word is broken only when one word alone is wider than the page allows; the room
that is left goes to the columns with the most text, none wider than its longest line.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

# measure(text, bold) -> width, in the unit of ``room``
Measure = Callable[[str, bool], float]


def fit_columns(
    columns: Sequence[str], rows: Sequence[Sequence[str]], room: float, measure: Measure, pad: float
) -> list[float]:
    """Widths for the columns of a table ``room`` wide; ``pad`` is a cell's padding, left plus right.

    When the longest words of all columns together are wider than ``room``, the columns with the
    shortest longest words (a kind, a number, a date) keep them whole; only the columns with the
    longest words (long compounds) are narrowed, to the same width."""
    n = len(columns)
    least, most, total = [0.0] * n, [0.0] * n, [0.0] * n
    for r, row in enumerate([columns, *rows]):
        for i, cell in enumerate(row):
            for line in cell.split("\n"):
                width = measure(line, r == 0)
                most[i] = max(most[i], width)
                total[i] += width
                for word in line.split(" "):
                    least[i] = max(least[i], measure(word, r == 0))
    widths = [w + pad for w in least]
    most = [w + pad for w in most]
    if sum(widths) >= room:  # even single words do not fit: only the columns with the longest words give way
        return _capped(widths, room)
    growing = {i for i in range(n) if widths[i] < most[i]}
    while growing and room - sum(widths) > 1e-6 * room:
        extra = room - sum(widths)
        weight = sum(total[i] for i in growing)
        for i in list(growing):
            share = extra * (total[i] / weight if weight else 1 / len(growing))
            if widths[i] + share >= most[i]:
                widths[i] = most[i]
                growing.discard(i)
            else:
                widths[i] += share
    if room - sum(widths) > 1e-6 * room:  # every line fits on one line: spread the rest evenly by width
        widths = [w * room / sum(widths) for w in widths]
    return widths


def _capped(widths: list[float], room: float) -> list[float]:
    """Every width at most ``cap``, with ``cap`` chosen so that the widths fill ``room`` exactly."""
    order = sorted(widths)
    below = 0.0
    for k, w in enumerate(order):
        cap = (room - below) / (len(order) - k)
        if w >= cap:
            return [min(x, cap) for x in widths]
        below += w
    return widths
