from dilemmakaart.insights import (
    actions_per_value,
    balance_bin,
    by_organisation_type,
    code_in_practice,
    dilemma_stats,
    headlines,
    library_summary,
    practice_by_type,
    rare_limit,
    value_stats,
)
from dilemmakaart.store import Listing
from tests.libfixtures import make

# privacy: 3 cases, effects −2, −4, +1 → 2 under pressure, 1 strengthened; mean weight (8+9+4)/3 = 7.0
# innovatie: 1 case, effect +3 → only ever strengthened
# privacy|veiligheid (a code tension) in 3 cases, balances −50, 0, and +20 written as veiligheid|privacy → −20
# innovatie|privacy is not a tension of the code
A = make(
    "a",
    organisation_type="waterschap",
    values=[("privacy", 8, -2), ("veiligheid", 9, 3)],
    dilemmas=[("privacy", "veiligheid", -50)],
    actions=[("Logboek bijhouden", ["privacy"], "techniek"), ("Uitleg geven", ["privacy", "veiligheid"], "gebruikers")],
)
B = make(
    "b",
    organisation_type="gemeente",
    values=[("privacy", 9, -4), ("veiligheid", 5, 0)],
    dilemmas=[("veiligheid", "privacy", 20)],
    actions=[("logboek  BIJHOUDEN", ["privacy"], "techniek")],
)
C = make(
    "c",
    organisation_type="gemeente",
    values=[("privacy", 4, 1), ("innovatie", 6, 3), ("veiligheid", 2, -1)],
    dilemmas=[("privacy", "veiligheid", 0), ("innovatie", "privacy", 30)],
)
CASES = [A, B, C]


def test_balance_bins_edges():
    assert [balance_bin(b) for b in (-100, -34, -33, -1, 0, 1, 33, 34, 100)] == [
        "a_clear",
        "a_clear",
        "a_slight",
        "a_slight",
        "equal",
        "b_slight",
        "b_slight",
        "b_clear",
        "b_clear",
    ]


def test_value_stats_by_hand(code):
    stats = value_stats(CASES, code)
    assert len(stats) == 30  # every value of the code, also untagged ones
    p = stats["privacy"]
    assert (p.cases, p.under_pressure, p.strengthened, p.mean_weight, p.mean_effect) == (3, 2, 1, 7.0, -1.7)
    assert stats["autonomie"].cases == 0 and stats["autonomie"].mean_weight is None


def test_dilemma_distribution_not_just_a_mean(code):
    d = dilemma_stats(CASES, code)
    assert [(x.a, x.b, x.cases, x.in_code) for x in d] == [
        ("privacy", "veiligheid", 3, True),
        ("innovatie", "privacy", 1, False),
    ]
    assert sorted(d[0].balances) == [-50, -20, 0]
    assert d[0].bins == {"a_clear": 1, "a_slight": 1, "equal": 1, "b_slight": 0, "b_clear": 0}
    assert d[0].median == -20.0


def test_actions_per_value_counts_and_folds_text():
    per = actions_per_value(CASES)
    assert per["privacy"]["actions"] == 3
    assert per["privacy"]["kinds"] == {"techniek": 2, "gebruikers": 1}
    assert per["privacy"]["top"][0] == ("Logboek bijhouden", 2)
    assert per["veiligheid"]["actions"] == 1


def test_code_in_practice(code):
    assert rare_limit(10) == 1 and rare_limit(100) == 5 and rare_limit(30) == 2
    p = code_in_practice(CASES, code)
    assert len(p.never) == 27 and "privacy" not in p.never
    assert p.rare == [("innovatie", 1)]
    assert p.only_strengthened == [("innovatie", 1)]
    assert p.missing_tensions == [("innovatie", "privacy", 1)]
    assert ("veiligheid", "privacy") not in p.unused_tensions and len(p.unused_tensions) == len(code.tensions) - 1


def test_by_organisation_type(code):
    groups = by_organisation_type(CASES + [make("d")])
    assert list(groups) == ["gemeente", "waterschap", "-"]
    rows = practice_by_type(CASES, code)
    assert [(r["organisation_type"], r["cases"], r["never"], r["missing_tensions"]) for r in rows] == [
        ("gemeente", 2, 27, 1),
        ("waterschap", 1, 28, 0),
    ]


def test_headlines_say_it_in_words(code):
    lines = headlines(CASES, code, "nl")
    assert lines[0] == "Dit overzicht gaat over 3 casussen."
    assert lines[1] == "Privacy staat het vaakst op het spel: in 3 van de 3 casussen."
    assert (
        "Privacy tegenover Veiligheid (3 keer). 2 keer woog Privacy zwaarder, 0 keer Veiligheid, 1 keer even zwaar."
        in lines[3]
    )
    assert lines[4].startswith("Waarden van de code die in geen enkele casus voorkomen (27)")
    assert headlines([], code, "en") == ["There are no cases (with this selection) to say anything about."]


def test_existing_summary_still_works(code):
    summary = library_summary(Listing(cases=CASES), code, "nl")
    assert summary.values[0] == {"value": "privacy", "name": "Privacy", "cases": 3, "under_pressure": 2}
    assert summary.dilemmas[0] == {"a": "privacy", "b": "veiligheid", "cases": 3, "mean_balance": -23.3}
