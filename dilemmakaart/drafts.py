"""Drafts: the case being edited, autosaved on disk on every change, so a browser reload or a lost
connection never loses what was typed.

A draft lives in ``<library>/.drafts/<token>.yaml`` (written atomically), or under that key in the
database's documents (``documents.py``). It holds the case as it
is being edited and the facts needed to save it later without overwriting anybody:

- ``case_id``: the id of the saved case the edit started from (``None`` for a new case);
- ``base_revision``: the revision the edit started from (a save with another revision on disk is
  a conflict, never an overwrite);
- ``base_digest``: the content digest of the case as it was opened (``store.content_digest``), so
  a hand edit of the file that kept the revision number is a conflict too;
- ``saved``: when the draft was written.

The draft's case may be incomplete (an empty title while typing): it is stored as plain data and
read back leniently. A draft is deleted after a successful save to the library.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from dilemmakaart.case import Case, case_to_data
from dilemmakaart.documents import Documents, Entry, documents_for
from dilemmakaart.yamlio import dump_yaml, parse_yaml

DRAFTS = ".drafts"
DRAFT_FORMAT = "dilemmakaart/draft@1"
TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{8,64}$")
PLACEHOLDER_TITLE = "…"
MAX_LISTED = 200  # drafts read for a listing (the newest): a page never reads thousands of files


@dataclass
class Draft:
    token: str
    case: Case
    case_id: str | None  # the saved case this edit started from; None for a new case
    base_revision: int
    saved: datetime | None = None
    base_digest: str | None = None

    @property
    def is_new(self) -> bool:
        return self.case_id is None


_listed: dict[tuple, Draft] = {}  # keyed on a document's tag (changes on every write)


def new_token() -> str:
    """A random token that is hard to guess (a draft can hold unpublished work)."""
    return secrets.token_urlsafe(12)


def valid_token(token: Any) -> bool:
    return isinstance(token, str) and bool(TOKEN_RE.fullmatch(token))


class DraftStore:
    """Drafts of one library: files in its folder, or documents in its database."""

    def __init__(self, library: str | Path | Documents):
        self.docs = documents_for(library)
        self.folder = Path(library) / DRAFTS if isinstance(library, (str, Path)) else Path(DRAFTS)

    def key(self, token: str) -> str:
        if not valid_token(token):
            raise ValueError(f"not a draft token: {token!r}")
        return f"{DRAFTS}/{token}.yaml"

    def path(self, token: str) -> Path:
        return Path(self.docs.where(self.key(token)))

    def save(self, draft: Draft) -> Path:
        """Write the draft atomically; returns where it went."""
        draft.saved = datetime.now(UTC).replace(microsecond=0)
        data = {
            "format": DRAFT_FORMAT,
            "case_id": draft.case_id,
            "base_revision": draft.base_revision,
            "base_digest": draft.base_digest,
            "saved": draft.saved.isoformat(),
            "case": case_data(draft.case),
        }
        key = self.key(draft.token)
        self.docs.write(key, dump_yaml(data))
        self.docs.tidy_stale(DRAFTS)  # what killed autosaves left behind
        return self.path(draft.token)

    def load(self, token: str) -> Draft | None:
        """The draft for ``token``; None when there is none or it cannot be read."""
        if not valid_token(token):
            return None
        raw = self.docs.read(self.key(token))  # the size is checked before anything is read
        if raw is None:
            return None
        data, problems = parse_yaml(raw)
        if problems or not isinstance(data, dict) or data.get("format") != DRAFT_FORMAT:
            return None
        case = case_from_data(data.get("case"))
        if case is None:
            return None
        case_id = data.get("case_id")
        base = data.get("base_revision")
        saved = data.get("saved")
        digest = data.get("base_digest")
        try:
            saved_at = (
                datetime.fromisoformat(saved)
                if isinstance(saved, str)
                else saved
                if isinstance(saved, datetime)
                else None
            )
        except ValueError:
            saved_at = None
        return Draft(
            token=token,
            case=case,
            case_id=case_id if isinstance(case_id, str) else None,
            base_revision=base if isinstance(base, int) and not isinstance(base, bool) and base >= 0 else 0,
            saved=saved_at,
            base_digest=digest if isinstance(digest, str) else None,
        )

    def delete(self, token: str) -> bool:
        if not valid_token(token):
            return False
        return self.docs.delete(self.key(token))

    def tokens(self) -> list[str]:
        return sorted(name[:-5] for name in self.docs.names(DRAFTS, ".yaml") if valid_token(name[:-5]))

    def all(self, limit: int = MAX_LISTED, case_id: str | None = None) -> list[Draft]:
        """The newest ``limit`` readable drafts, newest first (by time of writing: only those are
        read); with ``case_id`` only those of that saved case."""
        found = [e for e in self.docs.entries(DRAFTS, ".yaml") if valid_token(e.name[:-5])]
        out = []
        for entry in sorted(found, key=lambda e: (e.order, e.name), reverse=True)[:limit]:
            draft = self._cached(entry, case_id)
            if draft is not None:
                out.append(draft)
        return out

    def _cached(self, entry: Entry, case_id: str | None = None) -> Draft | None:
        """``load`` through a cache on the document's identity (a page lists drafts on every run)."""
        hit = _listed.get(entry.tag)
        if hit is None:
            hit = self.load(entry.name[:-5])
            if hit is None:
                return None
            if len(_listed) > 2 * MAX_LISTED:
                _listed.clear()
            _listed[entry.tag] = hit
        if case_id is not None and hit.case_id != case_id:
            return None
        return replace(hit, case=hit.case.model_copy(deep=True))

    def for_case(self, case_id: str, limit: int = MAX_LISTED) -> list[Draft]:
        """Drafts of the saved case ``case_id``, newest first."""
        return self.all(limit, case_id)


def case_data(case: Case) -> dict[str, Any]:
    """The case as plain data, like a case file (an empty title is kept as it is)."""
    data = case_to_data(case)
    data["title"] = case.title
    return data


def case_from_data(data: Any) -> Case | None:
    """Read a draft's case leniently: an empty title (still being typed) is allowed."""
    if not isinstance(data, dict):
        return None
    data = dict(data)
    title = data.get("title")
    blank = isinstance(title, str) and not title.strip()
    if blank:
        data["title"] = PLACEHOLDER_TITLE
    core = {k: v for k, v in data.items() if isinstance(k, str) and not k.startswith("x-")}
    extensions = {k: v for k, v in data.items() if isinstance(k, str) and k.startswith("x-")}
    try:
        case = Case.model_validate(core)
    except Exception:  # pydantic ValidationError: the draft is not usable
        return None
    case.extensions = extensions
    if blank:
        case.title = title
    return case
