"""render(): JSON round-trip, and the Markdown report for a GitHub issue or PR comment."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import skillgap
from skillgap.report import render, render_markdown

ROOT = Path(__file__).resolve().parent.parent
RESUME = ROOT / "examples" / "resumes" / "ml_engineer.md"


@pytest.fixture(scope="module")
def analysis() -> skillgap.Analysis:
    return skillgap.analyze(RESUME, embeddings=False)


@pytest.fixture(scope="module")
def markdown(analysis: skillgap.Analysis) -> str:
    return render_markdown(analysis)


def _cells(row: str) -> list[str]:
    """Cells of one Markdown table row, honouring escaped pipes."""
    return re.split(r"(?<!\\)\|", row.strip())[1:-1]


def _tables(md: str) -> list[list[str]]:
    tables, current = [], []
    for line in md.splitlines():
        if line.startswith("|"):
            current.append(line)
        elif current:
            tables.append(current)
            current = []
    return tables + ([current] if current else [])


def test_json_round_trips(analysis: skillgap.Analysis) -> None:
    assert skillgap.Analysis.model_validate_json(render(analysis, "json")) == analysis


def test_unknown_format(analysis: skillgap.Analysis) -> None:
    with pytest.raises(ValueError, match="unknown format"):
        render(analysis, "pdf")


def test_markdown_is_deterministic_and_html_free(analysis: skillgap.Analysis,
                                                 markdown: str) -> None:
    assert render(analysis, "md") == markdown == render_markdown(analysis)
    assert not re.search(r"<[A-Za-z/!]", markdown)


def test_tables_are_well_formed(markdown: str) -> None:
    tables = _tables(markdown)
    assert len(tables) >= 4
    for table in tables:
        width = len(_cells(table[0]))
        assert re.fullmatch(r"\|(?:\s*:?-{3,}:?\s*\|)+", table[1]), table[1]
        for row in table:
            assert len(_cells(row)) == width, row


def test_best_role_first_in_bold_and_plan_in_gain_order(analysis: skillgap.Analysis,
                                                        markdown: str) -> None:
    best = min(analysis.roles, key=lambda f: (-f.score, f.role_id))
    roles = _tables(markdown)[0]
    assert _cells(roles[2])[1].strip() == f"**{best.label}**"
    assert len(roles) == 2 + len(analysis.roles)
    plan = next(t for t in _tables(markdown) if "Fit after" in t[0])
    labels = [_cells(r)[1].strip() for r in plan[2:]]
    assert labels == [m.label for m in best.missing[:10]]
    afters = [int(_cells(r)[4].strip().rstrip("%")) for r in plan[2:]]
    assert afters == sorted(afters)


def test_chosen_role_is_detailed(analysis: skillgap.Analysis) -> None:
    worst = max(analysis.roles, key=lambda f: (-f.score, f.role_id))
    md = render_markdown(analysis, role=worst.role_id, top=3)
    assert md.splitlines()[0] == f"# skillgap report: {worst.label}"
    assert f"Fit for **{worst.label}**" in md
    if len(worst.missing) > 3:
        assert f"…and {len(worst.missing) - 3} more." in md


def test_evidence_is_quoted_with_the_match_in_bold(analysis: skillgap.Analysis,
                                                   markdown: str) -> None:
    skills = next(t for t in _tables(markdown) if "Evidence" in t[0])
    assert len(skills) == 2 + len(analysis.skills)
    for row in skills[2:]:
        evidence = _cells(row)[3]
        assert re.search(r"“[^”]*\*\*[^*]+\*\*[^”]*”", evidence), evidence


def test_document_text_cannot_break_the_markdown() -> None:
    doc = skillgap.Document.from_text(
        "Experience\n- Python | SQL <b>bold</b> *stars* [link](http://x) `code` # not a heading")
    md = render_markdown(skillgap.analyze(doc, embeddings=False))
    assert "<b>" not in md and "[link](" not in md
    for table in _tables(md):
        width = len(_cells(table[0]))
        assert all(len(_cells(r)) == width for r in table)
    assert r"\<b\>bold\</b\>" in md and r"\*stars\*" in md and r"\[link\]" in md
