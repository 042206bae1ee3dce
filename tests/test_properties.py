"""Property-based tests of the text path: any string gives a sound Analysis or a SkillgapError.

The strings mix random unicode with the built-in taxonomy's names and aliases, section headings,
negation and aspiration cues, quantities and line breaks, so that matches, context rules and
sections all come into play.
"""

from __future__ import annotations

import tempfile
from functools import cache
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import skillgap
from skillgap import Analysis, Document, SkillgapError, Taxonomy, load_document

SETTINGS = settings(max_examples=150, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow])

HEADINGS = ["Skills", "SKILLS:", "Technical Skills", "Experience", "Work Experience",
            "## Projects", "# Education", "Summary", "Certifications", "Publications",
            "=== Skills ===", "EXPERIENCE (2018–2024)"]
CUES = ["no experience with", "not", "never used", "without", "currently learning",
        "want to learn", "interested in", "I go to", "Plan C", "grade C", "vitamin C", "R&D",
        "go-to-market", "but", "however"]
GLUE = ["\n", "\n\n", " ", ", ", ". ", "; ", " / ", " - ", "• ", "\t", "\r\n", "(", ")",
        "improved latency by 40%", "in 2021", "3x faster", "$2M", "p99", "v2.1"]


@cache
def _names() -> list[str]:
    tax = skillgap.load_taxonomy()
    names = set()
    for skill in tax.skills:
        names.add(skill.label)
        names.update(skill.aliases[:3])
        names.update(skill.cased_aliases[:2])
    return sorted(names)


def _fragments() -> st.SearchStrategy[str]:
    name = st.sampled_from(_names())
    return st.one_of(
        name,
        name.map(lambda n: f", {n}"),
        st.tuples(st.sampled_from(CUES), name).map(" ".join),
        st.tuples(st.sampled_from(HEADINGS), name).map("\n".join),
        st.sampled_from(_names()).map(str.upper),
        st.sampled_from(_names()).map(str.lower),
        st.sampled_from(HEADINGS),
        st.sampled_from(CUES),
        st.sampled_from(GLUE),
        st.text(max_size=12),
        st.text(alphabet=st.characters(codec="utf-8"), max_size=6),
        st.sampled_from(["\u00ad", "\u200b", "\ufb01", "\u2028", "\x00", "\x0c", "\U0001f600",
                         "é", "ß", "İ", "ﬁ", "\ud7ff", "\ufeff"]),
    )


texts = st.lists(_fragments(), max_size=40).map("".join)


def _check(doc: Document, analysis: Analysis) -> None:
    text = doc.text
    for hit in analysis.skills:
        assert 0.0 <= hit.confidence <= 1.0 and 0.0 <= hit.strength <= 1.0
        assert hit.evidence, hit.skill_id
        for ev in hit.evidence:
            assert ev.source == doc.source
            assert 0 <= ev.start <= ev.end <= len(text)
            assert text[ev.start : ev.end] == ev.text
            assert 0.0 <= ev.confidence <= 1.0 and 0.0 <= ev.strength <= 1.0
    for ignored in analysis.ignored:
        assert text[ignored.start : ignored.end] == ignored.text
    for fit in analysis.roles:
        assert 0.0 <= fit.score <= 1.0 and 0.0 <= fit.required_coverage <= 1.0
        assert all(0.0 <= c.score <= 1.0 for c in fit.categories)
        assert all(0.0 <= m.credit <= 1.0 and 0.0 <= m.contribution <= 1.0 for m in fit.matched)
        assert all(0.0 <= m.credit <= 1.0 and 0.0 <= m.gain <= 1.0 for m in fit.missing)
        for kpi in fit.kpis:
            if kpi.source == doc.source:
                assert text[kpi.start : kpi.end] == kpi.text
    skill_ids = [h.skill_id for h in analysis.skills]
    assert len(set(skill_ids)) == len(skill_ids)  # one hit per skill


@SETTINGS
@given(texts)
def test_analyze_any_text_gives_a_sound_analysis_or_a_skillgap_error(
        taxonomy: Taxonomy, text: str) -> None:
    doc = Document.from_text(text)
    try:
        first = skillgap.analyze(doc, embeddings=False, taxonomy=taxonomy)
    except SkillgapError:
        return
    _check(doc, first)
    again = skillgap.analyze(Document.from_text(text), embeddings=False, taxonomy=taxonomy)
    assert again.model_dump_json() == first.model_dump_json()


@SETTINGS
@given(texts)
def test_sections_cover_the_text_in_order(text: str) -> None:
    for markdown in (False, True):
        doc = Document.from_text(text, format="markdown" if markdown else "text")
        previous_end = 0
        for sec in doc.sections:
            assert 0 <= sec.start <= sec.end <= len(text)
            assert sec.start >= previous_end
            previous_end = sec.end


@settings(max_examples=60, deadline=None, derandomize=True)
@given(texts, st.sampled_from([".txt", ".md", ".json", ".tex", ".typ", ".yaml", ".ipynb", ""]),
       st.sampled_from(["utf-8", "utf-16", "cp1252", "utf-8-sig"]))
def test_any_text_file_is_read_or_refused_cleanly(taxonomy: Taxonomy, text: str, suffix: str,
                                                  encoding: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"cv{suffix}"
        path.write_bytes(text.encode(encoding, errors="replace"))
        try:
            doc = load_document(path)
        except SkillgapError as exc:
            assert str(path) in str(exc)
            return
        _check(doc, skillgap.analyze(doc, embeddings=False, taxonomy=taxonomy))
