"""The command line as the contract describes it: exit codes, one line per problem, no traceback."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from dilemmakaart.cli import main
from tests.conftest import ROOT


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "dilemmakaart", *args], capture_output=True, text=True, cwd=cwd, timeout=120
    )


def test_shipped_library_is_valid():
    result = run("validate", "cases")
    assert result.returncode == 0, result.stdout
    assert result.stdout == ""


def test_invalid_file_gives_one_line_per_problem(tmp_path, capsys):
    bad = tmp_path / "proef.yaml"
    bad.write_text(
        "format: dilemmakaart/case@1\nid: proef\ntitle: no\ndescription: ''\nstatus: klaar\n", encoding="utf-8"
    )
    good = tmp_path / "goed.yaml"
    good.write_text("format: dilemmakaart/case@1\nid: goed\ntitle: 'Goed'\ndescription: ''\n", encoding="utf-8")
    assert main(["validate", str(tmp_path), "--lang", "en"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines == [
        f"{bad}: title: Expected text, but YAML read this as yes/no (boolean) (False). Put the text in quotes.",
        f"{bad}: status: 'klaar' is not allowed; choose from concept, besproken, besloten, gearchiveerd.",
    ]


def test_dutch_is_the_default(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("DILEMMAKAART_LANG", raising=False)
    bad = tmp_path / "x.yaml"
    bad.write_text("- 1\n", encoding="utf-8")
    assert main(["validate", str(bad)]) == 1
    assert "verzameling velden" in capsys.readouterr().out


@pytest.mark.parametrize(
    "args", [[], ["validate"], ["onbekend"], ["library"], ["validate", "/bestaat/niet.yaml"], ["report", "x.yaml"]]
)
def test_usage_errors_exit_2(args, capsys):
    assert main(args) == 2
    assert "Traceback" not in capsys.readouterr().err


def test_library_summary_text_and_json(example_library, capsys):
    (example_library / "kapot.yaml").write_text("{", encoding="utf-8")
    assert main(["library", str(example_library), "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("12 cases readable, 1 file unreadable.")
    assert "kapot.yaml" in out
    assert main(["library", str(example_library), "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["readable"] == 12
    assert summary["unreadable"][0]["file"] == "kapot.yaml"
    privacy = next(v for v in summary["values"] if v["value"] == "privacy")
    expected = sum(
        1 for p in example_library.glob("*.yaml") if "value: privacy" in p.read_text(encoding="utf-8").replace('"', "")
    )
    assert privacy["cases"] == expected
    assert summary["dilemmas"] and all(d["cases"] >= 1 for d in summary["dilemmas"])


def test_no_traceback_when_output_is_cut():
    result = subprocess.run(
        f"{sys.executable} -m dilemmakaart library cases | head -1",
        shell=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert "Traceback" not in result.stderr and "Interne fout" not in result.stderr


def test_every_yaml_test_suite_file_is_rejected_with_one_clear_line(shared_testdata):
    folder = shared_testdata / "yaml-test-suite"
    files = sorted(folder.glob("*.yaml"))
    assert len(files) > 300
    started = time.perf_counter()
    result = run("validate", str(folder), "--lang", "en")
    elapsed = time.perf_counter() - started
    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout
    lines = result.stdout.splitlines()
    per_file = {}
    for line in lines:
        name, _place, message = line.split(": ", 2)
        per_file.setdefault(name, []).append(message)
        assert message.strip() and message.endswith("."), line
    assert sorted(per_file) == sorted(str(p) for p in files)
    assert all(len(messages) == 1 for messages in per_file.values())
    assert elapsed < len(files), "well under a second per file"


def test_each_yaml_test_suite_file_alone_exits_1(shared_testdata):
    # the .error markers and other odd inputs too: never a traceback, never exit 0
    for path in sorted((shared_testdata / "yaml-test-suite").iterdir())[:60]:
        if path.suffix in (".yaml", ".error"):
            code = main(["validate", str(path)])
            assert code == 1, path


# ---------------------------------------------------------------- nothing reaches the terminal raw


def test_escape_sequences_in_file_names_and_values_are_shown_escaped(tmp_path):
    """A file name or a value with ESC [ 31 m would colour (or worse) the user's terminal: printed as \\x1b."""
    bad = tmp_path / "kapot\x1b[31m.yaml"
    bad.write_text("format: dilemmakaart/case@1\nid: kapot\ntitle: 'T\x1b[2J'\nstatus: 'x\x1b]0;pwn\x07'\n", "utf-8")
    result = run("validate", str(tmp_path), "--lang", "en")
    assert result.returncode == 1
    out = result.stdout + result.stderr
    assert "\x1b" not in out and "\x07" not in out
    assert "kapot\\x1b[31m.yaml" in out
    library = run("library", str(tmp_path), "--lang", "en")
    assert "\x1b" not in library.stdout + library.stderr
    assert "kapot\\x1b[31m.yaml" in library.stdout
    as_json = run("library", str(tmp_path), "--json")
    assert "\x1b" not in as_json.stdout
    assert any("\x1b[31m" in item["file"] for item in json.loads(as_json.stdout)["unreadable"])


def test_unreadable_folder_is_a_plain_message(tmp_path, capsys, monkeypatch):
    """No 'Interne fout … PermissionError': which path, and why, in words."""
    folder = tmp_path / "geheim"
    folder.mkdir()

    def refuse(self):
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "iterdir", refuse)
    assert main(["validate", str(folder)]) == 1
    err = capsys.readouterr().err
    assert "Interne fout" not in err and "PermissionError" not in err
    assert f"Kan {folder} niet gebruiken: je hebt geen toestemming om dit te lezen of te schrijven." in err


def test_a_file_where_a_folder_is_expected_is_said_in_words(tmp_path, capsys):
    """Through the real file system (root ignores chmod): a path through a file, a file given as the
    library folder, a folder or a device given as the case: each a plain sentence, never a traceback."""
    case = tmp_path / "a.yaml"
    case.write_text("format: dilemmakaart/case@1\nid: a\ntitle: 'A'\ndescription: ''\n", "utf-8")
    assert main(["validate", str(case / "b.yaml")]) == 2
    assert (
        capsys.readouterr().err.strip()
        == f"Kan {case}/b.yaml niet gebruiken: een deel van dit pad is een bestand, geen map."
    )
    assert main(["library", str(case)]) == 2
    assert capsys.readouterr().err.strip() == f"Kan {case} niet gebruiken: dit is geen map."
    assert main(["report", str(tmp_path), "--format", "md", "-o", str(tmp_path / "r.md")]) == 2
    assert capsys.readouterr().err.strip() == f"Kan {tmp_path} niet gebruiken: dit is een map, geen bestand."
    assert main(["report", "/dev/null", "--format", "md", "-o", str(tmp_path / "r.md"), "--lang", "en"]) == 2
    assert capsys.readouterr().err.strip() == "Cannot use /dev/null: this is not an ordinary file or folder."
    assert main(["validate", str(tmp_path / "nergens")]) == 2
    assert capsys.readouterr().err.strip() == f"Bestaat niet: {tmp_path / 'nergens'}"
