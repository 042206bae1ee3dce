"""``skillgap taxonomy validate | import | show`` through click's runner."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from skillgap import load_taxonomy
from skillgap.cli import cli
from tests.conftest import FIXTURES

LABELS = "Python (computer programming)\tK0613\nSQL\tK0612\nutilise machine learning\tS5.1.0\n"
ESCO = ("conceptType,conceptUri,preferredLabel,altLabels,description\n"
        "KnowledgeSkillCompetence,http://e/skill/1,PyTorch,torch,A framework.\n"
        "KnowledgeSkillCompetence,http://e/skill/2,TensorFlow,tf | tensor flow,Another one.\n")
TECH = ("O*NET-SOC Code\tExample\tCommodity Code\tCommodity Title\tHot Technology\tIn Demand\r\n"
        "15-2051.00\tPython\t43232405\tObject or component oriented development software\tY\tY\r\n"
        "11-1011.00\tMicrosoft Excel\t43232110\tSpreadsheet software\tY\tN\r\n")
OCCUPATIONS = ("O*NET-SOC Code\tTitle\tDescription\r\n15-2051.00\tData Scientists\tModels.\r\n"
               "11-1011.00\tChief Executives\tPolicies.\r\n")


def _run(*args: str) -> object:
    return CliRunner().invoke(cli, list(args))


@pytest.mark.parametrize("sub", ["validate", "import", "show"])
def test_taxonomy_commands_have_help(sub: str) -> None:
    result = _run("taxonomy", sub, "--help")
    assert result.exit_code == 0 and f"taxonomy {sub} [OPTIONS]" in result.output


def test_validate_ok_and_broken(tmp_path: Path) -> None:
    ok = _run("taxonomy", "validate", str(FIXTURES / "mini_taxonomy.yaml"))
    assert ok.exit_code == 0 and "ok (6 skills, 1 roles" in ok.output
    broken = yaml.safe_load((FIXTURES / "mini_taxonomy.yaml").read_text(encoding="utf-8"))
    broken["roles"][0]["skills"]["required"]["pytorh"] = 1.0
    broken["skills"][0]["colour"] = "blue"
    path = tmp_path / "broken.yaml"
    path.write_text(yaml.safe_dump(broken), encoding="utf-8")
    result = _run("taxonomy", "validate", str(path))
    assert result.exit_code == 1
    assert "[skills -> 0 -> colour] unknown field" in result.stderr
    del broken["skills"][0]["colour"]
    path.write_text(yaml.safe_dump(broken), encoding="utf-8")
    result = _run("taxonomy", "validate", str(path))
    assert result.exit_code == 1
    assert "  [roles -> backend -> skills -> required] unknown skill 'pytorh'" in result.stderr
    assert result.stdout == ""


def test_import_labels_writes_our_format(tmp_path: Path) -> None:
    src = tmp_path / "skills.txt"
    src.write_text(LABELS, encoding="utf-8")
    out = tmp_path / "out" / "labels.yaml"
    result = _run("taxonomy", "import", "--from", "labels", str(src), "--out", str(out))
    assert result.exit_code == 0, result.output
    assert "3 skills, 0 roles, 3 categories" in result.stderr
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# skillgap taxonomy imported from labels (skills.txt)")
    tax = load_taxonomy(out)
    assert tax.lookup("Python").id == "python-computer-programming"
    assert _run("taxonomy", "validate", str(out)).exit_code == 0
    again = tmp_path / "again.yaml"
    assert _run("taxonomy", "import", str(src), "--out", str(again)).exit_code == 0  # auto
    assert again.read_text(encoding="utf-8") == text
    assert load_taxonomy(again).content_hash == tax.content_hash


def test_import_esco_to_stdout_as_yaml(tmp_path: Path) -> None:
    src = tmp_path / "skills_en.csv"
    src.write_text(ESCO, encoding="utf-8")
    result = _run("taxonomy", "import", "--from", "esco", str(src), "--name", "mine")
    assert result.exit_code == 0, result.output
    data = yaml.safe_load(result.stdout)
    assert data["name"] == "mine"
    assert [(s["id"], s.get("aliases")) for s in data["skills"]] == [
        ("pytorch", ["torch"]), ("tensorflow", ["tensor flow"])]
    assert data["skills"][1]["cased_aliases"] == ["tf"]


def test_import_onet_one_occupation_as_json(tmp_path: Path) -> None:
    (tmp_path / "Technology Skills.txt").write_bytes(TECH.encode())
    (tmp_path / "Occupation Data.txt").write_bytes(OCCUPATIONS.encode())
    out = tmp_path / "ds.json"
    result = _run("taxonomy", "import", "--from", "onet", str(tmp_path), "--occupation",
                  "15-2051.00", "--role-skills-only", "--out", str(out))
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text(encoding="utf-8"))
    assert [r["id"] for r in data["roles"]] == ["data-scientists"]
    assert {s["id"] for s in data["skills"]} == {
        "python", "object-or-component-oriented-development-software"}
    assert load_taxonomy(out).role("data-scientists").skills.required == {"python": 1.0}


def test_import_usage_errors(tmp_path: Path) -> None:
    src = tmp_path / "skills.txt"
    src.write_text(LABELS, encoding="utf-8")
    result = _run("taxonomy", "import", "--from", "labels", str(src), "--occupation", "x")
    assert result.exit_code == 2 and "--from esco|onet only" in result.output
    assert _run("taxonomy", "import", str(tmp_path / "missing.csv")).exit_code == 2
    empty = tmp_path / "empty.txt"
    empty.write_text("# no labels\n", encoding="utf-8")
    result = _run("taxonomy", "import", "--from", "labels", str(empty))
    assert result.exit_code == 1 and result.stderr.startswith("skillgap: error:")
    assert "no labels found" in result.stderr and "Traceback" not in result.output


def test_show_skill_role_and_unknown() -> None:
    mini = str(FIXTURES / "mini_taxonomy.yaml")
    skill = yaml.safe_load(_run("taxonomy", "show", "postgres", "--taxonomy", mini).stdout)
    assert skill["kind"] == "skill" and skill["id"] == "postgresql"
    sql = yaml.safe_load(_run("taxonomy", "show", "sql", "--taxonomy", mini).stdout)
    assert sql["narrower"] == ["postgresql"] and sql["roles"] == ["backend"]
    role = json.loads(_run("taxonomy", "show", "backend", "--taxonomy", mini, "--json").stdout)
    assert role["kind"] == "role" and role["skills"]["required"] == {"python": 1.0, "sql": 1.0}
    missing = _run("taxonomy", "show", "pythn", "--taxonomy", mini)
    assert missing.exit_code == 1 and "did you mean 'Python'" in missing.stderr
