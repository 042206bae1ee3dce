"""The false-positive benchmark's review table: reviewed real mentions are told apart from false
positives, and every reviewed id still names a skill (a renamed id would silently turn a reviewed
hit back into a false positive)."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def fp():
    spec = importlib.util.spec_from_file_location("skillgap_fp_bench", ROOT / "benchmarks" / "false_positives.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_reviewed_table_names_known_skills(fp, taxonomy):
    reviewed = fp.read_reviewed()
    assert reviewed, "the shipped review table is empty"
    for corpus, digest, skill_id in reviewed:
        assert corpus in {"sayfullina-cv-test", "green-no-skill-spans"}
        assert re.fullmatch(r"[0-9a-f]{12}", digest)
        assert taxonomy.get(skill_id) is not None, skill_id


def test_only_reviewed_hits_are_excused(fp, taxonomy, capsys):
    sentences = [
        "Experienced PHP developer with a calm manner.",
        "Friendly and punctual; keeps the rota in Microsoft Excel and Microsoft Word.",
        "Kind and patient with every customer.",
    ]
    reviewed = {("sayfullina-cv-test", fp.sentence_digest(sentences[0]), "onet:php")}
    fp.count("sayfullina-cv-test", sentences, taxonomy, embeddings=False, min_score=None, show=5,
             reviewed=reviewed)
    out = capsys.readouterr().out
    # three hits in three sentences; the PHP one is reviewed real, Excel and Word are not
    assert "skills/100 sentences=100.0" in out
    assert "FP/100=66.7 (reviewed real: 1)" in out
    assert "-> onet:php  (reviewed: real)" in out
    assert re.search(r"-> excel$", out, re.MULTILINE)
