"""The Ray engine of :func:`skillgap.analyze_batch`: ``engine="ray"`` (``skillgap[ray]``).

Candidates go through Ray Data in windows of :data:`WINDOW` (so the driver's memory stays
bounded): ``map_batches`` with a callable class, :class:`_Analyzer`, whose actors each hold the
taxonomy, the matcher and the encoder, built once. When the cluster has GPUs and embeddings are
on, each actor asks for one GPU and encodes there. Paths must be readable from every node (a
shared file system); see ``docs/ray.md``.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import Any

from skillgap.batch._work import BatchResult, Candidate, WorkContext, analyze_candidate, finish
from skillgap.errors import BatchError

__all__ = ["WINDOW", "run_ray"]

log = logging.getLogger("skillgap")

WINDOW = 2_000  # candidates per Ray dataset
BATCH_SIZE = 4  # candidates per map_batches call


class _Analyzer:
    """A Ray Data actor: builds the work context once, then analyses batches of candidates."""

    def __init__(self, ctx: WorkContext) -> None:
        self.ctx = ctx
        self.ctx.warm_up()

    def __call__(self, batch: dict[str, Any]) -> dict[str, Any]:
        import numpy as np

        out = []
        for cid, items in zip(batch["candidate_id"], batch["items"], strict=True):
            cand = Candidate(id=str(cid), items=tuple(json.loads(str(items))))
            t0 = time.perf_counter()
            analysis, errors = analyze_candidate(cand, self.ctx)
            out.append(finish(cand, analysis, errors, time.perf_counter() - t0).model_dump_json())
        return {"result": np.array(out, dtype=object)}


def _connect(address: str | None) -> Any:
    try:
        import ray
    except ImportError as exc:
        raise BatchError("the Ray engine needs Ray: pip install 'skillgap[ray]'") from exc
    if not ray.is_initialized():
        try:
            ray.init(address=address, log_to_driver=False, logging_level=logging.WARNING)
        except (ConnectionError, RuntimeError, ValueError) as exc:
            raise BatchError(f"cannot connect to the Ray cluster at {address or 'auto'} ({exc}); "
                             "start it with `ray start --head`, or check --address") from exc
    return ray


def run_ray(candidates: Iterable[Candidate], ctx: WorkContext, *, address: str | None = None,
            workers: int = 2) -> Iterator[BatchResult]:
    """Analyse candidates on a Ray cluster; yield results as windows finish."""
    ray = _connect(address)
    ray.data.DataContext.get_current().enable_progress_bars = False
    gpus = float(ray.cluster_resources().get("GPU", 0))
    use_gpu = ctx.embeddings and gpus >= 1
    actors = max(1, min(workers, int(gpus))) if use_gpu else max(1, workers)
    if use_gpu and ctx.device == "auto":
        ctx = WorkContext(taxonomy=ctx.taxonomy, roles=ctx.roles, embeddings=True, device="cuda",
                          model=ctx.model, limits=ctx.limits, root=ctx.root)
    log.info("ray: %d actor(s)%s", actors, ", one GPU each" if use_gpu else "")
    it = iter(candidates)
    while True:
        window = list(islice(it, WINDOW))
        if not window:
            return
        empty = [c for c in window if not c.items]
        for cand in empty:
            yield finish(cand, None, [], 0.0)
        items = [{"candidate_id": c.id, "items": json.dumps(list(c.items))}
                 for c in window if c.items]
        if not items:
            continue
        ds = ray.data.from_items(items).map_batches(
            _Analyzer, fn_constructor_kwargs={"ctx": ctx}, batch_size=BATCH_SIZE,
            batch_format="numpy", compute=ray.data.ActorPoolStrategy(size=actors),
            num_gpus=1 if use_gpu else 0, num_cpus=0 if use_gpu else 1)
        for row in ds.iter_rows():
            yield BatchResult.model_validate_json(row["result"])
