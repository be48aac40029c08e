"""``python -m dilemmakaart report``: the four formats, both languages, exit codes, never a traceback."""

from __future__ import annotations

import subprocess
import sys

import pytest

from dilemmakaart.cli import main
from tests.conftest import ROOT

CASE = ROOT / "cases" / "drones-dijkinspectie.yaml"


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "dilemmakaart", *args], capture_output=True, text=True, cwd=ROOT, timeout=120
    )


@pytest.mark.parametrize(
    "fmt, magic", [("pdf", b"%PDF"), ("docx", b"PK"), ("html", b"<!DOCTYPE html>"), ("md", b"*Report")]
)
def test_each_format_from_the_command_line(fmt, magic, tmp_path):
    out = tmp_path / f"rapport.{fmt}"
    result = run("report", str(CASE), "--format", fmt, "--lang", "en", "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert out.read_bytes().startswith(magic)
    assert "Traceback" not in result.stderr
    assert str(out) in result.stderr  # says where the report went


def test_dutch_by_default_and_markdown_images(tmp_path, capsys):
    out = tmp_path / "rapport.md"
    assert main(["report", str(CASE), "--format", "md", "-o", str(out), "--images"]) == 0
    text = out.read_text(encoding="utf-8")
    assert text.startswith("*Rapport voor het bestuur*")
    assert "(<rapport-images/map.png>)" in text
    assert (tmp_path / "rapport-images" / "wheel.png").is_file()


def test_invalid_case_exit_1_with_problem_lines(tmp_path, capsys):
    bad = tmp_path / "proef.yaml"
    bad.write_text(
        "format: dilemmakaart/case@1\nid: proef\ntitle: 'Proef'\ndescription: ''\nstatus: klaar\n", encoding="utf-8"
    )
    out = tmp_path / "r.html"
    assert main(["report", str(bad), "--format", "html", "-o", str(out), "--lang", "en"]) == 1
    captured = capsys.readouterr()
    assert f"{bad}: status: 'klaar' is not allowed" in captured.out
    assert not out.exists()


def test_unreadable_yaml_exit_1(tmp_path, capsys):
    bad = tmp_path / "kapot.yaml"
    bad.write_text("format: [unclosed\n", encoding="utf-8")
    assert main(["report", str(bad), "--format", "md", "-o", str(tmp_path / "r.md")]) == 1
    assert "Traceback" not in capsys.readouterr().err


@pytest.mark.parametrize(
    "args",
    [
        ["report", str(CASE), "--format", "rtf", "-o", "x.rtf"],  # unknown format
        ["report", str(CASE), "-o", "x.pdf"],  # format missing
        ["report", str(CASE), "--format", "pdf"],  # output missing
        ["report", "bestaat-niet.yaml", "--format", "pdf", "-o", "x.pdf"],  # no such case
        ["report", str(CASE), "--format", "pdf", "--lang", "fr", "-o", "x.pdf"],  # unknown language
    ],
)
def test_usage_errors_exit_2(args, capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(args) == 2
    assert "Traceback" not in capsys.readouterr().err
    assert not list(tmp_path.iterdir())


def test_output_folder_missing_or_a_folder_exit_2(tmp_path, capsys):
    assert main(["report", str(CASE), "--format", "md", "-o", str(tmp_path / "nope" / "r.md"), "--lang", "en"]) == 2
    assert "Cannot write a report here" in capsys.readouterr().err
    assert main(["report", str(CASE), "--format", "md", "-o", str(tmp_path)]) == 2


def test_unknown_format_names_the_choices(capsys):
    assert main(["report", str(CASE), "--format", "odt", "-o", "x.odt", "--lang", "en"]) == 2
    err = capsys.readouterr().err
    assert "pdf, docx, html, md" in err


def test_existing_file_replaced_whole(tmp_path):
    out = tmp_path / "r.html"
    out.write_text("old", encoding="utf-8")
    assert main(["report", str(CASE), "--format", "html", "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert [p.name for p in tmp_path.iterdir()] == ["r.html"]  # no temporary file left
