from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from skillgap import (
    TaxonomyValidationError,
    UnknownRoleError,
    UnknownSkillError,
    load_taxonomy,
)

GUIDE_TOOLS = [
    "NumPy", "Pandas", "scikit-learn", "Matplotlib", "Seaborn", "PyTorch", "TensorFlow", "XGBoost",
    "LightGBM", "SVM", "k-means", "CNN", "RNN", "LSTM", "GRU", "transformers", "VAE", "GAN",
    "diffusion models", "Flask", "FastAPI", "TorchServe", "TensorFlow Serving", "Docker", "CI/CD",
    "Prometheus", "feature store", "DVC", "Delta Lake", "Jupyter", "Conda", "virtualenv", "CUDA",
    "SageMaker", "EC2", "S3", "BigQuery", "Azure ML", "MLflow", "Weights & Biases", "Parquet",
    "Horovod", "Git", "SVD", "PCA", "A/B testing", "cross-validation", "SQL", "Spark", "Kubernetes",
    "Airflow", "Hugging Face", "Java", "Scala", "C++", "R", "Go", "Linux", "REST",
]
ROLES = ["ml-intern", "junior-ml-engineer", "ml-engineer", "data-scientist", "senior-ml-engineer",
         "mlops-engineer", "research-scientist", "nlp-engineer", "computer-vision-engineer",
         "data-engineer", "ai-governance-specialist"]
CATEGORIES = ["mathematics-statistics", "programming-software-engineering",
              "data-handling-feature-engineering", "ml-algorithms", "deep-learning",
              "mlops-productionisation", "tools-platforms-cloud", "responsible-ai"]


def test_builtin_taxonomy_is_large_and_complete(taxonomy) -> None:
    assert len(taxonomy.skills) > 150
    assert {c.id for c in taxonomy.categories} == set(CATEGORIES)
    assert set(ROLES) <= {r.id for r in taxonomy.roles}
    for name in GUIDE_TOOLS:
        taxonomy.lookup(name)  # raises UnknownSkillError if the guide's tool is missing


def test_every_role_skill_has_a_practice_task(taxonomy) -> None:
    for role in taxonomy.roles:
        for skill_id in [*role.skills.required, *role.skills.nice_to_have]:
            assert taxonomy.get(skill_id).practice is not None, (role.id, skill_id)


def test_guide_practice_tasks_keep_their_provenance(taxonomy) -> None:
    cnn = taxonomy.lookup("CNN")
    assert cnn.practice and "CIFAR-10" in cnn.practice.task and cnn.practice.source.startswith("guide 3.5")


def test_roles_have_kpis_from_the_catalogue(taxonomy) -> None:
    ml = taxonomy.role("ml-engineer")
    assert {"latency", "throughput", "uptime"} <= set(ml.kpis)
    for role in taxonomy.roles:
        assert role.kpis and all(taxonomy.kpi(k) for k in role.kpis)


def test_lookup_by_id_label_alias_case_insensitive(taxonomy) -> None:
    assert taxonomy.lookup("sklearn").id == "scikit-learn"
    assert taxonomy.lookup("SCIKIT-LEARN").id == "scikit-learn"
    assert taxonomy.lookup("k8s").id == "kubernetes"
    assert taxonomy.get("pytorch").label == "PyTorch"
    assert taxonomy.get("pytorh") is None


def test_lookup_accepts_a_bracketed_abbreviation(taxonomy) -> None:
    assert taxonomy.lookup("Natural Language Processing (NLP)").id == "nlp"
    assert taxonomy.lookup("Kubernetes (k8s)").id == "kubernetes"
    assert taxonomy.lookup("Something odd (k8s)").id == "kubernetes"
    with pytest.raises(UnknownSkillError):  # ("Team leadership" is a skill since December 2026)
        taxonomy.lookup("Quantum origami (soft)")


def test_lookup_unknown_raises_with_suggestions(taxonomy) -> None:
    with pytest.raises(UnknownSkillError) as err:
        taxonomy.lookup("pytorh")
    assert isinstance(err.value, LookupError)
    assert "PyTorch" in str(err.value)


def test_broader_chain(taxonomy) -> None:
    assert "sql" in taxonomy.ancestors("postgresql")
    anc = taxonomy.ancestors("xgboost")
    assert "gradient-boosted-trees" in anc and anc["gradient-boosted-trees"] == 1
    assert "postgresql" not in taxonomy.ancestors("sql")


def test_unknown_role_lists_valid_ids(taxonomy) -> None:
    with pytest.raises(UnknownRoleError) as err:
        taxonomy.role("ml-wizard")
    assert "ml-engineer" in str(err.value) and "ml-wizard" in str(err.value)


def _write(tmp_path: Path, data: dict) -> Path:
    path = tmp_path / "tax.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return path


BASE = {
    "name": "t",
    "categories": [{"id": "prog", "label": "Programming"}],
    "skills": [{"id": "python", "label": "Python", "category": "prog"},
               {"id": "pytorch", "label": "PyTorch", "category": "prog", "broader": ["python"]}],
    "roles": [{"id": "dev", "label": "Dev", "skills": {"required": {"python": 1.0}}}],
}


def test_role_naming_unknown_skill_is_reported_with_role_and_skill(tmp_path: Path) -> None:
    data = {**BASE, "roles": [{"id": "ml-engineer", "label": "ML", "skills": {"required": {"pytorh": 1.0}}}]}
    with pytest.raises(TaxonomyValidationError) as err:
        load_taxonomy(_write(tmp_path, data))
    assert "[roles -> ml-engineer -> skills -> required] unknown skill 'pytorh'" in err.value.problems


@pytest.mark.parametrize(("patch", "expected"), [
    ({"skills": [{"id": "python", "label": "Python", "category": "prog", "colour": "blue"}]},
     "[skills -> 0 -> colour] unknown field"),
    ({"skills": [{"id": "Python_3", "label": "Python", "category": "prog"}]}, "kebab-case"),
    ({"skills": [{"id": "python", "label": "Python", "category": "nope"}]}, "unknown category 'nope'"),
    ({"skills": [{"id": "a", "label": "A", "category": "prog", "broader": ["b"]},
                 {"id": "b", "label": "B", "category": "prog", "broader": ["a"]}], "roles": []},
     "cycle"),
    ({"skills": [{"id": "a", "label": "Torch", "category": "prog"},
                 {"id": "b", "label": "B", "category": "prog", "aliases": ["torch"]}], "roles": []},
     "'torch' is also a name of"),
    ({"roles": [{"id": "dev", "label": "Dev", "skills": {"required": {"python": 1.5}}}]}, "(0, 1]"),
])
def test_validation_problems_are_flattened(tmp_path: Path, patch: dict, expected: str) -> None:
    with pytest.raises(TaxonomyValidationError) as err:
        load_taxonomy(_write(tmp_path, {**BASE, **patch}))
    assert any(expected in p for p in err.value.problems), err.value.problems
    assert str(tmp_path) in str(err.value)


def test_broken_yaml_is_a_validation_error(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("skills: [unclosed", encoding="utf-8")
    with pytest.raises(TaxonomyValidationError, match="not valid YAML"):
        load_taxonomy(path)


def test_user_taxonomy_folder_and_json(tmp_path: Path) -> None:
    folder = tmp_path / "tax"
    (folder / "skills").mkdir(parents=True)
    (folder / "roles").mkdir()
    (folder / "taxonomy.yaml").write_text("name: mine\nversion: '2'\n")
    (folder / "skills" / "a.yaml").write_text(yaml.safe_dump(BASE["skills"]))
    (folder / "roles" / "dev.yaml").write_text(yaml.safe_dump(BASE["roles"][0]))
    tax = load_taxonomy(folder)
    assert tax.name == "mine" and tax.get("pytorch") and tax.role("dev")
    import json

    js = tmp_path / "t.json"
    js.write_text(json.dumps(BASE))
    assert load_taxonomy(js).content_hash == load_taxonomy(_write(tmp_path, BASE)).content_hash


def test_content_hash_changes_with_content(tmp_path: Path) -> None:
    a = load_taxonomy(_write(tmp_path, BASE)).content_hash
    changed = {**BASE, "skills": [*BASE["skills"], {"id": "sql", "label": "SQL", "category": "prog"}]}
    assert load_taxonomy(_write(tmp_path, changed)).content_hash != a


def test_builtin_is_cached(taxonomy) -> None:
    assert load_taxonomy() is taxonomy


def test_taxonomy_pickles_without_its_derived_values(taxonomy) -> None:
    import pickle

    from skillgap import Document, find_mentions

    find_mentions(Document.from_text("Skills: Python"), taxonomy)  # builds the matcher
    assert taxonomy._derived
    copy = pickle.loads(pickle.dumps(taxonomy))
    assert copy._derived == {} and copy.content_hash == taxonomy.content_hash
    assert [m.skill_id for m in find_mentions(Document.from_text("Skills: Python"), copy).mentions] == ["python"]
