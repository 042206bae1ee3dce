"""Leaderboard rows, the resume journal, and the output files of ``skillgap batch``.

A run appends one JSON line per finished candidate to ``OUT.journal.jsonl`` (flushed and
fsync'd), after a header line that fingerprints the run (inputs, roles, taxonomy, options).
``--resume`` reads the journal back — a torn last line, left by a kill in mid-write, is cut
off — skips the candidates it holds, and appends the rest. The output is written from the
journal at the end, ranked, to a temporary file renamed over ``OUT``: a run killed at any
moment and resumed gives the same bytes as a run never interrupted.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from os import PathLike
from pathlib import Path
from typing import Any, Literal

from skillgap.batch._work import BatchResult
from skillgap.errors import BatchError

__all__ = ["COLUMNS", "BatchSummary", "Journal", "OutputFormat", "rank_rows", "render_rows",
           "run_batch", "summarize", "write_atomic"]

OutputFormat = Literal["csv", "jsonl", "parquet", "html"]
JOURNAL_VERSION = 1
TOP_MISSING = 5

#: the columns of the leaderboard, in order
COLUMNS = ["rank", "candidate_id", "score", "band", "required_coverage", "must_haves_met",
           "must_haves_total", "missing_skills", "n_skills", "kpi_evidence", "level",
           "years_experience", "skill_years", "other_skills", "professional_skills", "languages",
           "sources", "error"]


def _skill_years(a: Any) -> str:
    """Years of use per skill whose evidence lies in dated entries, the same string in every
    format: ``python=5.5;spark=3`` (most years first, ties by id; '' when none)."""
    items = sorted(((h.experience.years, h.skill_id) for h in a.skills
                    if h.experience is not None and h.experience.years > 0), key=lambda t: (-t[0], t[1]))
    return ";".join(f"{sid}={years:g}" for years, sid in items)


def _relative(source: str, root: Path | None) -> str:
    if root is None:
        return source
    rel = os.path.relpath(os.path.abspath(source), root)
    return source if rel.startswith("..") else Path(rel).as_posix()


def _message(source: str, message: str) -> str:
    """The message without the path it starts with (the row names the source already)."""
    for prefix in (source, os.path.abspath(source)):
        if message.startswith(prefix + ": "):
            return message[len(prefix) + 2:]
    return message


def summarize(result: BatchResult, *, role_id: str | None = None,
              root: Path | None = None) -> dict[str, Any]:
    """The leaderboard row of one result (without ``rank``); JSON-serialisable."""
    errors = "; ".join(f"{_relative(e.source, root)}: {e.type}: {_message(e.source, e.message)}"
                       for e in result.errors)
    row: dict[str, Any] = {
        "candidate_id": result.candidate_id, "score": None, "required_coverage": None,
        "must_haves_met": None, "must_haves_total": None, "missing_skills": "",
        "n_skills": None, "kpi_evidence": None, "band": None, "level": None,
        "years_experience": None, "skill_years": None, "other_skills": None,
        "professional_skills": None, "languages": None,
        "sources": ";".join(_relative(s, root) for s in result.sources), "error": errors,
    }
    if result.analysis is not None:
        a = result.analysis
        fit = a.role(role_id) if role_id else a.roles[0]
        required = [m for m in fit.matched if m.required and m.credit >= 0.5]
        missing_required = [m for m in fit.missing if m.required]
        row.update(
            score=fit.score, required_coverage=fit.required_coverage,
            must_haves_met=len(required), must_haves_total=len(required) + len(missing_required),
            missing_skills=";".join(m.skill_id for m in fit.missing[:TOP_MISSING]),
            n_skills=len(a.skills), kpi_evidence=len(fit.kpis), band=fit.band,
            level=a.experience.level if a.experience is not None else None,
            years_experience=a.experience.professional_years
            if a.experience is not None and a.experience.has_dates else None,
            skill_years=_skill_years(a), other_skills=_other_skills(a, technical=True),
            professional_skills=_other_skills(a, technical=False),
            languages=_languages(a))
    return row


def _other_skills(a: Any, *, technical: bool) -> str:
    """The skills found beyond the scoring taxonomy (O*NET / ESCO), strongest first, ties by
    label: the technical ones (``SAP software;Salesforce``, column ``other_skills``) or the
    professional ones (``customer service;teamwork``, column ``professional_skills``); ''
    when none."""
    hits = sorted((h for h in a.other_skills if h.technical is technical),
                  key=lambda h: (-h.strength, h.label))
    return ";".join(h.label for h in hits)


def _languages(a: Any) -> str:
    """The languages with the level stated, strongest first: ``English (native);French (B2)``
    ('' when none)."""
    return ";".join(h.with_level for h in a.languages)


def rank_rows(rows: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Best score first, ties by candidate id; candidates without an analysis last, unranked."""
    scored = sorted((r for r in rows if r["score"] is not None),
                    key=lambda r: (-r["score"], r["candidate_id"]))
    failed = sorted((r for r in rows if r["score"] is None), key=lambda r: r["candidate_id"])
    out = [{"rank": i, **r} for i, r in enumerate(scored, start=1)]
    out += [{"rank": None, **r} for r in failed]
    return [{c: r.get(c) for c in COLUMNS} for r in out]


def render_rows(rows: Sequence[dict[str, Any]], fmt: OutputFormat, *,
                role_label: str = "", reports: dict[str, str] | None = None) -> bytes:
    """The ranked rows as CSV, JSON Lines, Parquet or an HTML leaderboard (bytes, deterministic)."""
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(COLUMNS)
        for r in rows:
            writer.writerow(["" if r.get(c) is None else r[c] for c in COLUMNS])
        return buf.getvalue().encode("utf-8")
    if fmt == "jsonl":
        return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows).encode("utf-8")
    if fmt == "parquet":
        return _parquet(rows)
    if fmt == "html":
        try:
            from skillgap.report.html import render_leaderboard
        except ImportError as exc:
            raise BatchError("the HTML leaderboard is not available in this version; use "
                             "--format csv, jsonl or parquet") from exc
        html_rows = [{**r, "report": (reports or {}).get(r["candidate_id"]),
                      "error": r["error"] or None,
                      "must_haves_met": None if r["must_haves_met"] is None
                      else f"{r['must_haves_met']}/{r['must_haves_total']}"} for r in rows]
        return render_leaderboard(html_rows, role_label=role_label, links=bool(reports)) \
            .encode("utf-8")
    raise BatchError(f"unknown output format {fmt!r}; use csv, jsonl, parquet or html")


def _parquet(rows: Sequence[dict[str, Any]]) -> bytes:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as exc:
        raise BatchError("Parquet output needs pyarrow: pip install 'skillgap[parquet]'") from exc
    types = {"rank": pa.int64(), "candidate_id": pa.string(), "score": pa.float64(),
             "band": pa.string(), "level": pa.string(), "years_experience": pa.float64(),
             "skill_years": pa.string(), "other_skills": pa.string(),
             "professional_skills": pa.string(), "languages": pa.string(),
             "required_coverage": pa.float64(), "must_haves_met": pa.int64(),
             "must_haves_total": pa.int64(), "missing_skills": pa.string(), "n_skills": pa.int64(),
             "kpi_evidence": pa.int64(), "sources": pa.string(), "error": pa.string()}
    schema = pa.schema([(c, types[c]) for c in COLUMNS])
    table = pa.Table.from_pylist([{c: r.get(c) for c in COLUMNS} for r in rows], schema=schema)
    sink = io.BytesIO()
    pq.write_table(table, sink, compression="zstd")
    return sink.getvalue()


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to a temporary file beside ``path``, fsync it, rename it over ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(tmp, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise BatchError(f"{path}: cannot write the output ({exc.strerror}); check the folder "
                         "exists and is writable") from exc


def fingerprint(**parts: Any) -> str:
    """A short hash of what makes two runs the same run (so a resume cannot mix them)."""
    payload = json.dumps(parts, sort_keys=True, default=str, separators=(",", ":"))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:16]


@dataclass
class Journal:
    """The append-only record of finished candidates of one run.

    >>> import tempfile, pathlib
    >>> j = Journal(pathlib.Path(tempfile.mkdtemp()) / "out.csv.journal.jsonl", run="abc")
    >>> j.open(resume=False); j.append({"candidate_id": "a", "score": 0.5}, files=1); j.close()
    >>> j2 = Journal(j.path, run="abc"); j2.open(resume=True); sorted(j2.rows)
    ['a']
    >>> j2.close()
    """

    path: Path
    run: str
    rows: dict[str, dict[str, Any]] = field(default_factory=dict)
    files: int = 0
    errors: int = 0
    _fh: Any = None

    def open(self, *, resume: bool) -> None:
        """Start a fresh journal, or read an existing one back to continue it."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        if resume and self.path.exists():
            self._read_back()
            self._fh = open(self.path, "ab")
            return
        self._fh = open(self.path, "wb")
        self._write({"journal": JOURNAL_VERSION, "run": self.run})

    def _read_back(self) -> None:
        data = self.path.read_bytes()
        good = data.rfind(b"\n") + 1  # a line without its newline was torn by a kill
        lines = data[:good].splitlines()
        try:
            header = json.loads(lines[0]) if lines else None
        except json.JSONDecodeError:
            header = None
        if not isinstance(header, dict) or header.get("journal") != JOURNAL_VERSION:
            raise BatchError(f"{self.path}: not a skillgap batch journal; delete it or drop "
                             "--resume")
        if header.get("run") != self.run:
            raise BatchError(f"{self.path}: this journal belongs to a run with other inputs, "
                             "roles or options; rerun with the same arguments, or drop --resume "
                             "to start over")
        for n, line in enumerate(lines[1:], start=2):
            try:
                rec = json.loads(line)
                row = rec["row"]
                self.rows[row["candidate_id"]] = row
                self.files += int(rec.get("files", 0))
                self.errors += int(rec.get("errors", 0))
            except (json.JSONDecodeError, KeyError, TypeError) as exc:
                raise BatchError(f"{self.path}: line {n} is damaged; delete the journal and run "
                                 "again without --resume") from exc
        if good < len(data):
            with open(self.path, "r+b") as fh:
                fh.truncate(good)
                os.fsync(fh.fileno())

    def _write(self, record: dict[str, Any]) -> None:
        self._fh.write(json.dumps(record, ensure_ascii=False, separators=(",", ":"))
                       .encode("utf-8") + b"\n")
        self._fh.flush()
        os.fsync(self._fh.fileno())

    def append(self, row: dict[str, Any], *, files: int, errors: int = 0,
               seconds: float = 0.0) -> None:
        """Record one finished candidate (durably, before the next one is reported)."""
        self._write({"row": row, "files": files, "errors": errors, "seconds": seconds})
        self.rows[row["candidate_id"]] = row
        self.files += files
        self.errors += errors

    def close(self) -> None:
        if self._fh is not None:
            self._fh.close()
            self._fh = None


def report_href(out: str | PathLike[str], candidate_id: str) -> str:
    """Where the HTML report of one candidate goes, relative to the leaderboard ``out``.

    ``OUT_reports/<safe name>-<hash>.html``: the name is readable, the hash keeps two ids that
    clean up to the same name apart.

    >>> report_href("runs/board.html", "Ana María/cv")
    'board_reports/ana-mar-a-cv-d6b19069.html'
    """
    import hashlib
    import re

    stem = re.sub(r"[^a-z0-9]+", "-", candidate_id.lower()).strip("-")[:60] or "candidate"
    digest = hashlib.sha256(candidate_id.encode("utf-8")).hexdigest()[:8]
    return f"{Path(out).stem}_reports/{stem}-{digest}.html"


def journal_path(out: str | PathLike[str]) -> Path:
    """Where the journal of a run writing ``out`` lives: ``OUT.journal.jsonl``."""
    p = Path(out)
    return p.with_name(p.name + ".journal.jsonl")


Callback = Callable[[BatchResult], None]


@dataclass(frozen=True)
class BatchSummary:
    """What a finished ``run_batch`` did."""

    out: Path
    candidates: int
    sources: int
    errors: int
    failed_candidates: int
    resumed: int
    seconds: float


def run_batch(inputs: str | PathLike[str], out: str | PathLike[str], *,
              fmt: OutputFormat = "csv", resume: bool = False, role: Any = None,
              taxonomy: Any = None, embeddings: bool = True, device: str = "auto",
              model: str | None = None, limits: Any = None, workers: int | None = None,
              engine: str = "local", address: str | None = None, fail_fast: bool = False,
              on_start: Callable[[int, int, int], None] | None = None,
              on_result: Callback | None = None) -> BatchSummary:
    """Analyse a folder of candidates into a ranked leaderboard file, resumably.

    ``on_start(total_sources, done_sources, done_errors)`` is called once before work starts
    (after the journal was read back); ``on_result`` after each candidate is journalled.

    Raises:
        BatchError: the journal belongs to another run, or the output cannot be written.
    """
    import time

    from skillgap._api import resolve_taxonomy
    from skillgap.batch import analyze_batch, count_sources
    from skillgap.ingest import DEFAULT_LIMITS
    from skillgap.taxonomy import Role

    t0 = time.perf_counter()
    limits = limits or DEFAULT_LIMITS
    tax = resolve_taxonomy(taxonomy)
    roles = [role] if isinstance(role, str | Role) else list(role or [])
    role_id = (roles[0].id if isinstance(roles[0], Role) else roles[0]) if len(roles) == 1 else None
    role_obj = roles[0] if roles and isinstance(roles[0], Role) else \
        (tax.role(role_id) if role_id else None)
    root = Path(os.path.abspath(inputs))
    run = fingerprint(inputs=str(root), roles=[r.model_dump() if isinstance(r, Role) else r
                                               for r in roles],
                      taxonomy=tax.content_hash, embeddings=embeddings, model=model,
                      limits=repr(limits))
    journal = Journal(journal_path(out), run=run)
    journal.open(resume=resume)
    resumed = len(journal.rows)
    try:
        if on_start is not None:
            on_start(count_sources(inputs), journal.files, journal.errors)
        for result in analyze_batch(inputs, role=role, taxonomy=tax, embeddings=embeddings,
                                    device=device, model=model, limits=limits, workers=workers,
                                    fail_fast=fail_fast, engine=engine,  # type: ignore[arg-type]
                                    address=address, skip=set(journal.rows)):
            if fmt == "html" and result.analysis is not None:
                # the candidate's own report is written before the journal line: a journalled
                # candidate always has its report, also after a kill and --resume
                write_atomic(Path(out).parent / report_href(out, result.candidate_id),
                             result.analysis.to_html(role=role_id).encode("utf-8"))
            journal.append(summarize(result, role_id=role_id, root=root),
                           files=max(1, len(result.sources)), errors=len(result.errors),
                           seconds=result.seconds)
            if on_result is not None:
                on_result(result)
    finally:
        journal.close()
    rows = rank_rows(journal.rows.values())
    reports = {r["candidate_id"]: report_href(out, r["candidate_id"]) for r in rows
               if r["score"] is not None} if fmt == "html" else None
    write_atomic(Path(out), render_rows(rows, fmt, role_label=role_obj.label if role_obj else "",
                                        reports=reports))
    journal.path.unlink(missing_ok=True)
    return BatchSummary(out=Path(out), candidates=len(rows), sources=journal.files,
                        errors=journal.errors,
                        failed_candidates=sum(1 for r in rows if r["score"] is None),
                        resumed=resumed, seconds=time.perf_counter() - t0)
