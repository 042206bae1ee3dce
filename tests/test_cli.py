from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from skillgap.cli import cli

from .conftest import EXAMPLES, FIXTURES

ML = str(EXAMPLES / "resumes" / "ml_engineer.md")


def _commands(group: click.Group, prefix: tuple[str, ...] = ()):
    for name, cmd in sorted(group.commands.items()):
        yield (*prefix, name)
        if isinstance(cmd, click.Group):
            yield from _commands(cmd, (*prefix, name))


@pytest.mark.parametrize("path", list(_commands(cli)), ids=" ".join)
def test_every_command_has_help(path: tuple[str, ...]) -> None:
    result = CliRunner().invoke(cli, [*path, "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage:" in result.output


def test_analyze_json_to_stdout() -> None:
    result = CliRunner().invoke(cli, ["analyze", ML, "--role", "ml-engineer", "--no-embeddings"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["roles"][0]["role_id"] == "ml-engineer"
    assert any(s["skill_id"] == "pytorch" for s in data["skills"])


def test_analyze_markdown_to_file(tmp_path: Path) -> None:
    out = tmp_path / "r.md"
    result = CliRunner().invoke(cli, ["analyze", ML, "--format", "md", "--out", str(out),
                                      "--no-embeddings"])
    assert result.exit_code == 0 and result.stdout == ""
    assert out.read_text(encoding="utf-8").startswith("# skillgap report")


def test_unknown_role_is_one_clean_line_and_exit_1() -> None:
    result = CliRunner().invoke(cli, ["analyze", ML, "--role", "wizard", "--no-embeddings"])
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("skillgap: error: unknown role 'wizard'")
    assert "Traceback" not in result.output


def test_missing_file_is_usage_error() -> None:
    result = CliRunner().invoke(cli, ["analyze", "/no/such/file.pdf", "--no-embeddings"])
    assert result.exit_code == 1
    assert "/no/such/file.pdf" in result.stderr


def test_roles_lists_ids() -> None:
    result = CliRunner().invoke(cli, ["roles"])
    assert result.exit_code == 0 and "ml-engineer" in result.stdout
    rows = json.loads(CliRunner().invoke(cli, ["roles", "--json"]).stdout)
    assert {"ml-intern", "data-scientist"} <= {r["id"] for r in rows}


def test_taxonomy_validate_exit_codes(tmp_path: Path) -> None:
    ok = CliRunner().invoke(cli, ["taxonomy", "validate", str(FIXTURES / "mini_taxonomy.yaml")])
    assert ok.exit_code == 0 and "ok" in ok.stdout
    bad = tmp_path / "bad.yaml"
    bad.write_text("skills:\n- {id: a, label: A, category: x}\nroles:\n"
                   "- {id: r, label: R, skills: {required: {pytorh: 1.0}}}\n", encoding="utf-8")
    res = CliRunner().invoke(cli, ["taxonomy", "validate", str(bad)])
    assert res.exit_code == 1
    assert "[roles -> r -> skills -> required] unknown skill 'pytorh'" in res.stderr


def test_python_dash_m_entry_point() -> None:
    proc = subprocess.run([sys.executable, "-m", "skillgap", "--version"], capture_output=True,
                          text=True, check=False)
    assert proc.returncode == 0 and "skillgap" in proc.stdout


def test_limit_flags_reach_the_reader(tmp_path: Path) -> None:
    big = tmp_path / "cv.txt"
    big.write_text("Skills\nPython, Docker\n" * 50, encoding="utf-8")
    res = CliRunner().invoke(cli, ["analyze", str(big), "--no-embeddings", "--max-bytes", "100"])
    assert res.exit_code == 1
    assert "100" in res.stderr and "--max-bytes" in res.stderr
    ok = CliRunner().invoke(cli, ["analyze", str(big), "--no-embeddings", "--max-bytes", "100000"])
    assert ok.exit_code == 0


def test_analyze_against_a_job_description(tmp_path: Path) -> None:
    ad = tmp_path / "ad.txt"
    ad.write_text("Senior ML Engineer\nRequirements\n- Python, PyTorch and Kubernetes\n"
                  "Nice to have\n- Scala\n", encoding="utf-8")
    res = CliRunner().invoke(cli, ["analyze", ML, "--job-description", str(ad), "--no-embeddings"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    [fit] = data["roles"]
    assert fit["role_id"].startswith("job-")
    matched = {m["skill_id"] for m in fit["matched"]}
    assert {"python", "pytorch", "kubernetes"} <= matched
    assert "scala" in {m["skill_id"] for m in fit["missing"]}
    both = CliRunner().invoke(cli, ["analyze", ML, "--job-description", str(ad), "--role",
                                    "ml-engineer", "--no-embeddings"])
    assert both.exit_code == 2


def test_as_of_sets_what_present_means(tmp_path: Path) -> None:
    cv = tmp_path / "cv.md"
    cv.write_text("Experience\nML Engineer, Acme — Jan 2019 – Present\n- Trained PyTorch models.\n"
                  "Education\nBSc Computer Science, 2014 – 2018\n", encoding="utf-8")

    def experience(*extra: str) -> dict:
        result = CliRunner().invoke(cli, ["analyze", str(cv), "--no-embeddings", *extra])
        assert result.exit_code == 0, result.output
        return json.loads(result.output)["experience"]

    default, pinned = experience(), experience("--as-of", "2026-12")
    assert default["reference"] == "2019-01-01" and default["reference_source"] == "document"
    assert pinned["reference"] == "2026-12-01" and pinned["professional_years"] == 8.0
    bad = CliRunner().invoke(cli, ["analyze", str(cv), "--as-of", "2026-13"])
    assert bad.exit_code == 2 and "YYYY-MM" in bad.output
