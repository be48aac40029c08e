"""The one label placer for every chart that names its points (the dilemma map, the live mini-map
on the values page, the group map of a session).

A chart gives its points in data units, the size of its plot in pixels and its font; the placer
estimates each name's box (Helvetica/Arial widths), and puts each name next to its own point where
the box

- stays inside the plot,
- covers no other name, no point (its own included) and no line of the chart (dilemma lines,
  leader lines placed before it, boxes the chart reserves such as the quadrant's own name),
- is nearer to its own point than to any other point, so it cannot be read as another's name.

When no spot next to the point is free, the name goes a little further away with a short leader
line from the name to its point; the leader runs past no other point and through no other name.
Only when even that is impossible (a plot too crowded for its names) come the last resorts: a
leader that meets its name at another spot of the name's edge (the middle of a side, a corner) to
keep clear of a point, or passes close to a point; and only when the names, tried in other orders,
cannot all be placed without, a leader through another point. Failing all that, the least bad spot
is taken.

The result is data (``Label``: the anchor in data units, the text alignment, the box in pixels and
the leader in data units), so a chart draws it and a test can check it.

Text is drawn with ``baseline="top"``: a name of n lines fills ``font + line_height * (n - 1)``
pixels downwards from its anchor; ``align`` says whether the anchor is the box's left edge, its
middle or its right edge.
"""

from __future__ import annotations

import functools
import math
import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from enum import IntEnum, auto

import numpy as np

# Advance widths of Helvetica (= Arial, Liberation Sans) in thousandths of the font size
_WIDTHS = {
    **dict.fromkeys("ijl", 222),
    **dict.fromkeys("ft/:;.,!I ", 278),
    "'": 191,
    '"': 355,
    **dict.fromkeys("r-()[]`", 333),
    **dict.fromkeys("cksvxyzJ*", 500),
    **dict.fromkeys("abdeghnopqu0123456789L?$#_", 556),
    **dict.fromkeys("FTZ", 611),
    **dict.fromkeys("ABEKPSVXY&", 667),
    **dict.fromkeys("CDHNRUw", 722),
    **dict.fromkeys("GOQ", 778),
    **dict.fromkeys("mM", 833),
    "W": 944,
    "%": 889,
    "@": 1015,
    "·": 278,
    "↔": 1000,
}
_BOLD = 1.07  # Helvetica Bold is about this much wider
_SAFETY = 1.04  # other sans-serif fonts run a little wider
RETRIES = 4  # passes after the first when a name found no spot, or only one whose leader runs through a point


class Leniency(IntEnum):
    """How a phase of the placer treats a leader that passes another point (``_leader_cost``)."""

    STRICT = 0  # it keeps clear of every other point
    CLOSE = auto()  # the last resorts: it may pass close to one, not through it
    THROUGH = auto()  # through one, at a higher cost
    AS_BEFORE = auto()  # close or through at the same cost, to the nearest spot of the name only (a
    # last search when a name found no spot at all otherwise)


LAST_RESORTS = {"relaxed": Leniency.CLOSE, "through": Leniency.THROUGH}  # the phases after "wide", and their leniency
STEEP = 0.6  # a leader to another spot of its name's edge comes in at least this steep (about 31°)
NEARER = 600  # the cost of a name (with a leader) that sits nearer to another point than to its own
SCAN_REACH = 200  # pixels: how far from its point a name with a leader may go
PAD = 2.0  # pixels round a name's glyphs (the white halo drawn behind names)


def text_width(text: str, font_size: float, *, bold: bool = False) -> float:
    """The estimated width in pixels of one line of ``text``."""
    total = 0
    for ch in text:
        width = _WIDTHS.get(ch)
        if width is None:
            base = unicodedata.normalize("NFKD", ch)[:1]  # é -> e
            width = _WIDTHS.get(base, 600 if unicodedata.east_asian_width(ch) not in "WF" else 1000)
        total += width
    return total / 1000 * font_size * (_BOLD if bold else 1.0) * _SAFETY


def text_box_size(text: str, font_size: float, line_height: float, *, bold: bool = False) -> tuple[float, float]:
    """Width and height in pixels of a name (lines split at ``\\n``), its halo included."""
    lines = text.split("\n")
    width = max(text_width(line, font_size, bold=bold) for line in lines)
    return width + 2 * PAD, font_size + line_height * (len(lines) - 1) + 2 * PAD


def box_of(
    anchor: tuple[float, float], align: str, text: str, font_size: float, line_height: float, *, bold: bool = False
) -> tuple[float, float, float, float]:
    """The box (pixels, y down) of a name drawn at the pixel ``anchor`` with ``align`` and baseline top."""
    w, h = text_box_size(text, font_size, line_height, bold=bold)
    x, y = anchor
    x0 = x - PAD if align == "left" else x - w + PAD if align == "right" else x - w / 2
    return (x0, y - PAD, x0 + w, y - PAD + h)


def wrap_label(text: str, width: int = 16) -> str:
    """Break a name into lines of about ``width`` characters at spaces; only a word far longer than
    ``width`` is cut with a hyphen."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        while len(word) > width + 8:
            head, word = word[: width - 1] + "-", word[width - 1 :]
            if line:
                lines.append(line)
                line = ""
            lines.append(head)
        if not line:
            line = word
        elif len(line) + 1 + len(word) <= width:
            line = f"{line} {word}"
        else:
            lines.append(line)
            line = word
    if line:
        lines.append(line)
    return "\n".join(lines)


NARROW = 280  # pixels: the narrowest chart, a 320 px wide screen less the page's margins (WCAG 1.4.10)
# pixels a title's or subtitle's line may take: in the browser Vega still cut lines at about 240 px
# of a 288 px chart (with "…", whatever the title's limit), so titles are wrapped well inside that
TITLE_WIDTH = 225


def fit_lines(
    text: str, font_size: float, max_px: float = NARROW, *, bold: bool = False, hyphenate: bool = False
) -> list[str]:
    """``text`` as lines no wider than ``max_px`` pixels, broken at spaces and, in a word too wide on
    its own, after its hyphens (its own line breaks kept). A part still too wide keeps a line of its
    own, or with ``hyphenate`` is broken with a hyphen where the line is full: nothing is dropped."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for word in paragraph.split():
            parts = [word]
            if "-" in word.strip("-") and text_width(word, font_size, bold=bold) > max_px:
                parts = [p for p in re.split(r"(?<=-)(?=.)", word) if p]
            if hyphenate:
                parts = [piece for part in parts for piece in _hyphenated(part, font_size, max_px, bold)]
            for k, part in enumerate(parts):
                candidate = (line + part if k else f"{line} {part}") if line else part
                if line and text_width(candidate, font_size, bold=bold) > max_px:
                    lines.append(line)
                    line = part
                else:
                    line = candidate
        lines.append(line)
    return lines


def by_plot_width(values: Sequence[object], plots: Sequence[float], wide_from: float, wide: object) -> str:
    """A Vega expression on a chart's plot ``width`` (known only in the browser) that picks what
    belongs to the layout drawn at that width: ``values[k]`` for the narrow layout whose names were
    placed for ``plots[k]`` pixels (ascending), from that width until the next layout's (the first
    also below its own), else ``wide``, the chart's own layout, from ``wide_from`` pixels on. The
    one rule for every chart with narrow layouts (the dilemma map, the live mini-map)."""
    uptos = (*plots[1:], wide_from)
    return "".join(f"width < {upto} ? {value} : " for value, upto in zip(values, uptos, strict=True)) + str(wide)


def title_text(lines: list[str]) -> str | list[str]:
    """A title's lines as Vega takes them: one line as a plain string, more as a list."""
    return lines[0] if len(lines) == 1 else lines


def _hyphenated(word: str, font_size: float, max_px: float, bold: bool) -> list[str]:
    """``word`` in pieces that each fit ``max_px`` pixels, every piece but the last ending in "-"
    (at least two letters a piece, so a very narrow room still makes progress; the last at least four)."""
    pieces: list[str] = []
    while text_width(word, font_size, bold=bold) > max_px and len(word) > 3:
        cut = 2
        while cut < len(word) - 1 and text_width(word[: cut + 1] + "-", font_size, bold=bold) <= max_px:
            cut += 1
        cut = max(2, min(cut, len(word) - 4))  # no tail of one or two letters on a line of its own
        pieces.append(word[:cut] + "-")
        word = word[cut:]
    return [*pieces, word]


@dataclass(frozen=True)
class Plot:
    """The plot area of a chart: its domains (data units) and its size in pixels (y grows down)."""

    x_domain: tuple[float, float]
    y_domain: tuple[float, float]
    width: float
    height: float

    def px(self, x: float, y: float) -> tuple[float, float]:
        (x0, x1), (y0, y1) = self.x_domain, self.y_domain
        return (x - x0) / (x1 - x0) * self.width, self.height - (y - y0) / (y1 - y0) * self.height

    def data(self, px: float, py: float) -> tuple[float, float]:
        (x0, x1), (y0, y1) = self.x_domain, self.y_domain
        return x0 + px / self.width * (x1 - x0), y0 + (self.height - py) / self.height * (y1 - y0)


@dataclass(frozen=True)
class Label:
    """Where one name goes. ``x``, ``y``: the anchor in data units (baseline top); ``align``:
    "left", "center" or "right"; ``box``: the name's box in pixels (x0, y0, x1, y1, y down);
    ``leader``: (x, y, x2, y2) in data units from the point to the name's edge, or None."""

    key: str
    text: str
    x: float
    y: float
    align: str
    box: tuple[float, float, float, float]
    leader: tuple[float, float, float, float] | None = None


Box = tuple[float, float, float, float]
Segment = tuple[float, float, float, float]


def spread_same_spot(spots: Sequence[tuple[float, float]], step: float) -> list[float]:
    """Sideways offsets (in the units of ``step``) that set points on the same spot side by side,
    centred on the spot, in the given order; a point alone keeps offset 0."""
    groups: dict[tuple[float, float], list[int]] = {}
    for i, spot in enumerate(spots):
        groups.setdefault((round(spot[0], 6), round(spot[1], 6)), []).append(i)
    offsets = [0.0] * len(spots)
    for members in groups.values():
        n = len(members)
        for k, i in enumerate(members):
            offsets[i] = (k - (n - 1) / 2) * step
    return offsets


def _overlap(a: Box, b: Box, margin: float = 0.0) -> bool:
    return a[0] < b[2] + margin and b[0] < a[2] + margin and a[1] < b[3] + margin and b[1] < a[3] + margin


def _point_box_distance(p: tuple[float, float], box: Box) -> float:
    return math.hypot(max(box[0] - p[0], 0.0, p[0] - box[2]), max(box[1] - p[1], 0.0, p[1] - box[3]))


def segment_hits_box(seg: Segment, box: Box, margin: float = 0.0) -> bool:
    """Whether the segment (x, y, x2, y2) runs through ``box`` grown by ``margin`` (Liang–Barsky)."""
    x0, y0, x1, y1 = box[0] - margin, box[1] - margin, box[2] + margin, box[3] + margin
    ax, ay, bx, by = seg
    if (ax < x0 and bx < x0) or (ax > x1 and bx > x1) or (ay < y0 and by < y0) or (ay > y1 and by > y1):
        return False
    dx, dy = bx - ax, by - ay
    lo, hi = 0.0, 1.0
    for p, q in ((-dx, ax - x0), (dx, x1 - ax), (-dy, ay - y0), (dy, y1 - ay)):
        if p == 0:
            if q < 0:
                return False
            continue
        r = q / p
        if p < 0:
            lo = max(lo, r)
        else:
            hi = min(hi, r)
        if lo > hi:
            return False
    return True


def segment_point_distance(p: tuple[float, float], seg: Segment) -> float:
    ax, ay, bx, by = seg
    dx, dy = bx - ax, by - ay
    share = 0.0 if dx == dy == 0 else max(0.0, min(1.0, ((p[0] - ax) * dx + (p[1] - ay) * dy) / (dx * dx + dy * dy)))
    return math.hypot(p[0] - (ax + share * dx), p[1] - (ay + share * dy))


def place_labels(
    points: Sequence[tuple[str, float, float, str]],
    plot: Plot,
    *,
    font_size: float,
    line_height: float | None = None,
    bold: bool = False,
    dot_radius: float,
    segments: Sequence[Segment] = (),
    reserved: Sequence[Box] = (),
    wrap: int = 18,
    divider_x: float | None = None,
) -> list[Label]:
    """A ``Label`` for each point ``(key, x, y, name)`` (data units), in the given order.

    ``segments``: lines of the chart in data units (x, y, x2, y2) that no name may cross;
    ``reserved``: boxes in pixels that no name may cover (a title inside the plot);
    ``divider_x``: a vertical line (data units) a name had better not straddle.

    The same question gets the kept answer (a page redrawn after a click elsewhere, a slider
    moved back).
    """
    return list(
        _place(
            tuple((str(k), float(x), float(y), str(n)) for k, x, y, n in points),
            plot,
            float(font_size),
            None if line_height is None else float(line_height),
            bold,
            float(dot_radius),
            tuple(tuple(map(float, seg)) for seg in segments),
            tuple(tuple(map(float, b)) for b in reserved),
            wrap,
            divider_x,
        )
    )


@functools.lru_cache(maxsize=256)
def _place(
    points: tuple[tuple[str, float, float, str], ...],
    plot: Plot,
    font_size: float,
    line_height: float | None,
    bold: bool,
    dot_radius: float,
    segments: tuple[Segment, ...],
    reserved: tuple[Box, ...],
    wrap: int,
    divider_x: float | None,
) -> tuple[Label, ...]:
    """The work of ``place_labels`` (its arguments made hashable), kept per question."""
    lh = line_height if line_height is not None else font_size + 2
    dots = [plot.px(x, y) for _, x, y, _ in points]
    lines = [(*plot.px(s[0], s[1]), *plot.px(s[2], s[3])) for s in segments]
    gap = dot_radius + 3
    keep = dot_radius + 1.5  # a name keeps this far from the centre of any point
    divider = plot.px(divider_x, plot.y_domain[0])[0] if divider_x is not None else None
    variants = []
    for _, _, _, name in points:
        forms = [wrap_label(name, wrap)]
        if "\n" in forms[0]:
            forms.append(" ".join(name.split()))
        variants.append([(text, text_box_size(text, font_size, lh, bold=bold)) for text in forms])

    def one_pass(
        order: list[int], resorts: dict[str, Leniency] = LAST_RESORTS
    ) -> tuple[dict[int, Label], tuple[int, int, int, int, float], list[int]]:
        """Place the names greedily in ``order``; the score counts what went wrong (names with no
        free spot, leaders through another point, names far out that sit nearer another point,
        leaders, and the total cost) and which names those were."""
        boxes: list[Box] = list(reserved)
        leaders: list[Segment] = []
        out: dict[int, Label] = {}
        failed, through, misleading, led, total, trouble = 0, 0, 0, 0, 0.0, []
        for i in order:
            cx, cy = dots[i]
            covered = min(cx, cy, plot.width - cx, plot.height - cy) + SCAN_REACH >= max(plot.width, plot.height)
            best: tuple[float, Box, str, bool, float, tuple[float, float]] | None = None
            # next to the point; then a little further out with a leader; then anywhere, nearest first;
            # the last resorts (a plot too crowded for its names): anywhere with a leader that passes
            # close to another point, and only when that fails too, through one
            for phase in ("near", "ring", "scan", "wide", *resorts):
                if phase == "wide" and covered:
                    continue  # the scan round the point reached every edge already
                if phase == "through" and best is not None:
                    break  # (a spot found before is better than any whose leader runs through a point)
                for v, (text, (w, h)) in enumerate(variants[i]):
                    if phase not in ("near", "ring"):  # (the scan, the wide scan and the last resorts)
                        reach = SCAN_REACH if phase == "scan" else math.inf
                        found = _scan(cx, cy, w, h, plot, reach, boxes, dots, keep)  # (nearer counted)
                        spots = ((cost, box, True, extra) for cost, box, extra in found)
                    else:
                        near = _candidates(cx, cy, w, h, gap, plot, variant=v, far=phase == "ring")
                        spots = ((cost, box, far, 0.0) for cost, box, far in near)
                    for cost, box, far, extra in spots:
                        if best is not None and cost >= best[0]:
                            break  # (the spots come cheapest first: none after this one can win)
                        checked = _check(
                            i,
                            box,
                            far,
                            dots,
                            lines,
                            boxes,
                            leaders,
                            plot,
                            keep,
                            dot_radius,
                            leniency=resorts.get(phase, Leniency.STRICT),
                            nearer_cost=phase == "ring",
                        )
                        if checked is None:
                            continue
                        penalty, end = checked
                        penalty += extra  # (what the scan counted already: names nearer another point)
                        cost -= extra
                        if divider is not None and box[0] < divider < box[2]:
                            penalty += 8  # a name across the middle line reads as on the wrong side
                        if best is None or cost + penalty < best[0]:
                            best = (cost + penalty, box, text, far, penalty, end)
                if best is not None and best[4] < NEARER:
                    break
            if best is None:  # nothing satisfies the hard rules (a plot too small for its names)
                text, (w, h) = variants[i][-1]
                box = _inside((cx + gap, cy - h / 2, cx + gap + w, cy + h / 2), plot)
                best = (5000.0, box, text, False, 5000.0, (cx, cy))
                failed += 1
                trouble.append(i)
            elif best[4] >= NEARER:
                misleading += 1
                trouble.append(i)
            cost, box, text, far, _, (ex, ey) = best
            total += cost
            boxes.append(box)
            leader = None
            if far:
                led += 1
                leaders.append((cx, cy, ex, ey))
                leader = (*plot.data(cx, cy), *plot.data(ex, ey))
                if any(j != i and segment_point_distance(d, leaders[-1]) < dot_radius for j, d in enumerate(dots)):
                    through += 1  # (the last resort: a leader through another point)
                    if i not in trouble:  # (its penalty made it misleading as well: once in the order)
                        trouble.append(i)
            align, ax = _align(box, cx)
            x, y = plot.data(ax, box[1] + PAD)
            out[i] = Label(key=points[i][0], text=text, x=x, y=y, align=align, box=box, leader=leader)
        return out, (failed, through, misleading, led, total), trouble

    def crowding(i: int) -> tuple[int, float]:
        near = sum(1 for j, d in enumerate(dots) if j != i and math.dist(d, dots[i]) < 80)
        return (-near, -points[i][2])

    # most crowded first; when a name finds no spot at all: least crowded first (in a row of
    # points on one spot the outer names then take the low steps of a staircase of leaders), then
    # the names that found none first
    order = sorted(range(len(points)), key=crowding)
    by_x = sorted(range(len(points)), key=lambda i: dots[i][0])
    orders = [order[::-1], by_x[::-1], by_x]  # (in a row on an edge the names climb a staircase)

    def search(resorts: dict[str, Leniency]) -> tuple[dict[int, Label], tuple[int, int, int, int, float]]:
        """The best of up to ``RETRIES + 1`` passes in different orders."""
        best_pass = None
        now = order
        for attempt in range(RETRIES + 1):
            placed, score, trouble = one_pass(now, resorts)
            if best_pass is None or score < best_pass[1]:
                best_pass = (placed, score)
            if not score[0] and not score[1]:  # every name found a spot, and no leader runs through a point
                break
            now = orders[attempt] if attempt < len(orders) else trouble + [i for i in now if i not in trouble]
        assert best_pass is not None
        return best_pass

    best_pass = search(LAST_RESORTS)
    if best_pass[1][0]:  # a name found no spot: the search again, with the last resort of before
        best_pass = min(best_pass, search({"relaxed": Leniency.AS_BEFORE}), key=lambda found: found[1])
    return tuple(best_pass[0][i] for i in range(len(points)))


def _align(box: Box, cx: float) -> tuple[str, float]:
    """Anchor a name on the edge next to its point (so a wider plot only widens the gap a little)."""
    if box[0] >= cx:
        return "left", box[0] + PAD
    if box[2] <= cx:
        return "right", box[2] - PAD
    return "center", (box[0] + box[2]) / 2


def _inside(box: Box, plot: Plot) -> Box:
    w, h = box[2] - box[0], box[3] - box[1]
    x0 = min(max(box[0], 0.0), max(plot.width - w, 0.0))
    y0 = min(max(box[1], 0.0), max(plot.height - h, 0.0))
    return (x0, y0, x0 + w, y0 + h)


def _candidates(
    cx: float, cy: float, w: float, h: float, gap: float, plot: Plot, *, variant: int, far: bool
) -> list[tuple[float, Box, bool]]:
    """Spots next to the point (cost = preference), or (``far``) a little further out, all round,
    for a name with a leader line."""
    right = cx >= plot.width * 0.62  # near the right edge names go left first
    side = [(cx + gap, cy - h / 2), (cx - gap - w, cy - h / 2)]
    if right:
        side.reverse()
    near = [
        *side,
        (cx - w / 2, cy - gap - h),  # above
        (cx - w / 2, cy + gap),  # below
        (side[0][0], cy - h + 4),  # beside, a little up
        (side[0][0], cy - 4),  # beside, a little down
        (side[1][0], cy - h + 4),
        (side[1][0], cy - 4),
        (cx + gap * 0.7, cy - gap * 0.7 - h),  # diagonals
        (cx - gap * 0.7 - w, cy - gap * 0.7 - h),
        (cx + gap * 0.7, cy + gap * 0.7),
        (cx - gap * 0.7 - w, cy + gap * 0.7),
        # beside, moved up or down just enough to stay inside the plot (a point on its edge)
        (side[0][0], min(max(cy - h / 2, 0.0), plot.height - h)),
        (side[1][0], min(max(cy - h / 2, 0.0), plot.height - h)),
    ]
    # (a spot past the plot's edge is left out at once: ``_check`` would refuse it)
    width, height = plot.width, plot.height
    if not far:
        return [
            (k * 3.0 + variant * 20, (x, y, x + w, y + h), False)
            for k, (x, y) in enumerate(near)
            if x >= 0 and y >= 0 and x + w <= width and y + h <= height
        ]
    out = []
    for step in range(1, 6):  # further out, all round, with a leader line
        reach = gap + 22 * step
        for angle, (ux, uy) in _ROUND:
            bx, by = cx + ux * (reach + w / 2), cy + uy * (reach + h / 2)
            box = (bx - w / 2, by - h / 2, bx + w / 2, by + h / 2)
            if box[0] >= 0 and box[1] >= 0 and box[2] <= width and box[3] <= height:
                out.append((100 + step * 40 + variant * 20 + angle / 360, box, True))
    return out


# the directions round a point, every 20 degrees (y down)
_ROUND = [(angle, (math.cos(math.radians(angle)), -math.sin(math.radians(angle)))) for angle in range(0, 360, 20)]


def _scan(
    cx: float,
    cy: float,
    w: float,
    h: float,
    plot: Plot,
    reach: float,
    boxes: Sequence[Box] = (),
    dots: Sequence[tuple[float, float]] = (),
    keep: float = 0.0,
) -> Iterator[tuple[float, Box, float]]:
    """Spots on a grid round the point (within ``reach`` pixels), nearest first (cost =
    distance); besides the grid, boxes whose edge is just past the point, so a leader can run
    straight up or down beside the names of neighbours. Spots that overlap a name in ``boxes`` or
    come closer than ``keep`` to a point in ``dots`` are left out at once (numpy, all together).
    Given one at a time: the placer stops at the first spot too dear to win."""
    step = 11.0
    x_lo, x_hi = max(cx - reach - w, 0.0), min(cx + reach, plot.width - w)
    y_lo, y_hi = max(cy - reach - h, 0.0), min(cy + reach, plot.height - h)
    if x_hi < x_lo or y_hi < y_lo:
        return
    xs = list(np.arange(x_lo, x_hi + 1e-9, step))
    xs += [x for x in (cx - w + PAD + 1, cx - PAD - 1) if x_lo <= x <= x_hi]
    ys = list(np.arange(y_lo, y_hi + 1e-9, step))
    ys += [y for y in (cy - h - PAD - 1, cy + PAD + 1) if y_lo <= y <= y_hi]
    gx, gy = np.meshgrid(np.array(xs, dtype=float), np.array(ys, dtype=float))
    x0, y0 = gx.ravel(), gy.ravel()
    x1, y1 = x0 + w, y0 + h
    free = np.ones(x0.shape, dtype=bool)
    # (each spot against every name and every point at once: a column per name, per point)
    sx0, sy0, sx1, sy1 = x0[:, None], y0[:, None], x1[:, None], y1[:, None]
    if boxes:
        b = np.array(boxes, dtype=float)
        free &= ~((sx0 < b[:, 2] + 1) & (b[:, 0] < sx1 + 1) & (sy0 < b[:, 3] + 1) & (b[:, 1] < sy1 + 1)).any(axis=1)
    px, py = np.array([d[0] for d in dots], dtype=float), np.array([d[1] for d in dots], dtype=float)
    if dots:
        dx = np.maximum(np.maximum(sx0 - px, 0.0), px - sx1)
        dy = np.maximum(np.maximum(sy0 - py, 0.0), py - sy1)
        free &= (np.hypot(dx, dy) >= keep).all(axis=1)
    x0, y0, x1, y1 = x0[free], y0[free], x1[free], y1[free]
    dx = np.maximum(np.maximum(x0 - cx, 0.0), cx - x1)
    dy = np.maximum(np.maximum(y0 - cy, 0.0), cy - y1)
    own = np.hypot(dx, dy)
    # a name nearer to another point than to its own costs as much here as in ``_check``
    others = ~((px == cx) & (py == cy))
    px, py = px[others], py[others]
    sx0, sy0, sx1, sy1 = x0[:, None], y0[:, None], x1[:, None], y1[:, None]
    ox = np.maximum(np.maximum(sx0 - px, 0.0), px - sx1)
    oy = np.maximum(np.maximum(sy0 - py, 0.0), py - sy1)
    nearer = (np.hypot(ox, oy) < (own + 3)[:, None]).sum(axis=1).astype(float)
    extra = NEARER * nearer
    cost = 300 + own + extra
    order = np.argsort(cost, kind="stable")
    for start in range(0, len(order), 32):  # (a few at a time: the placer mostly stops early)
        part = order[start : start + 32]
        columns = (cost[part], x0[part], y0[part], x1[part], y1[part], extra[part])
        for c, a, b, a1, b1, e in zip(*(column.tolist() for column in columns), strict=True):
            yield c, (a, b, a1, b1), e


def _check(
    i: int,
    box: Box,
    far: bool,
    dots: list[tuple[float, float]],
    lines: list[Segment],
    boxes: list[Box],
    leaders: list[Segment],
    plot: Plot,
    keep: float,
    radius: float,
    *,
    leniency: Leniency = Leniency.STRICT,
    nearer_cost: bool = True,
) -> tuple[float, tuple[float, float]] | None:
    """None when ``box`` breaks a hard rule; else a penalty (0 is a perfect spot) and, for a name
    ``far`` from its point, where its leader meets the name. ``leniency``: what the phase allows
    a leader that passes another point (``Leniency``)."""
    x0, y0, x1, y1 = box
    if x0 < 0 or y0 < 0 or x1 > plot.width or y1 > plot.height:
        return None
    for b in boxes:
        if x0 < b[2] + 1 and b[0] < x1 + 1 and y0 < b[3] + 1 and b[1] < y1 + 1:
            return None
    # (the rules refuse a spot in any order: the ones that refuse most, cheapest first)
    cx, cy = dots[i]
    led: tuple[Segment, float] | None = ((cx, cy, cx, cy), 0.0)
    # the leader first: it is what most often finds no way through (the last resorts try several)
    if far and not leniency and (led := _leader_for(i, box, dots, boxes, radius, Leniency.STRICT)) is None:
        return None
    bx0, by0, bx1, by1 = x0 - 1.0, y0 - 1.0, x1 + 1.0, y1 + 1.0
    for s in (*lines, *leaders):
        # (what ``segment_hits_box`` tests first, here: most lines are far from the name)
        if (s[0] < bx0 and s[2] < bx0) or (s[0] > bx1 and s[2] > bx1):
            continue
        if (s[1] < by0 and s[3] < by0) or (s[1] > by1 and s[3] > by1):
            continue
        if segment_hits_box(s, box, 1.0):
            return None
    distances = []
    for px, py in dots:
        # (the distance from the box: what max(x0 - px, 0, px - x1) and the same in y give, faster)
        dx = x0 - px if x0 > px else px - x1 if px > x1 else 0.0
        dy = y0 - py if y0 > py else py - y1 if py > y1 else 0.0
        dist = math.hypot(dx, dy)
        if dist < keep:
            return None
        distances.append(dist)
    own = distances[i]
    nearer = sum(1 for j, dist in enumerate(distances) if j != i and dist < own + 3)
    if far and leniency:  # (the last resorts try several leaders: after the cheaper rules)
        led = _leader_for(i, box, dots, boxes, radius, leniency)
    if led is None:
        return None
    leader, penalty = led
    ex, ey = leader[2], leader[3]
    if not far:
        if nearer:
            return None
    else:
        # a leader straight up, down or sideways reads best (and leaves room for the next one)
        penalty += 0.5 * min(abs(ex - cx), abs(ey - cy))
        # a name far out should still not sit nearer to another point than to its own
        if nearer_cost:
            penalty += NEARER * nearer
        penalty += 40 * sum(1 for s in lines if _segments_cross(leader, s))
    return penalty, (leader[2], leader[3])


def _leader_for(
    i: int, box: Box, dots: list[tuple[float, float]], boxes: list[Box], radius: float, leniency: Leniency
) -> tuple[Segment, float] | None:
    """The leader from point ``i`` to its name's ``box`` and its cost (``_leader_cost``): to the
    nearest spot on the name's edge; in the last resorts (``leniency``), when that way is blocked,
    to another spot on the edge that faces the point. None when there is no way."""
    cx, cy = dots[i]
    x0, y0, x1, y1 = box
    nearest = (cx, cy, min(max(cx, x0), x1), min(max(cy, y0), y1))
    for leader in _leader_ways(cx, cy, box) if leniency in (Leniency.CLOSE, Leniency.THROUGH) else (nearest,):
        cost = _leader_cost(i, leader, dots, boxes, radius, leniency)
        if cost is not None:
            return leader, cost
    return None


def _leader_ways(cx: float, cy: float, box: Box) -> list[Segment]:
    """Leaders from the point ``(cx, cy)`` to the name's ``box``: to the nearest spot on its edge
    first, then to the middles of its sides and its corners that face the point (a leader never
    runs across its own name), shortest first."""
    x0, y0, x1, y1 = box
    nearest = (min(max(cx, x0), x1), min(max(cy, y0), y1))
    mx, my = (x0 + x1) / 2, (y0 + y1) / 2

    def steep(end: tuple[float, float], across: str) -> bool:
        # a leader that meets a top or bottom edge (``across`` "y") or a side ("x") at a flat angle
        # runs along the name and reads as underlining it: it must come in at STEEP or steeper
        dx, dy = abs(cx - end[0]), abs(cy - end[1])
        return dy >= STEEP * dx if across == "y" else dx >= STEEP * dy

    above, below, before, after = cy <= y0, cy >= y1, cx <= x0, cx >= x1  # where the point is
    others = [
        end
        for end, faces in (
            ((mx, y0), above and steep((mx, y0), "y")),
            ((mx, y1), below and steep((mx, y1), "y")),
            ((x0, my), before and steep((x0, my), "x")),
            ((x1, my), after and steep((x1, my), "x")),
            ((x0, y0), (above and steep((x0, y0), "y")) or (before and steep((x0, y0), "x"))),
            ((x1, y0), (above and steep((x1, y0), "y")) or (after and steep((x1, y0), "x"))),
            ((x0, y1), (below and steep((x0, y1), "y")) or (before and steep((x0, y1), "x"))),
            ((x1, y1), (below and steep((x1, y1), "y")) or (after and steep((x1, y1), "x"))),
        )
        if faces and end != nearest
    ]
    others.sort(key=lambda end: math.dist(end, (cx, cy)))
    return [(cx, cy, *end) for end in (nearest, *others)]


def _leader_cost(
    i: int, leader: Segment, dots: list[tuple[float, float]], boxes: list[Box], radius: float, leniency: Leniency
) -> float | None:
    """None when ``leader`` (of point ``i``) crosses a name or passes another point closer than
    ``leniency`` allows; else the cost of the points it passes (1000 for each it passes close to or,
    as before, through; 3000 for each it runs through)."""
    cx, cy, ex, ey = leader
    left, right, top, bottom = min(cx, ex), max(cx, ex), min(cy, ey), max(cy, ey)
    for b in boxes:
        # (what ``segment_hits_box`` tests first, here: most boxes are far from the leader)
        if right < b[0] - 0.5 or left > b[2] + 0.5 or bottom < b[1] - 0.5 or top > b[3] + 0.5:
            continue
        if segment_hits_box(leader, b, 0.5):
            return None
    clear = radius + 2  # a leader passes no other point
    cost = 0.0
    for j, d in enumerate(dots):
        if j != i and left - clear < d[0] < right + clear and top - clear < d[1] < bottom + clear:
            passing = segment_point_distance(d, leader)
            if passing < clear:
                through = passing < radius
                if leniency < (Leniency.THROUGH if through else Leniency.CLOSE):
                    return None
                cost += 3000 if through and leniency == Leniency.THROUGH else 1000
    return cost


def _segments_cross(a: Segment, b: Segment) -> bool:
    def orient(p: tuple[float, float], q: tuple[float, float], r: tuple[float, float]) -> float:
        return (q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0])

    p1, p2, p3, p4 = (a[0], a[1]), (a[2], a[3]), (b[0], b[1]), (b[2], b[3])
    d1, d2, d3, d4 = orient(p3, p4, p1), orient(p3, p4, p2), orient(p1, p2, p3), orient(p1, p2, p4)
    return (d1 * d2 < 0) and (d3 * d4 < 0)
