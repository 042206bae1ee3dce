"""Adjudicated precision on resume NER corpora: a judged sample of the false positives.

``resume_skills.py`` counts as a false positive (FP) every predicted (document, skill) pair whose
skill is not in the document's gold set. The annotators marked only some technology spans (dotin
puts soft skills in a separate "Soft Skills" label), so many of those FPs are real mentions. This
script estimates the *real* precision from a judged sample of them:

- extraction exactly as ``resume_skills.run`` in embeddings mode (``find_mentions`` ->
  ``link.link_semantic(..., device="cpu", min_score=None)`` -> ``link.resolve``, languages
  excluded from predictions and gold), on the **dev** halves (``in_part(doc_id, "dev")``) of dotin
  and minhquan;
- every FP is keyed by ``sha1(f"{doc_id}\\t{skill_id}")``; per corpus the 100 FPs with the lowest
  hex digest form the sample (200 in all). Keyed by hash, the sample survives code changes: an FP
  that stays an FP keeps its place, so an old verdict still applies;
- verdicts are in ``resume_fp_reviewed.tsv`` (corpus, doc id, skill id, the matched words, verdict,
  a short reason; no other resume text). ``real`` and ``real-soft`` count as real; ``unclear``
  counts as *not* real (conservative);
- per corpus it prints TP, FP, how many current FPs the table covers, the share judged real with
  a 95 % Wilson interval, and the estimated precision = (TP + FP x share_real) / (TP + FP) with
  the interval carried through, the F1 with that precision and the gold recall (recall
  itself is not adjudicated: it is over the gold spans that resolve), plus each verdict's count.
- ``--part test``: the same on the test halves, whose table rows are judged once, at the end,
  after the code is fixed (the sense model never saw those documents).

Limits: a sample of 100 FPs per corpus (interval about +-9 points on the share); the dev half
only (the sense model of embeddings mode was trained on the dev halves, so these documents are
not held out for it); one judge, who is a language model, reading ~250 characters either side of
the first evidence only; FPs not in the table (new ones after a code change) are not counted in
the share, so re-judge when the coverage printed falls well below 100 per corpus. The table keys
on (corpus, doc id, skill id): a verdict on an item whose evidence has moved elsewhere in the
document may no longer fit.

    python benchmarks/sample_resume_fp.py [DATA_DIR] [--part dev|test] [--dump /tmp/fp.txt]
        [--per 100]

``--dump PATH`` writes the sample with the document context around each evidence to PATH, for a
judge; keep PATH outside the repository (resume text must not be committed or logged).
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import math
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

from resume_skills import (  # noqa: E402
    in_part,
    predict,
    read_dotin,
    read_minhquan,
    resolve_span,
)

REVIEWED = HERE / "resume_fp_reviewed.tsv"
VERDICTS = ("real", "real-soft", "wrong-sense", "wrong-skill", "not-claimed", "unclear")
REAL = {"real", "real-soft"}
CONTEXT = 250


def key(doc_id: str, skill_id: str) -> str:
    return hashlib.sha1(f"{doc_id}\t{skill_id}".encode()).hexdigest()


def false_positives(docs, tax):  # type: ignore[no-untyped-def]
    """(TP, FP, FN, [FP items]) of embeddings-mode extraction, as ``resume_skills.run`` counts."""
    tp = fp = fn = 0
    items = []
    for doc_id, text, spans in docs:
        gold: set[str] = set()
        for _, _, span_text in spans:
            gold |= resolve_span(tax, span_text)
        document, hits, gold = predict(tax, doc_id, text, gold, embeddings=True, min_score=None)
        predicted = {h.skill_id for h in hits}
        tp += len(predicted & gold)
        fp += len(predicted - gold)
        fn += len(gold - predicted)
        for hit in hits:
            if hit.skill_id in gold:
                continue
            ev = hit.evidence[0]
            items.append({
                "doc_id": doc_id, "skill_id": hit.skill_id, "label": hit.label,
                "start": ev.start, "end": ev.end, "method": ev.method, "text": ev.text,
                "key": key(doc_id, hit.skill_id), "doc_text": document.text,
            })
    return tp, fp, fn, items


def wilson(k: int, n: int, z: float = 1.96) -> tuple[float, float]:
    if n == 0:
        return 0.0, 1.0
    p = k / n
    den = 1 + z * z / n
    mid = (p + z * z / (2 * n)) / den
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / den
    return max(0.0, mid - half), min(1.0, mid + half)


def read_reviewed(path: Path = REVIEWED) -> dict[tuple[str, str, str], str]:
    out: dict[tuple[str, str, str], str] = {}
    with path.open(encoding="utf-8") as f:
        rows = csv.reader((line for line in f if not line.startswith("#")), delimiter="\t")
        for row in rows:
            if not row or row[0] == "corpus":
                continue
            corpus, doc_id, skill_id, _evidence, verdict = row[:5]
            if verdict not in VERDICTS:
                raise ValueError(f"unknown verdict {verdict!r} for {doc_id} {skill_id}")
            out[(corpus, doc_id, skill_id)] = verdict
    return out


def dump(path: Path, corpus: str, sample: list[dict], mode: str) -> None:
    with path.open(mode, encoding="utf-8") as f:
        for i, it in enumerate(sample):
            text = it["doc_text"]
            s, e = it["start"], it["end"]
            before = text[max(0, s - CONTEXT):s]
            after = text[e:e + CONTEXT]
            f.write(f"=== {corpus} #{i} {it['doc_id']}\t{it['skill_id']} ({it['label']}) "
                    f"method={it['method']} [{s}:{e}] evidence={it['text']!r}\n")
            f.write(f"{before}[[{text[s:e]}]]{after}\n\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", nargs="?", default=str(REPO.parent / "shared" / "eval"))
    parser.add_argument("--dump", type=Path, default=None, help="write the sample with context")
    parser.add_argument("--per", type=int, default=100, help="sampled FPs per corpus")
    parser.add_argument("--reviewed", type=Path, default=REVIEWED)
    parser.add_argument("--part", choices=["dev", "test"], default="dev",
                        help="which halves (the test halves: judged once, at the end)")
    args = parser.parse_args()

    from skillgap.taxonomy import load_taxonomy

    root = Path(args.data)
    tax = load_taxonomy()
    corpora = {"dotin": read_dotin(root), "minhquan": read_minhquan(root)}
    reviewed = None if args.dump else read_reviewed(args.reviewed)
    first = True
    for name, docs in corpora.items():
        docs = [d for d in docs if in_part(d[0], args.part)]
        tp, fp, fn, items = false_positives(docs, tax)
        items.sort(key=lambda it: it["key"])
        sample = items[: args.per]
        if args.dump:
            dump(args.dump, name, sample, "w" if first else "a")
            first = False
            print(f"{name}: docs={len(docs)} TP={tp} FP={fp}; wrote {len(sample)} items")
            continue
        assert reviewed is not None
        current = {(name, it["doc_id"], it["skill_id"]) for it in items}
        judged = [v for k, v in reviewed.items() if k in current]
        in_this_part = {d[0] for d in docs}
        stale = sum(1 for k in reviewed
                    if k[0] == name and k[1] in in_this_part and k not in current)
        unjudged = sum(1 for it in sample if (name, it["doc_id"], it["skill_id"]) not in reviewed)
        n = len(judged)
        k = sum(v in REAL for v in judged)
        lo, hi = wilson(k, n)
        share = k / n if n else 0.0

        def prec(s: float, tp: int = tp, fp: int = fp) -> float:
            return 100 * (tp + fp * s) / max(1, tp + fp)

        def f1(p: float, r: float = 100 * tp / max(1, tp + fn)) -> float:
            return 2 * p * r / (p + r) if p + r else 0.0

        counts = Counter(judged)
        p_gold, recall = 100 * tp / max(1, tp + fp), 100 * tp / max(1, tp + fn)
        print(f"{name:9} {args.part} docs={len(docs)} TP={tp} FP={fp} FN={fn} "
              f"P(gold)={p_gold:.1f} R={recall:.1f} F1(gold)={f1(p_gold):.1f}")
        print(f"    reviewed FPs present={n} (sample of {len(sample)}: {unjudged} not reviewed; "
              f"{stale} table rows no longer FPs)")
        print(f"    share real={100 * share:.1f}% [{100 * lo:.1f}, {100 * hi:.1f}]  "
              f"estimated precision={prec(share):.1f}% [{prec(lo):.1f}, {prec(hi):.1f}]  "
              f"F1 with it={f1(prec(share)):.1f} [{f1(prec(lo)):.1f}, {f1(prec(hi)):.1f}]")
        print("    verdicts: " + "  ".join(f"{v}={counts.get(v, 0)}" for v in VERDICTS))


if __name__ == "__main__":
    sys.exit(main())
