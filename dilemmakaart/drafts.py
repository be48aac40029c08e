"""Drafts: the case being edited, autosaved on disk on every change, so a browser reload or a lost
connection never loses what was typed.

A draft lives in ``<library>/.drafts/<token>.yaml`` (written atomically). It holds the case as it
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

import os
import re
import secrets
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from dilemmakaart.case import Case, case_to_data
from dilemmakaart.store import atomic_write, clear_stale_temporaries
from dilemmakaart.yamlio import dump_yaml, parse_yaml, read_limited

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


_listed: dict[tuple[str, int, int], Draft] = {}


def new_token() -> str:
    """A random token that is hard to guess (a draft can hold unpublished work)."""
    return secrets.token_urlsafe(12)


def valid_token(token: Any) -> bool:
    return isinstance(token, str) and bool(TOKEN_RE.fullmatch(token))


class DraftStore:
    """Drafts of one library folder."""

    def __init__(self, library_folder: str | Path):
        self.folder = Path(library_folder) / DRAFTS

    def path(self, token: str) -> Path:
        if not valid_token(token):
            raise ValueError(f"not a draft token: {token!r}")
        return self.folder / f"{token}.yaml"

    def save(self, draft: Draft) -> Path:
        """Write the draft atomically; returns its file."""
        self.folder.mkdir(parents=True, exist_ok=True)
        draft.saved = datetime.now(UTC).replace(microsecond=0)
        data = {
            "format": DRAFT_FORMAT,
            "case_id": draft.case_id,
            "base_revision": draft.base_revision,
            "base_digest": draft.base_digest,
            "saved": draft.saved.isoformat(),
            "case": case_data(draft.case),
        }
        path = self.path(draft.token)
        atomic_write(path, dump_yaml(data))
        clear_stale_temporaries(self.folder)  # what killed autosaves left behind
        return path

    def load(self, token: str) -> Draft | None:
        """The draft for ``token``; None when there is none or it cannot be read."""
        if not valid_token(token):
            return None
        path = self.path(token)
        try:
            raw = read_limited(path)  # the size is checked before anything is read
        except OSError:
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
        try:
            self.path(token).unlink()
            return True
        except FileNotFoundError:
            return False

    def tokens(self) -> list[str]:
        if not self.folder.is_dir():
            return []
        return sorted(p.stem for p in self.folder.glob("*.yaml") if valid_token(p.stem))

    def all(self, limit: int = MAX_LISTED, case_id: str | None = None) -> list[Draft]:
        """The newest ``limit`` readable drafts, newest first (by file time: only those are read);
        with ``case_id`` only those of that saved case."""
        if not self.folder.is_dir():
            return []
        files = []
        for entry in os.scandir(self.folder):
            if entry.name.endswith(".yaml") and valid_token(entry.name[:-5]):
                try:
                    files.append((entry.stat().st_mtime_ns, entry.name[:-5]))
                except OSError:
                    continue
        out = []
        for _, token in sorted(files, reverse=True)[:limit]:
            draft = self._cached(token, case_id)
            if draft is not None:
                out.append(draft)
        return out

    def _cached(self, token: str, case_id: str | None = None) -> Draft | None:
        """``load`` through a cache on the file's identity (a page lists drafts on every run)."""
        try:
            stat = self.path(token).stat()
        except OSError:
            return None
        key = (str(self.path(token)), stat.st_mtime_ns, stat.st_size)
        hit = _listed.get(key)
        if hit is None:
            hit = self.load(token)
            if hit is None:
                return None
            if len(_listed) > 2 * MAX_LISTED:
                _listed.clear()
            _listed[key] = hit
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
