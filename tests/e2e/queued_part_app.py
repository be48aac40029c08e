"""A one-part app for test_queued_part_e2e: a part that redraws itself every second
(``refresh.self_refreshing``) on a page whose run takes ``?sleep=`` seconds after the part is drawn,
so the part's timer fires while the page is drawn and its run is queued behind the page's run. Each
run is written to the file named by ``QUEUED_PART_LOG`` ("page" or "part"). Not part of the product."""

import os
import time

import streamlit as st

from dilemmakaart.ui import refresh


def note(kind: str) -> None:
    with open(os.environ["QUEUED_PART_LOG"], "a", encoding="utf-8") as log:
        log.write(kind + "\n")


note("page")


@refresh.self_refreshing(1.0)
def part() -> None:
    note("part")
    st.write("the part")


part()
time.sleep(float(st.query_params.get("sleep", "0")))
st.write("the end of the page")
refresh.page_run_ended()  # as bootstrap.run_app does after every page
