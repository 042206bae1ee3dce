"""Report rendering speed and size (not a test).

Usage::

    python benchmarks/report_speed.py [DATA_DIR]      # DATA_DIR defaults to ../shared/eval

Analyses the example resumes (and up to 20 resumes from ``DATA_DIR/resumes`` when it exists)
lexically, then times each report format per resume: JSON, Markdown, HTML (two matplotlib charts,
each drawn twice) and redacted HTML. The first HTML render includes matplotlib's import, printed
separately. Also times a 1,000-row leaderboard. Nothing is written.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

import skillgap
from skillgap.errors import SkillgapError
from skillgap.report import render
from skillgap.report.html import render_leaderboard

ROOT = Path(__file__).resolve().parents[1]


def main(data: Path) -> None:
    paths = sorted((ROOT / "examples" / "resumes").glob("*.md"))
    if (data / "resumes").is_dir():
        paths += sorted(p for p in (data / "resumes").rglob("*") if p.is_file())[:20]
    analyses = []
    for p in paths:
        try:
            analyses.append(skillgap.analyze(p, embeddings=False))
        except SkillgapError as exc:
            print(f"skip {p.name}: {exc}")
    t0 = time.perf_counter()
    import matplotlib  # noqa: F401

    print(f"matplotlib import: {time.perf_counter() - t0:.2f} s")
    for fmt, redact in (("json", False), ("md", False), ("html", False), ("html", True)):
        times, sizes = [], []
        for a in analyses:
            t = time.perf_counter()
            out = render(a, fmt, redact=redact)
            times.append(time.perf_counter() - t)
            sizes.append(len(out.encode()))
        label = fmt + (" --redact" if redact else "")
        median, worst = 1000 * statistics.median(times), 1000 * max(times)
        print(f"{label:<14} {len(times)} reports: median {median:7.1f} ms, max {worst:7.1f} ms, "
              f"median size {statistics.median(sizes) / 1024:6.1f} KiB")
    rows = [{"candidate_id": f"cand-{i:04d}", "score": (i * 37 % 100) / 100,
             "required_coverage": (i * 53 % 100) / 100, "must_haves_met": f"{i % 5}/4",
             "kpi_evidence": i % 4, "error": None if i % 17 else "unreadable", "report": None}
            for i in range(1000)]
    t = time.perf_counter()
    page = render_leaderboard(rows, role_label="ML Engineer")
    print(f"leaderboard 1000 rows: {1000 * (time.perf_counter() - t):.1f} ms, "
          f"{len(page.encode()) / 1024:.0f} KiB")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "eval")
