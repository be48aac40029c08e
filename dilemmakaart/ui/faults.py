"""Faults of the disk told in words: a full disk, a read-only library, no permission.

Every page that writes (save, draft autosave, joining and answering a session) turns an
``OSError`` into one sentence in the user's language with ``fault_message``: what happened and
what to do, never a traceback or a path on the server.
"""

from __future__ import annotations

import errno

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
