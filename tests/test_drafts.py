"""Drafts on disk: written atomically, read back (even with a title still empty), deleted."""

from datetime import date

from dilemmakaart.case import Action, Decision, ValueAtStake, new_case
from dilemmakaart.drafts import Draft, DraftStore, new_token, valid_token


def test_round_trip_keeps_the_case_and_the_revision_it_started_from(library_dir):
    store = DraftStore(library_dir)
    case = new_case(
        "sensoren",
        "Sensoren",
        technology=["sensoren"],
        revision=4,
        values=[ValueAtStake(value="privacy", weight=8, effect=-3, note="<b>niet vet</b>")],
        actions=[Action(text="DPIA", due=date(2027, 1, 5))],
        decision=Decision(text="Ja", date=date(2026, 12, 1)),
    )
    token = new_token()
    path = store.save(Draft(token, case, "sensoren", 4))
    assert path.parent == library_dir / ".drafts"
    back = store.load(token)
    assert back.case == case and back.case_id == "sensoren" and back.base_revision == 4 and not back.is_new
    assert back.saved is not None
    assert store.tokens() == [token]
    assert not list((library_dir / ".drafts").glob(".*.tmp"))  # no temporary file left behind


def test_a_new_case_with_an_empty_title_survives(library_dir):
    store = DraftStore(library_dir)
    case = new_case("nieuw", "x")
    case.title = ""
    token = new_token()
    store.save(Draft(token, case, None, 0))
    back = store.load(token)
    assert back.is_new and back.case.title == "" and back.base_revision == 0


def test_missing_bad_or_foreign_drafts_read_as_none(library_dir):
    store = DraftStore(library_dir)
    assert store.load(new_token()) is None
    assert store.load("../../etc/passwd") is None
    assert not valid_token("a/b") and not valid_token("kort") and valid_token(new_token())
    (library_dir / ".drafts").mkdir()
    (library_dir / ".drafts" / "abcdefgh12.yaml").write_text("format: iets-anders\n")
    assert store.load("abcdefgh12") is None
    (library_dir / ".drafts" / "abcdefgh13.yaml").write_text("{{{{ niet yaml")
    assert store.load("abcdefgh13") is None
    (library_dir / ".drafts" / "abcdefgh14.yaml").write_text("format: dilemmakaart/draft@1\ncase: {values: 3}\n")
    assert store.load("abcdefgh14") is None


def test_delete(library_dir):
    store = DraftStore(library_dir)
    token = new_token()
    store.save(Draft(token, new_case("a", "A"), None, 0))
    assert store.delete(token) is True
    assert store.load(token) is None and store.delete(token) is False
