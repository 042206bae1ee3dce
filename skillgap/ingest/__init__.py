"""Read what candidates send into :class:`~skillgap.models.Document` objects.

``load_document(path)`` picks the reader from the file's content (magic bytes), then its
extension; ``load_sources(sources)`` expands folders (a candidate folder, a repository clone)
into documents. Every failure is an :class:`~skillgap.errors.IngestError` naming the file.

One private module per format: ``_pdf``, ``_docx``, ``_jsonresume``, ``_markdown``, ``_text``
(plain text, LaTeX, Typst, YAML), ``_repo`` (folders, notebooks, dependency files).
"""

from __future__ import annotations

import math
import os
import signal
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from os import PathLike
from pathlib import Path
from time import monotonic

from skillgap.errors import (
    DocumentReadError,
    DocumentTimeoutError,
    DocumentTooLargeError,
    UnsupportedFormatError,
)
from skillgap.models import Document

__all__ = [
    "DEFAULT_LIMITS",
    "Deadline",
    "Limits",
    "decode_text",
    "describe_error",
    "detect_format",
    "load_document",
    "load_sources",
]


@dataclass(frozen=True)
class Limits:
    """Limits on what one document may be; over a limit is a ``DocumentTooLargeError``.

    Attributes:
        max_bytes: file size (default 20 MB); a DOCX may unpack to at most 5x this.
        max_pages: PDF pages (default 50).
        max_chars: characters of extracted text (default 2,000,000).
        timeout_s: the time limit in seconds (default 60; 0 or ``None``: none): of a whole
            ``analyze()`` call, reading to scoring (see :class:`Deadline`), and of reading one
            document in ``load_document``. PDF reading checks it after every page; on the main
            thread of a POSIX process, when no other ``SIGALRM`` timer is set, ``load_document``
            also arms a timer, so even a single pathological page stops with a
            ``DocumentTimeoutError``. Batch workers are bounded by the batch engine.

    >>> Limits(max_pages=100).max_pages
    100
    """

    max_bytes: int = 20_000_000
    max_pages: int = 50
    max_chars: int = 2_000_000
    timeout_s: float | None = 60.0


DEFAULT_LIMITS = Limits()

Reader = Callable[[Path, bytes, Limits], Document]

_TEXT_EXT = {
    ".txt",
    ".text",
    ".rst",
    ".tex",
    ".typ",
    ".yaml",
    ".yml",
    ".cfg",
    ".toml",
    ".ini",
    ".csv",
    ".tsv",
    ".log",
    ".py",
    "",
}
_MD_EXT = {".md", ".markdown", ".mdown", ".mkd"}


def detect_format(path: str | PathLike[str], head: bytes) -> str:
    """The reader for a file, from its content first and its extension second.

    Returns one of ``pdf``, ``docx``, ``zip``, ``doc``, ``rtf``, ``binary``, ``json``,
    ``notebook``, ``markdown``, ``latex``, ``typst``, ``text``.

    >>> detect_format("resume.txt", b"%PDF-1.7 ...")
    'pdf'
    """
    p = Path(path)
    ext = p.suffix.lower()
    if head.startswith(b"%PDF") or b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "doc"
    if head.startswith(b"PK\x03\x04"):
        return "docx" if ext in {".docx", ".docm", ".dotx"} or b"word/" in head else "zip"
    if head.startswith(b"{\\rtf"):
        return "rtf"
    if _is_binary(head):
        return "binary"
    if ext == ".ipynb":
        return "notebook"
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if ext == ".json" or (ext in {".txt", ".text", ""} and stripped.startswith(b"{")):
        return "json"
    if ext in _MD_EXT:
        return "markdown"
    if ext == ".tex":
        return "latex"
    if ext == ".typ":
        return "typst"
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


def decode_text(data: bytes, path: str | PathLike[str] | None = None) -> str:
    """Decode bytes: UTF-8 (with or without BOM), UTF-16 with BOM, else cp1252/Latin-1.

    Never raises, and never returns a surrogate: UTF-8 that holds UTF-16 surrogates (CESU-8,
    Java's modified UTF-8, an emoji cut in half by a tool that counts UTF-16 units) is read with
    each surrogate pair joined into its character and a lone surrogate replaced by U+FFFD; other
    bytes that are not UTF-8 are read as cp1252, bytes cp1252 leaves undefined are replaced, and
    so are broken UTF-16 code units (a lone surrogate, an odd last byte).

    >>> decode_text("café".encode("cp1252"))
    'café'
    >>> decode_text("café \\ud83d".encode("utf-8", "surrogatepass"))
    'café \\ufffd'
    """
    from skillgap.ingest._unicode import fix_surrogates

    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
        try:
            return fix_surrogates(data.decode("utf-8", "surrogatepass"))
        except UnicodeDecodeError:
            return data.decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        # a cut-off last byte or a lone surrogate loses one character, not the file
        return data.decode("utf-16", errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return fix_surrogates(data.decode("utf-8", "surrogatepass"))
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def too_large(
    what: str, value: int, limit: int, option: str, path: str | PathLike[str]
) -> DocumentTooLargeError:
    """The error for a limit that was exceeded, naming the limit and how to raise it."""
    flag = "--" + option.replace("_", "-")
    return DocumentTooLargeError(
        f"{what} is {value:,}, over the limit of {limit:,} ({option}); raise it with "
        f"Limits({option}=...) or {flag}",
        path=path,
    )


def _read_bytes(path: Path, limits: Limits) -> bytes:
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise DocumentReadError(
            f"cannot read the file ({exc.strerror}); check that it exists and that you may read it",
            path=path,
        ) from exc
    if size > limits.max_bytes:
        raise too_large("the file size in bytes", size, limits.max_bytes, "max_bytes", path)
    try:
        return path.read_bytes()
    except OSError as exc:
        raise DocumentReadError(
            f"cannot read the file ({exc.strerror}); check its permissions", path=path
        ) from exc


def _check_chars(doc: Document, limits: Limits) -> Document:
    if len(doc.text) > limits.max_chars:
        raise too_large(
            "the extracted text length in characters",
            len(doc.text),
            limits.max_chars,
            "max_chars",
            doc.source,
        )
    return doc


def load_document(
    path: str | PathLike[str], *, kind: str | None = None, limits: Limits = DEFAULT_LIMITS
) -> Document:
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
        raise UnsupportedFormatError(
            "is a folder; use load_sources() or analyze() for folders", path=p
        )
    data = _read_bytes(p, limits)
    if not data.strip():
        raise DocumentReadError(
            "the file is empty; check that it was saved or copied completely", path=p
        )
    fmt = detect_format(p, data[:4096])
    if fmt == "zip" and _zip_has(data, "word/document.xml"):
        fmt = "docx"
    reader = _reader(fmt, p)
    with _deadline(limits.timeout_s, p):
        doc = reader(p, data, limits)
    if kind is not None:
        doc = doc.model_copy(update={"kind": kind})
    if not doc.text.strip() and not doc.warnings:
        raise DocumentReadError(
            "no text could be read from the file; check that it is the resume itself and "
            "not an empty template, or export it again as PDF, DOCX or text",
            path=p,
        )
    return _check_chars(doc, limits)


class _Deadline(BaseException):
    """Raised by the timer of :func:`_deadline` (a BaseException: readers' ``except Exception``
    clauses must not swallow it)."""


def _timer_free() -> bool:
    """Whether this thread may arm ``SIGALRM`` without disturbing anybody else's timer."""
    return (
        hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
        and signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
        and signal.getsignal(signal.SIGALRM) == signal.SIG_DFL
    )


def timeout_error(seconds: float, path: str | PathLike[str]) -> DocumentTimeoutError:
    """The error for a document that took longer than ``Limits.timeout_s``."""
    return DocumentTimeoutError(
        f"reading took over {seconds:g} s (timeout_s); the file may be damaged or built to "
        "stall readers: check it, or raise the limit with Limits(timeout_s=...) or --timeout",
        path=path,
    )


class Deadline:
    """The moment a whole analysis must be done by: ``Limits.timeout_s`` after it started.

    Cooperative, so it holds in any thread (no signal): ``analyze()`` calls :meth:`check`
    between sources, documents and stages, and extraction calls it every few hundred items of
    its long loops. A step that runs in C (spaCy's tokenizer on one text, the encoder on one
    batch) is not interrupted, so a call can overrun the limit by one such step.

    >>> Deadline.start(0, "cv.pdf") is None
    True
    >>> Deadline.start(60, "cv.pdf").check()  # well within the limit: nothing happens
    """

    __slots__ = ("_at", "seconds", "source")

    def __init__(self, seconds: float, source: str | None) -> None:
        self.seconds = seconds
        self.source = source  # None: several sources
        self._at = monotonic() + seconds

    @classmethod
    def start(cls, seconds: float | None, source: str | None) -> Deadline | None:
        """A deadline ``seconds`` from now, or ``None`` when ``seconds`` is 0, ``None`` or inf."""
        if not seconds or seconds <= 0 or not math.isfinite(seconds):
            return None
        return cls(seconds, source)

    def remaining(self) -> float:
        """Seconds left (negative once past)."""
        return self._at - monotonic()

    def check(self) -> None:
        """Raise the :meth:`error` once the deadline has passed."""
        if monotonic() > self._at:
            raise self.error()

    def error(self) -> DocumentTimeoutError:
        """The error of an analysis that took longer than its limit, naming the source."""
        what = "the analysis" if self.source is None else "analysing it"
        return DocumentTimeoutError(
            f"{what} took over {self.seconds:g} s (timeout_s); the text may be very long or "
            "built to stall the analysis: shorten or split it, or raise the limit with "
            "Limits(timeout_s=...) or --timeout",
            path=self.source,
        )


@contextmanager
def _deadline(seconds: float, path: Path) -> Iterator[None]:
    """Stop the block with a ``DocumentTimeoutError`` after ``seconds`` where a timer is free."""
    if not seconds or seconds <= 0 or not math.isfinite(seconds) or not _timer_free():
        yield
        return
    armed = [True]

    def _ring(signum: int, frame: object) -> None:
        if armed[0]:
            raise _Deadline

    def _disarm() -> None:
        armed[0] = False
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, signal.SIG_DFL)

    signal.signal(signal.SIGALRM, _ring)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        try:
            yield
        finally:
            _disarm()
    except _Deadline:
        _disarm()  # the timer may ring inside the finally clause above
        raise timeout_error(seconds, path) from None


def describe_error(exc: BaseException) -> str:
    """A third-party exception in words safe to show and log: its type, and its message only when
    the message cannot hold document content (no quotes, brackets or repr()s of file data).

    >>> describe_error(ValueError("Unexpected EOF"))
    'ValueError: Unexpected EOF'
    >>> describe_error(ValueError("Invalid dictionary construct: [/'Name', (Jane Doe)]"))
    'ValueError'
    """
    message = " ".join(str(exc).split())
    if not message or len(message) > 120 or any(c in message for c in "'\"()[]<>{}"):
        return type(exc).__name__
    return f"{type(exc).__name__}: {message}"


def _zip_has(data: bytes, name: str) -> bool:
    import io
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            return name in zf.namelist()
    except Exception:  # BadZipFile, NotImplementedError (zip version), EOFError, ...
        return False


def _reader(fmt: str, path: Path) -> Reader:
    from skillgap.ingest import _docx, _jsonresume, _markdown, _pdfium, _repo, _text

    readers: dict[str, Reader] = {
        "pdf": _pdfium.read_pdf,  # PDFium; pdfminer on failure or $SKILLGAP_PDF_BACKEND
        "docx": _docx.read_docx,
        "json": _jsonresume.read_json,
        "notebook": _repo.read_notebook,
        "markdown": _markdown.read_markdown,
        "latex": _text.read_latex,
        "typst": _text.read_typst,
        "text": _text.read_text,
    }
    if fmt in readers:
        return readers[fmt]
    if fmt == "doc":
        raise UnsupportedFormatError(
            "legacy Word .doc is not supported; save it as .docx or PDF "
            "(e.g. `libreoffice --headless --convert-to docx FILE`)",
            path=path,
        )
    if fmt == "rtf":
        raise UnsupportedFormatError(
            "RTF is not supported; save it as .docx, PDF or plain text", path=path
        )
    if fmt == "zip":
        raise UnsupportedFormatError(
            "a zip archive that is not a Word document (e.g. ODT or a "
            "zipped folder); save it as .docx or PDF, or unpack it",
            path=path,
        )
    raise UnsupportedFormatError(
        "not a document skillgap reads (binary content); convert it to one that it "
        "reads: PDF, DOCX, TXT, Markdown, JSON Resume, notebooks",
        path=path,
    )


def load_sources(
    sources: Iterable[str | PathLike[str] | Document], *, limits: Limits = DEFAULT_LIMITS
) -> list[Document]:
    """Turn paths (files or folders) and documents into the documents of one candidate.

    A folder is a repository clone (``.git``, or a README next to dependency files) or a
    candidate folder (a resume plus READMEs or repository subfolders); both expand into all
    their documents.

    >>> [d.kind for d in load_sources([Document.from_text("Skills\\nPython")])]
    ['resume']
    """
    docs: list[Document] = []
    for source in sources:
        if isinstance(source, Document):  # the same character limit as a file's text
            docs.append(_check_chars(source, limits) if limits.max_chars else source)
            continue
        if isinstance(source, str | os.PathLike):
            p = Path(source)
            if p.is_dir():
                from skillgap.ingest import _repo

                docs.extend(_repo.load_folder(p, limits=limits))
            else:
                docs.append(load_document(p, limits=limits))
            continue
        raise TypeError(f"a source is a path or a skillgap.Document, not {type(source).__name__}")
    return docs
