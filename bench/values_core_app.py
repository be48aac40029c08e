"""A reference for the slider benchmark: only what a move on Waarden draws again, on a page with
nothing else. The open value's weight and effect sliders, the list of values at stake with their
numbers and the live map, built with the app's own functions and drawn by one part (a fragment),
as on Waarden; no navigation, no header, no catalogue, no card around the sliders.

``python -m bench.slider_speed`` moves its weight slider beside the floor and the app. What Waarden
takes beyond this page is what the rest of the page costs the browser per move: Streamlit 1.67
draws every element of the page again on every run, a fragment's run too (README, "Speed")."""

import streamlit as st

from dilemmakaart.analysis import mini_map_spec
from dilemmakaart.scales import EFFECT, WEIGHT
from dilemmakaart.ui.bootstrap import Ctx, shared_library
from dilemmakaart.ui.flow_values import as_arrow, numbers_text

CASE = "tellen-bezoekers-binnenstad"
VALUE = "privacy"

library = shared_library()
ctx = Ctx(lang="nl", code=library.code, library=library)
if "core:case" not in st.session_state:
    st.session_state["core:case"] = library.load(CASE)
case = st.session_state["core:case"]
place = st.container(key="core-map")


@st.fragment
def live() -> None:
    item = case.value(VALUE)
    weight = st.slider("Gewicht", WEIGHT.min, WEIGHT.max, item.weight, WEIGHT.step, key="core-weight")
    effect = st.slider("Effect", EFFECT.min, EFFECT.max, item.effect, EFFECT.step, key="core-effect")
    case.set_weight(VALUE, weight)
    case.set_effect(VALUE, effect)
    st.radio(
        ctx.t("flow.values.open"),
        [v.value for v in case.values],
        format_func=lambda vid: ctx.code.value_name(vid, ctx.lang),
        captions=[numbers_text(ctx, v) for v in case.values],
        key="core-list",
    )
    titles = (ctx.t("flow.values.axis_effect"), ctx.t("flow.values.axis_weight"), ctx.t("flow.values.quadrant"))
    with place:
        st.vega_lite_chart(as_arrow(mini_map_spec(case, ctx.code, ctx.lang, height=240, titles=titles)), theme=None)


live()
