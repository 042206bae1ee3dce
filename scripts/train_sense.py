"""Train the model that decides ambiguous names by their context (``skillgap.link._sense``).

Data (written down before training): every ambiguous name ("Excel", "Word", "Spring", "Oracle",
"C") that :func:`skillgap.find_mentions` meets in the **development halves** of the dotin and
minhquan resume corpora (``benchmarks/resume_skills.in_part(doc id, "dev")``: crc32 of the
document id even), not negated and not an aspiration. Label 1 when the name lies inside a gold
skill span (dotin: Tech Tools, Job Specific Skills, Soft Skills; minhquan: SKILL), else 0. The
test halves and vrundag91 are never read here: they measure.

Model: logistic regression over the rules' evidence (``FEATURES``), the encoder's vector of the
context window and its vector of the skill's label (chosen by 5-fold CV on the development
halves, December 2026: log-loss 0.395 -> 0.381 with the label vector; 0.401 on 6 December
2026 with the labels and candidates of that day, ``--cv 5``), L2 penalty ½‖w‖²
(C = 1, the intercept not penalised: the usual default, not tuned), fitted by Newton's method
to convergence. Deterministic: no sampling, no seed needed. Writes ``models/sense/<encoder name>.json``.

    python scripts/train_sense.py [DATA_DIR] [--model skillgap-minilm-skills-v1] [--check]

``--check`` trains in memory and exits 1 unless the training data is the shipped model's and
both models take the same decision on at least 98 % of the training names (mean probability
change at most 0.02): the int8 encoder's vectors differ a little from one CPU to another, and
so do weights trained on them.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "benchmarks"))

from resume_skills import in_part, read_dotin, read_minhquan  # noqa: E402

from skillgap.embed import get_encoder  # noqa: E402
from skillgap.extract import find_mentions  # noqa: E402
from skillgap.link._sense import FEATURES, FORMAT, WINDOW, design_matrix  # noqa: E402
from skillgap.models import Document  # noqa: E402
from skillgap.taxonomy import load_taxonomy  # noqa: E402

#: L2 strength: the penalty is ½‖w‖² / C.
C = 1.0
#: dotin's span types that name a skill: the question the model answers is whether the name is
#: meant as the skill, so a soft skill the annotators marked ("Communication" in a list of
#: strengths) is as much a positive as a tool (December 2026: before, soft-skill spans were
#: negatives, which taught the model that a soft skill's name in a skills list is a word).
DOTIN_SKILL_TYPES = ("Tech Tools", "Job Specific Skills", "Soft Skills")


def candidates(root: Path) -> tuple[list, list[str], list[int], dict[str, int]]:
    """Ambiguous names of the development halves: (names, their documents' texts, labels,
    counts)."""
    tax = load_taxonomy()
    names, texts, labels = [], [], []
    counts = {"documents": 0}

    def dotin(root: Path) -> list:
        return read_dotin(root, types=DOTIN_SKILL_TYPES)

    for corpus, reader in (("dotin", dotin), ("minhquan", read_minhquan)):
        for doc_id, text, spans in reader(root):
            if not in_part(doc_id, "dev"):
                continue
            counts["documents"] += 1
            for a in find_mentions(Document.from_text(text, source=doc_id), tax).ambiguous:
                m = a.mention
                names.append(a)
                texts.append(text)
                labels.append(int(any(s < m.end and m.start < e for s, e, _ in spans)))
            counts[corpus] = counts.get(corpus, 0) + 1
    return names, texts, labels, counts


def hash_doc(text: str) -> int:
    """A stable number per document (folds of the cross-validation)."""
    import zlib

    return zlib.crc32(text.encode("utf-8", "surrogatepass"))


def fit_logistic(x: np.ndarray, y: np.ndarray, c: float = C, iters: int = 100) -> np.ndarray:
    """Weights (last one the intercept) of an L2-penalised logistic regression, by Newton."""
    xb = np.hstack([x, np.ones((len(x), 1))])
    w = np.zeros(xb.shape[1])
    penalty = np.full(xb.shape[1], 1.0 / c)
    penalty[-1] = 0.0  # the intercept is not penalised
    for _ in range(iters):
        p = 1.0 / (1.0 + np.exp(-(xb @ w)))
        grad = xb.T @ (p - y) + penalty * w
        hess = (xb * (p * (1 - p))[:, None]).T @ xb + np.diag(penalty)
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.max(np.abs(step)) < 1e-10:
            break
    return w


def probabilities(x: np.ndarray, w: np.ndarray) -> np.ndarray:
    """The model's probability for each row of ``x`` (``w``: the weights, then the intercept)."""
    return 1.0 / (1.0 + np.exp(-(x @ w[:-1] + w[-1])))


#: ``--check``: the shipped model and one trained again here must take the same decision on at
#: least this share of the training names, with at most this mean change of probability (the
#: encoder's int8 kernels differ by CPU; see the check in :func:`main`).
CHECK_AGREEMENT = 0.98
CHECK_MEAN_CHANGE = 0.02


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", nargs="?", default=str(REPO.parent / "shared" / "eval"))
    parser.add_argument("--model", default=None, help="encoder (default: the shipped default)")
    parser.add_argument("--check", action="store_true")
    parser.add_argument("--window", type=int, default=WINDOW,
                        help="characters of context either side of the name (default %(default)s)")
    parser.add_argument("--window-mode", choices=["centred", "block"], default="centred")
    parser.add_argument("--cv", type=int, default=0,
                        help="report K-fold cross-validation on the development halves (folds by "
                             "document), with every feature and without each one; write nothing")
    args = parser.parse_args(argv)

    encoder = get_encoder(args.model, device="cpu")
    names, texts, labels, counts = candidates(Path(args.data))
    x = design_matrix(names, texts, encoder, args.window, args.window_mode)
    y = np.array(labels, dtype=np.float64)
    if args.cv:
        docs = np.array([hash_doc(t) % args.cv for t in texts])
        n_rules = len(FEATURES)
        for drop in (None, *range(n_rules), "vector"):
            keep = [j for j in range(x.shape[1])
                    if j != drop and not (drop == "vector" and j >= n_rules)]
            loss = acc = 0.0
            for k in range(args.cv):
                tr, te = docs != k, docs == k
                wk = fit_logistic(x[tr][:, keep], y[tr])
                pk = probabilities(x[te][:, keep], wk)
                pk = np.clip(pk, 1e-9, 1 - 1e-9)
                loss -= float(np.sum(y[te] * np.log(pk) + (1 - y[te]) * np.log(1 - pk)))
                acc += float(np.sum((pk >= 0.5) == y[te]))
            what = ("all features" if drop is None else "without the two vectors"
                    if drop == "vector" else f"without {FEATURES[drop]}")
            print(f"cv{args.cv} {what:28} log-loss {loss / len(y):.4f}  accuracy {acc / len(y):.4f}")
        return 0
    w = fit_logistic(x, y)
    p = probabilities(x, w)
    rule = np.array([a.rule_ok for a in names])
    print(f"{len(names)} ambiguous names in {counts['documents']} documents, {int(y.sum())} gold; "
          f"training accuracy: model {((p >= 0.5) == y).mean():.3f}, rules {(rule == y).mean():.3f}")
    out = {
        "format": FORMAT,
        "model": encoder.name,
        "encoded_with": encoder.model_id,
        "features": list(FEATURES),
        "window": args.window,
        "window_mode": args.window_mode,
        "vector_dim": (int(x.shape[1]) - len(FEATURES)) // 2,
        "vectors": ["context window", "skill label"],
        "recipe": "logistic regression, L2 C=1 (intercept free), Newton; features + context "
                  "vector + label vector",
        "training_data": "ambiguous names of the dotin and minhquan development halves "
                         "(benchmarks/resume_skills.in_part 'dev'); label: inside a gold skill span "
                         "(dotin: Tech Tools, Job Specific Skills, Soft Skills; minhquan: SKILL)",
        "counts": {**counts, "names": len(names), "positives": int(y.sum())},
        "coef": [round(float(v), 8) for v in w[:-1]],
        "intercept": round(float(w[-1]), 8),
    }
    safe = "".join(ch if ch.isalnum() or ch in "-._" else "-" for ch in encoder.name)
    target = REPO / "models" / "sense" / f"{safe}.json"
    if args.check:
        old = json.loads(target.read_text(encoding="utf-8"))
        diff = max(abs(a - b) for a, b in zip(old["coef"] + [old["intercept"]],
                                              out["coef"] + [out["intercept"]], strict=True))
        # The int8 encoder's kernels differ by CPU: on an AVX2 machine the same texts gave
        # vectors ~0.99 apart from the shipped ones, so weights trained on another machine differ. What must hold is
        # the same training data and the same decisions on it.
        p_old = probabilities(x, np.array(old["coef"] + [old["intercept"]]))
        agree = float(((p_old >= 0.5) == (p >= 0.5)).mean())
        moved = float(np.abs(p_old - p).mean())
        same_data = old["counts"] == out["counts"] and old["features"] == out["features"]
        print(f"max weight difference: {diff:.2e}; decisions agree on {100 * agree:.2f} % of the "
              f"names, mean probability change {moved:.4f}; same training data: {same_data}")
        return int(not same_data or agree < CHECK_AGREEMENT or moved > CHECK_MEAN_CHANGE)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {target.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
