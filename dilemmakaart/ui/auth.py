"""Sign-in, roles and the audit trail in the app: the checks every page and every action calls.

- ``gate`` runs before every page (``bootstrap.run_app``): it refuses to serve an open network
  without sign-in, asks to sign in (``st.login``), and refuses a page the person's roles do not
  allow, in words that name the role it needs. The participant's page (``pages.JOIN``) needs no
  account: the join code is the key.
- ``check(ctx, action)`` is the one check an action calls on the server before it changes
  anything; a refusal comes back in words naming the role and is recorded in the audit trail.
- ``record(ctx, ...)`` writes what was done to the audit trail (``dilemmakaart/audit.py``).

The rules themselves (which action needs which role) live in ``dilemmakaart/roles.py``; how the
app runs (local, signed in, open network) in ``dilemmakaart/auth.py``.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import streamlit as st
from streamlit.errors import StreamlitSecretNotFoundError
from streamlit.runtime import Runtime
from streamlit.runtime.scriptrunner import get_script_run_ctx

from dilemmakaart import audit
from dilemmakaart.auth import (
    LOCAL,
    NOBODY,
    OPEN_NETWORK_ENV,
    OPEN_NETWORK_USER,
    Identity,
    Mode,
    identity_from_claims,
    is_loopback,
    missing_auth_settings,
    open_network_allowed,
    role_settings,
    serving_mode,
)
from dilemmakaart.i18n import t
from dilemmakaart.problems import ProblemsError
from dilemmakaart.roles import Action, Role, needed
from dilemmakaart.store import library_folder

if TYPE_CHECKING:
    from dilemmakaart.ui.bootstrap import Ctx
    from dilemmakaart.ui.pages import AppPage

_LOG = logging.getLogger(__name__)
REFUSALS_SEEN = "auth:refused-pages"  # pages whose refusal this session has recorded already


# ---------------------------------------------------------------- configuration


def auth_section() -> Mapping[str, Any] | None:
    """The ``[auth]`` section of the secrets (``None`` when there is none)."""
    try:
        section = st.secrets.get("auth")
    except (FileNotFoundError, StreamlitSecretNotFoundError):
        return None
    return section if isinstance(section, Mapping) and section else None


def served_address() -> str | None:
    """The address the server listens on (``server.address``). Under AppTest no server listens
    at all, which is as private as loopback."""
    if type(Runtime._instance) is not Runtime:  # AppTest runs the app without a server
        return "127.0.0.1"
    return st.get_option("server.address")


def request_headers() -> dict[str, str]:
    """The headers of this browser session's request (none under AppTest)."""
    try:
        return dict(st.context.headers)
    except Exception:  # outside a browser session there is no request
        return {}


def mode() -> Mode:
    return serving_mode(served_address(), auth_section() is not None, open_network_allowed(), request_headers())


def _providers(section: Mapping[str, Any]) -> list[str | None]:
    """The sign-in providers: ``None`` for the one configured in ``[auth]`` itself, else the name
    of each ``[auth.<name>]``."""
    if section.get("client_id"):
        return [None]
    return [name for name, value in section.items() if isinstance(value, Mapping)] or [None]


def current() -> Identity:
    """Who is using this browser session, with their roles (``LOCAL``: everyone has every role
    when nobody signs in on a private address; ``OPEN_NETWORK_USER`` the same on an open network,
    named so in the trail; ``NOBODY``: not signed in). Raises ``ProblemsError`` / ``OSError`` when
    the roles file cannot be used."""
    how = mode()
    if how is Mode.OPEN_NETWORK:
        return OPEN_NETWORK_USER
    if how is not Mode.SIGNED_IN:
        return LOCAL
    claims = st.user.to_dict()
    if not claims.get("is_logged_in"):
        return NOBODY
    return identity_from_claims(claims, role_settings())


def current_or_nobody() -> Identity:
    """``current()``, or nobody when the roles file cannot be used (grant nothing, never guess)."""
    try:
        return current()
    except (ProblemsError, OSError):
        return NOBODY


def may(action: Action) -> bool:
    return current_or_nobody().may(action)


def role_name(role: Role, lang: str) -> str:
    return t(f"auth.role.{role.value}", lang)


def roles_text(identity: Identity, lang: str) -> str:
    shown = [role for role in Role if role in identity.roles]
    return ", ".join(role_name(role, lang) for role in shown) if shown else t("auth.no_roles_word", lang)


def browser_session() -> str:
    """A short tag for this browser session in the audit trail (not the session's id itself)."""
    run = get_script_run_ctx()
    if run is None:
        return ""
    return hashlib.sha256(run.session_id.encode()).hexdigest()[:12]


# ---------------------------------------------------------------- audit trail


def trail() -> audit.AuditTrail:
    return audit.open_trail(library_folder())


def record(
    action: str, case_id: str = "", revision: int | None = None, detail: str = "", *, who: str | None = None
) -> None:
    """Write what was just done to the audit trail (by the person of this browser session). A
    trail that cannot be written (a full disk) is logged on the server; what was done stays done."""
    try:
        trail().record(
            who if who is not None else current_or_nobody().who or "?",
            action,
            case_id,
            revision,
            browser_session(),
            detail,
        )
    except OSError:
        _LOG.exception("the audit trail could not be written: %s %s %s", action, case_id, revision)


def refusal(lang: str, action: Action) -> str:
    """The words of a refusal: what was asked, the role it needs, who is asking with which roles."""
    identity = current_or_nobody()
    return t(
        "auth.refused",
        lang,
        action=t(f"auth.action.{action.value}", lang),
        role=role_name(needed(action), lang),
        who=identity.name or identity.who or t("auth.nobody", lang),
        roles=roles_text(identity, lang),
    )


def check(ctx: Ctx | str, action: Action, case_id: str = "") -> str | None:
    """The one check before an action: ``None`` when the person may do ``action``; else the
    refusal in words (naming the role it needs), recorded in the audit trail. Nothing may be
    changed when this returns words."""
    lang = ctx if isinstance(ctx, str) else ctx.lang
    identity = current_or_nobody()
    if identity.may(action):
        return None
    words = refusal(lang, action)
    record(audit.REFUSED, case_id, detail=f"{action.value}: {needed(action).value}", who=identity.who or "?")
    return words


def refused(ctx: Ctx, action: Action, case_id: str = "") -> bool:
    """``check`` on a page: True when the person may not do ``action``, and the refusal is then on
    the page (with a lock); the caller stops and changes nothing."""
    words = check(ctx, action, case_id)
    if words:
        st.error(words, icon=":material/lock:")
    return words is not None


# ---------------------------------------------------------------- the gate before every page


def gate(page: AppPage, lang: str) -> None:
    """Before the page runs: stop with a clear screen when it may not (see the module's notes)."""
    from dilemmakaart.ui import pages

    how = mode()
    if how is Mode.REFUSED:
        _refuse_to_serve(lang)
        _stop()
    if how is Mode.OPEN_NETWORK:
        st.warning(t("auth.open_network_warning", lang, setting=OPEN_NETWORK_ENV), icon=":material/public:")
    if page.needs is None:  # the participant's page: the join code is the key
        return
    if how is not Mode.SIGNED_IN:
        return
    section = auth_section() or {}
    missing = missing_auth_settings(section)
    if missing:
        st.error(t("auth.misconfigured", lang, names=", ".join(missing)), icon=":material/error:")
        _stop()
    try:
        identity = current()
    except (ProblemsError, OSError) as exc:
        reason = exc.describe(lang) if isinstance(exc, ProblemsError) else (exc.strerror or type(exc).__name__)
        st.error(t("auth.roles_file_broken", lang, reason=reason), icon=":material/error:")
        _signed_in_box(lang, None)
        _stop()
    if not identity.signed_in:
        _sign_in_screen(section, lang)
        _stop()
    _signed_in_box(lang, identity)
    if not identity.roles:
        st.title(t("auth.no_role_title", lang), anchor=False)
        st.write(t("auth.no_role", lang, who=identity.who))
        _stop()
    if not identity.may(page.needs):
        st.title(page.title(lang), anchor=False)
        st.error(refusal(lang, page.needs), icon=":material/block:")
        seen = st.session_state.setdefault(REFUSALS_SEEN, set())
        if page.url_path not in seen:  # once per page and session, not on every rerun
            seen.add(page.url_path)
            record(audit.REFUSED, detail=f"page {pages.url(page)}: {needed(page.needs).value}", who=identity.who)
        pages.link(pages.HOME, lang)
        _stop()


def _stop() -> None:
    """End this run before the page: the flag that says this run went through the entry script is
    taken too, so no later run can take it as its own and skip this gate."""
    from dilemmakaart.ui.bootstrap import ENTRY_RAN

    st.session_state.pop(ENTRY_RAN, None)
    st.stop()


def _refuse_to_serve(lang: str) -> None:
    st.title(t("auth.refused_title", lang), anchor=False)
    address = served_address()
    if is_loopback(address):  # reached through a proxy or by another name
        st.error(t("auth.refused_proxy", lang), icon=":material/block:")
    else:
        st.error(t("auth.refused_network", lang, address=address or "0.0.0.0"), icon=":material/block:")
    st.markdown(t("auth.refused_how", lang, setting=OPEN_NETWORK_ENV))


def _sign_in_screen(section: Mapping[str, Any], lang: str) -> None:
    st.title(t("auth.sign_in_title", lang), anchor=False)
    st.write(t("auth.sign_in_intro", lang))
    for provider in _providers(section):
        label = t("auth.sign_in", lang) if provider is None else t("auth.sign_in_with", lang, provider=provider)
        if st.button(label, type="primary", key=f"auth:login:{provider or ''}", icon=":material/login:"):
            if provider is None:
                st.login()
            else:
                st.login(provider)
    st.caption(t("auth.participants_hint", lang))


def _signed_in_box(lang: str, identity: Identity | None) -> None:
    with st.sidebar:
        if identity is not None:
            st.caption(
                t("auth.signed_in_as", lang, who=identity.name or identity.who, roles=roles_text(identity, lang))
            )
        if st.button(t("auth.sign_out", lang), key="auth:logout", icon=":material/logout:"):
            st.logout()
