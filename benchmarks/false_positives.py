"""False positives: technical skills found per 100 sentences of non-technical text.

- ``sayfullina_softskills/dataset/cv_test.csv``: resume sentences about soft skills (``<b>`` marks
  removed);
- ``green2022_jobdesc_ner/raw_data/testset.txt``: UK job-ad sentences of all sectors, all of
  them and those without any Skill/Domain span.

Every sentence is one document; a skill found there is counted as a false positive (the few
real tool names in these texts are listed with ``--show`` so they can be told apart).

With the broad vocabulary (issue 14) every skill the built-in taxonomy finds counts, the
vocabulary's O*NET/ESCO technical skills included (ESCO's general skills are not matched by
default). ``--no-vocabulary``: the guide's taxonomy alone.

    python benchmarks/false_positives.py [DATA_DIR] [--lexical|--embeddings]
        [--min-score 0.75] [--show 20]
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def read_sayfullina(root: Path) -> list[str]:
    with (root / "sayfullina_softskills" / "dataset" / "cv_test.csv").open(encoding="utf-8") as fh:
        return [re.sub(r"</?b>", "", row["sentence"]) for row in csv.DictReader(fh)]


def read_green(root: Path) -> tuple[list[str], list[str]]:
    text = (root / "green2022_jobdesc_ner" / "raw_data" / "testset.txt").read_text(encoding="utf-8")
    all_s, plain = [], []
    for block in re.split(r"\n\s*\n", text):
        pairs = [line.strip().rsplit(" ", 1) for line in block.strip().splitlines() if line.strip()]
        if not pairs:
            continue
        sentence = " ".join(p[0] for p in pairs)
        all_s.append(sentence)
        if not any(len(p) == 2 and re.search(r"-(Skill|Domain)$", p[1]) for p in pairs):
            plain.append(sentence)
    return all_s, plain


def count(
    name: str,
    sentences: list[str],
    tax,
    *,
    embeddings: bool,
    min_score: float | None,  # type: ignore[no-untyped-def]
    show: int,
) -> None:
    import skillgap.link as link
    from skillgap.extract import find_mentions
    from skillgap.models import Document

    found: Counter[tuple[str, str, str]] = Counter()
    total = 0
    t0 = time.perf_counter()
    docs = [
        Document.from_text(s, kind="text", source=f"{name}/{i}") for i, s in enumerate(sentences)
    ]
    extractions = [(d, find_mentions(d, tax)) for d in docs]
    if embeddings:
        extractions = link.link_semantic(extractions, tax, device="cpu", min_score=min_score)
    else:
        extractions = link.link_lexical(extractions, tax)
    methods: Counter[str] = Counter()
    for document, ex in extractions:
        for hit in link.resolve([(document, ex.mentions)], tax):
            total += 1
            methods[hit.evidence[0].method] += 1
            found[(hit.evidence[0].method, hit.evidence[0].text[:50], hit.skill_id)] += 1
    dt = time.perf_counter() - t0
    mode = "embeddings" if embeddings else "lexical"
    print(
        f"{name:22} {mode:10} sentences={len(sentences):4} "
        f"skills/100 sentences={100 * total / len(sentences):.1f} "
        f"methods={dict(sorted(methods.items()))} ({len(sentences) / dt:.0f} sentences/s)"
    )
    for (method, text, skill_id), n in found.most_common(show):
        print(f"    x{n} [{method}] {text!r} -> {skill_id}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", nargs="?", default=str(REPO.parent / "shared" / "eval"))
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--lexical", action="store_const", dest="mode", const="lexical")
    group.add_argument("--embeddings", action="store_const", dest="mode", const="embeddings")
    parser.add_argument("--min-score", type=float, default=None)
    parser.add_argument("--show", type=int, default=0)
    parser.add_argument("--no-vocabulary", action="store_true")
    args = parser.parse_args()

    from skillgap.taxonomy import load_taxonomy

    root = Path(args.data)
    tax = load_taxonomy(vocabulary=not args.no_vocabulary)
    green_all, green_plain = read_green(root)
    sets = {
        "sayfullina-cv-test": read_sayfullina(root),
        "green-all": green_all,
        "green-no-skill-spans": green_plain,
    }
    for mode in [args.mode] if args.mode else ["lexical", "embeddings"]:
        for name, sentences in sets.items():
            count(
                name,
                sentences,
                tax,
                embeddings=mode == "embeddings",
                min_score=args.min_score,
                show=args.show,
            )


if __name__ == "__main__":
    sys.exit(main())
