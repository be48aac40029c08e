"""Step 1, Beschrijven: the project in a few fields, with prompts that help describe it well."""

from __future__ import annotations

import streamlit as st

from dilemmakaart.case import ORGANISATION_TYPES, PHASES, Case
from dilemmakaart.limits import TooLong, count_limit, item_limit, items_problem, text_limit
from dilemmakaart.ui.bootstrap import Ctx
from dilemmakaart.ui.fields import guarded, note, text_field
from dilemmakaart.ui.flow_common import bind, flow_page, on_change, step_links
from dilemmakaart.ui.widgets import label


def _set(field: str):
    """The callback's write: one ``describe`` of the case (an empty organisation clears it)."""

    def apply(case: Case, value) -> None:
        if isinstance(value, str) and field != "description":
            value = value.strip()
        case.describe(**{field: value})

    return apply


def _clean_items(value) -> list[str]:
    items: list[str] = []
    for item in value or []:
        item = str(item).strip()
        if item and item not in items:
            items.append(item)
    return items


def _set_list(field: str):
    def apply(case: Case, value) -> None:
        case.describe(**{field: _clean_items(value)})

    return apply


def _items(field: str):
    """The check of a list of names (technology, stakeholders) against the case format's limits."""
    item_max, count_max = item_limit(Case, field), count_limit(Case, field)

    def check(value) -> TooLong | None:
        return items_problem(_clean_items(value), item_max, count_max)

    return check


def describe_page(ctx: Ctx) -> None:
    case = flow_page(ctx, 1)
    if case is None:
        return
    st.markdown(ctx.t("flow.describe.intro"))
    from dilemmakaart.ui.frameworks_view import framework_picker

    framework_picker(ctx, case)  # the framework to weigh in: the code or another one (issue 16)
    main, side = st.columns([3, 2], gap="large")
    with main:
        text_field(
            ctx,
            ctx.t("case.title"),
            "describe:title",
            case.title,
            text_limit(Case, "title"),
            _set("title"),
            strip=True,
            required=True,
            place="title",
            placeholder=ctx.t("flow.describe.title_placeholder"),
        )
        left, right = st.columns(2)
        with left:
            text_field(
                ctx,
                ctx.t("case.organisation"),
                "describe:organisation",
                case.organisation or "",
                text_limit(Case, "organisation"),
                _set("organisation"),
                strip=True,
                placeholder=ctx.t("flow.describe.organisation_placeholder"),
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
        st.multiselect(
            ctx.t("case.technology"),
            options=options,
            format_func=lambda v: names.get(v, v),
            accept_new_options=True,
            placeholder=ctx.t("flow.describe.technology_placeholder"),
            help=ctx.t("flow.describe.technology_help"),
            **guarded(ctx, "describe:technology", list(case.technology), _set_list("technology"), _items("technology")),
        )
        note(ctx, "describe:technology")
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
            st.multiselect(
                ctx.t("case.stakeholders"),
                options=list(case.stakeholders),
                accept_new_options=True,
                placeholder=ctx.t("flow.describe.stakeholders_placeholder"),
                help=ctx.t("flow.describe.stakeholders_help"),
                **guarded(
                    ctx,
                    "describe:stakeholders",
                    list(case.stakeholders),
                    _set_list("stakeholders"),
                    _items("stakeholders"),
                ),
            )
            note(ctx, "describe:stakeholders")
        text_field(
            ctx,
            ctx.t("case.description"),
            "describe:description",
            case.description,
            text_limit(Case, "description"),
            _set("description"),
            area=True,
            height=320,
            placeholder=ctx.t("flow.describe.description_placeholder"),
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
