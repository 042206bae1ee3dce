"""No traceback reaches a user: a bug is one line on stderr and exit code 3 (issue 12).

The bug is injected: ``skillgap.ingest.detect_format`` (called by every ``load_document``) is
replaced by one that raises ``ZeroDivisionError``. In a batch the same bug in one file becomes
that candidate's error row and the other candidates are analysed.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

import skillgap
import skillgap.ingest
from skillgap.cli import cli

from .conftest import EXAMPLES, ROOT

ML = str(EXAMPLES / "resumes" / "ml_engineer.md")
MESSAGE = ("skillgap: internal error: ZeroDivisionError: division by zero "
           "(run again with --debug for the traceback)")


def _inject_bug(monkeypatch: pytest.MonkeyPatch, only: str | None = None) -> None:
    """Make reading a file (every file, or those whose name contains ``only``) divide by zero."""
    real = skillgap.ingest.detect_format

    def buggy(path, head):  # type: ignore[no-untyped-def]
        if only is None or only in str(path):
            return 1 / 0
        return real(path, head)

    monkeypatch.setattr(skillgap.ingest, "detect_format", buggy)


def test_internal_error_is_one_line_and_exit_code_3(monkeypatch: pytest.MonkeyPatch) -> None:
    _inject_bug(monkeypatch)
    result = CliRunner().invoke(cli, ["analyze", ML, "--no-embeddings"])
    assert result.exit_code == 3
    assert result.stderr.splitlines() == [MESSAGE]
    assert result.stdout == ""
    assert "Traceback" not in result.output


def test_debug_shows_the_traceback(monkeypatch: pytest.MonkeyPatch) -> None:
    _inject_bug(monkeypatch)
    result = CliRunner().invoke(cli, ["--debug", "analyze", ML, "--no-embeddings"])
    assert result.exit_code == 3
    err = result.stderr
    assert err.startswith("Traceback (most recent call last):")
    assert "in buggy" in err and "ZeroDivisionError: division by zero" in err
    assert err.splitlines()[-1] == "skillgap: internal error: ZeroDivisionError: division by zero"


def test_skillgap_errors_keep_exit_code_1_and_usage_errors_2() -> None:
    result = CliRunner().invoke(cli, ["analyze", ML, "--role", "wizard", "--no-embeddings"])
    assert result.exit_code == 1 and result.stderr.startswith("skillgap: error: ")
    result = CliRunner().invoke(cli, ["analyze", "--no-such-option"])
    assert result.exit_code == 2


def test_help_documents_exit_code_3_and_debug() -> None:
    result = CliRunner().invoke(cli, ["--help"])
    assert result.exit_code == 0
    assert "3  an internal error" in result.stdout
    assert "--debug" in result.stdout


def test_readme_documents_exit_code_3() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "exit code 3" in readme and "--debug" in readme


def test_a_real_process_prints_no_traceback(tmp_path: Path) -> None:
    """The console entry point, in its own process, with the bug injected before it runs."""
    code = ("import sys, skillgap.ingest as ingest\n"
            "def buggy(path, head):\n    return 1 / 0\n"
            "ingest.detect_format = buggy\n"
            "from skillgap.cli import main\n"
            "main(sys.argv[1:])\n")
    run = subprocess.run([sys.executable, "-c", code, "analyze", ML, "--no-embeddings"],
                         capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert run.returncode == 3
    assert run.stderr.splitlines() == [MESSAGE]
    debug = subprocess.run([sys.executable, "-c", code, "--debug", "analyze", ML,
                            "--no-embeddings"], capture_output=True, text=True, timeout=120,
                           cwd=tmp_path)
    assert debug.returncode == 3
    assert "Traceback (most recent call last)" in debug.stderr


# -- a batch goes on ----------------------------------------------------------------------------

CANDIDATES = {
    "ann.md": "# Experience\n- Trained PyTorch models and served them with FastAPI\n",
    "bug.md": "# Skills\nPython, SQL\n",
    "cai.txt": "Skills\nscikit-learn, pandas, Airflow\n",
}


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "candidates"
    folder.mkdir()
    for name, text in CANDIDATES.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_analyze_batch_turns_a_bug_into_that_candidates_error_row(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = _folder(tmp_path)
    _inject_bug(monkeypatch, only="bug.md")
    rows = {row.candidate_id: row for row in skillgap.analyze_batch(
        folder, role="ml-engineer", embeddings=False, workers=1)}
    assert set(rows) == set(CANDIDATES)
    bug = rows["bug.md"]
    assert bug.analysis is None
    assert [e.type for e in bug.errors] == ["ZeroDivisionError"]
    assert "division by zero" in bug.errors[0].message
    assert {s.skill_id for s in rows["ann.md"].analysis.skills} >= {"pytorch", "fastapi"}
    assert {s.skill_id for s in rows["cai.txt"].analysis.skills} >= {"scikit-learn", "airflow"}
    assert not rows["ann.md"].errors and not rows["cai.txt"].errors


def test_batch_command_goes_on_after_a_bug(tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    folder = _folder(tmp_path)
    _inject_bug(monkeypatch, only="bug.md")
    out = tmp_path / "ranked.csv"
    result = CliRunner().invoke(cli, ["batch", str(folder), "--role", "ml-engineer",
                                      "--no-embeddings", "--workers", "1", "--out", str(out),
                                      "--quiet"])
    assert "Traceback" not in result.output
    assert result.exit_code in (0, 1), result.output  # 1: some candidates had errors
    table = out.read_text(encoding="utf-8")
    assert "ann" in table and "cai" in table
    assert "ZeroDivisionError" in table


def test_a_bug_while_analysing_one_candidate_does_not_stop_the_batch(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = _folder(tmp_path)
    real = skillgap.Document.section_at

    def buggy(self, offset):  # type: ignore[no-untyped-def]
        if Path(self.source).name.startswith("bug"):
            return 1 / 0
        return real(self, offset)

    monkeypatch.setattr(skillgap.Document, "section_at", buggy)
    rows = {row.candidate_id: row for row in skillgap.analyze_batch(
        folder, role="ml-engineer", embeddings=False, workers=1)}
    assert set(rows) == set(CANDIDATES)
    assert rows["bug.md"].analysis is None
    assert [e.type for e in rows["bug.md"].errors] == ["ZeroDivisionError"]
    assert rows["ann.md"].analysis is not None and rows["cai.txt"].analysis is not None
