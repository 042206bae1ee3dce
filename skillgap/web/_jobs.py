"""Background batch jobs: the batch engine in a thread, progress, rows and reports in memory.

A job owns the temporary folder its uploads were written to and removes it when the batch ends
(finished, failed or cancelled). Results (rows, each candidate's :class:`~skillgap.Analysis`)
live only in memory, under an unguessable id, and are dropped after ``ttl_s`` or when more than
``max_jobs`` jobs are kept.
"""

from __future__ import annotations

import logging
import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from skillgap.models import Analysis

__all__ = ["Job", "MemoryStore"]

log = logging.getLogger("skillgap.web")


@dataclass
class Job:
    """One recruiter upload being analysed: progress, then ranked rows and reports."""

    id: str
    role_id: str
    role_label: str
    total: int = 0  # sources (files, and folders read as one source)
    candidates_total: int = 0
    done: int = 0
    candidates_done: int = 0
    errors: int = 0
    status: str = "running"  # running | done | failed | cancelled
    message: str | None = None
    screened: bool = False
    redact: bool = False
    rows: list[dict[str, Any]] = field(default_factory=list)
    analyses: dict[int, Analysis] = field(default_factory=dict)
    started: float = field(default_factory=time.monotonic)
    seconds: float = 0.0
    cancel: threading.Event = field(default_factory=threading.Event)
    thread: threading.Thread | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)

    def status_json(self, *, base: str = "") -> dict[str, Any]:
        """The job as the API reports it (rows once it is done)."""
        with self.lock:
            return {
                "job": self.id, "status": self.status, "message": self.message,
                "role_id": self.role_id, "role_label": self.role_label,
                "screened": self.screened, "redact": self.redact,
                "total": self.total, "done": self.done, "candidates_total": self.candidates_total,
                "candidates_done": self.candidates_done, "errors": self.errors,
                "seconds": round(self.seconds if self.status != "running"
                                 else time.monotonic() - self.started, 3),
                "rows": list(self.rows) if self.status == "done" else [],
            }


class MemoryStore:
    """A small in-memory map of id → item, oldest dropped first, items expire after ``ttl_s``."""

    def __init__(self, *, max_items: int, ttl_s: float,
                 on_drop: Callable[[Any], None] | None = None) -> None:
        self.max_items = max_items
        self.ttl_s = ttl_s
        self.on_drop = on_drop
        self._items: OrderedDict[str, tuple[float, Any]] = OrderedDict()
        self._lock = threading.Lock()

    def add(self, item: Any, key: str | None = None) -> str:
        key = key or secrets.token_urlsafe(16)
        dropped = []
        with self._lock:
            self._items[key] = (time.monotonic(), item)
            dropped = self._expire()
        for old in dropped:
            self._drop(old)
        return key

    def get(self, key: str) -> Any | None:
        with self._lock:
            dropped = self._expire()
            hit = self._items.get(key)
        for old in dropped:
            self._drop(old)
        return None if hit is None else hit[1]

    def remove(self, key: str) -> bool:
        with self._lock:
            hit = self._items.pop(key, None)
        if hit is not None:
            self._drop(hit[1])
        return hit is not None

    def values(self) -> list[Any]:
        with self._lock:
            return [v for _, v in self._items.values()]

    def _expire(self) -> list[Any]:
        now = time.monotonic()
        dropped = []
        while self._items:
            key, (born, item) = next(iter(self._items.items()))
            if len(self._items) <= self.max_items and now - born <= self.ttl_s:
                break
            del self._items[key]
            dropped.append(item)
        return dropped

    def _drop(self, item: Any) -> None:
        if self.on_drop is not None:
            self.on_drop(item)


def run_job(job: Job, work: Callable[[Job], None], cleanup: Callable[[], None]) -> None:
    """Run ``work(job)`` in a daemon thread; ``cleanup`` (removing the uploads) always runs."""

    def target() -> None:
        status, message = "done", None
        try:
            work(job)
            if job.cancel.is_set():
                status = "cancelled"
        except Exception as exc:  # a bug or an engine failure: the job says so, never the text
            from skillgap.errors import SkillgapError
            from skillgap.ingest import describe_error

            status = "failed"
            message = (" ".join(str(exc).split()) if isinstance(exc, SkillgapError)
                       else f"internal error ({describe_error(exc)}); please report it")
            log.warning("batch job failed: %s", type(exc).__name__)
        finally:
            cleanup()  # the uploads are gone before the job reports that it ended
            with job.lock:
                job.seconds = time.monotonic() - job.started
                job.status = status
                job.message = message

    job.thread = threading.Thread(target=target, name=f"skillgap-job-{job.id[:6]}", daemon=True)
    job.thread.start()


def job_folder(tmp: Path) -> Path:
    return tmp / "candidates"
