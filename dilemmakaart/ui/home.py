"""The home page: a short introduction and the library to open a case from (read-only)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dilemmakaart.backend import is_database
from dilemmakaart.problems import Problem
from dilemmakaart.search import PAGE_SIZE
from dilemmakaart.store import FileProblems
from dilemmakaart.text import md_escape
from dilemmakaart.ui import pages, state
from dilemmakaart.ui.bootstrap import Ctx
from dilemmakaart.ui.draft_notice import discarded_list, draft_notices, follow
from dilemmakaart.ui.widgets import case_overview, label


def _start_new(ctx: Ctx) -> None:
    state.start_new_case(ctx)
    st.session_state["home:go"] = True


def _edit(ctx: Ctx, case_id: str) -> None:
    try:
        state.open_case(ctx, case_id)
        st.session_state["home:go"] = True
    except Exception as exc:  # missing or unreadable: say so on the page
        st.session_state["home:error"] = (case_id, str(exc))


def _copy(ctx: Ctx, case_id: str) -> None:
    try:
        state.start_copy(ctx, ctx.library.load(case_id))
        st.session_state["home:go"] = True
    except Exception as exc:
        st.session_state["home:error"] = (case_id, str(exc))


def start_or_continue(ctx: Ctx) -> None:
    """Start a new case, or go on with the one in this session."""
    if st.session_state.pop("home:go", False):
        pages.switch(pages.DESCRIBE, ctx.lang)
    error = st.session_state.pop("home:error", None)
    if error:
        st.error(ctx.t("flow.error.not_found", id=md_escape(error[0])), icon=":material/error:")
    with st.container(border=True):
        left, right = st.columns(2, vertical_alignment="center")
        left.button(
            ctx.t("flow.home.new"),
            key="home:new",
            type="primary",
            icon=":material/add:",
            on_click=_start_new,
            args=(ctx,),
            width="stretch",
            disabled=not pages.allowed(pages.DESCRIBE),  # a lezer only reads: editing needs schrijver
        )
        case = state.current_case()
        if case is not None:
            with right:
                mark = ctx.t("flow.unsaved") if state.is_dirty() or state.is_new() else ctx.t("flow.all_saved")
                pages.link(
                    pages.DESCRIBE,
                    ctx.lang,
                    label=ctx.t("flow.home.continue", title=md_escape(case.title or ctx.t("flow.untitled")), mark=mark),
                    icon=":material/arrow_forward:",
                )
                if state.is_dirty():
                    st.caption(ctx.t("flow.home.dirty_warning"))
        else:
            right.caption(ctx.t("flow.home.new_help"))


def unsaved_work(ctx: Ctx) -> None:
    """Every unsaved version on disk (other than this session's own), with go on / throw away,
    and what this browser session threw away (with undo)."""
    follow(ctx)
    waiting = state.waiting_drafts(ctx)
    if waiting:
        st.subheader(ctx.t("draft.waiting_title"), anchor=False)
        draft_notices(ctx, waiting, where="home", go_to_flow=True)
    discarded_list(ctx, where="home")


SHOWN_UNREADABLE = 20  # files with problems drawn on the page; the full list is a download


def problem_line(ctx: Ctx, problem: Problem) -> str:
    """Where in the file (or "the whole file") and what is wrong, as plain text."""
    return f"{problem.place or ctx.t('lib.whole_file')}: {problem.message(ctx.lang)}"


def unreadable_report(ctx: Ctx, unreadable: list[FileProblems]) -> str:
    """Every unreadable file with its problems, as plain text (for the download)."""
    lines = []
    for item in unreadable:
        lines.append(item.name)
        lines += [f"  {problem_line(ctx, problem)}" for problem in item.problems]
    return "\n".join(lines) + "\n"


def unreadable_files(ctx: Ctx, unreadable: list[FileProblems]) -> None:
    """How many files cannot be read, the first few by name (as plain text: a name is never
    Markdown), and the whole list to download."""
    with st.expander(ctx.t("home.unreadable", n=len(unreadable)), icon=":material/warning:"):
        for item in unreadable[:SHOWN_UNREADABLE]:
            st.text(item.name)
            st.text("\n".join(f"  {problem_line(ctx, p)}" for p in item.problems[:20]))
        if len(unreadable) > SHOWN_UNREADABLE:
            st.caption(ctx.t("home.unreadable_more", n=len(unreadable) - SHOWN_UNREADABLE))
            st.download_button(
                ctx.t("home.unreadable_download", n=len(unreadable)),
                lambda: unreadable_report(ctx, unreadable),
                "onleesbare-bestanden.txt",
                "text/plain",
                key="home:unreadable-list",
                icon=":material/download:",
            )


def home(ctx: Ctx) -> None:
    st.title(ctx.t("home.title"), anchor=False)
    st.markdown(ctx.t("home.intro"))
    with st.expander(ctx.t("home.steps_title"), expanded=False):
        st.markdown(ctx.t("home.steps"))
    start_or_continue(ctx)
    unsaved_work(ctx)

    from dilemmakaart.ui.flow_options import due_reviews  # decisions due for review (issue 15)

    due_reviews(ctx, ctx.library.reviewed(), where="home")
    screen = ctx.library.page(sort="title", limit=PAGE_SIZE)  # one screen, never the whole library
    st.header(ctx.t("home.library_title", n=screen.total), anchor=False)
    if not is_database(ctx.library):  # files that cannot be read (the Library names unreadable rows of a database)
        unreadable = ctx.library.list().unreadable
        if unreadable:
            unreadable_files(ctx, unreadable)
    if not screen.total:
        st.info(ctx.t("home.empty"))
        return
    shown = ctx.library.load_many(screen.ids)
    wanted = st.query_params.get("case")
    if wanted and wanted not in screen.ids:  # a case asked for in the address, from any screen
        shown += ctx.library.load_many([wanted])
    rows = [
        {
            "id": c.id,
            ctx.t("case.title"): c.title,
            ctx.t("case.organisation"): c.organisation or "—",
            ctx.t("case.organisation_type"): label(ctx, "organisation_type", c.organisation_type),
            ctx.t("case.phase"): label(ctx, "phase", c.phase),
            ctx.t("case.status"): label(ctx, "status", c.status),
            ctx.t("home.values_count"): len(c.values),
        }
        for c in shown
    ]
    widths = {
        "case.title": 370,
        "case.organisation": 200,
        "case.organisation_type": 125,
        "case.phase": 85,
        "case.status": 85,
        "home.values_count": 60,
    }  # pixels: the whole table fits a laptop screen
    columns = {ctx.t(key): st.column_config.Column(width=px) for key, px in widths.items()}
    st.dataframe(pd.DataFrame(rows).drop(columns="id"), hide_index=True, width="stretch", column_config=columns)
    if screen.total > len(screen.ids):
        st.caption(ctx.t("home.more_in_library", n=len(screen.ids), total=screen.total))

    titles: dict[str, str] = {c.id: c.title for c in shown}
    ids: list[str] = list(titles)
    chosen = st.selectbox(
        ctx.t("home.open_readonly"),
        options=ids,
        index=ids.index(wanted) if wanted in titles else None,
        format_func=lambda case_id: titles.get(case_id, case_id),
        placeholder=ctx.t("home.choose_case"),
        key="home:case",
    )
    if chosen:
        left, right = st.columns(2)
        left.button(
            ctx.t("flow.home.edit"),
            key="home:edit",
            type="primary",
            icon=":material/edit:",
            on_click=_edit,
            args=(ctx, chosen),
            width="stretch",
        )
        right.button(
            ctx.t("flow.home.copy"),
            key="home:copy",
            icon=":material/content_copy:",
            on_click=_copy,
            args=(ctx, chosen),
            width="stretch",
            help=ctx.t("flow.home.copy_help"),
        )
        case_overview(ctx, ctx.library.load(chosen))
