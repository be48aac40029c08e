"""Step 2, Waarden: the 30 values of the code to choose from (with meaning and questions), the
values at stake with weight, effect and note, the clickable value wheel, and suggestions with reasons.

The values at stake are one ``st.fragment`` (``at_stake``): a compact list of the tagged values
with their numbers as text, one open card with the sliders and the note, the live map and the
wheel (in a popover, drawn while open). The sliders, the list and the live map are a fragment
inside it (``live``): a slider belongs to it, so a move is one run of that part only, and the
browser draws again only the sliders, the list and the live map's data (``bench/slider_speed.py``
measures it against a trivial page).
"""

from __future__ import annotations

from functools import partial

import pyarrow as pa
import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from dilemmakaart.analysis import ValueSuggestion, mini_map_spec, suggest_values
from dilemmakaart.case import Case, Removed, ValueAtStake
from dilemmakaart.charts import describe
from dilemmakaart.limits import text_limit
from dilemmakaart.options import floor_lines
from dilemmakaart.scales import EFFECT, WEIGHT
from dilemmakaart.text import md_escape
from dilemmakaart.ui import a11y, state, undo
from dilemmakaart.ui.bootstrap import Ctx
from dilemmakaart.ui.fields import text_field
from dilemmakaart.ui.flow_common import bind, flow_page, on_change, step_links
from dilemmakaart.wording import removed_words, signed

FULL_RERUN = "values:full-rerun"
HEADER_DIRTY = "values:header-dirty"
OPEN = "values:open"  # the tagged value whose card is open (the list's radio)
AT_STAKE = "values-at-stake"  # the fragment with the values at stake (reruns when another is opened)
LIVE = "values-live"  # the fragment a slider move reruns: the sliders, the list's numbers and the live map
SLIDERS_OF = "values:sliders-of"  # the value whose sliders ``live`` drew last


def _open(value_id: str) -> None:
    """Open this value's card: a value just tagged is the one the person works on next."""
    st.session_state[OPEN] = value_id


def _toggle(ctx: Ctx, value_id: str) -> None:
    case = state.current_case()
    if case is None:
        return
    if st.session_state.get(f"values:tag:{value_id}"):
        case.tag(value_id)
        _open(value_id)
        # focus to the new card's weight slider, where the work goes on (not 160 Tab presses away)
        a11y.request_focus(f"{a11y.key_class(f'values-card-{value_id}')} input[type='range']", inside=False)
    else:
        _say_removed(ctx, case.untag(value_id))
    state.touch(ctx)


def _say_removed(ctx: Ctx, removed: Removed) -> None:
    """The page says, once, what untagging a value removed as well (dilemmas, answers, actions),
    with a button that puts it back."""
    undo.offer("values", removed_words(removed, lambda v: ctx.code.value_name(v, ctx.lang), ctx.lang), removed)


def _full_rerun() -> None:
    st.session_state[FULL_RERUN] = True


def _tag_click(ctx: Ctx, value_id: str) -> None:
    case = state.current_case()
    if case is not None and case.tag(value_id):
        state.touch(ctx)
    if case is not None and case.value(value_id) is not None:
        _open(value_id)
    st.session_state[FULL_RERUN] = True


def _untag_click(ctx: Ctx, value_id: str) -> None:
    case = state.current_case()
    if case is not None:
        _say_removed(ctx, case.untag(value_id))
        state.touch(ctx)
    st.session_state[FULL_RERUN] = True


def wheel_selection(selection, known: frozenset[str]) -> list[str]:
    """The value ids in the wheel's selection state (``{"selection": {"wheel": [{"value": ..}]}}``)."""
    try:
        points = (selection.get("selection") or {}).get("wheel") or []
    except AttributeError:
        return []
    out = []
    for point in points:
        value_id = point.get("value") if isinstance(point, dict) else None
        if value_id in known and value_id not in out:
            out.append(value_id)
    return out


def _wheel_selected(ctx: Ctx) -> None:
    """A click on the wheel: tag the values it selected."""
    case = state.current_case()
    added = False
    for value_id in wheel_selection(st.session_state.get("values:wheel") or {}, ctx.code.value_ids):
        if case is not None and case.tag(value_id):
            added = True
            _open(value_id)
    if added:
        state.touch(ctx)
        st.session_state[FULL_RERUN] = True


def _set_field(value_id: str, field: str):
    """The callback's write: one operation of the case (``set_weight``, ``set_effect``, ``set_note``)."""

    def apply(case: Case, value) -> None:
        if field == "weight":
            case.set_weight(value_id, value)
        elif field == "effect":
            case.set_effect(value_id, value)
        else:
            case.set_note(value_id, value)

    return apply


def values_page(ctx: Ctx) -> None:
    case = flow_page(ctx, 2)
    if case is None:
        return
    st.session_state[HEADER_DIRTY] = (state.is_dirty(), len(case.values))
    st.markdown(ctx.t("flow.values.intro", framework=ctx.code.title(ctx.lang)))
    left, right = st.columns([2, 3], gap="large")
    with left:
        suggestions(ctx, case)
        catalogue(ctx, case)
    with right:
        at_stake(ctx)
    step_links(ctx, 2)


def reason_text(ctx: Ctx, suggestion: ValueSuggestion, *, short: bool = False) -> str:
    """The reasons for a suggestion in plain words (example titles escaped); ``short`` counts the
    example cases instead of naming them."""
    techs, tensions, examples = [], [], []
    for reason in suggestion.reasons:
        if reason.kind == "technology":
            tech = ctx.code.technology(reason.ref)
            techs.append(tech.name(ctx.lang) if tech else reason.ref)
        elif reason.kind == "tension":
            tensions.append(ctx.code.value_name(reason.ref, ctx.lang))
        else:
            examples.append(reason.label or reason.ref)
    parts = []
    if techs:
        parts.append(ctx.t("flow.values.reason_technology", technology=", ".join(techs)))
    if tensions:
        parts.append(ctx.t("flow.values.reason_tension", value=", ".join(tensions), framework=ctx.code.title(ctx.lang)))
    if examples:
        if short:
            parts.append(ctx.t("flow.values.reason_examples", n=len(examples)))
        else:
            parts.append(ctx.t("flow.values.reason_example", cases=", ".join(f"“{md_escape(x)}”" for x in examples)))
    return "; ".join(parts)


def suggestions(ctx: Ctx, case: Case) -> None:
    found = suggest_values(case, ctx.code, ctx.library.list().cases, limit=5)
    with st.container(border=True):
        st.subheader(ctx.t("flow.values.suggestions"), anchor=False)
        if not found:
            st.caption(ctx.t("flow.values.no_suggestions"))
            return
        st.caption(ctx.t("flow.values.suggestions_help"))
        for suggestion in found:
            name = ctx.code.value_name(suggestion.value, ctx.lang)
            st.button(
                name,
                key=f"values:suggest:{suggestion.value}",
                icon=":material/add:",
                on_click=_tag_click,
                args=(ctx, suggestion.value),
                help=reason_text(ctx, suggestion),
            )
            st.caption(reason_text(ctx, suggestion, short=True))


def _matches(ctx: Ctx, value, query: str) -> bool:
    if not query:
        return True
    haystack = " ".join([value.name.nl, value.name.en, value.meaning(ctx.lang), *value.questions(ctx.lang), value.id])
    return query.casefold() in haystack.casefold()


def catalogue(ctx: Ctx, case: Case) -> None:
    st.subheader(ctx.t("flow.values.catalogue", framework=ctx.code.title(ctx.lang)), anchor=False)
    query = st.text_input(
        ctx.t("flow.values.search"), key="values:search", placeholder=ctx.t("flow.values.search_placeholder")
    ).strip()
    tagged = set(case.tagged())
    shown = 0
    st.caption(ctx.t("flow.values.tag_help"))
    foundations = list(ctx.code.foundations)
    if not query:
        # one foundation at a time (the browser's work per slider move grows with the whole page,
        # so the catalogue does not hold all 30 values with their popovers at once); a search
        # looks through all three
        names = {f.id: f.name(ctx.lang) for f in foundations}
        counts = {
            f.id: sum(ctx.code.foundation_of(v).id == f.id for v in tagged if v in ctx.code.value_ids)
            for f in foundations
        }
        if st.session_state.get("values:foundation") not in names:
            st.session_state["values:foundation"] = foundations[0].id
        chosen = st.radio(
            ctx.t("flow.values.foundation"),
            list(names),
            format_func=lambda fid: f"{_dot(fid)} {names[fid]} ({counts[fid]})",
            key="values:foundation",
            horizontal=True,
        )
        foundations = [f for f in foundations if f.id == chosen]
    for foundation in foundations:
        principles = [
            (p, [v for v in ctx.code.values_of(p.id) if _matches(ctx, v, query)])
            for p in ctx.code.principles_of(foundation.id)
        ]
        if not any(values for _, values in principles):
            continue
        if query:
            st.markdown(f"#### {_dot(foundation.id)} {foundation.name(ctx.lang)}")
        for principle, values in principles:
            if not values:
                continue
            n_tagged = sum(v.id in tagged for v in values)
            title = f"{principle.name(ctx.lang)} ({n_tagged}/{len(values)})"
            with st.expander(title, expanded=bool(query) or n_tagged > 0):
                st.caption(principle.meaning(ctx.lang))
                for value in values:
                    shown += 1
                    key = bind(f"values:tag:{value.id}", value.id in tagged)
                    # one element and one popover per value (the meaning, the questions and the
                    # legal floors open on a click): fewer elements on the page make a slider
                    # move cheaper for the browser
                    st.checkbox(value.name(ctx.lang), key=key, on_change=_toggle, args=(ctx, value.id))
                    # the button is named for its value: "Uitleg bij Inclusie" (static/a11y.js)
                    with (
                        a11y.named(ctx.t("a11y.about_value", value=value.name(ctx.lang)), key=value.id),
                        st.popover(ctx.t("flow.values.about"), icon=":material/help:"),
                    ):
                        st.markdown(value.meaning(ctx.lang))
                        st.markdown("\n".join(f"- {q}" for q in value.questions(ctx.lang)))
                        if value.legal_floors:
                            st.markdown(f"**{ctx.t('options.legal_floors')}**")
                            st.caption(ctx.t("options.legal_floors_help"))
                            st.markdown("\n".join(f"- {md_escape(line)}" for line in floor_lines(value, ctx.lang)))
    if not shown:
        st.info(ctx.t("flow.values.no_match"))


# Streamlit's Markdown colours closest to the palette's foundation colours
MARKDOWN_COLOURS = {"democratie": "blue", "rechtsstaat": "orange", "bestuurskracht": "green"}


def _dot(foundation_id: str) -> str:
    return f":{MARKDOWN_COLOURS.get(foundation_id, 'gray')}[■]"


@st.fragment(key=AT_STAKE)
def at_stake(ctx: Ctx) -> None:
    """The values at stake: a list of them with their numbers as text, the open value's card with
    its sliders and note, the live map, and the clickable wheel in a popover. Reruns on its own
    when another value is opened or a note changes. A slider move reruns less: only ``live`` (the
    sliders, the list and the live map), so the card's name, its note and the rest are not drawn
    again (the browser's work per move grows with what a run draws; ``bench/slider_speed.py``).
    The live map stays drawn across a move and only swaps its data
    (tests/e2e/test_values_live_e2e.py)."""
    case = state.current_case()
    if case is None:
        return
    if st.session_state.pop(FULL_RERUN, False) or _header_changed(case):
        st.rerun(scope="app")
    st.subheader(ctx.t("flow.values.at_stake", n=len(case.values)), anchor=False)
    undo.notice(ctx, "values", after=_full_rerun)  # what untagging took away, and "Ongedaan maken"
    # the wheel opens on request and is drawn only while open: drawing it again after every move
    # was more than half of the browser's work per move (bench/slider_speed.py)
    box = st.popover(
        ctx.t("flow.values.wheel_open"), icon=":material/donut_large:", key="values:wheel-open", on_change="rerun"
    )
    if box.open:
        with box:
            wheel(ctx, case)
    if case.values:
        # the sliders' meaning said once, not as a help icon and a caption on every card
        with st.container(key="values-scales"):  # describes every card's sliders (static/a11y.js)
            st.caption(f"{ctx.t('flow.values.weight_help')}  \n{ctx.t('flow.values.effect_help')}")
        listed, card = st.columns([1, 2], gap="medium")
        with card:
            sliders = value_editor(ctx, open_value(case))
        st.markdown(f"**{ctx.t('flow.values.live_map')}**")
        shown = st.container(key="values-minimap")
        live(ctx, listed, sliders, shown)  # the list beside the card, its sliders, the map in ``shown``
        st.caption(ctx.t("flow.values.live_map_help"))
    else:
        st.info(ctx.t("flow.values.none_tagged"))
    # a note's draft, handed to the writer beside the page: the run ends without waiting for the disk
    state.flush_draft(ctx, background=True)


def _header_changed(case: Case) -> bool:
    """The page around the values at stake shows the "unsaved" mark and their count: when either
    changes, the whole page is drawn again."""
    return st.session_state.get(HEADER_DIRTY) != (state.is_dirty(), len(case.values))


def open_value(case: Case) -> ValueAtStake:
    """The value whose card is open: the one just tagged, else the one chosen, else the first."""
    items = {item.value: item for item in case.values}
    if st.session_state.get(OPEN) not in items:
        st.session_state[OPEN] = case.values[0].value
    return items[st.session_state[OPEN]]


def _opened() -> None:
    """Another value chosen in the list: its card is drawn by the part around the list."""
    st.rerun(AT_STAKE)


@st.fragment(key=LIVE)
def live(ctx: Ctx, listed, sliders, shown) -> None:
    """What a slider move changes, drawn into places of the part around it: the open value's
    sliders (into ``sliders``, in its card), the list of values at stake with their numbers (into
    the column ``listed`` beside the card) and the live map (into ``shown``). The sliders are this
    part's own widgets, so a move is one run of this part and nothing else; its draft goes to the
    writer beside the page after all is drawn."""
    case = state.current_case()
    if case is None or not case.values or _header_changed(case):
        st.rerun(scope="app")
    items = {item.value: item for item in case.values}
    if st.session_state.get(OPEN) not in items:
        st.rerun(scope="app")
    with sliders:
        value_sliders(ctx, items[st.session_state[OPEN]])
    with listed, st.container(key="values-list"):
        st.radio(
            ctx.t("flow.values.open"),
            list(items),
            format_func=lambda vid: ctx.code.value_name(vid, ctx.lang),
            captions=[numbers_text(ctx, item) for item in items.values()],
            key=OPEN,
            on_change=_opened,
        )
    with shown:
        st.vega_lite_chart(
            spec=as_arrow(
                mini_map_spec(
                    case,
                    ctx.code,
                    ctx.lang,
                    height=240,
                    titles=(
                        ctx.t("flow.values.axis_effect"),
                        ctx.t("flow.values.axis_weight"),
                        ctx.t("flow.values.quadrant"),
                    ),
                )
            ),
            theme=None,
            alt=ctx.t("flow.values.live_map_help"),
        )
    # the move's draft, handed to the writer beside the page: the run ends without waiting for the disk
    state.flush_draft(ctx, background=True)


def numbers_text(ctx: Ctx, item: ValueAtStake) -> str:
    """A value's numbers as the list says them: ``gewicht 7 · effect −2``."""
    return ctx.t("flow.values.numbers", weight=item.weight, effect=signed(item.effect))


def as_arrow(spec: dict) -> dict:
    """The spec with its named datasets as Arrow tables, which Streamlit sends as they are; rows
    as a list of dicts would go through a pandas DataFrame first (for the live map: 5 ms against
    0.4 ms per move, ``bench/slider_speed.py``). Every key of any row is a column; a row without
    it has a null there."""
    tables = {}
    for name, rows in (spec.get("datasets") or {}).items():
        keys = list(dict.fromkeys(key for row in rows for key in row))
        tables[name] = pa.Table.from_pydict({key: [row.get(key) for row in rows] for key in keys})
    return {**spec, "datasets": tables} if tables else spec


def wheel_spec(case: Case, ctx: Ctx) -> dict:
    """The clickable wheel as a Vega-Lite dict: ``value_wheel(...).to_dict()`` with its static part
    (rings, names, legend) built once per language and set of tagged values, so a slider move
    only recomputes the wheel's rows (see ``case_charts.value_wheel_spec``; the tests hold the two
    equal)."""
    from dilemmakaart.charts.case_charts import value_wheel_spec

    return value_wheel_spec(case, ctx.code, ctx.lang, selectable=True, size=480)


def wheel(ctx: Ctx, case: Case) -> None:
    st.vega_lite_chart(
        spec=as_arrow(wheel_spec(case, ctx)),
        on_select=partial(_wheel_selected, ctx),
        selection_mode="wheel",
        key="values:wheel",
        theme=None,
        alt=describe.wheel_summary(case, ctx.code, ctx.lang),  # what the wheel shows, not the mouse
    )
    st.caption(ctx.t("flow.values.wheel_hint"))


def value_editor(ctx: Ctx, item: ValueAtStake) -> DeltaGenerator:
    """The open value's card (key ``values-card-<id>``): its name and place in the code, remove,
    a place for the weight and effect sliders (drawn by ``live``, whose widgets they are) and the
    note. Returns that place."""
    vid = item.value
    known = vid in ctx.code.value_ids
    name = ctx.code.value_name(vid, ctx.lang)
    with st.container(border=True, key=f"values-card-{vid}"):
        head, button = st.columns([3, 2], vertical_alignment="center")
        foundation = ctx.code.foundation_of(vid).name(ctx.lang) if known else "?"
        principle = ctx.code.principle_of(vid).name(ctx.lang) if known else "?"
        head.markdown(f"**{md_escape(name)}**  \n:gray[{foundation} · {principle}]")
        button.button(
            ctx.t("flow.values.untag"),
            key=f"values:untag:{vid}",
            icon=":material/close:",
            on_click=_untag_click,
            args=(ctx, vid),
            width="stretch",
        )
        sliders = st.container()
        text_field(
            ctx,
            ctx.t("flow.values.note", value=name),
            f"values:note:{vid}",
            item.note,
            text_limit(ValueAtStake, "note"),
            _set_field(vid, "note"),
            area=True,
            height=80,
            placeholder=ctx.t("flow.values.note_placeholder"),
        )
    return sliders


def value_sliders(ctx: Ctx, item: ValueAtStake) -> None:
    """The open value's weight and effect sliders. A move writes into the case (its draft at the
    end of the run: ``state.flush_draft``) and reruns ``live``, the part they belong to.

    When another value's sliders were drawn last, each slider gets its number from the case, written
    even when its key still holds that number: Streamlit forgets the slider of this nested part that
    a run did not draw, and drew it again at its lowest position (Veiligheid opened again after
    Privacy showed weight 0 and effect −5). Otherwise only a different number is written (``bind``),
    so a key press still waiting in the slider's debounce is not thrown away."""
    vid = item.value
    name = ctx.code.value_name(vid, ctx.lang)
    other_before = st.session_state.get(SLIDERS_OF) != vid
    st.session_state[SLIDERS_OF] = vid
    for field, scale, label in (("weight", WEIGHT, "flow.values.weight"), ("effect", EFFECT, "flow.values.effect")):
        key = f"values:{field}:{vid}"
        if other_before:
            st.session_state[key] = getattr(item, field)
        else:
            bind(key, getattr(item, field))
        st.slider(
            ctx.t(label, value=name),
            min_value=scale.min,
            max_value=scale.max,
            step=scale.step,
            **on_change(ctx, _set_field(vid, field), key, later=True),
        )
