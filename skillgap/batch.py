"""Batch analysis: one result (or error) row per candidate of a folder, in parallel.

Candidates of a folder:

* each file directly in the folder is one candidate (id: the file name);
* each subfolder is one candidate with all its files (resume, READMEs; a folder inside it, such
  as a repository clone, is read as one source with :func:`skillgap.ingest.load_sources`);
* an optional ``candidates.csv`` (columns ``file,candidate_id``) groups entries of the folder
  under one candidate id; entries it names that do not exist become error entries.

Hidden entries (names starting with ``.``) are skipped. Every other input is accounted for
exactly once: as a source of a result, or as an error entry of its candidate. A candidate whose
every source fails has ``analysis=None``.

Engines: ``workers=1`` runs in this process; more workers use a local process pool
(:mod:`skillgap._batch_pool`: the taxonomy, matcher and model are loaded once per worker, a
worker that exceeds ``Limits.timeout_s`` on one document or dies is replaced and that document
becomes an error entry); ``engine="ray"`` runs on a Ray cluster (:mod:`skillgap._batch_ray`).
"""

from __future__ import annotations

import contextlib
import csv
import os
import signal
import threading
import time
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
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
    "analyze_batch",
    "count_sources",
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
    def from_exception(cls, source: str, exc: BaseException) -> FileError:
        message = " ".join(str(exc).split())
        if not isinstance(exc, SkillgapError):
            message = f"internal error while reading the file ({message}); please report it"
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


def _in_process(candidates: Iterable[Candidate], ctx: WorkContext) -> Iterator[BatchResult]:
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


def analyze_batch(inputs: str | PathLike[str] | Iterable[str | PathLike[str]], *,
                  role: str | Role | Sequence[str | Role] | None = None,
                  taxonomy: Taxonomy | str | PathLike[str] | None = None,
                  embeddings: bool = True, device: str = "auto", model: str | None = None,
                  limits: Limits = DEFAULT_LIMITS, workers: int | None = None,
                  fail_fast: bool = False, engine: Engine = "local", address: str | None = None,
                  skip: Collection[str] = (),
                  initializer: Callable[[], None] | None = None) -> Iterator[BatchResult]:
    """Analyse every candidate of a folder (or list of paths); results stream as they finish.

    Args:
        inputs: a folder of candidates, or a list of files / candidate folders.
        role: role id(s) or :class:`~skillgap.Role` objects (e.g. from a job ad) to score.
        taxonomy, embeddings, device, model, limits: as for :func:`skillgap.analyze`;
            ``limits.timeout_s`` bounds each document (the pool replaces a stuck worker).
        workers: processes (``None``: one per CPU, at most 8; ``1``: in this process).
        fail_fast: stop with a :class:`~skillgap.BatchError` at the first failed source.
        engine: ``"local"`` or ``"ray"`` (``address`` of the cluster; see docs/ray.md).
        skip: candidate ids not to analyse (already done, e.g. when resuming).
        initializer: a picklable callable run once in each worker after it loaded its models.

    Yields:
        One :class:`BatchResult` per candidate, in the order they finish.

    Raises:
        BatchError: the inputs cannot be listed, or ``fail_fast`` met an error.
        UnknownRoleError: a role id is not in the taxonomy (before any work starts).

    >>> import tempfile, pathlib
    >>> root = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (root / "ann.txt").write_text("Experience\\n- Built PyTorch models in Python")
    >>> _ = (root / "empty.txt").write_text("")
    >>> rows = sorted(analyze_batch(root, role="ml-engineer", workers=1, embeddings=False),
    ...               key=lambda r: r.candidate_id)
    >>> [(r.candidate_id, r.ok, [e.type for e in r.errors]) for r in rows]
    [('ann.txt', True, []), ('empty.txt', False, ['DocumentReadError'])]
    """
    from skillgap._api import resolve_taxonomy, select_roles

    tax = resolve_taxonomy(taxonomy)
    extra = [r for r in ([role] if isinstance(role, str | Role) else list(role or []))
             if isinstance(r, Role)]
    if extra:
        tax = tax.with_roles(extra)  # validates ad-hoc roles against the taxonomy
    root = os.path.realpath(inputs) if isinstance(inputs, str | PathLike) \
        and os.path.isdir(inputs) else None
    ctx = WorkContext(taxonomy=tax, roles=select_roles(tax, role), embeddings=embeddings,
                      device=device, model=model, limits=limits, root=root)
    skipped = set(skip)
    candidates = (c for c in iter_candidates(inputs) if c.id not in skipped)
    n = default_workers() if workers is None else max(1, int(workers))
    if engine == "ray":
        from skillgap._batch_ray import run_ray

        results: Iterator[BatchResult] = run_ray(candidates, ctx, address=address, workers=n)
    elif engine != "local":
        raise BatchError(f"unknown engine {engine!r}; use 'local' or 'ray'")
    elif n == 1:
        if initializer is not None:
            initializer()
        results = _in_process(candidates, ctx)
    else:
        from skillgap._batch_pool import run_pool

        results = run_pool(candidates, ctx, workers=n, initializer=initializer)
    try:
        for result in results:
            yield result
            if fail_fast and result.errors:
                first = result.errors[0]
                raise BatchError(f"{first.source}: {first.type}: {first.message} (stopped at the "
                                 "first error: fail_fast)")
    finally:
        close = getattr(results, "close", None)
        if close is not None:
            close()
