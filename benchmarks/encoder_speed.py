"""Encoder throughput per backend, and the cost of the embedding stage per resume.

1. Phrases/s and sentences/s per backend, and cold start. Phrases are the candidate phrases
   (:func:`skillgap.link.candidate_phrases`, without the technical-word filter) of resumes from
   ``resume_ner_dotin``; sentences are the job-ad sentences of ``decorte_esco_linking``. Also
   prints the cosine between the onnx int8 and torch fp32 vectors of the same texts. The onnx
   session uses ``$SKILLGAP_THREADS`` / ``$OMP_NUM_THREADS`` threads (default 1).
2. The embedding stage of ``analyze(embeddings=True)`` on the dotin resumes: phrases embedded
   per document (after the section, technical-word and overlap filters of
   :func:`skillgap.link.link_semantic`), and documents/s of ``link_semantic`` (find_mentions
   excluded) with a cold phrase cache and again with the cache warm from the first pass.

    python benchmarks/encoder_speed.py [DATA_DIR] [--n 2000] [--device cpu] [--backends onnx]
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "benchmarks"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", nargs="?", default=str(REPO.parent / "shared" / "eval"))
    parser.add_argument("--n", type=int, default=2000)
    parser.add_argument("--device", default="cpu")
    parser.add_argument("--backends", default="onnx,torch")
    args = parser.parse_args()

    import numpy as np
    from resume_skills import read_dotin

    from skillgap.embed import Encoder
    from skillgap.link import candidate_phrases

    root = Path(args.data)
    phrases = sorted({t[s:e] for _, t, _ in read_dotin(root) for s, e in candidate_phrases(t)})
    phrases = phrases[:: max(1, len(phrases) // args.n)][: args.n]
    with (root / "decorte_esco_linking" / "data" / "tech_validation_annotations.csv").open() as fh:
        sentences = sorted({row["sentence"] for row in csv.DictReader(fh)})
    out = {}
    for backend in args.backends.split(","):
        if backend == "onnx" and args.device != "cpu":
            continue
        t0 = time.perf_counter()
        enc = Encoder(device=args.device, backend=backend)
        enc.encode(["warm up"])
        load = time.perf_counter() - t0
        row = []
        for name, texts in (("phrases", phrases), ("sentences", sentences)):
            enc._memo.clear()
            t0 = time.perf_counter()
            vectors = enc.encode(texts)
            rate = len(texts) / (time.perf_counter() - t0)
            out[(backend, name)] = vectors
            row.append(f"{name}: {rate:,.0f}/s (n={len(texts)})")
        print(f"{enc!r}: load {load:.2f} s; " + "; ".join(row))
    if "onnx" in args.backends.split(",") and args.device == "cpu":
        stage(read_dotin(root))
    if ("onnx", "phrases") in out and ("torch", "phrases") in out:
        for name in ("phrases", "sentences"):
            cos = (out[("onnx", name)] * out[("torch", name)]).sum(axis=1)
            print(
                f"cosine onnx-int8 vs torch-fp32 on {name}: min {cos.min():.3f} "
                f"mean {cos.mean():.4f} p1 {np.percentile(cos, 1):.3f}"
            )


def stage(docs: list) -> None:  # type: ignore[type-arg]
    """Phrases per document and documents/s of link_semantic, cold and warm phrase cache."""
    import skillgap.embed as embed
    from skillgap import load_taxonomy
    from skillgap.extract import find_mentions
    from skillgap.link import link_semantic
    from skillgap.models import Document

    tax = load_taxonomy()
    extractions = []
    for doc_id, text, _ in docs:
        document = Document.from_text(text, source=doc_id)
        extractions.append((document, find_mentions(document, tax)))
    encoder = embed.get_encoder(device="cpu")
    link_semantic(extractions[:1], tax, device="cpu")  # load model and taxonomy vectors
    encoder._memo.clear()
    asked: list[int] = []
    computed: list[int] = []
    real_encode, real_onnx = encoder.encode, encoder._encode_onnx

    def encode(texts):  # type: ignore[no-untyped-def]
        asked.append(len(texts))
        return real_encode(texts)

    def onnx(impl, texts):  # type: ignore[no-untyped-def]
        computed.append(len(texts))
        return real_onnx(impl, texts)

    encoder.encode, encoder._encode_onnx = encode, onnx  # type: ignore[method-assign]
    for label in ("cold cache", "warm cache"):
        asked.clear()
        computed.clear()
        t0 = time.perf_counter()
        for pair in extractions:
            link_semantic([pair], tax, device="cpu")
        dt = time.perf_counter() - t0
        print(
            f"link_semantic on {len(docs)} dotin resumes, {label}: {len(docs) / dt:.1f} docs/s; "
            f"phrases per document: {sum(asked) / len(docs):.1f} selected, "
            f"{sum(computed) / len(docs):.1f} run through the model"
        )
    encoder.encode, encoder._encode_onnx = real_encode, real_onnx  # type: ignore[method-assign]


if __name__ == "__main__":
    sys.exit(main())
