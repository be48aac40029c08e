"""The board report for one case: PDF, Word (.docx), self-contained HTML and Markdown, Dutch or English.

- ``blocks``: the block types a report is made of (headings, paragraphs, tables, figures).
- ``content``: what the report says, as blocks, one function per section (one builder for every format).
- ``figures``: the charts as PNG/SVG with their text equivalents, rendered once per case and language.
- ``html``, ``markdown``, ``pdf``, ``docx``: one module per format, laying out the blocks.

``render_report(case, fmt, lang)`` gives the file's bytes; ``write_report`` writes it (atomically).
"""

from __future__ import annotations

import errno
import os
import stat
from datetime import date
from pathlib import Path

from dilemmakaart.case import Case
from dilemmakaart.code import ValueCode, load_code
from dilemmakaart.store import atomic_write

FORMATS = ("pdf", "docx", "html", "md")
MEDIA_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "html": "text/html; charset=utf-8",
    "md": "text/markdown; charset=utf-8",
}
EXTENSIONS = {"pdf": "pdf", "docx": "docx", "html": "html", "md": "md"}


def report_file_name(case: Case, fmt: str, lang: str) -> str:
    """``<id>-rapport.pdf`` / ``<id>-report.pdf``."""
    word = "rapport" if lang == "nl" else "report"
    return f"{case.id}-{word}.{EXTENSIONS[fmt]}"


def render_report(
    case: Case,
    fmt: str,
    lang: str,
    *,
    code: ValueCode | None = None,
    figures: dict | None = None,
    today: date | None = None,
    image_dir: str | None = None,
    decided: Case | None = None,
) -> bytes:
    """The report as the bytes of a file of format ``fmt`` (one of ``FORMATS``).

    ``figures``: the result of ``figures.case_figures`` for this case and language, to reuse across
    formats; by default the charts are rendered here (what each format needs only).
    ``image_dir`` (Markdown only): a folder name, relative to the Markdown file, where the chart
    images are said to be (``write_report`` writes them there)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown report format {fmt!r}; choose from {', '.join(FORMATS)}")
    from dilemmakaart.report.content import build_content
    from dilemmakaart.report.figures import case_figures

    code = _framework_of(case, code)
    if figures is None:
        png = fmt in ("pdf", "docx") or (fmt == "md" and image_dir is not None)
        figures = case_figures(case, code, lang, png=png, svg=fmt == "html")
    report = build_content(case, code, lang, today=today, figures=figures, decided=decided)
    if fmt == "html":
        from dilemmakaart.report.html import render_html

        return render_html(report).encode("utf-8")
    if fmt == "md":
        from dilemmakaart.report.markdown import render_markdown

        return render_markdown(report, image_dir=image_dir).encode("utf-8")
    if fmt == "pdf":
        from dilemmakaart.report.pdf import render_pdf

        return render_pdf(report)
    from dilemmakaart.report.docx import render_docx

    return render_docx(report)


def _framework_of(case: Case, code: ValueCode | None) -> ValueCode:
    """The framework the case is weighed in (issue 16): ``code`` when it is that one, else found by
    the case's ``code`` among the frameworks, else ``code`` or the default code."""
    from dilemmakaart.frameworks import framework_for

    return framework_for(case.code, code or load_code())


def write_report(
    case: Case,
    fmt: str,
    lang: str,
    output: Path,
    *,
    code: ValueCode | None = None,
    figures: dict | None = None,
    images: bool = False,
    today: date | None = None,
    decided: Case | None = None,
) -> Path:
    """Write the report to ``output`` atomically. For Markdown with ``images``, the chart PNGs go
    into a folder ``<name>-images/`` next to it, and the Markdown links to them."""
    output = Path(output)
    image_dir = None
    if fmt == "md" and images:
        from dilemmakaart.report.figures import case_figures

        code = _framework_of(case, code)
        if figures is None:
            figures = case_figures(case, code, lang, svg=False)
        folder = output.with_name(output.stem + "-images")
        image_dir = folder.name
        folder.mkdir(parents=True, exist_ok=True)
        for key, fig in figures.items():
            if fig.png:
                _write_bytes(folder / f"{key}.png", fig.png)
    data = render_report(case, fmt, lang, code=code, figures=figures, today=today, image_dir=image_dir, decided=decided)
    _write_bytes(output, data)
    return output


def _write_bytes(path: Path, data: bytes) -> None:
    """Write a report to what ``path`` names, never replacing anything that is not a regular file.

    - a regular file, or nothing yet: the library's atomic write (never a half-written report), into
      a folder made if needed;
    - a symbolic link: its target is written (atomically when that is a regular file); the link stays;
    - a device, a named pipe, a socket (``/dev/stdout``, ``mkfifo``): opened and written through."""
    target = Path(os.path.realpath(path)) if path.is_symlink() else path
    try:
        mode = target.stat().st_mode
    except FileNotFoundError:
        mode = None
    if mode is not None and not stat.S_ISREG(mode):
        if stat.S_ISDIR(mode):
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
        with open(target, "wb") as handle:  # write through; never unlink or replace it
            handle.write(data)
        return
    if target is path:  # a link's target folder is never made: the link points where it points
        target.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(target, data)
