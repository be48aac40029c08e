"""Altair chart builders: plain data in, ``alt.Chart`` out. No Streamlit here.

- ``palette``: the colours used everywhere (one colour per foundation, the effect scale).
- ``export``: PNG and SVG of any chart (vl-convert), for downloads and reports.
- one module per concern: the case's charts, the library's, the sessions'.
"""

from typing import TypeAlias

import altair as alt

# What a chart builder returns: every kind of top-level chart that st.altair_chart, to_svg and
# to_png take (altair's own base class, TopLevelMixin, is too wide for Streamlit's signature).
AnyChart: TypeAlias = (
    alt.Chart
    | alt.LayerChart
    | alt.HConcatChart
    | alt.VConcatChart
    | alt.ConcatChart
    | alt.FacetChart
    | alt.RepeatChart
)
