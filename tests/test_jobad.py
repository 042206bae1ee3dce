"""Job ads as roles: skills weighted by emphasis, KPIs inferred, usable everywhere a role is."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

import skillgap
from skillgap import Document, IngestError
from skillgap.cli import cli
from skillgap.score.jobad import load_job_description, role_from_job_description

AD = """Senior Machine Learning Engineer — Payments

About the role
You will serve fraud models to millions of customers and keep p99 latency low.

Requirements
- 5+ years of Python; strong Python testing habits
- Docker and Kubernetes in production
- FastAPI or similar REST APIs

Nice to have
- Airflow
- Experience with MLflow is a plus

What we offer
- Snacks
"""


def test_sections_set_required_and_nice_to_have(taxonomy) -> None:
    role = role_from_job_description(Document.from_text(AD, kind="job-description"),
                                     taxonomy=taxonomy)
    req, nice = role.skills.required, role.skills.nice_to_have
    assert {"python", "docker", "kubernetes", "fastapi"} <= set(req)
    assert {"airflow", "mlflow"} <= set(nice)
    assert not set(req) & set(nice)
    assert req["python"] == 1.0 > req["docker"]  # named twice vs once
    assert req["machine-learning"] == 1.0  # in the title
    assert role.id.startswith("job-senior-machine-learning-engineer")
    assert "latency" in role.kpis
    taxonomy.with_roles([role])  # valid against the taxonomy


def test_inline_cues_and_ads_without_sections(taxonomy) -> None:
    ad = ("Data role\nWe use SQL and pandas every day. Airflow experience preferred.\n"
          "Python is required.\n")
    role = role_from_job_description(Document.from_text(ad), taxonomy=taxonomy)
    assert set(role.skills.nice_to_have) == {"airflow"}
    assert role.skills.required["python"] == 0.8
    assert role.skills.required["sql"] == 0.6  # no requirements section: mentions are required


def test_json_resume_job_schema(taxonomy, tmp_path) -> None:
    job = {"title": "MLOps Engineer", "description": "Own our training platform.",
           "responsibilities": ["Automate retraining with Airflow"],
           "qualifications": ["Experience with Docker"],
           "skills": [{"name": "Platform", "keywords": ["Kubernetes", "Terraform"]}]}
    path = tmp_path / "job.json"
    path.write_text(json.dumps(job))
    doc = load_job_description(path)
    assert doc.kind == "job-description" and doc.text.startswith("MLOps Engineer")
    role = role_from_job_description(path, taxonomy=taxonomy)
    assert {"docker", "kubernetes", "terraform"} <= set(role.skills.required)
    assert "airflow" in role.skills.nice_to_have
    assert role.label == "MLOps Engineer"


def test_pdf_ad(taxonomy, tmp_path) -> None:
    pytest.importorskip("reportlab")
    from reportlab.pdfgen import canvas

    pdf = tmp_path / "ad.pdf"
    c = canvas.Canvas(str(pdf))
    for i, line in enumerate(["NLP Engineer", "Requirements", "- Python and PyTorch",
                              "Nice to have", "- Hugging Face Transformers"]):
        c.drawString(72, 760 - 18 * i, line)
    c.save()
    try:
        role = role_from_job_description(pdf, taxonomy=taxonomy)
    except skillgap.UnsupportedFormatError:
        pytest.skip("PDF reader not available in this build")
    assert {"python", "pytorch"} <= set(role.skills.required)


def test_an_ad_without_skills_is_a_clear_error(taxonomy, tmp_path) -> None:
    path = tmp_path / "ad.txt"
    path.write_text("Barista\nRequirements\n- Friendly smile\n")
    with pytest.raises(IngestError, match="names no skill"):
        role_from_job_description(path, taxonomy=taxonomy)
    bad = tmp_path / "ad.json"
    bad.write_text("{not json")
    with pytest.raises(IngestError, match="JSON"):
        role_from_job_description(bad, taxonomy=taxonomy)


def test_job_ad_role_in_analyze_and_batch(taxonomy, tmp_path) -> None:
    ad = tmp_path / "ad.txt"
    ad.write_text(AD)
    role = role_from_job_description(ad, taxonomy=taxonomy)
    fit_doc = Document.from_text("Experience\n- Python services with FastAPI on Kubernetes and "
                                 "Docker; cut p99 latency from 300 ms to 80 ms.\n")
    weak_doc = Document.from_text("Experience\n- Excel reports\n")
    a = skillgap.analyze(fit_doc, role=role, taxonomy=taxonomy, embeddings=False)
    fit = a.role(role.id)
    assert fit.score > 0.5 and fit.required_coverage > 0.6 and fit.kpis
    weak = skillgap.analyze(weak_doc, role=role, taxonomy=taxonomy, embeddings=False)
    assert weak.role(role.id).score < fit.score
    folder = tmp_path / "cands"
    folder.mkdir()
    (folder / "good.txt").write_text(fit_doc.text)
    (folder / "weak.txt").write_text(weak_doc.text)
    res = CliRunner().invoke(cli, ["batch", str(folder), "--job-description", str(ad),
                                   "--workers", "1", "--no-embeddings", "-q", "--format", "jsonl"])
    assert res.exit_code == 0, res.output
    rows = [json.loads(line) for line in res.output.splitlines()]
    assert [r["candidate_id"] for r in rows] == ["good.txt", "weak.txt"]
    assert rows[0]["score"] == fit.score


def test_the_employers_notices_and_benefits_ask_for_no_skill(taxonomy) -> None:
    ad = Document.from_text(
        "Data Engineer\n"
        "You will build pipelines in Python and SQL on AWS.\n"
        "We offer a $2,000 tuition budget on top of a LinkedIn Learning license.\n"
        "We are an equal opportunity employer and participate in E-Verify; we do not "
        "discriminate on any legally protected classification.\n")
    role = role_from_job_description(ad, taxonomy=taxonomy)
    skills = set(role.skills.required) | set(role.skills.nice_to_have)
    assert {"python", "sql", "aws"} <= skills
    assert not skills & {"onet:e-verify", "onet:linkedin", "classification"}
