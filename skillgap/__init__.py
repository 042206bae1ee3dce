"""skillgap: how far a resume and portfolio are from an AI/ML role — offline.

>>> import skillgap
>>> doc = skillgap.Document.from_text("Experience\\n- Deployed PyTorch models with Docker")
>>> analysis = skillgap.analyze(doc, role="ml-engineer", embeddings=False)
>>> [s.skill_id for s in analysis.skills]
['docker', 'pytorch']
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.util
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
    "LanguageHit": "skillgap.models",
    "Limits": "skillgap.ingest",
    "LinkedSkill": "skillgap.link",
    "MissingSkill": "skillgap.models",
    "Role": "skillgap.taxonomy",
    "RoleFit": "skillgap.models",
    "ScreenProfile": "skillgap.score.screen",
    "ScreenResult": "skillgap.score.screen",
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
    "role_from_job_description": "skillgap.score.jobad",
    "screen": "skillgap.score.screen",
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
    from skillgap.link import LinkedSkill, link_skills
    from skillgap.models import (
        Analysis,
        Document,
        Evidence,
        LanguageHit,
        MissingSkill,
        RoleFit,
        SkillHit,
    )
    from skillgap.score.jobad import role_from_job_description
    from skillgap.score.screen import ScreenProfile, ScreenResult, screen
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


# Modules that moved into the pipeline's subpackages keep their old import paths: importing
# ``skillgap.embed`` gives the very module object ``skillgap.embed`` (one module, so
# monkeypatching either name patches both).
_MOVED = {
    "skillgap.html": "skillgap.report.html",
    "skillgap.importers": "skillgap.taxonomy.importers",
    "skillgap.jobad": "skillgap.score.jobad",
    "skillgap.kpi": "skillgap.score.kpi",
    "skillgap.redact": "skillgap.report.redact",
    "skillgap.screen": "skillgap.score.screen",
    "skillgap.spacy_component": "skillgap.extract.spacy_component",
}


class _MovedModules(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Finds an old module path of :data:`_MOVED` and loads it as the module's new home."""

    def find_spec(self, fullname: str, path: Any = None, target: Any = None) -> Any:
        if fullname not in _MOVED:
            return None
        return importlib.util.spec_from_loader(fullname, self)

    def create_module(self, spec: Any) -> types.ModuleType:
        return importlib.import_module(_MOVED[spec.name])

    def exec_module(self, module: types.ModuleType) -> None:
        """The module is already executed under its new name."""


if not any(type(f).__name__ == "_MovedModules" for f in sys.meta_path):
    sys.meta_path.append(_MovedModules())


class _Package(types.ModuleType):
    """The package object: when the old module path ``skillgap.screen`` is first imported, Python
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
    "LanguageHit",
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
