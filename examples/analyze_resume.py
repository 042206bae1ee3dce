"""Analyse the example ML engineer (resume + portfolio repository) and print the learning plan.

Run from the repository root:  python examples/analyze_resume.py [--embeddings]
"""

from __future__ import annotations

import sys
from pathlib import Path

import skillgap

HERE = Path(__file__).resolve().parent


def main() -> None:
    embeddings = "--embeddings" in sys.argv
    analysis = skillgap.analyze(HERE / "resumes" / "ml_engineer.md",
                                HERE / "portfolio" / "churn-forecast",
                                embeddings=embeddings)
    print("Fit by role:")
    for fit in analysis.roles:
        print(f"  {fit.label:<28} {fit.score:5.0%}")
    best = analysis.roles[0]
    print(f"\nLearning plan for {best.label}:")
    for missing in best.missing[:5]:
        print(f"  +{100 * missing.gain:4.1f} pts  {missing.label}: {missing.practice or '-'}")
    pytorch = analysis.skill("pytorch")
    if pytorch is not None:
        ev = pytorch.evidence[0]
        print(f"\nPyTorch, shown in {ev.source} ({ev.section}): “{ev.context}”")


if __name__ == "__main__":
    main()
