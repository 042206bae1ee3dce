"""Encoder throughput on a GPU, and how closely its vectors agree with the CPU (not a test).

Measures what the speed issue asks of a GPU (embedding ≥ 20,000 phrases/s) through the
product path, :meth:`skillgap.embed.Encoder.encode` with ``device="cuda"`` (sentence-transformers,
fp16 weights on the GPU, tokenisation on the CPU, phrase cache cleared before each pass):

* phrases/s and sentences/s at several batch sizes (median of ``--repeat`` passes over unique
  texts, after a warm-up pass);
* model load time and peak GPU memory;
* agreement: cosine between the CUDA vectors and the CPU vectors of the same model (torch fp32
  on the CPU), and, for the default model, the shipped CPU default (ONNX int8).

Texts come from files (one per line: ``--phrases``, ``--sentences``) or, by default, from the
development set: the candidate phrases (:func:`skillgap.link.candidate_phrases`) of the
``resume_ner_dotin`` resumes and the SkillSpan job-ad sentences.

    python benchmarks/gpu_speed.py [DATA_DIR] [--model PATH] [--phrases F] [--sentences F] [--json]

Only ``skillgap.embed`` is imported when both text files are given (no spaCy or pydantic).
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def _lines(path: str) -> list[str]:
    return sorted({ln.strip() for ln in Path(path).read_text(encoding="utf-8").splitlines() if ln.strip()})


def _dev_texts(root: Path) -> tuple[list[str], list[str]]:
    sys.path.insert(0, str(REPO / "benchmarks"))
    from resume_skills import read_dotin

    from skillgap.link import candidate_phrases

    phrases = sorted({t[s:e].replace("\n", " ") for _, t, _ in read_dotin(root)
                      for s, e in candidate_phrases(t)})
    sentences: set[str] = set()
    for name in ("dev.json", "train.json"):
        with (root / "skillspan" / "data" / "json" / name).open(encoding="utf-8") as fh:
            for line in fh:
                tokens = json.loads(line)["tokens"]
                if len(tokens) >= 8:
                    sentences.add(" ".join(tokens))
    return phrases, sorted(sentences)


def _rate(encoder, texts: list[str], repeat: int) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    """Median texts/s over ``repeat`` passes with the phrase cache cleared, and the worst."""
    import torch

    rates = []
    for _ in range(repeat):
        encoder._memo.clear()
        torch.cuda.synchronize()
        t0 = time.perf_counter()
        encoder.encode(texts)
        torch.cuda.synchronize()
        rates.append(len(texts) / (time.perf_counter() - t0))
    return statistics.median(rates), min(rates)


def _cosines(a, b) -> dict[str, float]:  # type: ignore[no-untyped-def]
    import numpy as np

    cos = (a * b).sum(axis=1) / (np.linalg.norm(a, axis=1) * np.linalg.norm(b, axis=1))
    return {"min": round(float(cos.min()), 6), "mean": round(float(cos.mean()), 6),
            "p1": round(float(np.percentile(cos, 1)), 6)}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("data", nargs="?", default=str(REPO.parent / "shared" / "eval"))
    ap.add_argument("--model", help="model name or folder (default: the shipped all-MiniLM-L6-v2)")
    ap.add_argument("--phrases", help="file of phrases, one per line")
    ap.add_argument("--sentences", help="file of sentences, one per line")
    ap.add_argument("--batch-sizes", default="256,512,1024,2048")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--agree", type=int, default=2000, help="texts compared with the CPU")
    ap.add_argument("--onnx-reference", action="store_true",
                    help="--model is a copy of the default model (its fp16 weights, say): compare "
                         "with the shipped ONNX int8 encoder too")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()

    import numpy as np
    import torch

    from skillgap.embed import Encoder

    if not torch.cuda.is_available():
        sys.exit("no CUDA device: this benchmark measures the GPU path")
    if args.phrases and args.sentences:
        phrases, sentences = _lines(args.phrases), _lines(args.sentences)
    else:
        phrases, sentences = _dev_texts(Path(args.data))
    say = (lambda *a: None) if args.json else (lambda *a: print(*a, flush=True))  # noqa: E731
    result: dict[str, object] = {
        "gpu": torch.cuda.get_device_name(0), "torch": torch.__version__,
        "python": platform.python_version(), "phrases": len(phrases), "sentences": len(sentences),
        "mean_chars": {"phrases": round(float(np.mean([len(p) for p in phrases])), 1),
                       "sentences": round(float(np.mean([len(s) for s in sentences])), 1)},
        "runs": []}
    say(f"{result['gpu']}, torch {torch.__version__}; {len(phrases):,} unique phrases "
        f"(mean {result['mean_chars']['phrases']} chars), {len(sentences):,} sentences "  # type: ignore[index]
        f"(mean {result['mean_chars']['sentences']} chars)")  # type: ignore[index]

    t0 = time.perf_counter()
    gpu = Encoder(args.model, device="cuda", backend="torch")
    gpu.encode(["warm up"])
    torch.cuda.synchronize()
    result["load_s"] = round(time.perf_counter() - t0, 2)
    say(f"{gpu!r}: loaded and first text in {result['load_s']} s")
    for size in (int(s) for s in args.batch_sizes.split(",")):
        gpu.batch_size = size
        gpu._memo.clear()
        gpu.encode(phrases[:size * 4])  # warm-up: kernels for this shape
        row: dict[str, object] = {"batch_size": size}
        for name, texts in (("phrases", phrases), ("sentences", sentences)):
            median, worst = _rate(gpu, texts, args.repeat)
            row[f"{name}_per_s"] = round(median)
            row[f"{name}_per_s_worst"] = round(worst)
        result["runs"].append(row)  # type: ignore[union-attr]
        say(f"  batch {size:>5}: {row['phrases_per_s']:>9,} phrases/s (worst {row['phrases_per_s_worst']:,}); "
            f"{row['sentences_per_s']:>8,} sentences/s (worst {row['sentences_per_s_worst']:,})")
    result["peak_gpu_mib"] = round(torch.cuda.max_memory_allocated() / 2**20)
    say(f"peak GPU memory allocated: {result['peak_gpu_mib']} MiB")

    sample = phrases[:: max(1, len(phrases) // args.agree)][: args.agree] + sentences[:200]
    gpu._memo.clear()
    on_gpu = gpu.encode(sample)
    cpu = Encoder(args.model, device="cpu", backend="torch")
    result["agreement_cuda_fp16_vs_cpu_fp32"] = _cosines(on_gpu, cpu.encode(sample))
    say(f"cosine CUDA fp16 vs CPU fp32 (same model, {len(sample)} texts): "
        f"{result['agreement_cuda_fp16_vs_cpu_fp32']}")
    if gpu.is_default or args.onnx_reference:
        onnx = Encoder(device="cpu", backend="onnx")
        result["agreement_cuda_fp16_vs_cpu_onnx_int8"] = _cosines(on_gpu, onnx.encode(sample))
        say(f"cosine CUDA fp16 vs CPU default ONNX int8: {result['agreement_cuda_fp16_vs_cpu_onnx_int8']}")
    if args.json:
        print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
