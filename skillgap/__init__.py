"""skillgap: how far a resume and portfolio are from an AI/ML role — offline.

>>> import skillgap
>>> doc = skillgap.Document.from_text("Experience\\n- Deployed PyTorch models with Docker")
>>> analysis = skillgap.analyze(doc, role="ml-engineer", embeddings=False)
>>> [s.skill_id for s in analysis.skills]
['docker', 'pytorch']
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import TYPE_CHECKING, Any

from skillgap._version import __version__

# Names are imported on first use (PEP 562): ``import skillgap`` stays cheap, and a part that
# needs no spaCy or pydantic (``skillgap.embed``, ``skillgap.errors``) loads without them.
_LAZY = {
    "Analysis": "skillgap.models",
    "BatchError": "skillgap.errors",
    "BatchResult": "skillgap.batch",
    "Document": "skillgap.models",
    "DocumentReadError": "skillgap.errors",
    "DocumentTimeoutError": "skillgap.errors",
    "DocumentTooLargeError": "skillgap.errors",
    "EmbeddingError": "skillgap.errors",
    "EmbeddingUnavailableError": "skillgap.errors",
    "Evidence": "skillgap.models",
    "IngestError": "skillgap.errors",
    "Limits": "skillgap.ingest",
    "LinkedSkill": "skillgap.link",
    "MissingSkill": "skillgap.models",
    "Role": "skillgap.taxonomy",
    "RoleFit": "skillgap.models",
    "ScreenProfile": "skillgap.screen",
    "ScreenResult": "skillgap.screen",
    "Skill": "skillgap.taxonomy",
    "SkillHit": "skillgap.models",
    "SkillgapError": "skillgap.errors",
    "Taxonomy": "skillgap.taxonomy",
    "TaxonomyError": "skillgap.errors",
    "TaxonomyValidationError": "skillgap.errors",
    "UnknownRoleError": "skillgap.errors",
    "UnknownSkillError": "skillgap.errors",
    "UnsupportedFormatError": "skillgap.errors",
    "analyze": "skillgap._api",
    "analyze_batch": "skillgap.batch",
    "find_mentions": "skillgap.extract",
    "link_skills": "skillgap.link",
    "load_document": "skillgap.ingest",
    "load_taxonomy": "skillgap.taxonomy",
    "role_from_job_description": "skillgap.jobad",
    "screen": "skillgap.screen",
}

if TYPE_CHECKING:
    from skillgap._api import analyze
    from skillgap.batch import BatchResult, analyze_batch
    from skillgap.errors import (
        BatchError,
        DocumentReadError,
        DocumentTimeoutError,
        DocumentTooLargeError,
        EmbeddingError,
        EmbeddingUnavailableError,
        IngestError,
        SkillgapError,
        TaxonomyError,
        TaxonomyValidationError,
        UnknownRoleError,
        UnknownSkillError,
        UnsupportedFormatError,
    )
    from skillgap.extract import find_mentions
    from skillgap.ingest import Limits, load_document
    from skillgap.jobad import role_from_job_description
    from skillgap.link import LinkedSkill, link_skills
    from skillgap.models import (
        Analysis,
        Document,
        Evidence,
        MissingSkill,
        RoleFit,
        SkillHit,
    )
    from skillgap.screen import ScreenProfile, ScreenResult, screen
    from skillgap.taxonomy import Role, Skill, Taxonomy, load_taxonomy


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'skillgap' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # later lookups skip this function
    return value


def __dir__() -> list[str]:
    loaded = {n for n, v in globals().items() if isinstance(v, types.ModuleType)
              and v.__name__.startswith(f"{__name__}.")}  # submodules imported so far
    return sorted({*__all__, *loaded, *(n for n in globals() if n.startswith("__"))})


class _Package(types.ModuleType):
    """The package object: when the submodule ``skillgap.screen`` is first imported, Python
    binds it as the package attribute ``screen``; the public name stays the function."""

    def __setattr__(self, name: str, value: Any) -> None:
        if name == "screen" and isinstance(value, types.ModuleType):
            value = value.screen
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package


__all__ = [
    "Analysis",
    "BatchError",
    "BatchResult",
    "Document",
    "DocumentReadError",
    "DocumentTimeoutError",
    "DocumentTooLargeError",
    "EmbeddingError",
    "EmbeddingUnavailableError",
    "Evidence",
    "IngestError",
    "Limits",
    "LinkedSkill",
    "MissingSkill",
    "Role",
    "RoleFit",
    "ScreenProfile",
    "ScreenResult",
    "Skill",
    "SkillHit",
    "SkillgapError",
    "Taxonomy",
    "TaxonomyError",
    "TaxonomyValidationError",
    "UnknownRoleError",
    "UnknownSkillError",
    "UnsupportedFormatError",
    "__version__",
    "analyze",
    "analyze_batch",
    "find_mentions",
    "link_skills",
    "load_document",
    "load_taxonomy",
    "role_from_job_description",
    "screen",
]
