"""The facilitator's browser keeps leading its sessions after a reload, without the key in the address.

The facilitator key comes in once (the link made when the session started); after that the browser
holds only an opaque *desk* token (a random cookie ``dk_desk``, SameSite=Strict, made by the
facilitator page; it is not the key and says nothing about any session). The server keeps, per
session this browser leads, the key sealed with the desk token::

    .sessions/<session-id>/desks/<sha256(desk)>    the key XOR a pad made from the desk token

(a document of the session's own store: a file in the library folder, or a row in the database).

Only the SHA-256 of the desk token names the file and the pad is ``HMAC-SHA512(desk, session id)``, so
the files on disk are useless without the browser's cookie, and the cookie is useless without the
files (another session, another library, a copied cookie for a session this browser never led).
Nothing here ever puts the key into a page: the pages ask :func:`key_for` on the server.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from dilemmakaart.session import SESSION_ID_RE, SESSIONS, TOKEN_RE, SessionError, SessionStore

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


def _name(desk: str) -> str:
    return hashlib.sha256(desk.encode("ascii")).hexdigest()


def _key(session_id: str, desk: str) -> str:
    if not SESSION_ID_RE.fullmatch(session_id or ""):
        raise SessionError("unknown_session")
    return f"{SESSIONS}/{session_id}/{DESKS}/{_name(desk)}"


def remember(store: SessionStore, session_id: str, key: str, desk: str | None) -> bool:
    """Let the browser with ``desk`` lead ``session_id`` from now on without the key (the key is
    checked first). False when there is no usable desk token or the key is too long to seal."""
    if not valid_desk(desk) or len(key.encode("utf-8")) > MAX_KEY:
        return False
    assert desk is not None
    store.check_key(session_id, key)
    sealed = bytes(a ^ b for a, b in zip(key.encode("utf-8"), _pad(desk, session_id)))
    store.docs.write(_key(session_id, desk), sealed.hex() + "\n")
    return True


def key_for(store: SessionStore, session_id: str, desk: str | None) -> str | None:
    """The facilitator key of ``session_id`` when the browser with ``desk`` leads it, else None
    (no document, a damaged one, or a key that no longer opens the session)."""
    if not valid_desk(desk):
        return None
    assert desk is not None
    try:
        raw = store.docs.read(_key(session_id, desk), 4 * MAX_KEY)
        if raw is None:
            return None
        sealed = bytes.fromhex(raw.decode("ascii").strip()[: 2 * MAX_KEY])
        key = bytes(a ^ b for a, b in zip(sealed, _pad(desk, session_id))).decode("utf-8")
        store.check_key(session_id, key)
    except (OSError, ValueError, UnicodeError, SessionError):
        return None
    return key


def led_by(store: SessionStore, desk: str | None) -> list[str]:
    """The ids of the sessions the browser with ``desk`` leads (newest first)."""
    if not valid_desk(desk):
        return []
    assert desk is not None
    name = _name(desk)
    found = [
        session_id
        for session_id in store.docs.folders(SESSIONS)
        if SESSION_ID_RE.fullmatch(session_id) and store.docs.exists(f"{SESSIONS}/{session_id}/{DESKS}/{name}")
    ]
    return sorted(found, reverse=True)
