"""Altair chart builders: plain data in, ``alt.Chart`` out. No Streamlit here.

- ``palette``: the colours used everywhere (one colour per foundation, the effect scale).
- ``export``: PNG and SVG of any chart (vl-convert), for downloads and reports.
- one module per concern: the case's charts, the library's, the sessions'.
"""
