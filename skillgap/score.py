"""Role fit: weighted coverage of a role's skills, with evidence strength and partial credit.

For a role skill *s* with importance *w* (its weight; nice-to-haves count half):

* credit(s) = strength of the candidate's evidence for *s*, or, when only a narrower skill *d*
  is shown (PostgreSQL for SQL), strength(d) × 0.5^distance — never the reverse;
* score = Σ w·credit / Σ w, in [0, 1]; the same per category.

Every point of the score is a :class:`~skillgap.models.MatchedSkill` naming the found skill that
earned it. Missing skills are ranked by the points showing them would add (gain), ties by id.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from skillgap.kpi import KpiFinder, find_kpi_evidence
from skillgap.models import (
    CategoryScore,
    Document,
    MatchedSkill,
    MissingSkill,
    RoleFit,
    SkillHit,
)
from skillgap.taxonomy import Role, Taxonomy

__all__ = ["PARTIAL_CREDIT", "find_kpi_evidence", "fit_role", "fit_roles"]

PARTIAL_CREDIT = 0.5  # per step up the broader hierarchy


def _credits(hits: Sequence[SkillHit], taxonomy: Taxonomy) -> dict[str, tuple[float, str]]:
    """``{skill_id: (credit, via)}`` for every skill that earns credit, directly or through a child."""
    credit: dict[str, tuple[float, str]] = {}
    for hit in hits:
        own = credit.get(hit.skill_id)
        if own is None or hit.strength > own[0] or (hit.strength == own[0] and hit.skill_id < own[1]):
            credit[hit.skill_id] = (hit.strength, hit.skill_id)
        for parent, dist in taxonomy.ancestors(hit.skill_id).items():
            value = hit.strength * PARTIAL_CREDIT ** dist
            cur = credit.get(parent)
            if cur is None or value > cur[0] or (value == cur[0] and hit.skill_id < cur[1]):
                credit[parent] = (value, hit.skill_id)
    return credit


def fit_role(role: Role, hits: Sequence[SkillHit], taxonomy: Taxonomy,
             documents: Sequence[Document] = (), *,
             _credit: dict[str, tuple[float, str]] | None = None,
             _kpis: KpiFinder | None = None) -> RoleFit:
    """Score one role against the candidate's skills."""
    credit = _credit if _credit is not None else _credits(hits, taxonomy)
    weights = role.weights()
    total = sum(w for w, _ in weights.values())
    required_total = sum(w for w, req in weights.values() if req)
    matched: list[MatchedSkill] = []
    missing: list[MissingSkill] = []
    per_cat: dict[str, list[float]] = {}
    earned = required_earned = 0.0
    for skill_id, (importance, required) in sorted(weights.items()):
        skill = taxonomy.get(skill_id)
        assert skill is not None  # guaranteed by taxonomy validation
        value, via = credit.get(skill_id, (0.0, ""))
        earned += importance * value
        if required:
            required_earned += importance * value
        cat = per_cat.setdefault(skill.category, [0.0, 0.0])
        cat[0] += importance * value
        cat[1] += importance
        if value > 0:
            matched.append(MatchedSkill(
                skill_id=skill_id, label=skill.label, required=required, importance=importance,
                credit=round(value, 6), contribution=round(importance * value / total, 6), via=via))
        credit_shown = round(value, 6)
        if credit_shown < 0.5:  # a skill counts as missing when less than half of it is shown
            practice = skill.practice
            missing.append(MissingSkill(
                skill_id=skill_id, label=skill.label, category=skill.category, required=required,
                importance=importance, credit=credit_shown,
                gain=round(importance * (1.0 - value) / total, 6),
                practice=practice.task if practice else None,
                practice_source=practice.source if practice else None))
    missing.sort(key=lambda ms: (-ms.gain, not ms.required, ms.skill_id))
    matched.sort(key=lambda ms: (-ms.contribution, ms.skill_id))
    categories = [
        CategoryScore(category=cid, label=taxonomy.category(cid).label,
                      score=round(min(1.0, e / w), 6) if w else 0.0,
                      weight=round(w / total, 6) if total else 0.0)
        for cid, (e, w) in sorted(per_cat.items())
    ]
    finder = _kpis if _kpis is not None else KpiFinder(documents)
    kpis = [e for k in (taxonomy.kpi(i) for i in role.kpis) if k for e in finder.evidence(k)]
    return RoleFit(
        role_id=role.id, label=role.label,
        score=round(min(1.0, earned / total), 6) if total else 0.0,
        required_coverage=round(min(1.0, required_earned / required_total), 6) if required_total else 1.0,
        categories=categories, matched=matched, missing=missing, kpis=kpis)


def fit_roles(hits: Sequence[SkillHit], taxonomy: Taxonomy, roles: Iterable[Role] | None = None,
              documents: Sequence[Document] = ()) -> list[RoleFit]:
    """Score each role (all of the taxonomy's by default); best fit first, ties by role id."""
    credit = _credits(hits, taxonomy)
    finder = KpiFinder(documents)  # each document's sentences read once for every role's KPIs
    fits = [fit_role(r, hits, taxonomy, documents, _credit=credit, _kpis=finder)
            for r in (taxonomy.roles if roles is None else roles)]
    fits.sort(key=lambda f: (-f.score, f.role_id))
    return fits
