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
from dataclasses import dataclass

from skillgap.models import (
    CategoryScore,
    Document,
    MatchedSkill,
    MissingSkill,
    RoleFit,
    SkillHit,
)
from skillgap.score.kpi import KpiFinder, find_kpi_evidence
from skillgap.taxonomy import Role, Skill, Taxonomy

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


@dataclass(frozen=True)
class _RolePlan:
    """What scoring a role needs that does not depend on the candidate, worked out once.

    A role skill the candidate shows nothing of is missing with the same entry for every
    candidate, and a skill area without credit has the same score: those entries are made
    here once and shared (they are frozen).
    """

    total: float
    required_total: float
    skills: tuple[tuple[str, float, bool, Skill], ...]  # (id, importance, required, skill) by id
    category_weight: dict[str, float]  # importance per category, summed in skill-id order
    category_label: dict[str, str]
    unshown: dict[str, MissingSkill]  # the missing entry of a skill that earns no credit
    empty_category: dict[str, CategoryScore]  # the score of a category that earns no credit


def _build_plan(role: Role, taxonomy: Taxonomy) -> _RolePlan:
    weights = role.weights()
    total = sum(w for w, _ in weights.values())
    required_total = sum(w for w, req in weights.values() if req)
    skills = []
    category_weight: dict[str, float] = {}
    unshown: dict[str, MissingSkill] = {}
    for skill_id, (importance, required) in sorted(weights.items()):
        skill = taxonomy.get(skill_id)
        assert skill is not None  # guaranteed by taxonomy validation
        skills.append((skill_id, importance, required, skill))
        category_weight[skill.category] = category_weight.get(skill.category, 0.0) + importance
        unshown[skill_id] = _missing(skill, importance, required, 0.0, total)
    labels = {cid: taxonomy.category(cid).label for cid in category_weight}
    empty = {cid: _category(cid, labels[cid], 0.0, w, total) for cid, w in category_weight.items()}
    return _RolePlan(total, required_total, tuple(skills), category_weight, labels, unshown, empty)


def _plan(role: Role, taxonomy: Taxonomy) -> _RolePlan:
    """The plan of ``role``, kept with the taxonomy when it is one of the taxonomy's roles."""
    if taxonomy.get_role(role.id) is not role:
        return _build_plan(role, taxonomy)
    plans: dict[str, _RolePlan] = taxonomy.derived("score.role_plans", lambda _: {})
    plan = plans.get(role.id)
    if plan is None:
        plan = plans[role.id] = _build_plan(role, taxonomy)
    return plan


def _missing(skill: Skill, importance: float, required: bool, value: float, total: float) -> MissingSkill:
    practice = skill.practice
    return MissingSkill(
        skill_id=skill.id, label=skill.label, category=skill.category, required=required,
        importance=importance, credit=round(value, 6),
        gain=round(importance * (1.0 - value) / total, 6),
        practice=practice.task if practice else None,
        practice_source=practice.source if practice else None)


def _category(cid: str, label: str, earned: float, weight: float, total: float) -> CategoryScore:
    return CategoryScore(category=cid, label=label,
                         score=round(min(1.0, earned / weight), 6) if weight else 0.0,
                         weight=round(weight / total, 6) if total else 0.0)


def fit_role(role: Role, hits: Sequence[SkillHit], taxonomy: Taxonomy,
             documents: Sequence[Document] = (), *,
             _credit: dict[str, tuple[float, str]] | None = None,
             _kpis: KpiFinder | None = None) -> RoleFit:
    """Score one role against the candidate's skills."""
    credit = _credit if _credit is not None else _credits(hits, taxonomy)
    plan = _plan(role, taxonomy)
    total = plan.total
    matched: list[MatchedSkill] = []
    missing: list[MissingSkill] = []
    per_cat: dict[str, float] = {}
    earned = required_earned = 0.0
    for skill_id, importance, required, skill in plan.skills:
        got = credit.get(skill_id)
        if got is None:  # no credit: adds nothing to the sums, the same missing entry every time
            missing.append(plan.unshown[skill_id])
            continue
        value, via = got
        earned += importance * value
        if required:
            required_earned += importance * value
        per_cat[skill.category] = per_cat.get(skill.category, 0.0) + importance * value
        if value > 0:
            matched.append(MatchedSkill(
                skill_id=skill_id, label=skill.label, required=required, importance=importance,
                credit=round(value, 6), contribution=round(importance * value / total, 6), via=via))
        if round(value, 6) < 0.5:  # a skill counts as missing when less than half of it is shown
            missing.append(_missing(skill, importance, required, value, total))
    missing.sort(key=lambda ms: (-ms.gain, not ms.required, ms.skill_id))
    matched.sort(key=lambda ms: (-ms.contribution, ms.skill_id))
    categories = [
        plan.empty_category[cid] if cid not in per_cat
        else _category(cid, plan.category_label[cid], per_cat[cid], w, total)
        for cid, w in sorted(plan.category_weight.items())
    ]
    finder = _kpis if _kpis is not None else KpiFinder(documents)
    kpis = [e for k in (taxonomy.kpi(i) for i in role.kpis) if k for e in finder.evidence(k)]
    return RoleFit(
        role_id=role.id, label=role.label,
        score=round(min(1.0, earned / total), 6) if total else 0.0,
        required_coverage=round(min(1.0, required_earned / plan.required_total), 6)
        if plan.required_total else 1.0,
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
