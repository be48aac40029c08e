"""Roles and the one table of which action needs which role (no Streamlit here).

The four roles, and what each one includes:

- **lezer** (reader): the library, comparing cases, insights, the value code; downloads.
- **schrijver** (writer) includes lezer: the steps of a case, saving, duplicating, uploading.
- **begeleider** (facilitator) includes lezer: running group sessions and saving a session's
  result into its case.
- **beheerder** (administrator) includes all of the above: deleting and restoring cases, managing
  value frameworks, reading and exporting the audit trail.

A person's roles come from a claim in the sign-in token (``roles`` unless configured otherwise; a
dotted name such as ``realm_access.roles`` reaches into Keycloak's nested claim) and from a roles
file (``RolesFile``) that maps people (e-mail address or the token's ``sub``) and groups (from the
``groups`` claim) to roles, plus roles ``everyone`` signed in gets. Both are added up. Names that
are not a role are ignored (a token carries many other roles).

Without sign-in on a private address (the local single-person default) everyone has every role
(``ALL_ROLES``); see ``dilemmakaart/auth.py``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from dilemmakaart.problems import Problem, ProblemsError
from dilemmakaart.yamlio import parse_yaml, read_limited


class Role(StrEnum):
    LEZER = "lezer"
    SCHRIJVER = "schrijver"
    BEGELEIDER = "begeleider"
    BEHEERDER = "beheerder"


# what each role includes besides itself
INCLUDES: dict[Role, frozenset[Role]] = {
    Role.LEZER: frozenset(),
    Role.SCHRIJVER: frozenset({Role.LEZER}),
    Role.BEGELEIDER: frozenset({Role.LEZER}),
    Role.BEHEERDER: frozenset({Role.LEZER, Role.SCHRIJVER, Role.BEGELEIDER}),
}
ALL_ROLES: frozenset[Role] = frozenset(Role)


class Action(StrEnum):
    """What a person can ask the app to do (pages are opened with READ, EDIT, RUN_SESSION or
    READ_AUDIT; the others are the buttons that change the library)."""

    READ = "read"  # home, library, compare, insights, the value code; downloads
    EDIT = "edit"  # the steps of a case (describe, values, weigh, map, actions)
    SAVE = "save"  # save a case, save it as new, duplicate
    UPLOAD = "upload"  # upload case files into the library
    DELETE = "delete"  # move a case to the trash
    RESTORE = "restore"  # bring a case back from the trash (or as a copy)
    RUN_SESSION = "run_session"  # open the facilitator's page, start a session
    ADOPT = "adopt"  # save a session's result into its case
    MANAGE_FRAMEWORKS = "manage_frameworks"  # add, change or remove a value framework
    READ_AUDIT = "read_audit"  # read and export the audit trail


# The one table: the role each action needs.
NEEDS: dict[Action, Role] = {
    Action.READ: Role.LEZER,
    Action.EDIT: Role.SCHRIJVER,
    Action.SAVE: Role.SCHRIJVER,
    Action.UPLOAD: Role.SCHRIJVER,
    Action.DELETE: Role.BEHEERDER,
    Action.RESTORE: Role.BEHEERDER,
    Action.RUN_SESSION: Role.BEGELEIDER,
    Action.ADOPT: Role.BEGELEIDER,
    Action.MANAGE_FRAMEWORKS: Role.BEHEERDER,
    Action.READ_AUDIT: Role.BEHEERDER,
}


def expand(roles: Iterable[Role]) -> frozenset[Role]:
    """The roles with everything they include."""
    found: set[Role] = set()
    for role in roles:
        found.add(role)
        found |= INCLUDES[role]
    return frozenset(found)


def allows(roles: Iterable[Role], action: Action) -> bool:
    """Whether a person with ``roles`` may do ``action``."""
    return NEEDS[action] in expand(roles)


def needed(action: Action) -> Role:
    return NEEDS[action]


def parse_roles(raw: object) -> frozenset[Role]:
    """Roles named in a claim's or the roles file's value: a list of names, or one string with
    names separated by spaces or commas. Case does not matter; other names are ignored."""
    if isinstance(raw, str):
        names: list[object] = [part for part in raw.replace(",", " ").split() if part]
    elif isinstance(raw, (list, tuple, set, frozenset)):
        names = list(raw)
    else:
        return frozenset()
    found = set()
    for name in names:
        if isinstance(name, str) and name.strip().lower() in Role.__members__.values():
            found.add(Role(name.strip().lower()))
    return frozenset(found)


def claim(claims: Mapping[str, Any], name: str) -> object:
    """The claim ``name`` of a token; a dotted name reaches into nested claims
    (``realm_access.roles``). A claim that is not there is ``None``."""
    if name in claims:
        return claims[name]
    here: object = claims
    for part in name.split("."):
        if not isinstance(here, Mapping) or part not in here:
            return None
        here = here[part]
    return here


def claim_names(raw: object) -> list[str]:
    """The names in a claim holding a list or a string (groups)."""
    if isinstance(raw, str):
        return [part for part in raw.replace(",", " ").split() if part]
    if isinstance(raw, (list, tuple)):
        return [item for item in raw if isinstance(item, str)]
    return []


@dataclass(frozen=True)
class RolesFile:
    """A roles file: people (e-mail or ``sub``) and groups mapped to roles, and what everyone
    signed in gets. In YAML::

        people:
          anna.de.vries@gemeente.nl: [beheerder]
          8a6f2c1e-5b0d-4f7a-9c3e-2d1b0a9f8e7d: [schrijver]   # a token's sub
        groups:
          ethiekcommissie: [schrijver, begeleider]
        everyone: [lezer]
    """

    people: Mapping[str, frozenset[Role]] = field(default_factory=dict)
    groups: Mapping[str, frozenset[Role]] = field(default_factory=dict)
    everyone: frozenset[Role] = frozenset()

    def roles_for(self, subject: str, email: str, groups: Iterable[str]) -> frozenset[Role]:
        found = set(self.everyone)
        for key in (subject, email.lower()):
            if key:
                found |= self.people.get(key, frozenset())
        for group in groups:
            found |= self.groups.get(group, frozenset())
        return frozenset(found)


EMPTY_ROLES_FILE = RolesFile()


def _role_list(data: object, where: str, problems: list[Problem]) -> frozenset[Role]:
    names = [data] if isinstance(data, str) else data
    if not isinstance(names, list) or not all(isinstance(name, str) for name in names):
        problems.append(Problem(where, "roles_not_a_list", {}))
        return frozenset()
    unknown = [name for name in names if name.strip().lower() not in Role.__members__.values()]
    if unknown:
        problems.append(Problem(where, "roles_unknown", {"names": ", ".join(unknown), "roles": ", ".join(Role)}))
    return parse_roles(names)


def _mapping(data: object, where: str, problems: list[Problem], *, lower: bool) -> dict[str, frozenset[Role]]:
    if data is None:
        return {}
    if not isinstance(data, dict):
        problems.append(Problem(where, "roles_not_a_mapping", {}))
        return {}
    found: dict[str, frozenset[Role]] = {}
    for key, roles in data.items():
        name = str(key).strip()
        found[name.lower() if lower and "@" in name else name] = _role_list(roles, f"{where}.{name}", problems)
    return found


def parse_roles_file(raw: bytes) -> RolesFile:
    """The roles file in ``raw`` (YAML); every mistake is a ``ProblemsError`` naming its place,
    because a half-read roles file would give people the wrong rights."""
    data, problems = parse_yaml(raw)
    if problems:
        raise ProblemsError(problems)
    if data is None:
        return EMPTY_ROLES_FILE
    if not isinstance(data, dict):
        raise ProblemsError([Problem("", "roles_not_a_mapping", {})])
    problems = []
    unknown = sorted(str(key) for key in data if key not in ("people", "groups", "everyone"))
    if unknown:
        problems.append(Problem("", "roles_unknown_key", {"names": ", ".join(unknown)}))
    people = _mapping(data.get("people"), "people", problems, lower=True)
    groups = _mapping(data.get("groups"), "groups", problems, lower=False)
    everyone = _role_list(data.get("everyone") or [], "everyone", problems)
    if problems:
        raise ProblemsError(problems)
    return RolesFile(people=people, groups=groups, everyone=everyone)


def load_roles_file(path: str | Path) -> RolesFile:
    """Read and check the roles file at ``path`` (``OSError`` when it cannot be read)."""
    return parse_roles_file(read_limited(path))


def roles_of(
    claims: Mapping[str, Any],
    *,
    roles_claim: str = "roles",
    groups_claim: str = "groups",
    roles_file: RolesFile = EMPTY_ROLES_FILE,
) -> frozenset[Role]:
    """A signed-in person's roles (with what they include): from the token's roles claim and the
    roles file (by ``sub``, by e-mail, by the groups in the token's groups claim)."""
    from_token = parse_roles(claim(claims, roles_claim))
    subject = str(claims.get("sub") or "")
    email = str(claims.get("email") or "")
    groups = claim_names(claim(claims, groups_claim))
    return expand(from_token | roles_file.roles_for(subject, email, groups))
