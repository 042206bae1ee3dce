"""False positives: technical skills found per 100 sentences of non-technical text.

- ``sayfullina_softskills/dataset/cv_test.csv``: resume sentences about soft skills (``<b>`` marks
  removed);
- ``green2022_jobdesc_ner/raw_data/testset.txt``: UK job-ad sentences of all sectors, all of
  them and those without any Skill/Domain span.

Every sentence is one document; a skill found there is counted (``skills/100``). A few of these
sentences do name a tool ("experienced PHP developer"): hits reviewed by hand as real mentions are
listed in ``false_positives_reviewed.tsv`` (sentence hash, skill id, verdict), and ``FP/100``
counts every hit *not* reviewed as real: the false positives. A new hit counts as a false
positive until someone reviews it; ``--show`` lists the hits, marked ``real`` where reviewed.

With the broad vocabulary (issue 14) every technical skill the built-in taxonomy finds counts,
the vocabulary's O*NET/ESCO technical skills included. Professional skills (the supplement's
business, legal, health, education skills such as "customer service", which the default
vocabulary matches since December 2026; ``technical`` false) are what such sentences may well
name: they are counted apart (``professional/100``), not as false positives. ESCO's other
general skills are not matched by default. ``--no-vocabulary``: the guide's taxonomy alone.

    python benchmarks/false_positives.py [DATA_DIR] [--lexical|--embeddings]
        [--min-score 0.75] [--show 20]
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import re
import sys
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
REVIEWED = Path(__file__).resolve().parent / "false_positives_reviewed.tsv"


def read_reviewed(path: Path = REVIEWED) -> set[tuple[str, str, str]]:
    """(corpus, sentence hash, skill id) of the hits reviewed as real mentions."""
    out = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            corpus, digest, skill_id, _span, verdict, *_ = line.split("\t")
            if verdict == "real":
                out.add((corpus, digest, skill_id))
    return out


def sentence_digest(sentence: str) -> str:
    return hashlib.sha1(sentence.encode("utf-8")).hexdigest()[:12]


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
    reviewed: set[tuple[str, str, str]] = frozenset(),  # type: ignore[assignment]
    false_hits: bool = True,
) -> None:
    """Print what ``sentences`` yield; ``false_hits``: a hit not reviewed as real is a false
    positive (not for a set that holds sentences with skills too)."""
    import skillgap.link as link
    from skillgap.extract import find_mentions
    from skillgap.models import Document

    found: Counter[tuple[str, str, str, bool]] = Counter()
    total = real = professional = 0
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
    for sentence, (document, ex) in zip(sentences, extractions, strict=True):
        digest = sentence_digest(sentence)
        for hit in link.resolve([(document, ex.mentions)], tax):
            if not hit.technical:
                professional += 1
                continue
            total += 1
            ok = (name, digest, hit.skill_id) in reviewed
            real += ok
            methods[hit.evidence[0].method] += 1
            found[(hit.evidence[0].method, hit.evidence[0].text[:50], hit.skill_id, ok)] += 1
    dt = time.perf_counter() - t0
    mode = "embeddings" if embeddings else "lexical"
    print(
        f"{name:22} {mode:10} sentences={len(sentences):4} "
        f"skills/100 sentences={100 * total / len(sentences):.1f} "
        + (
            f"FP/100={100 * (total - real) / len(sentences):.1f} (reviewed real: {real}) "
            if false_hits else ""
        )
        + f"professional/100={100 * professional / len(sentences):.1f} "
        + f"methods={dict(sorted(methods.items()))} ({len(sentences) / dt:.0f} sentences/s)"
    )
    for (method, text, skill_id, ok), n in found.most_common(show):
        print(f"    x{n} [{method}] {text!r} -> {skill_id}{'  (reviewed: real)' if ok else ''}")


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
    reviewed = read_reviewed()
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
                reviewed=reviewed,
                false_hits=name != "green-all",  # green-all holds the sentences with skills too
            )


if __name__ == "__main__":
    sys.exit(main())
