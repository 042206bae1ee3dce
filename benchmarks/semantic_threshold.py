"""Derive ``SEMANTIC_MIN_SCORE`` (skillgap.link) for the default encoder, on development data only.

The split and the rule were written down before any number was looked at:

- **Development data**: the dotin resumes whose ``crc32(doc id)`` is even (``resume_skills.py
  --part dev``). dotin's odd half, minhquan and vrundag91 are never read here.
- **Candidates**: ``link_semantic`` with a floor of ``--floor`` (0.3) gives every semantic link
  a document could get, with its cosine (a link at threshold t is exactly a candidate with
  cosine ≥ t: the per-phrase choice is a prefix of the ranked skills). A candidate is correct
  when its skill is in the document's gold ids (``resume_skills.py``'s F1 target).
- **Calibration**: isotonic regression of correct on cosine: p(cosine), monotone, no shape
  assumed.
- **Rule**: add a link when p ≥ F1 / 2, the F1-optimal decision for calibrated probabilities
  (Lipton, Elkan & Narayanaswamy 2014, "Optimal thresholding of classifiers to maximize F1"),
  F1 being the development F1 of lexical + semantic linking at that threshold. Start from the
  lexical F1, take the least cosine t from which p stays ≥ F1/2, recompute F1 at t, repeat
  until t is stable. The threshold is rounded up to 0.01.
- **Gate** (not tuning): ``false_positives.py --embeddings`` must stay ≤ 1 per 100 sentences;
  if it did not, the threshold would be raised to the least value that meets it (it did not
  have to be: see ``models/README.md``).

    python benchmarks/semantic_threshold.py [DATA_DIR] [--floor 0.3]
"""

from __future__ import annotations

import argparse
import math
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "benchmarks"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", nargs="?", default=str(REPO.parent / "shared" / "eval"))
    parser.add_argument("--floor", type=float, default=0.3)
    parser.add_argument("--model", default=None)
    args = parser.parse_args()

    import numpy as np
    from resume_skills import in_part, read_dotin, resolve_span
    from sklearn.isotonic import IsotonicRegression

    import skillgap.link as link
    from skillgap.extract import find_mentions
    from skillgap.models import Document
    from skillgap.taxonomy import load_taxonomy

    tax = load_taxonomy()
    docs = [d for d in read_dotin(Path(args.data)) if in_part(d[0], "dev")]
    # the raw cosine as the mention's score (the product caps it), for this measurement only
    link._semantic_confidence = lambda cosine: round(max(0.0, min(1.0, cosine)), 6)
    rows = []  # per document: gold, lexical predictions, {semantic skill: cosine}
    for doc_id, text, spans in docs:
        gold = set().union(*(resolve_span(tax, s) for _, _, s in spans)) if spans else set()
        document = Document.from_text(text, source=doc_id)
        found = [(document, find_mentions(document, tax))]
        lexical = {h.skill_id for h in link.resolve(
            ((d, ex.mentions) for d, ex in link.link_lexical(found, tax)), tax)}
        semantic: dict[str, float] = {}
        for _, ex in link.link_semantic(found, tax, device="cpu", model=args.model,
                                        min_score=args.floor):
            for m in ex.mentions:
                if m.method == "semantic":
                    semantic[m.skill_id] = max(semantic.get(m.skill_id, 0.0), m.score)
        rows.append((gold, lexical, semantic))

    def f1_at(t: float) -> tuple[float, float, float]:
        tp = fp = fn = 0
        for gold, lexical, semantic in rows:
            pred = lexical | {s for s, c in semantic.items() if c >= t}
            tp, fp, fn = tp + len(pred & gold), fp + len(pred - gold), fn + len(gold - pred)
        p, r = tp / max(1, tp + fp), tp / max(1, tp + fn)
        return p, r, 2 * p * r / max(1e-12, p + r)

    cos = np.array([c for _, _, sem in rows for c in sem.values()])
    ok = np.array([s in gold for gold, _, sem in rows for s in sem])
    iso = IsotonicRegression(y_min=0.0, y_max=1.0, increasing=True, out_of_bounds="clip")
    iso.fit(cos, ok.astype(float))
    print(f"development: {len(docs)} dotin documents (crc32 even); {len(cos)} semantic candidates "
          f"at cosine >= {args.floor}, {ok.sum()} correct")
    grid = np.round(np.arange(math.floor(args.floor * 100) / 100, 1.0, 0.02), 2)
    print("cosine  candidates>=  correct%  p(cos)   dev P    R     F1")
    for t in grid:
        sel = cos >= t
        if not sel.any():
            break
        p, r, f1 = f1_at(float(t))
        print(f"{t:6.2f} {sel.sum():12d} {100 * ok[sel].mean():8.1f} {float(iso.predict([t])[0]):7.3f}"
              f"  {100 * p:5.1f} {100 * r:5.1f} {100 * f1:5.1f}")

    order = np.sort(np.unique(cos))
    probs = iso.predict(order)
    f1 = f1_at(2.0)[2]  # lexical only
    print(f"lexical F1 {100 * f1:.1f}")
    t = None
    for _ in range(20):
        need = f1 / 2
        # least cosine from which p stays >= F1/2 (p is monotone, so: the first such cosine)
        above = np.nonzero(probs >= need)[0]
        new_t = math.ceil(float(order[above[0]]) * 100) / 100 if len(above) else 1.0
        f1 = f1_at(new_t)[2]
        print(f"  p >= {need:.3f} from cosine {new_t:.2f}; dev F1 there {100 * f1:.1f}")
        if new_t == t:
            break
        t = new_t
    best = max(grid, key=lambda g: f1_at(float(g))[2])
    print(f"SEMANTIC_MIN_SCORE = {t:.2f} (rule); for reference only, the dev-F1 argmax on the "
          f"0.02 grid is {best:.2f} (F1 {100 * f1_at(float(best))[2]:.1f})")


if __name__ == "__main__":
    main()
