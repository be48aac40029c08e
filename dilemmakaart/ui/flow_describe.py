"""Step 1, Beschrijven: the project in a few fields, with prompts that help describe it well."""

from __future__ import annotations

import streamlit as st

from dilemmakaart.case import ORGANISATION_TYPES, PHASES, Case
from dilemmakaart.ui.bootstrap import Ctx
from dilemmakaart.ui.flow_common import bind, flow_page, on_change, step_links
from dilemmakaart.ui.widgets import label


def _set(field: str):
    def apply(case: Case, value) -> None:
        if isinstance(value, str) and field != "description":
            value = value.strip()
        if field in ("organisation",) and not value:
            value = None
        setattr(case, field, value)

    return apply


def _set_list(field: str):
    def apply(case: Case, value) -> None:
        items: list[str] = []
        for item in value or []:
            item = str(item).strip()
            if item and item not in items:
                items.append(item)
        setattr(case, field, items)

    return apply


def describe_page(ctx: Ctx) -> None:
    case = flow_page(ctx, 1)
    if case is None:
        return
    st.markdown(ctx.t("flow.describe.intro"))
    main, side = st.columns([3, 2], gap="large")
    with main:
        bind("describe:title", case.title)
        st.text_input(
            ctx.t("case.title"),
            max_chars=200,
            placeholder=ctx.t("flow.describe.title_placeholder"),
            **on_change(ctx, _set("title"), "describe:title"),
        )
        left, right = st.columns(2)
        with left:
            bind("describe:organisation", case.organisation or "")
            st.text_input(
                ctx.t("case.organisation"),
                max_chars=200,
                placeholder=ctx.t("flow.describe.organisation_placeholder"),
                **on_change(ctx, _set("organisation"), "describe:organisation"),
            )
        with right:
            bind("describe:organisation_type", case.organisation_type)
            st.selectbox(
                ctx.t("case.organisation_type"),
                options=list(ORGANISATION_TYPES),
                index=None,
                format_func=lambda v: label(ctx, "organisation_type", v),
                placeholder=ctx.t("flow.choose"),
                **on_change(ctx, _set("organisation_type"), "describe:organisation_type"),
            )
        known = [t.id for t in ctx.code.technologies]
        options = known + [t for t in case.technology if t not in known]
        names = {t.id: t.name(ctx.lang) for t in ctx.code.technologies}
        bind("describe:technology", list(case.technology))
        st.multiselect(
            ctx.t("case.technology"),
            options=options,
            format_func=lambda v: names.get(v, v),
            accept_new_options=True,
            placeholder=ctx.t("flow.describe.technology_placeholder"),
            help=ctx.t("flow.describe.technology_help"),
            **on_change(ctx, _set_list("technology"), "describe:technology"),
        )
        left, right = st.columns(2)
        with left:
            bind("describe:phase", case.phase)
            st.selectbox(
                ctx.t("case.phase"),
                options=list(PHASES),
                index=None,
                format_func=lambda v: label(ctx, "phase", v),
                placeholder=ctx.t("flow.choose"),
                **on_change(ctx, _set("phase"), "describe:phase"),
            )
        with right:
            bind("describe:stakeholders", list(case.stakeholders))
            st.multiselect(
                ctx.t("case.stakeholders"),
                options=list(case.stakeholders),
                accept_new_options=True,
                placeholder=ctx.t("flow.describe.stakeholders_placeholder"),
                help=ctx.t("flow.describe.stakeholders_help"),
                **on_change(ctx, _set_list("stakeholders"), "describe:stakeholders"),
            )
        bind("describe:description", case.description)
        st.text_area(
            ctx.t("case.description"),
            height=320,
            max_chars=20000,
            placeholder=ctx.t("flow.describe.description_placeholder"),
            **on_change(ctx, _set("description"), "describe:description"),
        )
    with side:
        with st.container(border=True):
            st.subheader(ctx.t("flow.describe.prompts_title"), anchor=False)
            st.markdown(ctx.t("flow.describe.prompts"))
        if case.technology:
            with st.container(border=True):
                st.markdown(f"**{ctx.t('flow.describe.tech_values')}**")
                for tech_id in case.technology:
                    tech = ctx.code.technology(tech_id)
                    if tech:
                        values = ", ".join(ctx.code.value_name(v, ctx.lang) for v in tech.values)
                        st.markdown(f"- {tech.name(ctx.lang)}: {values}")
    step_links(ctx, 1)
