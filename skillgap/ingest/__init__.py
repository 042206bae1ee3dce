"""Read what candidates send into :class:`~skillgap.models.Document` objects.

``load_document(path)`` picks the reader from the file's content (magic bytes), then its
extension; ``load_sources(*sources)`` expands folders (a candidate folder, a repository clone)
into documents. Every failure is an :class:`~skillgap.errors.IngestError` naming the file.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from os import PathLike
from pathlib import Path

from skillgap.errors import DocumentReadError, DocumentTooLargeError, UnsupportedFormatError
from skillgap.models import Document

__all__ = ["Limits", "detect_format", "load_document", "load_sources"]


@dataclass(frozen=True)
class Limits:
    """Limits on what one document may be; over a limit is a ``DocumentTooLargeError``.

    Attributes:
        max_bytes: file size (default 20 MB).
        max_pages: PDF pages (default 50).
        max_chars: characters of extracted text (default 2,000,000).
        timeout_s: seconds one document may take in a batch (default 60).
    """

    max_bytes: int = 20_000_000
    max_pages: int = 50
    max_chars: int = 2_000_000
    timeout_s: float = 60.0


DEFAULT_LIMITS = Limits()

_TEXT_EXT = {".txt", ".text", ".rst", ""}
_MD_EXT = {".md", ".markdown", ".mdown"}


def detect_format(path: Path, head: bytes) -> str:
    """The reader for a file: 'pdf', 'docx', 'doc', 'json', 'markdown', 'text', … from content first."""
    if head.startswith(b"%PDF") or b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "doc"
    if head.startswith(b"PK\x03\x04"):
        return "docx" if path.suffix.lower() in {".docx", ".docm", ""} or b"word/" in head else "zip"
    if head.startswith(b"{\\rtf"):
        return "rtf"
    ext = path.suffix.lower()
    if _is_binary(head):
        return "binary"
    if ext == ".json" or (ext in _TEXT_EXT and head.lstrip().startswith(b"{")):
        return "json"
    if ext in _MD_EXT:
        return "markdown"
    if ext in {".ipynb"}:
        return "notebook"
    return "text"


def _is_binary(head: bytes) -> bool:
    if not head:
        return False
    if head.startswith((b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf")):
        return False  # text with a BOM
    if b"\x00" in head:
        return True
    control = sum(1 for b in head if b < 9 or 13 < b < 32)
    return control / len(head) > 0.1


def decode_text(data: bytes, path: str | PathLike[str]) -> str:
    """Decode bytes as UTF-8 (with or without BOM), UTF-16 with BOM, else Latin-1 with a warning-free fallback."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise DocumentReadError(f"broken UTF-16 text ({exc.reason}); re-save the file as UTF-8",
                                    path=path) from exc
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _read_bytes(path: Path, limits: Limits) -> bytes:
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise DocumentReadError(f"cannot read the file ({exc.strerror}); check that it exists and "
                                "that you may read it", path=path) from exc
    if size > limits.max_bytes:
        raise DocumentTooLargeError(
            f"file is {size:,} bytes, over the limit of {limits.max_bytes:,}; raise it with "
            "Limits(max_bytes=...) or --max-bytes", path=path)
    try:
        return path.read_bytes()
    except OSError as exc:
        raise DocumentReadError(f"cannot read the file ({exc.strerror}); check its permissions",
                                path=path) from exc


def _check_chars(doc: Document, limits: Limits) -> Document:
    if len(doc.text) > limits.max_chars:
        raise DocumentTooLargeError(
            f"extracted text has {len(doc.text):,} characters, over the limit of "
            f"{limits.max_chars:,}; raise it with Limits(max_chars=...) or --max-chars",
            path=doc.source)
    return doc


def load_document(path: str | PathLike[str], *, kind: str | None = None,
                  limits: Limits = DEFAULT_LIMITS) -> Document:
    """Read one file into a :class:`Document`.

    The reader is chosen from the content (a PDF named ``.txt`` is read as PDF), then from the
    extension. ``kind`` overrides the guessed kind ("resume", "readme", "job-description").

    Raises:
        UnsupportedFormatError: not a format skillgap reads (the message says what to convert to).
        DocumentReadError: broken, encrypted, unreadable, or no text.
        DocumentTooLargeError: over a limit of ``limits``.

    >>> load_document("examples/resumes/ml_engineer.md").kind
    'resume'
    """
    p = Path(path)
    if p.is_dir():
        raise UnsupportedFormatError("is a folder; use load_sources() or analyze() for folders",
                                     path=p)
    data = _read_bytes(p, limits)
    if not data.strip():
        raise DocumentReadError("the file is empty; nothing to analyse", path=p)
    fmt = detect_format(p, data[:4096])
    reader = _reader(fmt, p)
    doc = reader(p, data, limits)
    if kind is not None:
        doc = doc.model_copy(update={"kind": kind})
    if not doc.text.strip() and not doc.warnings:
        raise DocumentReadError("no text could be read from the file", path=p)
    return _check_chars(doc, limits)


def _reader(fmt: str, path: Path):  # type: ignore[no-untyped-def]
    from skillgap.ingest import _text

    readers = {"text": _text.read_text, "markdown": _text.read_markdown}
    extra = _optional_readers()
    readers.update(extra)
    if fmt in readers:
        return readers[fmt]
    if fmt == "doc":
        raise UnsupportedFormatError("legacy Word .doc is not supported; save it as .docx or PDF "
                                     "(e.g. `libreoffice --headless --convert-to docx`)", path=path)
    if fmt == "rtf":
        raise UnsupportedFormatError("RTF is not supported; save it as .docx, PDF or plain text",
                                     path=path)
    if fmt in {"binary", "zip"}:
        raise UnsupportedFormatError("not a document skillgap reads (binary content); supported: "
                                     "PDF, DOCX, TXT, Markdown, JSON Resume", path=path)
    raise UnsupportedFormatError(f"{fmt} files are not supported yet; convert to PDF, DOCX or text",
                                 path=path)


def _optional_readers() -> dict:  # type: ignore[type-arg]
    """Readers of the richer formats (PDF, DOCX, JSON Resume, notebooks), when present."""
    readers = {}
    try:
        from skillgap.ingest import _formats
    except ImportError:
        return readers
    readers.update(_formats.READERS)
    return readers


def load_sources(sources: Iterable[str | PathLike[str] | Document], *,
                 limits: Limits = DEFAULT_LIMITS) -> list[Document]:
    """Turn paths (files or folders) and documents into the documents of one candidate."""
    docs: list[Document] = []
    for source in sources:
        if isinstance(source, Document):
            docs.append(source)
            continue
        if isinstance(source, str | os.PathLike):
            p = Path(source)
            if p.is_dir():
                docs.extend(_load_folder(p, limits))
            else:
                docs.append(load_document(p, limits=limits))
            continue
        raise TypeError(f"a source is a path or a skillgap.Document, not {type(source).__name__}")
    return docs


def _load_folder(folder: Path, limits: Limits) -> list[Document]:
    try:
        from skillgap.ingest import _repo
    except ImportError:
        _repo = None  # type: ignore[assignment]
    if _repo is not None:
        return _repo.load_folder(folder, limits=limits)
    docs = []
    for p in sorted(folder.rglob("*")):
        if p.is_file() and p.suffix.lower() in (_TEXT_EXT | _MD_EXT) - {""}:
            docs.append(load_document(p, limits=limits))
    if not docs:
        raise DocumentReadError("no readable documents in the folder", path=folder)
    return docs
