"""Setting a cookie in this browser: the one small script the app writes for it.

The value goes into the script as a JSON string (``inline_script.script_literal``), so no value,
whatever it holds, can end the script early. Only tokens the server made are set this way (a
facilitator's desk, a participant's token), never text a person typed."""

from __future__ import annotations

import streamlit as st

from dilemmakaart.ui.inline_script import script_literal


def set_cookie(name: str, value: str, seconds: int) -> None:
    """``name=value`` for ``seconds``, this site's pages only (SameSite=Strict; Secure over https)."""
    cookie = script_literal(f"{name}={value}; path=/; max-age={seconds}; SameSite=Strict")
    script = f"document.cookie = {cookie} + (location.protocol === 'https:' ? '; Secure' : '');"
    st.html(f"<script>{script}</script>", unsafe_allow_javascript=True)
