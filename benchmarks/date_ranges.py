"""Date-range recall of the experience parser on real resumes (not a test).

dotin (``resume_ner_dotin``) labels "Years of Experience": mostly the date ranges of jobs as
written ("2007-Present", "August 2014  Present", "02 / 2007 - 06 / 2008"), sometimes a stated
total ("9 years of experience"). Definition (written before it was first measured, 6 December
2026): a gold span counts when it holds a four-digit year (19xx/20xx), i.e. it is a date
expression; it is found when a range (not a single date) that
``skillgap.score.experience._find_dates`` reads in the document's text overlaps it. Recall only:
the annotators did not mark every range of a document, so a range found elsewhere is no error.

``--part dev`` / ``--part test``: the documents whose ``crc32(doc id)`` is even / odd (the split
of ``resume_skills.py``). The date formats added on 6 December 2026 were chosen by reading dev
misses only.

    python benchmarks/date_ranges.py [DATA_DIR] [--part dev|test|all] [--show-missed N]
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from resume_skills import in_part, read_dotin  # noqa: E402

_YEAR = re.compile(r"\b(?:19|20)\d\d\b")


def recall(docs, part: str) -> tuple[int, int, list[str]]:  # type: ignore[no-untyped-def]
    """``(found, total, missed span texts)`` over the documents of ``part``."""
    from skillgap.score.experience import _find_dates

    found = total = 0
    missed: list[str] = []
    for doc_id, text, spans in docs:
        if not in_part(doc_id, part):
            continue
        ranges = [(r.span_start, r.span_end) for r in _find_dates(text) if not r.single]
        for start, end, span_text in spans:
            if not _YEAR.search(span_text):
                continue
            total += 1
            if any(a < end and start < b for a, b in ranges):
                found += 1
            else:
                missed.append(span_text)
    return found, total, missed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", nargs="?", default=str(HERE.parent.parent / "shared" / "eval"))
    parser.add_argument("--part", choices=["dev", "test", "all"], default="dev")
    parser.add_argument("--show-missed", type=int, default=0)
    args = parser.parse_args()
    docs = read_dotin(Path(args.data), ("Years of Experience",))
    found, total, missed = recall(docs, args.part)
    print(f"dotin {args.part}: date ranges found {found}/{total} = {100 * found / max(1, total):.1f} %")
    for text in missed[: args.show_missed]:
        print(f"    missed: {text[:60]!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
