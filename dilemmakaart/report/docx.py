"""The report as a Word document (python-docx): real headings, tables with a header row that
repeats on every page, the charts as pictures. Made for the board secretary who pastes parts of
it into a proposal, so it uses Word's own styles (Heading 1/2, List Bullet, Table Grid)."""

from __future__ import annotations

import io
from functools import lru_cache

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from PIL import ImageFont

from dilemmakaart.i18n import t
from dilemmakaart.report.blocks import Bullets, Facts, Figure, Heading, PageBreak, Para, Report, Table
from dilemmakaart.report.layout import fit_columns
from dilemmakaart.report.pdf import font_dir

ACCENT = RGBColor(0x0B, 0x3D, 0x66)
MUTED = RGBColor(0x4D, 0x4D, 0x4D)
HEAD_FILL = "EBEFF3"
FONT = "Calibri"
TABLE_CM = 16.6  # the width of the text on A4 with the margins of _setup


def render_docx(report: Report) -> bytes:
    doc = Document()
    _setup(doc, report)
    kind = doc.add_paragraph()
    run = kind.add_run(report.kind.upper())
    run.bold = True
    run.font.size = Pt(9)
    run.font.color.rgb = ACCENT
    doc.add_heading(report.title, level=0)
    if report.subtitle:
        p = doc.add_paragraph()
        p.add_run(report.subtitle).font.size = Pt(13)
    meta = doc.add_paragraph()
    r = meta.add_run(report.meta)
    r.font.size = Pt(9)
    r.font.color.rgb = MUTED
    for block in report.blocks:
        if isinstance(block, PageBreak):
            doc.add_page_break()
        elif isinstance(block, Heading):
            doc.add_heading(block.text, level=block.level)
        elif isinstance(block, Para):
            _para(doc, block)
        elif isinstance(block, Bullets):
            for item in block.items:
                doc.add_paragraph(item, style="List Bullet")
        elif isinstance(block, Facts):
            _facts(doc, block)
        elif isinstance(block, Table):
            _table(doc, block)
        elif isinstance(block, Figure):
            _figure(doc, block)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _setup(doc, report: Report) -> None:
    section = doc.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)  # A4
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(2.2))
    section.top_margin = section.bottom_margin = Cm(2.0)
    styles = doc.styles
    normal = styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(10.5)
    normal.paragraph_format.space_after = Pt(5)
    for name in ("Title", "Heading 1", "Heading 2"):
        styles[name].font.name = FONT
        styles[name].font.color.rgb = ACCENT
    styles["Title"].font.size = Pt(24)
    styles["Heading 1"].font.size = Pt(15)
    styles["Heading 2"].font.size = Pt(12)
    styles["Heading 2"].font.color.rgb = RGBColor(0x1A, 0x1A, 0x1A)
    props = doc.core_properties
    props.title = report.title
    props.subject = report.kind
    props.author = "Dilemmakaart"
    props.language = report.lang
    # header: title and date; footer: page X of Y
    header = section.header.paragraphs[0]
    header.text = f"{report.title} · {report.date}"
    for run in header.runs:
        run.font.size = Pt(8)
        run.font.color.rgb = MUTED
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    template = t("report.page", report.lang, page="\0PAGE\0", pages="\0NUMPAGES\0")
    for i, part in enumerate(template.split("\0")):
        if i % 2 == 1:
            _field(footer, part)
        elif part:
            run = footer.add_run(part)
            run.font.size = Pt(8)
            run.font.color.rgb = MUTED


def _field(paragraph, instruction: str) -> None:
    run = paragraph.add_run()
    run.font.size = Pt(8)
    run.font.color.rgb = MUTED
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = instruction
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run._r.append(begin)
    run._r.append(instr)
    run._r.append(end)


def _para(doc, block: Para) -> None:
    p = doc.add_paragraph()
    lines = block.text.split("\n")
    for i, line in enumerate(lines):
        run = p.add_run(line)
        if i < len(lines) - 1:
            run.add_break()
        if block.style == "strong":
            run.bold = True
        elif block.style == "muted":
            run.italic = True
            run.font.color.rgb = MUTED
            run.font.size = Pt(9.5)


def _shade(cell, fill: str) -> None:
    props = cell._tc.get_or_add_tcPr()
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    props.append(shading)


def _repeat_header(row) -> None:
    props = row._tr.get_or_add_trPr()
    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    props.append(flag)


def _cell_text(cell, text: str, *, bold: bool = False, right: bool = False, size: float = 9) -> None:
    p = cell.paragraphs[0]
    lines = text.split("\n")
    for i, line in enumerate(lines):
        run = p.add_run(line)
        run.bold = bold
        run.font.size = Pt(size)
        if i < len(lines) - 1:
            run.add_break()
    p.paragraph_format.space_after = Pt(0)
    if right:
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT


def _widths(table, widths: list[float], total_cm: float = TABLE_CM) -> None:
    """Fixed column widths, in the grid (LibreOffice reads these) and in every cell (Word does)."""
    share = [w / sum(widths) * total_cm for w in widths]
    table.autofit = False
    for column, w in zip(table.columns, share, strict=True):
        column.width = Cm(w)
    for row in table.rows:
        for cell, w in zip(row.cells, share, strict=True):
            cell.width = Cm(w)


@lru_cache(maxsize=4)
def _font(bold: bool) -> ImageFont.FreeTypeFont:
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    return ImageFont.truetype(str(font_dir() / name), 90)  # 10× 9 pt, for precision


def _measure(text: str, bold: bool) -> float:
    """Width in cm of ``text`` at 9 pt, in DejaVu Sans: at least as wide as Calibri or its stand-ins."""
    return _font(bold).getlength(text) / 10 / 72 * 2.54


def _table(doc, block: Table) -> None:
    size = 8.0 if len(block.columns) > 5 else 9.0  # as in the PDF: wide tables in smaller type
    table = doc.add_table(rows=1, cols=len(block.columns))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    head = table.rows[0]
    _repeat_header(head)
    for i, (cell, text) in enumerate(zip(head.cells, block.columns, strict=True)):
        _cell_text(cell, text, bold=True, right=i in block.numeric, size=size)
        _shade(cell, HEAD_FILL)
    for values in block.rows:
        cells = table.add_row().cells
        for i, (cell, text) in enumerate(zip(cells, values, strict=True)):
            _cell_text(cell, text, right=i in block.numeric, size=size)

    def measure(text: str, bold: bool) -> float:
        return _measure(text, bold) * size / 9

    _widths(table, fit_columns(block.columns, block.sizing_rows(), TABLE_CM, measure, 0.45))
    doc.add_paragraph()


def _facts(doc, block: Facts) -> None:
    table = doc.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for key, value in block.rows:
        cells = table.add_row().cells
        _cell_text(cells[0], key, bold=True, size=9.5)
        _shade(cells[0], HEAD_FILL)
        _cell_text(cells[1], value, size=9.5)
    _widths(table, [1, 2.4])
    doc.add_paragraph()


def _figure(doc, fig: Figure) -> None:
    if fig.png:
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.paragraph_format.keep_with_next = True
        run = p.add_run()
        shape = run.add_picture(io.BytesIO(fig.png), width=Cm(min(fig.width_cm, 16.6)))
        # the text equivalent as the picture's description (read aloud by screen readers)
        doc_pr = shape._inline.docPr
        doc_pr.set("descr", " ".join(fig.sentences) or fig.title)
        doc_pr.set("title", fig.title)
    cap = doc.add_paragraph()
    title = cap.add_run(fig.title + ". ")
    title.bold = True
    title.font.size = Pt(9)
    text = cap.add_run(fig.caption)
    text.italic = True
    text.font.size = Pt(9)
    text.font.color.rgb = MUTED
    if not fig.png:
        for sentence in fig.sentences:
            doc.add_paragraph(sentence)
        if fig.table:
            _table(doc, fig.table)
