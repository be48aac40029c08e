"""A one-part app for test_refresh_e2e: a part that redraws itself every second
(``refresh.self_refreshing``), drawn first (``?last=0``) or last (``?last=1``, ``refresh.drawn_last``)
on a page whose run takes ``?sleep=`` seconds more. Each run is written to the file named by
``REFRESH_APP_LOG``: "page" ("page wake" when the watchdog pressed its button), or "part <seconds
since the page's run ended>". Not part of the product."""

import os
import time

import streamlit as st

from dilemmakaart.ui import refresh

ENDED = "test:page-ended"


def note(text: str) -> None:
    with open(os.environ["REFRESH_APP_LOG"], "a", encoding="utf-8") as log:
        log.write(text + "\n")


@refresh.self_refreshing(1.0)
def part() -> None:
    if refresh.part_alone():
        note(f"part {time.monotonic() - st.session_state[ENDED]:.3f}")
    st.write("the part")


refresh.page_run_starts()  # as bootstrap.run_app does around every page
note("page wake" if st.session_state.get(f"{refresh.WAKE}-button") else "page")
if st.query_params.get("last") == "1":
    refresh.drawn_last(part)
else:
    part()
time.sleep(float(st.query_params.get("sleep", "0")))
st.write("the end of the page")
refresh.page_run_ends()
st.session_state[ENDED] = time.monotonic()
