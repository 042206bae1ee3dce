"""The exception tree of skillgap.

Every error skillgap raises on purpose is a :class:`SkillgapError`; third-party failures are
wrapped (``raise ... from exc``) so callers never need to catch a pdfminer or pydantic error::

    SkillgapError
    ├─ IngestError (.path)
    │   ├─ UnsupportedFormatError     the file type is not one skillgap reads
    │   ├─ DocumentReadError          the file is broken, encrypted, unreadable or has no text
    │   ├─ DocumentTooLargeError      a size, page or character limit was exceeded
    │   └─ DocumentTimeoutError       reading or analysing took longer than Limits.timeout_s
    ├─ TaxonomyError
    │   ├─ TaxonomyValidationError    a taxonomy file is malformed or inconsistent
    │   ├─ UnknownSkillError          lookup() found no skill (also a LookupError)
    │   └─ UnknownRoleError           no role with that id (also a LookupError)
    ├─ EmbeddingError
    │   └─ EmbeddingUnavailableError  the encoder or the requested device cannot be used
    └─ BatchError                     a batch run cannot start or resume (journal, output)

Messages name the file or value at fault and say what to do about it.
"""

from __future__ import annotations

from os import PathLike

__all__ = [
    "BatchError",
    "DocumentReadError",
    "DocumentTimeoutError",
    "DocumentTooLargeError",
    "EmbeddingError",
    "EmbeddingUnavailableError",
    "IngestError",
    "SkillgapError",
    "TaxonomyError",
    "TaxonomyValidationError",
    "UnknownRoleError",
    "UnknownSkillError",
    "UnsupportedFormatError",
]


class SkillgapError(Exception):
    """Base class of every error raised by skillgap."""


class IngestError(SkillgapError):
    """A document could not be turned into text.

    Attributes:
        path: the file at fault (a string, as given by the caller).
    """

    def __init__(self, message: str, *, path: str | PathLike[str] | None = None) -> None:
        self.path = None if path is None else str(path)
        if self.path is not None and self.path not in message:
            message = f"{self.path}: {message}"
        super().__init__(message)


class UnsupportedFormatError(IngestError):
    """The file is of a type skillgap does not read."""


class DocumentReadError(IngestError):
    """The file is of a known type but cannot be read (broken, encrypted, no text)."""


class DocumentTooLargeError(IngestError):
    """The file exceeds a configured limit (bytes, pages or characters)."""


class DocumentTimeoutError(IngestError):
    """Reading or analysing the file took longer than the configured time limit."""


class TaxonomyError(SkillgapError):
    """Base class of taxonomy problems."""


class TaxonomyValidationError(TaxonomyError):
    """A taxonomy file is malformed or refers to things that do not exist.

    Attributes:
        problems: one line per problem, e.g. ``"[roles -> ml-engineer -> skills] unknown skill 'pytorh'"``.
        path: the file or folder that was loaded, when known.
    """

    def __init__(self, problems: list[str], *, path: str | None = None) -> None:
        self.problems = list(problems)
        self.path = path
        where = f"{path}: " if path else ""
        head = f"{where}invalid taxonomy ({len(self.problems)} problem{'s' if len(self.problems) != 1 else ''})"
        shown = self.problems[:20]
        more = len(self.problems) - len(shown)
        body = "\n".join(f"  {p}" for p in shown)
        if more:
            body += f"\n  ... and {more} more"
        super().__init__(f"{head}:\n{body}")


class UnknownSkillError(TaxonomyError, LookupError):
    """No skill matches the id, label or alias given to ``Taxonomy.lookup``."""

    def __init__(self, text: str, *, suggestions: list[str] | None = None) -> None:
        self.text = text
        self.suggestions = list(suggestions or [])
        hint = f"; did you mean {', '.join(repr(s) for s in self.suggestions)}?" if self.suggestions else ""
        super().__init__(f"unknown skill {text!r}{hint}")

    def __str__(self) -> str:  # LookupError would quote the message otherwise
        return str(self.args[0])


class UnknownRoleError(TaxonomyError, LookupError):
    """No role has the given id."""

    def __init__(self, role_id: str, *, valid: list[str]) -> None:
        self.role_id = role_id
        self.valid = list(valid)
        super().__init__(f"unknown role {role_id!r}; valid roles: {', '.join(self.valid)}")

    def __str__(self) -> str:
        return str(self.args[0])


class EmbeddingError(SkillgapError):
    """Base class of embedding problems."""


class EmbeddingUnavailableError(EmbeddingError):
    """The encoder cannot be loaded or the requested device is not available."""


class BatchError(SkillgapError):
    """A batch run cannot start or resume (bad journal, unwritable output)."""
