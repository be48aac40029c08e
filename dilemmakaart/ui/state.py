"""The case being worked on, kept in session state as the one source of truth.

Widgets never own case data: pages copy from the case into widget keys before drawing and write
back in ``on_change`` callbacks (see the flow pages). Every change goes through ``touch``, which
marks the case as changed and autosaves a draft on disk (``dilemmakaart.drafts``); the draft's
token is in the URL (``?draft=``) next to ``?case=``, so a browser reload brings the case back.
"""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from dilemmakaart.case import Case, new_case, slugify
from dilemmakaart.drafts import Draft, DraftStore, new_token
from dilemmakaart.problems import Problem, ProblemsError
from dilemmakaart.store import ConflictError, LibraryError, NotFoundError
from dilemmakaart.ui.bootstrap import Ctx

CASE_KEY = "dk:case"
DIRTY_KEY = "dk:dirty"
NEW_KEY = "dk:case-new"  # the case has never been saved: it gets its id on the first save
TOKEN_KEY = "dk:draft-token"
CONFLICT_KEY = "dk:conflict"
PROBLEMS_KEY = "dk:save-problems"
NOTICE_KEY = "dk:notice"
NEW_ID = "nieuwe-casus"  # placeholder id of a case that has not been saved yet


def current_case() -> Case | None:
    return st.session_state.get(CASE_KEY)


def set_case(case: Case | None, *, dirty: bool = True, new: bool = False) -> None:
    """Put ``case`` in the session. ``new``: never saved (the first save gives it a fresh id)."""
    st.session_state[CASE_KEY] = case
    st.session_state[DIRTY_KEY] = dirty if case is not None else False
    st.session_state[NEW_KEY] = bool(new and case is not None)
    st.session_state.pop(CONFLICT_KEY, None)
    st.session_state.pop(PROBLEMS_KEY, None)
    if case is None or not dirty:
        st.session_state.pop(TOKEN_KEY, None)


def is_dirty() -> bool:
    return bool(st.session_state.get(DIRTY_KEY))


def is_new() -> bool:
    return bool(st.session_state.get(NEW_KEY))


def open_case(ctx: Ctx, case_id: str) -> Case:
    """Load a case from the library into the session (a fresh copy, no unsaved changes)."""
    case = ctx.library.load(case_id)
    set_case(case, dirty=False)
    st.query_params["case"] = case.id
    if "draft" in st.query_params:
        del st.query_params["draft"]
    return case


def start_new_case(ctx: Ctx) -> Case:
    """A blank case in the session; it is saved under an id made from its title."""
    case = new_case(NEW_ID, "-")
    case.title = ""
    set_case(case, dirty=False, new=True)
    for key in ("case", "draft"):
        if key in st.query_params:
            del st.query_params[key]
    return case


def start_copy(ctx: Ctx, source: Case) -> Case:
    """A copy of ``source`` (an example, or one's own case) to edit as a new case."""
    case = source.model_copy(deep=True)
    case.id = NEW_ID
    case.revision = 0
    case.created = case.updated = None
    case.sessions = []
    case.title = ctx.t("flow.copy_title", title=source.title)[:200]
    set_case(case, dirty=False, new=True)
    touch(ctx)
    if "case" in st.query_params:
        del st.query_params["case"]
    return case


def drafts(ctx: Ctx) -> DraftStore:
    return DraftStore(ctx.library.folder)


PENDING_KEY = "dk:draft-pending"


def touch(ctx: Ctx, *, later: bool = False) -> None:
    """The case changed: mark it and autosave the draft (the URL gets its token).

    ``later``: only note that the draft must be written, and write it in ``flush_draft`` at the
    end of the run, after the page is drawn (a slider then moves the map without waiting for the
    disk). A run that is cut short leaves the note for the next run.
    """
    case = current_case()
    if case is None:
        return
    st.session_state[DIRTY_KEY] = True
    st.session_state.pop(PROBLEMS_KEY, None)
    token = st.session_state.get(TOKEN_KEY) or new_token()
    st.session_state[TOKEN_KEY] = token
    st.session_state[PENDING_KEY] = True
    if not later:
        flush_draft(ctx)
    sync_url()


def flush_draft(ctx: Ctx) -> None:
    """Write the draft if a change is waiting for it."""
    if not st.session_state.pop(PENDING_KEY, False):
        return
    case = current_case()
    token = st.session_state.get(TOKEN_KEY)
    if case is None or not token or not is_dirty():
        return
    try:
        drafts(ctx).save(Draft(token, case, None if is_new() else case.id, case.revision))
    except OSError:  # a read-only library: the session still holds everything
        pass


def sync_url() -> None:
    """``?case=<id>`` for a saved case, ``?draft=<token>`` while there are unsaved changes."""
    case = current_case()
    wanted: dict[str, str] = {}
    if case is not None and not is_new():
        wanted["case"] = case.id
    token = st.session_state.get(TOKEN_KEY)
    if case is not None and is_dirty() and token:
        wanted["draft"] = token
    lang = st.session_state.get("dk:lang")
    if lang and lang != "nl" and st.query_params.get("lang") != lang:  # a reload keeps the language
        st.query_params["lang"] = lang
    for key in ("case", "draft"):
        if key in wanted:
            if st.query_params.get(key) != wanted[key]:
                st.query_params[key] = wanted[key]
        elif key in st.query_params:
            del st.query_params[key]


@dataclass
class Opened:
    """What the URL asked for and what happened (for the page to say)."""

    case: Case | None
    error: str | None = None  # a message key: the case could not be opened
    params: dict | None = None
    restored: bool = False  # a draft was restored
    other: str | None = None  # the URL asks for another case while this one has unsaved changes


def resolve(ctx: Ctx) -> Opened:
    """The case for this page: the session's, else the URL's draft, else the URL's ``?case=``."""
    wanted = st.query_params.get("case")
    token = st.query_params.get("draft")
    case = current_case()
    if case is not None:
        same_draft = token and token == st.session_state.get(TOKEN_KEY)
        if wanted and wanted != (None if is_new() else case.id) and not same_draft:
            if is_dirty():
                return Opened(case, other=wanted)
            return _open(ctx, wanted)
        sync_url()
        return Opened(case)
    if token:
        draft = drafts(ctx).load(token)
        if draft is not None:
            set_case(draft.case, dirty=True, new=draft.is_new)
            st.session_state[TOKEN_KEY] = token
            sync_url()
            return Opened(draft.case, restored=True)
        if not wanted:
            del st.query_params["draft"]
            return Opened(None, error="flow.error.draft_gone")
    if wanted:
        return _open(ctx, wanted)
    return Opened(None)


def _open(ctx: Ctx, case_id: str) -> Opened:
    try:
        return Opened(open_case(ctx, case_id))
    except NotFoundError:
        return Opened(current_case(), error="flow.error.not_found", params={"id": case_id})
    except ProblemsError as exc:
        return Opened(current_case(), error="flow.error.unreadable", params={"id": case_id, "problems": exc.problems})
    except (LibraryError, OSError) as exc:
        return Opened(
            current_case(), error="flow.error.unreadable", params={"id": case_id, "problems": [], "reason": str(exc)}
        )


# ------------------------------------------------------------------ saving


@dataclass
class SaveResult:
    ok: bool
    case: Case | None = None
    conflict: bool = False
    problems: list[Problem] | None = None


def save(ctx: Ctx) -> SaveResult:
    """Write the session's case to the library; a conflict or a problem writes nothing."""
    case = current_case()
    if case is None:
        return SaveResult(False)
    new = is_new()
    to_save = case.model_copy(deep=True)
    if new:
        to_save.id = slugify(case.title, taken=set(ctx.library.ids()))
    return _write(ctx, to_save, create=True if new else None)


def save_as_copy(ctx: Ctx) -> SaveResult:
    """Save the session's case under a new id (the other version stays as it is)."""
    case = current_case()
    if case is None:
        return SaveResult(False)
    copy = case.model_copy(deep=True)
    copy.id = slugify(case.title, taken=set(ctx.library.ids()))
    copy.revision = 0
    copy.created = None
    return _write(ctx, copy, create=True)


def _write(ctx: Ctx, case: Case, *, create: bool | None) -> SaveResult:
    """Save to the library; a conflict or a problem is kept in the session for the page to show."""
    try:
        saved = ctx.library.save(case, create=create)
    except ConflictError as exc:  # a colleague saved first, or took the id in the same instant
        st.session_state[CONFLICT_KEY] = {"key": exc.key, **exc.params}
        return SaveResult(False, conflict=True)
    except ProblemsError as exc:
        st.session_state[PROBLEMS_KEY] = exc.problems
        return SaveResult(False, problems=exc.problems)
    _saved(ctx, saved)
    return SaveResult(True, saved)


def _saved(ctx: Ctx, saved: Case) -> None:
    st.session_state.pop(PENDING_KEY, None)
    token = st.session_state.get(TOKEN_KEY)
    if token:
        drafts(ctx).delete(token)
    set_case(saved, dirty=False)
    st.session_state[NOTICE_KEY] = ("flow.saved", {"id": saved.id, "revision": saved.revision})
    sync_url()


def reload(ctx: Ctx) -> Opened:
    """Throw away the unsaved changes and read the case again from the library."""
    case = current_case()
    token = st.session_state.get(TOKEN_KEY)
    if case is None:
        return Opened(None)
    if is_new():
        if token:
            drafts(ctx).delete(token)
        return Opened(start_new_case(ctx))
    opened = _open(ctx, case.id)
    if opened.error is None and token:
        drafts(ctx).delete(token)
    return opened


def conflict() -> dict | None:
    return st.session_state.get(CONFLICT_KEY)


def save_problems() -> list[Problem] | None:
    return st.session_state.get(PROBLEMS_KEY)


def pop_notice() -> tuple[str, dict] | None:
    return st.session_state.pop(NOTICE_KEY, None)
