"""KPI evidence: quantified achievements matched to the role's KPIs."""

from __future__ import annotations

import pytest

from skillgap import Document
from skillgap.score.kpi import achievement_strength, find_kpi_evidence


def _evidence(taxonomy, text: str, *kpi_ids: str, per_kpi: int = 3):
    doc = Document.from_text(text, source="cv.md")
    return find_kpi_evidence([doc], [taxonomy.kpi(k) for k in kpi_ids], per_kpi=per_kpi)


@pytest.mark.parametrize("sentence, kpi_id", [
    ("Cut p99 latency from 300 ms to 80 ms by batching requests.", "latency"),
    ("Raised macro F1 by +4.2 pts over the baseline.", "model-accuracy-improvement"),
    ("Ran the scoring API at 99.95 % uptime for two years.", "uptime"),
    ("Reduced training time 3× with mixed precision and better data loading.",
     "training-time-reduction"),
    ("Scaled the ranking service to 12k requests per second.", "throughput"),
    ("Saved $1.2M a year in fraud losses with a new model.", "business-impact"),
])
def test_quantified_achievements_are_found(taxonomy, sentence: str, kpi_id: str) -> None:
    text = f"Experience\n- Led the platform team in 2021.\n- {sentence}\n"
    found = _evidence(taxonomy, text, kpi_id)
    assert [e.kpi_id for e in found] == [kpi_id]
    ev = found[0]
    assert ev.text == sentence and text[ev.start:ev.end] == sentence and ev.source == "cv.md"


@pytest.mark.parametrize("sentence", [
    "Interested in low latency systems.",           # no number
    "Worked on uptime monitoring from 2019 to 2021.",  # a date range is not a result
    "Latency team member since 2018.",               # a year is not a result
])
def test_mentions_without_a_measured_result_are_not_evidence(taxonomy, sentence: str) -> None:
    assert _evidence(taxonomy, f"Experience\n- {sentence}\n", "latency", "uptime") == []


def test_achievement_strength_ranks_clear_results_first(taxonomy) -> None:
    assert achievement_strength("Cut latency from 300 ms to 80 ms") == 3
    assert achievement_strength("p99 latency of 80 ms") == 2
    assert achievement_strength("Improved latency for 4 services") == 1
    assert achievement_strength("Latency work in 2020") == 0
    text = ("Experience\n- Improved latency for 4 services.\n- Latency dashboards for 3 teams.\n"
            "- Cut p95 latency from 900 ms to 120 ms.\n")
    found = _evidence(taxonomy, text, "latency", per_kpi=1)
    assert [e.text for e in found] == ["Cut p95 latency from 900 ms to 120 ms."]
    both = _evidence(taxonomy, text, "latency", per_kpi=2)  # kept in document order
    assert [e.text[:8] for e in both] == ["Improved", "Cut p95 "]


def test_role_fit_uses_kpi_evidence(taxonomy) -> None:
    import skillgap

    doc = Document.from_text("Experience\n- Served PyTorch models with FastAPI; cut p99 latency "
                             "from 300 ms to 80 ms.\n- 99.95 % uptime over 2023.\n")
    fit = skillgap.analyze(doc, role="ml-engineer", embeddings=False).role("ml-engineer")
    assert sorted(k.kpi_id for k in fit.kpis) == ["latency", "uptime"]


def test_keywords_are_found_in_ascii_and_non_ascii_text(taxonomy) -> None:
    """KpiFinder indexes words by their lower case; text with accents goes the careful way."""
    from skillgap.score.kpi import KpiFinder
    from skillgap.taxonomy import Kpi

    latency = Kpi(id="latency", label="Latency", keywords=["p99 latency", "LATENCY", "p99"])
    for text in ("Experience\n- Cut P99 Latency from 300 ms to 80 ms.\n- Ran a café.",
                 "Experience\n- Cut P99 Latency from 300 ms to 80 ms.\n- Ran a cafe.",
                 "Experience\n- Cut laténcy by 40%.\n- Cut P99 Latency from 300 ms to 80 ms."):
        found = KpiFinder([Document.from_text(text)]).evidence(latency)
        assert [e.text for e in found] == ["Cut P99 Latency from 300 ms to 80 ms."], text
