from __future__ import annotations

import json
from pathlib import Path

import pytest

import skillgap
from skillgap import Analysis, Document, IngestError, UnknownRoleError, UnsupportedFormatError

from .conftest import EXAMPLES

SHORT_ML = """Priya Example
Experience
- Trained PyTorch CNNs on 2M images and served them with FastAPI in Docker; p99 latency 40 ms.
- Built scikit-learn pipelines; tracked experiments with MLflow.
Skills
Python, SQL, Git, Kubernetes
"""


def test_analyze_short_ml_resume_end_to_end() -> None:
    doc = Document.from_text(SHORT_ML)
    a = skillgap.analyze(doc, role="ml-engineer", embeddings=False)
    found = {s.skill_id for s in a.skills}
    assert {"pytorch", "fastapi", "docker", "scikit-learn", "mlflow", "python", "sql", "git",
            "kubernetes", "cnn"} <= found
    for hit in a.skills:
        for ev in hit.evidence:
            assert SHORT_ML[ev.start:ev.end] == ev.text
            assert 0 <= ev.confidence <= 1 and 0 <= ev.strength <= 1
    [fit] = a.roles
    assert fit.role_id == "ml-engineer" and 0 < fit.score < 1
    assert fit.missing and fit.missing[0].practice


def test_role_none_scores_every_role(taxonomy) -> None:
    a = skillgap.analyze(Document.from_text(SHORT_ML), embeddings=False)
    assert {r.role_id for r in a.roles} == {r.id for r in taxonomy.roles}


def test_unknown_role() -> None:
    with pytest.raises(UnknownRoleError, match="ml-engineer"):
        skillgap.analyze(Document.from_text(SHORT_ML), role="wizard", embeddings=False)


def test_json_round_trip_and_determinism() -> None:
    a = skillgap.analyze(Document.from_text(SHORT_ML), embeddings=False)
    b = skillgap.analyze(Document.from_text(SHORT_ML), embeddings=False)
    assert a.model_dump_json() == b.model_dump_json()
    again = Analysis.model_validate_json(a.model_dump_json())
    assert again == a
    assert json.loads(a.to_json())["skills"]


def test_several_sources_are_one_candidate(tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    readme.write_text("# demo\nA LightGBM model served with FastAPI.\n", encoding="utf-8")
    a = skillgap.analyze(Document.from_text(SHORT_ML, source="cv"), readme, embeddings=False)
    fastapi = a.skill("fastapi")
    assert fastapi.sources == sorted(["cv", str(readme)])
    assert a.skill("lightgbm").sources == [str(readme)]
    assert [d.source for d in a.documents] == ["cv", str(readme)]


def test_example_files_analyse() -> None:
    for path in sorted((EXAMPLES / "resumes").iterdir()):
        a = skillgap.analyze(path, embeddings=False)
        assert a.documents[0].source == str(path)
    ml = skillgap.analyze(EXAMPLES / "resumes" / "ml_engineer.md", embeddings=False)
    chef = skillgap.analyze(EXAMPLES / "resumes" / "pastry_chef.txt", embeddings=False)
    assert ml.role("ml-engineer").score > 0.5 > chef.role("ml-engineer").score


def test_no_sources_and_bad_sources(tmp_path: Path) -> None:
    with pytest.raises(IngestError):
        skillgap.analyze(embeddings=False)
    blob = tmp_path / "x.bin"
    blob.write_bytes(bytes(range(256)) * 8)
    with pytest.raises(UnsupportedFormatError) as err:
        skillgap.analyze(blob, embeddings=False)
    assert str(blob) in str(err.value)


def test_markdown_report_has_tables_and_practice() -> None:
    a = skillgap.analyze(Document.from_text(SHORT_ML), role="ml-engineer", embeddings=False)
    md = a.to_markdown()
    assert "| Role | Fit |" in md and "Missing skills" in md
    assert a.role("ml-engineer").missing[0].label in md


def test_lexical_mode_repairs_typos_without_a_model() -> None:
    a = skillgap.analyze(Document.from_text("Experience\n- Deployed services on Kubernets."), embeddings=False)
    [ev] = a.skill("kubernetes").evidence
    assert ev.method == "fuzzy" and ev.text == "Kubernets" and ev.confidence < 0.95
    assert skillgap.analyze(Document.from_text("Skills\nOpenAI, Llama 2"), embeddings=False).skill("rest-apis") is None
