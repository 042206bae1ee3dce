"""Taxonomy: the skills, roles and KPIs that everything is scored against — model, loading, importers.

The built-in taxonomy is the AI/ML career guide's (``taxonomy/`` in the repository, shipped in
the wheel). Users load their own with :func:`load_taxonomy` (same format, one file or a folder;
see ``docs/taxonomy-format.md``) or import ESCO / O*NET (:mod:`skillgap.taxonomy.importers`).

- ``_model``: :class:`Taxonomy`, :class:`Skill`, :class:`Role` — validation and lookups, no I/O
  beyond the project's own format;
- ``_load``: :func:`load_taxonomy`, which detects ESCO / O*NET exports and hands them to
- ``importers`` (with ``_esco`` and ``_onet``), which build a :class:`Taxonomy`;
- ``_vocabulary``: the broad vocabulary (O*NET Technology Skills + ESCO) put behind the built-in
  taxonomy (``Taxonomy.vocabulary``): its skills are found and reported, the guide's score roles.
"""

from __future__ import annotations

from skillgap.taxonomy._load import load_taxonomy
from skillgap.taxonomy._model import (
    Category,
    ExtraSkills,
    Kpi,
    Practice,
    Role,
    RoleSkills,
    Skill,
    Taxonomy,
    build_taxonomy,
    normalize_name,
)
from skillgap.taxonomy._vocabulary import Vocabulary, VocabularyMatch, load_vocabulary

__all__ = [
    "Category",
    "ExtraSkills",
    "Kpi",
    "Practice",
    "Role",
    "RoleSkills",
    "Skill",
    "Taxonomy",
    "Vocabulary",
    "VocabularyMatch",
    "build_taxonomy",
    "load_taxonomy",
    "load_vocabulary",
    "normalize_name",
]
