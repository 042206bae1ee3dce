"""Whether a change leaves skillgap's output as it was: one fingerprint of many analyses (not a test).

A speed change should give the same bytes. This script runs ``skillgap.analyze`` (lexical, the
reference month fixed) on every resume file of ``DATA/resumes`` and on the first documents of the
three resume NER corpora, and prints one SHA-256 over all the JSON reports, with a short
fingerprint per corpus. Run it before and after the change: equal fingerprints mean the same
reports, byte for byte. No resume text is printed or written.

    python benchmarks/same_output.py [DATA] [--per-corpus 150] [--embeddings]
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from resume_skills import read_dotin, read_minhquan, read_vrundag  # noqa: E402

REFERENCE = datetime.date(2026, 12, 1)  # what "Present" means, so that dates do not move


def main() -> None:
    import skillgap
    from skillgap import Document

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("data", nargs="?", default=str(HERE.parent.parent / "shared" / "eval"))
    ap.add_argument("--per-corpus", type=int, default=150)
    ap.add_argument("--embeddings", action="store_true")
    args = ap.parse_args()
    root = Path(args.data)
    total = hashlib.sha256()
    parts: dict[str, hashlib._Hash] = {}

    def add(part: str, report: str) -> None:
        data = report.encode("utf-8")
        parts.setdefault(part, hashlib.sha256()).update(data)
        total.update(data)

    for path in sorted((root / "resumes").iterdir()):
        if path.suffix not in {".pdf", ".docx", ".md", ".txt", ".json"}:
            continue
        try:
            report = skillgap.analyze(path, embeddings=args.embeddings,
                                      reference=REFERENCE).model_dump_json()
        except skillgap.SkillgapError as exc:
            report = f"{type(exc).__name__}: {exc}"
        add("resumes", report)
    for name, read in (("dotin", read_dotin), ("minhquan", read_minhquan),
                       ("vrundag91", read_vrundag)):
        for doc_id, text, _ in read(root)[: args.per_corpus]:
            document = Document.from_text(text, source=doc_id)
            add(name, skillgap.analyze(document, embeddings=args.embeddings,
                                       reference=REFERENCE).model_dump_json())
    for part, digest in parts.items():
        print(f"{part:10s} {digest.hexdigest()[:16]}")
    print(f"{'all':10s} {total.hexdigest()}")


if __name__ == "__main__":
    main()
