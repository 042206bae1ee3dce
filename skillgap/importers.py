"""Importers for third-party taxonomies (ESCO, O*NET) into skillgap's own format."""

from __future__ import annotations

from pathlib import Path

from skillgap.taxonomy import Taxonomy

__all__ = ["detect_format", "import_taxonomy"]


def detect_format(path: Path, text: str) -> str | None:
    """The third-party format of ``path`` ('esco', 'esco-labels', 'onet'), or None for our own."""
    return None


def import_taxonomy(path: Path, *, format: str) -> Taxonomy:  # noqa: A002
    raise NotImplementedError(format)
