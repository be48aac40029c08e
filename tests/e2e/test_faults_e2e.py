"""Fault tests: processes killed with SIGKILL in the middle of saves and of a group session.

After every kill: nothing that was reported as saved or submitted is lost, no file is broken
(``python -m dilemmakaart validate`` on the library is clean), and a restarted server on the same
folder carries on where the old one stopped.
"""

from __future__ import annotations

import random
import re
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import yaml
from playwright.sync_api import expect

from dilemmakaart.store import CaseLibrary
from tests.e2e.conftest import ROOT, no_exception, screenshot, send_answer, start_server, stop_server, wait_ready

CASE = "tellen-bezoekers-binnenstad"


def validate(folder: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "dilemmakaart", "validate", str(folder)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


def every_yaml_parses(folder: Path) -> list[str]:
    """Files under ``folder`` (history, trash and sessions included) that are not readable YAML."""
    broken = []
    for path in folder.rglob("*.yaml"):
        try:
            yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)
        except yaml.YAMLError:
            broken.append(str(path))
    return broken


SAVER = textwrap.dedent(
    """
    import os
    import sys
    from dilemmakaart.store import CaseLibrary, ConflictError
    lib = CaseLibrary(sys.argv[1])
    n = 0
    while True:
        case = lib.load(sys.argv[2])
        n += 1
        # the process id keeps every save's content unique: a save of content equal to the file is
        # not a new version (same revision), which two savers counting from 1 would otherwise hit
        case.title = f"opslag {os.getpid()}-{n}"
        case.description = ("lange tekst " * 1500) + str(n)
        try:
            saved = lib.save(case)
        except ConflictError:
            continue
        print(saved.revision, saved.title, flush=True)
    """
)


def test_saves_killed_at_random_moments_lose_nothing(example_library):
    """Two processes save the same case in a loop; one is killed at random moments, again and again."""
    rnd = random.Random(11)
    lib = CaseLibrary(example_library)
    start_revision = lib.load(CASE).revision
    confirmed: list[tuple[int, str]] = []
    steady = subprocess.Popen(
        [sys.executable, "-c", SAVER, str(example_library), CASE], cwd=ROOT, stdout=subprocess.PIPE, text=True
    )
    try:
        for _ in range(6):
            victim = subprocess.Popen(
                [sys.executable, "-c", SAVER, str(example_library), CASE], cwd=ROOT, stdout=subprocess.PIPE, text=True
            )
            time.sleep(1.0 + rnd.random() * 0.8)  # the interpreter starts, then saves for a while
            victim.send_signal(signal.SIGKILL)
            out, _ = victim.communicate(timeout=10)
            confirmed += [(int(r), t) for r, t in (line.split(" ", 1) for line in out.splitlines() if " " in line)]
            case = lib.load(CASE)  # never a broken file, even right after the kill
            assert case.revision >= max((r for r, _ in confirmed), default=0)
    finally:
        steady.send_signal(signal.SIGKILL)
        out, _ = steady.communicate(timeout=10)
    confirmed += [(int(r), t) for r, t in (line.split(" ", 1) for line in out.splitlines() if " " in line)]
    assert confirmed, "the savers saved nothing"
    # every revision that a saver reported is unique, and still there (as the case or in its history)
    revisions = [r for r, _ in confirmed]
    assert len(revisions) == len(set(revisions)), "two saves got the same revision: a lost update"
    final = lib.load(CASE)
    kept = {rev.revision for rev in lib.history(CASE)} | {final.revision}
    assert set(revisions) <= kept
    for revision, title in rnd.sample(confirmed, min(8, len(confirmed))):
        assert lib.load_revision(CASE, revision).title == title
    assert kept == set(range(start_revision, final.revision + 1)), "a revision is missing from the history"
    result = validate(example_library)
    assert result.returncode == 0, result.stdout + result.stderr
    assert not every_yaml_parses(example_library)
    # a kill can leave a save's temporary file behind: it is never listed as a case, and the next
    # save of that case clears it away
    assert CASE in {c.id for c in lib.list().cases} and not lib.list().unreadable
    lib.save(lib.load(CASE))
    assert not list(example_library.glob(f".{CASE}.yaml.*.tmp")), "a killed save's temporary file was not cleared"


SUBMITTER = textwrap.dedent(
    """
    import sys, random
    from dilemmakaart.session import SessionStore
    store = SessionStore(sys.argv[1])
    session_id, tokens = sys.argv[2], sys.argv[3:]
    rnd = random.Random(1)
    while True:
        token = rnd.choice(tokens)
        weight = rnd.randint(0, 10)
        store.submit(session_id, token, 1, {"weights": {"privacy": weight}, "effects": {"privacy": -1}, "balances": {}})
        print(token, weight, flush=True)
    """
)


def test_server_killed_during_a_session_and_a_save(tmp_path, browser):
    from dilemmakaart.session import SessionStore

    library = tmp_path / "cases"
    shutil.copytree(ROOT / "cases", library, ignore=shutil.ignore_patterns(".*"))
    server = start_server(library, tmp_path / "server-1.log")
    contexts = []
    submitter = None
    try:
        store = SessionStore(library)
        info, key = store.create(CASE)
        crowd = [store.join(info.join_code, name=f"menigte {i}")[1].token for i in range(20)]

        # a person in the browser joins and answers; the page says the answer is saved
        people = []
        for i in range(1):
            context = browser.new_context(
                viewport={"width": 390, "height": 844}, locale="nl-NL", is_mobile=True, has_touch=True
            )
            contexts.append(context)
            person = context.new_page()
            person.set_default_timeout(45_000)
            person.goto(server.page_url("meedoen", code=info.join_code))
            wait_ready(person)
            person.get_by_role("textbox", name=re.compile("Je naam")).fill(f"Fout-test {i}")
            person.get_by_role("button", name="Meedoen").click()
            person.wait_for_url(re.compile(r"[?&]p="))
            wait_ready(person)
            send_answer(person, steps=[-3, 4][i])
            people.append(person)
        browser_tokens = [re.search(r"[?&]p=([^&]+)", p.url).group(1) for p in people]
        browser_answers = {t: store.answer(info.id, t, 1) for t in browser_tokens}
        assert all(browser_answers.values())

        # twenty more answer in a loop from another process, while an editor saves a case in the app
        submitter = subprocess.Popen(
            [sys.executable, "-c", SUBMITTER, str(library), info.id, *crowd],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            text=True,
        )
        editor_ctx = browser.new_context(viewport={"width": 1400, "height": 900}, locale="nl-NL")
        contexts.append(editor_ctx)
        editor = editor_ctx.new_page()
        editor.set_default_timeout(45_000)
        editor.goto(server.page_url("beschrijven", case=CASE))
        wait_ready(editor)
        title_box = editor.get_by_role("textbox", name="Titel (verplicht)")  # by name: the page may still be drawing
        expect(title_box).to_be_visible()
        old_title = title_box.input_value()
        title_box.fill("Titel vlak voor de crash")
        title_box.press("Tab")
        wait_ready(editor)
        time.sleep(0.5)
        editor.get_by_role("button", name=re.compile("Opslaan$")).first.click()
        time.sleep(0.05)
        server.process.send_signal(signal.SIGKILL)  # the server dies while saving (or just after)
        server.process.wait(timeout=10)
        time.sleep(0.5)
        submitter.send_signal(signal.SIGKILL)
        out, _ = submitter.communicate(timeout=10)
        last = {}
        for line in out.splitlines():
            token, weight = line.split()
            last[token] = int(weight)
        assert last, "the crowd submitted nothing"

        # the files: nothing broken, every confirmed answer there with its last value
        result = validate(library)
        assert result.returncode == 0, result.stdout + result.stderr
        assert not every_yaml_parses(library)
        # each participant's last confirmed answer is on disk; only the one submit that was under way
        # when the process died may have replaced it (written, but not yet confirmed)
        differ = [
            t for t, w in last.items() if (store.answer(info.id, t, 1) or {}).get("weights", {}).get("privacy") != w
        ]
        assert len(differ) <= 1, differ
        assert all(store.answer(info.id, t, 1) is not None for t in last)
        for token, answer in browser_answers.items():
            assert store.answer(info.id, token, 1) == answer
        title = CaseLibrary(library).load(CASE).title
        assert title in (old_title, "Titel vlak voor de crash"), title

        # a new server on the same folder: the participants find their answers back
        server = start_server(library, tmp_path / "server-2.log")
        for person, token in zip(people, browser_tokens):
            person.goto(server.page_url("meedoen", code=info.join_code, p=token))
            wait_ready(person)
            no_exception(person)
            expect(person.get_by_role("button", name="Antwoord bijwerken")).to_be_visible()
        screenshot(people[0], "faults-participant-after-restart")
        assert store.answered(info.id, 1) == len(people) + len(last)
        fac_ctx = browser.new_context(viewport={"width": 1400, "height": 900}, locale="nl-NL")
        contexts.append(fac_ctx)
        fac = fac_ctx.new_page()
        fac.goto(server.page_url("sessie", session=info.id, key=key))
        wait_ready(fac)
        no_exception(fac)
        fac.get_by_text(
            f"{len(people) + len(last)} van {len(people) + len(crowd)} deelnemers hebben geantwoord in ronde 1"
        ).wait_for(timeout=20_000)
    finally:
        if submitter and submitter.poll() is None:
            submitter.kill()
        for context in contexts:
            context.close()
        stop_server(server)
