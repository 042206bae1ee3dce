"""The JSON API: ``POST /api/analyze``, ``POST /api/batch``, jobs, exports and roles.

``POST /api/analyze`` answers exactly the bytes of ``skillgap analyze --format json`` for the
same files (the :class:`~skillgap.Analysis` as JSON); errors are ``{"error", "message"}`` with a
4xx status (see :func:`skillgap.web._http.error_status`).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, File, Form, HTTPException, Request, UploadFile
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field

from skillgap.models import Analysis
from skillgap.web._service import RoleChoice, Service
from skillgap.web._uploads import Upload

__all__ = ["EXPORTS", "ErrorBody", "JobStatus", "router", "to_uploads"]

router = APIRouter(prefix="/api", tags=["api"])

EXPORTS = {"csv": "text/csv; charset=utf-8", "parquet": "application/vnd.apache.parquet",
           "jsonl": "application/jsonl; charset=utf-8", "html": "text/html; charset=utf-8"}


class ErrorBody(BaseModel):
    """Every 4xx/5xx answer of the API."""

    error: str = Field(description="the error class, e.g. UnsupportedFormatError", examples=[
        "DocumentTooLargeError"])
    message: str = Field(description="one line naming the file at fault and what to do")


class Row(BaseModel):
    """One candidate of a batch: the columns of ``skillgap batch`` plus screening and a link."""

    rank: int | None
    candidate_id: str
    score: float | None
    required_coverage: float | None
    must_haves_met: int | None
    must_haves_total: int | None
    missing_skills: str
    n_skills: int | None
    kpi_evidence: int | None
    sources: str
    error: str
    shortlisted: bool | None = Field(description="screening decision (with a profile or "
                                     "must-haves), else null")
    reasons: list[str]
    index: int = Field(description="the candidate's number in this job (for its report URL)")
    report: str | None = Field(default=None, description="URL of the candidate's HTML report")


class JobStatus(BaseModel):
    """A batch job: progress while it runs, the ranked rows once it is done."""

    job: str
    status: str = Field(description="running, done, failed or cancelled")
    message: str | None
    role_id: str
    role_label: str
    screened: bool
    redact: bool
    total: int = Field(description="sources to read (files, and folders read as one source)")
    done: int
    candidates_total: int
    candidates_done: int
    errors: int
    seconds: float
    rows: list[Row]


ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": ErrorBody, "description": why} for code, why in {
        400: "bad upload: no file, a broken or unsafe zip (path traversal, symlink), a role and "
             "a job ad together",
        413: "over a limit: request size, file count, file size, pages, characters, zip bomb",
        415: "a file type skillgap does not read",
        422: "unreadable content, a job ad that names no skill, an unknown role or skill",
    }.items()}


def service(request: Request) -> Service:
    return request.app.state.service  # type: ignore[no-any-return]


def to_uploads(files: list[UploadFile] | None) -> list[Upload]:
    return [Upload(filename=f.filename or "", file=f.file, size=f.size) for f in files or []
            if f.filename or f.size]


def one_upload(file: UploadFile | None) -> Upload | None:
    uploads = to_uploads([file] if file is not None else None)
    return uploads[0] if uploads else None


FilesField = Annotated[list[UploadFile] | None, File(
    description="One or more files of ONE candidate: resume (PDF, DOCX, TXT, Markdown, JSON "
                "Resume), READMEs, notebooks, or a zip of a repository.")]
RoleField = Annotated[str | None, Form(description="A role id (GET /api/roles); 'all' scores "
                                                   "every role. Default: the server's --role.")]
JobField = Annotated[str | None, Form(description="A job ad as text, used as the role.")]
JobFileField = Annotated[UploadFile | None, File(description="A job ad as a file (text, PDF, "
                                                             "DOCX, JSON), used as the role.")]
RedactField = Annotated[bool, Form(description="Mask e-mails, phone numbers and addresses.")]
EmbField = Annotated[bool | None, Form(description="Also link skills with the embedding model "
                                                   "(default: the server's setting).")]


@router.post("/analyze", response_class=Response, responses={
    200: {"model": Analysis, "description": "the Analysis, as `skillgap analyze --format json`",
          "content": {"application/json": {}}}, **ERRORS})
def api_analyze(request: Request, files: FilesField = None, role: RoleField = None,
                job_description: JobField = None, job_description_file: JobFileField = None,
                redact: RedactField = False, embeddings: EmbField = None) -> Response:
    """Analyse one candidate: skills with evidence, fit by role, missing skills, KPI evidence."""
    from skillgap.report import render

    svc = service(request)
    analysis, role_id = svc.analyze(
        to_uploads(files), RoleChoice(role=role, job_text=job_description,
                                      job_file=one_upload(job_description_file)),
        embeddings=embeddings)
    return Response(render(analysis, "json", role=role_id, redact=redact),
                    media_type="application/json", headers={"Cache-Control": "no-store"})


@router.post("/batch", response_model=JobStatus, responses={
    202: {"model": JobStatus, "description": "started (wait=false): poll GET /api/jobs/{job}"},
    **ERRORS})
def api_batch(request: Request, files: Annotated[list[UploadFile] | None, File(
                  description="Many candidates: one file each, or one zip with a file or a "
                              "folder per candidate.")] = None,
              role: RoleField = None, job_description: JobField = None,
              job_description_file: JobFileField = None,
              profile_file: Annotated[UploadFile | None, File(
                  description="A screening profile (YAML, as `skillgap screen --profile`).")] = None,
              must_have: Annotated[str | None, Form(
                  description="Must-have skills, comma-separated (a screening profile).")] = None,
              min_fit: Annotated[float | None, Form(ge=0.0, le=1.0,
                                                    description="Minimum fit to shortlist.")] = None,
              wait: Annotated[bool, Form(description="Answer when done (true) or at once with "
                                                     "202 and a job to poll (false).")] = True,
              redact: RedactField = False, embeddings: EmbField = None) -> Any:
    """Rank many candidates for a role, a job ad or a screening profile: one row each."""
    svc = service(request)
    job = svc.start_batch(to_uploads(files), RoleChoice(
        role=role, job_text=job_description, job_file=one_upload(job_description_file),
        profile_file=one_upload(profile_file), must_have=must_have, min_fit=min_fit),
        embeddings=embeddings, redact=redact)
    if not wait:
        return JSONResponse(job_json(job), status_code=202)
    if job.thread is not None:
        job.thread.join()
    body = job_json(job)
    return JSONResponse(body, status_code=500 if body["status"] == "failed" else 200)


def job_json(job: Any) -> dict[str, Any]:
    body = job.status_json()
    for row in body["rows"]:
        row["report"] = (f"/jobs/{job.id}/candidates/{row['index']}"
                         if row["index"] in job.analyses else None)
    return body  # type: ignore[no-any-return]


def find_job(request: Request, job_id: str) -> Any:
    job = service(request).job(job_id)
    if job is None:
        raise HTTPException(404, "no such job (jobs are kept for an hour); upload the files again")
    return job


@router.get("/jobs/{job_id}", response_model=JobStatus, responses={404: {"model": ErrorBody}})
def api_job(request: Request, job_id: str) -> Any:
    """Progress of a batch job, and its rows once it is done."""
    return JSONResponse(job_json(find_job(request, job_id)))


@router.get("/jobs/{job_id}/export.{fmt}", response_class=Response,
            responses={404: {"model": ErrorBody}, 409: {"model": ErrorBody}})
def api_export(request: Request, job_id: str, fmt: str) -> Response:
    """The leaderboard as CSV, Parquet, JSON Lines or HTML (the files of ``skillgap batch``)."""
    from skillgap.batch._io import COLUMNS, render_rows

    job = find_job(request, job_id)
    if fmt not in EXPORTS:
        raise HTTPException(404, f"unknown export {fmt!r}; use one of {', '.join(EXPORTS)}")
    if job.status != "done":
        raise HTTPException(409, f"the job is {job.status}; export it once it is done")
    rows = [{c: r[c] for c in COLUMNS} for r in job.rows]
    reports = {r["candidate_id"]: f"/jobs/{job.id}/candidates/{r['index']}" for r in job.rows
               if r["index"] in job.analyses}
    data = render_rows(rows, fmt, role_label=job.role_label, reports=reports)  # type: ignore[arg-type]
    return Response(data, media_type=EXPORTS[fmt], headers={
        "Content-Disposition": f'attachment; filename="skillgap-leaderboard.{fmt}"',
        "Cache-Control": "no-store"})


@router.get("/jobs/{job_id}/candidates/{index}", response_class=Response, responses={
    200: {"model": Analysis, "content": {"application/json": {}}}, 404: {"model": ErrorBody}})
def api_candidate(request: Request, job_id: str, index: int) -> Response:
    """One candidate's Analysis from a batch job (as ``skillgap analyze --format json``)."""
    from skillgap.report import render

    job = find_job(request, job_id)
    analysis = job.analyses.get(index)
    if analysis is None:
        raise HTTPException(404, "no analysis for this candidate (it failed, or the job is not "
                                 "done)")
    return Response(render(analysis, "json", role=job.role_id, redact=job.redact),
                    media_type="application/json",
                    headers={"Cache-Control": "no-store"})


@router.get("/roles")
def api_roles(request: Request) -> list[dict[str, Any]]:
    """The roles of the taxonomy (as ``skillgap roles --json``)."""
    return service(request).roles()
