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
  stored. Every facilitator action (close, reopen, reveal, next round, adopt) needs the key.
- Join codes are 8 characters from a 31-character alphabet without look-alikes (no I, L, O, 0, 1):
  31⁸ ≈ 8.5 × 10¹¹ codes, drawn with ``secrets``. Input is normalised (case, spaces, dashes).
- A participant token (``secrets.token_urlsafe(12)``) is made on join; only the holder of a token can
  write that participant's answer, and only while the current round is open.
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
import os
import re
import secrets
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from filelock import FileLock

from dilemmakaart.case import Case, Response, Session
from dilemmakaart.store import atomic_write
from dilemmakaart.yamlio import dump_yaml, parse_yaml

SESSIONS = ".sessions"
ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8
STATES = ("open", "closed", "revealed")
TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{8,64}$")
SESSION_ID_RE = re.compile(r"^s-[0-9]{8}-[0-9a-f]{6}$")
MAX_NAME = 60
MAX_ROLE = 100
DEFAULT_ROLES = ("bewoner", "handhaver", "privacyfunctionaris", "bestuurder", "ondernemer")


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
        )


@dataclass
class Participant:
    token: str
    number: int
    name: str | None = None
    role: str | None = None

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


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def clean_answer(case: Case, weights: dict, effects: dict, balances: dict) -> dict[str, dict]:
    """Keep only answers about the case's values and dilemmas, as integers within range."""
    tagged = set(case.tagged())
    pairs = {d.key for d in case.dilemmas}

    def ints(mapping: dict, allowed: set[str], low: int, high: int) -> dict[str, int]:
        out = {}
        for k, v in (mapping or {}).items():
            if k in allowed and isinstance(v, (int, float)) and not isinstance(v, bool):
                out[k] = max(low, min(high, int(round(v))))
        return out

    return {
        "weights": ints(weights, tagged, 0, 10),
        "effects": ints(effects, tagged, -5, 5),
        "balances": ints(balances, pairs, -100, 100),
    }


class SessionStore:
    """All sessions of one library folder."""

    def __init__(self, library_folder: str | Path):
        self.root = Path(library_folder) / SESSIONS

    # ------------------------------------------------------------ paths and reading
    def _dir(self, session_id: str) -> Path:
        if not SESSION_ID_RE.fullmatch(session_id or ""):
            raise SessionError("unknown_session")
        return self.root / session_id

    def _lock(self, session_id: str) -> FileLock:
        return FileLock(str(self._dir(session_id) / "session.lock"), timeout=30)

    def load(self, session_id: str) -> SessionInfo:
        path = self._dir(session_id) / "session.yaml"
        if not path.is_file():
            raise SessionError("unknown_session")
        data, problems = parse_yaml(path.read_bytes())
        if problems or not isinstance(data, dict):
            raise SessionError("unreadable_session")
        return SessionInfo.from_data(data)

    def _write_info(self, info: SessionInfo) -> None:
        atomic_write(self._dir(info.id) / "session.yaml", dump_yaml(info.to_data()))

    def find(self, join_code: str) -> SessionInfo:
        """The session a join code belongs to; ``SessionError("unknown_code")`` otherwise."""
        code = normalise_code(join_code)
        if len(code) != CODE_LENGTH or any(c not in ALPHABET for c in code):
            raise SessionError("unknown_code")
        path = self.root / "codes" / code
        if not path.is_file():
            raise SessionError("unknown_code")
        return self.load(path.read_text(encoding="utf-8").strip())

    def list_for_case(self, case_id: str) -> list[SessionInfo]:
        if not self.root.is_dir():
            return []
        out = []
        for entry in sorted(self.root.iterdir()):
            if SESSION_ID_RE.fullmatch(entry.name) and (entry / "session.yaml").is_file():
                try:
                    info = self.load(entry.name)
                except SessionError:
                    continue
                if info.case_id == case_id:
                    out.append(info)
        return sorted(out, key=lambda i: i.created, reverse=True)

    # ------------------------------------------------------------ facilitator
    def create(self, case_id: str, *, anonymous: bool = False, roles: bool = False) -> tuple[SessionInfo, str]:
        """A new session on ``case_id`` with round 1 open. Returns it and the facilitator key."""
        (self.root / "codes").mkdir(parents=True, exist_ok=True)
        key = secrets.token_urlsafe(24)
        stamp = datetime.now().strftime("%Y%m%d")
        while True:
            session_id = f"s-{stamp}-{secrets.token_hex(3)}"
            try:
                (self.root / session_id).mkdir()
                break
            except FileExistsError:
                continue
        while True:
            code = new_join_code()
            try:  # O_EXCL: two sessions can never share a code
                fd = os.open(self.root / "codes" / code, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
            except FileExistsError:
                continue
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(session_id)
            break
        (self.root / session_id / "participants").mkdir()
        (self.root / session_id / "responses" / "r1").mkdir(parents=True)
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
        )
        self._write_info(info)
        return info, key

    def check_key(self, session_id: str, key: str | None) -> SessionInfo:
        """The session when ``key`` is its facilitator key; ``SessionError("wrong_key")`` otherwise."""
        info = self.load(session_id)
        if not key or not hmac.compare_digest(hash_key(key), info.key_hash):
            raise SessionError("wrong_key")
        return info

    def _change(self, session_id: str, key: str | None, change) -> SessionInfo:
        self.check_key(session_id, key)
        with self._lock(session_id):
            info = self.load(session_id)
            change(info)
            self._write_info(info)
            return info

    def close(self, session_id: str, key: str | None) -> SessionInfo:
        def change(info: SessionInfo) -> None:
            if info.state == "open":
                info.state = "closed"

        return self._change(session_id, key, change)

    def reopen(self, session_id: str, key: str | None) -> SessionInfo:
        def change(info: SessionInfo) -> None:
            if info.state == "revealed":
                raise SessionError("already_revealed")
            info.state = "open"

        return self._change(session_id, key, change)

    def reveal(self, session_id: str, key: str | None) -> SessionInfo:
        def change(info: SessionInfo) -> None:
            info.state = "revealed"

        return self._change(session_id, key, change)

    def next_round(self, session_id: str, key: str | None) -> SessionInfo:
        def change(info: SessionInfo) -> None:
            if info.state == "open":
                raise SessionError("round_still_open")
            info.round += 1
            info.state = "open"
            info.held[info.round] = now_iso()
            (self._dir(info.id) / "responses" / f"r{info.round}").mkdir(parents=True, exist_ok=True)

        return self._change(session_id, key, change)

    def mark_adopted(self, session_id: str, key: str | None) -> SessionInfo:
        def change(info: SessionInfo) -> None:
            info.adopted = True

        return self._change(session_id, key, change)

    # ------------------------------------------------------------ participants
    def join(
        self, join_code: str, *, name: str | None = None, role: str | None = None
    ) -> tuple[SessionInfo, Participant]:
        """Add a participant; anonymous sessions never store a name."""
        info = self.find(join_code)
        name = " ".join((name or "").split())[:MAX_NAME] or None
        if info.anonymous:
            name = None
        role = " ".join((role or "").split())[:MAX_ROLE] or None
        folder = self._dir(info.id) / "participants"
        with self._lock(info.id):
            number = len(list(folder.glob("*.yaml"))) + 1
            token = secrets.token_urlsafe(12)
            participant = Participant(token=token, number=number, name=name, role=role)
            self._write_participant(info.id, participant)
        return info, participant

    def _write_participant(self, session_id: str, p: Participant) -> None:
        data = {"number": p.number, "name": p.name, "role": p.role, "joined": now_iso()}
        atomic_write(self._dir(session_id) / "participants" / f"{p.token}.yaml", dump_yaml(data))

    def participant(self, session_id: str, token: str | None) -> Participant:
        if not token or not TOKEN_RE.fullmatch(token):
            raise SessionError("unknown_participant")
        path = self._dir(session_id) / "participants" / f"{token}.yaml"
        if not path.is_file():
            raise SessionError("unknown_participant")
        data, problems = parse_yaml(path.read_bytes())
        if problems or not isinstance(data, dict):
            raise SessionError("unknown_participant")
        return Participant(token=token, number=int(data.get("number", 0)), name=data.get("name"), role=data.get("role"))

    def set_role(self, session_id: str, token: str, role: str | None) -> Participant:
        with self._lock(session_id):
            p = self.participant(session_id, token)
            p.role = " ".join((role or "").split())[:MAX_ROLE] or None
            self._write_participant(session_id, p)
        return p

    def participants(self, session_id: str) -> dict[str, Participant]:
        folder = self._dir(session_id) / "participants"
        out = {}
        for path in sorted(folder.glob("*.yaml")):
            try:
                out[path.stem] = self.participant(session_id, path.stem)
            except SessionError:
                continue
        return out

    # ------------------------------------------------------------ answers
    def submit(self, session_id: str, token: str, round_no: int, answer: dict[str, dict]) -> None:
        """Store a participant's answer for ``round_no``; refused unless that round is open now."""
        self.participant(session_id, token)  # only a known token may write, and only its own file
        data: dict[str, Any] = {k: dict(answer.get(k) or {}) for k in ("weights", "effects", "balances")}
        data["submitted"] = now_iso()
        text = dump_yaml(data)
        with self._lock(session_id):
            info = self.load(session_id)
            if info.round != round_no:
                raise SessionError("round_over")
            if info.state != "open":
                raise SessionError("round_closed")
            folder = self._dir(session_id) / "responses" / f"r{round_no}"
            folder.mkdir(parents=True, exist_ok=True)
            atomic_write(folder / f"{token}.yaml", text)

    def answer(self, session_id: str, token: str, round_no: int) -> dict[str, dict] | None:
        if not TOKEN_RE.fullmatch(token or ""):
            return None
        path = self._dir(session_id) / "responses" / f"r{round_no}" / f"{token}.yaml"
        if not path.is_file():
            return None
        data, problems = parse_yaml(path.read_bytes())
        if problems or not isinstance(data, dict):
            return None
        return {k: dict(data.get(k) or {}) for k in ("weights", "effects", "balances")}

    def answered(self, session_id: str, round_no: int) -> int:
        """How many participants have answered in ``round_no`` (a count, never who)."""
        folder = self._dir(session_id) / "responses" / f"r{round_no}"
        return sum(1 for p in folder.glob("*.yaml")) if folder.is_dir() else 0

    def joined(self, session_id: str) -> int:
        return sum(1 for _ in (self._dir(session_id) / "participants").glob("*.yaml"))

    def responses(self, session_id: str, round_no: int, *, anonymous_label: str = "Deelnemer {n}") -> list[Response]:
        """Every answer of a round as the contract's ``Response`` (participants in join order)."""
        info = self.load(session_id)
        people = self.participants(session_id)
        out: list[tuple[int, Response]] = []
        for token, p in people.items():
            answer = self.answer(session_id, token, round_no)
            if answer is None:
                continue
            label = anonymous_label.format(n=p.number) if info.anonymous else p.label(anonymous_label)
            out.append(
                (
                    p.number,
                    Response(
                        participant=label[:100],
                        role=p.role if info.roles else None,
                        weights=answer["weights"],
                        effects=answer["effects"],
                        balances=answer["balances"],
                    ),
                )
            )
        return [r for _, r in sorted(out, key=lambda item: item[0])]

    def rounds(self, session_id: str) -> list[int]:
        """The rounds that have been opened so far."""
        return list(range(1, self.load(session_id).round + 1))

    def to_case_sessions(self, session_id: str, *, anonymous_label: str = "Deelnemer {n}") -> list[Session]:
        """The session's rounds as the contract's ``sessions`` entries (one per round)."""
        info = self.load(session_id)
        out = []
        for r in self.rounds(session_id):
            held = info.held.get(r)
            out.append(
                Session(
                    id=info.id,
                    round=r,
                    held=datetime.fromisoformat(held) if held else None,
                    anonymous=info.anonymous,
                    responses=self.responses(session_id, r, anonymous_label=anonymous_label),
                )
            )
        return out


def adopt_into_case(case: Case, sessions: list[Session], medians: dict[str, dict[str, int]] | None = None) -> Case:
    """A copy of ``case`` with these session rounds (replacing earlier copies of the same session
    id) and, when ``medians`` is given, the group's weights, effects and balances taken over."""
    out = case.model_copy(deep=True)
    ids = {s.id for s in sessions}
    out.sessions = [s for s in out.sessions if s.id not in ids] + [s.model_copy(deep=True) for s in sessions]
    if medians:
        for v in out.values:
            if v.value in medians.get("weights", {}):
                v.weight = int(medians["weights"][v.value])
            if v.value in medians.get("effects", {}):
                v.effect = int(medians["effects"][v.value])
        for d in out.dilemmas:
            if d.key in medians.get("balances", {}):
                d.balance = int(medians["balances"][d.key])
    return out
