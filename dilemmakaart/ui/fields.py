"""Fields that refuse what the case format does not allow, and say so at the field.

A text longer than its limit (``dilemmakaart.limits``, read from the case model) is not cut and
not thrown away: it stays in the field, the case and the draft keep their last good value, and a
message under the field says the limit, the length and how much is too much. A counter shows
when a text comes near its limit. Streamlit's own ``max_chars`` is not used: the browser would
drop a paste that is too long without a word.

While a field holds a refused text, its key is noted in session state (``REFUSED`` + key) with
the text and the case's value at that moment, so the text survives a rerun and a page switch,
and a change of the case made elsewhere (reload, another case) wins again.

For screen readers (WCAG 3.3.1, 3.3.2) each field sits in an ``a11y.field`` container: a required
field says so in its label ("Titel (verplicht)") and carries ``aria-required``; while a message
stands under it (a refused text, or a problem found on saving for its ``place``) the input is
``aria-invalid`` and described by that message, and the summary of problems links to it
(``field_link``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import streamlit as st

from dilemmakaart.case import Case
from dilemmakaart.limits import TooLong, near, number, text_problem
from dilemmakaart.problems import Problem
from dilemmakaart.ui import a11y
from dilemmakaart.ui.bootstrap import Ctx
from dilemmakaart.ui.flow_common import bind, changed

REFUSED = "dk:refused:"

Check = Callable[[Any], TooLong | None]


@dataclass(frozen=True)
class Refused:
    problem: TooLong
    text: Any  # what the field holds (kept across a page switch)
    case_value: Any  # the case's value when the text was refused


def guarded(ctx: Ctx, key: str, value: Any, apply: Callable[[Case, Any], None], check: Check) -> dict:
    """``key`` / ``on_change`` / ``args`` for a widget whose value ``apply`` writes into the case
    when ``check`` finds nothing wrong. Binds the case's ``value`` unless the field holds a refused
    text."""
    refused: Refused | None = st.session_state.get(REFUSED + key)
    if refused is not None and refused.case_value != value:
        del st.session_state[REFUSED + key]  # the case changed elsewhere: it wins
        refused = None
    if refused is None:
        bind(key, value)
    elif key not in st.session_state:  # back from another page: the refused text again
        st.session_state[key] = refused.text
    return {"key": key, "on_change": _changed, "args": (ctx, apply, key, check, value)}


def _changed(ctx: Ctx, apply: Callable[[Case, Any], None], key: str, check: Check, case_value: Any) -> None:
    text = st.session_state.get(key)
    problem = check(text)
    if problem is not None:
        st.session_state[REFUSED + key] = Refused(problem, text, case_value)
        return
    st.session_state.pop(REFUSED + key, None)
    changed(ctx, apply, key)


def refused_any() -> bool:
    """Some field holds a text that is not saved because it does not fit."""
    return any(str(k).startswith(REFUSED) for k in st.session_state)


def problem_text(ctx: Ctx, problem: TooLong, *, item: str = "", lines: bool = False) -> str:
    """The message for ``problem``: ``item`` names a list item that is too long, ``lines`` says
    the items are lines of a text."""
    n = lambda x: number(x, ctx.lang)  # noqa: E731
    params = {"limit": n(problem.limit), "length": n(problem.length), "over": n(problem.over), "o": problem.over}
    if problem.kind == "line":
        key = "flow.limit.item_too_long" if item else "flow.limit.line_too_long"
        return ctx.t(key, n=problem.n, item=item, **params)
    if problem.kind == "count":
        return ctx.t("flow.limit.too_many_lines" if lines else "flow.limit.too_many_items", **params)
    return ctx.t("flow.limit.too_long", **params)


def note(ctx: Ctx, key: str, limit: int | None = None, *, lines: bool = False, place: str = "") -> None:
    """Under the field: the refusal, a problem found on saving at ``place``, or a counter when the
    text is near ``limit``. ``lines``: the field holds one item per line (else a list field names
    the item that is too long)."""
    # always one element here, empty or not: a message that comes or goes must not move the fields
    # below it (a field that moves while someone types in it is drawn anew, and the typing is lost)
    slot = st.empty()
    refused: Refused | None = st.session_state.get(REFUSED + key)
    if refused is not None:
        problem = refused.problem
        item = ""
        if problem.kind == "line" and isinstance(refused.text, list):
            item = str(refused.text[problem.n - 1])[:30]
        with slot.container(key=f"refused-{_css(key)}"):
            st.error(problem_text(ctx, problem, item=item, lines=lines), icon=":material/block:")
        return
    found = save_problem(place) if place else None
    if found is not None:
        with slot.container(key=f"dkerror-{_css(key)}"):
            st.error(found.message(ctx.lang), icon=":material/error:")
        return
    if limit is not None:
        length = len(st.session_state.get(key) or "")
        if near(length, limit):
            slot.caption(ctx.t("flow.limit.counter", length=number(length, ctx.lang), limit=number(limit, ctx.lang)))


def _css(key: str) -> str:
    return "".join(c if c.isalnum() or c == "-" else "-" for c in key)


def required_label(ctx: Ctx, label: str) -> str:
    """The label of a field that must be filled in: "Titel (verplicht)"."""
    return ctx.t("a11y.required", label=label)


def save_problem(place: str) -> Problem | None:
    """The first problem the last save found at ``place`` (or inside it: ``title``, ``values[2]``)."""
    from dilemmakaart.ui import state

    for problem in state.save_problems() or []:
        if problem.place == place or problem.place.startswith((place + ".", place + "[")):
            return problem
    return None


def field_link(key: str, required: bool = False) -> str:
    """The address of the field with ``key`` for a Markdown link in a summary of problems: the
    bootstrap's script moves focus to the field when it is followed (``static/a11y.js``)."""
    return "#" + a11y.field_key(key, required=required)


def text_field(
    ctx: Ctx,
    label: str,
    key: str,
    value: str,
    limit: int,
    apply: Callable[[Case, Any], None],
    *,
    area: bool = False,
    strip: bool = False,
    required: bool = False,
    place: str = "",
    **kwargs: Any,
) -> None:
    """A text input (or area) that refuses a text over ``limit`` characters and says so;
    ``required``: marked as such; ``place``: where a save's problems for it are (``"title"``)."""

    def check(text: Any) -> TooLong | None:
        text = str(text or "")
        return text_problem(text.strip() if strip else text, limit)

    widget = st.text_area if area else st.text_input
    with a11y.field(key, required=required):
        widget(required_label(ctx, label) if required else label, **guarded(ctx, key, value, apply, check), **kwargs)
        note(ctx, key, limit, place=place)
