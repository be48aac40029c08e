"""Text limits are read from the case model (one owner) and a text over its limit is described,
never cut."""

from __future__ import annotations

import pytest

from dilemmakaart.case import Action, Case, Decision, Dilemma, ValueAtStake
from dilemmakaart.limits import (
    count_limit,
    item_limit,
    items_problem,
    lines_problem,
    near,
    number,
    text_limit,
    text_problem,
)


def test_limits_come_from_the_model():
    assert text_limit(Case, "title") == Case.model_fields["title"].metadata[-1].max_length
    assert (text_limit(Case, "description"), text_limit(Case, "organisation")) == (20000, 200)
    assert (text_limit(ValueAtStake, "note"), text_limit(Dilemma, "rationale")) == (5000, 5000)
    assert (text_limit(Action, "text"), text_limit(Action, "owner")) == (1000, 200)
    assert (text_limit(Decision, "text"), text_limit(Decision, "by")) == (20000, 200)
    assert (item_limit(Dilemma, "options"), count_limit(Dilemma, "options")) == (1000, 20)
    assert item_limit(Case, "stakeholders") == 100 and item_limit(Case, "technology") == 60
    with pytest.raises(ValueError, match="is a list"):
        text_limit(Case, "stakeholders")
    with pytest.raises(ValueError, match="no length limit"):
        text_limit(Case, "status")


def test_problems_say_how_much_is_too_much():
    assert text_problem("x" * 200, 200) is None
    problem = text_problem("x" * 340, 200)
    assert problem is not None and (problem.kind, problem.limit, problem.length, problem.over) == (
        "text",
        200,
        340,
        140,
    )
    line = lines_problem("kort\n\n" + "o" * 1001 + "\n", 1000, 20)
    assert line is not None and (line.kind, line.n, line.over) == ("line", 2, 1)
    many = items_problem([f"optie {i}" for i in range(21)], 1000, 20)
    assert many is not None and (many.kind, many.limit, many.length, many.over) == ("count", 20, 21, 1)
    assert lines_problem("één\ntwee", 1000, 20) is None
    assert near(18000, 20000) and not near(17999, 20000)
    assert (number(24850, "nl"), number(24850, "en"), number(200, "nl")) == ("24.850", "24,850", "200")
