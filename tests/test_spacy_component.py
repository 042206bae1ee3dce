"""The ``skillgap`` spaCy component, built on ``spacy.blank("en")`` (no model download)."""

from __future__ import annotations

import subprocess
import sys
from importlib.metadata import entry_points
from pathlib import Path

import pytest
import spacy

from skillgap import TaxonomyValidationError
from tests.conftest import FIXTURES

CUSTOM = """\
name: custom
categories: [{id: lang, label: Languages}]
skills:
  - {id: cobol, label: COBOL, category: lang, aliases: [cobol-85]}
  - {id: fortran, label: Fortran, category: lang, aliases: [fortran 90]}
"""


def _spans(nlp: spacy.language.Language, text: str, key: str = "skills") -> list[tuple[str, str]]:
    doc = nlp(text)
    return [(s.text, s.label_) for s in doc.spans[key]]


def test_registered_through_the_entry_point() -> None:
    found = {ep.name: ep.value for ep in entry_points(group="spacy_factories")}
    assert found.get("skillgap") == "skillgap.extract.spacy_component:make_skillgap_component"


def test_builtin_taxonomy_spans_are_labelled_with_skill_ids(taxonomy) -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("skillgap")
    doc = nlp("Deployed PyTorch models with Docker and Kubernetes (k8s).")
    spans = doc.spans["skills"]
    assert {s.label_ for s in spans} >= {"pytorch", "docker", "kubernetes"}
    for span in spans:
        assert taxonomy.get(span.label_) is not None
        assert doc.text[span.start_char:span.end_char] == span.text
    assert len(spans.attrs["scores"]) == len(spans) == len(spans.attrs["methods"])
    assert all(0.0 < s <= 1.0 for s in spans.attrs["scores"])


def test_custom_taxonomy_and_spans_key_from_config(tmp_path: Path) -> None:
    path = tmp_path / "custom.yaml"
    path.write_text(CUSTOM, encoding="utf-8")
    nlp = spacy.blank("en")
    nlp.add_pipe("skillgap", config={"taxonomy": str(path), "spans_key": "tech"})
    doc = nlp("Maintained COBOL-85 batch jobs and Fortran 90 solvers; some Python.")
    assert [(s.text, s.label_) for s in doc.spans["tech"]] == [("COBOL-85", "cobol"),
                                                               ("Fortran 90", "fortran")]
    assert "skills" not in doc.spans


def test_config_round_trips_through_disk(tmp_path: Path) -> None:
    taxonomy = str(FIXTURES / "mini_taxonomy.yaml")
    nlp = spacy.blank("en")
    nlp.add_pipe("skillgap", config={"taxonomy": taxonomy})
    assert nlp.config["components"]["skillgap"] == {"factory": "skillgap", "taxonomy": taxonomy,
                                                    "spans_key": "skills"}
    nlp.to_disk(tmp_path / "pipeline")
    loaded = spacy.load(tmp_path / "pipeline")
    text = "Skills\nPython, PostgreSQL, k8s"
    assert loaded.pipe_names == ["skillgap"]
    assert _spans(loaded, text) == _spans(nlp, text) == [
        ("Python", "python"), ("PostgreSQL", "postgresql"), ("k8s", "kubernetes")]


def test_ambiguity_and_negation_rules_apply(mini_taxonomy) -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("skillgap", config={"taxonomy": str(FIXTURES / "mini_taxonomy.yaml")})
    # "Go" is matched in its own case, then set aside by the context rules
    assert _spans(nlp, "Go to the office on Mondays, said the boss.") == []
    assert ("Go", "go") in _spans(nlp, "Wrote Go microservices with goroutines.")
    assert _spans(nlp, "I have no experience with Kubernetes.") == []
    assert _spans(nlp, "Ran services on Kubernetes.") == [("Kubernetes", "kubernetes")]


def test_works_after_other_components_and_with_pipe(tmp_path: Path) -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("skillgap", config={"taxonomy": str(FIXTURES / "mini_taxonomy.yaml")})
    docs = list(nlp.pipe(["Python and SQL.", "Nothing here."]))
    assert [[s.label_ for s in d.spans["skills"]] for d in docs] == [["python", "sql"], []]


def test_bad_taxonomy_path_is_a_skillgap_error(tmp_path: Path) -> None:
    nlp = spacy.blank("en")
    with pytest.raises(TaxonomyValidationError, match="no such file"):
        nlp.add_pipe("skillgap", config={"taxonomy": str(tmp_path / "missing.yaml")})


def test_spacy_start_up_stays_cheap() -> None:
    """spaCy imports every factory entry point in spacy.blank(): ours must not load anything."""
    code = ("import sys, spacy; spacy.blank('en'); "
            "import skillgap.taxonomy._load as t; "
            "print('skillgap.extract.spacy_component' in sys.modules, t._builtin.cache_info().currsize, "
            "'sentence_transformers' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, timeout=120)
    assert out.stdout.split() == ["True", "0", "False"]
