"""skillgap: how far a resume and portfolio are from an AI/ML role — offline.

>>> import skillgap
>>> doc = skillgap.Document.from_text("Experience\\n- Deployed PyTorch models with Docker")
>>> analysis = skillgap.analyze(doc, role="ml-engineer", embeddings=False)
>>> [s.skill_id for s in analysis.skills]
['docker', 'pytorch']
"""

from __future__ import annotations

from skillgap._api import analyze
from skillgap._version import __version__
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
