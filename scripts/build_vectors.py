"""Precompute the shipped models' vectors of the built-in taxonomy and of its broad vocabulary
into ``models/vectors/``.

Run after every change of ``taxonomy/`` (the guide's skills or ``taxonomy/vocabulary/``), of
:func:`skillgap.embed.skill_texts` or of :func:`skillgap.embed.vocabulary_texts` (the cache keys
then no longer match, and skillgap would embed them on first use)::

    python scripts/build_vectors.py                 # taxonomy and vocabulary vectors
    python scripts/build_vectors.py --no-vocabulary # the taxonomy's only; vocabulary entries kept

Writes one entry (``.npy`` + ``.json`` manifest with model id, content hash, recipe version,
row ids and checksum) per shipped model and backend for the taxonomy (see :func:`_encoders`),
and one for the vocabulary (``vocabulary-*``, float16, one row per skill label) for the default
model on ONNX only: about 9.2 MB each, so the torch backend computes and caches its own on first
use. Removes entries that no longer match. The vocabulary takes about 20 s of one CPU core.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def _encoders():
    """An encoder per shipped model and backend whose vectors ship: the default model on ONNX
    (the CPU default) and torch (GPUs), the old all-MiniLM-L6-v2 on torch (its ONNX export is
    not shipped)."""
    from skillgap.embed import DEFAULT_MODEL, Encoder

    for backend in ("onnx", "torch"):
        yield Encoder(DEFAULT_MODEL, device="cpu", backend=backend)
    yield Encoder("all-MiniLM-L6-v2", device="cpu", backend="torch")


def main(argv: list[str] | None = None) -> None:
    from skillgap.embed import DEFAULT_MODEL, taxonomy_vectors, vocabulary_vectors, write_entry
    from skillgap.taxonomy import load_taxonomy

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--no-vocabulary", action="store_true",
                        help="build the taxonomy's vectors only; keep the vocabulary's entries")
    args = parser.parse_args(argv)
    out = REPO / "models" / "vectors"
    tax = load_taxonomy()
    keep = set()
    for encoder in _encoders():
        vectors = taxonomy_vectors(tax, encoder, use_cache=False)
        path = write_entry(out, vectors)
        keep |= {path.name, path.with_suffix(".json").name}
        print(
            f"{path.relative_to(REPO)}: {vectors.matrix.shape} {encoder.model_id} "
            f"for {tax.name} ({tax.content_hash[:12]})"
        )
        if encoder.name == DEFAULT_MODEL and encoder.backend == "onnx" and not args.no_vocabulary:
            vocab = vocabulary_vectors(tax.vocabulary, encoder, use_cache=False)
            path = write_entry(out, vocab)
            keep |= {path.name, path.with_suffix(".json").name}
            print(
                f"{path.relative_to(REPO)}: {vocab.matrix.shape} {encoder.model_id} "
                f"for the vocabulary ({vocab.vocabulary_hash[:12]}), "
                f"{path.stat().st_size / 1e6:.1f} MB"
            )
    for old in sorted(out.iterdir()):
        if old.name not in keep and not (args.no_vocabulary and old.name.startswith("vocabulary-")):
            old.unlink()
            print(f"removed stale {old.relative_to(REPO)}")


if __name__ == "__main__":
    sys.exit(main())
