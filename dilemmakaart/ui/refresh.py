"""Parts of a page that redraw themselves (``st.fragment(run_every=…)``: a count, a timer, a check
whether the session moved on), and what makes pages with such parts unreliable in Streamlit 1.67.

On a busy server the browser sometimes does not show a run of the whole page that the server
finished: the facilitator saw "resultaten zichtbaar" without the "Start ronde …" button under it,
and a phone kept showing the results of round 6 while round 7 was open, for good (an instrumented
server logged both runs as finished, with everything drawn). It happened to 7 of 186 reveals and
new rounds with a facilitator, a projector and a phone open at a load of 9 on 2 cores. Most of these
had a part's run start 0–1 ms after the page's run ended: the part's timer had fired while the page
was being drawn, the run was queued, and its start overtook the end of the page's run in the browser,
which then never took that run as finished. Not all of them: the phone's had no run right after it.

Two things make a page with such parts show what is true:

- ``drawn_last`` keeps a part's place on the page and draws it after the rest of the page. The
  browser stops every part's timer when a run of the whole page starts, and starts it again when it
  receives the part: a part drawn last has its first run a whole interval after the page's run, so
  none is queued behind it.
- ``self_refreshing`` is ``st.fragment(run_every=…)`` whose run draws the whole page once more
  ``REDRAW_AFTER_SECONDS`` after a run of the page that such a part started (it saw the session
  change) and after the page's first run (once: the redraw itself is not redrawn). Where the browser
  missed the first drawing, it shows the second; elsewhere nobody sees a change. Not after a run a
  press started: that run says what the press did ("opgeslagen", "niet toegestaan"), and a second
  drawing would take the message away.

And one thing repairs a page whose parts stopped: twice in the same probe a projector's browser sent
nothing more after a run of its page (its parts' timers were gone), so it never showed the next
round. A page with parts drawn last also gets a small watchdog (``static/wake.js``): when the page
has sent the server nothing for ``WAKE_AFTER_SECONDS``, far longer than any part's interval, it
presses a hidden button, and the run of the page that follows starts the parts' timers again.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import streamlit as st
from streamlit.runtime.scriptrunner import RerunException, get_script_run_ctx

REDRAW_AFTER_SECONDS = 2.0
AGAIN_AT = "ui:redraw-at"  # time.monotonic() when the page is drawn once more (None: not again)
REDRAWING = "ui:redrawing"  # the run of the page now under way is that once-more drawing
FOLLOWING = "ui:following"  # the run of the page now under way was started by a part (a change seen)
KEPT = "ui:parts-kept-for-last"  # (place, part) of this run's parts drawn last
WAKE_AFTER_SECONDS = 6.0  # at least; and at least three of the slowest part's intervals
WAKE = "dk-wake"  # the watchdog's hidden place: key WAKE-<milliseconds of quiet>, its button WAKE-button
WAKE_JS = Path(__file__).parent / "static" / "wake.js"


def drawn_last(part: Callable[[], None]) -> None:
    """Keep this place on the page for a self-refreshing ``part`` (called without arguments) and
    draw it there after the rest of the page (``page_run_ends``). Within a run of a part alone (no
    whole page to wait for): at once."""
    if part_alone():
        part()
        return
    st.session_state.setdefault(KEPT, []).append((st.container(), part))


def page_run_starts() -> None:
    """At the start of every run of the page (``bootstrap.run_app``): parts kept by a run that was
    cut short are not drawn."""
    st.session_state.pop(KEPT, None)


def page_run_ends() -> None:
    """At the end of every run of the page that was not cut short (``bootstrap.run_app``): the parts
    ``drawn_last`` kept, each in its place; then when the page is drawn once more."""
    kept = st.session_state.pop(KEPT, [])
    for place, part in kept:
        with place:
            part()
    if kept:
        slowest = max(getattr(part, "refresh_every", 0.0) for _place, part in kept)
        _watchdog(max(WAKE_AFTER_SECONDS, 3 * slowest))
    redrawn = st.session_state.pop(REDRAWING, False)
    followed = st.session_state.pop(FOLLOWING, False) or AGAIN_AT not in st.session_state  # or the first run
    st.session_state[AGAIN_AT] = time.monotonic() + REDRAW_AFTER_SECONDS if followed and not redrawn else None


@functools.cache
def _wake_html() -> str:
    script = WAKE_JS.read_text(encoding="utf-8")
    return f'<style>[class*="st-key-{WAKE}-"] {{ display: none; }}</style><script>{script}</script>'


def _watchdog(quiet: float) -> None:
    """The hidden button ``static/wake.js`` presses when the page has sent nothing for ``quiet``
    seconds (see the module's text); a press only runs the page."""
    with st.container(key=f"{WAKE}-{int(quiet * 1000)}"):
        st.button("↻", key=f"{WAKE}-button")
        st.html(_wake_html(), unsafe_allow_javascript=True)


def part_alone() -> bool:
    """Whether this is a run of a part on its own (not of the whole page)."""
    ctx = get_script_run_ctx()
    return ctx is not None and bool(ctx.fragment_ids_this_run)


def self_refreshing(every: float) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """``st.fragment(run_every=every)`` that draws the whole page once more when that is due (see the
    module's text), after its own work (a change saved, a press read), so nothing it did is lost."""

    def wrap(body: Callable[..., None]) -> Callable[..., None]:
        @st.fragment(run_every=every)
        @functools.wraps(body)
        def part(*args: Any, **kwargs: Any) -> None:
            try:
                body(*args, **kwargs)
            except RerunException:
                if part_alone():  # the part saw a change and draws the page: drawn once more after it
                    st.session_state[FOLLOWING] = True
                raise
            again = st.session_state.get(AGAIN_AT)
            if again is not None and time.monotonic() >= again and part_alone():
                st.session_state[AGAIN_AT] = None
                st.session_state[REDRAWING] = True
                st.rerun(scope="app")

        part.refresh_every = every  # type: ignore[attr-defined]  # read by page_run_ends
        return part

    return wrap
