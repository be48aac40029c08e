"""The facilitator's browser keeps leading its sessions after a reload, without the key in the address.

The facilitator key comes in once (the link made when the session started); after that the browser
holds only an opaque *desk* token (a random cookie ``dk_desk``, SameSite=Strict, made by the
facilitator page; it is not the key and says nothing about any session). The server keeps, per
session this browser leads, the key sealed with the desk token::

    <library>/.sessions/<session-id>/desks/<sha256(desk)>    the key XOR a pad made from the desk token

Only the SHA-256 of the desk token names the file and the pad is ``HMAC-SHA512(desk, session id)``, so
the files on disk are useless without the browser's cookie, and the cookie is useless without the
files (another session, another library, a copied cookie for a session this browser never led).
Nothing here ever puts the key into a page: the pages ask :func:`key_for` on the server.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from pathlib import Path

from dilemmakaart.session import SESSION_ID_RE, TOKEN_RE, SessionError, SessionStore
from dilemmakaart.store import atomic_write

COOKIE = "dk_desk"
DESKS = "desks"
MAX_KEY = 64  # the pad's length; facilitator keys are 32 characters


def new_desk() -> str:
    """A fresh desk token for a browser (URL-safe, 32 characters)."""
    return secrets.token_urlsafe(24)


def valid_desk(desk: str | None) -> bool:
    return isinstance(desk, str) and bool(TOKEN_RE.fullmatch(desk))


def _pad(desk: str, session_id: str) -> bytes:
    return hmac.new(desk.encode("ascii"), f"dilemmakaart-desk|{session_id}".encode("ascii"), hashlib.sha512).digest()


def _path(store: SessionStore, session_id: str, desk: str) -> Path:
    if not SESSION_ID_RE.fullmatch(session_id or ""):
        raise SessionError("unknown_session")
    return store.root / session_id / DESKS / hashlib.sha256(desk.encode("ascii")).hexdigest()


def remember(store: SessionStore, session_id: str, key: str, desk: str | None) -> bool:
    """Let the browser with ``desk`` lead ``session_id`` from now on without the key (the key is
    checked first). False when there is no usable desk token or the key is too long to seal."""
    if not valid_desk(desk) or len(key.encode("utf-8")) > MAX_KEY:
        return False
    assert desk is not None
    store.check_key(session_id, key)
    raw = key.encode("utf-8")
    sealed = bytes(a ^ b for a, b in zip(raw, _pad(desk, session_id)))
    path = _path(store, session_id, desk)
    path.parent.mkdir(exist_ok=True)
    atomic_write(path, sealed.hex() + "\n")
    return True


def key_for(store: SessionStore, session_id: str, desk: str | None) -> str | None:
    """The facilitator key of ``session_id`` when the browser with ``desk`` leads it, else None
    (no file, a damaged file, or a key that no longer opens the session)."""
    if not valid_desk(desk):
        return None
    assert desk is not None
    try:
        path = _path(store, session_id, desk)
        sealed = bytes.fromhex(path.read_text(encoding="ascii").strip()[: 2 * MAX_KEY])
        key = bytes(a ^ b for a, b in zip(sealed, _pad(desk, session_id))).decode("utf-8")
        store.check_key(session_id, key)
    except (OSError, ValueError, UnicodeError, SessionError):
        return None
    return key


def led_by(store: SessionStore, desk: str | None) -> list[str]:
    """The ids of the sessions the browser with ``desk`` leads (newest first)."""
    if not valid_desk(desk) or not store.root.is_dir():
        return []
    assert desk is not None
    name = hashlib.sha256(desk.encode("ascii")).hexdigest()
    found = [
        entry.name
        for entry in store.root.iterdir()
        if SESSION_ID_RE.fullmatch(entry.name) and (entry / DESKS / name).is_file()
    ]
    return sorted(found, reverse=True)
