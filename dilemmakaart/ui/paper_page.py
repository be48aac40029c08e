"""The paper workshop page (issue 14): the worksheet to print, the CSV template, and the paper answers
typed in (or uploaded) and saved as a group profile of the case, beside the classes that answered
on their phones. The logic is in ``dilemmakaart.paper`` and ``report.worksheet``."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from dilemmakaart.aggregate import items_of
from dilemmakaart.case import Case, EditError
from dilemmakaart.paper import csv_template, header, item_keys, read_csv, read_rows
from dilemmakaart.problems import ProblemsError
from dilemmakaart.profiles import distance, distance_summary, free_name, group_profile, references, weighing
from dilemmakaart.scales import BALANCE, EFFECT, WEIGHT
from dilemmakaart.store import LibraryError
from dilemmakaart.teaching import with_group_profile
from dilemmakaart.text import md_escape
from dilemmakaart.ui.bootstrap import Ctx
from dilemmakaart.ui.faults import SAVE_FAILURES, save_failure

SCALES = {"weight": WEIGHT, "effect": EFFECT, "balance": BALANCE}
START_ROWS = 8


def paper_page(ctx: Ctx) -> None:
    st.title(ctx.t("paper.page.title"), anchor=False)
    st.markdown(ctx.t("paper.page.intro"))
    cases = [c for c in ctx.library.list().cases if c.values]
    if not cases:
        st.info(ctx.t("session.f.no_cases"))
        return
    titles = {c.id: c.title for c in cases}
    case_id = st.selectbox(
        ctx.t("session.f.choose_case"), list(titles), format_func=titles.__getitem__, key="paper:case"
    )
    try:
        case = ctx.library.load(case_id)
    except (LibraryError, ProblemsError, OSError) as exc:
        st.error(str(exc))
        return
    _downloads(ctx, case)
    st.divider()
    st.subheader(ctx.t("paper.page.enter_title"), anchor=False)
    st.caption(ctx.t("paper.page.enter_help"))
    upload = st.file_uploader(ctx.t("paper.page.upload"), type=["csv", "txt"], key=f"paper:upload:{case.id}")
    if upload is not None:
        answers, problems = read_csv(case, upload.getvalue())
        source = "upload"
    else:
        answers, problems = _typed(ctx, case)
        source = "typed"
    if problems and all(p.key == "no_answers" for p in problems):  # nothing typed yet: no alarm
        st.info(problems[0].message(ctx.lang), icon=":material/edit:")
        return
    if problems:
        st.error("\n".join(f"- {p.message(ctx.lang)}" for p in problems[:20]), icon=":material/error:")
        if len(problems) > 20:
            st.caption(ctx.t("paper.page.more_problems", n=len(problems) - 20))
        return
    st.success(ctx.t("paper.page.read", n=len(answers)), icon=":material/fact_check:")
    _save(ctx, case, answers, source)


def _downloads(ctx: Ctx, case: Case) -> None:
    from dilemmakaart.report.worksheet import render_worksheet, worksheet_file_name

    left, right = st.columns(2)
    made_key = f"paper:worksheet:{case.id}:{case.revision}:{ctx.lang}"
    if made_key not in st.session_state:
        if left.button(ctx.t("paper.page.make_worksheet"), key="paper:make", icon=":material/print:"):
            st.session_state[made_key] = render_worksheet(case, ctx.code, ctx.lang)
            st.rerun()
    else:
        left.download_button(
            ctx.t("paper.page.worksheet"),
            data=st.session_state[made_key],
            file_name=worksheet_file_name(case, ctx.lang),
            mime="application/pdf",
            key="paper:worksheet",
            on_click="ignore",
            icon=":material/download:",
        )
    right.download_button(
        ctx.t("paper.page.template"),
        data=csv_template(case, ctx.code, ctx.lang),
        file_name=f"{case.id}-{'antwoorden' if ctx.lang == 'nl' else 'answers'}.csv",
        mime="text/csv",
        key="paper:template",
        on_click="ignore",
        icon=":material/table:",
    )


def _typed(ctx: Ctx, case: Case):
    """The answers typed in a table: one row per sheet, one column per question."""
    head = header(case, ctx.code, ctx.lang)
    keys = item_keys(case)
    empty = pd.DataFrame(  # number columns (float, NaN): an empty cell is a missing number
        {
            head[0]: [ctx.t("paper.sheet_n", n=i) for i in range(1, START_ROWS + 1)],
            **{column: pd.Series([float("nan")] * START_ROWS, dtype="float64") for column in head[1:]},
        }
    )
    config: dict = {head[0]: st.column_config.TextColumn(head[0], max_chars=100)}
    for column, key in zip(head[1:], keys, strict=True):
        scale = SCALES[key.split(":", 1)[0]]
        config[column] = st.column_config.NumberColumn(
            column.rsplit(" [", 1)[0], min_value=scale.min, max_value=scale.max, step=scale.step, format="%d"
        )
    edited = st.data_editor(  # placeholder "": an empty cell is drawn empty (Streamlit writes "None")
        empty,
        num_rows="dynamic",
        hide_index=True,
        column_config=config,
        key=f"paper:table:{case.id}",
        placeholder="",
    )
    rows = [
        ["" if pd.isna(v) else (str(int(v)) if isinstance(v, float) else str(v)) for v in row]
        for row in edited.itertuples(index=False)
    ]
    return read_rows(case, head, rows)


def _save(ctx: Ctx, case: Case, answers, source: str) -> None:
    refs = references(case)
    if refs:
        preview = group_profile(case, answers, "preview", held=date.today())
        for ref in refs[:2]:
            d = distance(weighing(preview), weighing(ref), items_of(case))
            st.markdown(
                f"**{ctx.t('teaching.compare.group_to_ref', group=ctx.t('paper.page.this_group'), reference=md_escape(ref.name))}** {distance_summary(d, ctx.lang)}"
            )
    name = st.text_input(
        ctx.t("teaching.adopt.name"), value=ctx.t("paper.page.default_name"), max_chars=100, key="paper:name"
    )
    held = st.date_input(ctx.t("paper.page.held"), value=date.today(), key="paper:held", format="DD-MM-YYYY")
    if st.button(ctx.t("teaching.adopt.save"), type="primary", key="paper:save", icon=":material/save:"):
        from dilemmakaart import audit
        from dilemmakaart.roles import Action
        from dilemmakaart.ui import auth

        if auth.refused(ctx, Action.SAVE, case.id):
            return
        if not name.strip():
            st.error(ctx.t("teaching.adopt.name_needed"))
            return
        try:
            fresh = ctx.library.load(case.id)
            profile = group_profile(fresh, answers, name, held=held, note=ctx.t(f"paper.page.note_{source}"))
            saved = ctx.library.save(with_group_profile(fresh, profile))
            auth.record(audit.SAVE, saved.id, saved.revision, f"group profile from paper: {name}")
        except EditError as exc:
            st.error(exc.message(ctx.lang) + " " + ctx.t("paper.page.try_name", name=free_name(case, name)))
            return
        except SAVE_FAILURES as exc:
            st.error(save_failure(ctx, exc))
            return
        st.success(
            ctx.t("teaching.adopt.saved", name=md_escape(profile.name), revision=saved.revision),
            icon=":material/check_circle:",
        )
