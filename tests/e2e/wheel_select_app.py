"""A one-chart app for test_wheel_select_e2e: the value wheel with Streamlit's selection on, and the
selected value ids written out as text. Not part of the product."""

import os
from pathlib import Path

import streamlit as st

from dilemmakaart.charts.case_charts import value_wheel
from dilemmakaart.code import load_code
from dilemmakaart.store import CaseLibrary

ROOT = Path(__file__).resolve().parents[2]
code = load_code(ROOT / "data" / "code.yaml")
case = CaseLibrary(Path(os.environ["DILEMMAKAART_CASES"]), code).load("tellen-bezoekers-binnenstad")
event = st.altair_chart(
    value_wheel(case, code, "nl", selectable=True),
    on_select="rerun",
    selection_mode="wheel",
    key="wheel_chart",
    width="content",
)
st.text("SELECTED: " + ",".join(str(p.get("value")) for p in event.selection.get("wheel", [])))
