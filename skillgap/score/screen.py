"""Recruiter screening: must-haves, nice-to-haves, minimum fit and KPI evidence, with reasons.

A :class:`ScreenProfile` (YAML: ``skillgap screen --profile screen.yaml``) says what a candidate
needs to be shortlisted::

    role: ml-engineer            # optional; --role wins
    must_have: [python, docker]  # all required; ids, labels or aliases
    nice_to_have: [kubernetes]
    min_fit: 0.3                 # role score
    min_strength: 0.5            # evidence strength for a must-have to count
    kpis: [latency]              # each needs a quantified achievement
    min_kpis: 1                  # at least this many of the role's and the profile's KPIs

Without a profile the role's required skills of weight ≥ 0.8 are the must-haves and one KPI of
the role needs evidence. Every decision comes with reasons: which must-have is missing or too
weakly shown, which KPI has evidence — quoted, with its source.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from os import PathLike
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from skillgap.batch import BatchResult, FileError, analyze_batch
from skillgap.errors import TaxonomyValidationError
from skillgap.models import Analysis
from skillgap.taxonomy import Role, Taxonomy

__all__ = ["KpiCheck", "Quote", "ScreenProfile", "ScreenResult", "SkillCheck", "screen",
           "screen_analysis"]

DEFAULT_MUST_HAVE_WEIGHT = 0.8


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class ScreenProfile(_Frozen):
    """What a candidate needs to be shortlisted.

    >>> ScreenProfile(must_have=["python"], min_fit=0.3).min_strength
    0.5
    """

    role: str | None = None
    must_have: list[str] = Field(default_factory=list)
    nice_to_have: list[str] = Field(default_factory=list)
    min_fit: float = Field(default=0.0, ge=0.0, le=1.0)
    min_strength: float = Field(default=0.5, ge=0.0, le=1.0)
    kpis: list[str] = Field(default_factory=list)
    min_kpis: int = Field(default=0, ge=0)

    @classmethod
    def load(cls, path: str | PathLike[str]) -> ScreenProfile:
        """Read a profile from YAML or JSON.

        Raises:
            TaxonomyValidationError: the file is malformed (every problem is listed).
        """
        p = Path(path)
        try:
            raw = yaml.safe_load(p.read_text(encoding="utf-8")) or {}
        except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
            raise TaxonomyValidationError([f"[{p.name}] cannot be read: {exc}"], path=str(p)) \
                from exc
        try:
            return cls.model_validate(raw)
        except ValidationError as exc:
            from skillgap.taxonomy._model import _flatten

            raise TaxonomyValidationError(_flatten(exc), path=str(p)) from None

    @classmethod
    def for_role(cls, role: Role) -> ScreenProfile:
        """The default profile: the role's heaviest required skills, one KPI with evidence."""
        must = sorted(s for s, w in role.skills.required.items() if w >= DEFAULT_MUST_HAVE_WEIGHT)
        return cls(role=role.id, must_have=must or sorted(role.skills.required),
                   min_kpis=1 if role.kpis else 0)


class Quote(_Frozen):
    text: str
    source: str


class SkillCheck(_Frozen):
    skill_id: str
    label: str
    met: bool
    strength: float = Field(ge=0.0, le=1.0)
    via: str | None = Field(default=None, description="the narrower skill that shows it, if any")
    quote: Quote | None = None


class KpiCheck(_Frozen):
    kpi_id: str
    label: str
    required: bool
    quotes: list[Quote]

    @property
    def met(self) -> bool:
        return bool(self.quotes)


class ScreenResult(_Frozen):
    """The screening decision on one candidate, with its reasons."""

    candidate_id: str
    shortlisted: bool
    score: float | None
    must_haves: list[SkillCheck]
    nice_to_haves: list[SkillCheck]
    kpis: list[KpiCheck]
    reasons: list[str]
    errors: list[FileError] = Field(default_factory=list)


def _resolve_ids(names: Iterable[str], tax: Taxonomy) -> list[str]:
    return [tax.lookup(n).id for n in names]  # UnknownSkillError names close matches


def screening_role(role: Role, profile: ScreenProfile, tax: Taxonomy) -> Role:
    """The role with the profile's KPIs added, so their evidence is collected."""
    kpis = list(dict.fromkeys([*role.kpis, *profile.kpis]))
    for kid in kpis:
        if tax.kpi(kid) is None:
            raise TaxonomyValidationError(
                [f"[profile -> kpis] unknown KPI {kid!r}; valid: "
                 f"{', '.join(k.id for k in tax.kpis)}"])
    return role.model_copy(update={"kpis": kpis})


def _check_skill(analysis: Analysis, skill_id: str, tax: Taxonomy,
                 min_strength: float) -> SkillCheck:
    skill = tax.get(skill_id)
    label = skill.label if skill else skill_id
    best, via = None, None
    hit = analysis.skill(skill_id)
    if hit is not None:
        best = hit
    else:  # a narrower skill shows it (PostgreSQL for SQL)
        for h in analysis.skills:
            if skill_id in tax.ancestors(h.skill_id) and (best is None
                                                           or h.strength > best.strength):
                best, via = h, h.skill_id
    if best is None:
        return SkillCheck(skill_id=skill_id, label=label, met=False, strength=0.0)
    ev = best.evidence[0]
    quote = Quote(text=" ".join((ev.context or ev.text).split())[:200], source=ev.source)
    return SkillCheck(skill_id=skill_id, label=label, met=best.strength >= min_strength,
                      strength=best.strength, via=via, quote=quote)


def screen_analysis(analysis: Analysis | None, *, role: Role, profile: ScreenProfile,
                    taxonomy: Taxonomy, candidate_id: str = "candidate",
                    errors: Sequence[FileError] = ()) -> ScreenResult:
    """Screen one analysed candidate (``analysis`` must score ``role``)."""
    if analysis is None:
        return ScreenResult(candidate_id=candidate_id, shortlisted=False, score=None, must_haves=[],
                            nice_to_haves=[], kpis=[], errors=list(errors),
                            reasons=["no readable document: " + "; ".join(
                                f"{Path(e.source).name}: {e.message}" for e in errors)])
    fit = analysis.role(role.id)
    must = [_check_skill(analysis, s, taxonomy, profile.min_strength)
            for s in _resolve_ids(profile.must_have, taxonomy)]
    nice = [_check_skill(analysis, s, taxonomy, profile.min_strength)
            for s in _resolve_ids(profile.nice_to_have, taxonomy)]
    kpis = []
    for kid in role.kpis:
        kpi = taxonomy.kpi(kid)
        quotes = [Quote(text=" ".join(k.text.split())[:200], source=k.source) for k in fit.kpis if k.kpi_id == kid]
        kpis.append(KpiCheck(kpi_id=kid, label=kpi.label if kpi else kid,
                             required=kid in profile.kpis, quotes=quotes))
    reasons: list[str] = []
    ok = True
    for c in must:
        if c.met:
            how = f" (via {c.via})" if c.via else ""
            reasons.append(f"has must-have {c.label}{how}: \"{c.quote.text if c.quote else ''}\" "
                           f"— {Path(c.quote.source).name if c.quote else ''}")
        elif c.strength > 0:
            ok = False
            reasons.append(f"must-have {c.label} only weakly shown (strength {c.strength:.2f} < "
                           f"{profile.min_strength:.2f})")
        else:
            ok = False
            reasons.append(f"missing must-have {c.label}")
    if fit.score < profile.min_fit:
        ok = False
        reasons.append(f"fit {fit.score:.2f} below the minimum {profile.min_fit:.2f}")
    for k in kpis:
        if k.met:
            q = k.quotes[0]
            reasons.append(f"KPI {k.label}: \"{q.text}\" — {Path(q.source).name}")
        elif k.required:
            ok = False
            reasons.append(f"required KPI {k.label}: no quantified achievement found")
    evidenced = sum(1 for k in kpis if k.met)
    if evidenced < profile.min_kpis:
        ok = False
        reasons.append(f"KPI evidence for {evidenced} of the role's KPIs; needs at least "
                       f"{profile.min_kpis} (quantified results such as latency, uptime, accuracy)")
    met_nice = [c.label for c in nice if c.met]
    if met_nice:
        reasons.append("nice-to-have: " + ", ".join(met_nice))
    for e in errors:
        reasons.append(f"unreadable source {Path(e.source).name}: {e.type}")
    return ScreenResult(candidate_id=candidate_id, shortlisted=ok, score=fit.score, must_haves=must,
                        nice_to_haves=nice, kpis=kpis, reasons=reasons, errors=list(errors))


def screen(inputs: Any, *, role: str | Role | None = None, profile: ScreenProfile | None = None,
           taxonomy: Taxonomy | str | PathLike[str] | None = None,
           on_result: Callable[[BatchResult], None] | None = None,
           **batch_options: Any) -> list[ScreenResult]:
    """Screen every candidate of a folder (or list of paths) against a role and a profile.

    Args:
        inputs: as for :func:`skillgap.analyze_batch`.
        role: a role id or :class:`~skillgap.Role` (e.g. from a job ad); else ``profile.role``.
        profile: must-haves, KPIs, thresholds (default: :meth:`ScreenProfile.for_role`).
        on_result: called with each :class:`~skillgap.batch.BatchResult` as it arrives.
        **batch_options: passed to :func:`~skillgap.analyze_batch` (``workers``, ``embeddings`` …).

    Returns:
        Shortlisted candidates first, best fit first, ties by candidate id; then the rest.

    >>> import tempfile, pathlib
    >>> root = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (root / "ann.txt").write_text("Experience\\n- Cut p99 latency from 300 ms to 80 ms "
    ...                                   "serving PyTorch models in Python")
    >>> [r] = screen(root, role="ml-engineer", profile=ScreenProfile(must_have=["python"],
    ...              min_kpis=1), workers=1, embeddings=False)
    >>> r.shortlisted, [k.kpi_id for k in r.kpis if k.met]
    (True, ['latency'])
    """
    from skillgap._api import resolve_taxonomy

    tax = resolve_taxonomy(taxonomy)
    role_ref = role if role is not None else (profile.role if profile else None)
    if role_ref is None:
        raise TaxonomyValidationError(["[profile -> role] give a role (--role, or 'role:' in the "
                                       "profile)"])
    base = role_ref if isinstance(role_ref, Role) else tax.role(role_ref)
    prof = profile if profile is not None else ScreenProfile.for_role(base)
    the_role = screening_role(base, prof, tax)
    tax = tax.with_roles([the_role])
    results: list[ScreenResult] = []
    for res in analyze_batch(inputs, role=the_role, taxonomy=tax, **batch_options):
        if on_result is not None:
            on_result(res)
        results.append(_screen_result(res, the_role, prof, tax))
    results.sort(key=lambda r: (not r.shortlisted, -(r.score or 0.0), r.candidate_id))
    return results


def _screen_result(res: BatchResult, role: Role, profile: ScreenProfile,
                   tax: Taxonomy) -> ScreenResult:
    return screen_analysis(res.analysis, role=role, profile=profile, taxonomy=tax,
                           candidate_id=res.candidate_id, errors=res.errors)
