"""Layout rules the report's formats share: column widths from a table's content.

Every column is at least as wide as its longest word (a date, written with no-break spaces, counts
as one word), so a word is broken only when one word alone is wider than the page allows; the room
that is left goes to the columns with the most text, none wider than its longest line.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

# measure(text, bold) -> width, in the unit of ``room``
SHORT = 0.18  # a column whose longest line is at most this share of the room counts as short
Measure = Callable[[str, bool], float]


def fit_columns(
    columns: Sequence[str], rows: Sequence[Sequence[str]], room: float, measure: Measure, pad: float
) -> list[float]:
    """Widths for the columns of a table ``room`` wide; ``pad`` is a cell's padding, left plus right.

    When the longest words of all columns together are wider than ``room``, the columns with the
    shortest longest words (a kind, a number, a date) keep them whole; only the columns with the
    longest words (long compounds) are narrowed, to the same width."""
    n = len(columns)
    least, most = [0.0] * n, [0.0] * n
    for r, row in enumerate([columns, *rows]):
        for i, cell in enumerate(row):
            for line in cell.split("\n"):
                most[i] = max(most[i], measure(line, r == 0))
                for word in line.split(" "):
                    least[i] = max(least[i], measure(word, r == 0))
    widths = [w + pad for w in least]
    most = [w + pad for w in most]
    if sum(widths) >= room:  # even single words do not fit: only the columns with the longest words give way
        return _capped(widths, room)
    # short columns (a number, a kind, an effect in words) get their whole line first, if that fits
    short = [i for i in range(n) if most[i] <= SHORT * room]
    if sum(widths) + sum(most[i] - widths[i] for i in short) <= room:
        for i in short:
            widths[i] = most[i]
    extra = room - sum(widths)
    wish = [m - w for m, w in zip(most, widths, strict=True)]
    if sum(wish) > extra:  # as a browser lays out a table: each column gets its share of what it lacks
        return [w + extra * x / sum(wish) for w, x in zip(widths, wish, strict=True)]
    widths = most
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
