"""The library one screen at a time: ``page`` on both stores gives what ``search`` says (the one owner
of what a search matches and of the order), and the library page pages through it."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from dilemmakaart.search import SORT_KEYS, Filters, page_of
from dilemmakaart.store import CaseLibrary
from dilemmakaart.ui import pages
from tests.apptest import open_page

ROOT = Path(__file__).resolve().parents[1]

# Titles and organisations that sort differently with and without folding, and ties
TWISTS = [
    ("Ëlla en de camera", "Gemeente Ätsch", "idee", "besproken"),
    ("ella en de Camera", None, None, "concept"),
    ("Zebra-sensoren", "", "pilot", "besloten"),
    ("apple privé", "provincie Utrecht", "in-gebruik", "gearchiveerd"),
    ("Apple prive", "Provincie utrecht", None, "concept"),
    ("élan data delen", "waterschap Aa", "evaluatie", "besproken"),
]


def _fill(library) -> None:
    """The example cases, and copies of them with the titles, organisations, phases and statuses above."""
    examples = CaseLibrary(ROOT / "cases", library.code).list().cases
    for case in examples:
        library.save(case.model_copy(deep=True), create=True)
    for n, (title, organisation, phase, status) in enumerate(TWISTS * 3):
        base = examples[n % len(examples)]
        copy = base.copy_as_new(f"z{n:02d}-{base.id[:8].strip('-')}", f"{title} {n // len(TWISTS) or ''}".strip())
        copy = copy.model_copy(update={"organisation": organisation, "phase": phase, "status": status})
        library.save(copy, create=True)


QUERIES = [
    Filters(),
    Filters(text="sensor"),
    Filters(text="PRIVÉ"),
    Filters(text="ella camera"),
    Filters(text="data de"),
    Filters(text="50%_"),  # LIKE's own signs are plain text
    Filters(organisation_types=("waterschap", "gemeente")),
    Filters(statuses=("concept",), phases=("idee", "pilot")),
    Filters(technologies=("camera", "sensoren")),
    Filters(values=("privacy",)),
    Filters(date_from=date(2000, 1, 1), date_to=date(2999, 1, 1)),
    Filters(date_to=date(2000, 1, 1)),
    Filters(text="e", statuses=("besproken", "concept")),
]


@pytest.mark.parametrize("query", QUERIES, ids=range(len(QUERIES)))
def test_both_stores_give_the_hits_and_order_search_gives(any_store, code, query):
    library = any_store.library(code)
    _fill(library)
    everything = library.load_many(library.ids())
    assert len(everything) == 12 + 3 * len(TWISTS)
    for sort in SORT_KEYS:
        for descending in (False, True):
            want = page_of(everything, query, sort=sort, descending=descending, limit=10_000)
            got = library.page(query, sort=sort, descending=descending, limit=10_000)
            assert (got.total, got.ids) == (want.total, want.ids), (sort, descending)
            # a screen is a slice of that order, the total counts them all
            screen = library.page(query, sort=sort, descending=descending, offset=5, limit=7)
            assert (screen.total, screen.ids) == (want.total, want.ids[5:12])
    if query == Filters():
        assert library.page(query).ids[:3] == page_of(everything, sort="updated", descending=True).ids[:3]


def test_facets_and_reviews_are_the_same_on_both_stores(any_store, code):
    library = any_store.library(code)
    _fill(library)
    files = CaseLibrary(ROOT / "cases", code)
    assert library.facets() == files.facets()
    everything = library.load_many(library.ids())
    with_review = sorted(c.id for c in everything if c.decision is not None and c.decision.review is not None)
    assert with_review and sorted(c.id for c in library.reviewed()) == with_review
    assert len(with_review) > len(files.reviewed())  # the copies keep their decisions
    assert [c.id for c in library.load_many(["drones-dijkinspectie", "nope", "z00-algoritm"])] == [
        "drones-dijkinspectie",
        "z00-algoritm",
    ]


def _texts(at) -> str:
    return "\n".join(str(m.value) for m in [*at.markdown, *at.caption, *at.info])


def examples_and_copies(folder: Path) -> Path:
    """A library at ``folder`` of the 12 examples and 108 copies: three screens of 50."""
    shutil.copytree(ROOT / "cases", folder, ignore=shutil.ignore_patterns(".*"))
    library = CaseLibrary(folder)
    examples = library.list().cases
    for n in range(108):
        base = examples[n % len(examples)]
        library.save(base.copy_as_new(f"kopie-{n:03d}", f"Kopie {n:03d} van {base.title}"), create=True)
    return folder


@pytest.fixture
def big_library(tmp_path: Path) -> Path:
    """The 12 examples and 108 copies: three screens of 50."""
    return examples_and_copies(tmp_path / "cases")


def test_the_library_page_pages_and_keeps_what_was_chosen(big_library, monkeypatch):
    at = open_page(pages.LIBRARY, big_library, monkeypatch)
    at.selectbox(key="lib:sort").select("title").run()
    at.toggle(key="lib:desc").set_value(False).run()
    assert "Casus 1–50 van de 120" in _texts(at)
    first = at.dataframe[0].value
    assert len(first) == 50 and first.iloc[0, 0].startswith("Balie alleen")
    assert at.button(key="lib:previous").disabled and not at.button(key="lib:next").disabled
    # choose a case on the first screen; it stays chosen on the next
    at.multiselect(key="lib:chosen").select("drones-dijkinspectie").run()
    at.button(key="lib:next").click().run()
    assert not at.exception
    assert "Casus 51–100 van de 120" in _texts(at)
    assert at.dataframe[0].value.iloc[0, 0] != first.iloc[0, 0]
    assert at.multiselect(key="lib:chosen").value == ["drones-dijkinspectie"]
    at.button(key="lib:next").click().run()
    assert "Casus 101–120 van de 120" in _texts(at)
    assert len(at.dataframe[0].value) == 20 and at.button(key="lib:next").disabled
    # a search starts at the first screen again, and counts every hit (not only one screen's)
    at.text_input(key="lib:q").input("kopie").run()
    assert "**108** van de 120 casussen gevonden." in _texts(at)
    assert "Casus 1–50 van de 108" in _texts(at)
    at.multiselect(key="lib:f:status").select("besloten").run()
    assert "Casus" not in _texts(at) or "van de 108" not in _texts(at)
    assert not at.exception


def test_the_home_page_shows_one_screen_and_says_where_the_rest_is(big_library, monkeypatch):
    at = open_page(None, big_library, monkeypatch)
    assert len(at.dataframe[0].value) == 50
    assert "eerste 50 van 120 casussen" in _texts(at)
    assert any("(120)" in h.value for h in at.header)


@pytest.mark.postgres
def test_the_library_page_on_postgres_pages_searches_and_names_an_unreadable_row(pg_url, code, tmp_path, monkeypatch):
    import psycopg

    from dilemmakaart.pgstore import PgCaseLibrary

    library = PgCaseLibrary(pg_url, code)
    _fill(library)
    (broken,) = [i for i in library.ids() if i.startswith("z01-")]
    with psycopg.connect(pg_url, autocommit=True) as conn:  # a hand edit in the database
        conn.execute("UPDATE cases SET body = 'title: [unclosed', seq = nextval('case_seq') WHERE id = %s", (broken,))
    monkeypatch.setenv("DILEMMAKAART_DATABASE_URL", pg_url)
    empty = tmp_path / "nothing-here"
    empty.mkdir()
    at = open_page(pages.LIBRARY, empty, monkeypatch)
    assert "**30** van de 30 casussen gevonden." in _texts(at)
    at.selectbox(key="lib:sort").select("title").run()
    at.toggle(key="lib:desc").set_value(False).run()
    assert any(broken in w.value for w in at.warning)
    assert len(at.dataframe[0].value) == 29
    at.text_input(key="lib:q").input("ella").run()
    assert "**6** van de 30 casussen gevonden." in _texts(at)
    assert list(empty.iterdir()) == []  # nothing written beside the database
