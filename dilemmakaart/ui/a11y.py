"""Marks that ``static/a11y.js`` turns into ARIA, so pages say what they mean in one line each.

Streamlit has no parameters for ``aria-live``, ``aria-invalid``, ``aria-describedby`` or for moving
focus. A page marks what it needs with the key of a container (Streamlit gives it the class
``st-key-<key>``), and the bootstrap's script (``ui/bootstrap.py``: ``localise``) does the rest in
the browser after every run:

- ``status(key)``: a polite live region (WCAG 4.1.3), for a message that changes after an action;
- ``named(words)``: the buttons and expanders inside say for what ("PNG" is announced "PNG van de
  dilemmakaart"; 2.4.6, 4.1.2);
- ``field(key, required=...)``: the input inside is ``aria-required`` when required, and while a
  message of ``fields.note`` (or an ``error(key)`` container) stands under it, ``aria-invalid``
  and described by that message (3.3.1, 3.3.2);
- ``request_focus(selector)``: after this run, focus goes to the element (or the first control in
  it) that matches ``selector`` (2.4.3). Call it from a button's callback.
"""

from __future__ import annotations

import itertools
import time
from contextlib import AbstractContextManager

import streamlit as st

FOCUS = "dk:focus-request"
# containers (by the start of their key) whose changing content is announced: ours, and the
# sentence under a balance slider on Afwegen and on the participant's page
BALANCE_WORDS = ["weigh-words-", "join-words-"]
STATUS_KEYS = ["dkstatus-", *BALANCE_WORDS]
_nonce = itertools.count(1)


def css_key(text: str) -> str:
    """``text`` as Streamlit writes it in a container's class: every character but ASCII letters,
    digits, ``_`` and ``-`` becomes ``-`` (so ``css_key(key)`` finds a container keyed ``key``)."""
    return "".join(c if c.isascii() and (c.isalnum() or c in "_-") else "-" for c in text.strip())


def key_class(key: str) -> str:
    """The CSS selector of the container with ``key``."""
    return f".st-key-{css_key(key)}"


def status(key: str) -> AbstractContextManager:
    """A container whose changing content is announced politely."""
    return st.container(key=f"dkstatus-{css_key(key)}")


def named(words: str, key: str = "") -> AbstractContextManager:
    """A container whose buttons, links and expanders are named "<their text> <words>"."""
    hex_words = words.encode("utf-8").hex()
    return st.container(key=f"dkname-{hex_words}" + (f"-{css_key(key)}" if key else ""))


def field_key(key: str, *, required: bool = False) -> str:
    """The key of the container ``field`` makes for the input with ``key``."""
    return f"dkfield-{'req-' if required else ''}{css_key(key)}"


def field(key: str, *, required: bool = False) -> AbstractContextManager:
    """A container for one input (and the message under it)."""
    return st.container(key=field_key(key, required=required))


def error(key: str) -> AbstractContextManager:
    """A container for the error message of the field around it (see ``field``)."""
    return st.container(key=f"dkerror-{css_key(key)}")


FOCUS_FOR = 5.0  # seconds a request is sent along with every run (a page may rerun itself at once)


def request_focus(selector: str, *, inside: bool = True) -> None:
    """Move focus to ``selector`` once the coming run has drawn it; ``inside``: to the first
    control inside it when it has one (else the element itself, made focusable)."""
    st.session_state[FOCUS] = {
        "target": selector,
        "inside": inside,
        "nonce": f"{time.time():.6f}-{next(_nonce)}",
        "until": time.monotonic() + FOCUS_FOR,
    }


def focus_request() -> dict | None:
    """The focus request for this run. It goes with every run for a few seconds, because a page
    that reruns itself straight away (``st.rerun``) throws the first run's output away; the
    browser carries it out once (by its ``nonce``)."""
    wanted = st.session_state.get(FOCUS)
    if wanted is None:
        return None
    if time.monotonic() > wanted["until"]:
        del st.session_state[FOCUS]
        return None
    return {k: v for k, v in wanted.items() if k != "until"}
