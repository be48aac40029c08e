"""Step 3, Afwegen: the dilemmas between two tagged values, each weighed on a slider between them.

Suggested from the code's tensions (with the tension's example), or added by hand. Widget keys
name the pair (``weigh:balance:privacy|veiligheid``), never a list position. Each dilemma is an
``st.fragment`` (its texts rerun only the card), and the balance slider with its words a fragment
inside it: a slider move reruns and redraws only the slider and its words, and its draft is written
after they are drawn.
"""

from __future__ import annotations

import streamlit as st

from dilemmakaart.analysis import suggest_dilemmas
from dilemmakaart.case import Case, Dilemma, EditError
from dilemmakaart.i18n import join_words
from dilemmakaart.limits import count_limit, item_limit, lines_problem, text_limit
from dilemmakaart.scales import BALANCE
from dilemmakaart.text import md_escape
from dilemmakaart.ui import a11y, pages, state, undo
from dilemmakaart.ui.bootstrap import Ctx
from dilemmakaart.ui.fields import guarded, note, refused_any, text_field
from dilemmakaart.ui.flow_common import bind, flow_page, on_change, step_links
from dilemmakaart.ui.widgets import kept_open
from dilemmakaart.wording import balance_words

HEADER = "weigh:header"
OPTION_MAX, OPTIONS_MAX = item_limit(Dilemma, "options"), count_limit(Dilemma, "options")


def _add(ctx: Ctx, a: str, b: str) -> None:
    _added(ctx, a, b)


def _added(ctx: Ctx, a: str, b: str) -> bool:
    """Add the dilemma a–b through the case (balance 0); a refusal is said on the page."""
    case = state.current_case()
    if case is None:
        return False
    try:
        case.add_dilemma(a, b)
    except EditError as exc:
        st.session_state["weigh:message"] = exc.message(ctx.lang, name=lambda v: ctx.code.value_name(v, ctx.lang))
        a11y.request_focus("[data-testid='stMain'] .st-key-weigh-message [data-testid='stAlert']", inside=False)
        return False
    state.touch(ctx)
    pair = next((d.key for d in case.dilemmas if {d.a, d.b} == {a, b}), None)
    if pair is not None:  # focus to the new card's heading, where the work goes on
        a11y.request_focus(f"{a11y.key_class('weigh-card-' + pair.replace('|', '--'))} h3", inside=False)
    return True


def _add_by_hand(ctx: Ctx) -> None:
    a = st.session_state.get("weigh:new-a")
    b = st.session_state.get("weigh:new-b")
    if not a or not b:
        st.session_state["weigh:message"] = ctx.t("flow.weigh.pick_two")
        a11y.request_focus("[data-testid='stMain'] .st-key-weigh-message [data-testid='stAlert']", inside=False)
    elif _added(ctx, a, b):
        st.session_state["weigh:new-a"] = st.session_state["weigh:new-b"] = None


def _remove(ctx: Ctx, pair: str) -> None:
    """Remove a dilemma; the page then says what went (with the group's answers) and offers to put it back."""
    case = state.current_case()
    dilemma = case.dilemma(pair) if case is not None else None
    if case is None or dilemma is None:
        return
    removed = case.remove_dilemma(pair)
    state.touch(ctx)
    name = lambda v: ctx.code.value_name(v, ctx.lang)  # noqa: E731
    written = dilemma.rationale or dilemma.options
    said = ctx.t(f"flow.weigh.removed{'_texts' if written else ''}", pair=f"{name(dilemma.a)} – {name(dilemma.b)}")
    if removed.answers:
        said += " " + ctx.t("flow.values.removed_answers", n=removed.answers)
    undo.offer("weigh", said, removed)


def _options(text: str | None) -> list[str]:
    """The options as the text area holds them: one per line, empty lines left out."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _set(pair: str, field: str):
    """The callback's write: one operation of the case (``set_balance``, ``set_dilemma_text``)."""

    def apply(case: Case, value) -> None:
        if field == "balance":
            case.set_balance(pair, value)
        elif field == "rationale":
            case.set_dilemma_text(pair, rationale=value or "")
        elif field == "options":
            case.set_dilemma_text(pair, options=_options(value))

    return apply


def weigh_page(ctx: Ctx) -> None:
    case = flow_page(ctx, 3)
    if case is None:
        return
    st.markdown(ctx.t("flow.weigh.intro"))
    if len(case.values) < 2:
        st.info(ctx.t("flow.weigh.need_values"), icon=":material/info:")
        pages.link(pages.VALUES, ctx.lang)
    suggested(ctx, case)
    by_hand(ctx, case)
    st.subheader(ctx.t("flow.weigh.dilemmas", n=len(case.dilemmas)), anchor=False)
    undo.notice(ctx, "weigh")  # what a removal took away, and "Ongedaan maken"
    if not case.dilemmas:
        st.caption(ctx.t("case.none_yet"))
    st.session_state[HEADER] = _header()
    for dilemma in case.dilemmas:
        dilemma_editor(ctx, dilemma.key)
    step_links(ctx, 3)


def suggested(ctx: Ctx, case: Case) -> None:
    tensions = suggest_dilemmas(case, ctx.code)
    if not tensions:
        return
    with st.container(border=True):
        st.subheader(ctx.t("flow.weigh.suggested", framework=ctx.code.title(ctx.lang)), anchor=False)
        for tension in tensions:
            a, b = ctx.code.value_name(tension.a, ctx.lang), ctx.code.value_name(tension.b, ctx.lang)
            text, button = st.columns([5, 1], vertical_alignment="center")
            text.markdown(f"**{a} ↔ {b}**  \n{tension.example(ctx.lang)}")
            button.button(
                ctx.t("flow.weigh.add"),
                key=f"weigh:suggest:{tension.a}|{tension.b}",
                icon=":material/add:",
                on_click=_add,
                args=(ctx, tension.a, tension.b),
                width="stretch",
            )


def by_hand(ctx: Ctx, case: Case) -> None:
    tagged = case.tagged()
    # built only while open (widgets.kept_open): fewer elements for the browser to redraw after a move
    box = kept_open(ctx.t("flow.weigh.by_hand"), "weigh:by-hand", first_open=not case.dilemmas and len(tagged) >= 2)
    if not box.open:
        return
    with box:
        name = lambda v: ctx.code.value_name(v, ctx.lang)  # noqa: E731
        left, right, button = st.columns([2, 2, 1], vertical_alignment="bottom")
        left.selectbox(
            ctx.t("flow.weigh.value_a"),
            options=tagged,
            index=None,
            format_func=name,
            key="weigh:new-a",
            placeholder=ctx.t("flow.choose"),
        )
        right.selectbox(
            ctx.t("flow.weigh.value_b"),
            options=tagged,
            index=None,
            format_func=name,
            key="weigh:new-b",
            placeholder=ctx.t("flow.choose"),
        )
        button.button(
            ctx.t("flow.weigh.add"),
            key="weigh:add",
            icon=":material/add:",
            on_click=_add_by_hand,
            args=(ctx,),
            width="stretch",
        )
        message = st.session_state.pop("weigh:message", None)
        if message:
            with st.container(key="weigh-message"):
                st.warning(md_escape(message))


def _header() -> tuple[bool, bool]:
    """What the page around the dilemmas shows of the case's state (the "unsaved" mark, the note
    about a refused text): when it changes, the whole page is drawn again."""
    return state.is_dirty(), refused_any()


@st.fragment
def dilemma_editor(ctx: Ctx, pair: str) -> None:
    """One dilemma: a fragment, so moving its slider or editing its texts reruns only this card."""
    case = state.current_case()
    dilemma = case.dilemma(pair) if case is not None else None
    if case is None or dilemma is None or st.session_state.get(HEADER) != _header():
        st.rerun(scope="app")
        return
    a, b = ctx.code.value_name(dilemma.a, ctx.lang), ctx.code.value_name(dilemma.b, ctx.lang)
    with st.container(border=True, key=f"weigh-card-{pair.replace('|', '--')}"):
        head, button = st.columns([5, 1], vertical_alignment="center")
        head.markdown(f"### {md_escape(a)} ↔ {md_escape(b)}")
        with button, a11y.named(ctx.t("a11y.of_dilemma", a=a, b=b), key=pair):  # "Weghalen dilemma A – B"
            st.button(
                ctx.t("flow.weigh.remove"),
                key=f"weigh:remove:{pair}",
                icon=":material/delete:",
                on_click=_remove,
                args=(ctx, pair),
                width="stretch",
            )
        untagged = [v for v in (dilemma.a, dilemma.b) if case.value(v) is None]
        if untagged:
            st.caption(
                ctx.t(
                    "flow.weigh.untagged",
                    values=join_words([ctx.code.value_name(v, ctx.lang) for v in untagged], ctx.lang),
                    n=len(untagged),
                )
            )
        ends = st.columns(3)
        ends[0].markdown(f"**← {md_escape(a)}**")
        ends[1].markdown(f":gray[{ctx.t('flow.weigh.equal')}]", text_alignment="center")
        ends[2].markdown(f"**{md_escape(b)} →**", text_alignment="right")
        balance_slider(ctx, pair)
        tension = ctx.code.tension(dilemma.a, dilemma.b)
        if tension:
            st.caption(
                ctx.t("flow.weigh.example", example=tension.example(ctx.lang), framework=ctx.code.title(ctx.lang))
            )
        left, right = st.columns(2)
        with left:
            text_field(
                ctx,
                ctx.t("flow.weigh.rationale"),
                f"weigh:rationale:{pair}",
                dilemma.rationale,
                text_limit(Dilemma, "rationale"),
                _set(pair, "rationale"),
                area=True,
                height=110,
                placeholder=ctx.t("flow.weigh.rationale_placeholder"),
            )
        with right:
            st.text_area(
                ctx.t("flow.weigh.options"),
                height=110,
                placeholder=ctx.t("flow.weigh.options_placeholder"),
                help=ctx.t("flow.weigh.options_help"),
                **guarded(
                    ctx,
                    f"weigh:options:{pair}",
                    "\n".join(dilemma.options),
                    _set(pair, "options"),
                    lambda text: lines_problem(text, OPTION_MAX, OPTIONS_MAX),
                ),
            )
            note(ctx, f"weigh:options:{pair}", lines=True)
    state.flush_draft(ctx)  # a text's draft, written after the card is drawn


@st.fragment
def balance_slider(ctx: Ctx, pair: str) -> None:
    """The balance and its words: a fragment inside the card's, so a slider move reruns and redraws
    only these two (not the card's texts and buttons); its draft is written after they are drawn."""
    case = state.current_case()
    dilemma = case.dilemma(pair) if case is not None else None
    if case is None or dilemma is None or st.session_state.get(HEADER) != _header():
        st.rerun(scope="app")
        return
    a, b = ctx.code.value_name(dilemma.a, ctx.lang), ctx.code.value_name(dilemma.b, ctx.lang)
    bind(f"weigh:balance:{pair}", dilemma.balance)
    st.slider(
        ctx.t("flow.weigh.slider", a=a, b=b),
        min_value=BALANCE.min,
        max_value=BALANCE.max,
        step=BALANCE.step,
        help=ctx.t("flow.weigh.slider_help", a=a, b=b),
        **on_change(ctx, _set(pair, "balance"), f"weigh:balance:{pair}", later=True),
    )
    with st.container(key=f"weigh-words-{pair.replace('|', '--')}"):
        st.markdown(f"**{md_escape(balance_words(a, b, dilemma.balance, ctx.lang))}**")
    # the balance's draft, handed to the writer beside the page: the run ends without waiting for the disk
    state.flush_draft(ctx, background=True)
