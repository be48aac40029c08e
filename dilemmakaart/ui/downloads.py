"""Download buttons for the board report (PDF, Word, HTML, Markdown) in the user's language.

The files are made only when a button is clicked (Streamlit's deferred download data), so a page
with these buttons costs nothing extra on each rerun. Chart images (PNG/SVG) have their own
buttons next to each chart (``chart_downloads``, used by the map page).
"""

from __future__ import annotations

import logging
from collections.abc import Callable

import streamlit as st

from dilemmakaart.case import Case
from dilemmakaart.report import FORMATS, MEDIA_TYPES, render_report, report_file_name
from dilemmakaart.ui.bootstrap import Ctx

log = logging.getLogger(__name__)

ICONS = {
    "pdf": ":material/picture_as_pdf:",
    "docx": ":material/description:",
    "html": ":material/language:",
    "md": ":material/notes:",
}


def report_maker(case: Case, fmt: str, lang: str, code) -> Callable[[], bytes]:
    """The bytes of one report, made when called (a copy of the case: later edits do not leak in)."""
    frozen = case.model_copy(deep=True)
    frozen.extensions = dict(case.extensions)

    def make() -> bytes:
        try:
            from dilemmakaart.backend import open_library
            from dilemmakaart.options import decided_version

            decided = decided_version(open_library(code=code), frozen)  # at a review: what changed since
            return render_report(frozen, fmt, lang, code=code, decided=decided)
        except Exception:
            log.exception("report %s for case %s failed", fmt, frozen.id)
            raise

    return make


def report_downloads(ctx: Ctx, case: Case | None) -> None:
    """A short heading, a line of help and four download buttons: PDF, Word, HTML, Markdown."""
    if case is None:
        return
    from dilemmakaart.ui.state import is_dirty

    st.divider()
    st.subheader(ctx.t("report.downloads"), anchor=False)
    st.caption(ctx.t("report.downloads_help"))
    if is_dirty():
        st.caption(ctx.t("report.unsaved"))
    columns = st.columns(len(FORMATS))
    for column, fmt in zip(columns, FORMATS):
        name = ctx.t(f"report.format.{fmt}")
        column.download_button(
            name,  # short, so that four fit on one row; the heading above says what they do
            help=ctx.t("report.download_button", format=name),
            data=report_maker(case, fmt, ctx.lang, ctx.code),
            file_name=report_file_name(case, fmt, ctx.lang),
            mime=MEDIA_TYPES[fmt].split(";")[0],
            key=f"report:download:{fmt}",
            on_click="ignore",
            icon=ICONS[fmt],
            width="stretch",
        )
    filing_downloads(ctx, case)


FILING_FORMATS = {".json": "JSON", ".csv": "CSV", ".md": "Markdown", ".docx": "Word"}
FILING_ICONS = {
    ".json": ":material/data_object:",
    ".csv": ":material/table:",
    ".md": ":material/notes:",
    ".docx": ":material/description:",
}


def filing_maker(case: Case, kind: str, suffix: str, lang: str, code) -> Callable[[], bytes]:
    """The bytes of one draft to file, made when called (from a copy of the case)."""
    frozen = case.model_copy(deep=True)

    def make() -> bytes:
        from dilemmakaart.filing import export_bytes

        try:
            return export_bytes(frozen, kind, suffix, lang, code)
        except Exception:
            log.exception("export %s%s for case %s failed", kind, suffix, frozen.id)
            raise

    return make


def filing_downloads(ctx: Ctx, case: Case) -> None:
    """Drafts to file beside the report (issue 16): the Algoritmeregister entry (JSON, CSV), an IAMA
    and DPIA starting points (Word, Markdown), each marked in the file as a draft to complete and check."""
    from dilemmakaart.filing import KINDS, MIME, SUFFIXES, file_name

    st.markdown(f"**{ctx.t('filing.ui.title')}**")
    st.caption(ctx.t("filing.ui.help"))
    for kind in KINDS:
        label, *buttons = st.columns([2, 1, 1])
        label.markdown(ctx.t(f"filing.ui.{kind}"))
        for column, suffix in zip(buttons, SUFFIXES[kind], strict=True):
            fmt = FILING_FORMATS[suffix]
            column.download_button(
                fmt,
                help=ctx.t("filing.ui.button", kind=ctx.t(f"filing.ui.{kind}"), format=fmt),
                data=filing_maker(case, kind, suffix, ctx.lang, ctx.code),
                file_name=file_name(case, kind, suffix),
                mime=MIME[suffix],
                key=f"filing:download:{kind}:{suffix.lstrip('.')}",
                on_click="ignore",
                icon=FILING_ICONS[suffix],
                width="stretch",
            )


def chart_downloads(ctx: Ctx, chart, name: str, *, file_base: str = "dilemmakaart") -> None:
    """PNG and SVG buttons for an Altair chart, or for a function that builds one: the file is
    made only when the button is clicked. ``name`` keys the widgets and names the files
    ``<file_base>-<name>.png``."""
    from dilemmakaart.charts.export import to_png, to_svg

    build = chart if callable(chart) else (lambda: chart)
    left, right, _ = st.columns([1, 1, 3])
    left.download_button(
        ctx.t("flow.map.png"),
        data=lambda: to_png(build()),
        help=ctx.t("report.chart_download", name=name, format="PNG"),
        file_name=f"{file_base}-{name}.png",
        mime="image/png",
        key=f"chart:{name}:png",
        on_click="ignore",
        icon=":material/image:",
        width="stretch",
    )
    right.download_button(
        ctx.t("flow.map.svg"),
        data=lambda: to_svg(build()),
        help=ctx.t("report.chart_download", name=name, format="SVG"),
        file_name=f"{file_base}-{name}.svg",
        mime="image/svg+xml",
        key=f"chart:{name}:svg",
        on_click="ignore",
        icon=":material/download:",
        width="stretch",
    )
