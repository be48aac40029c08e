from datetime import date

from dilemmakaart.search import Filters, case_date, filter_cases, fold, matches, options, rows, sort_cases
from tests.libfixtures import make

A = make(
    "a",
    "Sensoren in de dijk",
    description="Meten van waterstanden",
    organisation="Waterschap Aa",
    organisation_type="waterschap",
    technology=["sensoren"],
    status="besloten",
    phase="pilot",
    values=[("privacy", 8, -2), ("veiligheid", 9, 3)],
    updated=date(2025, 3, 1),
)
B = make(
    "b",
    "Camera's op het plein",
    description="Privé gegevens van bezoekers",
    organisation="Gemeente Bé",
    organisation_type="gemeente",
    technology=["camera", "sensoren"],
    status="concept",
    phase="idee",
    values=[("privacy", 9, -4)],
    created=date(2024, 1, 10),
)
C = make("c", "Chatbot", organisation_type="gemeente", technology=["chatbot"], values=[("menselijk-contact", 6, -3)])
CASES = [A, B, C]


def ids(cases):
    return [c.id for c in cases]


def test_fold_ignores_case_and_accents():
    assert fold("Privé ËINDHOVEN") == "prive eindhoven"


def test_text_search_every_word_anywhere():
    assert ids(filter_cases(CASES, Filters(text="sensoren"))) == ["a"]
    assert ids(filter_cases(CASES, Filters(text="prive"))) == ["b"]  # accent-free finds "Privé"
    assert ids(filter_cases(CASES, Filters(text="waterschap meten"))) == ["a"]  # organisation + description
    assert ids(filter_cases(CASES, Filters(text="waterschap camera"))) == []
    assert ids(filter_cases(CASES, Filters(text="  "))) == ["a", "b", "c"]


def test_filters_and_across_any_within():
    assert ids(filter_cases(CASES, Filters(organisation_types=("gemeente",)))) == ["b", "c"]
    assert ids(filter_cases(CASES, Filters(technologies=("sensoren",)))) == ["a", "b"]
    assert ids(filter_cases(CASES, Filters(technologies=("sensoren", "chatbot")))) == ["a", "b", "c"]
    assert ids(filter_cases(CASES, Filters(organisation_types=("waterschap",), technologies=("sensoren",)))) == ["a"]
    assert ids(filter_cases(CASES, Filters(values=("privacy",)))) == ["a", "b"]
    assert ids(filter_cases(CASES, Filters(statuses=("concept",)))) == ["b", "c"]
    assert ids(filter_cases(CASES, Filters(phases=("pilot",)))) == ["a"]


def test_date_range_uses_updated_else_created_and_excludes_undated():
    assert case_date(A) == date(2025, 3, 1) and case_date(B) == date(2024, 1, 10) and case_date(C) is None
    assert ids(filter_cases(CASES, Filters(date_from=date(2025, 1, 1)))) == ["a"]
    assert ids(filter_cases(CASES, Filters(date_to=date(2024, 12, 31)))) == ["b"]
    assert ids(filter_cases(CASES, Filters(date_from=date(2024, 1, 10), date_to=date(2024, 1, 10)))) == ["b"]


def test_sorting_missing_last_both_ways():
    assert ids(sort_cases(CASES, "updated")) == ["b", "a", "c"]
    assert ids(sort_cases(CASES, "updated", descending=True)) == ["a", "b", "c"]
    assert ids(sort_cases(CASES, "title")) == ["b", "c", "a"]
    assert ids(sort_cases(CASES, "values", descending=True)) == ["a", "b", "c"]
    assert ids(sort_cases(CASES, "organisation")) == ["b", "a", "c"]


def test_edited_copy_is_searched_by_its_new_text():
    copy = A.model_copy(deep=True)
    assert matches(copy, Filters(text="dijk"))
    copy.title = "Iets anders"
    assert not matches(copy, Filters(text="dijk"))


def test_options_and_rows(code):
    assert options(CASES) == {
        "technologies": ["camera", "chatbot", "sensoren"],
        "values": ["menselijk-contact", "privacy", "veiligheid"],
    }
    row = rows([A], code, "nl")[0]
    assert row.values == "Veiligheid, Privacy"  # heaviest first
    assert (row.n_values, row.technology, row.updated) == (2, "Sensoren in de openbare ruimte", date(2025, 3, 1))
    assert Filters().active() is False and Filters(text="x").active() is True
