"""Screening: must-haves, minimum fit, KPI requirements, with quoted reasons."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from skillgap import TaxonomyValidationError, UnknownSkillError
from skillgap.cli import cli
from skillgap.score.jobad import role_from_job_description
from skillgap.score.screen import ScreenProfile, screen

CANDIDATES = {
    # every must-have, shown in experience, but no measured result
    "musts_no_kpi.txt": "Experience\n- Built Python services in Docker, trained PyTorch models.\n",
    # measured results, but no Docker
    "kpi_no_musts.txt": "Experience\n- Cut p99 latency from 300 ms to 80 ms for Python and "
                        "PyTorch models.\n- Kept 99.95 % uptime.\n",
    # both
    "both.txt": "Experience\n- Served PyTorch models in Docker from Python; cut p99 latency from "
                "300 ms to 80 ms.\n",
    # SQL shown through a narrower skill
    "narrow.txt": "Experience\n- PostgreSQL and Python in Docker with PyTorch; 99.9 % uptime.\n",
}
PROFILE = ScreenProfile(must_have=["python", "Docker", "pytorch"], min_kpis=1)


@pytest.fixture()
def folder(tmp_path):
    for name, text in CANDIDATES.items():
        (tmp_path / name).write_text(text)
    (tmp_path / "broken.txt").write_bytes(b"")
    return tmp_path


def _by_id(results):
    return {r.candidate_id: r for r in results}


def test_must_haves_and_kpis_decide_the_shortlist(folder) -> None:
    results = screen(folder, role="ml-engineer", profile=PROFILE, workers=1, embeddings=False)
    got = _by_id(results)
    assert {c for c, r in got.items() if r.shortlisted} == {"both.txt", "narrow.txt"}
    assert results[0].shortlisted and results[1].shortlisted and not results[-1].shortlisted
    no_kpi = got["musts_no_kpi.txt"]
    assert all(c.met for c in no_kpi.must_haves) and not any(k.met for k in no_kpi.kpis)
    assert any("KPI evidence for 0" in r for r in no_kpi.reasons)
    no_musts = got["kpi_no_musts.txt"]
    assert [c.skill_id for c in no_musts.must_haves if not c.met] == ["docker"]
    assert "missing must-have Docker" in no_musts.reasons
    latency = next(k for k in no_musts.kpis if k.kpi_id == "latency")
    assert latency.quotes[0].text.startswith("Cut p99 latency from 300 ms to 80 ms")
    assert latency.quotes[0].source.endswith("kpi_no_musts.txt")
    assert any(r.startswith('KPI Inference latency: "Cut p99') and r.endswith("kpi_no_musts.txt")
               for r in no_musts.reasons)
    broken = got["broken.txt"]
    assert not broken.shortlisted and broken.errors and "no readable document" in broken.reasons[0]


def test_narrower_skill_min_fit_and_required_kpis(folder) -> None:
    prof = ScreenProfile(must_have=["sql"], kpis=["uptime"], min_fit=0.0)
    got = _by_id(screen(folder, role="ml-engineer", profile=prof, workers=1, embeddings=False))
    sql = got["narrow.txt"].must_haves[0]
    assert sql.met and sql.via == "postgresql"
    assert got["narrow.txt"].shortlisted
    assert not got["both.txt"].shortlisted  # no SQL, no uptime evidence
    assert "required KPI Uptime: no quantified achievement found" in got["both.txt"].reasons
    strict = ScreenProfile(must_have=["python"], min_fit=0.99)
    got = _by_id(screen(folder, role="ml-engineer", profile=strict, workers=1, embeddings=False))
    assert not any(r.shortlisted for r in got.values())
    assert any(r.startswith("fit ") and "below the minimum 0.99" in r
               for r in got["both.txt"].reasons)
    weak = ScreenProfile(must_have=["python"], min_strength=0.99)
    got = _by_id(screen(folder, role="ml-engineer", profile=weak, workers=1, embeddings=False))
    assert any("only weakly shown" in r for r in got["musts_no_kpi.txt"].reasons)
    assert got["both.txt"].must_haves[0].met  # a number in the sentence: strength 1.0


def test_profile_file_and_its_errors(folder, tmp_path_factory) -> None:
    d = tmp_path_factory.mktemp("profiles")
    good = d / "screen.yaml"
    good.write_text("role: ml-engineer\nmust_have: [python, docker, pytorch]\nmin_kpis: 1\n")
    loaded = ScreenProfile.load(good)
    assert (loaded.role, loaded.must_have, loaded.min_kpis) == (
        "ml-engineer", ["python", "docker", "pytorch"], 1)
    bad = d / "bad.yaml"
    bad.write_text("must_have: [python]\nmin_fit: 3\nmust_hav: [x]\n")
    with pytest.raises(TaxonomyValidationError) as exc:
        ScreenProfile.load(bad)
    assert any("min_fit" in p for p in exc.value.problems)
    assert any("must_hav" in p for p in exc.value.problems)
    with pytest.raises(UnknownSkillError, match="pytorh"):
        screen(folder, role="ml-engineer", profile=ScreenProfile(must_have=["pytorh"]), workers=1,
               embeddings=False)
    with pytest.raises(TaxonomyValidationError, match="unknown KPI"):
        screen(folder, role="ml-engineer", profile=ScreenProfile(kpis=["happiness"]), workers=1,
               embeddings=False)


def test_default_profile_comes_from_the_role(taxonomy) -> None:
    role = taxonomy.role("ml-engineer")
    prof = ScreenProfile.for_role(role)
    assert set(prof.must_have) == {s for s, w in role.skills.required.items() if w >= 0.8}
    assert prof.min_kpis == 1


def test_screen_cli_with_profile_and_job_ad(folder, tmp_path_factory) -> None:
    d = tmp_path_factory.mktemp("cli")
    prof = d / "screen.yaml"
    prof.write_text("role: ml-engineer\nmust_have: [python, docker, pytorch]\nmin_kpis: 1\n")
    res = CliRunner().invoke(cli, ["screen", str(folder), "--profile", str(prof), "--workers", "1",
                                   "--no-embeddings", "-q"])
    assert res.exit_code == 0, res.output
    assert res.output.startswith("Shortlist: 2 of 5 candidates")
    assert "both.txt" in res.output and "kpi_no_musts.txt" not in res.output
    res = CliRunner().invoke(cli, ["screen", str(folder), "--profile", str(prof), "--workers", "1",
                                   "--no-embeddings", "-q", "--all", "--format", "json"])
    data = json.loads(res.output)
    assert {r["candidate_id"] for r in data[:2]} == {"both.txt", "narrow.txt"}
    assert data[0]["score"] >= data[1]["score"] and data[0]["shortlisted"]
    assert len(data) == 5
    ad = d / "ad.txt"
    ad.write_text("ML Engineer\nRequirements\n- Python, Docker\n- Proven p99 latency results\n"
                  "Nice to have\n- PyTorch\n")
    role = role_from_job_description(ad)
    assert "latency" in role.kpis
    res = CliRunner().invoke(cli, ["screen", str(folder), "--job-description", str(ad),
                                   "--workers", "1", "--no-embeddings", "-q", "--format", "csv"])
    assert res.exit_code == 0, res.output
    lines = res.output.splitlines()
    assert lines[0].startswith("candidate_id,shortlisted")
    shortlisted = {line.split(",")[0] for line in lines[1:]}
    assert "both.txt" in shortlisted and "musts_no_kpi.txt" not in shortlisted
