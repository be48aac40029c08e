"""The home page: a short introduction and the library to open a case from (read-only)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dilemmakaart.ui.bootstrap import Ctx
from dilemmakaart.ui.widgets import case_overview, label


def home(ctx: Ctx) -> None:
    st.title(ctx.t("home.title"), anchor=False)
    st.markdown(ctx.t("home.intro"))
    with st.expander(ctx.t("home.steps_title"), expanded=False):
        st.markdown(ctx.t("home.steps"))

    listing = ctx.library.list()
    st.header(ctx.t("home.library_title", n=len(listing.cases)), anchor=False)
    if listing.unreadable:
        with st.expander(ctx.t("home.unreadable", n=len(listing.unreadable)), icon=":material/warning:"):
            for item in listing.unreadable:
                st.markdown(f"**{item.name}**")
                for problem in item.problems:
                    st.text(f"{problem.place or '-'}: {problem.message(ctx.lang)}")
    if not listing.cases:
        st.info(ctx.t("home.empty"))
        return
    rows = [{
        "id": c.id,
        ctx.t("case.title"): c.title,
        ctx.t("case.organisation"): c.organisation or "—",
        ctx.t("case.organisation_type"): label(ctx, "organisation_type", c.organisation_type),
        ctx.t("case.phase"): label(ctx, "phase", c.phase),
        ctx.t("case.status"): label(ctx, "status", c.status),
        ctx.t("home.values_count"): len(c.values),
    } for c in listing.cases]
    st.dataframe(pd.DataFrame(rows).drop(columns="id"), hide_index=True, width="stretch")

    titles = {c.id: c.title for c in listing.cases}
    wanted = st.query_params.get("case")
    chosen = st.selectbox(
        ctx.t("home.open_readonly"),
        options=list(titles),
        index=list(titles).index(wanted) if wanted in titles else None,
        format_func=titles.get,
        placeholder=ctx.t("home.choose_case"),
        key="home:case",
    )
    if chosen:
        case_overview(ctx, ctx.library.load(chosen))
