"""The local engine of :func:`skillgap.analyze_batch`: a pool of worker processes.

Each worker is a ``spawn``-ed process (safe with threads, torch and spaCy) that builds its
:class:`~skillgap.batch._work.WorkContext` once — taxonomy, matcher, encoder — and then analyses one
candidate at a time. The parent hands out candidates one per idle worker, so at most ``workers``
candidates are in flight and memory does not grow with the folder.

A worker reports which source it is reading. When it takes longer than ``Limits.timeout_s`` on
one source (or on the analysis) it is killed; when it dies (a reader crashed it, the OOM killer
took it) it is replaced. Either way the source it was on becomes an error entry and the rest of
the candidate is analysed again by a fresh worker, so the batch always finishes.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import signal
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from typing import Any

from skillgap.batch._work import (
    BatchResult,
    Candidate,
    FileError,
    WorkContext,
    _timeout_error,
    analyze_candidate,
    default_workers,
    finish,
)
from skillgap.errors import BatchError
from skillgap.models import Analysis

__all__ = ["run_pool"]

_START_TIMEOUT_S = 300.0
_THREAD_VARS = ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS", "SKILLGAP_THREADS")


def _worker_main(conn: Connection, ctx: WorkContext,
                 initializer: Callable[[], None] | None, threads: int = 1) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C
    for var in _THREAD_VARS:  # share the CPUs between workers (read when torch etc. load)
        os.environ.setdefault(var, str(threads))
    try:
        ctx.warm_up()
        if initializer is not None:
            initializer()
    except BaseException as exc:  # report why the worker cannot start, then leave
        conn.send(("failed", f"{type(exc).__name__}: {exc}"))
        return
    conn.send(("ready", None))
    while True:
        try:
            task = conn.recv()
        except EOFError:
            return
        if task is None:
            return
        analysis, errors = analyze_candidate(
            task, ctx, step=lambda i: conn.send(("step", i)), enforce_timeout=False)
        # as JSON: a third of pickle's cost to write and to read back (pickle rebuilds each
        # pydantic object through __setstate__), and it round-trips the Analysis exactly
        conn.send(("done", (analysis.model_dump_json() if analysis is not None else None, errors)))


@dataclass
class _Job:
    candidate: Candidate  # the full candidate, as found
    remaining: tuple[str, ...]  # sources still to read (failed ones are taken out)
    errors: list[FileError] = field(default_factory=list)
    started: float = field(default_factory=time.perf_counter)


@dataclass
class _Worker:
    proc: Any
    conn: Connection
    ready: bool = False
    job: _Job | None = None
    step: int | None = None
    deadline: float = 0.0


class _Pool:
    def __init__(self, ctx: WorkContext, workers: int,
                 initializer: Callable[[], None] | None) -> None:
        self.ctx = ctx
        self.size = workers
        self.initializer = initializer
        self.mp = mp.get_context("spawn")
        self.workers: list[_Worker] = []
        self.timeout = ctx.limits.timeout_s if ctx.limits.timeout_s and ctx.limits.timeout_s > 0 \
            else float("inf")

    def start_worker(self) -> _Worker:
        parent, child = self.mp.Pipe()
        threads = max(1, default_workers() // self.size)
        proc = self.mp.Process(target=_worker_main,
                               args=(child, self.ctx, self.initializer, threads),
                               name="skillgap-batch-worker", daemon=True)
        proc.start()
        child.close()
        w = _Worker(proc=proc, conn=parent, deadline=time.monotonic() + _START_TIMEOUT_S)
        self.workers.append(w)
        return w

    def stop_worker(self, w: _Worker, *, kill: bool) -> None:
        if kill and w.proc.is_alive():
            w.proc.kill()
        w.proc.join(timeout=10)
        w.conn.close()
        self.workers.remove(w)

    def dispatch(self, w: _Worker, job: _Job) -> None:
        w.job, w.step = job, 0
        w.deadline = time.monotonic() + self.timeout
        w.conn.send(Candidate(id=job.candidate.id, items=job.remaining))

    def shutdown(self) -> None:
        for w in list(self.workers):
            try:
                w.conn.send(None)
            except (OSError, ValueError):
                pass
        for w in list(self.workers):
            if w.ready:
                w.proc.join(timeout=2)
            self.stop_worker(w, kill=True)


def _fail_step(job: _Job, step: int | None, error: Callable[[str], FileError]) -> _Job | None:
    """Take the source a worker failed on out of the job; None when nothing is left to read."""
    if step is None:  # failed while analysing: every source left is at fault
        job.errors.extend(error(s) for s in job.remaining)
        job.remaining = ()
        return None
    job.errors.append(error(job.remaining[step]))
    job.remaining = job.remaining[:step] + job.remaining[step + 1:]
    return job if job.remaining else None


def _died(exitcode: int | None) -> Callable[[str], FileError]:
    how = f"signal {signal.Signals(-exitcode).name}" if exitcode and exitcode < 0 else \
        f"exit code {exitcode}"

    def make(source: str) -> FileError:
        return FileError(source=source, type="DocumentReadError",
                         message=f"{source}: the worker process died ({how}) while reading or "
                                 "analysing this file; it may crash a reader or need more memory "
                                 "— check the file, or lower --workers")
    return make


def run_pool(candidates: Iterable[Candidate], ctx: WorkContext, *, workers: int,
             initializer: Callable[[], None] | None = None) -> Iterator[BatchResult]:
    """Analyse candidates on ``workers`` processes; yield results as they finish."""
    pool = _Pool(ctx, workers, initializer)
    source = iter(candidates)
    retry: list[_Job] = []
    exhausted = False
    try:
        for _ in range(workers):
            pool.start_worker()
        while True:
            while len(pool.workers) < workers and (retry or not exhausted):
                pool.start_worker()  # replaces a worker that died or was killed
            for w in pool.workers:
                if not w.ready or w.job is not None:
                    continue
                if retry:
                    pool.dispatch(w, retry.pop())
                    continue
                if exhausted:
                    continue
                cand = next(source, None)
                if cand is None:
                    exhausted = True
                elif not cand.items:
                    yield finish(cand, None, [], 0.0)
                else:
                    pool.dispatch(w, _Job(candidate=cand, remaining=cand.items))
            busy = [w for w in pool.workers if w.job is not None or not w.ready]
            if exhausted and not retry and not any(w.job for w in pool.workers):
                return
            now = time.monotonic()
            wait_s = max(0.0, min((w.deadline for w in busy), default=now + 1.0) - now)
            ready = wait([w.conn for w in busy] + [w.proc.sentinel for w in busy],
                         timeout=min(wait_s, 5.0))
            for w in list(busy):
                if w.conn in ready or w.proc.sentinel in ready:
                    result = _receive(pool, w, retry)
                    if result is not None:
                        yield result
                elif time.monotonic() > w.deadline:
                    yield from _expire(pool, w, retry)
    finally:
        pool.shutdown()


def _receive(pool: _Pool, w: _Worker, retry: list[_Job]) -> BatchResult | None:
    try:
        while w.conn.poll():
            kind, payload = w.conn.recv()
            if kind == "ready":
                w.ready = True
            elif kind == "failed":
                raise BatchError(f"a batch worker could not start: {payload}")
            elif kind == "step":
                w.step = payload
                w.deadline = time.monotonic() + pool.timeout
            elif kind == "done":
                job, w.job = w.job, None
                assert job is not None
                raw, errors = payload
                analysis = Analysis.model_validate_json(raw) if raw is not None else None
                return finish(job.candidate, analysis, job.errors + list(errors),
                              time.perf_counter() - job.started)
        if w.proc.is_alive():
            return None
    except (EOFError, OSError):
        pass
    # the worker is gone without an answer
    w.proc.join(timeout=5)
    code = w.proc.exitcode
    job = w.job
    if not w.ready:
        pool.stop_worker(w, kill=True)
        raise BatchError(f"a batch worker died while starting (exit code {code}); run with "
                         "--workers 1 to see the error")
    pool.stop_worker(w, kill=True)
    if job is None:
        return None
    left = _fail_step(job, w.step, _died(code))
    if left is not None:
        retry.append(left)
        return None
    return finish(job.candidate, None, job.errors, time.perf_counter() - job.started)


def _expire(pool: _Pool, w: _Worker, retry: list[_Job]) -> Iterator[BatchResult]:
    job = w.job
    if not w.ready:
        pool.stop_worker(w, kill=True)
        raise BatchError(f"a batch worker did not start within {_START_TIMEOUT_S:g} s")
    pool.stop_worker(w, kill=True)
    if job is None:
        return
    what = "analysing the candidate" if w.step is None else "reading"
    left = _fail_step(job, w.step, lambda s: _timeout_error(s, pool.timeout, what))
    if left is not None:
        retry.append(left)
    else:
        yield finish(job.candidate, None, job.errors, time.perf_counter() - job.started)
