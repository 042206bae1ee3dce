"""Precompute the shipped models' vectors of the built-in taxonomy into ``models/vectors/``.

Run after every change of ``taxonomy/`` or of :func:`skillgap.embed.skill_texts` (the cache
keys then no longer match, and skillgap would embed the taxonomy on first use)::

    python scripts/build_vectors.py

Writes one entry (``.npy`` + ``.json`` manifest with model id, taxonomy hash, recipe version,
row owners and checksum) per shipped model and backend (see :func:`_encoders`), and removes
entries that no longer match.
"""

from __future__ import annotations

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


def main() -> None:
    from skillgap.embed import taxonomy_vectors, write_entry
    from skillgap.taxonomy import load_taxonomy

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
    for old in sorted(out.iterdir()):
        if old.name not in keep:
            old.unlink()
            print(f"removed stale {old.relative_to(REPO)}")


if __name__ == "__main__":
    sys.exit(main())
