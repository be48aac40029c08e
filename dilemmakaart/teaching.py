"""Teaching workshops (issue 14): teaching mode of a session, the workshop methods as phases, and
saving a group's result as a profile without touching the case's own weighing. No Streamlit.

A session's teaching settings live beside the session, in ``.sessions/<id>/teaching.yaml`` of the
session's own store (files in the library folder, or the database; the session's own document is
``session.py``'s): whether it runs in teaching mode, the reference
profile the group is compared with, the facilitator's script (a workshop method) and the phase the
group is in. Every change needs the facilitator key.

**The rule of teaching mode**: saving the session adds a *group* profile to the case (the medians of
the last round, how many people, the session id) and changes nothing else of it: not its weights,
effects and balances, not its sessions. Only a session that is not in teaching mode can be used as
the case's own weighing, and only when the facilitator confirms it (``session.adopt`` with
``medians``; ``weighing_changes`` says beforehand what would change).
"""

from __future__ import annotations

import hashlib
import statistics
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import PurePosixPath
from typing import Any

from dilemmakaart.case import Case, EditError, Profile, SessionTemplate, case_problems, case_to_data
from dilemmakaart.profiles import group_profile
from dilemmakaart.scales import IMPORTANCE, NECESSITY, round_half_away
from dilemmakaart.session import SESSION_ID_RE, SESSIONS, SessionError, SessionInfo, SessionStore
from dilemmakaart.yamlio import dump_yaml, parse_yaml

SETTINGS_FILE = "teaching.yaml"


@dataclass(frozen=True)
class Phase:
    key: str  # locale key under ``teaching.phase.``
    minutes: int


# The workshop methods as phases with suggested minutes (the facilitator may run faster or slower).
SCRIPTS: dict[str, tuple[Phase, ...]] = {
    # CODIO workshop "van principes naar acties": from the code's values to actions with priorities
    "codio": (
        Phase("intro", 10),
        Phase("values", 15),
        Phase("weigh", 15),
        Phase("reveal", 20),
        Phase("actions", 20),
        Phase("close", 10),
    ),
    # Aanpak Begeleidingsethiek: the case, actors, values, then options for action of three kinds
    "begeleidingsethiek": (
        Phase("case", 10),
        Phase("actors", 15),
        Phase("values", 20),
        Phase("reveal", 15),
        Phase("options3", 20),
        Phase("close", 10),
    ),
    # the dilemma method: everyone judges alone first, then the group compares, then again
    "dilemma": (
        Phase("intro", 5),
        Phase("weigh", 15),
        Phase("reveal", 20),
        Phase("second", 15),
        Phase("reference", 15),
        Phase("close", 10),
    ),
}


@dataclass
class TeachingSettings:
    teaching: bool = False
    reference: str = ""  # the name of a reference profile of the case ("" none)
    script: str = ""  # a key of SCRIPTS ("" no script)
    phase: int = 0  # the current phase of the script (0-based)
    phase_started: str = ""  # when the current phase started (ISO)
    actions: str = ""  # the actions phase: "", "propose", "score" or "closed" (ACTIONS_PHASES)

    def phases(self) -> tuple[Phase, ...]:
        return SCRIPTS.get(self.script, ())

    def current(self) -> Phase | None:
        phases = self.phases()
        return phases[self.phase] if 0 <= self.phase < len(phases) else None

    def to_data(self) -> dict[str, Any]:
        return {
            "teaching": self.teaching,
            "reference": self.reference,
            "script": self.script,
            "phase": self.phase,
            "phase_started": self.phase_started,
            "actions": self.actions,
        }

    @classmethod
    def from_data(cls, data: Any) -> TeachingSettings:
        if not isinstance(data, dict):
            return cls()
        script = str(data.get("script") or "")
        phase = data.get("phase", 0)
        return cls(
            teaching=data.get("teaching") is True,
            reference=str(data.get("reference") or "")[:100],
            script=script if script in SCRIPTS else "",
            phase=phase if isinstance(phase, int) and 0 <= phase < len(SCRIPTS.get(script, ())) else 0,
            phase_started=str(data.get("phase_started") or ""),
            actions=str(data.get("actions") or "") if data.get("actions") in ("propose", "score", "closed") else "",
        )


def _key(sessions: SessionStore, session_id: str, *parts: str) -> str:
    """A document of the session's teaching (``.sessions/<id>/...``) in the session's own store:
    files in the library folder, or the database."""
    if not SESSION_ID_RE.fullmatch(session_id or ""):
        raise SessionError("unknown_session")
    return str(PurePosixPath(SESSIONS, session_id, *parts))


def _data(sessions: SessionStore, key: str, limit: int = 200_000) -> Any:
    """The YAML data of a document, or None when it is missing, too large or unreadable (never a crash)."""
    raw = sessions.docs.read(key, limit)
    if raw is None:
        return None
    data, problems = parse_yaml(raw)
    return None if problems else data


def load_settings(sessions: SessionStore, session_id: str) -> TeachingSettings:
    """The session's teaching settings; the defaults (no teaching mode) when there are none or the
    document cannot be read (never a crash)."""
    return TeachingSettings.from_data(_data(sessions, _key(sessions, session_id, SETTINGS_FILE), 10_000))


def save_settings(sessions: SessionStore, session_id: str, key: str | None, settings: TeachingSettings) -> None:
    """Write the settings; the facilitator key is checked first (``SessionError("wrong_key")``)."""
    sessions.check_key(session_id, key)
    if settings.script and settings.script not in SCRIPTS:
        raise SessionError("unknown_script")
    sessions.docs.write(_key(sessions, session_id, SETTINGS_FILE), dump_yaml(settings.to_data()))


def set_phase(sessions: SessionStore, session_id: str, key: str | None, phase: int) -> TeachingSettings:
    """Move the script to ``phase`` (clamped is never done: a phase outside the script is refused)."""
    settings = load_settings(sessions, session_id)
    if not 0 <= phase < len(settings.phases()):
        raise SessionError("unknown_phase")
    settings.phase = phase
    settings.phase_started = datetime.now(UTC).replace(microsecond=0).isoformat()
    save_settings(sessions, session_id, key, settings)
    return settings


def start_session(
    sessions: SessionStore,
    case: Case,
    *,
    anonymous: bool = False,
    roles: bool = False,
    teaching: bool = False,
    reference: str = "",
    script: str = "",
) -> tuple[str, str]:
    """A new session on ``case`` with its teaching settings; returns (session id, facilitator key).
    A reference that is not a reference profile of the case is refused before anything is made."""
    if reference and (case.profile(reference) is None or case.profile(reference).kind != "reference"):  # type: ignore[union-attr]
        raise SessionError("unknown_reference")
    if script and script not in SCRIPTS:
        raise SessionError("unknown_script")
    info, key = sessions.create(case.id, anonymous=anonymous, roles=roles)
    settings = TeachingSettings(teaching=teaching, reference=reference, script=script)
    if script:
        settings.phase_started = datetime.now(UTC).replace(microsecond=0).isoformat()
    save_settings(sessions, info.id, key, settings)
    return info.id, key


def reference_of(case: Case | None, settings: TeachingSettings) -> Profile | None:
    """The session's reference profile, when the case (still) has it."""
    if case is None or not settings.reference:
        return None
    found = case.profile(settings.reference)
    return found if found is not None and found.kind == "reference" else None


# ---------------------------------------------------------------- saving a group's result


def with_group_profile(case: Case, profile: Profile) -> Case:
    """A copy of ``case`` with ``profile`` added and nothing else changed (the teaching-mode save).
    Refused (``EditError``) when the name is taken or the profile breaks a rule of the format."""
    if profile.kind != "group":
        raise ValueError("a session adds a group profile")
    out = case.model_copy(deep=True)
    out.add_profile(profile)
    before, after = case_to_data(case), case_to_data(out)
    after.pop("profiles", None)
    before.pop("profiles", None)
    if before != after:  # the rule of teaching mode, checked rather than assumed
        raise AssertionError("saving a group profile changed the case's own weighing")
    return out


def session_group_profile(
    case: Case,
    sessions: SessionStore,
    session_id: str,
    name: str,
    *,
    anonymous_label: str = "Deelnemer {n}",
    held: date | None = None,
) -> Profile:
    """The group profile of a session: the medians of its last round that has answers."""
    rounds = sessions.rounds(session_id)
    for round_no in reversed(rounds):
        answers = sessions.responses(session_id, round_no, anonymous_label=anonymous_label)
        if answers:
            return group_profile(case, answers, name, held=held or date.today(), session_id=session_id)
    raise SessionError("no_answers")


def weighing_changes(case: Case, medians: dict[str, dict[str, int]]) -> list[tuple[str, str, int, int]]:
    """What "use as the case's weighing" would change: (kind, target, now, then) for every item whose
    number differs, in the case's order. Shown to the facilitator before they confirm."""
    out = []
    for v in case.values:
        for kind, now in (("weight", v.weight), ("effect", v.effect)):
            new = medians.get(kind + "s", {}).get(v.value)
            if new is not None and int(new) != now:
                out.append((kind, v.value, now, int(new)))
    for d in case.dilemmas:
        new = medians.get("balances", {}).get(d.key)
        if new is not None and int(new) != d.balance:
            out.append(("balance", d.key, d.balance, int(new)))
    return out


__all__ = [
    "SCRIPTS",
    "EditError",
    "Phase",
    "TeachingSettings",
    "load_settings",
    "reference_of",
    "save_settings",
    "session_group_profile",
    "set_phase",
    "start_from_template",
    "start_session",
    "template_of",
    "weighing_changes",
    "with_group_profile",
    "with_template",
]


# ---------------------------------------------------------------- session templates


def template_of(info: SessionInfo, settings: TeachingSettings, name: str, timer: int | None) -> SessionTemplate:
    """A running session's set-up as a template (``timer``: minutes per round, None without)."""
    return SessionTemplate(
        name=name.strip(),
        ask=info.ask if info.ask in ("all", "weights", "dilemmas", "chosen") else "all",  # type: ignore[arg-type]
        items=list(info.ask_items) if info.ask == "chosen" else [],
        timer=timer or None,
        anonymous=info.anonymous,
        roles=info.roles,
        teaching=settings.teaching,
        reference=settings.reference or None,
        script=settings.script or None,  # type: ignore[arg-type]
    )


def with_template(case: Case, template: SessionTemplate) -> Case:
    """A copy of ``case`` with ``template`` added (or replacing the one of the same name), checked by
    every rule of the format (``EditError`` naming the field)."""
    from dilemmakaart.case import _validated

    out = case.model_copy(deep=True)
    kept = [t for t in out.session_templates if t.name != template.name]
    checked = _validated(SessionTemplate, template.model_dump(), f"session_templates[{len(kept)}]")
    out.session_templates = [*kept, checked]
    problems = case_problems(case_to_data(out), None)
    if problems:
        raise EditError(problems)
    return out


def start_from_template(sessions: SessionStore, case: Case, name: str) -> tuple[SessionInfo, str]:
    """A new session on ``case`` set up as its template ``name``: what is asked, the timer of round 1,
    anonymity, roles, teaching mode, reference and script. Returns the session and the key."""
    template = next((t for t in case.session_templates if t.name == name), None)
    if template is None:
        raise SessionError("unknown_template")
    reference = template.reference or ""
    if reference and reference_of(case, TeachingSettings(teaching=True, reference=reference)) is None:
        reference = ""  # the reference was removed from the case since: start without, never fail
    session_id, key = start_session(
        sessions,
        case,
        anonymous=template.anonymous,
        roles=template.roles,
        teaching=template.teaching,
        reference=reference,
        script=template.script or "",
    )
    if template.ask != "all":
        items = [i for i in template.items if i in _items(case)]
        if template.ask != "chosen" or items:
            sessions.set_ask(session_id, key, template.ask, items or None)
    if template.timer:
        sessions.set_timer(session_id, key, template.timer)
    return sessions.load(session_id), key


def _items(case: Case) -> set[str]:
    out = {f"{kind}:{v.value}" for v in case.values for kind in ("weight", "effect")}
    return out | {f"balance:{d.key}" for d in case.dilemmas}


# ---------------------------------------------------------------- the actions phase

ACTIONS_PHASES = ("", "propose", "score", "closed")  # not open yet, proposing, scoring, closed
MAX_PROPOSALS = 5  # per participant
MAX_PROPOSAL = 300  # characters


@dataclass
class Proposal:
    id: str
    text: str
    kind: str  # techniek, omgeving, gebruikers
    value: str  # a value at stake
    by: int = 1  # how many people proposed it (after merging duplicates)
    merged: list[str] = field(default_factory=list)  # the ids of duplicates folded into this one


@dataclass
class Ranked:
    proposal: Proposal
    necessity: int | None  # the median score, rounded half away from zero (1–3)
    importance: int | None
    scores: int  # how many people scored it

    @property
    def priority(self) -> int:
        return (self.necessity or 0) * (self.importance or 0)


def set_actions_phase(sessions: SessionStore, session_id: str, key: str | None, phase: str) -> TeachingSettings:
    """Open proposing, open scoring, or close the actions phase (the facilitator)."""
    if phase not in ACTIONS_PHASES:
        raise SessionError("unknown_phase")
    settings = load_settings(sessions, session_id)
    settings.actions = phase
    save_settings(sessions, session_id, key, settings)
    # the session file is written again (unchanged, under its lock), so the phones, which follow that
    # file's stamp, look again and see the phase (``ui.teaching_panels.actions_state``)
    sessions._change(session_id, key, lambda info: None, None)
    return settings


def propose(
    sessions: SessionStore, session_id: str, token: str, case: Case, text: str, kind: str, value: str
) -> Proposal:
    """A participant proposes an action of one of the three kinds, tied to a value at stake."""
    sessions.participant(session_id, token)  # a participant of this session (raises otherwise)
    if load_settings(sessions, session_id).actions != "propose":
        raise SessionError("actions_not_open")
    text = " ".join(text.split())
    if not text:
        raise SessionError("action_empty")
    if len(text) > MAX_PROPOSAL:
        raise SessionError("action_too_long", limit=MAX_PROPOSAL)
    if kind not in ("techniek", "omgeving", "gebruikers") or case.value(value) is None:
        raise SessionError("action_bad_kind")
    path = _key(sessions, session_id, "actions", "proposals", f"{token}.yaml")
    mine = _data(sessions, path)
    mine = mine if isinstance(mine, list) else []
    if len(mine) >= MAX_PROPOSALS:
        raise SessionError("too_many_proposals", limit=MAX_PROPOSALS)
    proposal_id = "p" + hashlib.sha256(f"{token}|{len(mine)}|{text}".encode()).hexdigest()[:10]
    mine.append({"id": proposal_id, "text": text, "kind": kind, "value": value})
    sessions.docs.write(path, dump_yaml(mine))
    return Proposal(proposal_id, text, kind, value)


def my_proposals(sessions: SessionStore, session_id: str, token: str) -> list[Proposal]:
    return _proposals_in(_data(sessions, _key(sessions, session_id, "actions", "proposals", f"{token}.yaml")))


def _proposals_in(data: Any) -> list[Proposal]:
    out = []
    for item in data if isinstance(data, list) else []:
        if isinstance(item, dict) and all(isinstance(item.get(k), str) for k in ("id", "text", "kind", "value")):
            out.append(Proposal(item["id"], item["text"], item["kind"], item["value"]))
    return out


def proposals(sessions: SessionStore, session_id: str) -> list[Proposal]:
    """Every proposal, duplicates folded into the one they were merged with (``by`` counts them), in
    a fixed order that says nothing about who proposed what."""
    folder = _key(sessions, session_id, "actions", "proposals")
    every: dict[str, Proposal] = {}
    for name in sessions.docs.names(folder, ".yaml"):
        for p in _proposals_in(_data(sessions, f"{folder}/{name}")):
            every[p.id] = p
    merged = _data(sessions, _key(sessions, session_id, "actions", "merged.yaml")) or {}
    merged = {k: v for k, v in merged.items() if isinstance(k, str) and v in every} if isinstance(merged, dict) else {}
    for gone, kept in merged.items():
        if gone in every and kept in every and gone != kept:
            every[kept].by += every[gone].by
            every[kept].merged.append(gone)
    return sorted((p for pid, p in every.items() if pid not in merged), key=lambda p: p.id)


def merge(sessions: SessionStore, session_id: str, key: str | None, keep: str, others: list[str]) -> None:
    """The facilitator folds duplicates into ``keep`` (their proposers count for it; their scores go)."""
    sessions.check_key(session_id, key)
    known = {p.id for p in proposals(sessions, session_id)}
    if keep not in known or any(o not in known or o == keep for o in others):
        raise SessionError("unknown_proposal")
    path = _key(sessions, session_id, "actions", "merged.yaml")
    merged = _data(sessions, path)
    merged = merged if isinstance(merged, dict) else {}
    for other in others:
        merged[other] = keep
        for gone, kept in list(merged.items()):  # what was merged into ``other`` goes to ``keep`` too
            if kept == other:
                merged[gone] = keep
    sessions.docs.write(path, dump_yaml(merged))


def score(sessions: SessionStore, session_id: str, token: str, scores: dict[str, tuple[int, int]]) -> None:
    """A participant's necessity and importance (1–3 each) per proposal; replaces their earlier scores."""
    sessions.participant(session_id, token)
    if load_settings(sessions, session_id).actions != "score":
        raise SessionError("scoring_not_open")
    known = {p.id for p in proposals(sessions, session_id)}
    clean: dict[str, dict[str, int]] = {}
    for pid, (necessity, importance) in scores.items():
        if pid not in known:
            raise SessionError("unknown_proposal")
        NECESSITY.check(necessity)
        IMPORTANCE.check(importance)
        clean[pid] = {"necessity": int(necessity), "importance": int(importance)}
    sessions.docs.write(_key(sessions, session_id, "actions", "scores", f"{token}.yaml"), dump_yaml(clean))


def ranked(sessions: SessionStore, session_id: str) -> list[Ranked]:
    """The proposals with the group's median necessity and importance, highest priority first (then
    the most scores, then the most proposers)."""
    folder = _key(sessions, session_id, "actions", "scores")
    given: dict[str, list[tuple[int, int]]] = {}
    for name in sessions.docs.names(folder, ".yaml"):
        data = _data(sessions, f"{folder}/{name}")
        for pid, pair in data.items() if isinstance(data, dict) else []:
            if (
                isinstance(pair, dict)
                and isinstance(pair.get("necessity"), int)
                and isinstance(pair.get("importance"), int)
            ):
                given.setdefault(str(pid), []).append((pair["necessity"], pair["importance"]))
    out = []
    for p in proposals(sessions, session_id):
        pairs = given.get(p.id, [])
        n = round_half_away(statistics.median(a for a, _ in pairs)) if pairs else None
        i = round_half_away(statistics.median(b for _, b in pairs)) if pairs else None
        out.append(Ranked(p, n, i, len(pairs)))
    return sorted(out, key=lambda r: (-r.priority, -r.scores, -r.proposal.by, r.proposal.id))


def with_actions(case: Case, found: list[Ranked]) -> tuple[Case, int]:
    """A copy of ``case`` with the ranked proposals added as its actions (kind, value, necessity,
    importance), in their order; one whose text the case already has is not added twice. Returns the
    copy and how many were added."""
    out = case.model_copy(deep=True)
    have = {a.text.strip().casefold() for a in out.actions}
    added = 0
    for r in found:
        if r.proposal.text.casefold() in have or out.value(r.proposal.value) is None:
            continue
        fields: dict[str, Any] = {"kind": r.proposal.kind, "values": [r.proposal.value]}
        if r.necessity is not None and r.importance is not None:
            fields.update(necessity=r.necessity, importance=r.importance)
        out.add_action(r.proposal.text, **fields)
        have.add(r.proposal.text.casefold())
        added += 1
    return out, added
