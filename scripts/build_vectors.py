"""Precompute the default model's vectors of the built-in taxonomy into ``models/vectors/``.

Run after every change of ``taxonomy/`` or of :func:`skillgap.embed.skill_texts` (the cache
keys then no longer match, and skillgap would embed the taxonomy on first use)::

    python scripts/build_vectors.py

Writes one entry (``.npy`` + ``.json`` manifest with model id, taxonomy hash, recipe version,
row owners and checksum) per backend of the default model, and removes entries that no longer
match.
"""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def main() -> None:
    from skillgap.embed import Encoder, taxonomy_vectors, write_entry
    from skillgap.taxonomy import load_taxonomy

    out = REPO / "models" / "vectors"
    tax = load_taxonomy()
    keep = set()
    for backend in ("onnx", "torch"):
        encoder = Encoder(device="cpu", backend=backend)
        vectors = taxonomy_vectors(tax, encoder, use_cache=False)
        path = write_entry(out, vectors)
        keep |= {path.name, path.with_suffix(".json").name}
        print(
            f"{path.relative_to(REPO)}: {vectors.matrix.shape} "
            f"for {tax.name} ({tax.content_hash[:12]})"
        )
    for old in sorted(out.iterdir()):
        if old.name not in keep:
            old.unlink()
            print(f"removed stale {old.relative_to(REPO)}")


if __name__ == "__main__":
    sys.exit(main())
