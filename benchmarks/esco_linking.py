"""ESCO skill linking on Decorte et al.'s benchmark: RP@5, RP@10 and MRR per file.

Each sentence of ``decorte_esco_linking/data/{tech,house}_validation_annotations.csv`` is ranked
against the whole ESCO label space (``data/skills_en_label.txt``, 13,896 labels) with
:func:`skillgap.link_skills`; rows labelled ``LABEL NOT PRESENT`` / ``UNDERSPECIFIED`` are dropped
and sentences left with no label are skipped. RP@K = hits in the top K / min(K, gold labels).

Published RP@5 on TECH for orientation: zero-shot all-mpnet-base-v2 39.6, Decorte et al. 2023
54.6, GPT-4 re-ranking 61.5, best 64.0.

    python benchmarks/esco_linking.py [DATA_DIR] [--model NAME] [--sets tech,house]
        [--zero-shot all-MiniLM-L6-v2] [--backend onnx|torch] [--device cpu]

The zero-shot MiniLM is run beside the model asked for, in the same process, unless
``--zero-shot ''``. Choices are made on TECH (``--sets tech``); HOUSE is for the report.
"""

from __future__ import annotations

import argparse
import csv
import os
import sys
import time
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SKIP = {"LABEL NOT PRESENT", "UNDERSPECIFIED"}


def load_sentences(path: Path) -> dict[str, set[str]]:
    gold: dict[str, set[str]] = defaultdict(set)
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            label = row["label"].strip()
            gold[row["sentence"]]  # keep sentences in file order
            if label and label not in SKIP:
                gold[row["sentence"]].add(label)
    return {s: labels for s, labels in gold.items() if labels}


def _encoder(name: str | None, device: str, backend: str):
    """The shared encoder of ``name``, loaded now (fail here, not mid-benchmark)."""
    import skillgap.embed._encoder as impl

    encoder = impl.get_encoder(name, device=device, backend=backend)
    encoder.encode(["probe"])
    # link_skills takes the shared encoder of (model, device); register ours under that key
    impl._ENCODERS[(impl.shipped_name(name) or name or impl.DEFAULT_MODEL, device, "auto")] = encoder
    return encoder


def evaluate(esco, base: Path, model: str | None, args: argparse.Namespace) -> dict[str, str]:
    import skillgap.embed as embed
    from skillgap.link import link_skills
    from skillgap.taxonomy import normalize_name

    encoder = _encoder(model, args.device, args.backend)
    t0 = time.perf_counter()
    embed.taxonomy_vectors(esco, encoder)
    print(f"encoder: {encoder!r}; label vectors ready in {time.perf_counter() - t0:.1f} s")
    by_label = {normalize_name(s.label): s.id for s in esco.skills}
    lines = {}
    for name in args.sets.split(","):
        sentences = load_sentences(base / f"{name}_validation_annotations.csv")
        rp5 = rp10 = mrr = 0.0
        unknown = 0
        t0 = time.perf_counter()
        for sentence, labels in sentences.items():
            gold = set()
            for label in labels:
                sid = by_label.get(normalize_name(label))
                if sid is None:
                    unknown += 1
                else:
                    gold.add(sid)
            ranked = [
                s.skill_id
                for s in link_skills(
                    sentence, taxonomy=esco, top_k=100, device=args.device, model=model
                )
            ]
            rp5 += len(gold & set(ranked[:5])) / min(5, len(labels))
            rp10 += len(gold & set(ranked[:10])) / min(10, len(labels))
            first = next((i for i, sid in enumerate(ranked) if sid in gold), None)
            mrr += 0.0 if first is None else 1.0 / (first + 1)
        n = len(sentences)
        lines[name] = (
            f"{name.upper():5} sentences={n} RP@5={100 * rp5 / n:.1f} RP@10={100 * rp10 / n:.1f} "
            f"MRR={100 * mrr / n:.1f} (gold labels not in label space: {unknown}; "
            f"{n / (time.perf_counter() - t0):.0f} sentences/s)"
        )
        print(f"{encoder.model_id}: {lines[name]}")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", nargs="?", default=str(REPO.parent / "shared" / "eval"))
    parser.add_argument("--backend", default="auto", choices=["auto", "onnx", "torch"])
    parser.add_argument("--device", default="auto")
    parser.add_argument("--model", default=None, help="default: the CPU default model")
    parser.add_argument("--zero-shot", default="all-MiniLM-L6-v2",
                        help="model printed beside (the untrained MiniLM); '' for none")
    parser.add_argument("--sets", default="tech,house", help="tech (choices), house (report)")
    args = parser.parse_args()

    from skillgap.taxonomy.importers import import_label_list

    base = Path(args.data) / "decorte_esco_linking" / "data"
    t0 = time.perf_counter()
    esco = import_label_list(base / "skills_en_label.txt", name="esco-labels")
    print(f"label space: {len(esco.skills)} skills ({time.perf_counter() - t0:.1f} s to import)")
    from skillgap.embed import DEFAULT_MODEL

    args.model = args.model or os.environ.get("SKILLGAP_MODEL") or DEFAULT_MODEL
    results = {"model": evaluate(esco, base, args.model, args)}
    if args.zero_shot and args.zero_shot != args.model:
        results["zero-shot"] = evaluate(esco, base, args.zero_shot, args)
    print()
    for who, lines in results.items():
        for line in lines.values():
            print(f"{who:9} {args.model if who == 'model' else args.zero_shot}: {line}")


if __name__ == "__main__":
    sys.exit(main())
