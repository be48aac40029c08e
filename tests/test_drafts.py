"""Drafts: written atomically, read back (even with a title still empty), listed newest first,
deleted; on both stores (files and PostgreSQL, ``tests/backends.py``)."""

from datetime import date

from dilemmakaart.case import Action, Decision, ValueAtStake, new_case
from dilemmakaart.drafts import Draft, DraftStore, new_token, valid_token
from tests.backends import Store


def test_round_trip_keeps_the_case_and_the_revision_it_started_from(any_store: Store):
    library_dir = any_store.folder
    store = DraftStore(any_store.documents())
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
    assert path.parent == library_dir / ".drafts" if any_store.kind == "files" else path.parent.name == ".drafts"
    back = store.load(token)
    assert back is not None
    assert back.case == case and back.case_id == "sensoren" and back.base_revision == 4 and not back.is_new
    assert back.saved is not None
    assert store.tokens() == [token]
    assert not list((library_dir / ".drafts").glob(".*.tmp"))  # no temporary file left behind


def test_a_new_case_with_an_empty_title_survives(any_store: Store):
    store = DraftStore(any_store.documents())
    case = new_case("nieuw", "x")
    case.title = ""
    token = new_token()
    store.save(Draft(token, case, None, 0))
    back = store.load(token)
    assert back is not None
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


def test_bad_drafts_in_the_database_read_as_none(any_store: Store):
    docs = any_store.documents()
    store = DraftStore(docs)
    docs.write(".drafts/abcdefgh12.yaml", "format: iets-anders\n")
    docs.write(".drafts/abcdefgh13.yaml", "{{{{ niet yaml")
    assert store.load("abcdefgh12") is None and store.load("abcdefgh13") is None
    assert store.all() == [] and store.tokens() == ["abcdefgh12", "abcdefgh13"]


def test_delete(any_store: Store):
    store = DraftStore(any_store.documents())
    token = new_token()
    store.save(Draft(token, new_case("a", "A"), None, 0))
    assert store.delete(token) is True
    assert store.load(token) is None and store.delete(token) is False


def test_listing_is_newest_first_and_follows_every_write(any_store: Store):
    store = DraftStore(any_store.documents())
    first, second = new_token(), new_token()
    store.save(Draft(first, new_case("a", "Eerste"), "a", 1))
    store.save(Draft(second, new_case("b", "Tweede"), None, 0))
    assert [d.token for d in store.all()] == [second, first]
    assert [d.token for d in store.for_case("a")] == [first]
    store.save(Draft(first, new_case("a", "Eerste, verder"), "a", 1))  # written again: newest now
    listed = store.all()
    assert [d.token for d in listed] == [first, second] and listed[0].case.title == "Eerste, verder"
    other = DraftStore(any_store.documents())  # another server process on the same store
    assert [d.token for d in other.all()] == [first, second]
