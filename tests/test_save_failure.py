"""``faults.save_failure``: the one rule for what a failed save into a case says on the session,
teaching and paper screens (it replaced five copies of the same except clauses)."""

from __future__ import annotations

import errno
from types import SimpleNamespace
from typing import cast

import pytest

from dilemmakaart.case import EditError
from dilemmakaart.i18n import t
from dilemmakaart.problems import Problem, ProblemsError
from dilemmakaart.store import ConflictError, LibraryError
from dilemmakaart.ui.bootstrap import Ctx
from dilemmakaart.ui.faults import SAVE_FAILURES, save_failure


def ctx(lang: str) -> Ctx:
    return cast(Ctx, SimpleNamespace(lang=lang, t=lambda key, **params: t(key, lang, **params)))


PROBLEM = Problem("values[0].weight", "roles_unknown", {"names": "baas", "roles": "lezer"})


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_each_failure_in_the_users_language(lang: str) -> None:
    c = ctx(lang)
    problem_text = PROBLEM.message(lang)
    # a refused edit: its own words, without a place
    assert save_failure(c, EditError(PROBLEM)) == problem_text
    # a colleague saved first
    assert save_failure(c, ConflictError("moved")) == t("session.f.conflict", lang)
    # a rule of the case format: described in the user's language (str() would be English)
    said = save_failure(c, ProblemsError([PROBLEM]))
    assert problem_text in said and said.startswith(t("session.f.save_failed", lang, reason="")[:6])
    # a full disk: the fault sentence, never the raw OSError
    full = save_failure(c, OSError(errno.ENOSPC, "No space left on device"))
    assert full == t("fault.full", lang, action=t("fault.action.save", lang))
    assert "No space" not in full
    # anything else of the store: its reason
    locked = LibraryError("locked")
    assert save_failure(c, locked) == t("session.f.save_failed", lang, reason=str(locked))


def test_every_failure_it_words_is_caught() -> None:
    for exc in (
        EditError(PROBLEM),
        ProblemsError([PROBLEM]),
        ConflictError("moved"),
        LibraryError("locked"),
        OSError(),
        ValueError(),
    ):
        assert isinstance(exc, SAVE_FAILURES)
    assert not isinstance(KeyError("x"), SAVE_FAILURES)  # a programming error still shows as one
