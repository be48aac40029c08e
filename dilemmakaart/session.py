"""Group deliberation sessions on disk: join codes, rounds, answers. Pure Python, no Streamlit.

Layout under the library folder (everything is a file, so a server restart loses nothing and
several server processes can serve the same folder)::

    <library>/.sessions/
        codes/<JOINCODE>                    the session id (join code → session)
        <session-id>/
            session.yaml                    case, round, state, anonymous, roles, key hash, rounds held
            session.lock                    FileLock for state changes, joins and submits
            participants/<token>.yaml       label number, name (not in anonymous sessions), role
            responses/r<round>/<token>.yaml one answer per participant per round

Rules (enforced here, not in the UI):

- The facilitator key (``secrets.token_urlsafe``) is returned once by ``create``; only its SHA-256 is
  stored. Every facilitator action (close, reopen, reveal, next round, end, adopt) needs the key and
  names the (round, state) the facilitator's screen showed (``expect``): when the session moved on
  since, nothing changes (``moved_on``, with the state now).
- The projector has its own read-only token (``check_projector``): it shows the session and can
  change nothing; the key never appears on a page the room or a participant sees.
- After the end nobody joins or answers; after the adoption nobody joins. Someone who joins while
  the round is closed or revealed takes part from the next round (``first_round``).
- Join codes are 8 characters from a 31-character alphabet without look-alikes (no I, L, O, 0, 1):
  31⁸ ≈ 8.5 × 10¹¹ codes, drawn with ``secrets``. Input is normalised (case, spaces, dashes).
- A participant token (``secrets.token_urlsafe(12)``) is made on join; only the holder of a token can
  write that participant's answer, and only while the current round is open.
- At most ``MAX_PARTICIPANTS`` (300) people join one session: a flood of joins is refused in words.
- A file that cannot be read (a hand edit, a killed write) is skipped and counted, never a crash;
  temporary files of killed writes are removed under the session lock.
- Each answer is its own file written atomically (temporary file + ``os.replace``); the short
  session lock taken around "check the round is open, write the file" guarantees that an answer is
  never accepted after the round closed, and never lost.

States of the current round: ``open`` (answers accepted) → ``closed`` (no more answers, results
hidden) → ``revealed`` (results shown). ``reveal`` from ``open`` closes first. ``next_round`` from
``closed``/``revealed`` opens round + 1. ``reopen`` brings a closed (not revealed) round back to open.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import re
import secrets
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import urlsplit

from pydantic import ValidationError

from dilemmakaart.aggregate import SPANS, count_round, find_split, tally
from dilemmakaart.case import (
    MAX_PARTICIPANTS,
    MAX_ROUND,
    MAX_SESSION_ROUNDS,
    Case,
    Dilemma,
    Response,
    Session,
    case_to_data,
    parse_tally,
)
from dilemmakaart.documents import Documents, FileDocuments, documents_for
from dilemmakaart.limits import text_limit
from dilemmakaart.scales import BALANCE, EFFECT, TIMER, WEIGHT, Scale, balance_side, round_half_away
from dilemmakaart.store import LockError
from dilemmakaart.yamlio import dump_yaml, limit_problems, parse_yaml

SESSIONS = ".sessions"
ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8
STATES = ("open", "closed", "revealed")
TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{8,64}$")
SESSION_ID_RE = re.compile(r"^s-[0-9]{8}-[0-9a-f]{6}$")
MAX_NAME = 60
MAX_REASON = 280  # a participant's "waarom" with a balance: a short argument, not an essay
MAX_ROLE = 100
DEFAULT_ROLES = ("bewoner", "handhaver", "privacyfunctionaris", "bestuurder", "ondernemer")
LIFETIME_ENV = "DILEMMAKAART_SESSION_HOURS"
LIFETIME_HOURS = 24  # a session ends by itself this long after it started
SCREENS = (
    "auto",
    "join",
    "item",
    "map",
    "split",
    "dilemmas",
    "arguments",
    "movement",
)  # the projector (facilitator picks)
ASK_MODES = ("all", "dilemmas", "weights", "chosen")  # what participants are asked
MAX_TIMER_MINUTES = TIMER.max


def lifetime() -> timedelta:
    """How long a session runs before it ends by itself: ``DILEMMAKAART_SESSION_HOURS`` (1–720), else 24 h."""
    try:
        hours = float(os.environ.get(LIFETIME_ENV, LIFETIME_HOURS))
    except ValueError:
        hours = LIFETIME_HOURS
    return timedelta(hours=hours if 1 <= hours <= 720 else LIFETIME_HOURS)


class SessionError(Exception):
    """A request that cannot be carried out; ``key`` (under ``session.error.``) says why."""

    def __init__(self, key: str, **params: object):
        self.key = key
        self.params = params
        super().__init__(f"{key}: {params}")


@dataclass
class SessionInfo:
    id: str
    case_id: str
    join_code: str
    key_hash: str
    round: int = 1
    state: str = "open"
    anonymous: bool = False
    roles: bool = False
    created: str = ""
    held: dict[int, str] = field(default_factory=dict)  # round → when it opened (ISO)
    adopted: bool = False
    projector: str = ""  # the read-only token of the projector view (never the facilitator key)
    ended: str = ""  # when the facilitator ended the session (ISO); "" while it runs
    hidden: list[str] = field(default_factory=list)  # the ids of arguments the facilitator hid
    # what the facilitator controls (facil): the projector's screen, the round's timer, what to ask
    screen: str = "auto"  # one of SCREENS; "auto": the join screen while open, the results after a reveal
    screen_item: str = ""  # the item shown when screen == "item" ("weight:privacy", "balance:a|b")
    deadline: str = ""  # when the timer of round ``deadline_round`` runs out (ISO); "" without a timer
    deadline_round: int = 0
    ask: str = "all"  # one of ASK_MODES: what participants are asked (see ``asks``)
    ask_items: list[str] = field(default_factory=list)  # the chosen items when ask == "chosen"
    revealed: list[int] = field(default_factory=list)  # the rounds whose results were revealed, in order

    @property
    def moment(self) -> tuple[int, str]:
        """What a facilitator's screen was drawn for: (round, state); ``state`` is "ended" after the end."""
        return (self.round, "ended" if self.ended else self.state)

    def was_revealed(self, round_no: int) -> bool:
        """Whether the results of ``round_no`` were shown to the room (a round closed and left for the
        next one without a reveal was never shown: its results stay off the projector and phones)."""
        return round_no in self.revealed or (round_no == self.round and self.state == "revealed")

    @property
    def closed_to_joins(self) -> bool:
        """After adoption or the end nobody joins."""
        return bool(self.ended or self.adopted)

    def asked(self, case: Case) -> list[str]:
        """The items participants are asked in this session, in the case's order, as the items of
        ``aggregate`` ("weight:<value>", "effect:<value>", "balance:<a>|<b>"). Set by the facilitator
        (``set_ask``): "all" every item, "weights" the values' weights, "dilemmas" the balances,
        "chosen" the items in ``ask_items`` (still in the case). The participant page asks only these."""
        every = [f"{kind}:{v.value}" for v in case.values for kind in ("weight", "effect")]
        every += [f"balance:{d.key}" for d in case.dilemmas]
        if self.ask == "weights":
            return [i for i in every if i.startswith("weight:")]
        if self.ask == "dilemmas":
            return [i for i in every if i.startswith("balance:")]
        if self.ask == "chosen":
            chosen = set(self.ask_items)
            return [i for i in every if i in chosen]
        return every

    def time_left(self, now: datetime | None = None) -> float | None:
        """Seconds left on the current round's timer (0 when it ran out), None without a timer for it."""
        if not self.deadline or self.deadline_round != self.round or self.ended:
            return None
        try:
            until = datetime.fromisoformat(self.deadline)
        except ValueError:
            return None
        return max(0.0, (until - (now or datetime.now(UTC))).total_seconds())

    def to_data(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "case": self.case_id,
            "join_code": self.join_code,
            "key_hash": self.key_hash,
            "round": self.round,
            "state": self.state,
            "anonymous": self.anonymous,
            "roles": self.roles,
            "created": self.created,
            "held": {int(k): v for k, v in self.held.items()},
            "adopted": self.adopted,
            "projector": self.projector,
            "ended": self.ended,
            "screen": self.screen,
            "screen_item": self.screen_item,
            "deadline": self.deadline,
            "deadline_round": self.deadline_round,
            "ask": self.ask,
            "ask_items": list(self.ask_items),
            "hidden": list(self.hidden),
            "revealed": list(self.revealed),
        }

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> SessionInfo:
        return cls(
            id=str(data["id"]),
            case_id=str(data["case"]),
            join_code=str(data["join_code"]),
            key_hash=str(data["key_hash"]),
            round=int(data.get("round", 1)),
            state=str(data.get("state", "open")),
            anonymous=bool(data.get("anonymous", False)),
            roles=bool(data.get("roles", False)),
            created=str(data.get("created", "")),
            held={int(k): str(v) for k, v in (data.get("held") or {}).items()},
            adopted=bool(data.get("adopted", False)),
            projector=str(data.get("projector") or ""),
            ended=str(data.get("ended") or ""),
            screen=str(data.get("screen") or "auto") if data.get("screen") in SCREENS else "auto",
            screen_item=str(data.get("screen_item") or ""),
            deadline=str(data.get("deadline") or ""),
            deadline_round=int(data.get("deadline_round") or 0),
            ask=str(data.get("ask")) if data.get("ask") in ASK_MODES else "all",
            ask_items=[str(x) for x in (data.get("ask_items") or []) if isinstance(x, str)],
            hidden=[str(x) for x in (data.get("hidden") or []) if isinstance(x, str)],
            revealed=_revealed(data),
        )


def _revealed(data: dict[str, Any]) -> list[int]:
    """The revealed rounds of a session file. A file written before they were kept has no list: its
    rounds before the current one count as revealed (as those files were shown then), and the current
    one when its state says so; nothing is hidden that was shown before."""
    raw = data.get("revealed")
    if isinstance(raw, list):
        return sorted({x for x in raw if isinstance(x, int) and not isinstance(x, bool) and x >= 1})
    try:
        now = max(1, int(data.get("round", 1)))
    except (TypeError, ValueError):
        now = 1
    return list(range(1, now)) + ([now] if data.get("state") == "revealed" else [])


@dataclass
class Participant:
    token: str
    number: int
    name: str | None = None
    role: str | None = None
    first_round: int = 1  # a late joiner takes part from the next open round

    def label(self, anonymous_label: str = "Deelnemer {n}") -> str:
        """The name, or "Deelnemer 7" when the participant gave none."""
        return self.name or anonymous_label.format(n=self.number)


def now_iso() -> str:
    return datetime.now(UTC).astimezone().replace(microsecond=0).isoformat()


def new_join_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(text: str | None) -> str:
    """What a person typed as a join code, in canonical form (upper case, no spaces or dashes)."""
    return re.sub(r"[^A-Z0-9]", "", (text or "").upper())


def pretty_code(code: str) -> str:
    """``ABCDEFGH`` → ``ABCD-EFGH`` (easier to read from a projector)."""
    return f"{code[:4]}-{code[4:]}" if len(code) == CODE_LENGTH else code


PUBLIC_URL_ENV = "DILEMMAKAART_PUBLIC_URL"
LOCAL_HOSTS = ("localhost", "127.0.0.1", "::1", "0.0.0.0")


def public_base(setting: str | None, environ: dict[str, str] | None = None, opened: str | None = None) -> str:
    """The address participants use (``https://host[:port][/path]``, no trailing slash): the setting
    (a Streamlit secret) first, then the environment variable ``DILEMMAKAART_PUBLIC_URL``, else the
    address the facilitator opened the page with. A value that is not an http(s) address is ignored."""
    env = os.environ if environ is None else environ
    for candidate in (setting, env.get(PUBLIC_URL_ENV)):
        text = (candidate or "").strip()
        parts = urlsplit(text)
        if parts.scheme in ("http", "https") and parts.netloc:
            return f"{parts.scheme}://{parts.netloc}{parts.path.rstrip('/')}"
    parts = urlsplit(opened or "")
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""


def local_host(url: str) -> str | None:
    """The host when ``url`` points at this computer only (localhost, 127.x, ::1), else None."""
    host = (urlsplit(url).hostname or "").lower()
    return host if host in LOCAL_HOSTS or host.startswith("127.") else None


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def clean_answer(case: Case, weights: dict, effects: dict, balances: dict) -> dict[str, dict]:
    """Keep only answers about the case's values and dilemmas, as integers within range."""
    tagged = set(case.tagged())
    pairs = {d.key for d in case.dilemmas}

    def ints(mapping: dict, allowed: set[str], scale: Scale) -> dict[str, int]:
        out = {}
        for k, v in (mapping or {}).items():
            if k in allowed and isinstance(v, (int, float)) and not isinstance(v, bool):
                out[k] = max(scale.min, min(scale.max, round_half_away(v)))
        return out

    return {
        "weights": ints(weights, tagged, WEIGHT),
        "effects": ints(effects, tagged, EFFECT),
        "balances": ints(balances, pairs, BALANCE),
    }


class SessionStore:
    """All sessions of one library: files in its folder, or documents in its database
    (``documents.py``: the same logic on either store)."""

    def __init__(self, library: str | Path | Documents):
        self.docs = documents_for(library)
        self.top = PurePosixPath(SESSIONS)
        self.root = Path(self.docs.where(SESSIONS))  # the folder in file mode (tests look in it)

    # ------------------------------------------------------------ keys and reading
    def _dir(self, session_id: str) -> PurePosixPath:
        if not SESSION_ID_RE.fullmatch(session_id or ""):
            raise SessionError("unknown_session")
        return self.top / session_id

    @contextmanager
    def _lock(self, session_id: str):
        """The session's lock; leftovers of killed writes are cleared while it is held."""
        folder = self._dir(session_id)
        try:
            with self.docs.lock(str(folder / "session.lock")):
                rounds = [folder / "responses" / r for r in self.docs.folders(str(folder / "responses"))]
                self.docs.tidy(*(str(f) for f in (folder, folder / "participants", *rounds)))
                yield
        except LockError as exc:
            raise SessionError(exc.key) from None

    def _read(self, path: PurePosixPath) -> Any:
        """The data of a session document, or None when it is missing, too large or not readable YAML."""
        raw = self.docs.read(str(path))
        if raw is None:
            return None
        data, problems = parse_yaml(raw)
        return None if problems else data

    def _has(self, path: PurePosixPath) -> bool:
        return self.docs.exists(str(path))

    def _write(self, path: PurePosixPath, text: str) -> None:
        self.docs.write(str(path), text)

    def _yaml(self, folder: PurePosixPath) -> list[PurePosixPath]:
        """The documents ``*.yaml`` directly in ``folder``, by name."""
        return [folder / name for name in self.docs.names(str(folder), ".yaml")]

    def load(self, session_id: str) -> SessionInfo:
        path = self._dir(session_id) / "session.yaml"
        if not self._has(path):
            raise SessionError("unknown_session")
        data = self._read(path)
        if not isinstance(data, dict):
            raise SessionError("unreadable_session")
        try:
            info = SessionInfo.from_data(data)
        except (KeyError, TypeError, ValueError, AttributeError):
            raise SessionError("unreadable_session") from None
        if not info.ended and info.created:  # it ends by itself after its lifetime (a stale QR photo)
            try:
                until = datetime.fromisoformat(info.created) + lifetime()
            except ValueError:
                return info
            if until.tzinfo is not None and datetime.now(UTC) >= until:
                info.ended = until.isoformat()
                if info.state == "open":
                    info.state = "closed"
        return info

    def _write_info(self, info: SessionInfo) -> None:
        self._write(self._dir(info.id) / "session.yaml", dump_yaml(info.to_data()))

    def find(self, join_code: str) -> SessionInfo:
        """The session a join code belongs to; ``SessionError("unknown_code")`` otherwise."""
        code = normalise_code(join_code)
        if len(code) != CODE_LENGTH or any(c not in ALPHABET for c in code):
            raise SessionError("unknown_code")
        raw = self.docs.read(str(self.top / "codes" / code), 200)
        if raw is None:
            raise SessionError("unknown_code")
        return self.load(raw.decode("utf-8", "replace").strip())

    def list_for_case(self, case_id: str) -> list[SessionInfo]:
        out = []
        for name in self.docs.folders(SESSIONS):
            if SESSION_ID_RE.fullmatch(name) and self._has(self.top / name / "session.yaml"):
                try:
                    info = self.load(name)
                except SessionError:
                    continue
                if info.case_id == case_id:
                    out.append(info)
        return sorted(out, key=lambda i: i.created, reverse=True)

    # ------------------------------------------------------------ facilitator
    def create(self, case_id: str, *, anonymous: bool = False, roles: bool = False) -> tuple[SessionInfo, str]:
        """A new session on ``case_id`` with round 1 open. Returns it and the facilitator key."""
        key = secrets.token_urlsafe(24)
        stamp = datetime.now().strftime("%Y%m%d")
        while True:  # the id is taken by creating its lock: two sessions never share an id
            session_id = f"s-{stamp}-{secrets.token_hex(3)}"
            if self.docs.create(str(self.top / session_id / "session.lock"), b""):
                break
        while True:  # created only when free: two sessions can never share a code
            code = new_join_code()
            if self.docs.create(str(self.top / "codes" / code), session_id):
                break
        created = now_iso()
        info = SessionInfo(
            id=session_id,
            case_id=case_id,
            join_code=code,
            key_hash=hash_key(key),
            anonymous=anonymous,
            roles=roles,
            created=created,
            held={1: created},
            projector=secrets.token_urlsafe(18),
        )
        self._write_info(info)
        return info, key

    def check_key(self, session_id: str, key: str | None) -> SessionInfo:
        """The session when ``key`` is its facilitator key; ``SessionError("wrong_key")`` otherwise."""
        info = self.load(session_id)
        if not key or not hmac.compare_digest(hash_key(key), info.key_hash):
            raise SessionError("wrong_key")
        return info

    def check_projector(self, session_id: str, token: str | None) -> SessionInfo:
        """The session when ``token`` is its read-only projector token; ``SessionError("wrong_screen")``
        otherwise. The token shows the session; it changes nothing."""
        info = self.load(session_id)
        if not token or not info.projector or not hmac.compare_digest(token, info.projector):
            raise SessionError("wrong_screen")
        return info

    def projector_token(self, session_id: str, key: str | None) -> str:
        """The session's projector token (a session made before projector tokens gets one now)."""
        info = self.check_key(session_id, key)
        if info.projector:
            return info.projector
        with self._lock(session_id):
            info = self.load(session_id)
            if not info.projector:
                info.projector = secrets.token_urlsafe(18)
                self._write_info(info)
            return info.projector

    def _change(
        self, session_id: str, key: str | None, change, expect: tuple[int, str] | None, *, after_end: bool = False
    ) -> SessionInfo:
        """Carry out ``change`` under the lock. ``expect``: the (round, state) the facilitator's screen
        showed; when the session moved on since (another tab, another person), nothing changes and
        ``SessionError("moved_on")`` names the state it is in now. The pages always pass it."""
        self.check_key(session_id, key)
        with self._lock(session_id):
            info = self.load(session_id)
            if expect is not None and tuple(expect) != info.moment:
                raise SessionError("moved_on", round=info.round, state=info.moment[1])
            if info.ended and not after_end:
                raise SessionError("session_ended")
            change(info)
            self._write_info(info)
            return info

    def close(self, session_id: str, key: str | None, *, expect: tuple[int, str] | None = None) -> SessionInfo:
        def change(info: SessionInfo) -> None:
            if info.state == "open":
                info.state = "closed"

        return self._change(session_id, key, change, expect)

    def reopen(self, session_id: str, key: str | None, *, expect: tuple[int, str] | None = None) -> SessionInfo:
        def change(info: SessionInfo) -> None:
            if info.state == "revealed":
                raise SessionError("already_revealed")
            info.state = "open"

        return self._change(session_id, key, change, expect)

    def reveal(self, session_id: str, key: str | None, *, expect: tuple[int, str] | None = None) -> SessionInfo:
        def change(info: SessionInfo) -> None:
            info.state = "revealed"
            if info.round not in info.revealed:
                info.revealed.append(info.round)

        return self._change(session_id, key, change, expect)

    def next_round(self, session_id: str, key: str | None, *, expect: tuple[int, str] | None = None) -> SessionInfo:
        def change(info: SessionInfo) -> None:
            if info.state == "open":
                raise SessionError("round_still_open")
            if info.round >= MAX_ROUND:  # the case format holds rounds 1…100
                raise SessionError("too_many_rounds", limit=MAX_ROUND)
            info.round += 1
            info.state = "open"
            info.held[info.round] = now_iso()

        return self._change(session_id, key, change, expect)

    def mark_adopted(self, session_id: str, key: str | None, *, expect: tuple[int, str] | None = None) -> SessionInfo:
        def change(info: SessionInfo) -> None:
            info.adopted = True

        return self._change(session_id, key, change, expect, after_end=True)

    def set_screen(self, session_id: str, key: str | None, screen: str, item: str = "") -> SessionInfo:
        """What the projector shows (one of ``SCREENS``; ``item`` for "item"); the projector follows."""
        if screen not in SCREENS:
            raise SessionError("bad_screen")

        def change(info: SessionInfo) -> None:
            info.screen, info.screen_item = screen, item if screen == "item" else ""

        return self._change(session_id, key, change, None, after_end=True)

    def set_timer(
        self, session_id: str, key: str | None, minutes: float | None, *, expect: tuple[int, str] | None = None
    ) -> SessionInfo:
        """A timer for the current round: it runs out ``minutes`` from now (None or 0: no timer)."""
        if minutes is not None and not 0 <= minutes <= MAX_TIMER_MINUTES:
            raise SessionError("bad_timer", limit=MAX_TIMER_MINUTES)

        def change(info: SessionInfo) -> None:
            if minutes:
                info.deadline = (datetime.now(UTC) + timedelta(minutes=minutes)).isoformat(timespec="seconds")
                info.deadline_round = info.round
            else:
                info.deadline, info.deadline_round = "", 0

        return self._change(session_id, key, change, expect)

    def set_ask(
        self, session_id: str, key: str | None, mode: str, items: list[str] | None = None, *, expect=None
    ) -> SessionInfo:
        """What participants are asked (one of ``ASK_MODES``; ``items`` for "chosen", at least one)."""
        if mode not in ASK_MODES or (mode == "chosen" and not items):
            raise SessionError("bad_ask")

        def change(info: SessionInfo) -> None:
            info.ask, info.ask_items = mode, list(items or []) if mode == "chosen" else []

        return self._change(session_id, key, change, expect)

    def check_moment(self, session_id: str, key: str | None, expect: tuple[int, str]) -> SessionInfo:
        """Refuse (``moved_on``) when the session is no longer at ``expect``; changes nothing. For an
        action that writes elsewhere first (adopting writes the case, then marks the session)."""
        info = self.check_key(session_id, key)
        if tuple(expect) != info.moment:
            raise SessionError("moved_on", round=info.round, state=info.moment[1])
        return info

    def end(self, session_id: str, key: str | None, *, expect: tuple[int, str] | None = None) -> SessionInfo:
        """End the session: the current round closes, nobody joins or answers any more. The results
        stay visible to the facilitator and can still be saved in the case."""

        def change(info: SessionInfo) -> None:
            if info.state == "open":
                info.state = "closed"
            info.ended = now_iso()

        return self._change(session_id, key, change, expect)

    # ------------------------------------------------------------ participants
    def join(
        self, join_code: str, *, name: str | None = None, role: str | None = None
    ) -> tuple[SessionInfo, Participant]:
        """Add a participant; anonymous sessions never store a name. Nobody joins after the end or
        after the outcome was saved in the case (``session_ended`` / ``session_adopted``); someone who
        joins while the round is closed or revealed takes part from the next round."""
        info = self.find(join_code)
        name = " ".join((name or "").split())[:MAX_NAME] or None
        if info.anonymous:
            name = None
        role = " ".join((role or "").split())[:MAX_ROLE] or None
        folder = self._dir(info.id) / "participants"
        removed = self._dir(info.id) / "removed"
        with self._lock(info.id):
            info = self.load(info.id)  # the state now, under the lock
            if info.ended:
                raise SessionError("session_ended")
            if info.adopted:
                raise SessionError("session_adopted")
            # numbers are never given twice: a removed participant's number stays theirs
            number = self.docs.count(str(folder), ".yaml") + self.docs.count(str(removed), ".yaml") + 1
            if number > MAX_PARTICIPANTS:
                raise SessionError("session_full", limit=MAX_PARTICIPANTS)
            token = secrets.token_urlsafe(12)
            first = info.round if info.state == "open" else info.round + 1
            participant = Participant(token=token, number=number, name=name, role=role, first_round=first)
            self._write_participant(info.id, participant)
        return info, participant

    def _write_participant(self, session_id: str, p: Participant) -> None:
        data = {"number": p.number, "name": p.name, "role": p.role, "first_round": p.first_round, "joined": now_iso()}
        self._write(self._dir(session_id) / "participants" / f"{p.token}.yaml", dump_yaml(data))

    def participant(self, session_id: str, token: str | None) -> Participant:
        if not token or not TOKEN_RE.fullmatch(token):
            raise SessionError("unknown_participant")
        path = self._dir(session_id) / "participants" / f"{token}.yaml"
        if not self._has(path):
            if self._has(self._dir(session_id) / "removed" / f"{token}.yaml"):
                raise SessionError("removed")  # the facilitator took this participant out
            raise SessionError("unknown_participant")
        data = self._read(path)
        if not isinstance(data, dict):
            raise SessionError("unknown_participant")
        number, name, role = data.get("number", 0), data.get("name"), data.get("role")
        first = data.get("first_round", 1)
        if not isinstance(number, int) or isinstance(number, bool):
            raise SessionError("unknown_participant")
        return Participant(
            token=token,
            number=number,
            name=str(name)[:MAX_NAME] if name is not None else None,
            role=str(role)[:MAX_ROLE] if role is not None else None,
            first_round=first if isinstance(first, int) and not isinstance(first, bool) and first >= 1 else 1,
        )

    def set_role(self, session_id: str, token: str, role: str | None) -> Participant:
        with self._lock(session_id):
            p = self.participant(session_id, token)
            p.role = " ".join((role or "").split())[:MAX_ROLE] or None
            self._write_participant(session_id, p)
        return p

    def participants(self, session_id: str) -> dict[str, Participant]:
        folder = self._dir(session_id) / "participants"
        out = {}
        for path in self._yaml(folder):
            try:
                out[path.stem] = self.participant(session_id, path.stem)
            except SessionError:
                continue
        return out

    def remove_participant(
        self, session_id: str, key: str | None, token: str, *, expect: tuple[int, str] | None = None
    ) -> SessionInfo:
        """The facilitator takes a participant out (a ghost: a second device, someone who left).
        Their answers of every round and their unsent draft are deleted, so they leave every result;
        their token can no longer answer and their page says so (``SessionError("removed")``). Their
        number is never given to anybody else. A facilitator action: the key and the (round, state)
        the screen showed (``expect``) are checked as for every other."""
        if not TOKEN_RE.fullmatch(token or ""):
            raise SessionError("unknown_participant")

        def change(info: SessionInfo) -> None:
            folder = self._dir(info.id)
            path = folder / "participants" / f"{token}.yaml"
            if not self._has(path):
                raise SessionError("unknown_participant")
            data = self._read(path)
            number = data.get("number") if isinstance(data, dict) else None
            self._write(folder / "removed" / f"{token}.yaml", dump_yaml({"number": number, "removed": now_iso()}))
            for held in self.docs.folders(str(folder / "responses")):
                self.docs.delete(str(folder / "responses" / held / f"{token}.yaml"))
            self.docs.delete(str(folder / "drafts" / f"{token}.yaml"))
            self.docs.delete(str(path))

        return self._change(session_id, key, change, expect, after_end=True)

    def stamp(self, session_id: str) -> tuple[int, int]:
        """A cheap sign that the session changed (every state change rewrites ``session.yaml``): the
        file's modification time and size, without reading it. A phone checks this every second and
        reads the session only when it changed."""
        found = self.docs.stamp(str(self._dir(session_id) / "session.yaml"))
        return (int(found[0]), int(found[1]))

    # ------------------------------------------------------------ arguments: the "waarom" of a balance
    def arguments(self, session_id: str, round_no: int, *, hidden: bool = False) -> dict[str, list[Argument]]:
        """The arguments ("waarom") given with the balances of a round, per dilemma, without names or
        numbers, each on its side of the split (see ``Argument.side``). In a fixed order that says
        nothing about who wrote them (by their id, a hash). Hidden ones only with ``hidden=True``
        (the facilitator's own list)."""
        info = self.load(session_id)
        found: dict[str, list[tuple[str, int, str]]] = {}
        balances: dict[str, list[float]] = {}
        for token in self.participants(session_id):
            answer = self.answer(session_id, token, round_no)
            if answer is None:
                continue
            for pair, value in answer["balances"].items():
                if not isinstance(value, (int, float)) or isinstance(value, bool):
                    continue
                balances.setdefault(pair, []).append(float(value))
                text = (answer.get("reasons") or {}).get(pair, "")
                if text.strip():
                    found.setdefault(pair, []).append(
                        (argument_id(session_id, token, round_no, pair), int(value), text)
                    )
        out: dict[str, list[Argument]] = {}
        for pair, items in found.items():
            split = find_split(balances[pair], SPANS["balance"])
            arguments = [
                Argument(
                    id=aid, pair=pair, text=text, balance=value, side=side_of(value, split), hidden=aid in info.hidden
                )
                for aid, value, text in items
            ]
            out[pair] = sorted(
                (a for a in arguments if hidden or not a.hidden), key=lambda a: (SIDES.index(a.side), a.id)
            )
        return out

    def hide_argument(
        self,
        session_id: str,
        key: str | None,
        argument: str,
        hide: bool = True,
        *,
        expect: tuple[int, str] | None = None,
    ) -> SessionInfo:
        """The facilitator hides an argument from the room (or shows it again). Only an id is kept."""

        def change(info: SessionInfo) -> None:
            rest = [x for x in info.hidden if x != argument]
            info.hidden = rest + [argument] if hide else rest

        return self._change(session_id, key, change, expect, after_end=True)

    # ------------------------------------------------------------ drafts: moves not yet sent
    def save_draft(self, session_id: str, token: str, round_no: int, draft: dict[str, Any]) -> None:
        """Keep a participant's moves that were not sent yet (they survive a reload or a switch of
        apps on the phone). A draft is never counted: only ``submit`` makes an answer. ``draft`` holds
        ``weights``/``effects``/``balances`` (numbers), ``reasons`` (texts) and ``skipped`` (items)."""
        self.participant(session_id, token)  # only a known token keeps a draft, and only its own
        data: dict[str, Any] = {"round": int(round_no)}
        for k in ("weights", "effects", "balances", "reasons"):
            data[k] = {str(item): v for item, v in dict(draft.get(k) or {}).items()}
        data["skipped"] = sorted({str(x) for x in draft.get("skipped") or ()})
        data["saved"] = now_iso()
        path = self._dir(session_id) / "drafts" / f"{token}.yaml"
        text = json.dumps(data, ensure_ascii=False)  # JSON is YAML too, and written much faster
        if isinstance(self.docs, FileDocuments):  # a file: atomic, but without fsync (see quick_write)
            quick_write(Path(self.docs.where(str(path))), text)
        else:
            self._write(path, text)

    def draft(self, session_id: str, token: str, round_no: int) -> dict[str, Any] | None:
        """The participant's unsent moves for ``round_no`` (None when there are none for that round)."""
        if not TOKEN_RE.fullmatch(token or ""):
            return None
        data = self._read(self._dir(session_id) / "drafts" / f"{token}.yaml")
        if not isinstance(data, dict) or data.get("round") != round_no:
            return None
        out: dict[str, Any] = {}
        for k in ("weights", "effects", "balances", "reasons"):
            mapping = data.get(k) or {}
            out[k] = dict(mapping) if isinstance(mapping, dict) else {}
        skipped = data.get("skipped") or []
        out["skipped"] = [str(x) for x in skipped] if isinstance(skipped, list) else []
        return out

    def drop_draft(self, session_id: str, token: str) -> None:
        if TOKEN_RE.fullmatch(token or ""):
            self.docs.delete(str(self._dir(session_id) / "drafts" / f"{token}.yaml"))

    # ------------------------------------------------------------ answers
    def submit(self, session_id: str, token: str, round_no: int, answer: dict[str, dict]) -> None:
        """Store a participant's answer for ``round_no``, the round the form was drawn for; refused,
        in words that name that round, unless it is open now. An answer is never stored in another
        round than the one it was given for."""
        me = self.participant(session_id, token)  # only a known token may write, and only its own file
        data: dict[str, Any] = {k: dict(answer.get(k) or {}) for k in ("weights", "effects", "balances")}
        reasons = {str(k): " ".join(str(v).split()) for k, v in dict(answer.get("reasons") or {}).items()}
        if any(
            len(text) > MAX_REASON for text in reasons.values()
        ):  # refused, never cut: the phone keeps the text to shorten
            raise SessionError("reason_too_long", limit=MAX_REASON)
        reasons = {pair: text for pair, text in reasons.items() if text and pair in data["balances"]}
        if reasons:
            data["reasons"] = reasons
        data["submitted"] = now_iso()
        text = dump_yaml(data)
        with self._lock(session_id):
            info = self.load(session_id)
            if info.ended:
                raise SessionError("session_ended")
            if round_no < me.first_round:
                raise SessionError("not_yet", round=me.first_round)
            if info.round != round_no:
                raise SessionError("round_over", round=round_no, now=info.round)
            if info.state != "open":
                raise SessionError("round_closed", round=round_no)
            self._write(self._dir(session_id) / "responses" / f"r{round_no}" / f"{token}.yaml", text)
            self.drop_draft(session_id, token)  # sent: nothing is left unsent

    def answer(self, session_id: str, token: str, round_no: int) -> dict[str, dict] | None:
        if not TOKEN_RE.fullmatch(token or ""):
            return None
        data = self._read(self._dir(session_id) / "responses" / f"r{round_no}" / f"{token}.yaml")
        if not isinstance(data, dict):
            return None
        out = {}
        for k in ("weights", "effects", "balances"):
            mapping = data.get(k) or {}
            if not isinstance(mapping, dict):
                return None
            out[k] = dict(mapping)
        reasons = data.get("reasons")
        if isinstance(reasons, dict) and reasons:  # a "waarom" per dilemma, only when somebody gave one
            out["reasons"] = {str(k): str(v) for k, v in reasons.items()}
        return out

    def answered(self, session_id: str, round_no: int) -> int:
        """How many participants have answered in ``round_no`` (a count, never who)."""
        return self.docs.count(str(self._dir(session_id) / "responses" / f"r{round_no}"), ".yaml")

    def joined(self, session_id: str) -> int:
        return self.docs.count(str(self._dir(session_id) / "participants"), ".yaml")

    def responses(self, session_id: str, round_no: int, *, anonymous_label: str = "Deelnemer {n}") -> list[Response]:
        """Every usable answer of a round as the contract's ``Response`` (participants in join order).

        An answer file that cannot be used (a hand edit, a number out of range) is left out, never a
        crash: ``unusable_answers`` says whose."""
        return [r for _, r in self._round(session_id, round_no, anonymous_label)[0]]

    def keyed_responses(
        self, session_id: str, round_no: int, *, anonymous_label: str = "Deelnemer {n}"
    ) -> tuple[list[str], list[Response]]:
        """The participant tokens and the usable answers of a round, in join order: tokens identify
        people (two called "Jan" stay two); the labels are only for showing."""
        pairs = self._round(session_id, round_no, anonymous_label)[0]
        return [t for t, _ in pairs], [r for _, r in pairs]

    def unusable_answers(self, session_id: str, round_no: int) -> list[int]:
        """The numbers of the participants whose answer file in ``round_no`` cannot be used."""
        return self._round(session_id, round_no, "{n}")[1]

    def _round(
        self, session_id: str, round_no: int, anonymous_label: str, names: bool = True
    ) -> tuple[list[tuple[str, Response]], list[int]]:
        """(token, response) of every usable answer in join order, and the numbers of unusable ones.
        ``names=False``: every participant by number ("Deelnemer 3"), whatever name they gave."""
        info = self.load(session_id)
        people = self.participants(session_id)
        out: list[tuple[int, str, Response]] = []
        unusable: list[int] = []
        folder = self._dir(session_id) / "responses" / f"r{round_no}"
        for token, p in people.items():
            answer = self.answer(session_id, token, round_no)
            if answer is None:
                if self._has(folder / f"{token}.yaml"):
                    unusable.append(p.number)
                continue
            hidden = info.anonymous or not names
            label = anonymous_label.format(n=p.number) if hidden else p.label(anonymous_label)
            try:
                response = Response(
                    participant=label[:100],
                    role=p.role if info.roles else None,
                    weights=answer["weights"],
                    effects=answer["effects"],
                    balances=answer["balances"],
                )
            except ValidationError:
                unusable.append(p.number)
                continue
            out.append((p.number, token, response))
        out.sort(key=lambda item: item[0])
        return [(token, r) for _, token, r in out], sorted(unusable)

    def rounds(self, session_id: str) -> list[int]:
        """The rounds that have been opened so far."""
        return list(range(1, self.load(session_id).round + 1))

    def to_case_sessions(
        self, session_id: str, *, anonymous_label: str = "Deelnemer {n}", names: bool = False
    ) -> list[Session]:
        """The session's rounds as the contract's ``sessions`` entries (one per round somebody answered).

        Names go into the case only when the facilitator chooses so (``names``); otherwise every
        participant is there by number.

        Every round carries its answers counted (``summary``, with how many people changed since
        round 1); the last answered round keeps the individual answers (the dots on the map and in
        the report), and so does round 1 when no two people share a label, so that the report's
        movement is over the people who answered both (``adopt`` gives round 1's answers up first
        when the case would grow too large). Everything stays in the session's own folder as well."""
        info = self.load(session_id)
        answered = [(r, self._round(session_id, r, anonymous_label, names)[0]) for r in self.rounds(session_id)]
        answered = [(r, pairs) for r, pairs in answered if pairs]
        first = answered[0][1] if answered and answered[0][0] == 1 else None
        last = answered[-1][1] if answered else []
        keep_first = first is not None and len(answered) > 1
        if keep_first:  # matchable in the case only when every label is different in both rounds
            for pairs in (first or [], last):
                labels = [x.participant for _, x in pairs]
                keep_first = keep_first and len(set(labels)) == len(labels)
        out = []
        for i, (r, pairs) in enumerate(answered):
            held = info.held.get(r)
            tokens, responses = [t for t, _ in pairs], [x for _, x in pairs]
            summary = count_round(
                responses,
                [x for _, x in first] if first is not None and r > 1 else None,
                keys=tokens,
                first_keys=[t for t, _ in first] if first is not None else None,
            )
            out.append(
                Session(
                    id=info.id,
                    round=r,
                    held=datetime.fromisoformat(held) if held else None,
                    anonymous=info.anonymous,
                    summary=summary,
                    responses=responses if i == len(answered) - 1 or (i == 0 and keep_first) else [],
                )
            )
        return out


def quick_write(path: Path, text: str) -> None:
    """Replace ``path`` atomically (a reader sees the old or the new text, never a mix) without
    ``fsync``: for a draft, written on every slider move, which must survive a reload but not a
    power cut (two fsyncs cost about 20 ms a move on the shared disk)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


SIDES = ("low", "high", "a", "equal", "b")


@dataclass(frozen=True)
class Argument:
    """One participant's "waarom" with their balance on a dilemma, without who gave it.

    ``side``: with two camps on the dilemma (``aggregate.find_split``) "low" or "high", the camp the
    balance is in; without, the value the balance leans to: "a", "b" or "equal"."""

    id: str
    pair: str
    text: str
    balance: int
    side: str
    hidden: bool = False


def argument_id(session_id: str, token: str, round_no: int, pair: str) -> str:
    """A stable id for an argument that cannot be traced back to a participant (the token is secret)."""
    return hashlib.sha256(f"{session_id}|{token}|{round_no}|{pair}".encode()).hexdigest()[:12]


def side_of(balance: float, split: Any) -> str:
    if split is not None:
        return "low" if balance <= split.gap_low else "high"
    return balance_side(balance)


def adopt_arguments(case: Case, chosen: list[Argument]) -> Case:
    """A copy of ``case`` with the ``chosen`` arguments added to their dilemma's rationale, one line
    each (only the arguments the facilitator chose; never a name). An argument about a dilemma the
    case no longer has is left out; ``SessionError("rationale_full")`` when a rationale would grow
    beyond the case format's limit."""
    out = case.model_copy(deep=True)
    by_pair = {d.key: d for d in out.dilemmas} | {f"{d.b}|{d.a}": d for d in out.dilemmas}
    limit = text_limit(Dilemma, "rationale")
    for argument in chosen:
        dilemma = by_pair.get(argument.pair)
        if dilemma is None:
            continue
        line = f"- {argument.text}"
        if line in dilemma.rationale.splitlines():
            continue  # adopted before: not twice
        text = f"{dilemma.rationale.rstrip()}\n{line}" if dilemma.rationale.strip() else line
        if len(text) > limit:
            raise SessionError("rationale_full", limit=limit)
        dilemma.rationale = text
    return out


@dataclass
class Adoption:
    """A case with a session's rounds taken in, and what had to give way (for the facilitator)."""

    case: Case
    left_out: list[str] = field(default_factory=list)  # pairs no longer dilemmas of the case: answers left out
    flipped: list[str] = field(default_factory=list)  # pairs now written the other way round: signs flipped
    without_answers: list[str] = field(default_factory=list)  # sessions that keep only their counts in the case


def adopt(case: Case, sessions: list[Session], medians: dict[str, dict[str, int]] | None = None) -> Adoption:
    """A copy of ``case`` with these session rounds (replacing earlier copies of the same session id)
    and, when ``medians`` is given, the group's weights, effects and balances taken over.

    Answers about a dilemma that is no longer in the case are left out; a dilemma that was reversed
    (``b|a``) keeps its answers with the sign flipped. The result always fits within the limits of a
    case file: when it would not, earlier sessions keep their counts but not their individual answers
    (which stay in their session folders), oldest first; ``SessionError("case_full")`` when even that
    is not enough."""
    out = case.model_copy(deep=True)
    ids = {s.id for s in sessions}
    out.sessions = [s for s in out.sessions if s.id not in ids] + [s.model_copy(deep=True) for s in sessions]
    if len(out.sessions) > MAX_SESSION_ROUNDS:  # the case format holds 200 rounds of all sessions together
        raise SessionError("case_full")
    adoption = Adoption(out)
    _fit_pairs(adoption)
    if medians:
        for value_id in out.tagged():  # through the case's operations: checked against the scales
            if value_id in medians.get("weights", {}):
                out.set_weight(value_id, int(medians["weights"][value_id]))
            if value_id in medians.get("effects", {}):
                out.set_effect(value_id, int(medians["effects"][value_id]))
        for d in list(out.dilemmas):
            if d.key in medians.get("balances", {}):
                out.set_balance(d.key, int(medians["balances"][d.key]))
    _fit_size(adoption, ids)
    return adoption


def adopt_into_case(case: Case, sessions: list[Session], medians: dict[str, dict[str, int]] | None = None) -> Case:
    """``adopt(...).case``."""
    return adopt(case, sessions, medians).case


def _fit_pairs(adoption: Adoption) -> None:
    case = adoption.case
    pairs = {d.key for d in case.dilemmas}
    reverse = {f"{d.b}|{d.a}": d.key for d in case.dilemmas}
    left_out: dict[str, None] = {}
    flipped: dict[str, None] = {}

    def fit(mapping: dict, negate) -> dict:
        kept = {}
        for key, value in mapping.items():
            if key in pairs:
                kept[key] = value
            elif key in reverse:
                kept[reverse[key]] = negate(value)
                flipped[reverse[key]] = None
            else:
                left_out[key] = None
        return kept

    def negate_tally(text: str) -> str:
        return tally([-answer for answer, count in parse_tally(text) for _ in range(count)])

    for s in case.sessions:
        for r in s.responses:
            r.balances = fit(r.balances, lambda v: -v)
        if s.summary is not None:
            s.summary.balances = fit(s.summary.balances, negate_tally)
            movers = {}
            for item, count in s.summary.movers.items():
                kind, _, target = item.partition(":")
                if kind != "balance" or target in pairs:
                    movers[item] = count
                elif target in reverse:
                    movers[f"balance:{reverse[target]}"] = count
            s.summary.movers = movers
    adoption.left_out = list(left_out)
    adoption.flipped = list(flipped)


def _fits(case: Case) -> bool:
    return not limit_problems(dump_yaml(case_to_data(case)))


def _fit_size(adoption: Adoption, adopted: set[str]) -> None:
    """Make the case fit the limits a reader applies: first count the rounds of older sessions that
    still hold every answer, then drop individual answers session by session, oldest first."""
    case = adoption.case
    if _fits(case):
        return
    by_id: dict[str, list[Session]] = {}
    for s in case.sessions:
        by_id.setdefault(s.id, []).append(s)
    for rounds in by_id.values():  # older files: every round with every answer
        rounds.sort(key=lambda s: s.round)
        first = rounds[0].responses if rounds[0].round == 1 else None
        for s in rounds:
            if s.summary is None and s.responses:
                s.summary = count_round(s.responses, first if s.round > 1 else None)
        for s in rounds[:-1]:
            s.responses = []
    if _fits(case):
        return
    order = sorted(by_id, key=lambda sid: (sid in adopted, str(max((s.held or "" for s in by_id[sid]), key=str))))
    for sid in order:
        if not any(s.responses for s in by_id[sid]):
            continue
        for s in by_id[sid]:
            if s.summary is None:
                s.summary = count_round(s.responses)
            s.responses = []
        adoption.without_answers.append(sid)
        if _fits(case):
            return
    raise SessionError("case_full")
