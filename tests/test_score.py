from __future__ import annotations

import pytest

from skillgap import Document, analyze
from skillgap.score import PARTIAL_CREDIT


def _fit(text: str, role: str, tax, **kw):
    return analyze(Document.from_text(text), role=role, taxonomy=tax, embeddings=False, **kw).role(role)


def test_partial_credit_flows_from_narrower_to_broader_only(mini_taxonomy) -> None:
    pg = _fit("Experience\n- Tuned PostgreSQL queries", "backend", mini_taxonomy)
    sql = {m.skill_id: m for m in pg.matched}["sql"]
    assert sql.via == "postgresql"
    assert sql.credit == pytest.approx(0.9 * PARTIAL_CREDIT)
    only_sql = analyze(Document.from_text("Experience\n- Wrote SQL reports"), taxonomy=mini_taxonomy,
                       embeddings=False)
    assert only_sql.skill("postgresql") is None
    # SQL gives no credit to PostgreSQL: the role does not ask for it, and no hit is invented
    assert all(m.skill_id != "postgresql" for m in only_sql.role("backend").matched)


def test_experience_with_number_beats_skills_list(taxonomy) -> None:
    listed = analyze(Document.from_text("Skills\nDocker"), embeddings=False).skill("docker")
    used = analyze(Document.from_text("Experience\n- Shipped 14 services in Docker images"),
                   embeddings=False).skill("docker")
    assert used.strength > listed.strength
    # Docker alone is no ML evidence (the ML gate holds ml-engineer at 0): both show the same
    # ML skills, and only how Docker is shown differs
    ml = "Skills\nPyTorch, scikit-learn, model deployment, model monitoring\n"
    fit_listed = _fit(ml + "Docker", "ml-engineer", taxonomy)
    fit_used = _fit(ml + "Experience\n- Shipped 14 services in Docker images", "ml-engineer", taxonomy)
    assert fit_used.coverage > fit_listed.coverage
    assert fit_used.score > fit_listed.score


def test_score_is_explained_by_matched_contributions(taxonomy) -> None:
    text = ("Experience\n- Served PyTorch models with FastAPI and Docker on Kubernetes; "
            "p99 latency 80 ms.\nSkills\nPython, SQL, Git, MLflow, Prometheus")
    fit = _fit(text, "ml-engineer", taxonomy)
    assert 0 < fit.score <= 1
    assert sum(m.contribution for m in fit.matched) == pytest.approx(fit.score, abs=1e-4)
    for m in fit.matched:
        assert m.via  # every point names the skill that earned it


def test_missing_skills_ranked_by_gain_with_practice(taxonomy) -> None:
    fit = _fit("Skills\nPython", "ml-engineer", taxonomy)
    gains = [m.gain for m in fit.missing]
    assert gains == sorted(gains, reverse=True)
    assert all(m.skill_id != "python" for m in fit.missing)
    required = [m for m in fit.missing if m.required]
    assert required and all(m.practice for m in required)
    # adding the top missing skill raises the score by about its gain
    top = fit.missing[0]
    label = taxonomy.get(top.skill_id).label
    better = _fit(f"Skills\nPython, {label}", "ml-engineer", taxonomy)
    assert better.score > fit.score


def test_missing_skills_say_the_share_of_the_role_they_add(taxonomy) -> None:
    """Near a full score the calibrated gains shrink together; the share does not."""
    from skillgap import load_document

    from .conftest import EXAMPLES

    doc = load_document(EXAMPLES / "resumes" / "ml_engineer.md")
    fit = analyze(doc, role="ml-engineer", taxonomy=taxonomy, embeddings=False).role("ml-engineer")
    assert fit.score > 0.95 and fit.missing
    assert all(0.0 < m.share <= 1.0 for m in fit.missing)
    keys = [(-m.gain, -m.share, not m.required, m.skill_id) for m in fit.missing]
    assert keys == sorted(keys)
    # saturated: a skill's share of the role is several times the points it adds to the score
    assert max(m.share for m in fit.missing) > 5 * max(m.gain for m in fit.missing)
    # where the curve is steep (a short resume) the two are of one size
    low = _fit("Skills\nPython", "ml-engineer", taxonomy)
    assert max(m.gain for m in low.missing) > 0.5 * max(m.share for m in low.missing)


def test_category_breakdown_covers_role_weights(taxonomy) -> None:
    fit = _fit("Skills\nPython, PyTorch", "ml-engineer", taxonomy)
    assert sum(c.weight for c in fit.categories) == pytest.approx(1.0, abs=1e-4)
    assert all(0 <= c.score <= 1 for c in fit.categories)


ML = ("Summary\nML engineer, 5 years.\nExperience\n- Trained XGBoost and PyTorch models; "
      "served them with FastAPI in Docker on Kubernetes, p99 latency 80 ms, 99.9% uptime.\n"
      "- Built feature pipelines in Pandas and scikit-learn; tracked runs in MLflow.\n"
      "Skills\nPython, SQL, NumPy, Git, AWS, CI/CD, Prometheus, transformers, CNNs")
CHEF = ("Summary\nPastry chef with ten years in fine dining. I go to the market daily.\n"
        "Experience\n- Designed a dessert menu of 14 plates; sales rose 20%.\n"
        "Skills\nChocolate work, sugar work, team leadership, menu costing")


def test_ml_resume_beats_pastry_chef_for_every_ml_role(taxonomy) -> None:
    ml = analyze(Document.from_text(ML), embeddings=False)
    chef = analyze(Document.from_text(CHEF), embeddings=False)
    chef_scores = {r.role_id: r.score for r in chef.roles}
    assert len(ml.roles) == len(taxonomy.roles)
    for fit in ml.roles:
        assert fit.score > chef_scores[fit.role_id], fit.role_id
    assert max(chef_scores.values()) < 0.1


def test_kpi_evidence_quotes_quantified_achievements(taxonomy) -> None:
    fit = _fit(ML, "ml-engineer", taxonomy)
    kpis = {k.kpi_id: k for k in fit.kpis}
    assert "latency" in kpis and "80 ms" in kpis["latency"].text
    assert ML[kpis["latency"].start:kpis["latency"].end] == kpis["latency"].text


def test_roles_sorted_by_score_then_id(taxonomy) -> None:
    a = analyze(Document.from_text(ML), embeddings=False)
    keys = [(-r.score, r.role_id) for r in a.roles]
    assert keys == sorted(keys)


def test_a_role_outside_the_taxonomy_is_scored_on_its_own_skills(taxonomy) -> None:
    """Role plans are kept per taxonomy role; a changed copy with the same id gets its own."""
    from skillgap.score import fit_role
    from skillgap.taxonomy import RoleSkills

    role = taxonomy.role("ml-engineer")
    other = role.model_copy(update={"skills": RoleSkills(required={"python": 1.0, "docker": 1.0})})
    hits = analyze(Document.from_text("Skills\nPython"), role="ml-engineer", taxonomy=taxonomy,
                   embeddings=False).skills
    builtin = fit_role(role, hits, taxonomy)
    mine = fit_role(other, hits, taxonomy)
    assert [m.skill_id for m in mine.missing] == ["docker"]
    assert [m.skill_id for m in mine.matched] == ["python"]
    assert len(builtin.missing) > 1
    assert fit_role(role, hits, taxonomy) == builtin  # the kept plan gives the same fit again


def test_fits_of_different_candidates_do_not_share_credit(taxonomy) -> None:
    a = _fit("Experience\n- Trained PyTorch models, served with FastAPI on Kubernetes", "ml-engineer",
             taxonomy)
    b = _fit("Skills\nExcel", "ml-engineer", taxonomy)
    a_missing = {m.skill_id for m in a.missing}
    assert "pytorch" not in a_missing and "pytorch" in {m.skill_id for m in b.missing}
    assert b.score < a.score
    for fit in (a, b):
        assert sum(m.contribution for m in fit.matched) == pytest.approx(fit.score, abs=1e-4)
