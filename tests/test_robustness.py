"""Robustness: malformed and hostile case files against the validator, the library and the CLI.

The promise: always a clear answer (a ``Problem`` with a message in Dutch and English, or a
``LibraryError``), never another exception, never a hang (every example well under a second), and
nothing written outside the library folder.
"""

from __future__ import annotations

import copy
import os
import random
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dilemmakaart.case import FORMAT, Case, case_problems, case_to_data, new_case, parse_case
from dilemmakaart.code import load_code
from dilemmakaart.problems import Problem, ProblemsError
from dilemmakaart.store import CaseLibrary, LibraryError
from dilemmakaart.yamlio import MAX_BYTES, dump_yaml, parse_yaml

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "cases" / "tellen-bezoekers-binnenstad.yaml"
CODE = load_code(ROOT / "data" / "code.yaml")
# DILEMMAKAART_EXAMPLES=2000 for a longer hunt by hand
EXAMPLES = int(os.environ.get("DILEMMAKAART_EXAMPLES", "150"))
FAST = settings(
    max_examples=EXAMPLES,
    deadline=1000,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# ---------------------------------------------------------------- strategies

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True),
    st.text(max_size=40),
    st.dates(),
    st.datetimes(),
    st.sampled_from(["", "no", "on", "007", "2024-02-30", "~", "[", "&a", "*a", "\u202e", "\ufeff", "😀", "../x"]),
)
structures = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=6), st.dictionaries(st.text(max_size=12) | st.integers(), inner, max_size=6)
    ),
    max_leaves=40,
)
CASE_KEYS = [
    "format",
    "id",
    "title",
    "description",
    "organisation",
    "organisation_type",
    "technology",
    "stakeholders",
    "phase",
    "status",
    "code",
    "created",
    "updated",
    "revision",
    "values",
    "dilemmas",
    "actions",
    "decision",
    "sessions",
    "x-extra",
    "unknown",
]


_EXAMPLE_DATA = yaml.load(EXAMPLE.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)


def example_data() -> dict:
    return copy.deepcopy(_EXAMPLE_DATA)


@st.composite
def mutated_cases(draw) -> dict:
    """A real case with some fields (also deep inside lists) replaced by random structures."""
    data = example_data()
    for _ in range(draw(st.integers(1, 4))):
        target: dict | list = data
        path = [draw(st.sampled_from(CASE_KEYS))]
        value = data.get(path[0])
        # sometimes go one or two levels deeper into a list item
        while isinstance(value, (list, dict)) and value and draw(st.booleans()):
            if isinstance(value, list):
                key = draw(st.integers(0, len(value) - 1))
            else:
                key = draw(st.sampled_from(list(value)))
            target, value, path = value, value[key], path + [key]
        target[path[-1]] = draw(structures)
    return data


def assert_clear(problems: list) -> None:
    """Each problem is a Problem whose message exists in both languages."""
    assert problems, "expected at least one problem"
    for p in problems:
        assert isinstance(p, Problem)
        for lang in ("nl", "en"):
            message = p.message(lang)
            assert isinstance(message, str) and message.strip()
            assert "{" not in message or "}" not in message or "{" in str(p.params), message  # placeholders filled


def check_data(data, file_id: str | None = "proef", code=None) -> list:
    problems = case_problems(data, code, file_id=file_id)
    if problems:
        assert_clear(problems)
        with pytest.raises(ProblemsError):
            parse_case(data, code, file_id=file_id)
    return problems


# ---------------------------------------------------------------- the validator on data


@FAST
@given(data=structures)
def test_random_structures_give_problems_not_crashes(data):
    assert check_data(data, code=CODE)  # no random structure is a valid case


@FAST
@given(data=mutated_cases())
def test_mutated_real_cases_give_problems_or_a_case(data):
    problems = check_data(data, file_id=None, code=CODE)
    if not problems:
        case = parse_case(data, CODE)
        # what is valid survives a round trip through the file format
        assert parse_case(parse_yaml(dump_yaml(case_to_data(case)).encode())[0], CODE) == case


@FAST
@given(data=st.dictionaries(st.sampled_from(CASE_KEYS), structures, max_size=8))
def test_case_shaped_mappings_with_wrong_types(data):
    data["format"] = FORMAT
    check_data(data, code=CODE)


@FAST
@given(raw=st.binary(max_size=400))
def test_random_bytes(raw):
    data, problems = parse_yaml(raw)
    if problems:
        assert_clear(problems)
    else:
        check_data(data, code=CODE)


@FAST
@given(text=st.text(alphabet=st.sampled_from(list("[]{}:,-?&*!|>'\"%@` #\n\tab1.~\\")), max_size=200))
def test_random_yaml_punctuation(text):
    data, problems = parse_yaml(text.encode("utf-8"))
    if problems:
        assert_clear(problems)
    else:
        check_data(data, code=CODE)


@FAST
@given(
    prefix=st.binary(max_size=50),
    bad=st.sampled_from([b"\xff", b"\xc3", b"\xed\xa0\x80", b"\x00", b"\xf8\x88\x80\x80\x80"]),
)
def test_invalid_utf8_is_named(prefix, bad):
    data, problems = parse_yaml(b"format: dilemmakaart/case@1\ntitle: " + prefix + bad + b"\n")
    assert data is None
    assert_clear(problems)


def worst_cases() -> dict[str, bytes]:
    """Files of up to 1 MiB that are as costly as we could think of."""
    valid_head = EXAMPLE.read_bytes()
    laughs = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 12):
        laughs.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]")
    out = {
        "deep-flow": b"[" * (MAX_BYTES - 10),
        "deep-block": "".join(f"{' ' * i}a:\n" for i in range(1400)).encode()[:MAX_BYTES],
        "deep-mapping": b"{a: " * 200_000,
        "alias-bomb": ("\n".join(laughs) + "\n").encode(),
        "alias-bomb-case": (f"format: {FORMAT}\nid: x\ntitle: &t [a, b]\ndescription: *t\n").encode(),
        "tiny-nodes": b"- 1\n" * (MAX_BYTES // 4 - 1),
        "tiny-flow": b"[" + b"1," * (MAX_BYTES // 2 - 2) + b"]",
        "many-keys": b"".join(b"k%d: 1\n" % i for i in range(120_000))[:MAX_BYTES],
        "huge-title": f"format: {FORMAT}\nid: x\ntitle: '".encode() + b"a" * (MAX_BYTES - 80) + b"'\ndescription: ''\n",
        "huge-key": b"'" + b"k" * (MAX_BYTES - 20) + b"': 1\n",
        "long-line-unicode": ("title: " + "\u202e😀\u200b" * 80_000).encode()[:MAX_BYTES],
        "values-bad": (
            f"format: {FORMAT}\nid: x\ntitle: t\ndescription: ''\nvalues:\n".encode()
            + b"- {value: nope, weight: 99, effect: -9}\n" * 20_000
        )[:MAX_BYTES],
        "dilemmas-dup": (
            f"format: {FORMAT}\nid: x\ntitle: t\ndescription: ''\ndilemmas:\n".encode()
            + b"- {a: privacy, b: privacy, balance: 500}\n" * 20_000
        )[:MAX_BYTES],
        "responses": (
            f"format: {FORMAT}\nid: x\ntitle: t\ndescription: ''\nsessions:\n- id: s\n  round: 1\n  responses:\n".encode()
            + b"  - {participant: p, weights: {a: 1, b: 2}, balances: {x|y: 1}}\n" * 15_000
        )[:MAX_BYTES],
        # just under the node limit, so that every item goes through the full checks
        "values-bad-all-checked": (
            f"format: {FORMAT}\nid: x\ntitle: t\ndescription: ''\nvalues:\n".encode()
            + b"- {value: nope, weight: 99, effect: -9, note: [x]}\n" * 3_400
        ),
        "dilemmas-all-checked": (
            f"format: {FORMAT}\nid: x\ntitle: t\ndescription: ''\ndilemmas:\n".encode()
            + b"".join(b"- {a: v%d, b: v%d, balance: 500}\n" % (i % 50, i % 7) for i in range(4_300))
        ),
        "responses-all-checked": (
            f"format: {FORMAT}\nid: x\ntitle: t\ndescription: ''\nsessions:\n- id: s\n  round: 1\n  responses:\n".encode()
            + b"".join(
                b"  - {participant: p%d, weights: {a: 11, b: x}, balances: {x|y: 1000}}\n" % i for i in range(2_450)
            )
        ),
        "too-large": b"a" * (MAX_BYTES + 1),
        "invalid-utf8-at-end": valid_head + b"\n# " + b"a" * (MAX_BYTES - len(valid_head) - 10) + b"\xff",
        "nul": valid_head.replace(b"title:", b"title: \x00", 1),
        "many-documents": b"---\na: 1\n" * 50_000,
        "bad-dates": (
            f"format: {FORMAT}\nid: x\ntitle: t\ndescription: ''\nactions:\n".encode()
            + b"- {text: a, due: 2024-02-30}\n" * 20_000
        )[:MAX_BYTES],
    }
    return out


@pytest.fixture(scope="module")
def worst_folder(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("worst")
    for name, raw in worst_cases().items():
        (folder / f"{name}.yaml").write_bytes(raw)
    return folder


@pytest.mark.parametrize("name", sorted(worst_cases()))
def test_worst_case_files_in_process(name, worst_folder, code):
    from dilemmakaart.store import read_case_file

    path = worst_folder / f"{name}.yaml"
    # CPU time of this process: the other test worker on the same two cores does not count against it
    start = time.process_time()
    with pytest.raises(ProblemsError) as exc:
        read_case_file(path, code)
    elapsed = time.process_time() - start
    assert_clear(exc.value.problems)
    # a guard against a gross regression only (the worst file takes some 0.25 s; bench/ has the figures):
    # a tight bound here flaked at 1.0013 s on a loaded machine
    assert elapsed < 5.0, f"{name}: {elapsed:.2f} s"


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "dilemmakaart", *args], cwd=ROOT, capture_output=True, text=True, timeout=60
    )


def test_cli_never_prints_a_traceback_and_spends_under_a_second_a_file(worst_folder):
    files = sorted(worst_folder.glob("*.yaml"))
    # the cost of starting Python and loading the code, to subtract from the total
    empty = worst_folder.parent / "empty-folder"
    empty.mkdir(exist_ok=True)
    start = time.perf_counter()
    run_cli("validate", str(empty))
    startup = time.perf_counter() - start
    start = time.perf_counter()
    result = run_cli("validate", "--lang", "en", *map(str, files))
    elapsed = time.perf_counter() - start - startup
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert "internal" not in result.stderr.lower(), result.stderr[-2000:]
    named = {line.split(":", 1)[0] for line in result.stdout.splitlines()}
    assert named == {str(f) for f in files}, "every file gets at least one problem line"
    assert elapsed < len(files), f"{elapsed:.1f} s for {len(files)} files"


@pytest.mark.parametrize("name", ["deep-flow", "alias-bomb", "tiny-nodes", "huge-title", "nul"])
def test_cli_on_one_worst_file_exits_1_quickly(name, worst_folder):
    start = time.perf_counter()
    result = run_cli("validate", str(worst_folder / f"{name}.yaml"))
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert result.stdout.strip(), "a problem line"
    assert time.perf_counter() - start < 10  # includes the interpreter's start on a busy machine


# ---------------------------------------------------------------- the library

HOSTILE_IDS = [
    "../x",
    "..",
    ".",
    "/etc/passwd",
    "x\x00y",
    "\x00",
    "a/b",
    "a\\b",
    "",
    " ",
    "A",
    "x" * 65,
    "a.yaml",
    "..\\..\\x",
    "~",
    "-a",
    "a-",
    "%2e%2e",
    "\u202ex",
    "x\n",
    "x/../y",
    ".history",
    ".trash",
    "*",
    "?",
]


def snapshot(folder: Path) -> set[str]:
    """Every path under ``folder``'s parent, except inside the library folder itself."""
    parent = folder.parent
    out: set[str] = set()
    for dirpath, dirnames, filenames in os.walk(parent):
        rel = Path(dirpath).relative_to(parent)
        if rel.parts and rel.parts[0] == folder.name:
            continue
        out.update(str(rel / name) for name in dirnames + filenames)
    return out


@pytest.fixture(scope="module")
def library(tmp_path_factory, code) -> CaseLibrary:
    base = tmp_path_factory.mktemp("robust")
    folder = base / "cases"
    folder.mkdir()
    (base / "sibling.yaml").write_text("keep: me\n")
    lib = CaseLibrary(folder, code)
    lib.save(new_case("bestaand", "Bestaand"), create=True)
    return lib


def library_calls(lib: CaseLibrary, case_id: str):
    forged = Case.model_construct(
        format=FORMAT,
        id=case_id,
        title="x",
        description="",
        revision=0,
        values=[],
        dilemmas=[],
        actions=[],
        sessions=[],
        technology=[],
        stakeholders=[],
        extensions={},
    )
    return [
        lambda: lib.load(case_id),
        lambda: lib.exists(case_id),
        lambda: lib.delete(case_id),
        lambda: lib.restore(case_id),
        lambda: lib.history(case_id),
        lambda: lib.load_revision(case_id, 1),
        lambda: lib.save(forged),
        lambda: lib.save(forged, create=True),
    ]


def call_all(lib: CaseLibrary, case_id: str) -> None:
    for call in library_calls(lib, case_id):
        try:
            call()
        except LibraryError as exc:
            assert exc.key
        except ProblemsError as exc:  # a forged case with content that breaks a rule
            assert_clear(exc.problems)


@pytest.mark.parametrize("case_id", HOSTILE_IDS)
def test_path_like_ids_are_refused_and_write_nothing_outside(library, case_id):
    before = snapshot(library.folder)
    for call in library_calls(library, case_id):
        with pytest.raises(LibraryError):
            call()
    assert snapshot(library.folder) == before
    assert library.load("bestaand").title == "Bestaand"


@FAST
@given(case_id=st.text(max_size=70) | st.sampled_from(HOSTILE_IDS))
def test_random_ids_never_crash_the_library(library, case_id):
    before = snapshot(library.folder)
    start = time.perf_counter()
    call_all(library, case_id)
    assert time.perf_counter() - start < 10.0  # a gross regression only (a hang); wall clock on a busy machine
    assert snapshot(library.folder) == before
    # whatever happened, the library still lists and every listed case is valid
    listing = library.list()
    assert "bestaand" in {c.id for c in listing.cases}


@settings(
    max_examples=max(EXAMPLES // 3, 20),
    deadline=1000,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    raw=st.one_of(
        st.binary(max_size=300),
        structures.map(lambda d: yaml.safe_dump(d, allow_unicode=True).encode()),
        mutated_cases().map(lambda d: yaml.safe_dump(d, allow_unicode=True).encode()),
    ),
    name=st.sampled_from(["rommel", "tellen-bezoekers-binnenstad", "x"]),
)
def test_hostile_files_in_the_library_are_listed_as_unreadable(library, raw, name):
    path = library.folder / f"{name}.yaml"
    path.write_bytes(raw)
    try:
        before = snapshot(library.folder)
        listing = library.list()
        ids = {c.id for c in listing.cases}
        unreadable = {u.name for u in listing.unreadable}
        assert "bestaand" in ids
        assert (name in ids) != (path.name in unreadable)
        for item in listing.unreadable:
            assert_clear(item.problems)
        try:
            library.load(name)
        except ProblemsError as exc:
            assert_clear(exc.problems)
        call_all(library, name)  # delete/restore/save on a hostile file: clear errors only
        assert snapshot(library.folder) == before
    finally:
        path.unlink(missing_ok=True)
        for _, trashed in library.trash():
            trashed.unlink()


@settings(
    max_examples=max(EXAMPLES // 4, 20),
    deadline=2000,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=mutated_cases())
def test_saving_whatever_validates_loads_back_identically(library, data):
    data["id"] = "opslaan"
    data.pop("revision", None)
    try:
        case = parse_case(data, CODE, file_id="opslaan")
    except ProblemsError as exc:
        assert_clear(exc.problems)
        return
    path = library.path("opslaan")
    path.unlink(missing_ok=True)
    saved = library.save(case, create=True)
    assert library.load("opslaan") == saved
    path.unlink()


def test_a_random_walk_of_library_operations_stays_consistent(library, code):
    """Save, edit, delete, restore in random order: the library always lists and never loses the current text."""
    rnd = random.Random(7)
    ids = ["wandel-a", "wandel-b", "wandel-c"]
    expected: dict[str, str] = {}
    for step in range(120):
        case_id = rnd.choice(ids)
        action = rnd.choice(["save", "save", "delete", "restore", "stale"])
        try:
            if action == "save":
                current = library.load(case_id) if library.exists(case_id) else new_case(case_id, "t")
                current.title = f"stap {step} \u202e <b>"
                library.save(current)
                expected[case_id] = current.title
            elif action == "stale" and library.exists(case_id):
                stale = library.load(case_id)
                stale.revision -= 1 if stale.revision else -5
                stale.title = "mag niet"
                library.save(stale)
                pytest.fail("a stale save went through")
            elif action == "delete":
                library.delete(case_id)
                expected.pop(case_id, None)
            elif action == "restore":
                library.restore(case_id)
                expected[case_id] = library.load(case_id).title
        except LibraryError:
            pass
        listing = library.list()
        assert not [u for u in listing.unreadable if u.name.startswith("wandel")]
        for case_id, title in expected.items():
            assert library.load(case_id).title == title


def test_validate_measures_a_huge_file_instead_of_reading_it(tmp_path):
    """A 4 GB sparse file: once ``validate`` used 4.2 GB of memory on it; now it is refused by its size."""
    huge = tmp_path / "huge.yaml"
    with huge.open("wb") as handle:
        handle.truncate(4 * 1024**3)
    start = time.perf_counter()
    result = run_cli("validate", str(huge), "--lang", "en")
    assert time.perf_counter() - start < 30  # the interpreter's start-up; reading 4 GB took far longer
    assert result.returncode == 1, result.stderr
    assert "too large" in result.stdout and "4294967296" in result.stdout
    import resource

    # the largest child so far (this test's CLI among them) stayed far below the 4 GB it once took
    assert resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss < 1_000_000  # kB


def test_an_empty_organisation_survives_a_round_trip():
    """Found by the mutation test above: ``organisation: ""`` was kept as "" in memory, left out of
    the file and read back as none, so the case read back was not the case written."""
    case = parse_case({**case_to_data(new_case("leeg", "Leeg")), "organisation": ""}, CODE)
    assert case.organisation is None
    assert parse_case(parse_yaml(dump_yaml(case_to_data(case)).encode())[0], CODE) == case
