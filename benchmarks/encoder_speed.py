"""Encoder throughput per backend: short phrases/s and sentences/s, and cold start.

Phrases are the candidate phrases (:func:`skillgap.link.candidate_phrases`) of resumes from
``resume_ner_dotin``; sentences are the job-ad sentences of ``decorte_esco_linking``. Also
prints the cosine between the onnx int8 and torch fp32 vectors of the same texts.

    python benchmarks/encoder_speed.py [DATA_DIR] [--n 2000] [--device cpu]
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
    if ("onnx", "phrases") in out and ("torch", "phrases") in out:
        for name in ("phrases", "sentences"):
            cos = (out[("onnx", name)] * out[("torch", name)]).sum(axis=1)
            print(f"cosine onnx-int8 vs torch-fp32 on {name}: min {cos.min():.3f} "
                  f"mean {cos.mean():.4f} p1 {np.percentile(cos, 1):.3f}")


if __name__ == "__main__":
    sys.exit(main())
