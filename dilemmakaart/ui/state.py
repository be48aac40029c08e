"""The case being worked on, kept in session state as the one source of truth.

Widgets never own case data: pages copy from the case into widget keys before drawing and write
back in ``on_change`` callbacks (see the flow pages). Every change goes through ``touch``, which
marks the case as changed and autosaves a draft on disk (``dilemmakaart.drafts``); the draft's
token is in the URL (``?draft=``) next to ``?case=``, so a browser reload brings the case back.
"""

from __future__ import annotations

from contextlib import suppress
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import streamlit as st

from dilemmakaart import audit
from dilemmakaart.case import Case, case_to_data, copy_title, new_case, parse_case, slugify
from dilemmakaart.drafts import Draft, DraftStore, case_data, case_from_data, new_token
from dilemmakaart.merge import Merged, merge
from dilemmakaart.problems import Problem, ProblemsError
from dilemmakaart.roles import Action
from dilemmakaart.store import ConflictError, LibraryError, NotFoundError, content_digest
from dilemmakaart.text import md_escape
from dilemmakaart.ui import auth, draft_writer
from dilemmakaart.ui.bootstrap import Ctx
from dilemmakaart.ui.faults import fault_message

CASE_KEY = "dk:case"
DIRTY_KEY = "dk:dirty"
NEW_KEY = "dk:case-new"  # the case has never been saved: it gets its id on the first save
TOKEN_KEY = "dk:draft-token"
CONFLICT_KEY = "dk:conflict"
PROBLEMS_KEY = "dk:save-problems"
NOTICE_KEY = "dk:notice"
BASE_KEY = "dk:base"  # the case as it was opened: {"revision", "digest", "data" (None: not known)}
FAULT_KEY = "dk:save-fault"  # a save that the disk refused, in words
AUTOSAVE_KEY = "dk:autosave-failing"  # while the draft cannot be written: what the disk said, in words
DISCARD_FAULT_KEY = "dk:discard-fault"  # throwing a draft away failed (a read-only disk), in words
DISCARDED_KEY = "dk:discarded"  # drafts thrown away in this browser session, newest last (undo)
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
    st.session_state.pop(FAULT_KEY, None)
    if case is None or not dirty:
        st.session_state.pop(TOKEN_KEY, None)
        st.session_state.pop(AUTOSAVE_KEY, None)
    if case is not None and not dirty and not new:
        remember_base(case)
    elif case is None or new:
        st.session_state.pop(BASE_KEY, None)


def remember_base(case: Case, *, data: bool = True) -> None:
    """``case`` is the version this edit starts from: a save checks the file against it and a
    conflict is merged against it."""
    st.session_state[BASE_KEY] = {
        "revision": case.revision,
        "digest": content_digest(case),
        "data": case_to_data(case) if data else None,
    }


def base() -> dict | None:
    return st.session_state.get(BASE_KEY)


def _base_from_draft(ctx: Ctx, draft: Draft) -> None:
    """The version a restored draft started from: from the history, when its content is what the
    draft says it was (a hand edit may have kept the revision number); else only its digest."""
    if draft.case_id is None:
        st.session_state.pop(BASE_KEY, None)
        return
    try:
        opened = ctx.library.load_revision(draft.case_id, draft.base_revision)
    except (LibraryError, ProblemsError, OSError):
        opened = None
    if opened is not None and draft.base_digest in (None, content_digest(opened)):
        remember_base(opened)
    else:
        st.session_state[BASE_KEY] = {"revision": draft.base_revision, "digest": draft.base_digest, "data": None}


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
    case = new_case(NEW_ID, "-", code=ctx.code.id, code_version=ctx.code.version)  # the default framework
    case.title = ""
    set_case(case, dirty=False, new=True)
    for key in ("case", "draft"):
        if key in st.query_params:
            del st.query_params[key]
    return case


def start_copy(ctx: Ctx, source: Case) -> Case:
    """A copy of ``source`` (an example, or one's own case) to edit as a new case."""
    case = source.copy_as_new(NEW_ID, copy_title(source.title, lambda title: ctx.t("flow.copy_title", title=title)))
    set_case(case, dirty=False, new=True)
    touch(ctx)
    if "case" in st.query_params:
        del st.query_params["case"]
    return case


def drafts(ctx: Ctx) -> DraftStore:
    # drafts handed to the writer beside the page (``flush_draft(background=True)``) are written
    # first: a reload, a save or a discard never sees an older draft, nor has one written after it
    draft_writer.settle()
    return DraftStore(ctx.library.documents())  # files in the library folder, or the database


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


def flush_draft(ctx: Ctx, *, background: bool = False) -> None:
    """Write the draft if a change is waiting for it.

    ``background`` (a slider move in a fragment): hand a copy of the case to the draft writer
    (``ui/draft_writer.py``) and end the run without waiting for the disk; a write that failed is
    said, and tried again, at the next run.
    """
    token = st.session_state.get(TOKEN_KEY)
    if token:
        failed = draft_writer.failure(token)
        if failed is not None:  # a write beside the page failed: say so and write again
            st.session_state[AUTOSAVE_KEY] = fault_message(ctx, failed, action="autosave")
            st.session_state[PENDING_KEY] = True
        elif draft_writer.written(token):
            st.session_state.pop(AUTOSAVE_KEY, None)
    if not st.session_state.pop(PENDING_KEY, False):
        return
    case = current_case()
    if case is None or not token or not is_dirty():
        return
    if not auth.may(Action.EDIT):  # a draft is a write too: not after the role to edit was taken away
        return
    opened = base() or {}
    if background:
        draft = Draft(
            token, case.model_copy(deep=True), None if is_new() else case.id, case.revision, None, opened.get("digest")
        )
        store = DraftStore(ctx.library.documents())
        draft_writer.submit(token, lambda: store.save(draft))
        return
    try:
        drafts(ctx).save(Draft(token, case, None if is_new() else case.id, case.revision, None, opened.get("digest")))
    except OSError as exc:  # a full or read-only disk: the session still holds everything; say so
        st.session_state[AUTOSAVE_KEY] = fault_message(ctx, exc, action="autosave")
        st.session_state[PENDING_KEY] = True  # try again at the next change or run
        return
    st.session_state.pop(AUTOSAVE_KEY, None)


def autosave_failing() -> str | None:
    """What the disk said when the last draft could not be written (None: autosave works)."""
    return st.session_state.get(AUTOSAVE_KEY)


def url_params() -> dict[str, str]:
    """``case=<id>`` for a saved case, ``draft=<token>`` while there are unsaved changes (links
    to a step of the flow carry them, so the step does not change its URL: see ``ui/pages.py``)."""
    case = current_case()
    wanted: dict[str, str] = {}
    if case is not None and not is_new():
        wanted["case"] = case.id
    token = st.session_state.get(TOKEN_KEY)
    if case is not None and is_dirty() and token:
        wanted["draft"] = token
    return wanted


def sync_url() -> None:
    """``?case=<id>`` for a saved case, ``?draft=<token>`` while there are unsaved changes."""
    wanted = url_params()
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
            continue_draft(ctx, draft)
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
    """Write the session's case to the library; a conflict or a problem writes nothing, and an
    unchanged case is not written again (same revision, the page says there was nothing to save)."""
    case = current_case()
    if case is None:
        return SaveResult(False)
    new = is_new()
    to_save = case.model_copy(deep=True)
    if new:
        to_save.id = slugify(case.title, taken=set(ctx.library.ids()))
    opened = None if new else (base() or {}).get("digest")
    return _write(ctx, to_save, create=True if new else None, base_digest=opened)


def save_as_copy(ctx: Ctx) -> SaveResult:
    """Save the session's case under a new id (the other version stays as it is)."""
    case = current_case()
    if case is None:
        return SaveResult(False)
    try:
        copy = case.copy_as_new(slugify(case.title, taken=set(ctx.library.ids())), case.title)
    except ProblemsError as exc:  # no title yet: the page says so, as for Save
        st.session_state[PROBLEMS_KEY] = exc.problems
        return SaveResult(False, problems=exc.problems)
    return _write(ctx, copy, create=True)


def _write(ctx: Ctx, case: Case, *, create: bool | None, base_digest: str | None = None) -> SaveResult:
    """Save to the library; a conflict, a problem or a disk fault is kept in the session for the
    page to show (the case stays in the session: nothing is lost)."""
    refused = auth.check(ctx, Action.SAVE, case.id)  # on the server: a lezer cannot save, whatever is sent
    if refused:
        st.session_state[FAULT_KEY] = refused
        return SaveResult(False)
    if case.code_version is None and is_dirty() and case.code == ctx.code.id and ctx.code.version:
        case.code_version = ctx.code.version  # a changed case records the framework version it is saved in (issue 16)
    try:
        saved, written = ctx.library.save_changed(case, create=create, base_digest=base_digest)
    except ConflictError as exc:  # a colleague saved first, or took the id in the same instant
        st.session_state[CONFLICT_KEY] = {"key": exc.key, **exc.params}
        return SaveResult(False, conflict=True)
    except ProblemsError as exc:
        st.session_state[PROBLEMS_KEY] = exc.problems
        return SaveResult(False, problems=exc.problems)
    except OSError as exc:  # a full or read-only disk
        st.session_state[FAULT_KEY] = fault_message(ctx, exc, action="save")
        return SaveResult(False)
    if written:
        auth.record(audit.SAVE, saved.id, saved.revision, "new" if create else "")
    _saved(ctx, saved, written)
    return SaveResult(True, saved)


def _saved(ctx: Ctx, saved: Case, written: bool = True) -> None:
    st.session_state.pop(PENDING_KEY, None)
    token = st.session_state.get(TOKEN_KEY)
    if token:
        with suppress(OSError):  # the case is saved; a draft left behind is shown as one, never lost
            drafts(ctx).delete(token)
    set_case(saved, dirty=False)
    if written:
        notice = ("save.saved", {"title": md_escape(saved.title), "revision": saved.revision})
    else:
        notice = ("save.nothing", {"title": md_escape(saved.title), "revision": saved.revision})
    st.session_state[NOTICE_KEY] = notice
    sync_url()


def save_fault() -> str | None:
    """Why the last save could not be written (a full or read-only disk), in words."""
    return st.session_state.get(FAULT_KEY)


# ------------------------------------------------------------------ conflicts: merge per field


def theirs(ctx: Ctx) -> Case | None:
    """The colleague's version: the case as it is in the library now."""
    case = current_case()
    if case is None or is_new():
        return None
    try:
        return ctx.library.load(case.id)
    except (LibraryError, ProblemsError, OSError):
        return None


def conflict_merge(ctx: Ctx, choices: dict[str, str] | None = None) -> tuple[Merged, Case] | None:
    """The three-way merge of the session's case with the library's (against the version that
    was opened) and the library's case; None when there is nothing to merge with."""
    case = current_case()
    other = theirs(ctx)
    if case is None or other is None:
        return None
    opened = (base() or {}).get("data")
    return merge(opened, case_to_data(case), case_to_data(other), choices), other


def merge_and_save(ctx: Ctx, choices: dict[str, str]) -> SaveResult:
    """Save the merge (with a choice per conflicting field) as the revision after the colleague's."""
    found = conflict_merge(ctx, choices)
    case = current_case()
    if found is None or case is None:
        return SaveResult(False)
    merged_data, other = found[0].data, found[1]
    try:
        merged = parse_case(merged_data, ctx.code, file_id=case.id)
    except ProblemsError as exc:
        st.session_state[PROBLEMS_KEY] = exc.problems
        return SaveResult(False, problems=exc.problems)
    merged.revision = other.revision
    st.session_state[CASE_KEY] = merged  # the merge is now the work in the session (still unsaved)
    remember_base(other)  # merged on top of the colleague's version
    st.session_state.pop(CONFLICT_KEY, None)
    touch(ctx)
    return _write(ctx, merged, create=None, base_digest=content_digest(other))


# ------------------------------------------------------------------ drafts: continue, discard, undo


def draft_is_news(ctx: Ctx, draft: Draft, saved: Case | None) -> bool:
    """A draft says something the saved case does not (else there is nothing to go on with)."""
    if saved is None:
        return True
    return content_digest(draft.case) != content_digest(saved)


def waiting_drafts(ctx: Ctx, case_id: str | None = None, saved: Case | None = None) -> list[Draft]:
    """Unsaved versions on disk, newest first, other than this session's own: of ``case_id``, or
    of every case (None). A draft that says the same as its saved case is left out."""
    own = st.session_state.get(TOKEN_KEY)
    try:
        found = drafts(ctx).for_case(case_id) if case_id else drafts(ctx).all()
    except OSError:
        return []
    out = []
    known: dict[str, Case | None] = {saved.id: saved} if saved is not None else {}
    for draft in found:
        if draft.token == own:
            continue
        if draft.case_id is not None and draft.case_id not in known:  # read only when a draft needs it
            try:
                known[draft.case_id] = ctx.library.load(draft.case_id)
            except (LibraryError, ProblemsError, OSError):
                known[draft.case_id] = None
        if draft_is_news(ctx, draft, known.get(draft.case_id) if draft.case_id else None):
            out.append(draft)
    return out


def continue_draft(ctx: Ctx, draft: Draft) -> None:
    """Go on with ``draft``: it becomes the session's case (the session's own draft, if any,
    stays on disk and can be found again)."""
    set_case(draft.case, dirty=True, new=draft.is_new)
    st.session_state[TOKEN_KEY] = draft.token
    _base_from_draft(ctx, draft)
    sync_url()


def _keep_discarded(entry: dict[str, Any]) -> None:
    kept = st.session_state.setdefault(DISCARDED_KEY, [])
    kept.append(entry)
    del kept[:-20]  # the last twenty are enough to undo


def discard_draft(ctx: Ctx, draft: Draft) -> None:
    """Throw a draft on disk away; ``undo_discard`` brings it back during this browser session."""
    _keep_discarded(
        {
            "token": draft.token,
            "case": case_data(draft.case),
            "case_id": draft.case_id,
            "base_revision": draft.base_revision,
            "base_digest": draft.base_digest,
            "title": draft.case.title,
            "in_session": False,
            "when": datetime.now(UTC),
        }
    )
    try:
        drafts(ctx).delete(draft.token)
    except OSError as exc:  # a read-only library: the version stays, and the page says why
        st.session_state[DISCARDED_KEY].pop()
        st.session_state[DISCARD_FAULT_KEY] = fault_message(ctx, exc, action="discard")


def discarded() -> list[dict[str, Any]]:
    return list(st.session_state.get(DISCARDED_KEY, []))


def undo_discard(ctx: Ctx, index: int = -1) -> dict[str, Any] | None:
    """Bring a discarded version back (default: the last): as the session's case if it was one,
    else as a draft on disk again."""
    kept = st.session_state.get(DISCARDED_KEY) or []
    if not kept or not -len(kept) <= index < len(kept):
        return None
    entry = kept.pop(index)
    case = case_from_data(entry["case"])
    if case is None:
        return None
    draft = Draft(entry["token"], case, entry["case_id"], entry["base_revision"], None, entry["base_digest"])
    if entry["in_session"]:
        st.session_state.pop(PENDING_KEY, None)
        continue_draft(ctx, draft)
        if entry.get("base") is not None:
            st.session_state[BASE_KEY] = entry["base"]
        touch(ctx)  # the draft is written again
    else:
        try:
            drafts(ctx).save(draft)
        except OSError as exc:
            st.session_state[AUTOSAVE_KEY] = fault_message(ctx, exc, action="autosave")
    return entry


def reload(ctx: Ctx) -> Opened:
    """Throw away the unsaved changes and read the case again from the library (the changes are
    kept in this browser session: ``undo_discard`` brings them back)."""
    case = current_case()
    token = st.session_state.get(TOKEN_KEY)
    if case is None:
        return Opened(None)
    keep_session_changes()
    if is_new():
        if token:
            with suppress(OSError):  # a read-only library: the draft stays and is shown as one
                drafts(ctx).delete(token)
        return Opened(start_new_case(ctx))
    opened = _open(ctx, case.id)
    if opened.error is None and token:
        with suppress(OSError):  # a read-only library: the draft stays and is shown as one
            drafts(ctx).delete(token)
    return opened


def keep_session_changes() -> None:
    """The session's unsaved changes are about to be thrown away: keep them for ``undo_discard``."""
    case = current_case()
    token = st.session_state.get(TOKEN_KEY)
    if case is not None and is_dirty() and token:
        _keep_discarded(
            {
                "token": token,
                "case": case_data(case),
                "case_id": None if is_new() else case.id,
                "base_revision": case.revision,
                "base_digest": (base() or {}).get("digest"),
                "base": base(),
                "title": case.title,
                "in_session": True,
                "when": datetime.now(UTC),
            }
        )


def conflict() -> dict | None:
    return st.session_state.get(CONFLICT_KEY)


def save_problems() -> list[Problem] | None:
    return st.session_state.get(PROBLEMS_KEY)


def pop_notice() -> tuple[str, dict] | None:
    return st.session_state.pop(NOTICE_KEY, None)
