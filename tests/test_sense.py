"""Ambiguous names decided by the meaning of their context (skillgap.link._sense)."""

from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import pytest

from skillgap import Document, find_mentions
from skillgap.link import decide_senses, link_semantic
from skillgap.link._sense import FEATURES, load_sense_model, window

from .conftest import EVAL, ROOT


def _decided(taxonomy, text: str) -> tuple[dict[str, str], dict[str, str]]:
    """({written: skill id} counted, {written: reason} set aside) after the sense model."""
    doc = Document.from_text(text)
    ((_, ex),) = decide_senses([(doc, find_mentions(doc, taxonomy))], device="cpu")
    return {m.text: m.skill_id for m in ex.mentions}, {i.text: i.reason for i in ex.ignored}


def test_find_mentions_records_every_ambiguous_name_with_the_rules_decision(taxonomy):
    ex = find_mentions(Document.from_text("Technique: C#, Excel.\nI never used Spring."), taxonomy)
    by_text = {a.mention.text: a for a in ex.ambiguous}
    assert by_text["Excel"].rule_ok is False and by_text["Excel"].own
    assert "Excel" not in {m.text for m in ex.mentions}
    assert "Spring" not in by_text  # negated: the rules' cue stands whatever the meaning
    assert {i.text: i.reason for i in ex.ignored}["Excel"] == "ambiguous"


def test_each_ambiguous_name_records_the_list_it_stands_in(taxonomy):
    ex = find_mentions(Document.from_text("Tools: Windows, Visual Studio, Office\n"
                                          "I wrote the report in the office."), taxonomy)
    runs = {(a.mention.text, a.list_run) for a in ex.ambiguous}
    assert ("Office", 3) in runs and ("Windows", 3) in runs, runs
    assert all(run == 1 for text, run in runs if text == "office"), runs


def test_a_tool_in_a_terse_list_counts_and_the_ordinary_word_does_not(taxonomy):
    counted, ignored = _decided(taxonomy, "Technique: C#, Excel.")
    assert counted == {"C#": "onet:c-sharp", "Excel": "excel"}
    assert "Excel" not in ignored  # no longer noted as set aside
    counted, _ = _decided(taxonomy, "Summary\nIn the spring of 2019 I joined Oracle as an intern.")
    assert counted == {}
    counted, _ = _decided(taxonomy, "Led the Project team of five people at the Access bank branch.")
    assert counted == {}


@pytest.mark.parametrize(("text", "written"), [
    ("Built dashboards in R with ggplot2.", "R"),
    ("Statistical analysis in R and Python.", "R"),
    ("Wrote backend microservices in Go with goroutines.", "Go"),
    ("Processed 2 TB of logs with Spark on Databricks.", "Spark"),
    ("TECHNICAL SKILLS\nPython | R | SQL | Tableau | Excel", "R"),  # a list of names
    ("Implemented a parser in Rust.", "Rust"),  # the means of work
])
def test_a_guide_name_taken_on_its_context_words_or_in_a_list_stands(taxonomy, text, written):
    # the model learned from general resumes, which hold the guide's ambiguous names almost
    # never as the skill (R: once in 32): its curated context words ("ggplot2") decide
    counted, _ = _decided(taxonomy, text)
    assert written in counted, counted
    names = find_mentions(Document.from_text(text), taxonomy).ambiguous
    assert [a.cued for a in names if a.mention.text == written] == [True]


@pytest.mark.parametrize(("text", "written", "skill_id"), [
    ("Demonstrated analytical and troubleshooting skills.", "troubleshooting", "esco:troubleshoot"),
    ("Professional Programming Skill and experience.", "Programming", "esco:computer-programming"),
    ("Market research expertise gained through fieldwork.", "Market research",
     "esco:market-research"),
])
def test_a_name_the_text_calls_a_skill_counts_in_both_modes(taxonomy, text, written, skill_id):
    ex = find_mentions(Document.from_text(text), taxonomy)
    assert {m.text: m.skill_id for m in ex.mentions}.get(written) == skill_id  # lexical mode
    [name] = [a for a in ex.ambiguous if a.mention.text == written]
    assert name.claimed and name.cued
    counted, _ = _decided(taxonomy, text)  # the sense model does not overrule it, nor add twice
    assert counted.get(written) == skill_id



def test_a_claimed_name_the_model_takes_counts_once(taxonomy, monkeypatch):
    import skillgap.link._sense as sense

    monkeypatch.setattr(sense.SenseModel, "probabilities",
                        lambda self, names, texts, encoder, deadline=None: [1.0] * len(names))
    doc = Document.from_text("Demonstrated analytical and troubleshooting skills.")
    ((_, decided),) = decide_senses([(doc, find_mentions(doc, taxonomy))], device="cpu")
    assert [m.text for m in decided.mentions].count("troubleshooting") == 1


def test_a_heading_in_capitals_is_no_claim(taxonomy):
    names = find_mentions(Document.from_text("TEACHING SKILLS\nLesson planning"), taxonomy).ambiguous
    assert not any(a.claimed for a in names)


def test_without_a_model_for_the_encoder_the_rules_stand(taxonomy, monkeypatch):
    import skillgap.link._sense as sense

    doc = Document.from_text("Technique: C#, Excel.")
    ex = find_mentions(doc, taxonomy)
    monkeypatch.setattr(sense, "load_sense_model", lambda name: None)
    ((_, same),) = decide_senses([(doc, ex)], device="cpu")
    assert same is ex


def test_link_semantic_decides_senses_unless_told_not_to(taxonomy):
    doc = Document.from_text("Technique: C#, Excel.")
    found = [(doc, find_mentions(doc, taxonomy))]
    on = {m.skill_id for _, ex in link_semantic(found, taxonomy, device="cpu") for m in ex.mentions}
    off = {m.skill_id for _, ex in link_semantic(found, taxonomy, device="cpu", sense=False)
           for m in ex.mentions}
    assert "excel" in on and "excel" not in off


def test_probabilities_are_the_logistic_of_the_shipped_weights(taxonomy):
    from skillgap.embed import get_encoder

    model = load_sense_model("skillgap-minilm-skills-v1")
    assert model is not None and len(model.coef) == len(FEATURES) + 2 * 384
    text = "Tools: Windows, Visual Studio, Office"
    names = find_mentions(Document.from_text(text), taxonomy).ambiguous
    assert names[0].label == "Microsoft Windows"  # the skill the name would be
    encoder = get_encoder(None, device="cpu")
    probs = model.probabilities(names, [text] * len(names), encoder)
    vec = encoder.encode([window(text, names[0].mention.start, names[0].mention.end)])[0]
    label_vec = encoder.encode([names[0].label])[0]
    from skillgap.link._sense import features

    z = np.dot(np.r_[features(names[0]), vec, label_vec], model.coef) + model.intercept
    assert probs[0] == pytest.approx(1 / (1 + np.exp(-z)), abs=1e-5)
    assert all(0.0 < p < 1.0 for p in probs)


def test_the_newton_fit_solves_the_penalised_likelihood():
    sys.path.insert(0, str(ROOT / "scripts"))
    from train_sense import fit_logistic

    rng = np.random.default_rng(0)
    x = rng.normal(size=(300, 3))
    y = (x @ [1.5, -2.0, 0.0] + 0.3 + rng.logistic(size=300) > 0).astype(float)
    w = fit_logistic(x, y, c=1.0)
    p = 1 / (1 + np.exp(-(x @ w[:-1] + w[-1])))
    grad = np.r_[x.T @ (p - y) + w[:-1], np.sum(p - y)]  # zero at the optimum
    assert np.max(np.abs(grad)) < 1e-6
    assert w[0] > 1.0 and w[1] < -1.0


def test_a_broken_model_file_is_ignored(tmp_path, monkeypatch):
    import skillgap.link._sense as sense

    folder = tmp_path / "sense"
    folder.mkdir()
    (folder / "m.json").write_text(json.dumps({"format": "other", "features": []}))
    monkeypatch.setattr(sense, "data_dir", lambda name: tmp_path)
    sense.load_sense_model.cache_clear()
    try:
        assert sense.load_sense_model("m") is None
    finally:
        sense.load_sense_model.cache_clear()


@pytest.mark.skipif(not (EVAL / "resume_ner_dotin").is_dir(), reason="needs ../shared/eval")
def test_the_shipped_model_is_what_the_training_script_makes():
    out = subprocess.run([sys.executable, str(ROOT / "scripts" / "train_sense.py"), str(EVAL),
                          "--check"], capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, out.stdout + out.stderr


def test_the_analysis_deadline_holds_while_names_are_decided(taxonomy):
    import time

    from skillgap.errors import DocumentTimeoutError
    from skillgap.ingest import Deadline

    doc = Document.from_text("Technique: C#, Excel.")
    found = [(doc, find_mentions(doc, taxonomy))]
    past = Deadline(0.001, "cv.txt")
    time.sleep(0.01)
    with pytest.raises(DocumentTimeoutError, match="timeout_s"):
        decide_senses(found, device="cpu", deadline=past)


def test_rarity_orders_ordinary_words_below_product_names():
    from skillgap.link._sense import rarity

    assert rarity("Teams") < rarity("Oracle") < rarity("Excel") <= rarity("Maven") == 1.0
    assert rarity("Visual Studio") == max(rarity("Visual"), rarity("Studio"))
    assert rarity("C#") == rarity("C") and rarity("---") == 1.0


def test_the_model_adds_no_name_on_a_dated_heading(taxonomy, monkeypatch):
    # a job's heading names the employer ("Momentum Worldwide"), not the optimiser
    import skillgap.link._sense as sense

    monkeypatch.setattr(sense.SenseModel, "probabilities",
                        lambda self, names, texts, encoder, deadline=None: [1.0] * len(names))
    heading = "Account Manager Momentum Worldwide July 2003 – April 2008\nManaged a team of three."
    prose = "Tuned the learning schedule and Momentum for the team.\nManaged a team of three."
    counted = {}
    for name, text in (("heading", heading), ("prose", prose)):
        doc = Document.from_text(text)
        ex = find_mentions(doc, taxonomy)
        assert [a.rule_ok for a in ex.ambiguous if a.mention.skill_id == "momentum"] == [False]
        ((_, decided),) = decide_senses([(doc, ex)], device="cpu")
        counted[name] = "momentum" in {m.skill_id for m in decided.mentions}
    assert counted == {"heading": False, "prose": True}
