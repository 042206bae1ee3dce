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
(:mod:`skillgap.batch._pool`: the taxonomy, matcher and model are loaded once per worker, a
worker that exceeds ``Limits.timeout_s`` on one document or dies is replaced and that document
becomes an error entry); ``engine="ray"`` runs on a Ray cluster (:mod:`skillgap.batch._ray`).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from os import PathLike

from skillgap.batch._pool import run_pool
from skillgap.batch._ray import run_ray
from skillgap.batch._work import (
    BatchResult,
    Candidate,
    Engine,
    FileError,
    WorkContext,
    count_sources,
    default_workers,
    in_process,
    iter_candidates,
)
from skillgap.errors import BatchError
from skillgap.ingest import DEFAULT_LIMITS, Limits
from skillgap.taxonomy import Role, Taxonomy

__all__ = [
    "BatchResult",
    "Candidate",
    "FileError",
    "analyze_batch",
    "count_sources",
    "iter_candidates",
]


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
        results: Iterator[BatchResult] = run_ray(candidates, ctx, address=address, workers=n)
    elif engine != "local":
        raise BatchError(f"unknown engine {engine!r}; use 'local' or 'ray'")
    elif n == 1:
        if initializer is not None:
            initializer()
        results = in_process(candidates, ctx)
    else:
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
