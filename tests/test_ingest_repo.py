"""Repository clones, candidate folders, notebooks and dependency files (built in tmp_path)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import skillgap
from skillgap import find_mentions
from skillgap.errors import DocumentReadError
from skillgap.ingest import Limits, load_sources
from skillgap.ingest._repo import dependencies, is_repository


def _repo(root: Path) -> Path:
    root.mkdir(parents=True)
    (root / "README.md").write_text("# Churn forecast\nPredicts churn.\n")
    (root / "requirements.txt").write_text(
        "torch>=2.0\nscikit-learn==1.4  # models\n-r dev.txt\nmystery-lib\n"
    )
    (root / "Dockerfile").write_text("FROM python:3.12\n")
    (root / "dvc.yaml").write_text("stages: {}\n")
    wf = root / ".github" / "workflows"
    wf.mkdir(parents=True)
    (wf / "ci.yml").write_text("on: push\n")
    tests = root / "tests"
    tests.mkdir()
    for i in range(3):
        (tests / f"test_{i}.py").write_text("def test(): pass\n")
    nb = {
        "nbformat": 4,
        "cells": [
            {"cell_type": "markdown", "source": ["## Exploration\n", "Uses [pandas](http://x)."]},
            {
                "cell_type": "code",
                "source": "import cv2\nfrom xgboost import XGBClassifier\nx = 1\n",
            },
        ],
    }
    (root / "eda.ipynb").write_text(json.dumps(nb))
    for skipped in ("node_modules/pkg", ".venv/lib", ".git/objects"):
        (root / skipped).mkdir(parents=True)
        (root / skipped / "README.md").write_text("# Skipped\nKubernetes\n")
    (root / ".venv" / "pyvenv.cfg").write_text("home = /usr\n")
    return root


def test_repository_documents_and_sources(tmp_path: Path) -> None:
    root = _repo(tmp_path / "churn-forecast")
    assert is_repository(root)
    docs = {d.source: d for d in load_sources([root])}
    assert set(docs) == {
        "churn-forecast/README.md",
        "churn-forecast/requirements.txt",
        "churn-forecast/eda.ipynb",
        "churn-forecast/(repository)",
    }
    assert docs["churn-forecast/README.md"].kind == "readme"
    assert docs["churn-forecast/eda.ipynb"].kind == "notebook"
    req = docs["churn-forecast/requirements.txt"].text.splitlines()
    assert req == [
        "PyTorch (requirements.txt: torch>=2.0)",
        "scikit-learn (requirements.txt: scikit-learn==1.4)",
        "mystery-lib (requirements.txt)",
    ]
    facts = docs["churn-forecast/(repository)"].text
    for line in (
        "containerisation (Docker: Dockerfile)",
        "CI/CD (GitHub Actions: .github/workflows/ci.yml)",
        "data versioning (DVC: dvc.yaml)",
        "unit tests (tests/, 3 files)",
    ):
        assert line in facts
    assert "Kubernetes" not in "".join(d.text for d in docs.values())


def test_repository_skills_name_their_files(tmp_path: Path, taxonomy) -> None:
    root = _repo(tmp_path / "churn-forecast")
    analysis = skillgap.analyze(root, taxonomy=taxonomy, embeddings=False)
    sources = {s.skill_id: set(s.sources) for s in analysis.skills}
    assert "churn-forecast/requirements.txt" in sources["pytorch"]
    assert "churn-forecast/(repository)" in sources["docker"]
    assert "churn-forecast/(repository)" in sources["unit-testing"]
    assert "churn-forecast/eda.ipynb" in sources["xgboost"]
    for doc in load_sources([root]):
        for m in find_mentions(doc, taxonomy).mentions:
            assert doc.text[m.start : m.end] == m.text


def test_candidate_folder_expands_resume_and_repos(tmp_path: Path, taxonomy) -> None:
    cand = tmp_path / "jane"
    _repo(cand / "churn-forecast")
    (cand / "resume.md").write_text("# Skills\nSQL and Airflow\n")
    (cand / "notes.bin").write_bytes(b"\x00\x01")
    docs = load_sources([cand])
    sources = [d.source for d in docs]
    assert "jane/resume.md" in sources and "jane/churn-forecast/requirements.txt" in sources
    analysis = skillgap.analyze(cand, taxonomy=taxonomy, embeddings=False)
    assert "jane/resume.md" in analysis.skill("sql").sources


def test_oversized_repo_file_becomes_a_warning(tmp_path: Path) -> None:
    root = _repo(tmp_path / "repo")
    (root / "requirements-big.txt").write_text("numpy\n" * 5000)
    docs = load_sources([root], limits=Limits(max_bytes=10_000))
    facts = next(d for d in docs if d.source == "repo/(repository)")
    assert any("requirements-big.txt" in w and "max_bytes" in w for w in facts.warnings)


def test_empty_folder_is_a_read_error(tmp_path: Path) -> None:
    (tmp_path / "nothing").mkdir()
    with pytest.raises(DocumentReadError, match="no readable documents"):
        load_sources([tmp_path / "nothing"])


@pytest.mark.parametrize(
    "name,text,expected",
    [
        (
            "pyproject.toml",
            '[project]\ndependencies = ["fastapi>=0.100", "mlflow"]\n'
            '[project.optional-dependencies]\ndev = ["pytest"]\n',
            ["fastapi", "mlflow", "pytest"],
        ),
        (
            "setup.cfg",
            "[options]\ninstall_requires =\n    wandb\n    boto3>=1.0\n",
            ["wandb", "boto3"],
        ),
        (
            "setup.py",
            "setup(install_requires=['psycopg2-binary', \"pyspark==3.5\"])",
            ["psycopg2-binary", "pyspark"],
        ),
        (
            "environment.yml",
            "dependencies:\n  - python=3.11\n  - conda-forge::lightgbm=4.0\n"
            "  - pip:\n    - transformers\n",
            ["lightgbm", "transformers"],
        ),
        ("pyproject.toml", "not [valid toml", []),
    ],
)
def test_dependency_files(name: str, text: str, expected: list[str]) -> None:
    assert [p for p, _ in dependencies(name, text)] == expected
