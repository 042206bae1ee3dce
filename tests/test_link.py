"""Fuzzy and semantic linking, link_skills, resolve (real model and real taxonomy)."""

from __future__ import annotations

import pytest

import skillgap
from skillgap import Document, load_taxonomy
from skillgap.extract import find_mentions
from skillgap.link import (
    FUZZY_MIN_CHARS,
    candidate_phrases,
    link_fuzzy,
    link_semantic,
    link_skills,
    resolve,
)
from skillgap.taxonomy._model import _build


@pytest.fixture(autouse=True)
def isolated_cache(clean_environ, monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """conftest's clean_environ, plus a fresh vector cache per test."""
    monkeypatch.setenv("SKILLGAP_CACHE", str(tmp_path / "cache"))


@pytest.fixture(scope="module")
def tax():  # type: ignore[no-untyped-def]
    return load_taxonomy()


def _fuzzy(text: str, taxonomy) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    doc = Document.from_text(text)
    return [
        (m.text, m.skill_id)
        for m in link_fuzzy(doc, find_mentions(doc, taxonomy).mentions, taxonomy)
    ]


# -- fuzzy ------------------------------------------------------------------------------------


def test_fuzzy_fixes_typos(tax):  # type: ignore[no-untyped-def]
    assert _fuzzy("Deployed services on Kubernets and Tensorflw.", tax) == [
        ("Kubernets", "kubernetes"),
        ("Tensorflw", "tensorflow"),
    ]


def test_fuzzy_scores_are_below_exact_and_in_range(tax):  # type: ignore[no-untyped-def]
    doc = Document.from_text("Kubernets")
    (m,) = link_fuzzy(doc, [], tax)
    assert m.method == "fuzzy" and 0.0 < m.score < 0.95
    assert doc.text[m.start : m.end] == m.text


@pytest.mark.parametrize(
    "text",
    [
        "I saw a panda at the zoo.",  # pandas
        "We chat with customers daily.",  # charts / chats
        "The rest is history.",  # rust, rest
        "Kept the spare parts in stock.",  # spark
        "Java lava cava.",  # short names
        "Kerbal and nots are words.",
    ],
)
def test_fuzzy_leaves_ordinary_words_alone(tax, text):  # type: ignore[no-untyped-def]
    assert _fuzzy(text, tax) == []


def test_no_fuzzy_match_for_names_under_four_characters():  # type: ignore[no-untyped-def]
    small = _build(
        {
            "name": "t",
            "skills": [
                {"id": "dvc", "label": "DVC", "category": "x"},
                {"id": "kubernetes", "label": "Kubernetes", "category": "x"},
            ],
        },
        "<test>",
    )
    assert FUZZY_MIN_CHARS == 4
    assert _fuzzy("versioned with DVCs and DVX and Kubernetis", small) == [
        ("Kubernetis", "kubernetes")
    ]


def test_fuzzy_skips_text_already_linked(tax):  # type: ignore[no-untyped-def]
    assert _fuzzy("Kubernetes, Docker", tax) == []


# -- candidate phrases ------------------------------------------------------------------------


def test_candidate_phrases_are_clauses_and_short_runs():  # type: ignore[no-untyped-def]
    text = "Built convolutional models for X-ray triage, reaching 0.93 AUC.\n- Led a team"
    phrases = [text[s:e] for s, e in candidate_phrases(text)]
    assert "Built convolutional models for X-ray triage" in phrases
    assert "convolutional models" in phrases
    assert "models for X-ray" not in phrases  # stop word inside a run
    assert "Led a team" in phrases
    assert all("\n" not in p for p in phrases)


# -- semantic ---------------------------------------------------------------------------------


#: The semantic machinery is tested at a paraphrase threshold: the default SEMANTIC_MIN_SCORE
#: (derived on resume F1) links only phrases that embed as a skill text themselves.
PARAPHRASE_MIN = 0.8


def _semantic(text: str, taxonomy, min_score: float = PARAPHRASE_MIN):  # type: ignore[no-untyped-def]
    doc = Document.from_text(text)
    ((_, ex),) = link_semantic(
        [(doc, find_mentions(doc, taxonomy))], taxonomy, device="cpu", min_score=min_score
    )
    for m in ex.mentions:
        assert doc.text[m.start : m.end] == m.text
        assert 0.0 <= m.score <= 1.0
    return ex.mentions


def test_semantic_finds_cnn_for_convolutional_models(tax):  # type: ignore[no-untyped-def]
    found = {
        m.skill_id: m.method
        for m in _semantic("Experience\n- Built convolutional models for X-ray triage", tax)
    }
    assert found.get("cnn") == "semantic"


def test_semantic_finds_model_serving_for_an_inference_api(tax):  # type: ignore[no-untyped-def]
    found = {
        m.skill_id for m in _semantic("Experience\n- Shipped a low-latency inference API", tax)
    }
    assert "model-serving" in found


def test_semantic_keeps_lexical_mentions_and_does_not_repeat_them(tax):  # type: ignore[no-untyped-def]
    mentions = _semantic("Experience\n- Trained PyTorch convolutional models", tax)
    by_skill = {}
    for m in mentions:
        by_skill.setdefault(m.skill_id, []).append(m.method)
    assert by_skill["pytorch"] == ["exact"]
    assert by_skill.get("cnn") == ["semantic"]


def test_semantic_ignores_soft_skill_sentences(tax):  # type: ignore[no-untyped-def]
    mentions = _semantic("I am a reliable, hard working and highly committed individual.", tax)
    assert mentions == []


@pytest.mark.parametrize(
    "text",
    [
        "Experience\n- No experience with convolutional models yet",
        "Experience\n- Currently learning convolutional models for X-ray triage",
    ],
)
def test_semantic_sets_aside_negated_and_aspirational_phrases(tax, text):  # type: ignore[no-untyped-def]
    assert "cnn" not in {m.skill_id for m in _semantic(text, tax)}


def test_job_titles_are_not_skills(tax):  # type: ignore[no-untyped-def]
    found = {
        m.skill_id for m in _semantic("Experience\nSenior Software Engineer\nTeam Leader", tax)
    }
    assert not found & {"software-engineering", "technical-leadership"}


def test_min_score_one_turns_semantic_off(tax):  # type: ignore[no-untyped-def]
    doc = Document.from_text("Built convolutional models for X-ray triage")
    ((_, ex),) = link_semantic([(doc, find_mentions(doc, tax))], tax, device="cpu", min_score=1.01)
    assert all(m.method != "semantic" for m in ex.mentions)


def test_semantic_evidence_reaches_the_analysis(tax, monkeypatch):  # type: ignore[no-untyped-def]
    import skillgap.link as link

    monkeypatch.setattr(link, "SEMANTIC_MIN_SCORE", PARAPHRASE_MIN)
    doc = Document.from_text("Experience\n- Built convolutional models for X-ray triage")
    with_emb = skillgap.analyze(doc, embeddings=True, device="cpu")
    without = skillgap.analyze(doc, embeddings=False)
    assert with_emb.skill("cnn") is not None and without.skill("cnn") is None
    hit = with_emb.skill("cnn")
    assert hit.evidence[0].method == "semantic"
    assert with_emb.to_json() == skillgap.analyze(doc, embeddings=True, device="cpu").to_json()


def test_semantic_confidence_is_capped_below_names(tax):  # type: ignore[no-untyped-def]
    from skillgap.link import SEMANTIC_MAX_CONFIDENCE

    found = _semantic("Experience\n- Built convolutional models for X-ray triage", tax)
    semantic = [m for m in found if m.method == "semantic"]
    assert semantic and all(m.score <= SEMANTIC_MAX_CONFIDENCE < 1.0 for m in semantic)


@pytest.mark.parametrize(
    "text",
    [
        "Experience\n- Mentoring new hires and stakeholder engagement for sales analytics",
        "Experience\n- Led sales and marketing leadership; ensured regulatory compliance",
        "Experience\n- Database management and system architecture for the finance team",
        "Experience\n- Answered customer queries and prepared quarterly budget reporting",
    ],
)
def test_generic_business_phrases_link_to_nothing(tax, text):  # type: ignore[no-untyped-def]
    assert [m for m in _semantic(text, tax) if m.method == "semantic"] == []


@pytest.mark.parametrize("heading", ["Education", "Skills", "Interests"])
def test_only_experience_like_sections_are_embedded(tax, heading):  # type: ignore[no-untyped-def]
    line = "- Built convolutional models for X-ray triage"
    assert "cnn" in {m.skill_id for m in _semantic(f"Projects\n{line}", tax)}
    assert "cnn" in {m.skill_id for m in _semantic(line, tax)}  # no headings: "other"
    assert "cnn" not in {m.skill_id for m in _semantic(f"{heading}\n{line}", tax)}


def test_repository_files_are_not_embedded(tax):  # type: ignore[no-untyped-def]
    doc = Document.from_text("Built convolutional models for X-ray triage", kind="repository-file")
    ((_, ex),) = link_semantic(
        [(doc, find_mentions(doc, tax))], tax, device="cpu", min_score=PARAPHRASE_MIN
    )
    assert ex.mentions == []


def _tree(narrower: int):  # type: ignore[no-untyped-def]
    """A root skill about Kubernetes with ``narrower`` children about unrelated tools."""
    skills = [
        {
            "id": "kubernetes",
            "label": "Kubernetes cluster operations",
            "category": "ops",
        },
        *(
            {
                "id": f"tool-{i}",
                "label": f"Zyxtool{i}",
                "category": "ops",
                "broader": ["kubernetes"],
            }
            for i in range(narrower)
        ),
    ]
    return _build({"name": "t", "skills": skills}, "<test>")


def test_umbrella_skills_are_never_linked_semantically():  # type: ignore[no-untyped-def]
    from skillgap.link._phrases import UMBRELLA_MIN_NARROWER, vocabulary

    text = "Experience\n- Operated Kubernetes clusters at scale"
    for n, linked in ((UMBRELLA_MIN_NARROWER - 1, True), (UMBRELLA_MIN_NARROWER, False)):
        small = _tree(n)
        assert ("kubernetes" in vocabulary(small).umbrellas) is not linked
        doc = Document.from_text(text)
        ((_, ex),) = link_semantic(
            [(doc, find_mentions(doc, small))], small, device="cpu", min_score=0.3
        )
        semantic = {m.skill_id for m in ex.mentions if m.method == "semantic"}
        assert ("kubernetes" in semantic) is linked


def test_builtin_umbrellas_are_broad_roots(tax):  # type: ignore[no-untyped-def]
    from skillgap.link._phrases import vocabulary

    umbrellas = vocabulary(tax).umbrellas
    assert {"software-engineering", "machine-learning", "python"} <= umbrellas
    assert not umbrellas & {"cnn", "model-serving", "mlops", "deep-learning"}  # not roots
    assert all(not tax.get(u).broader for u in umbrellas)  # type: ignore[union-attr]


def test_technical_words_exclude_ordinary_and_business_english(tax):  # type: ignore[no-untyped-def]
    from skillgap.link._phrases import vocabulary

    vocab = vocabulary(tax)
    assert vocab.technical("built convolutional models") == {"convolut"}
    assert {"infere", "api"} <= {w[:6] for w in vocab.technical("low-latency inference API")}
    assert vocab.technical("database management and system design") == frozenset()
    assert vocab.technical("mentoring stakeholders on sales analytics") == frozenset()


# -- link_skills ------------------------------------------------------------------------------


def test_link_skills_ranks_cnn_first_or_second(tax):  # type: ignore[no-untyped-def]
    ranked = link_skills("trained convolutional networks on chest X-rays", top_k=5, device="cpu")
    assert "cnn" in [r.skill_id for r in ranked[:2]]
    assert [r.score for r in ranked] == sorted((r.score for r in ranked), reverse=True)
    assert all(0.0 <= r.score <= 1.0 for r in ranked)
    assert ranked[0].label == tax.get(ranked[0].skill_id).label


def test_link_skills_is_deterministic_and_ties_break_on_id(tax):  # type: ignore[no-untyped-def]
    # The uncased tokenizer strips accents: both labels embed identically, so their scores tie.
    twins = _build(
        {
            "name": "t",
            "skills": [
                {"id": "b-two", "label": "Container orchestration", "category": "x"},
                {"id": "a-one", "label": "Payroll accounting", "category": "x"},
                {"id": "c-three", "label": "Contáiner orchestration", "category": "y"},
            ],
        },
        "<test>",
    )
    # min_score=-1: the unrelated skill may score below 0 (it is then reported as 0.0)
    first = link_skills("Kubernetes", taxonomy=twins, device="cpu", min_score=-1.0)
    assert [r.skill_id for r in first] == ["b-two", "c-three", "a-one"]
    assert first[0].score == first[1].score
    assert first == link_skills("Kubernetes", taxonomy=twins, device="cpu", min_score=-1.0)
    a = link_skills("served models behind FastAPI", top_k=10, device="cpu")
    assert a == link_skills("served models behind FastAPI", top_k=10, device="cpu")


def test_link_skills_top_k_and_min_score(tax):  # type: ignore[no-untyped-def]
    assert len(link_skills("SQL queries", top_k=3, device="cpu")) == 3
    strict = link_skills("SQL queries", top_k=50, min_score=0.5, device="cpu")
    assert strict and all(r.score >= 0.5 for r in strict)
    assert link_skills("SQL queries", top_k=0, device="cpu") == []


def test_link_skills_with_another_taxonomy_returns_its_skills(tmp_path):  # type: ignore[no-untyped-def]
    from skillgap.taxonomy.importers import import_label_list

    f = tmp_path / "esco.txt"
    f.write_text(
        "utilise machine learning\nmanage musical staff\nJava (computer programming)\n"
        "computer vision\n",
        encoding="utf-8",
    )
    esco = import_label_list(f)
    ranked = link_skills(
        "trained convolutional networks on chest X-rays", taxonomy=esco, device="cpu"
    )
    assert {r.skill_id for r in ranked} <= {s.id for s in esco.skills}
    assert ranked[0].skill_id == "computer-vision"  # scores below 0 are left out (min_score=0)


def test_link_skills_is_exported():  # type: ignore[no-untyped-def]
    assert skillgap.link_skills is link_skills
    assert "link_skills" in skillgap.__all__


# -- resolve ----------------------------------------------------------------------------------


def test_resolve_prefers_surer_evidence(tax):  # type: ignore[no-untyped-def]
    doc = Document.from_text("Experience\n- Kubernets clusters\n- Kubernetes at scale")
    mentions = find_mentions(doc, tax).mentions
    mentions = mentions + link_fuzzy(doc, mentions, tax)
    (hit,) = [h for h in resolve([(doc, mentions)], tax) if h.skill_id == "kubernetes"]
    assert [e.method for e in hit.evidence] == ["exact", "fuzzy"]


def test_fuzzy_multi_word_typos_need_a_plain_space(tax):  # type: ignore[no-untyped-def]
    assert _fuzzy("Experience\n- Trained models with scikt-learn", tax) == [("scikt-learn", "scikit-learn")]
    assert _fuzzy("Experience\n- Built apache airflw DAGs", tax) == [("apache airflw", "airflow")]
    assert _fuzzy("Experience\n- Deployed on Amazon Web Servces", tax) == [("Amazon Web Servces", "aws")]
    # the same words broken over two lines are not one name
    assert not any(sid == "aws" for _, sid in _fuzzy("Experience\n- Deployed on Amazon Web\nServces", tax))


def test_span_overlap_search_agrees_with_a_scan():  # type: ignore[no-untyped-def]
    import random

    from skillgap.link import _Spans

    rnd = random.Random(7)
    for _ in range(2000):
        spans = [(a, a + rnd.randint(0, 9)) for a in (rnd.randint(0, 60) for _ in range(rnd.randint(0, 8)))]
        start = rnd.randint(0, 70)
        end = start + rnd.randint(0, 10)
        assert _Spans(spans).overlaps(start, end) == any(s < end and start < e for s, e in spans)


def test_candidate_phrases_of_a_slice_stay_inside_it():  # type: ignore[no-untyped-def]
    text = "Built convolutional models for X-ray triage, reaching 0.93 AUC. Served them via an inference API."
    whole = candidate_phrases(text)
    part = candidate_phrases(text, start=0, end=63)
    assert part and all(e <= 63 for _, e in part)
    assert set(part) <= set(whole)
    assert (text.index("inference"), len(text) - 1) in whole


def test_a_phrases_skill_scores_do_not_depend_on_the_other_phrases(tax):  # type: ignore[no-untyped-def]
    import numpy as np

    from skillgap.embed import get_encoder, taxonomy_vectors
    from skillgap.link import _skill_scores

    encoder = get_encoder(None, device="cpu")
    tv = taxonomy_vectors(tax, encoder)
    phrases = ["trained convolutional networks", "served models with FastAPI", "data pipelines"]
    together, ids = _skill_scores(encoder.encode(phrases), tv)
    assert together.shape == (3, len(ids)) and len(set(ids)) == len(ids)
    for i, phrase in enumerate(phrases):  # bit for bit: the same input gives the same bytes
        alone, _ = _skill_scores(encoder.encode([phrase]), tv)
        assert np.array_equal(alone[0], together[i])
    # the best cosine over a skill's texts
    row = np.einsum("j,kj->k", encoder.encode(phrases[:1])[0], tv.matrix)
    j = ids.index("cnn")
    start = tv.groups[0][j]
    end = tv.groups[0][j + 1] if j + 1 < len(ids) else len(tv.owners)
    assert np.isclose(together[0, j], row[start:end].max(), rtol=0, atol=1e-6)
    assert _skill_scores(np.zeros((0, 384), dtype=np.float32), tv)[0].shape == (0, len(ids))
