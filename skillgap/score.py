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
    """``{skill_id: (credit, via)}`` for every skill that earns credit, directly or through children.

    A skill shown itself earns its evidence strength. Each narrower skill shown gives a broader
    one ``strength × 0.5^distance``; several narrower skills combine as independent evidence
    (noisy-or: AWS, SageMaker and S3 together say more about cloud computing than AWS alone).
    A skill earns the larger of the two; ``via`` names the skill whose evidence counts most.
    """
    own: dict[str, float] = {hit.skill_id: hit.strength for hit in hits}
    from_children: dict[str, list[tuple[float, str]]] = {}
    for hit in sorted(hits, key=lambda h: h.skill_id):
        for parent, dist in taxonomy.ancestors(hit.skill_id).items():
            from_children.setdefault(parent, []).append((hit.strength * PARTIAL_CREDIT ** dist, hit.skill_id))
    credit: dict[str, tuple[float, str]] = {sid: (value, sid) for sid, value in own.items()}
    for parent, items in from_children.items():
        missing = 1.0
        for value, _ in items:
            missing *= 1.0 - value
        combined = round(1.0 - missing, 9)
        best_value, best_child = min(items, key=lambda item: (-item[0], item[1]))
        if combined > own.get(parent, 0.0):
            credit[parent] = (combined, best_child)
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
