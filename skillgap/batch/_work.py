"""The unit of batch work: candidates of a folder, one candidate's analysis, its result row.

Shared by the engines (in this process, :mod:`skillgap.batch._pool`, :mod:`skillgap.batch._ray`),
which receive a :class:`WorkContext` and the candidates to run and never import their caller.
"""

from __future__ import annotations

import contextlib
import csv
import os
import signal
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from os import PathLike
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from skillgap.errors import BatchError, DocumentReadError, DocumentTimeoutError, SkillgapError
from skillgap.ingest import DEFAULT_LIMITS, Limits
from skillgap.models import Analysis
from skillgap.taxonomy import Role, Taxonomy

__all__ = [
    "BatchResult",
    "Candidate",
    "FileError",
    "WorkContext",
    "analyze_candidate",
    "count_sources",
    "default_workers",
    "finish",
    "iter_candidates",
]

CANDIDATES_CSV = "candidates.csv"
Engine = Literal["local", "ray"]


class FileError(BaseModel):
    """Why one source of a candidate could not be used."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    source: str
    type: str = Field(description="the error class, e.g. DocumentReadError")
    message: str

    @classmethod
    def from_exception(cls, source: str, exc: BaseException, *, while_: str = "reading the file") -> FileError:
        message = " ".join(str(exc).split())
        if not isinstance(exc, SkillgapError):
            message = f"internal error while {while_} ({message}); please report it"
        return cls(source=source, type=type(exc).__name__, message=message)


class BatchResult(BaseModel):
    """One candidate of a batch: the analysis of its readable sources, and the errors of the rest.

    >>> BatchResult(candidate_id="a", sources=["a"], analysis=None, errors=[], seconds=0.0).ok
    False
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    candidate_id: str
    sources: list[str]
    analysis: Analysis | None
    errors: list[FileError] = Field(default_factory=list)
    seconds: float = Field(ge=0.0, description="wall time spent on the candidate")

    @property
    def ok(self) -> bool:
        """Whether there is an analysis (some sources may still have failed)."""
        return self.analysis is not None


@dataclass(frozen=True)
class Candidate:
    """One candidate of a batch: an id and the files or folders that describe them."""

    id: str
    items: tuple[str, ...]


def _visible(name: str) -> bool:
    return not name.startswith(".")


def _folder_items(folder: Path) -> tuple[str, ...]:
    try:
        with os.scandir(folder) as it:
            names = sorted(e.name for e in it if _visible(e.name))
    except OSError as exc:
        raise BatchError(f"{folder}: cannot list the folder ({exc.strerror})") from exc
    return tuple(str(folder / n) for n in names)


def _read_mapping(path: Path) -> dict[str, str]:
    try:
        with path.open(newline="", encoding="utf-8-sig") as fh:
            reader = csv.DictReader(fh)
            fields = {f.strip().lower(): f for f in reader.fieldnames or []}
            file_col = fields.get("file") or fields.get("path")
            id_col = fields.get("candidate_id") or fields.get("candidate") or fields.get("id")
            if not file_col or not id_col:
                raise BatchError(f"{path}: needs the columns 'file' and 'candidate_id' "
                                 f"(found: {', '.join(reader.fieldnames or []) or 'none'})")
            mapping: dict[str, str] = {}
            for n, row in enumerate(reader, start=2):
                name, cid = (row.get(file_col) or "").strip(), (row.get(id_col) or "").strip()
                if not name or not cid:
                    raise BatchError(f"{path}: line {n} needs a file and a candidate_id")
                if "/" in name.strip("/") or "\\" in name:
                    raise BatchError(f"{path}: line {n}: {name!r} must be an entry directly in "
                                     "the folder (no sub-paths)")
                mapping[name.strip("/")] = cid
            return mapping
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise BatchError(f"{path}: cannot read the candidate mapping ({exc}); it must be a "
                         "UTF-8 CSV with columns file,candidate_id") from exc


def _is_dir(entry: os.DirEntry[str]) -> bool:
    """``entry.is_dir()``, with a symlink loop or a vanished entry read as a file (which then
    becomes that candidate's error row instead of stopping the batch)."""
    try:
        return entry.is_dir()
    except OSError:
        return False


def _folder_candidates(root: Path) -> Iterator[Candidate]:
    mapping_file = root / CANDIDATES_CSV
    mapping = _read_mapping(mapping_file) if mapping_file.is_file() else {}
    groups: dict[str, list[str]] = {}
    seen_mapped: set[str] = set()
    with os.scandir(root) as entries:  # lazily: memory does not grow with the folder
        for entry in entries:
            name = entry.name
            if not _visible(name) or (mapping_file.is_file() and name == CANDIDATES_CSV):
                continue
            path = root / name
            if name in mapping:
                seen_mapped.add(name)
                items = _folder_items(path) if _is_dir(entry) else (str(path),)
                groups.setdefault(mapping[name], []).extend(items)
            elif _is_dir(entry):
                yield Candidate(id=name, items=_folder_items(path))
            else:
                yield Candidate(id=name, items=(str(path),))
    for name in sorted(set(mapping) - seen_mapped):  # listed but absent: an error entry each
        groups.setdefault(mapping[name], []).append(str(root / name))
    for cid in sorted(groups):
        yield Candidate(id=cid, items=tuple(sorted(groups[cid])))


Inputs = str | PathLike[str] | Iterable[str | PathLike[str]]


def iter_candidates(inputs: Inputs) -> Iterator[Candidate]:
    """The candidates of a folder, or one per path of a list (a file or a candidate folder).

    Raises:
        BatchError: the folder does not exist, or ``candidates.csv`` is malformed.

    >>> import tempfile, pathlib
    >>> root = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (root / "ann.txt").write_text("Python")
    >>> (root / "bob").mkdir(); _ = (root / "bob" / "cv.md").write_text("SQL")
    >>> sorted(c.id for c in iter_candidates(root))
    ['ann.txt', 'bob']
    """
    if isinstance(inputs, str | PathLike):
        root = Path(inputs)
        if root.is_dir():
            yield from _folder_candidates(root)
            return
        if not root.exists():
            raise BatchError(f"{root}: no such file or folder; pass a folder of candidates")
        inputs = [root]
    seen: set[str] = set()
    for item in inputs:
        p = Path(item)
        cid = p.name or str(p)
        if cid in seen:
            raise BatchError(f"{p}: two inputs give the candidate id {cid!r}; rename one, or put "
                             "them in a folder with a candidates.csv")
        seen.add(cid)
        yield Candidate(id=cid, items=_folder_items(p) if p.is_dir() else (str(p),))


def count_sources(inputs: str | PathLike[str] | Iterable[str | PathLike[str]]) -> int:
    """How many sources (files, and folders read as one source) a batch will account for."""
    return sum(max(1, len(c.items)) for c in iter_candidates(inputs))


# -- the work of one candidate ----------------------------------------------------------------

@dataclass
class WorkContext:
    """What a worker needs to analyse candidates; built once per worker."""

    taxonomy: Taxonomy
    roles: list[Role]
    embeddings: bool = False
    device: str = "auto"
    model: str | None = None
    limits: Limits = DEFAULT_LIMITS
    root: str | None = None  # the batch folder (resolved): files must not lead outside it
    warm: bool = field(default=False, repr=False)

    def warm_up(self) -> None:
        """Build the matcher (and load the encoder) now rather than on the first candidate."""
        if self.warm:
            return
        from skillgap._api import analyze_documents
        from skillgap.models import Document

        doc = Document.from_text("Skills\nPython", source="<warm-up>")
        analyze_documents([doc], roles=self.roles[:1], taxonomy=self.taxonomy,
                          embeddings=self.embeddings, device=self.device, model=self.model)
        self.warm = True


class _Timeout(Exception):
    pass


@contextlib.contextmanager
def _time_limit(seconds: float) -> Iterator[None]:
    """Raise ``_Timeout`` after ``seconds`` (SIGALRM: on the main thread of a POSIX process)."""
    usable = (seconds and seconds > 0 and hasattr(signal, "setitimer")
              and threading.current_thread() is threading.main_thread())
    if not usable:
        yield
        return

    def _raise(signum: int, frame: Any) -> None:
        raise _Timeout

    previous = signal.signal(signal.SIGALRM, _raise)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _leaves(item: str, root: str) -> bool:
    """Whether ``item`` (inside the batch folder) resolves to a place outside ``root``."""
    real = os.path.realpath(item)
    return real != root and not real.startswith(root.rstrip(os.sep) + os.sep)


def _timeout_error(source: str, seconds: float, what: str = "reading") -> FileError:
    exc = DocumentTimeoutError(f"{what} took longer than the limit of {seconds:g} s; raise it with "
                               "Limits(timeout_s=...) or --timeout, or check the file", path=source)
    return FileError.from_exception(source, exc)


Step = Callable[[int | None], None]


def analyze_candidate(candidate: Candidate, ctx: WorkContext, *, step: Step | None = None,
                      enforce_timeout: bool = True) -> tuple[Analysis | None, list[FileError]]:
    """Read every source of one candidate and analyse the readable ones.

    ``step(i)`` is called before source ``i`` is read and ``step(None)`` before the analysis
    (the process pool uses it to know which document a stuck or dead worker was on).
    """
    from skillgap._api import analyze_documents
    from skillgap.ingest import load_sources

    limit = ctx.limits.timeout_s if enforce_timeout else 0.0
    docs = []
    errors: list[FileError] = []
    for i, item in enumerate(candidate.items):
        if step:
            step(i)
        if ctx.root is not None and _leaves(item, ctx.root):
            errors.append(FileError.from_exception(item, DocumentReadError(
                "is a symbolic link that leads outside the batch folder, so it was not read; "
                "copy the file into the folder instead", path=item)))
            continue
        try:
            with _time_limit(limit):
                docs.extend(load_sources([item], limits=ctx.limits))
        except _Timeout:
            errors.append(_timeout_error(item, limit))
        except Exception as exc:  # one bad file never stops the batch
            errors.append(FileError.from_exception(item, exc))
    if step:
        step(None)
    if not docs:
        return None, errors
    try:
        with _time_limit(limit):
            analysis = analyze_documents(docs, roles=ctx.roles, taxonomy=ctx.taxonomy,
                                         embeddings=ctx.embeddings, device=ctx.device,
                                         model=ctx.model)
    except _Timeout:
        failed = {e.source for e in errors}
        return None, errors + [_timeout_error(item, limit, "analysing the candidate")
                               for item in candidate.items if item not in failed]
    except Exception as exc:  # a bug in one candidate's analysis never stops the batch
        failed = {e.source for e in errors}
        return None, errors + [FileError.from_exception(item, exc, while_="analysing the candidate")
                               for item in candidate.items if item not in failed]
    return analysis, errors


def finish(candidate: Candidate, analysis: Analysis | None, errors: Sequence[FileError],
           seconds: float) -> BatchResult:
    """The :class:`BatchResult` of a candidate (errors in source order; an empty candidate folder
    is an error)."""
    errs = sorted(errors, key=lambda e: (e.source, e.type, e.message))
    if not candidate.items:
        errs = [FileError(source=candidate.id, type="DocumentReadError",
                          message=f"{candidate.id}: the candidate folder is empty; add a resume")]
    return BatchResult(candidate_id=candidate.id, sources=list(candidate.items),
                       analysis=analysis, errors=errs, seconds=round(max(0.0, seconds), 6))


def in_process(candidates: Iterable[Candidate], ctx: WorkContext) -> Iterator[BatchResult]:
    ctx.warm_up()
    for cand in candidates:
        t0 = time.perf_counter()
        analysis, errors = analyze_candidate(cand, ctx)
        yield finish(cand, analysis, errors, time.perf_counter() - t0)


def default_workers() -> int:
    """Worker processes used when ``workers=None``: the usable CPUs, at most 8."""
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cpus = os.cpu_count() or 1
    return max(1, min(8, cpus))
