import math

import pytest

from dilemmakaart.similarity import cosine, jaccard, profile, shared_and_only, similar_cases, similarity
from tests.libfixtures import make

A = make(
    "a",
    values=[("privacy", 10, 0), ("veiligheid", 5, 5)],
    technology=["camera", "sensoren"],
    organisation_type="gemeente",
)
B = make("b", values=[("privacy", 10, 0)], technology=["camera"], organisation_type="gemeente")
C = make("c", values=[("innovatie", 7, 2)], technology=["chatbot"])
D = make("d", values=[("privacy", 10, 0), ("veiligheid", 5, 5)], technology=["camera", "sensoren"])


def test_profile_and_cosine_by_hand():
    assert profile(A) == {"privacy": (10.0, 0.0), "veiligheid": (5.0, 5.0)}
    # A·B = 10·10 = 100; |A| = √(100 + 25 + 25) = √150; |B| = 10
    assert cosine(profile(A), profile(B)) == pytest.approx(100 / (math.sqrt(150) * 10))
    assert cosine(profile(A), profile(C)) == 0
    assert cosine(profile(A), {}) == 0


def test_jaccard():
    assert jaccard(["camera", "sensoren"], ["camera"]) == 0.5
    assert jaccard([], []) == 0.0


def test_score_and_reason(code):
    s = similarity(A, B)
    # 0.75 · 0.816497 + 0.25 · 0.5 = 0.737372
    assert s.score == 0.7374
    assert s.shared_values == ("privacy",) and s.shared_technology == ("camera",)
    assert s.reason(code, "nl") == "beide noemen Privacy; beide gebruiken camera; beide een gemeente"
    assert s.reason(code, "en") == "both tag Privacy; both use camera; both a municipality"


def test_ranking_leaves_out_itself_and_unrelated():
    found = similar_cases(A, [A, B, C, D])
    assert [s.case.id for s in found] == ["d", "b"]  # d is identical (score 1.0), c shares nothing
    assert found[0].score == 1.0


def test_shared_and_only():
    shared, only = shared_and_only([A, B, D])
    assert shared == ["privacy"]
    assert only == {"a": [], "b": [], "d": []}
    shared, only = shared_and_only([A, C])
    assert shared == [] and only == {"a": ["privacy", "veiligheid"], "c": ["innovatie"]}
