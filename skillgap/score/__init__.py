"""Role fit: weighted coverage of a role's skills, calibrated, level-aware and gated.

For a role skill *s* with importance *w* (its weight; nice-to-haves count half):

* credit(s) = strength of the candidate's evidence for *s* (scaled by years of use and recency
  when the resume is dated, :func:`skillgap.score.experience.with_experience`), or, when only a
  narrower skill *d* is shown (PostgreSQL for SQL), strength(d) × 0.5^distance — never the
  reverse;
* coverage = Σ w·credit / Σ w, in [0, 1] (``RoleFit.coverage``; the same per category;
  ``required_coverage`` is the same share over the required skills only);
* a job-ad role (built by :func:`~skillgap.score.jobad.role_from_job_description`) uses the
  symmetric overlap √(coverage × share of the candidate's skills the ad asks for) instead, so a
  candidate whose skills are mostly outside the ad does not fit it as well as one whose skills
  are the ad's;
* **calibration**: score = (σ(a·coverage + b) − σ(b)) / (σ(a + b) − σ(b)), one logistic curve
  fitted on real postings (each posting read as a candidate against the built-in roles with
  postings; label: its title maps to the role), rescaled so 0 ↦ 0 and 1 ↦ 1. The coefficients
  live in ``taxonomy/scoring.yaml`` (``scripts/derive_role_weights.py`` fits them);
* **ML-evidence gate**: an ML role's score is at most calibrate(ML-specific coverage / 0.5):
  the role's ML-specific skills must supply at least half of its coverage for the coverage to
  count in full (Docker, Kubernetes and CI alone do not make an MLOps engineer);
* **level**: a role on the guide's ladder (intern, junior, ML engineer, senior, staff) or a job
  ad whose title names a seniority is multiplied by 1 − |candidate level − role level| / 4
  when the resume gives a level; specialisations are level-free;
* **bands**: strong ≥ 0.70, partial 0.45–0.70, weak < 0.45 (``RoleFit.band``).

Every point of the score is a :class:`~skillgap.models.MatchedSkill` naming the found skill that
earned it (contributions are the coverage shares scaled to the final score). Missing skills are
ranked by the points of the final score showing them would add (gain), ties by id. Roles are
ranked by score; equal scores (to 3 decimals) by the distinctiveness of the skills shown.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from skillgap.models import (
    CategoryScore,
    Document,
    Experience,
    MatchedSkill,
    MissingSkill,
    RoleFit,
    SkillHit,
)
from skillgap.score.experience import LEVELS
from skillgap.score.kpi import KpiFinder, find_kpi_evidence
from skillgap.taxonomy import Role, Skill, Taxonomy

__all__ = ["BANDS", "LEVELS", "PARTIAL_CREDIT", "band", "calibrate", "find_kpi_evidence", "fit_role",
           "fit_roles", "role_level", "scoring_data"]

PARTIAL_CREDIT = 0.5  # per step up the broader hierarchy
#: Score bands: (lower bound, name), highest first. Documented in the README and SOURCES.md.
BANDS: tuple[tuple[float, str], ...] = ((0.70, "strong"), (0.45, "partial"), (0.0, "weak"))
#: Level distance penalty per step of the ladder (1 − |Δ| × this).
LEVEL_STEP_PENALTY = 0.25
#: Steps of level difference a job ad forgives (titles such as "Senior Data Scientist" span two
#: rungs of the guide's ladder across companies).
AD_LEVEL_TOLERANCE = 1
#: A shown role skill is named among the role's distinctive skills from this distinctiveness on.
DISTINCTIVE_MIN = 0.3
_LEVEL_WORDS = {"intern": "intern", "junior": "junior", "mid": "mid", "senior": "senior",
                "staff": "staff+", "staff+": "staff+", "principal": "staff+", "lead": "staff+"}


@lru_cache(maxsize=1)
def scoring_data() -> dict[str, Any]:
    """``taxonomy/scoring.yaml``: calibration, ladder, ML gate and distinctiveness (read once)."""
    from skillgap._resources import data_dir
    from skillgap.taxonomy._load import builtin_files
    from skillgap.taxonomy._model import _parse

    files = builtin_files()
    if files is not None and "scoring.yaml" in files:
        return files["scoring.yaml"] or {}
    node = data_dir("taxonomy").joinpath("scoring.yaml")
    data = _parse(node.read_text(encoding="utf-8"), node.name, str(node)) if node.is_file() else None
    return data or {}


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


def calibrate(coverage: float) -> float:
    """The calibrated score of a raw coverage in [0, 1] (identity when no calibration is shipped).

    >>> calibrate(0.0), calibrate(1.0)
    (0.0, 1.0)
    """
    curve = _calibration()
    if curve is None:
        return coverage
    a, b, lo, hi = curve
    return min(1.0, max(0.0, (_sigmoid(a * coverage + b) - lo) / (hi - lo)))


@lru_cache(maxsize=1)
def _calibration() -> tuple[float, float, float, float] | None:
    """``(a, b, sigmoid(b), sigmoid(a + b))`` of the shipped curve, or None (read once)."""
    cal = scoring_data().get("calibration") or {}
    a, b = cal.get("a"), cal.get("b")
    if a is None or b is None:
        return None
    return float(a), float(b), _sigmoid(b), _sigmoid(a + b)


@lru_cache(maxsize=1)
def _ml_min_share() -> float:
    return float((scoring_data().get("ml_gate") or {}).get("min_ml_share") or 1.0)


def band(score: float) -> str:
    """strong (≥ 0.70), partial (0.45–0.70) or weak (< 0.45)."""
    return next(name for lower, name in BANDS if score >= lower - 1e-9)


def role_level(role: Role) -> str | None:
    """The ladder level the role is matched against, or None for a level-free role.

    Built-in ladder roles are listed in ``taxonomy/scoring.yaml`` (``level.ladder``); a job-ad
    role has a level when its title names a seniority.
    """
    ladder = (scoring_data().get("level") or {}).get("ladder") or []
    if role.id in ladder or _is_ad(role):
        return _LEVEL_WORDS.get(role.level.strip().lower()) if role.level else None
    return None


def _is_ad(role: Role) -> bool:
    return role.source.startswith("job description")


def _ml_specific(taxonomy: Taxonomy) -> frozenset[str]:
    def build(tax: Taxonomy) -> frozenset[str]:
        gate = scoring_data().get("ml_gate") or {}
        cats = set(gate.get("categories") or [])
        exclude = set(gate.get("exclude") or [])
        include = set(gate.get("include") or [])
        return frozenset(s.id for s in tax.skills
                         if (s.category in cats or s.id in include) and s.id not in exclude)

    return taxonomy.derived("score.ml_specific", build)


@lru_cache(maxsize=1)
def _posting_distinctiveness() -> dict[str, dict[str, float]]:
    """``{role: {skill: distinctiveness}}`` from real postings (``scoring.yaml``), read once."""
    tables = scoring_data().get("distinctive") or {}
    return {rid: {k: float(v) for k, v in table.items()} for rid, table in tables.items()}


def _distinctiveness(role: Role, taxonomy: Taxonomy) -> dict[str, float]:
    """``{skill: distinctiveness}`` of a role: from postings (shipped) or the roles' own idf."""
    table = _posting_distinctiveness().get(role.id)
    if table is not None and taxonomy.get_role(role.id) is role:
        return table

    def df(tax: Taxonomy) -> dict[str, int]:
        out: dict[str, int] = {}
        for r in tax.roles:
            for sid in r.weights():
                out[sid] = out.get(sid, 0) + 1
        return out

    counts = taxonomy.derived("score.role_df", df)
    n = max(2, len(taxonomy.roles))
    return {sid: round(math.log(n / counts[sid]) / math.log(n), 3) if counts.get(sid) else 1.0
            for sid in role.weights()}


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
    distinctiveness: dict[str, float]  # :func:`_distinctiveness` of the role
    #: the role's skills of distinctiveness at least DISTINCTIVE_MIN, the most distinctive first
    by_distinctiveness: tuple[str, ...]


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
    dist = _distinctiveness(role, taxonomy)
    ranked = tuple(sid for sid, d in sorted(dist.items(), key=lambda kv: (-kv[1], kv[0]))
                   if d >= DISTINCTIVE_MIN and sid in weights)
    return _RolePlan(total, required_total, tuple(skills), category_weight, labels, unshown, empty,
                     dist, ranked)


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
        share=round(importance * (1.0 - value) / total, 6),
        practice=practice.task if practice else None,
        practice_source=practice.source if practice else None)


def _category(cid: str, label: str, earned: float, weight: float, total: float) -> CategoryScore:
    return CategoryScore(category=cid, label=label,
                         score=round(min(1.0, earned / weight), 6) if weight else 0.0,
                         weight=round(weight / total, 6) if total else 0.0)


def _final(raw: float, ml_cov: float | None, level_f: float) -> float:
    """Calibrated score of a coverage, capped by the ML gate, times the level factor."""
    score = calibrate(raw)
    if ml_cov is not None:
        score = min(score, calibrate(min(1.0, ml_cov / _ml_min_share())))
    return score * level_f


def _candidate_share(role: Role, hits: Sequence[SkillHit], taxonomy: Taxonomy) -> float:
    """Share of the candidate's skills (by strength) that ``role`` asks for: a skill counts
    fully when the role names it, 0.5^distance when the role names a broader one."""
    weights = role.weights()
    total = asked = 0.0
    for hit in hits:
        total += hit.strength
        if hit.skill_id in weights:
            asked += hit.strength
            continue
        best = max((PARTIAL_CREDIT ** d for a, d in taxonomy.ancestors(hit.skill_id).items()
                    if a in weights), default=0.0)
        asked += hit.strength * best
    return asked / total if total else 0.0


def _join(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def _reason(role: Role, score: float, distinctive: list[str], unshown: list[str],
            cand_level: str | None, r_level: str | None, level_f: float | None, capped: bool,
            taxonomy: Taxonomy) -> str:
    """One sentence: the band, the distinctive skills shown, the level match."""
    def label(sid: str) -> str:
        sk = taxonomy.get(sid)
        return sk.label if sk else sid

    parts = [f"{role.label}: {band(score)} fit ({score:.2f})"]
    if distinctive:
        parts.append(f"shows its distinctive skills {_join([label(s) for s in distinctive[:3]])}")
    elif unshown:
        parts.append(f"shows none of its distinctive skills ({_join([label(s) for s in unshown[:3]])})")
    if capped:
        parts.append("capped by its ML-specific skills")
    if r_level is None:
        parts.append("level-free specialisation")
    elif cand_level is None:
        parts.append("no dated experience, so the level is not used")
    elif cand_level == r_level:
        parts.append(f"the level matches ({cand_level})")
    else:
        parts.append(f"level {cand_level} against the role's {r_level} (× {level_f:.2f})")
    return "; ".join(parts) + "."


def fit_role(role: Role, hits: Sequence[SkillHit], taxonomy: Taxonomy,
             documents: Sequence[Document] = (), *, experience: Experience | None = None,
             _credit: dict[str, tuple[float, str]] | None = None,
             _kpis: KpiFinder | None = None) -> RoleFit:
    """Score one role against the candidate's skills (and level, when ``experience`` has one)."""
    return _fit_role(role, hits, taxonomy, documents, experience=experience, _credit=_credit,
                     _kpis=_kpis)[0]


def _fit_role(role: Role, hits: Sequence[SkillHit], taxonomy: Taxonomy,
              documents: Sequence[Document] = (), *, experience: Experience | None = None,
              _credit: dict[str, tuple[float, str]] | None = None,
              _kpis: KpiFinder | None = None) -> tuple[RoleFit, float]:
    credit = _credit if _credit is not None else _credits(hits, taxonomy)
    plan = _plan(role, taxonomy)
    total = plan.total
    data = scoring_data()
    gated = role.id in ((data.get("ml_gate") or {}).get("roles") or []) and taxonomy.get_role(role.id) is role
    ml_set = _ml_specific(taxonomy) if gated else frozenset()
    ml_total = sum(imp for sid, imp, _, _ in plan.skills if sid in ml_set)
    gated = gated and ml_total > 0
    dist = plan.distinctiveness
    raw_matched: list[tuple[str, float, bool, Skill, float, str]] = []
    missing_raw: list[tuple[str, float, bool, Skill, float]] = []
    per_cat: dict[str, float] = {}
    earned = required_earned = ml_earned = tie = 0.0
    for skill_id, importance, required, skill in plan.skills:
        got = credit.get(skill_id)
        if got is None:
            missing_raw.append((skill_id, importance, required, skill, 0.0))
            continue
        value, via = got
        earned += importance * value
        if skill_id in ml_set:
            ml_earned += importance * value
        if required:
            required_earned += importance * value
        per_cat[skill.category] = per_cat.get(skill.category, 0.0) + importance * value
        tie += dist.get(skill_id, 0.0) * importance * value
        if value > 0:
            raw_matched.append((skill_id, importance, required, skill, value, via))
        if round(value, 6) < 0.5:  # a skill counts as missing when less than half of it is shown
            missing_raw.append((skill_id, importance, required, skill, value))
    coverage = min(1.0, earned / total) if total else 0.0
    ad_share = _candidate_share(role, hits, taxonomy) if _is_ad(role) else None
    raw = math.sqrt(coverage * ad_share) if ad_share is not None else coverage
    ml_cov = min(1.0, ml_earned / ml_total) if gated else None
    cand_level = experience.level if experience is not None else None
    r_level = role_level(role)
    level_f = None
    if cand_level is not None and r_level is not None:
        steps = abs(LEVELS.index(cand_level) - LEVELS.index(r_level))
        if _is_ad(role):  # an ad's title words are looser than the ladder: one step is free
            steps = max(0, steps - AD_LEVEL_TOLERANCE)
        level_f = max(0.0, 1.0 - LEVEL_STEP_PENALTY * steps)
    score = round(_final(raw, ml_cov, 1.0 if level_f is None else level_f), 6)
    scale = score / raw if raw > 0 else 0.0

    def gain_of(importance: float, value: float, in_ml: bool) -> float:
        add = importance * (1.0 - value) / total
        cov2 = min(1.0, coverage + add)
        raw2 = math.sqrt(cov2 * ad_share) if ad_share is not None else cov2
        ml2 = None if ml_cov is None else min(1.0, ml_cov + (importance * (1.0 - value) / ml_total if in_ml else 0.0))
        return max(0.0, round(_final(raw2, ml2, 1.0 if level_f is None else level_f) - score, 6))

    matched = [MatchedSkill(skill_id=sid, label=sk.label, required=req, importance=imp,
                            credit=round(value, 6),
                            contribution=round(min(1.0, imp * value / total * scale), 6), via=via)
               for sid, imp, req, sk, value, via in raw_matched]
    missing: list[MissingSkill] = []
    gains: dict[tuple[float, float, bool], float] = {}  # most missing skills share a weight
    for sid, imp, req, sk, value in missing_raw:
        base = plan.unshown[sid] if value == 0.0 else _missing(sk, imp, req, value, total)
        key = (imp, value, sid in ml_set)
        gain = gains.get(key)
        if gain is None:
            gain = gains[key] = gain_of(*key)
        missing.append(base.model_copy(update={"gain": gain}))
    # near a full score the calibrated gains shrink together: the share they add breaks ties
    missing.sort(key=lambda ms: (-ms.gain, -ms.share, not ms.required, ms.skill_id))
    matched.sort(key=lambda ms: (-ms.contribution, ms.skill_id))
    categories = [
        plan.empty_category[cid] if cid not in per_cat
        else _category(cid, plan.category_label[cid], per_cat[cid], w, total)
        for cid, w in sorted(plan.category_weight.items())
    ]
    finder = _kpis if _kpis is not None else KpiFinder(documents)
    kpis = [e for k in (taxonomy.kpi(i) for i in role.kpis) if k for e in finder.evidence(k)]
    shown = sorted(((dist.get(sid, 0.0) * value, sid) for sid, _, _, _, value, _ in raw_matched
                    if dist.get(sid, 0.0) >= DISTINCTIVE_MIN and value >= 0.3),
                   key=lambda t: (-t[0], t[1]))
    distinctive = [sid for _, sid in shown]
    unshown = [sid for sid in plan.by_distinctiveness if sid not in distinctive]
    capped = ml_cov is not None and _final(raw, ml_cov, 1.0) < calibrate(raw) - 1e-9
    fit = RoleFit(
        role_id=role.id, label=role.label, score=score,
        required_coverage=round(min(1.0, required_earned / plan.required_total), 6)
        if plan.required_total else 1.0,
        categories=categories, matched=matched, missing=missing, kpis=kpis,
        coverage=round(coverage, 6), band=band(score),  # type: ignore[arg-type]
        level_match=None if level_f is None else round(level_f, 6), distinctive=distinctive,
        reason=_reason(role, score, distinctive, unshown, cand_level, r_level, level_f, capped, taxonomy))
    return fit, (tie / total if total else 0.0)


def fit_roles(hits: Sequence[SkillHit], taxonomy: Taxonomy, roles: Iterable[Role] | None = None,
              documents: Sequence[Document] = (), *, experience: Experience | None = None) -> list[RoleFit]:
    """Score each role (all of the taxonomy's by default); best fit first.

    Scores equal to 3 decimals are ordered by the distinctiveness of the skills shown (the
    role whose own skills the candidate shows wins), then by role id.
    """
    credit = _credits(hits, taxonomy)
    finder = KpiFinder(documents)  # each document's sentences read once for every role's KPIs
    scored = [_fit_role(r, hits, taxonomy, documents, experience=experience, _credit=credit, _kpis=finder)
              for r in (taxonomy.roles if roles is None else roles)]
    scored.sort(key=lambda ft: (-round(ft[0].score, 3), -ft[1], ft[0].role_id))
    return [f for f, _ in scored]
