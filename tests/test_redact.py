"""Masking of e-mails, phone numbers and street addresses in every report format."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

import skillgap
from skillgap.report import render
from skillgap.report.redact import MASKS, redact_analysis, redact_text

PERSONAL = [
    ("jane.doe@example.com", "email"),
    ("mailto:j.smith+cv@mail.example.co.uk", "email"),
    ("+49 30 1234 5678", "phone"),
    ("(555) 123-4567", "phone"),
    ("555.123.4567", "phone"),
    ("+1-202-555-0143", "phone"),
    ("07700 900123", "phone"),
    ("0171/1234567", "phone"),
    ("221B Baker Street", "address"),
    ("1600 Pennsylvania Avenue NW", "address"),
    ("12 Elm Rd., Apt 4B", "address"),
    ("Musterstraße 12", "address"),
    ("Hauptstr. 5a", "address"),
    ("Rue de Rivoli 10", "address"),
]

NOT_PERSONAL = [
    "Cut p99 latency from 300 ms to 80 ms and kept 99.95% uptime",
    "Data Scientist (2019–2021), ML Engineer (2021-present)",
    "in 2019 2020 2021",
    "trained on 40M transactions and 1000000000 tokens",
    "recall +6.5 pts, 12,345,678 rows",
    "served from 10.0.0.12, version 1.2.3",
    "ISBN 978-3-16-148410-0, arXiv:2101.12345, doi 10.1145/3292500.3330701",
    "Ran 5 Kubernetes clusters; trained 3 models on AWS",
    "pytorch@2.1 and python>=3.11",
]


@pytest.mark.parametrize(("value", "kind"), PERSONAL)
def test_personal_data_is_masked(value: str, kind: str) -> None:
    out = redact_text(f"Contact: {value}; thanks")
    assert out == f"Contact: {MASKS[kind]}; thanks"


@pytest.mark.parametrize("text", NOT_PERSONAL)
def test_achievements_and_identifiers_are_kept(text: str) -> None:
    assert redact_text(text) == text


_TEXT = st.text(alphabet=st.sampled_from(list("0123456789 +-().@abcXYZé/_%\n")) | st.characters(),
               max_size=60)


@given(_TEXT)
def test_redaction_is_idempotent(text: str) -> None:
    once = redact_text(text)
    assert redact_text(once) == once


@given(_TEXT, _TEXT)
def test_contact_details_are_masked_whatever_surrounds_them(before: str, after: str) -> None:
    out = redact_text(f"{before} jo.b@example.com, +44 20 7946 0958 or 12 Elm Road {after}")
    assert "jo.b@example.com" not in out and "7946 0958" not in out and "Elm Road" not in out


@pytest.fixture(scope="module")
def analysis() -> skillgap.Analysis:
    doc = skillgap.Document.from_text(
        "Experience\n"
        "- Shipped PyTorch models with Docker, 40% faster; contact jane.doe@example.com\n"
        "- Python tooling; call +1 (555) 123-4567 or visit 221B Baker Street\n",
        source="cvs/jane.doe@example.com.md")
    return skillgap.analyze(doc, embeddings=False)


def test_redact_analysis_masks_contexts_and_sources(analysis: skillgap.Analysis) -> None:
    red = redact_analysis(analysis)
    dumped = red.model_dump_json()
    for secret in ("jane.doe@example.com", "123-4567", "Baker Street"):
        assert secret in analysis.model_dump_json()
        assert secret not in dumped
    assert [h.skill_id for h in red.skills] == [h.skill_id for h in analysis.skills]
    for before, after in zip(analysis.skills, red.skills, strict=True):
        for e0, e1 in zip(before.evidence, after.evidence, strict=True):
            assert (e0.start, e0.end, e0.text) == (e1.start, e1.end, e1.text)  # offsets kept
            assert e1.text in e1.context
    assert red.documents[0].source.startswith("cvs/[email]")
    assert redact_analysis(red) == red


@pytest.mark.parametrize("fmt", ["json", "md", "html"])
def test_every_format_is_redacted(analysis: skillgap.Analysis, fmt: str) -> None:
    plain = render(analysis, fmt)
    out = render(analysis, fmt, redact=True)
    assert "jane.doe@example.com" in plain and "555" in plain
    assert "jane.doe@example.com" not in out and "123-4567" not in out and "Baker" not in out
    assert "[email]" in out.replace("\\", "")  # Markdown escapes the brackets
    if fmt == "json":
        assert skillgap.Analysis.model_validate(json.loads(out)).skills


def test_cli_redact_flag(tmp_path) -> None:
    from skillgap.cli import cli

    src = tmp_path / "cv.md"
    src.write_text("# Jo\n\n## Experience\n- Python and SQL at ACME; jo@example.org, "
                   "+44 20 7946 0958\n", encoding="utf-8")
    out = tmp_path / "report.md"
    result = CliRunner().invoke(cli, ["analyze", str(src), "--no-embeddings", "--format", "md",
                                       "--redact", "--out", str(out)])
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert "Python" in text and "jo@example.org" not in text and "7946" not in text
