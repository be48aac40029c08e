"""Properties of the store (issue 11, proof): whatever ``save`` accepts, ``load`` returns equal;
whatever it refuses leaves the file on disk as it was, byte for byte, with a message in both languages.

The cases are drawn from the whole model: any text (control characters, right-to-left, emoji, YAML
look-alikes such as ``no`` and ``2024-05-01``), lists up to and past their bounds, sessions with
counts and answers, and sizes from tiny to far past the reader's 1 MiB / 50,000-node limits.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from dilemmakaart.case import Case, Response, RoundSummary, Session, case_to_data, new_case
from dilemmakaart.code import load_code
from dilemmakaart.problems import ProblemsError
from dilemmakaart.store import CaseLibrary

ROOT = Path(__file__).resolve().parents[1]
CODE = load_code(ROOT / "data" / "code.yaml")
VALUE_IDS = sorted(CODE.value_ids)
EXAMPLES = int(os.environ.get("DILEMMAKAART_EXAMPLES", "40"))
PROPERTY = settings(
    max_examples=EXAMPLES,
    deadline=None,  # a case of 1 MiB takes a while to check; what is tested here is the outcome
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example],
)

# text as people and hostile files write it, plus long runs to reach the size limits cheaply
words = st.text(
    alphabet=st.characters(blacklist_categories=["Cs"]),  # lone surrogates cannot be UTF-8
    max_size=30,
) | st.sampled_from(["no", "yes", "on", "~", "null", "2024-05-01", "007", "*a", "&a", "- x", "a: b", "\u202e"])


def text(max_size: int) -> st.SearchStrategy[str]:
    long = st.tuples(words, st.integers(0, max_size)).map(lambda wn: (wn[0] or "x") * wn[1])
    return (words | long).map(lambda t: t[:max_size])


def nonblank(max_size: int) -> st.SearchStrategy[str]:
    return text(max_size).map(lambda t: t.strip() or "x")


@st.composite
def cases(draw) -> Case:
    case = new_case("eigenschap", draw(nonblank(200)), description=draw(text(20_000)))
    tagged = draw(st.lists(st.sampled_from(VALUE_IDS), unique=True, max_size=len(VALUE_IDS)) | st.just(VALUE_IDS))
    for value_id in tagged:
        case.tag(value_id, draw(st.integers(0, 10)), draw(st.integers(-5, 5)))
        case.values[-1].note = draw(text(5000))
    pairs = [(a, b) for i, a in enumerate(tagged) for b in tagged[i + 1 :]]
    data = case_to_data(case)
    if len(pairs) >= 100 and draw(st.integers(0, 3)) == 0:  # large: near or past 1 MiB
        chosen = pairs[: draw(st.integers(100, 200))]
        rationale = draw(words).strip() or "x"
        size = draw(st.integers(2500, 5000))
        data["dilemmas"] = [{"a": a, "b": b, "balance": 0, "rationale": (rationale * size)[:size]} for a, b in chosen]
    else:
        chosen = draw(st.lists(st.sampled_from(pairs), unique=True, max_size=60)) if pairs else []
        data["dilemmas"] = [
            {"a": a, "b": b, "balance": draw(st.integers(-100, 100)), "rationale": draw(text(5000))} for a, b in chosen
        ]
    data["actions"] = (
        [
            {"text": draw(nonblank(1000)), "values": draw(st.lists(st.sampled_from(tagged), unique=True, max_size=3))}
            for _ in range(draw(st.integers(0, 3)))
        ]
        if tagged
        else []
    )
    data["stakeholders"] = draw(st.lists(nonblank(100), unique_by=str.strip, max_size=5))
    case = Case.model_validate(data)
    keys = [f"{a}|{b}" for a, b in chosen]
    sessions = []
    for r in range(1, draw(st.integers(0, 3)) + 1):
        people = draw(st.integers(0, 300)) if draw(st.booleans()) else draw(st.integers(0, 5))
        answer = Response(
            participant="Deelnemer",
            weights={v: 5 for v in tagged},
            effects={v: -1 for v in tagged},
            balances=dict.fromkeys(keys, 10),
        )
        responses = [answer.model_copy(update={"participant": f"Deelnemer {i}"}) for i in range(people)]
        summary = RoundSummary(participants=people, weights={v: f"5:{people}" for v in tagged}) if people else None
        sessions.append(Session(id="s-1", round=r, summary=summary, responses=responses))
    case.sessions = sessions
    if keys and draw(st.integers(0, 9)) == 0:  # now and then an answer about a dilemma the case lacks
        case.sessions = [Session(id="s-2", round=1, responses=[Response(participant="x", balances={"a|b": 1})])]
    return case


@pytest.fixture(scope="module")
def workdir():
    folder = Path(tempfile.mkdtemp(prefix="store-props-"))
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


@PROPERTY
@given(case=cases(), existing=st.booleans())
def test_what_save_accepts_load_returns_and_what_it_refuses_changes_nothing(workdir, case, existing):
    folder = Path(tempfile.mkdtemp(dir=workdir))
    library = CaseLibrary(folder, CODE)
    path = folder / "eigenschap.yaml"
    if existing:
        case.revision = library.save(new_case("eigenschap", "Er stond al iets"), create=True).revision
    before = path.read_bytes() if existing else None
    try:
        saved = library.save(case)
    except ProblemsError as exc:
        assert exc.problems
        event(f"refused: {exc.problems[0].key}")
        for p in exc.problems:
            for lang in ("nl", "en"):
                assert p.message(lang).strip()
        assert (path.read_bytes() if path.exists() else None) == before  # byte for byte as it was
        assert not list(folder.glob(".*.tmp"))
        return
    event("saved")
    loaded = library.load("eigenschap")
    assert case_to_data(loaded) == case_to_data(saved)
    assert loaded == saved
