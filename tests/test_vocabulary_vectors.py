"""Vectors of the broad vocabulary: the shipped entry, the cache, and link_skills(vocabulary=True)
(real ONNX encoder, real vocabulary)."""

from __future__ import annotations

import hashlib
import json
import logging
from pathlib import Path

import numpy as np
import pytest

import skillgap.embed as embed
from skillgap import link_skills
from skillgap.embed import Encoder, vocabulary_texts, vocabulary_vectors
from skillgap.errors import TaxonomyError
from skillgap.taxonomy import Vocabulary, load_taxonomy

from .conftest import FIXTURES, ROOT

SHIPPED = ROOT / "models" / "vectors"


@pytest.fixture(autouse=True)
def isolated_cache(clean_environ, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """conftest's clean_environ, plus a fresh vector cache and no vectors kept in memory."""
    monkeypatch.setenv("SKILLGAP_CACHE", str(tmp_path / "cache"))
    monkeypatch.setattr(embed._vectors, "_VECTORS", {})
    monkeypatch.setattr(embed._vectors, "_VOCABULARY_VECTORS", {})


@pytest.fixture(scope="module")
def encoder() -> Encoder:
    return embed.get_encoder(None, device="cpu")


def _fail(texts):  # type: ignore[no-untyped-def]
    pytest.fail("vocabulary vectors are stale: run python scripts/build_vectors.py")


def _tiny_vocabulary(folder: Path, extra: str = "") -> Vocabulary:
    folder.mkdir(parents=True, exist_ok=True)
    records = [
        {"id": "onet:sap-software", "label": "SAP software", "technical": True},
        {"id": "esco:3d-modelling", "label": "3D  modelling" + extra, "technical": True},
        {"id": "onet:salesforce", "label": "Salesforce", "technical": True},
    ]
    (folder / "skills_technical.jsonl").write_text(
        "".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return Vocabulary(folder)


# -- the shipped entry ------------------------------------------------------------------------


def test_shipped_vocabulary_vectors_load_without_computing(encoder, monkeypatch, tmp_path):  # type: ignore[no-untyped-def]
    vocab = load_taxonomy().vocabulary
    monkeypatch.setattr(encoder, "encode", _fail)
    vv = vocabulary_vectors(vocab, encoder)
    texts, ids = vocabulary_texts(vocab)
    assert vv.ids == ids == sorted(vocab.records) and len(ids) == len(texts) > 9000
    assert vv.matrix.shape == (len(ids), 384) and vv.matrix.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vv.matrix, axis=1), 1.0, atol=2e-3)
    assert not (tmp_path / "cache").exists()  # nothing was computed, so nothing was cached
    assert vocabulary_vectors(vocab, encoder) is vv  # kept in memory once read


def test_shipped_vocabulary_entry_and_its_manifest(encoder):  # type: ignore[no-untyped-def]
    entries = sorted(SHIPPED.glob("vocabulary-*.npy"))
    assert [p.name.startswith(f"vocabulary-{encoder.name}-onnx-int8-") for p in entries] == [True]
    manifest = json.loads(entries[0].with_suffix(".json").read_text(encoding="utf-8"))
    raw = entries[0].read_bytes()
    stored = np.load(entries[0], allow_pickle=False)
    assert manifest["model"] == encoder.model_id and manifest["vectors"] == "vocabulary"
    assert manifest["recipe"] == embed.VOCABULARY_RECIPE_VERSION
    assert manifest["dtype"] == "float16" and stored.dtype == np.float16
    assert manifest["sha256"] == hashlib.sha256(raw).hexdigest()
    assert stored.shape == (manifest["rows"], manifest["dim"]) == (len(manifest["ids"]), 384)
    texts, ids = vocabulary_texts(load_taxonomy().vocabulary)
    assert manifest["ids"] == ids
    assert manifest["vocabulary_hash"] == embed._vectors._vocabulary_hash(texts, ids)
    # the rows are the labels' vectors, in the order of the ids. The int8 model's kernels
    # differ by CPU: one text's vectors from two machines are ~0.99 apart, not equal, so each
    # row must be the nearest of the sample to its text's vector
    rows = [ids.index("onet:sap-erp"), 0, 1, len(ids) // 3, len(ids) // 2, len(ids) - 1]
    fresh = Encoder(device="cpu").encode([texts[i] for i in rows])
    sims = fresh @ stored[rows].astype(np.float32).T
    assert np.all(np.diag(sims) > 0.97)
    assert list(np.argmax(sims, axis=1)) == list(range(len(rows)))


# -- the user cache ---------------------------------------------------------------------------


def test_computed_vocabulary_vectors_are_cached_then_read_back(encoder, monkeypatch, tmp_path):  # type: ignore[no-untyped-def]
    vocab = _tiny_vocabulary(tmp_path / "vocab")
    first = vocabulary_vectors(vocab, encoder)
    assert first.ids == ["esco:3d-modelling", "onet:salesforce", "onet:sap-software"]
    assert vocabulary_texts(vocab)[0] == ["3D modelling", "Salesforce", "SAP software"]
    files = sorted(p.name for p in (tmp_path / "cache" / "vectors").iterdir())
    assert len(files) == 2 and all(f.startswith("vocabulary-") for f in files)
    # computed vectors are rounded to float16 as they are stored: cached ones are the same
    assert np.array_equal(first.matrix, first.matrix.astype(np.float16).astype(np.float32))
    expected = encoder.encode(["Salesforce"])[0].astype(np.float16).astype(np.float32)
    assert np.array_equal(first.matrix[1], expected)
    monkeypatch.setattr(embed._vectors, "_VOCABULARY_VECTORS", {})
    monkeypatch.setattr(encoder, "encode", _fail)
    second = vocabulary_vectors(vocab, encoder)
    assert np.array_equal(first.matrix, second.matrix) and second.ids == first.ids


@pytest.mark.parametrize(
    "damage", ["vocabulary_hash", "model", "recipe", "dtype", "ids", "checksum", "shape", "junk"]
)
def test_stale_or_broken_vocabulary_entry_is_ignored_and_recomputed(  # type: ignore[no-untyped-def]
        encoder, monkeypatch, tmp_path, caplog, damage):
    vocab = _tiny_vocabulary(tmp_path / "vocab")
    good = vocabulary_vectors(vocab, encoder)
    folder = tmp_path / "cache" / "vectors"
    manifest_file = next(folder.glob("vocabulary-*.json"))
    matrix_file = manifest_file.with_suffix(".npy")
    manifest = json.loads(manifest_file.read_text())
    if damage == "ids":
        manifest["ids"] = list(reversed(manifest["ids"]))
    elif damage == "checksum":
        raw = bytearray(matrix_file.read_bytes())
        raw[-1] ^= 0xFF
        matrix_file.write_bytes(bytes(raw))
    elif damage in ("shape", "dtype", "junk"):
        if damage == "junk":
            matrix_file.write_bytes(b"not an array")
        else:
            dtype = np.float32 if damage == "dtype" else np.float16
            rows = 3 if damage == "dtype" else 2
            np.save(matrix_file, np.zeros((rows, 384), dtype=dtype))
        manifest["sha256"] = hashlib.sha256(matrix_file.read_bytes()).hexdigest()
    else:
        manifest[damage] = "something else"
    manifest_file.write_text(json.dumps(manifest))
    monkeypatch.setattr(embed._vectors, "_VOCABULARY_VECTORS", {})
    calls: list[int] = []
    real = encoder.encode
    monkeypatch.setattr(encoder, "encode", lambda texts: calls.append(len(texts)) or real(texts))
    with caplog.at_level(logging.WARNING, logger="skillgap"):
        rebuilt = vocabulary_vectors(vocab, encoder)
    assert calls == [3]
    assert "ignoring stale vocabulary vectors" in caplog.text
    assert np.array_equal(rebuilt.matrix, good.matrix)
    monkeypatch.setattr(embed._vectors, "_VOCABULARY_VECTORS", {})
    calls.clear()
    vocabulary_vectors(vocab, encoder)
    assert calls == []  # the rebuilt entry is good again


def test_a_changed_label_gets_new_vectors(encoder, tmp_path):  # type: ignore[no-untyped-def]
    a = vocabulary_vectors(_tiny_vocabulary(tmp_path / "a"), encoder)
    b = vocabulary_vectors(_tiny_vocabulary(tmp_path / "b", extra=" software"), encoder)
    assert a.vocabulary_hash != b.vocabulary_hash and a.ids == b.ids
    assert not np.array_equal(a.matrix[0], b.matrix[0]) and np.array_equal(a.matrix[1:],
                                                                            b.matrix[1:])
    assert len(list((tmp_path / "cache" / "vectors").glob("vocabulary-*.npy"))) == 2


# -- link_skills(vocabulary=True) ------------------------------------------------------------


def test_link_skills_ranks_the_vocabulary_when_asked():  # type: ignore[no-untyped-def]
    tax = load_taxonomy()
    with_vocab = link_skills("SAP ERP consultant", vocabulary=True, top_k=5, device="cpu")
    assert len(with_vocab) == 5
    first = with_vocab[0]
    assert first.skill_id.startswith("onet:") and "SAP" in first.label
    assert first.label == tax.get(first.skill_id).label
    assert [r.score for r in with_vocab] == sorted((r.score for r in with_vocab), reverse=True)
    guide_only = link_skills("SAP ERP consultant", top_k=5, device="cpu")
    assert guide_only and all(":" not in r.skill_id and tax.owns(r.skill_id) for r in guide_only)
    assert all("SAP" not in r.label for r in guide_only)


def test_link_skills_with_the_vocabulary_keeps_the_taxonomys_scores():  # type: ignore[no-untyped-def]
    text = "served models behind FastAPI"
    merged = link_skills(text, vocabulary=True, top_k=40, device="cpu")
    assert merged == link_skills(text, vocabulary=True, top_k=40, device="cpu")  # deterministic
    own = link_skills(text, top_k=500, device="cpu")
    assert any(":" in r.skill_id for r in merged)
    from_tax = [r for r in merged if ":" not in r.skill_id]
    assert from_tax == own[: len(from_tax)]  # same skills, scores and order as without it
    keys = [(-r.score, r.skill_id) for r in merged]
    assert keys == sorted(keys)  # one ranking, ties by id


def test_link_skills_vocabulary_needs_a_taxonomy_with_one(mini_taxonomy):  # type: ignore[no-untyped-def]
    with pytest.raises(TaxonomyError, match="no broad vocabulary.*vocabulary=True"):
        link_skills("SAP ERP consultant", taxonomy=mini_taxonomy, vocabulary=True, device="cpu")
    user = load_taxonomy(FIXTURES / "mini_taxonomy.yaml", vocabulary=True)
    ranked = link_skills("SAP ERP consultant", taxonomy=user, vocabulary=True, top_k=3,
                         device="cpu")
    assert ranked[0].skill_id.startswith("onet:") and "SAP" in ranked[0].label
