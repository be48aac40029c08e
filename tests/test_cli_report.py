"""``python -m dilemmakaart report``: the four formats, both languages, exit codes, never a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

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


# ---------------------------------------------------------------- what -o OUT names is written to, never replaced


def test_output_named_pipe_is_written_through(tmp_path):
    """A named pipe stays a pipe: the report goes through it to the reader."""
    import os
    import stat
    import threading

    fifo = tmp_path / "rapport.md"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    result = run("report", str(CASE), "--format", "md", "-o", str(fifo))
    reader.join(timeout=60)
    assert result.returncode == 0, result.stderr
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    assert got and got[0].startswith(b"*Rapport voor het bestuur*")


def test_output_dev_stdout_is_written_through(tmp_path):
    """``-o /dev/stdout`` prints the report; /dev/stdout (a symlink to the process's own stdout) stays."""
    before = os.readlink("/dev/stdout") if Path("/dev/stdout").is_symlink() else None
    out = tmp_path / "captured.md"
    with out.open("wb") as handle:
        result = subprocess.run(
            [sys.executable, "-m", "dilemmakaart", "report", str(CASE), "--format", "md", "-o", "/dev/stdout"],
            stdout=handle,
            stderr=subprocess.PIPE,
            text=True,
            cwd=ROOT,
            timeout=120,
        )
    assert result.returncode == 0, result.stderr
    assert out.read_bytes().startswith(b"*Rapport voor het bestuur*")
    assert Path("/dev/stdout").exists()
    if before is not None:
        assert Path("/dev/stdout").is_symlink() and os.readlink("/dev/stdout") == before


def test_output_symlink_writes_its_target_and_stays_a_link(tmp_path):
    target = tmp_path / "echt" / "rapport.md"
    target.parent.mkdir()
    target.write_text("oud", encoding="utf-8")
    link = tmp_path / "link.md"
    link.symlink_to(target)
    assert main(["report", str(CASE), "--format", "md", "-o", str(link)]) == 0
    assert link.is_symlink() and link.resolve() == target.resolve()
    assert target.read_text(encoding="utf-8").startswith("*Rapport voor het bestuur*")


def test_output_character_device_is_not_replaced(tmp_path):
    """/dev/null is a device: writing to it leaves it a device (as root, replacing it would be a disaster)."""
    import stat

    assert main(["report", str(CASE), "--format", "md", "-o", "/dev/null"]) == 0
    assert stat.S_ISCHR(Path("/dev/null").stat().st_mode)


def test_output_regular_file_is_replaced_atomically(tmp_path):
    out = tmp_path / "rapport.html"
    out.write_text("oud", encoding="utf-8")
    assert main(["report", str(CASE), "--format", "html", "-o", str(out)]) == 0
    assert out.read_bytes().startswith(b"<!DOCTYPE html>")
    assert [p.name for p in tmp_path.iterdir()] == ["rapport.html"]  # no temporary file left


def test_output_dangling_symlink_makes_no_folders(tmp_path, capsys):
    link = tmp_path / "link.md"
    link.symlink_to(tmp_path / "nergens" / "rapport.md")
    assert main(["report", str(CASE), "--format", "md", "-o", str(link)]) == 1
    assert "kon niet worden geschreven" in capsys.readouterr().err
    assert link.is_symlink() and not (tmp_path / "nergens").exists()
