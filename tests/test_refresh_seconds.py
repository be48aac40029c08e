"""The session pages' refresh intervals: one reading of each setting (docs/sessions.md: seconds,
0.25–3600), shared by the facilitator's and the participant's page."""

from __future__ import annotations

import pytest

from dilemmakaart.ui import session_common, session_participant


@pytest.mark.parametrize(
    ("given", "read"), [("0.3", 0.3), ("0.25", 0.25), ("3600", 3600.0), ("0.1", 1.0), ("veel", 1.0), ("4000", 1.0)]
)
def test_an_interval_within_the_documented_range_is_taken_else_the_default(monkeypatch, given, read):
    monkeypatch.setenv("DILEMMAKAART_PARTICIPANT_REFRESH", given)
    assert session_common._seconds("DILEMMAKAART_PARTICIPANT_REFRESH", 1) == read


def test_the_phone_follows_at_the_one_participant_interval():
    assert session_participant.FOLLOW_SECONDS == session_common.PARTICIPANT_REFRESH_SECONDS
