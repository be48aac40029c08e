"""The participant's side of a session in the domain: removing a ghost, unsent drafts, skips, the
"waarom" with a balance and the arguments grouped by side, where I stand, breakdowns of at least
three, the cheap state stamp; and a property test through the store with skips and removals."""

from __future__ import annotations

import tempfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dilemmakaart.aggregate import MIN_GROUP, OTHER, breakdown, movement, role_breakdown, standing, summarise
from dilemmakaart.case import Response, parse_case
from dilemmakaart.session import MAX_REASON, SessionError, SessionStore, adopt_arguments
from tests.conftest import minimal_case
from tests.test_aggregate import ref_median, ref_split

PAIR = "privacy|veiligheid"


def the_case():
    return parse_case(
        minimal_case(
            values=[{"value": "privacy", "weight": 5, "effect": 0}, {"value": "veiligheid", "weight": 5, "effect": 0}],
            dilemmas=[{"a": "privacy", "b": "veiligheid", "balance": 0, "rationale": "Eerder besproken."}],
        )
    )


def answer(w=None, b=None, reason=None):
    out = {"weights": {"privacy": w} if w is not None else {}, "effects": {}, "balances": {}}
    if b is not None:
        out["balances"][PAIR] = b
    if reason is not None:
        out["reasons"] = {PAIR: reason}
    return out


@pytest.fixture
def store(library_dir):
    return SessionStore(library_dir)


# ---------------------------------------------------------------- removing a ghost


def test_a_removed_participant_leaves_every_result_and_cannot_answer(store):
    info, key = store.create("proef")
    people = [store.join(info.join_code, name=f"P{i}")[1] for i in range(4)]
    ghost = people[1]
    for i, p in enumerate(people):
        store.submit(info.id, p.token, 1, answer(w=[2, 10, 3, 4][i]))
    store.reveal(info.id, key, expect=(1, "open"))
    store.next_round(info.id, key, expect=(1, "revealed"))
    for i, p in enumerate(people):
        store.submit(info.id, p.token, 2, answer(w=[2, 10, 5, 4][i]))
    store.save_draft(info.id, ghost.token, 2, {"weights": {"privacy": 1}})
    assert store.answered(info.id, 2) == 4

    # a stale screen is refused, nothing changes
    with pytest.raises(SessionError) as err:
        store.remove_participant(info.id, key, ghost.token, expect=(1, "open"))
    assert err.value.key == "moved_on"
    with pytest.raises(SessionError) as err:
        store.remove_participant(info.id, "wrong-key-wrong", ghost.token, expect=(2, "open"))
    assert err.value.key == "wrong_key"
    assert store.answered(info.id, 2) == 4

    store.remove_participant(info.id, key, ghost.token, expect=(2, "open"))
    for r in (1, 2):
        keys, responses = store.keyed_responses(info.id, r)
        assert ghost.token not in keys and store.answered(info.id, r) == 3
        assert sorted(x.weights["privacy"] for x in responses) == ([2, 3, 4] if r == 1 else [2, 4, 5])
    assert store.draft(info.id, ghost.token, 2) is None
    assert ghost.token not in store.participants(info.id) and store.joined(info.id) == 3
    # they cannot answer again, and their page can say why
    for action in (
        lambda: store.submit(info.id, ghost.token, 2, answer(w=9)),
        lambda: store.participant(info.id, ghost.token),
        lambda: store.save_draft(info.id, ghost.token, 2, {}),
    ):
        with pytest.raises(SessionError) as err:
            action()
        assert err.value.key == "removed"
    assert store.answered(info.id, 2) == 3
    # a newcomer never gets the ghost's number
    newcomer = store.join(info.join_code)[1]
    assert newcomer.number == 5
    # the case takes in only the people who stayed
    rounds = store.to_case_sessions(info.id)
    assert [s.summary.participants for s in rounds] == [3, 3]
    assert rounds[-1].summary.weights["privacy"] == "2:1 4:1 5:1"
    # a participant not in the session
    with pytest.raises(SessionError) as err:
        store.remove_participant(info.id, key, ghost.token, expect=(2, "open"))
    assert err.value.key == "unknown_participant"


# ---------------------------------------------------------------- drafts: moves not yet sent


def test_a_draft_survives_is_never_counted_and_goes_when_sent(store):
    info, _ = store.create("proef")
    me = store.join(info.join_code)[1]
    draft = {
        "weights": {"privacy": 7},
        "balances": {PAIR: -100},
        "reasons": {PAIR: "Omdat het kan."},
        "skipped": ["effect:privacy"],
    }
    store.save_draft(info.id, me.token, 1, draft)
    again = SessionStore(store.root.parent)  # a reload: a new store object, the same folder
    got = again.draft(info.id, me.token, 1)
    assert got == {
        "weights": {"privacy": 7},
        "effects": {},
        "balances": {PAIR: -100},
        "reasons": {PAIR: "Omdat het kan."},
        "skipped": ["effect:privacy"],
    }
    assert again.draft(info.id, me.token, 2) is None  # a draft belongs to its round
    assert store.answered(info.id, 1) == 0 and store.responses(info.id, 1) == []
    store.submit(info.id, me.token, 1, answer(w=7, b=-100, reason="Omdat het kan."))
    assert store.draft(info.id, me.token, 1) is None
    assert store.answer(info.id, me.token, 1)["reasons"] == {PAIR: "Omdat het kan."}
    with pytest.raises(SessionError):
        store.save_draft(info.id, "nobody-is-here", 1, draft)


# ---------------------------------------------------------------- skip / weet ik niet


def test_a_skip_is_no_answer_and_not_the_neutral_value(store):
    info, _ = store.create("proef")
    for w, b in ((8, -60), (9, -50), (10, None), (None, None)):  # two skip the dilemma, one the weight too
        token = store.join(info.join_code)[1].token
        store.submit(info.id, token, 1, answer(w=w, b=b))
    summary = summarise(the_case(), store.responses(info.id, 1))
    balance = summary.items[f"balance:{PAIR}"]
    assert balance.n == 2 and balance.median == -55  # not pulled to 0 by the two who skipped
    weight = summary.items["weight:privacy"]
    assert weight.n == 3 and weight.median == 9
    assert summary.n == 4  # four people answered the round
    counted = store.to_case_sessions(info.id)[0].summary
    assert counted.balances[PAIR] == "-60:1 -50:1" and counted.weights["privacy"] == "8:1 9:1 10:1"


# ---------------------------------------------------------------- waarom and the arguments


def test_reasons_are_stored_limited_and_grouped_by_side_anonymously(store):
    info, key = store.create("proef")
    people = []
    for name, b, reason in (
        ("Jan", -80, "Privacy gaat voor."),
        ("Anna", -75, "  Niemand wil  gevolgd worden. "),
        ("Piet", 70, "Veiligheid eerst."),
        ("Kees", 80, ""),
        ("Mia", 75, "Het water komt."),
    ):
        p = store.join(info.join_code, name=name)[1]
        store.submit(info.id, p.token, 1, answer(b=b, reason=reason))
        people.append(p)
    # a reason without a balance (the dilemma skipped) is not kept; one too long is refused, not cut
    extra = store.join(info.join_code)[1]
    store.submit(info.id, extra.token, 1, answer(w=5, reason="Zonder antwoord."))
    assert "reasons" not in store.answer(info.id, extra.token, 1)
    with pytest.raises(SessionError) as err:
        store.submit(info.id, extra.token, 1, answer(b=0, reason="x" * (MAX_REASON + 1)))
    assert err.value.key == "reason_too_long" and err.value.params == {"limit": MAX_REASON}
    assert store.answer(info.id, extra.token, 1)["weights"] == {"privacy": 5}  # the earlier answer stands

    found = store.arguments(info.id, 1)
    args = found[PAIR]
    assert [a.side for a in args] == ["low", "low", "high", "high"]  # one camp, then the other
    assert [a.id for a in args[:2]] == sorted(a.id for a in args[:2])  # by id: not in join order
    assert sorted(a.text for a in args if a.side == "high") == ["Het water komt.", "Veiligheid eerst."]
    assert sorted(a.text for a in args if a.side == "low") == ["Niemand wil gevolgd worden.", "Privacy gaat voor."]
    assert len(args) == 4  # Kees gave no reason
    for a in args:  # nothing that points at a person
        assert all(p.token not in a.id and p.name not in a.text for p in people)
    # the facilitator hides one: gone for the room, still in the facilitator's list
    hidden = args[0]
    with pytest.raises(SessionError):
        store.hide_argument(info.id, key, hidden.id, expect=(1, "revealed"))
    store.hide_argument(info.id, key, hidden.id, expect=(1, "open"))
    assert hidden.id not in [a.id for a in store.arguments(info.id, 1)[PAIR]]
    assert [a.hidden for a in store.arguments(info.id, 1, hidden=True)[PAIR] if a.id == hidden.id] == [True]
    store.hide_argument(info.id, key, hidden.id, hide=False, expect=(1, "open"))
    assert len(store.arguments(info.id, 1)[PAIR]) == 4


def test_without_a_split_arguments_follow_the_value_they_lean_to(store):
    info, _ = store.create("proef")
    for b, reason in ((-20, "Iets meer privacy."), (0, "Allebei even zwaar."), (15, "Iets meer veiligheid.")):
        store.submit(info.id, store.join(info.join_code)[1].token, 1, answer(b=b, reason=reason))
    sides = {a.text: a.side for a in store.arguments(info.id, 1)[PAIR]}
    assert sides == {"Iets meer privacy.": "a", "Allebei even zwaar.": "equal", "Iets meer veiligheid.": "b"}


def test_arguments_go_into_the_case_only_when_chosen(store):
    info, _ = store.create("proef")
    for b, reason in ((-20, "Een."), (20, "Twee.")):
        store.submit(info.id, store.join(info.join_code)[1].token, 1, answer(b=b, reason=reason))
    args = store.arguments(info.id, 1)[PAIR]
    case = the_case()
    chosen = [a for a in args if a.text == "Twee."]
    out = adopt_arguments(case, chosen)
    assert out.dilemmas[0].rationale == "Eerder besproken.\n- Twee."
    assert case.dilemmas[0].rationale == "Eerder besproken."  # the original is untouched
    assert adopt_arguments(out, chosen).dilemmas[0].rationale == out.dilemmas[0].rationale  # not twice
    full = case.model_copy(deep=True)
    full.dilemmas[0].rationale = "x" * 4999
    with pytest.raises(SessionError) as err:
        adopt_arguments(full, chosen)
    assert err.value.key == "rationale_full"


# ---------------------------------------------------------------- where I stand


def test_where_i_stand_against_the_group():
    c = the_case()
    responses = [
        Response(participant=f"D{i}", weights={"privacy": w}, balances={PAIR: b})
        for i, (w, b) in enumerate(((2, -90), (4, -80), (6, 80), (8, 90)))
    ]
    summary = summarise(c, responses)
    rows = {s.item: s for s in standing(summary, {"weights": {"privacy": 8}, "balances": {PAIR: -80}})}
    w = rows["weight:privacy"]
    assert (w.mine, w.median, w.low, w.high, w.n) == (8, 5, 3.5, 6.5, 4) and w.place == "above"
    b = rows[f"balance:{PAIR}"]
    assert b.camp == "low" and b.place == "within"
    assert rows["weight:veiligheid"].place == "skipped" and rows["effect:privacy"].place == "skipped"
    only = standing(summary, {"weights": {"privacy": 5}}, items=["weight:privacy"])
    assert [(s.item, s.place) for s in only] == [("weight:privacy", "same")]


# ---------------------------------------------------------------- breakdowns of at least three


def test_groups_smaller_than_three_are_folded_with_the_reason():
    def people(role, n):
        return [Response(participant="x", role=role, weights={"privacy": 5}) for _ in range(n)]

    found = breakdown(people("bewoner", 4) + people("handhaver", 2) + people("bestuurder", 1))
    assert {k: len(v) for k, v in found.groups.items()} == {"bewoner": 4, OTHER: 3}
    assert found.folded == ["bestuurder", "handhaver"] and found.reason == "folded" and found.hidden == 0
    small = breakdown(people("bewoner", 3) + people("handhaver", 1))
    assert list(small.groups) == ["bewoner"] and small.hidden == 1 and small.reason == "hidden"
    assert breakdown(people("bewoner", 3)).reason is None
    table, folded = role_breakdown(the_case(), people("bewoner", 3) + people("", 2) + people("handhaver", 1))
    assert set(table) == {"bewoner", OTHER} and folded.folded == ["", "handhaver"]


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(["a", "b", "c", "d", ""]), max_size=20))
def test_no_breakdown_shows_a_group_of_fewer_than_three(roles):
    responses = [Response(participant="x", role=r, weights={"privacy": 1}) for r in roles]
    found = breakdown(responses)
    assert all(len(group) >= MIN_GROUP for group in found.groups.values())
    assert sum(len(g) for g in found.groups.values()) + found.hidden == len(responses)  # nobody lost


# ---------------------------------------------------------------- the stamp a phone watches


def test_the_stamp_changes_with_every_state_change(store):
    info, key = store.create("proef")
    first = store.stamp(info.id)
    store.submit(info.id, store.join(info.join_code)[1].token, 1, answer(w=3))
    assert store.stamp(info.id) == first  # answers do not touch the session file
    store.close(info.id, key, expect=(1, "open"))
    second = store.stamp(info.id)
    assert second != first
    store.reveal(info.id, key, expect=(1, "closed"))
    assert store.stamp(info.id) != second


# ---------------------------------------------------------------- property: through the store


ITEMS = (("weights", "privacy", 0, 10, 1), ("balances", PAIR, -100, 100, 5))
SPAN = {"weights": 10, "balances": 200}


@st.composite
def a_session(draw):
    """People (1…9) who answer two rounds, each item answered or skipped, some skip a round, some
    are removed at the end."""
    n = draw(st.integers(1, 9))
    rounds = []
    for _ in range(2):
        answers = []
        for _ in range(n):
            if draw(st.integers(0, 4)) == 0:
                answers.append(None)  # skipped the round
                continue
            one: dict[str, dict] = {"weights": {}, "effects": {}, "balances": {}}
            for field, target, low, high, step in ITEMS:
                if draw(st.booleans()) or draw(st.booleans()):
                    one[field][target] = draw(st.integers(low // step, high // step)) * step
            answers.append(one)
        rounds.append(answers)
    removed = draw(st.sets(st.integers(0, n - 1), max_size=n))
    return n, rounds, removed


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(a_session())
def test_store_medians_splits_and_movement_equal_a_reference_with_skips_and_removals(session):
    n, rounds, removed = session
    c = the_case()
    with tempfile.TemporaryDirectory() as folder:
        store = SessionStore(folder)
        info, key = store.create("proef")
        tokens = [store.join(info.join_code, name="Jan")[1].token for _ in range(n)]  # everyone the same name
        for r, answers in enumerate(rounds, start=1):
            if r == 2:
                store.reveal(info.id, key, expect=(1, "open"))
                store.next_round(info.id, key, expect=(1, "revealed"))
            for token, one in zip(tokens, answers, strict=True):
                if one is not None:
                    store.submit(info.id, token, r, one)
        for i in sorted(removed):
            store.remove_participant(info.id, key, tokens[i], expect=(2, "open"))
        kept = [i for i in range(n) if i not in removed]
        got = [store.keyed_responses(info.id, r) for r in (1, 2)]
        for r, (keys, responses) in enumerate(got):
            expected_people = [i for i in kept if rounds[r][i] is not None]
            assert keys == [tokens[i] for i in expected_people]
            summary = summarise(c, responses)
            for field, target, *_ in ITEMS:
                answers = [rounds[r][i][field][target] for i in expected_people if target in rounds[r][i][field]]
                stats = summary.items[f"{field[:-1]}:{target}"]
                assert stats.n == len(answers)
                assert stats.median == ref_median(answers)
                assert stats.split == ref_split(answers, SPAN[field])
        moves = {m.item: m for m in movement(c, got[0][1], got[1][1], got[0][0], got[1][0])}
        for field, target, *_ in ITEMS:
            pairs = [
                (rounds[0][i][field][target], rounds[1][i][field][target])
                for i in kept
                if rounds[0][i] is not None
                and rounds[1][i] is not None
                and target in rounds[0][i][field]
                and target in rounds[1][i][field]
            ]
            m = moves[f"{field[:-1]}:{target}"]
            assert m.people == len(pairs)
            assert m.median_before == ref_median([a for a, _ in pairs])
            assert m.median_after == ref_median([b for _, b in pairs])
            assert m.movers == sum(1 for a, b in pairs if a != b)
