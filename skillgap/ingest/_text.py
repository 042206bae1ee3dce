"""Plain text and Markdown."""

from __future__ import annotations

from pathlib import Path

from skillgap.models import Document

__all__ = ["read_markdown", "read_text"]


def _kind(path: Path) -> str:
    return "readme" if path.name.lower().startswith("readme") else "resume"


def read_text(path: Path, data: bytes, limits: object) -> Document:
    from skillgap.ingest import decode_text

    return Document.from_text(decode_text(data, path), kind=_kind(path), source=str(path))


def read_markdown(path: Path, data: bytes, limits: object) -> Document:
    from skillgap.ingest import decode_text

    return Document.from_text(decode_text(data, path), kind=_kind(path), source=str(path),
                              format="markdown")
