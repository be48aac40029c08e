"""Parts of a page that redraw themselves (``st.fragment(run_every=…)``: a count, a timer, a check
whether the session moved on), and the one thing that makes them unreliable in Streamlit 1.67.

When such a part's timer fires while the whole page is being drawn, the part's run is queued and
starts the moment the page's run ends: 0–1 ms later in an instrumented server, where a run its
timer started on its own came 236 ms or more after the page's run. In the browser the part's start
then overtakes the end of the page's run, and that run is never taken as finished: what it left out
stays on screen, and what it moved stays parked out of sight. The facilitator saw "resultaten
zichtbaar" without the "Start ronde …" button under it, for good (1 of 37 reveals under load).

Two things keep this from happening. ``drawn_last`` keeps a part's place on the page and draws it
after the rest of the page: the browser starts a part's timer when it receives the part (it stops
every timer when a run of the whole page starts), so a part drawn last has its first run a whole
interval after the page's run ended, and none queued behind it. And ``self_refreshing`` is
``st.fragment(run_every=…)`` that notices a run queued all the same (a part drawn before the end of
the page, a run of the page slower than the part's interval): a run of the part that starts
right after the page's run ended asks for the whole page to be drawn once more, after the part's own
work is done (a change saved, a press read), so nothing is lost. That run ends cleanly unless the
same race hits it too, and then it is noticed again, at most ``MAX_REDRAWS`` times in a row: a page
whose run takes longer than its part's interval (a very busy server) always has a run queued behind
it, and must not redraw itself for ever.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable
from typing import Any

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

PAGE_RUN_ENDED = "ui:page-run-ended"  # time.monotonic() at the end of this browser session's last full run
# a part's run this soon after the page's run was queued behind it. Measured with the facilitator's
# count (every 0.5 s): queued runs started 0–1 ms after the page's run on a quiet machine and up to
# 160 ms after it at a load of 9 on 2 cores; runs their timer started came 236 ms or more after it on
# a quiet machine, sometimes 135–160 ms at that load. A run taken for queued that was not costs one
# more drawing of the page; a queued run taken for a timer's leaves the page as it was.
QUEUED_WITHIN_SECONDS = 0.25
MAX_REDRAWS = 2  # whole-page redraws in a row for queued runs (see above)
REDRAWS = "ui:queued-redraws"  # how many in a row so far


def page_run_ended() -> None:
    """Called at the end of every full run of the app (``bootstrap.run_app``)."""
    st.session_state[PAGE_RUN_ENDED] = time.monotonic()


KEPT = "ui:parts-kept-for-last"  # (place, part) of this run's parts drawn last


def drawn_last(part: Callable[[], None]) -> None:
    """Keep this place on the page for a self-refreshing ``part`` (called without arguments) and
    draw it there after the rest of the page (``draw_kept_parts``, called by ``bootstrap.run_app``
    when the page's run ends). Within a run of a part alone (no whole page to wait for): at once."""
    ctx = get_script_run_ctx()
    if ctx is None or ctx.fragment_ids_this_run:
        part()
        return
    st.session_state.setdefault(KEPT, []).append((st.container(), part))


def forget_kept_parts() -> None:
    """At the start of a run of the page: parts kept by a run that was cut short are not drawn."""
    st.session_state.pop(KEPT, None)


def draw_kept_parts() -> None:
    """At the end of a run of the page: the parts ``drawn_last`` kept, each in its place."""
    for place, part in st.session_state.pop(KEPT, []):
        with place:
            part()


def _queued(every: float) -> bool | None:
    """None in a full run of the page (or without Streamlit); in a run of a part alone, whether it
    was queued behind the page's run (a part that refreshes every ``every`` seconds)."""
    ctx = get_script_run_ctx()
    if ctx is None or not ctx.fragment_ids_this_run:
        return None
    ended = st.session_state.get(PAGE_RUN_ENDED)
    return ended is not None and time.monotonic() - ended < min(QUEUED_WITHIN_SECONDS, every / 2)


def self_refreshing(every: float) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """``st.fragment(run_every=every)`` whose run queued behind the page's run draws the whole page
    once more when its own work is done (see the module's text)."""

    def wrap(body: Callable[..., None]) -> Callable[..., None]:
        @st.fragment(run_every=every)
        @functools.wraps(body)
        def part(*args: Any, **kwargs: Any) -> None:
            queued = _queued(every)
            body(*args, **kwargs)
            if queued is None:  # drawn as part of the whole page
                return
            if not queued:  # a run on its own time: the page's last run was not overtaken
                st.session_state[REDRAWS] = 0
            elif st.session_state.get(REDRAWS, 0) < MAX_REDRAWS:
                st.session_state[REDRAWS] = st.session_state.get(REDRAWS, 0) + 1
                st.rerun(scope="app")

        return part

    return wrap
