"""Faults of the disk told in words: a full disk, a read-only library, no permission.

Every page that writes (save, draft autosave, joining and answering a session) turns an
``OSError`` into one sentence in the user's language with ``fault_message``: what happened and
what to do, never a traceback or a path on the server.
"""

from __future__ import annotations

import errno

from dilemmakaart.case import EditError
from dilemmakaart.problems import ProblemsError
from dilemmakaart.store import ConflictError, LibraryError
from dilemmakaart.ui.bootstrap import Ctx

#: error numbers and the message key that says what they mean for the user
KINDS = {
    errno.ENOSPC: "full",
    errno.EDQUOT: "full",
    errno.EFBIG: "full",
    errno.EROFS: "read_only",
    errno.EACCES: "denied",
    errno.EPERM: "denied",
}


def fault_kind(exc: BaseException) -> str:
    """``full``, ``read_only``, ``denied`` or ``other``."""
    number = getattr(exc, "errno", None)
    return KINDS.get(number, "other") if isinstance(number, int) else "other"


def fault_message(ctx: Ctx, exc: BaseException, *, action: str = "save") -> str:
    """What happened, in words: ``action`` is ``save``, ``autosave``, ``join`` or ``answer``."""
    what = ctx.t(f"fault.action.{action}")
    return ctx.t(f"fault.{fault_kind(exc)}", action=what)


#: what saving a change into a case from a session or teaching screen can raise (``save_failure``)
SAVE_FAILURES: tuple[type[BaseException], ...] = (ValueError, LibraryError, OSError)


def save_failure(ctx: Ctx, exc: BaseException) -> str:
    """Why saving into a case failed, in the user's language: a refused edit or a rule of the case
    format in its own words, a colleague who saved first, a disk fault (``fault_message``), else the
    store's reason. The one rule for the session, teaching and paper screens."""
    if isinstance(exc, EditError):
        return exc.message(ctx.lang)
    if isinstance(exc, ConflictError):
        return ctx.t("session.f.conflict")
    if isinstance(exc, OSError):
        return fault_message(ctx, exc, action="save")
    reason = exc.describe(ctx.lang) if isinstance(exc, ProblemsError) else str(exc)
    return ctx.t("session.f.save_failed", reason=reason)
