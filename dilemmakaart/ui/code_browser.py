"""The code browser: the value code as a reader wants it, with honest status per value."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dilemmakaart.code import Value
from dilemmakaart.ui.bootstrap import Ctx


def value_matches(value: Value, query: str) -> bool:
    query = query.strip().lower()
    if not query:
        return True
    texts = [value.id, value.name.nl, value.name.en, value.meaning.nl, value.meaning.en]
    return any(query in text.lower() for text in texts)


def status_badge(ctx: Ctx, value: Value) -> str:
    if value.status == "confirmed":
        return f":green-badge[:material/verified: {ctx.t('code.confirmed')}]"
    return f":orange-badge[:material/construction: {ctx.t('code.reconstructed')}]"


def show_value(ctx: Ctx, value: Value) -> None:
    st.markdown(status_badge(ctx, value))
    st.markdown(value.meaning(ctx.lang))
    st.markdown(f"**{ctx.t('code.questions')}**")
    st.markdown("\n".join(f"- {q}" for q in value.questions(ctx.lang)))
    st.markdown(f"**{ctx.t('code.actions')}**")
    st.markdown("\n".join(f"- {a.text(ctx.lang)} ({ctx.t('action_kind.' + a.kind)})" for a in value.actions))
    if value.instruments:
        names = [ctx.code.instrument(i).name(ctx.lang) for i in value.instruments]
        st.markdown(f"**{ctx.t('code.instruments')}**: " + ", ".join(names))
    if value.legal_floors:
        from dilemmakaart.options import floor_lines
        from dilemmakaart.text import md_escape

        st.markdown(f"**{ctx.t('options.legal_floors')}**")
        st.markdown("\n".join(f"- {md_escape(line)}" for line in floor_lines(value, ctx.lang)))
    show_coverage(ctx, value)


def show_coverage(ctx: Ctx, value: Value) -> None:
    """The laws that already cover the value, and what it asks beyond them (issue 16)."""
    from dilemmakaart.coverage import coverage, coverage_line
    from dilemmakaart.text import md_escape

    default = ctx.library.code if ctx.library is not None else None
    cover = coverage(ctx.code, value.id, ctx.lang, through=default)
    st.markdown(f"**{ctx.t('cov.laws')}**: {md_escape(coverage_line(ctx.code, cover, ctx.lang, default))}")
    st.markdown(f"**{ctx.t('cov.beyond')}**: {md_escape(cover.beyond or ctx.t('cov.beyond_missing'))}")


def _choose_framework(ctx: Ctx) -> None:
    """Which framework to show: every framework found (the library's default first)."""
    from dilemmakaart.frameworks import frameworks

    found = frameworks()
    ids = found.ids()
    if len(ids) > 1:
        chosen = st.segmented_control(
            ctx.t("fw.browse"),
            options=ids,
            default=ctx.code.id if ctx.code.id in ids else ids[0],
            format_func=lambda i: found.by_id[i].title(ctx.lang),
            key="code:framework",
        )
        if chosen and chosen in found.by_id:
            ctx.use_framework(found.by_id[chosen])
    for path, problems in found.broken:  # a dropped-in file that does not load: say why, do not hide it
        with st.expander(ctx.t("fw.broken", file=path.name), icon=":material/error:"):
            st.text("\n".join(f"{p.place or '-'}: {p.message(ctx.lang)}" for p in problems))
    for path, framework_id in found.shadowed:
        st.warning(ctx.t("fw.shadowed", file=path.name, id=framework_id), icon=":material/warning:")


def code_browser(ctx: Ctx) -> None:
    _choose_framework(ctx)
    code = ctx.code
    st.title(code.title(ctx.lang), anchor=False)
    st.caption(f"{code.full_title(ctx.lang)} — {', '.join(code.authors)}, {code.year}. {code.publisher(ctx.lang)}")
    reconstructed = sum(v.status == "reconstructed" for v in code.values)
    st.info(
        code.source_note(ctx.lang) + "\n\n" + ctx.t("code.counts", total=len(code.values), reconstructed=reconstructed),
        icon=":material/info:",
    )

    values_tab, tensions_tab, instruments_tab, law_tab, side_tab = st.tabs(
        [
            ctx.t("code.tab_values"),
            ctx.t("code.tab_tensions"),
            ctx.t("code.tab_instruments"),
            ctx.t("fw.tab_law"),
            ctx.t("fw.tab_side"),
        ]
    )
    with law_tab:
        from dilemmakaart.coverage import coverage_rows
        from dilemmakaart.text import md_escape

        st.subheader(ctx.t("cov.title"), anchor=False)
        st.caption(ctx.t("cov.intro"))
        default = ctx.library.code if ctx.library is not None else None
        lines = []
        for row in coverage_rows(code, ctx.lang, default):  # long sentences: a list, not a table that cuts them
            name, laws, beyond = (md_escape(str(cell)) for cell in row.values())
            lines.append(f"- **{name}**  \n{ctx.t('cov.laws')}: {laws}  \n{ctx.t('cov.beyond')}: {beyond}")
        st.markdown("\n".join(lines))
    with side_tab:
        from dilemmakaart.ui.frameworks_view import side_by_side

        side_by_side(ctx)
    with values_tab:
        query = st.text_input(ctx.t("code.search"), key="code:search", placeholder=ctx.t("code.search_hint"))
        shown = 0
        for foundation in code.foundations:
            st.header(foundation.name(ctx.lang), anchor=False)
            st.caption(foundation.meaning(ctx.lang))
            for principle in code.principles_of(foundation.id):
                values = [v for v in code.values_of(principle.id) if value_matches(v, query)]
                if not values:
                    continue
                st.subheader(principle.name(ctx.lang), anchor=False)
                st.caption(principle.meaning(ctx.lang))
                for value in values:
                    shown += 1
                    marker = "" if value.status == "confirmed" else " *"
                    with st.expander(value.name(ctx.lang) + marker, expanded=bool(query.strip())):
                        show_value(ctx, value)
        if shown == 0:
            st.warning(ctx.t("code.no_match"))
        st.caption(ctx.t("code.star_note"))
    with tensions_tab:
        st.markdown(ctx.t("code.tensions_intro"))
        rows = [
            {
                ctx.t("code.value_a"): code.value_name(t.a, ctx.lang),
                ctx.t("code.value_b"): code.value_name(t.b, ctx.lang),
                ctx.t("code.example"): t.example(ctx.lang),
            }
            for t in code.tensions
        ]
        st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
    with instruments_tab:
        for inst in code.instruments:
            with st.expander(inst.name(ctx.lang)):
                st.markdown(inst.what(ctx.lang))
                related = [code.value_name(v, ctx.lang) for v in inst.when.values]
                if related:
                    st.caption(ctx.t("code.instrument_values", values=", ".join(related)))
