"""The case library: saves, conflicts, history, trash, listing with unreadable files, and what
happens under concurrent saves and a kill during a save. Tests that take ``any_store`` run against
both stores, the folder of files and PostgreSQL (``tests/backends.py``): the same rules, the same
conflicts."""

from __future__ import annotations

import multiprocessing
import random
import signal
import subprocess
import sys
import threading
import time
import types
from pathlib import Path

import pytest

from dilemmakaart.case import new_case
from dilemmakaart.problems import ProblemsError
from dilemmakaart.store import CaseLibrary, ConflictError, NotFoundError, read_case_file
from dilemmakaart.yamlio import parse_yaml
from tests.backends import Store
from tests.conftest import ROOT


def make_library(folder: Path, code) -> CaseLibrary:
    return CaseLibrary(folder, code)


def test_save_new_case_then_load(any_store: Store, code):
    lib = any_store.library(code)
    case = new_case("sensoren", "Sensoren in de binnenstad", technology=["sensoren"])
    saved = lib.save(case, create=True)
    assert saved.revision == 1 and saved.created is not None and saved.updated is not None
    assert case.revision == 0, "the caller's object is not changed"
    loaded = lib.load("sensoren")
    assert loaded.title == "Sensoren in de binnenstad" and loaded.revision == 1
    assert lib.case_bytes("sensoren").decode("utf-8").startswith("format: dilemmakaart/case@1\nid: sensoren\n")
    assert lib.exists("sensoren") and lib.ids() == ["sensoren"]
    if any_store.kind == "files":
        assert (any_store.folder / "sensoren.yaml").read_bytes() == lib.case_bytes("sensoren")


def test_revision_rises_and_history_keeps_previous(any_store: Store, code):
    lib = any_store.library(code)
    case = lib.save(new_case("a", "Eerste"), create=True)
    for n in range(2, 5):
        case.title = f"Versie {n}"
        case = lib.save(case)
    assert case.revision == 4
    assert [r.revision for r in lib.history("a")] == [1, 2, 3]
    assert lib.load_revision("a", 2).title == "Versie 2"
    assert lib.load_revision("a", 4).title == "Versie 4"
    with pytest.raises(NotFoundError):
        lib.load_revision("a", 9)


def test_stale_save_is_refused_and_writes_nothing(any_store: Store, code):
    lib = any_store.library(code)
    lib.save(new_case("a", "Origineel"), create=True)
    mine, theirs = lib.load("a"), lib.load("a")
    theirs.title = "Van een collega"
    lib.save(theirs)
    before = lib.case_bytes("a")
    mine.title = "Van mij"
    with pytest.raises(ConflictError) as info:
        lib.save(mine)
    assert info.value.key == "moved_on" and info.value.params["theirs"] == 2
    assert lib.case_bytes("a") == before
    assert [r.revision for r in lib.history("a")] == [1]


def test_a_changed_base_digest_is_a_conflict(any_store: Store, code):
    from dilemmakaart.store import content_digest

    lib = any_store.library(code)
    saved = lib.save(new_case("a", "Origineel"), create=True)
    edit = lib.load("a")
    edit.title = "Mijn wijziging"
    with pytest.raises(ConflictError) as info:
        lib.save(edit, base_digest=content_digest(new_case("a", "Iets anders")))
    assert info.value.key == "changed_on_disk"
    assert lib.save(edit, base_digest=content_digest(saved)).revision == 2


def test_create_never_overwrites(any_store: Store, code):
    lib = any_store.library(code)
    lib.save(new_case("a", "Eerste"), create=True)
    with pytest.raises(ConflictError) as info:
        lib.save(new_case("a", "Tweede"), create=True)
    assert info.value.key == "exists"
    assert lib.load("a").title == "Eerste"


def test_invalid_case_is_not_written(any_store: Store, code):
    lib = any_store.library(code)
    case = new_case("a", "Titel")
    case.values = []
    case.title = ""
    with pytest.raises(ProblemsError):
        lib.save(case, create=True)
    assert not lib.exists("a") and lib.ids() == []
    assert not (any_store.folder / "a.yaml").exists()


def test_delete_to_trash_and_restore(any_store: Store, code):
    lib = any_store.library(code)
    lib.save(new_case("a", "Weg en terug"), create=True)
    target = lib.delete("a")
    assert target.parent.name == ".trash" and not lib.exists("a")
    assert [cid for cid, _ in lib.trash()] == ["a"]
    assert lib.read_trashed(lib.trash()[0][1], "a").title == "Weg en terug"
    assert lib.restore("a").title == "Weg en terug"
    assert lib.trash() == []
    with pytest.raises(NotFoundError):
        lib.restore("a-onbekend")


def test_restore_never_overwrites_an_existing_case(any_store: Store, code):
    lib = any_store.library(code)
    lib.save(new_case("a", "Oud"), create=True)
    lib.delete("a")
    lib.save(new_case("a", "Nieuw"), create=True)
    with pytest.raises(ConflictError):
        lib.restore("a")
    assert lib.load("a").title == "Nieuw" and len(lib.trash()) == 1


@pytest.mark.parametrize("bad_id", ["../x", "a/b", "", "A", "x" * 65, "..", "a.yaml"])
def test_path_like_ids_are_refused(any_store: Store, code, bad_id):
    lib = any_store.library(code)
    with pytest.raises(NotFoundError):
        lib.load(bad_id)
    with pytest.raises(NotFoundError):
        lib.delete(bad_id)


def test_listing_shows_unreadable_files_without_hiding_the_rest(example_library, code):
    (example_library / "kapot.yaml").write_text("title: [unclosed\n", encoding="utf-8")
    (example_library / "verkeerd.yaml").write_text(
        "format: dilemmakaart/case@1\nid: anders\ntitle: no\ndescription: ''\n", encoding="utf-8"
    )
    (example_library / ".verborgen.yaml").write_text("x", encoding="utf-8")
    (example_library / "notities.txt").write_text("x", encoding="utf-8")
    listing = make_library(example_library, code).list()
    assert len(listing.cases) == 12
    reasons = {item.name: [p.key for p in item.problems] for item in listing.unreadable}
    assert reasons == {"kapot.yaml": ["yaml_syntax"], "verkeerd.yaml": ["wrong_type_quote", "id_not_file_name"]}


def test_listing_notices_changed_files(any_store: Store, code):
    lib = any_store.library(code)
    case = lib.save(new_case("a", "Eerst"), create=True)
    assert lib.list().cases[0].title == "Eerst"
    case.title = "Daarna"
    lib.save(case)
    assert lib.list().cases[0].title == "Daarna"
    other = any_store.library(code)  # another server process on the same store sees the save too
    assert [c.title for c in other.list().cases] == ["Daarna"]
    other.delete("a")
    assert lib.list().cases == []


def test_the_folder_comes_from_the_environment(monkeypatch, tmp_path, code):
    monkeypatch.setenv("DILEMMAKAART_CASES", str(tmp_path))
    assert CaseLibrary(code=code).folder == tmp_path


# ---------------------------------------------------------------- concurrency


def _saver(place: str, attempts: int, seed: int, results) -> None:
    from dilemmakaart.code import load_code
    from dilemmakaart.store import ConflictError
    from tests.backends import open_place

    lib = open_place(place, load_code(ROOT / "data" / "code.yaml"))
    rng = random.Random(seed)
    landed = conflicts = 0
    for n in range(attempts):
        case = lib.load("gedeeld")
        case.description = f"schrijver {seed}, poging {n}, " + "x" * rng.randint(0, 4000)
        time.sleep(rng.random() * 0.002)
        try:
            lib.save(case)
            landed += 1
        except ConflictError:
            conflicts += 1
    results.put((landed, conflicts))


def test_concurrent_saves_from_processes_lose_nothing(any_store: Store, code, monkeypatch):
    # A spawned process re-runs the parent's __main__; after an AppTest.from_function in the same worker that
    # is a temporary script that cannot run again (NameError: __args). The savers need nothing from __main__.
    monkeypatch.setitem(sys.modules, "__main__", types.ModuleType("__main__"))
    library_dir = any_store.folder
    lib = any_store.library(code)
    lib.save(new_case("gedeeld", "Gedeeld"), create=True)
    ctx = multiprocessing.get_context("spawn")
    results = ctx.Queue()
    workers = [ctx.Process(target=_saver, args=(any_store.place, 25, seed, results)) for seed in range(4)]
    for w in workers:
        w.start()
    outcome = [results.get(timeout=120) for _ in workers]
    for w in workers:
        w.join(timeout=60)
    landed = sum(o[0] for o in outcome)
    assert sum(o[0] + o[1] for o in outcome) == 100
    final = lib.load("gedeeld")
    assert final.revision == 1 + landed
    assert len(lib.history("gedeeld")) == landed, "every landed save kept the revision before it"
    assert not [p for p in library_dir.iterdir() if p.name.endswith(".tmp")]


def test_concurrent_saves_from_threads_lose_nothing(any_store: Store, code):
    lib = any_store.library(code)
    lib.save(new_case("gedeeld", "Gedeeld"), create=True)
    import queue

    results: queue.Queue = queue.Queue()
    threads = [threading.Thread(target=_saver, args=(any_store.place, 20, seed, results)) for seed in range(6)]
    for th in threads:
        th.start()
    for th in threads:
        th.join(timeout=120)
    outcome = [results.get_nowait() for _ in threads]
    landed = sum(o[0] for o in outcome)
    assert sum(o[0] + o[1] for o in outcome) == 120
    assert lib.load("gedeeld").revision == 1 + landed
    assert len(lib.history("gedeeld")) == landed


# ---------------------------------------------------------------- a kill during a save

KILL_SCRIPT = """
import sys
from dilemmakaart.code import load_code
from tests.backends import open_place
lib = open_place(sys.argv[1], load_code())
n = 0
print("ready", flush=True)
while True:
    case = lib.load("doelwit")
    n = case.revision + 1
    case.description = (f"versie {n} " * 20000)[: 19000]
    case.stakeholders = [f"partij {i}-{n}" for i in range(50)]
    lib.save(case)
    print(n, flush=True)  # confirmed: save returned
"""


def test_a_save_killed_at_random_points_never_leaves_a_broken_file(any_store: Store, code):
    lib = any_store.library(code)
    lib.save(new_case("doelwit", "Doelwit"), create=True)
    rng = random.Random(7)
    revisions = []
    for _ in range(12):
        proc = subprocess.Popen([sys.executable, "-c", KILL_SCRIPT, any_store.place], stdout=subprocess.PIPE, cwd=ROOT)
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == b"ready"
        time.sleep(rng.uniform(0.05, 0.4))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        confirmed = [int(line) for line in proc.stdout.read().split()]
        _data, problems = parse_yaml(lib.case_bytes("doelwit"))
        assert problems == [], problems
        case = lib.load("doelwit")
        revisions.append(case.revision)
        # the case is one whole save: its text and its revision belong together
        assert case.revision == 1 or case.description.startswith(f"versie {case.revision} ")
        assert case.revision == 1 or case.stakeholders[-1] == f"partij 49-{case.revision}"
        assert not confirmed or case.revision >= confirmed[-1], "a confirmed save is never lost"
    assert revisions == sorted(revisions) and revisions[-1] > 12, "saves did happen between kills"
    listing = lib.list()
    assert [c.id for c in listing.cases] == ["doelwit"] and listing.unreadable == []


# ---------------------------------------------------------------- issue 11: what the store writes it reads


def test_save_refuses_a_case_too_large_to_read_back_and_keeps_the_old_file(any_store: Store, code):
    from dilemmakaart.case import Response, Session

    library_dir = any_store.folder
    lib = any_store.library(code)
    lib.save(new_case("groot", "Groot"), create=True)
    before = lib.case_bytes("groot")
    case = lib.load("groot")
    # valid by every rule of the model, but far more than 50,000 YAML nodes
    case.stakeholders = [f"Partij {i}" for i in range(100)]
    answers = [
        Response(participant=f"P{i}", weights={"privacy": 5, "veiligheid": 4}, effects={"privacy": 1})
        for i in range(60)
    ]
    case.sessions = [Session(id="s-1", round=r, responses=answers) for r in range(1, 101)]
    with pytest.raises(ProblemsError) as err:
        lib.save(case)
    assert [p.key for p in err.value.problems] == ["case_too_large"]
    for lang in ("nl", "en"):
        message = err.value.problems[0].message(lang)
        assert "50000" in message and ("sessie" in message if lang == "nl" else "session" in message)
    assert lib.case_bytes("groot") == before and lib.history("groot") == []
    assert not list(library_dir.glob(".groot.yaml.*.tmp"))


def test_an_alias_bomb_is_refused_at_upload_and_in_the_validator(library_dir, code):
    from dilemmakaart.uploads import check_upload

    long = "x" * 1000
    raw = (
        "format: dilemmakaart/case@1\nid: bom\ntitle: t\ndescription: &d " + long + "\n"
        "stakeholders: [" + ",".join(["*d"] * 19_000) + "]\n"
    ).encode()
    assert len(raw) < 60_000  # 58 KB that would load as 19 MB
    data, problems = parse_yaml(raw)
    assert data is None and [p.key for p in problems] == ["yaml_alias"]
    upload = check_upload("bom.yaml", raw, code, set())
    assert not upload.ok and [p.key for p in upload.problems] == ["yaml_alias"]
    small = b"format: dilemmakaart/case@1\nid: a\ntitle: &t kort\ndescription: *t\n"  # one scalar alias
    assert [p.key for p in parse_yaml(small)[1]] == ["yaml_alias"]
    (library_dir / "bom.yaml").write_bytes(raw)
    with pytest.raises(ProblemsError) as err:
        read_case_file(library_dir / "bom.yaml", code)
    assert err.value.problems[0].key == "yaml_alias"


@pytest.mark.parametrize(
    ("change", "place", "key"),
    [
        ({"revision": 99999999999999999999999}, "revision", "out_of_range"),
        ({"actions": [{"text": f"Actie {i}"} for i in range(10_000)]}, "actions", "too_many_items"),
        ({"dilemmas": [{"a": "privacy", "b": "veiligheid", "balance": 0}] * 201}, "dilemmas", "too_many_items"),
        ({"technology": [f"t{i}" for i in range(51)]}, "technology", "too_many_items"),
        ({"sessions": [{"id": "s", "round": 101}]}, "sessions[0].round", "out_of_range"),
    ],
)
def test_numbers_and_lists_have_upper_bounds_with_a_message(code, change, place, key):
    from dilemmakaart.case import case_problems
    from tests.conftest import minimal_case

    start = time.process_time()
    problems = case_problems(minimal_case(**change), code)
    assert time.process_time() - start < 5.0
    found = [p for p in problems if p.place == place]
    assert found and found[0].key == key, problems
    message = found[0].message("nl")
    assert any(bound in message for bound in ("200", "50", "1.000.000.000", "100")), message


def test_trash_names_with_double_hyphens_restore(any_store: Store, code):
    lib = any_store.library(code)
    for case_id in ("a", "a--b", "a--b--c"):
        lib.save(new_case(case_id, case_id), create=True)
        lib.delete(case_id)
    assert sorted(cid for cid, _ in lib.trash()) == ["a", "a--b", "a--b--c"]
    assert lib.restore("a--b").id == "a--b"
    assert lib.restore("a").id == "a"  # not blocked by a--b's file
    assert [cid for cid, _ in lib.trash()] == ["a--b--c"]
    if any_store.kind == "files":
        (any_store.folder / ".trash" / "rommel--x.yaml").write_text("x")  # a name the trash did not make: ignored
        assert [cid for cid, _ in lib.trash()] == ["a--b--c"]


def test_huge_files_are_measured_not_read(library_dir, code):
    import resource

    lib = make_library(library_dir, code)
    lib.save(new_case("gewoon", "Gewoon"), create=True)
    huge = library_dir / "huge.yaml"
    with huge.open("wb") as handle:  # 3 GB, sparse: costs no disk
        handle.truncate(3 * 1024**3)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    listing = lib.list()
    with pytest.raises(ProblemsError) as err:
        read_case_file(huge, code)
    grown_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    assert [c.id for c in listing.cases] == ["gewoon"]
    assert [u.problems[0].key for u in listing.unreadable] == ["file_too_large"]
    assert err.value.problems[0].key == "file_too_large"
    assert grown_kb < 100_000  # not gigabytes
    from dilemmakaart.session import SessionStore

    sessions = SessionStore(library_dir)
    info, _ = sessions.create("gewoon")
    with (sessions.root / info.id / "session.yaml").open("r+b") as handle:
        handle.truncate(2 * 1024**3)
    with pytest.raises(Exception) as err2:
        sessions.load(info.id)
    assert getattr(err2.value, "key", None) == "unreadable_session"


def test_a_named_pipe_in_the_library_is_not_read(library_dir, code):
    import os

    make_library(library_dir, code)
    os.mkfifo(library_dir / "pijp.yaml")
    with pytest.raises(ProblemsError) as err:
        read_case_file(library_dir / "pijp.yaml", code)
    assert err.value.problems[0].key == "not_a_file"


def test_a_symlinked_lock_file_is_a_message(library_dir, code):
    lib = make_library(library_dir, code)
    lib.save(new_case("slot", "Slot"), create=True)
    lock = library_dir / ".locks" / "slot.lock"
    lock.unlink(missing_ok=True)
    lock.symlink_to(lock)
    case = lib.load("slot")
    with pytest.raises(ProblemsError) as err:
        lib.save(case)
    assert err.value.problems[0].key == "lock_failed"
    assert "lock" in err.value.problems[0].message("en")


def test_leftovers_of_killed_draft_writes_are_cleared(library_dir, code):
    import os

    from dilemmakaart.drafts import Draft, DraftStore, new_token

    drafts = DraftStore(library_dir)
    drafts.folder.mkdir(parents=True)
    old = drafts.folder / ".abc.yaml.x1.tmp"
    fresh = drafts.folder / ".def.yaml.x2.tmp"
    old.write_text("half")
    fresh.write_text("half")
    os.utime(old, (time.time() - 3600, time.time() - 3600))
    drafts.save(Draft(token=new_token(), case=new_case("d", "D"), case_id=None, base_revision=0))
    assert not old.exists() and fresh.exists()  # a write in progress (seconds old) is left alone


def test_upload_limit_is_what_a_case_can_be():
    import tomllib

    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["maxUploadSize"] == 1  # MB, the smallest setting; a case is at most 1 MiB
