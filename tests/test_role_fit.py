"""Issue 13: level in the Analysis and reports, calibrated role fit, level-aware ranking,
evidence recency, job-ad structure. The people here are invented."""

from __future__ import annotations

import json
from datetime import date

import pytest

import skillgap
from skillgap import Document, analyze
from skillgap.score import band, calibrate
from skillgap.score.jobad import role_from_job_description, title_level

REF = date(2024, 12, 1)

DATA_SCIENTIST = """Dana Example
Summary
Data scientist with seven years of experience in experimentation, statistics and forecasting.

Experience
Senior Data Scientist, Shopline  Jan 2019 - Present
- Designed and analysed A/B tests and experiments with hypothesis testing for 40 product teams
- Built time-series forecasting models (Prophet, ARIMA) in Python and R; cut stock-outs by 18%
- Trained gradient-boosted trees (XGBoost, LightGBM) and logistic regression with scikit-learn
- Feature engineering, cross-validation and model evaluation metrics; SQL on Snowflake
- Data visualisation with Tableau and matplotlib; presented findings to stakeholders
Data Analyst, Retailer  Jun 2017 - Dec 2018
- Statistics, regression and clustering with pandas, NumPy and SciPy; causal inference studies

Education
MSc Statistics, Some University  2015 - 2017

Skills
Python, R, SQL, pandas, scikit-learn, XGBoost, statistics, Bayesian methods, Tableau, Jupyter
"""

CHEF = """Sam Cook
Experience
Head Chef, The Harbour Kitchen  2015 - Present
- Led a kitchen team of 12 and planned seasonal menus
- Managed food costs, suppliers and hygiene inspections
Sous Chef, Bistro Uno  2010 - 2015
- Ran the pass on busy nights; trained new cooks
Education
Culinary Arts Diploma, City College  2008 - 2010
"""

NEW_GRAD = """Alex Grad
Education
BSc Computer Science, State University  Sep 2020 - Jun 2024
- Coursework: machine learning, deep learning, data structures, statistics
Experience
Machine Learning Intern, Startup  Jun 2023 - Aug 2023
- Trained PyTorch CNN image classifiers; tuned hyperparameters; Python, NumPy, pandas
Projects
Kaggle competition  2023
- Gradient boosting with XGBoost and scikit-learn; feature engineering; cross-validation
Skills
Python, PyTorch, scikit-learn, SQL, Git, Docker
"""

HEAD_OF_ML = """Morgan Lead
Experience
Head of Machine Learning, BigCo  Jan 2016 - Present
- Led a team of 25 ML engineers and data scientists; set the ML platform strategy
- Owned model serving, model monitoring, drift detection and retraining on Kubernetes
- Technical leadership of ML system design; MLOps with MLflow, Airflow and Kubeflow
Senior Machine Learning Engineer, MidCo  Jan 2012 - Dec 2015
- Deployed PyTorch and TensorFlow models with Docker and REST APIs (FastAPI); CI/CD
- Distributed training on GPUs; feature stores; A/B testing of models
Machine Learning Engineer, SmallCo  Jan 2008 - Dec 2011
- Built recommender systems with Python, Spark and SQL on AWS
Education
MSc Computer Science, Tech University  2006 - 2008
"""


@pytest.fixture(scope="module")
def ds() -> skillgap.Analysis:
    return analyze(Document.from_text(DATA_SCIENTIST), embeddings=False, reference=REF)


def test_level_and_years_are_in_the_analysis(ds: skillgap.Analysis) -> None:
    assert ds.experience is not None and ds.experience.has_dates
    assert ds.experience.level in ("senior", "staff+")
    assert ds.experience.professional_years == pytest.approx(7.5, abs=0.2)
    assert any(ev.kind == "years" and ev.text for ev in ds.experience.level_evidence)
    hit = ds.skill("statistics")
    assert hit is not None and hit.experience is not None and hit.experience.years > 0


def test_level_years_and_reason_in_every_report(ds: skillgap.Analysis) -> None:
    data = json.loads(ds.to_json())
    assert data["experience"]["level"] == ds.experience.level
    assert any(s["experience"] and s["experience"]["years"] > 0 for s in data["skills"])
    assert skillgap.Analysis.model_validate_json(ds.to_json()) == ds
    md = ds.to_markdown()
    assert f"Level: **{ds.experience.level}**" in md and "## Experience and level" in md
    assert ds.roles[0].reason and f"Why: {ds.roles[0].reason}" in md
    assert "y, last 2024-12 (job)" in md  # years per skill
    page = ds.to_html()
    assert 'id="experience"' in page and f"<strong>{ds.experience.level}</strong>" in page
    assert "last used 2024-12" in page


def test_practitioner_lands_in_the_strong_band(ds: skillgap.Analysis) -> None:
    fit = ds.role("data-scientist")
    assert fit.score >= 0.70 and fit.band == "strong"
    assert ds.roles[0].role_id == "data-scientist"
    assert 0 <= fit.required_coverage <= 1 and fit.coverage is not None and fit.coverage < fit.score
    assert fit.distinctive and "distinctive skills" in fit.reason


def test_non_technical_person_stays_weak() -> None:
    a = analyze(Document.from_text(CHEF), embeddings=False)
    assert a.experience is not None and a.experience.level is not None
    assert max(f.score for f in a.roles) <= 0.25
    assert all(f.band == "weak" for f in a.roles)


def test_new_grad_is_not_ranked_first_as_staff() -> None:
    a = analyze(Document.from_text(NEW_GRAD), embeddings=False, reference=REF)
    assert a.experience is not None and a.experience.level in ("intern", "junior")
    assert a.roles[0].role_id != "staff-ml-engineer"
    assert a.role("staff-ml-engineer").score < a.role("junior-ml-engineer").score
    assert a.role("staff-ml-engineer").level_match is not None and a.role("staff-ml-engineer").level_match <= 0.25


def test_head_of_ml_is_not_ranked_first_as_intern() -> None:
    a = analyze(Document.from_text(HEAD_OF_ML), embeddings=False, reference=REF)
    assert a.experience is not None and a.experience.level == "staff+"
    assert a.roles[0].role_id != "ml-intern"
    assert a.role("ml-intern").score == 0.0  # four steps apart on the ladder
    assert a.role("staff-ml-engineer").score > a.role("ml-engineer").score


def test_recent_long_use_outweighs_an_old_course_project() -> None:
    current = analyze(Document.from_text(
        "Experience\nData Engineer, Acme  Jan 2020 - Present\n- Built Apache Spark pipelines\n"
        "Education\nBSc Computing, Uni  2008 - 2012\n"), embeddings=False, reference=REF).skill("spark")
    old = analyze(Document.from_text(
        "Experience\nData Engineer, Acme  Jan 2020 - Present\n- Built dashboards\n"
        "Projects\nCourse project  Feb 2012 - May 2012\n- Word counts with Apache Spark\n"
        "Education\nBSc Computing, Uni  2008 - 2012\n"), embeddings=False, reference=REF).skill("spark")
    assert current is not None and old is not None
    assert current.experience.kinds == ["job"] and current.experience.years >= 4.9
    assert old.experience.kinds == ["project"] and old.experience.last_used == date(2012, 5, 1)
    assert current.strength > old.strength + 0.2


def test_a_resume_without_dates_gets_no_level_and_no_level_factor() -> None:
    a = analyze(Document.from_text("Skills\nPython, PyTorch, model serving, Docker"), embeddings=False)
    assert a.experience is not None and a.experience.level is None and not a.experience.has_dates
    assert all(f.level_match is None for f in a.roles)
    assert all("level is not used" in f.reason or "level-free" in f.reason for f in a.roles)


def test_calibration_and_bands() -> None:
    assert calibrate(0.0) == 0.0 and calibrate(1.0) == pytest.approx(1.0)
    assert calibrate(0.33) == pytest.approx(0.70, abs=0.02)
    assert calibrate(0.2) < calibrate(0.3) < calibrate(0.4)
    assert [band(x) for x in (0.7, 0.69, 0.45, 0.44)] == ["strong", "partial", "partial", "weak"]


AD = """Senior Machine Learning Engineer
Requirements
- 5+ years of Python
- Experience with PyTorch
Nice to have
- Kubernetes
"""


def test_job_ad_structure_weights() -> None:
    role = role_from_job_description(Document.from_text(AD, kind="job-description"))
    assert role.level == "senior"
    assert role.skills.required["python"] == 1.0  # years asked: a hard requirement
    assert role.skills.required["pytorch"] == 0.8
    weights = role.weights()
    assert weights["kubernetes"][1] is False and weights["kubernetes"][0] < weights["pytorch"][0]


def test_years_asked_raise_a_skill_anywhere_in_the_ad() -> None:
    text = "Data Scientist\nRequirements\n- SQL\nNice to have\n- 3 years of experience with Tableau\n"
    role = role_from_job_description(Document.from_text(text, kind="job-description"))
    assert role.skills.required["tableau"] == 1.0
    assert title_level("Staff Data Scientist") == "staff" and title_level("ML Intern") == "intern"
    assert title_level("Data Scientist") == ""


def test_nice_to_have_counts_less_in_the_score() -> None:
    role = role_from_job_description(Document.from_text(AD, kind="job-description"))
    req = analyze(Document.from_text("Experience\n- Trained PyTorch models"), role=role, embeddings=False)
    nice = analyze(Document.from_text("Experience\n- Ran Kubernetes clusters"), role=role, embeddings=False)
    assert req.roles[0].score > nice.roles[0].score


def test_an_ad_without_skills_keeps_its_clear_error() -> None:
    with pytest.raises(skillgap.IngestError, match="names no skill"):
        role_from_job_description(Document.from_text("Chef\nWe cook.", kind="job-description"))
