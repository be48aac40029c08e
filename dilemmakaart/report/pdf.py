"""The report as an A4 PDF (fpdf2), in DejaVu Sans so that ë, é, ï, dashes and curly quotes print.

Charts are embedded as high-resolution PNG (3× their pixel size, about 250 dpi at printed width);
every page after the first has a header with the title and date, every page a page number.
Text is written as text: fpdf2's markdown is never switched on.
"""

from __future__ import annotations

import io
import logging
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from fpdf import FPDF, FontFace
from fpdf.enums import TableCellFillMode

from dilemmakaart.i18n import t
from dilemmakaart.report.blocks import Bullets, Facts, Figure, Heading, PageBreak, Para, Report, Table
from dilemmakaart.report.layout import fit_columns

FONT_DIRS = [Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/dejavu")]
FONT = "DejaVu"
NARROW = "DejaVuCondensed"  # tables: more words per column
ACCENT = (11, 61, 102)
INK = (26, 26, 26)
MUTED = (77, 77, 77)
LINE = (200, 200, 200)
HEAD_FILL = (235, 239, 243)
MARGIN = 20  # mm
BODY = 10  # pt

logging.getLogger("fpdf").setLevel(logging.ERROR)  # a missing glyph (emoji) is not worth a warning line
logging.getLogger("fontTools").setLevel(logging.ERROR)


class FontMissing(RuntimeError):
    pass


def font_dir() -> Path:
    for folder in FONT_DIRS:
        if (folder / "DejaVuSans.ttf").is_file():
            return folder
    raise FontMissing("DejaVu Sans not found: install the Debian package fonts-dejavu-core")


SYMBOL_FONTS = [
    Path("/usr/share/fonts/truetype/ancient-scripts/Symbola_hint.ttf"),
    Path("/usr/share/fonts/truetype/symbola/Symbola.ttf"),
]


def symbol_font() -> Path | None:
    return next((p for p in SYMBOL_FONTS if p.is_file()), None)


@lru_cache(maxsize=1)
def _dejavu_characters() -> frozenset[int]:
    from fontTools.ttLib import TTFont

    with TTFont(str(font_dir() / "DejaVuSans.ttf"), lazy=True) as font:
        return frozenset(font.getBestCmap())


def beyond_dejavu(text: str) -> bool:
    """Characters DejaVu Sans cannot draw (most emoji): only then load the (slow) fallback font."""
    return bool(missing_characters(text))


def missing_characters(text: str, fallback: Path | None = None) -> list[str]:
    """The characters of ``text`` that DejaVu Sans (and the ``fallback`` font, if given) cannot draw."""
    missing = sorted(
        ch for ch in set(text) if ord(ch) > 0x24F and not ch.isspace() and ord(ch) not in _dejavu_characters()
    )
    if missing and fallback is not None:
        have = _font_characters(str(fallback))
        missing = [ch for ch in missing if ord(ch) not in have]
    return [ch for ch in missing if unicodedata.category(ch)[0] != "M" and ch not in "\u200d\ufe0f\ufe0e"]


@lru_cache(maxsize=2)
def _font_characters(path: str) -> frozenset[int]:
    from fontTools.ttLib import TTFont

    with TTFont(path, lazy=True) as font:
        return frozenset(font.getBestCmap())


class _ReportPDF(FPDF):
    def __init__(self, report: Report) -> None:
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.report = report
        folder = font_dir()
        self.add_font(FONT, "", str(folder / "DejaVuSans.ttf"))
        self.add_font(FONT, "B", str(folder / "DejaVuSans-Bold.ttf"))
        self.add_font(FONT, "I", str(folder / "DejaVuSans-Oblique.ttf"))
        self.add_font(FONT, "BI", str(folder / "DejaVuSans-BoldOblique.ttf"))
        self.add_font(NARROW, "", str(folder / "DejaVuSansCondensed.ttf"))
        self.add_font(NARROW, "B", str(folder / "DejaVuSansCondensed-Bold.ttf"))
        symbols = symbol_font()
        if symbols is not None and beyond_dejavu(report.text()):  # emoji and symbols DejaVu lacks
            self.add_font("Symbola", "", str(symbols))
            self.set_fallback_fonts(["Symbola"], exact_match=False)
        self.set_margins(MARGIN, 22, MARGIN)
        self.set_auto_page_break(True, margin=20)
        self.set_title(report.title)
        self.set_subject(report.kind)
        self.set_creator("Dilemmakaart")
        self.set_lang(report.lang)
        self.alias_nb_pages()

    def header(self) -> None:
        if self.page_no() == 1:
            return
        self.set_y(10)
        self.set_font(FONT, "", 8)
        self.set_text_color(*MUTED)
        title = self.report.title
        width = self.epw - 40
        while self.get_string_width(title) > width and len(title) > 10:
            title = title[:-2].rstrip() + "…" if not title.endswith("…") else title[:-2] + "…"
        self.cell(width, 5, title, align="L")
        self.cell(40, 5, self.report.date, align="R")
        self.set_draw_color(*LINE)
        self.line(MARGIN, 16, self.w - MARGIN, 16)
        self.set_y(22)
        self.set_text_color(*INK)

    def footer(self) -> None:
        self.set_y(-13)
        self.set_font(FONT, "", 8)
        self.set_text_color(*MUTED)
        self.cell(self.epw / 2, 5, self.report.kind, align="L")
        self.cell(self.epw / 2, 5, t("report.page", self.report.lang, page=self.page_no(), pages="{nb}"), align="R")
        self.set_text_color(*INK)


def needs_shaping(text: str) -> bool:
    """Right-to-left script (Hebrew, Arabic) in the report: it needs a shaping engine to print right."""
    return any(unicodedata.bidirectional(ch) in ("R", "AL") for ch in text)


def shaping_available() -> bool:
    try:
        import uharfbuzz  # noqa: F401
    except ImportError:
        return False
    return True


def render_pdf(report: Report) -> bytes:
    pdf = _ReportPDF(report)
    if needs_shaping(report.text()) and shaping_available():  # only then: shaping is slow
        pdf.set_text_shaping(True)
    pdf.add_page()
    _cover(pdf, report)
    missing = missing_characters(report.text(), symbol_font())
    if missing:  # never drop characters without a word
        _para(pdf, Para(t("report.missing_glyphs", report.lang, n=len(missing)), "muted"))
    pending_break = False
    blocks = report.blocks
    for i, block in enumerate(blocks):
        if isinstance(block, PageBreak):
            pending_break = True
            continue
        if pending_break:
            pdf.add_page()
            pending_break = False
        if isinstance(block, Heading):
            _heading(pdf, block, _start_height(pdf, blocks[i + 1 :]))
        elif isinstance(block, Para):
            _para(pdf, block)
        elif isinstance(block, Bullets):
            _bullets(pdf, block)
        elif isinstance(block, Facts):
            _facts(pdf, block)
        elif isinstance(block, Table):
            _table(pdf, block)
        elif isinstance(block, Figure):
            _figure(pdf, block)
    return bytes(pdf.output())


def _cover(pdf: FPDF, report: Report) -> None:
    pdf.set_font(FONT, "B", 9)
    pdf.set_text_color(*ACCENT)
    pdf.cell(0, 6, report.kind.upper(), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(1)
    pdf.set_font(FONT, "B", 20)
    pdf.set_text_color(*INK)
    pdf.multi_cell(0, 9, report.title, align="L", new_x="LMARGIN", new_y="NEXT")
    if report.subtitle:
        pdf.ln(1)
        pdf.set_font(FONT, "", 12)
        pdf.multi_cell(0, 6, report.subtitle, align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(1)
    pdf.set_font(FONT, "", 9)
    pdf.set_text_color(*MUTED)
    pdf.multi_cell(0, 5, report.meta, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    pdf.set_draw_color(*ACCENT)
    pdf.set_line_width(0.8)
    pdf.line(MARGIN, pdf.get_y(), pdf.w - MARGIN, pdf.get_y())
    pdf.set_line_width(0.2)
    pdf.set_text_color(*INK)
    pdf.ln(4)


def _start_height(pdf: FPDF, following: list) -> float:
    """Room (mm) the start of what follows a heading needs, measured, so a heading never ends a page
    alone: a paragraph's first three lines, a table's header and first row, a chart with its caption.
    A heading right after a heading counts with what follows it."""
    if not following:
        return 0
    block = following[0]
    if isinstance(block, Heading):
        return (12 if block.level == 1 else 9) + _start_height(pdf, following[1:])
    if isinstance(block, Para):
        _para_font(pdf, block)
        lines = len(_lines(pdf, pdf.epw, block.text))
        if block.style == "muted" and lines <= 3:  # a short introduction: keep it with what it introduces
            return 5 * lines + 2 + min(_start_height(pdf, following[1:]), 60)
        return 5 * min(3, lines) + 2
    if isinstance(block, Bullets):
        pdf.set_font(FONT, "", BODY)
        return 5 * min(3, len(_lines(pdf, pdf.epw - 5.5, block.items[0]))) + 1 if block.items else 0
    if isinstance(block, Facts):
        pdf.set_font(FONT, "", BODY - 0.5)
        value = block.rows[0][1] if block.rows else ""
        return 5.2 * len(_lines(pdf, pdf.epw * 0.7 - 4, value)) + 2.4 + 3
    if isinstance(block, Table):
        layout = _TableLayout.of(pdf, block)
        return layout.row_height(pdf, block.columns, bold=True) + (
            layout.row_height(pdf, layout.rows[0]) if layout.rows else 0
        )
    if isinstance(block, Figure):
        return _figure_height(pdf, block) + 16
    return 0


def _lines(pdf: FPDF, width: float, text: str) -> list[str]:
    """The lines ``text`` takes at ``width`` mm in the current font."""
    lines = pdf.multi_cell(width, 5, text, dry_run=True, output="LINES")
    return list(lines) if isinstance(lines, list) and lines else [""]


def _ensure_room(pdf: FPDF, height: float) -> None:
    if pdf.get_y() + height > pdf.page_break_trigger:
        pdf.add_page()


def _heading(pdf: FPDF, block: Heading, room: float) -> None:
    if block.level == 1:
        _ensure_room(pdf, 14 + room)
        pdf.ln(4)
        pdf.set_font(FONT, "B", 14)
        pdf.set_text_color(*ACCENT)
        pdf.multi_cell(0, 7, block.text, align="L", new_x="LMARGIN", new_y="NEXT")
        pdf.set_draw_color(*LINE)
        pdf.line(MARGIN, pdf.get_y() + 0.5, pdf.w - MARGIN, pdf.get_y() + 0.5)
        pdf.ln(3)
    else:
        _ensure_room(pdf, 10 + room)
        pdf.ln(2)
        pdf.set_font(FONT, "B", 11)
        pdf.set_text_color(*INK)
        if block.colour:
            r, g, b = (int(block.colour.lstrip("#")[i : i + 2], 16) for i in (0, 2, 4))
            pdf.set_fill_color(r, g, b)
            y = pdf.get_y()
            pdf.ellipse(MARGIN, y + 1.3, 3.2, 3.2, style="F")
            pdf.set_fill_color(255, 255, 255)
            pdf.set_x(MARGIN + 5)
        pdf.multi_cell(0, 6, block.text, align="L", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1)
    pdf.set_text_color(*INK)


def _para_font(pdf: FPDF, block: Para) -> None:
    if block.style == "muted":
        pdf.set_font(FONT, "I", BODY - 1)
    elif block.style == "strong":
        pdf.set_font(FONT, "B", BODY)
    else:
        pdf.set_font(FONT, "", BODY)


def _para(pdf: FPDF, block: Para) -> None:
    _para_font(pdf, block)
    if block.style == "muted":
        pdf.set_text_color(*MUTED)
    pdf.multi_cell(0, 5, block.text, align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(*INK)
    pdf.ln(2)


def _bullets(pdf: FPDF, block: Bullets) -> None:
    pdf.set_font(FONT, "", BODY)
    for item in block.items:
        y = pdf.get_y()
        _ensure_room(pdf, 6)
        if pdf.get_y() < y:  # a new page
            y = pdf.get_y()
        pdf.set_x(MARGIN + 1.5)
        pdf.cell(4, 5, "•")
        pdf.multi_cell(pdf.epw - 5.5, 5, item, align="L", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(0.8)
    pdf.ln(1.5)


def _facts(pdf: FPDF, block: Facts) -> None:
    pdf.set_font(FONT, "", BODY - 0.5)
    pdf.set_draw_color(*LINE)
    with pdf.table(
        col_widths=(30, 70),
        first_row_as_headings=False,
        line_height=5.2,
        padding=(1.2, 2, 1.2, 2),
        borders_layout="HORIZONTAL_LINES",
        text_align=("LEFT", "LEFT"),
        v_align="TOP",
    ) as table:
        for key, value in block.rows:
            row = table.row()
            row.cell(key, style=FontFace(emphasis="BOLD"))
            row.cell(value)
    pdf.ln(3)


CELL_PAD = 1.2  # mm left and right of a table cell's text
CELL_PAD_Y = 1.1
TALL_ROW = 60.0  # mm: a row taller than this moves its long texts below the table
TALL_CELL = 25.0  # mm: ... namely each cell taller than this


@dataclass
class _TableLayout:
    """A table as the PDF draws it: its font size, column widths from the content, and the rows with
    long texts moved below the table (a table row cannot flow over pages; a paragraph can)."""

    size: float
    widths: list[float]
    rows: list[list[str]]
    notes: list[tuple[str, str]]  # (what the note is about, its text), printed under the table

    @classmethod
    def of(cls, pdf: FPDF, block: Table) -> _TableLayout:
        """The layout of ``block``, worked out once per document (a heading asks for it too)."""
        cache: dict[int, tuple[Table, _TableLayout]] = pdf.__dict__.setdefault("_table_layouts", {})
        if id(block) in cache and cache[id(block)][0] is block:
            return cache[id(block)][1]
        size = BODY - 2 if len(block.columns) > 5 else BODY - 1.5
        widths = column_widths(pdf, block, size)
        layout = cls(size, widths, [list(r) for r in block.rows], [])
        cache[id(block)] = (block, layout)
        lang = getattr(pdf, "lang", "nl")
        for row in layout.rows:
            if layout.rough_height(pdf, row) <= TALL_ROW or layout.row_height(pdf, row) <= TALL_ROW:
                continue
            for i, cell in enumerate(row):
                pdf.set_font(NARROW, "", size)
                if len(_lines(pdf, widths[i] - 2 * CELL_PAD, cell)) * size * 0.5 > TALL_CELL:
                    number = len(layout.notes) + 1
                    layout.notes.append((f"{row[0]} · {block.columns[i]}", cell))
                    row[i] = t("report.see_note", lang, n=number)
        return layout

    def rough_height(self, pdf: FPDF, row: list[str]) -> float:
        """An upper bound of the row's height, cheap: each cell's text width over its column's width,
        plus a line per line break and one for a word that does not fill its line."""
        pdf.set_font(NARROW, "", self.size)
        lines = max(
            pdf.get_string_width(cell) / max(w - 2 * CELL_PAD, 1) * 1.3 + cell.count("\n") + 1
            for w, cell in zip(self.widths, row, strict=True)
        )
        return lines * self.size * 0.5 + 2 * CELL_PAD_Y

    def row_height(self, pdf: FPDF, row: list[str], *, bold: bool = False) -> float:
        pdf.set_font(NARROW, "B" if bold else "", self.size)
        lines = max(len(_lines(pdf, w - 2 * CELL_PAD, cell)) for w, cell in zip(self.widths, row, strict=True))
        return lines * self.size * 0.5 + 2 * CELL_PAD_Y


def column_widths(pdf: FPDF, block: Table, size: float) -> list[float]:
    """Column widths (mm) from the content (``layout.fit_columns``) in the table's narrow font."""

    def measure(text: str, bold: bool) -> float:
        pdf.set_font(NARROW, "B" if bold else "", size)
        return pdf.get_string_width(text)

    return fit_columns(block.columns, block.sizing_rows(), pdf.epw, measure, 2 * CELL_PAD + 0.6)


def _table(pdf: FPDF, block: Table) -> None:
    layout = _TableLayout.of(pdf, block)
    size = layout.size
    pdf.set_font(NARROW, "", size)
    pdf.set_draw_color(*LINE)
    align = tuple("RIGHT" if i in block.numeric else "LEFT" for i in range(len(block.columns)))
    with pdf.table(
        col_widths=tuple(layout.widths),
        width=pdf.epw,
        line_height=size * 0.5,
        padding=(CELL_PAD_Y, CELL_PAD, CELL_PAD_Y, CELL_PAD),
        v_align="TOP",
        headings_style=FontFace(emphasis="BOLD", fill_color=HEAD_FILL, color=INK),
        cell_fill_mode=TableCellFillMode.NONE,
        text_align=align,
        repeat_headings=1,
        borders_layout="ALL",
    ) as table:
        head = table.row()
        for c in block.columns:
            head.cell(c)
        for r in layout.rows:
            row = table.row()
            for c in r:
                row.cell(c)
    pdf.ln(3)
    lang = getattr(pdf, "lang", "nl")
    for number, (about, text) in enumerate(layout.notes, start=1):
        _para(pdf, Para(t("report.note_heading", lang, n=number, about=about), "strong"))
        for part in text.replace("\r\n", "\n").split("\n\n"):
            if part.strip():
                _para(pdf, Para(part.strip()))


def _figure_size(pdf: FPDF, fig: Figure) -> tuple[float, float]:
    """Printed width and height (mm) of a chart: its width, shrunk to fit a page with its caption."""
    if not fig.png:
        return 0.0, 0.0
    from PIL import Image

    with Image.open(io.BytesIO(fig.png)) as im:
        w_px, h_px = im.size
    width = min(fig.width_cm * 10, pdf.epw)
    height = width * h_px / w_px
    room = pdf.page_break_trigger - pdf.t_margin
    if height > room - 20:
        height = room - 20
        width = height * w_px / h_px
    return width, height


def _figure_height(pdf: FPDF, fig: Figure) -> float:
    return _figure_size(pdf, fig)[1] if fig.png else 20.0


def _figure(pdf: FPDF, fig: Figure) -> None:
    if fig.png:
        width, height = _figure_size(pdf, fig)
        _ensure_room(pdf, height + 16)
        x = MARGIN + (pdf.epw - width) / 2
        pdf.image(
            io.BytesIO(fig.png), x=x, y=pdf.get_y(), w=width, h=height, alt_text=" ".join(fig.sentences) or fig.title
        )
        pdf.set_y(pdf.get_y() + height + 2)
    else:
        _ensure_room(pdf, 20)
    pdf.set_font(FONT, "B", BODY - 1)
    pdf.write(4.6, fig.title + ". ")
    pdf.set_font(FONT, "I", BODY - 1)
    pdf.set_text_color(*MUTED)
    pdf.write(4.6, fig.caption)
    pdf.ln(4.6)
    pdf.set_text_color(*INK)
    pdf.ln(2)
    if not fig.png:  # no picture: its words stand in for it
        for sentence in fig.sentences:
            _para(pdf, Para(sentence))
        if fig.table:
            _table(pdf, fig.table)
    pdf.ln(3)
