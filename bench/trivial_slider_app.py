"""The floor for the slider benchmark: a trivial page with one slider and one small chart, served by
the same Streamlit in the same run (``python -m bench.slider_speed`` starts it next to the app)."""

import streamlit as st

n = st.slider("Gewicht", min_value=0, max_value=10, value=5, step=1, key="floor")
st.container(key="floor-chart").vega_lite_chart(
    {
        "data": {"values": [{"x": i, "y": (i * n) % 11} for i in range(11)]},
        "mark": "point",
        "encoding": {"x": {"field": "x", "type": "quantitative"}, "y": {"field": "y", "type": "quantitative"}},
        "width": 300,
        "height": 200,
    },
    theme=None,
)
