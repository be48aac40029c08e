"""Cases that resemble a given case, with the reason why. Pure functions, no Streamlit.

The **value profile** of a case has two numbers per value of the code: its weight (0–10, how much
is at stake) and its weight × effect / 5 (−10…+10, what the project does to it). Two profiles are
compared by cosine similarity (1 = the same pattern, 0 = nothing in common; below 0 counts as 0).
**Technology overlap** is the Jaccard index: shared technologies / all technologies of the two.

    score = 0.75 × profile + 0.25 × technology

A case with no values and no technology has no profile and matches nothing.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

from dilemmakaart.case import Case
from dilemmakaart.code import ValueCode
from dilemmakaart.frameworks import framework_for
from dilemmakaart.i18n import t
from dilemmakaart.scales import EFFECT

PROFILE_SHARE = 0.75
TECH_SHARE = 0.25


def profile(case: Case) -> dict[str, tuple[float, float]]:
    return {v.value: (float(v.weight), v.weight * v.effect / EFFECT.max) for v in case.values}


def cosine(p: dict[str, tuple[float, float]], q: dict[str, tuple[float, float]]) -> float:
    dot = sum(p[k][0] * q[k][0] + p[k][1] * q[k][1] for k in p.keys() & q.keys())
    norm_p = math.sqrt(sum(w * w + x * x for w, x in p.values()))
    norm_q = math.sqrt(sum(w * w + x * x for w, x in q.values()))
    if not norm_p or not norm_q:
        return 0.0
    return dot / (norm_p * norm_q)


def jaccard(a: Iterable[str], b: Iterable[str]) -> float:
    a, b = set(a), set(b)
    return len(a & b) / len(a | b) if a | b else 0.0


@dataclass(frozen=True)
class Similar:
    case: Case
    score: float  # 0…1
    profile: float  # cosine, clipped at 0
    technology: float  # Jaccard
    shared_values: tuple[str, ...]  # heaviest shared first
    shared_technology: tuple[str, ...]
    extra_same_type: bool = False  # both cases have the same organisation type

    def reason(self, code: ValueCode, lang: str, limit: int = 3) -> str:
        """``"both tag privacy and veiligheid; both use camera"`` in the user's language."""
        parts = []
        if self.shared_values:
            own = framework_for(self.case.code, code)  # named by the similar case's own framework
            names = [own.value_name(v, lang) for v in self.shared_values[:limit]]
            if len(self.shared_values) > limit:
                names.append(t("lib.similar.more", lang, n=len(self.shared_values) - limit))
            parts.append(t("lib.similar.values", lang, values=_join(names, lang)))
        if self.shared_technology:
            parts.append(t("lib.similar.technology", lang, technology=_join(list(self.shared_technology), lang)))
        if self.case.organisation_type and self.extra_same_type:
            parts.append(
                t("lib.similar.same_type", lang, type=t(f"organisation_type.{self.case.organisation_type}", lang))
            )
        return "; ".join(parts) or t("lib.similar.nothing", lang)


def _join(items: list[str], lang: str) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + t("lib.similar.and", lang) + items[-1]


def similarity(a: Case, b: Case) -> Similar:
    pa, pb = profile(a), profile(b)
    prof = max(0.0, cosine(pa, pb))
    tech = jaccard(a.technology, b.technology)
    shared = sorted(pa.keys() & pb.keys(), key=lambda v: (-(pa[v][0] + pb[v][0]), v))
    shared_tech = tuple(x for x in a.technology if x in set(b.technology))
    return Similar(
        case=b,
        score=round(PROFILE_SHARE * prof + TECH_SHARE * tech, 4),
        profile=round(prof, 4),
        technology=round(tech, 4),
        shared_values=tuple(shared),
        shared_technology=shared_tech,
        extra_same_type=bool(a.organisation_type and a.organisation_type == b.organisation_type),
    )


def similar_cases(target: Case, cases: Iterable[Case], limit: int = 5, minimum: float = 0.05) -> list[Similar]:
    """The ``limit`` cases most like ``target`` (itself left out), best first; ties by id."""
    found = [similarity(target, c) for c in cases if c.id != target.id]
    found = [s for s in found if s.score >= minimum]
    found.sort(key=lambda s: (-s.score, s.case.id))
    return found[:limit]


def shared_and_only(cases: list[Case]) -> tuple[list[str], dict[str, list[str]]]:
    """Values every case tags (in the first case's order), and per case the values only it tags."""
    tagged = [set(c.tagged()) for c in cases]
    shared = [v for v in cases[0].tagged() if all(v in tags for tags in tagged)]
    only = {}
    for i, case in enumerate(cases):
        others = set().union(*(tags for j, tags in enumerate(tagged) if j != i))
        only[case.id] = [v for v in case.tagged() if v not in others]
    return shared, only
