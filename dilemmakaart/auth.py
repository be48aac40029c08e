"""Who may use the app: safe by default, sign-in, and a person's identity (no Streamlit here).

Three ways to run, decided when a page opens (``serving_mode``):

- **local**: the server answers only on this computer (``server.address`` a loopback address,
  ``127.0.0.1`` by default in ``.streamlit/config.toml``) and no sign-in is configured. One person
  or a class on one machine: everyone has every role, actions are recorded as ``local``. A request
  that came through a reverse proxy (``Forwarded``, ``X-Forwarded-For`` ...) or names a host that is
  not loopback is from the network after all, and is treated as such.
- **signed in**: sign-in is configured (an ``[auth]`` section in ``.streamlit/secrets.toml``, see
  the README). Every page except the participant's page asks to sign in first, with Streamlit's
  own ``st.login`` (OpenID Connect); roles come from ``dilemmakaart/roles.py``.
- **open network**: the server answers on the network without sign-in, which anyone who can reach
  it could use to read, change or delete every case. The app refuses this (``refused``: it shows
  only what to set) unless ``DILEMMAKAART_OPEN_NETWORK_WITHOUT_SIGN_IN=1`` is set on purpose; then
  every page says so in a warning that cannot be closed.

Settings (environment variables):

- ``DILEMMAKAART_OPEN_NETWORK_WITHOUT_SIGN_IN=1``: allow the open network (see above).
- ``DILEMMAKAART_ROLES_CLAIM``: the token's claim that holds role names (default ``roles``; a
  dotted name reaches a nested claim, as ``realm_access.roles`` in Keycloak).
- ``DILEMMAKAART_GROUPS_CLAIM``: the token's claim that holds group names (default ``groups``).
- ``DILEMMAKAART_ROLES_FILE``: a roles file (YAML, ``roles.RolesFile``) mapping people and groups
  to roles.
"""

from __future__ import annotations

import ipaddress
import os
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

from dilemmakaart.roles import ALL_ROLES, EMPTY_ROLES_FILE, Action, Role, RolesFile, allows, load_roles_file, roles_of

OPEN_NETWORK_ENV = "DILEMMAKAART_OPEN_NETWORK_WITHOUT_SIGN_IN"
ROLES_CLAIM_ENV = "DILEMMAKAART_ROLES_CLAIM"
GROUPS_CLAIM_ENV = "DILEMMAKAART_GROUPS_CLAIM"
ROLES_FILE_ENV = "DILEMMAKAART_ROLES_FILE"
LOCAL_USER = "local"  # who did it, in the audit trail, without sign-in
PARTICIPANT = "participant"  # a participant of a session (no account: the join code is the key)

# the settings of ``[auth]`` that sign-in cannot do without (Streamlit's own names)
AUTH_REQUIRED = ("redirect_uri", "cookie_secret", "client_id", "client_secret", "server_metadata_url")


class Mode(StrEnum):
    LOCAL = "local"
    SIGNED_IN = "signed_in"
    OPEN_NETWORK = "open_network"
    REFUSED = "refused"


def is_loopback(address: str | None) -> bool:
    """Whether ``address`` (Streamlit's ``server.address``) answers this computer only. No
    address, ``0.0.0.0`` or ``::`` means every network interface: not loopback."""
    if not address:
        return False
    name = address.strip().strip("[]").lower()
    if name == "localhost":
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False  # a host name: it may resolve to a network interface


def open_network_allowed(environ: Mapping[str, str] | None = None) -> bool:
    value = (environ if environ is not None else os.environ).get(OPEN_NETWORK_ENV, "")
    return value.strip().lower() in ("1", "true", "yes", "ja")


def missing_auth_settings(section: Mapping[str, Any] | None) -> list[str]:
    """The settings sign-in needs that ``[auth]`` lacks. Settings per provider
    (``[auth.keycloak]`` ...) count when each provider has them."""
    if not section:
        return list(AUTH_REQUIRED)
    providers = [value for value in section.values() if isinstance(value, Mapping)]
    missing = []
    for name in AUTH_REQUIRED:
        if section.get(name):
            continue
        if name not in ("redirect_uri", "cookie_secret") and providers and all(p.get(name) for p in providers):
            continue
        missing.append(name)
    return missing


PROXY_HEADERS = ("forwarded", "x-forwarded-for", "x-forwarded-host", "x-real-ip")


def from_elsewhere(headers: Mapping[str, str]) -> bool:
    """Whether a request to a loopback server came from another computer after all: through a
    reverse proxy (it names the original client or host) or by a host name that is not loopback."""
    names = {name.lower(): value for name, value in headers.items()}
    if any(names.get(header) for header in PROXY_HEADERS):
        return True
    host = names.get("host", "")
    if not host:
        return False
    name = host.rsplit(":", 1)[0] if not host.endswith("]") and host.count(":") == 1 else host
    if name.startswith("[") and "]" in name:
        name = name[1 : name.index("]")]
    return not is_loopback(name)


def serving_mode(
    address: str | None, auth_configured: bool, open_network: bool, headers: Mapping[str, str] | None = None
) -> Mode:
    """How the app runs (see the module's notes). ``headers``: the browser's request; a loopback
    server reached through a proxy or by another name serves the network."""
    if auth_configured:
        return Mode.SIGNED_IN
    if is_loopback(address) and not from_elsewhere(headers or {}):
        return Mode.LOCAL
    return Mode.OPEN_NETWORK if open_network else Mode.REFUSED


@dataclass(frozen=True)
class Identity:
    """The person using this browser session: ``who`` names them in the audit trail (e-mail, else
    the token's ``sub``; ``local`` without sign-in), ``roles`` include what each role includes."""

    who: str
    name: str
    roles: frozenset[Role]
    signed_in: bool

    def may(self, action: Action) -> bool:
        return allows(self.roles, action)


LOCAL = Identity(who=LOCAL_USER, name="", roles=ALL_ROLES, signed_in=False)
# open to the network on purpose, without sign-in: anyone may do anything, and the trail says so
OPEN_NETWORK_USER = Identity(who="open-network", name="", roles=ALL_ROLES, signed_in=False)
NOBODY = Identity(who="", name="", roles=frozenset(), signed_in=False)


@dataclass(frozen=True)
class RoleSettings:
    roles_claim: str = "roles"
    groups_claim: str = "groups"
    roles_file: Path | None = None


def role_settings(environ: Mapping[str, str] | None = None) -> RoleSettings:
    env = environ if environ is not None else os.environ
    path = env.get(ROLES_FILE_ENV, "").strip()
    return RoleSettings(
        roles_claim=env.get(ROLES_CLAIM_ENV, "").strip() or "roles",
        groups_claim=env.get(GROUPS_CLAIM_ENV, "").strip() or "groups",
        roles_file=Path(path) if path else None,
    )


_roles_files: dict[str, tuple[tuple[int, int], RolesFile]] = {}
_roles_lock = threading.Lock()


def roles_file(path: Path | None) -> RolesFile:
    """The roles file at ``path``, read again whenever it changes (a change counts at once).
    A file that cannot be read or has a mistake raises (``OSError`` / ``ProblemsError``): the app
    then grants nothing rather than guess."""
    if path is None:
        return EMPTY_ROLES_FILE
    stat = path.stat()
    stamp = (stat.st_mtime_ns, stat.st_size)
    with _roles_lock:
        hit = _roles_files.get(str(path))
    if hit and hit[0] == stamp:
        return hit[1]
    parsed = load_roles_file(path)
    with _roles_lock:
        _roles_files[str(path)] = (stamp, parsed)
    return parsed


def identity_from_claims(claims: Mapping[str, Any], settings: RoleSettings) -> Identity:
    """The signed-in person of ``claims`` (the ID token's claims, as ``st.user`` gives them)."""
    who = str(claims.get("email") or claims.get("sub") or "")
    name = str(claims.get("name") or claims.get("preferred_username") or who)
    roles = roles_of(
        claims,
        roles_claim=settings.roles_claim,
        groups_claim=settings.groups_claim,
        roles_file=roles_file(settings.roles_file),
    )
    return Identity(who=who, name=name, roles=roles, signed_in=True)
