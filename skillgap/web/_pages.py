"""The HTML views: the candidate view (upload → report) and the recruiter view (upload →
progress → sortable, filterable leaderboard), rendered with Jinja2 next to the report's own
templates and stylesheet. Forms work without script; the script adds progress polling,
leaderboard sorting and filters, and sizes the inline report.
"""

from __future__ import annotations

from functools import lru_cache
from importlib.resources import files as resource_files
from typing import TYPE_CHECKING, Annotated, Any

from fastapi import APIRouter, File, Form, HTTPException, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from skillgap.errors import SkillgapError
from skillgap.web._api import EXPORTS, find_job, one_upload, service, to_uploads
from skillgap.web._http import PAGE_CSP, REPORT_CSP, error_body, error_status
from skillgap.web._service import ALL_ROLES, RoleChoice

if TYPE_CHECKING:
    import jinja2

__all__ = ["environment", "render_error_page", "router"]

router = APIRouter(include_in_schema=False)

FORMATS = {"html": "text/html; charset=utf-8", "json": "application/json",
           "md": "text/markdown; charset=utf-8"}
STATIC = {"web.js": ("skillgap.web", "templates/web.js"),
          "sort.js": ("skillgap.report", "templates/sort.js")}


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    """The web templates first, then the report's (``style.css``, ``sort.js``)."""
    import jinja2

    from skillgap.report.html import _pct

    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader([jinja2.PackageLoader("skillgap.web", "templates"),
                                    jinja2.PackageLoader("skillgap.report", "templates")]),
        autoescape=True, trim_blocks=True, lstrip_blocks=True, undefined=jinja2.StrictUndefined)
    env.filters["pct"] = _pct
    return env


def page(name: str, status: int = 200, **ctx: Any) -> HTMLResponse:
    html = environment().get_template(name).render(**ctx)
    return HTMLResponse(html, status_code=status, headers={
        "Content-Security-Policy": PAGE_CSP, "Referrer-Policy": "no-referrer",
        "X-Content-Type-Options": "nosniff", "Cache-Control": "no-store"})


def render_error_page(exc: BaseException, status: int) -> str:
    return environment().get_template("error.html.j2").render(
        code=status, error=error_body(exc), active="")


def _form_ctx(request: Request, **extra: Any) -> dict[str, Any]:
    svc = service(request)
    lim = svc.limits
    ctx = {"roles": svc.roles(), "default_role": svc.default_role, "all_roles": ALL_ROLES,
           "limits": {"max_files": lim.max_files, "max_mb": lim.document.max_bytes / 1e6,
                      "max_pages": lim.document.max_pages,
                      "max_request_mb": lim.max_request_bytes / 1e6},
           "embeddings": svc.embeddings, "error": None, "active": ""}
    ctx.update(extra)
    return ctx


# -- candidate view --------------------------------------------------------------------------

@router.get("/", response_class=HTMLResponse)
def candidate_form(request: Request) -> HTMLResponse:
    return page("candidate.html.j2", **_form_ctx(request, active="candidate"))


@router.post("/analyze", response_class=HTMLResponse)
def candidate_submit(request: Request,
                     files: Annotated[list[UploadFile] | None, File()] = None,
                     role: Annotated[str | None, Form()] = None,
                     job_description: Annotated[str | None, Form()] = None,
                     job_description_file: Annotated[UploadFile | None, File()] = None,
                     redact: Annotated[bool, Form()] = False) -> Response:
    svc = service(request)
    try:
        analysis, role_id = svc.analyze(to_uploads(files), RoleChoice(
            role=role, job_text=job_description, job_file=one_upload(job_description_file)))
    except SkillgapError as exc:
        return page("candidate.html.j2", error_status(exc),
                    **_form_ctx(request, active="candidate", error=error_body(exc)))
    token = svc.keep(analysis, role_id, redact)
    return RedirectResponse(f"/results/{token}", status_code=303)


def _result(request: Request, token: str) -> Any:
    result = service(request).results.get(token)
    if result is None:
        raise HTTPException(404, "this report is no longer kept (reports are kept in memory for "
                                 "an hour); upload the files again")
    return result


@router.get("/results/{token}", response_class=HTMLResponse)
def candidate_result(request: Request, token: str) -> HTMLResponse:
    result = _result(request, token)
    a = result.analysis
    fit = a.role(result.role_id) if result.role_id else (
        min(a.roles, key=lambda f: (-f.score, f.role_id)) if a.roles else None)
    return page("result.html.j2", token=token, fit=fit, analysis=a, redact=result.redact,
                active="candidate", formats=list(FORMATS))


@router.get("/results/{token}/report.{fmt}")
def candidate_report(request: Request, token: str, fmt: str, download: bool = False) -> Response:
    result = _result(request, token)
    return _report(result.analysis, fmt, role_id=result.role_id, redact=result.redact,
                   download=download, name="skillgap-report")


def _report(analysis: Any, fmt: str, *, role_id: str | None, redact: bool, download: bool,
            name: str) -> Response:
    from skillgap.report import render

    if fmt not in FORMATS:
        raise HTTPException(404, f"unknown format {fmt!r}; use html, json or md")
    headers = {"Content-Security-Policy": REPORT_CSP, "X-Content-Type-Options": "nosniff",
               "Referrer-Policy": "no-referrer", "Cache-Control": "no-store"}
    if download:
        headers["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return Response(render(analysis, fmt, role=role_id, redact=redact), media_type=FORMATS[fmt],
                    headers=headers)


# -- recruiter view --------------------------------------------------------------------------

@router.get("/recruiter", response_class=HTMLResponse)
def recruiter_form(request: Request) -> HTMLResponse:
    return page("recruiter.html.j2", **_form_ctx(request, active="recruiter"))


@router.post("/recruiter", response_class=HTMLResponse)
def recruiter_submit(request: Request,
                     files: Annotated[list[UploadFile] | None, File()] = None,
                     role: Annotated[str | None, Form()] = None,
                     job_description: Annotated[str | None, Form()] = None,
                     job_description_file: Annotated[UploadFile | None, File()] = None,
                     profile_file: Annotated[UploadFile | None, File()] = None,
                     must_have: Annotated[str | None, Form()] = None,
                     min_fit: Annotated[str | None, Form()] = None,
                     redact: Annotated[bool, Form()] = False) -> Response:
    svc = service(request)
    try:
        fit = _percent(min_fit)
        job = svc.start_batch(to_uploads(files), RoleChoice(
            role=role, job_text=job_description, job_file=one_upload(job_description_file),
            profile_file=one_upload(profile_file), must_have=must_have, min_fit=fit),
            redact=redact)
    except SkillgapError as exc:
        return page("recruiter.html.j2", error_status(exc),
                    **_form_ctx(request, active="recruiter", error=error_body(exc)))
    return RedirectResponse(f"/jobs/{job.id}", status_code=303)


def _percent(text: str | None) -> float | None:
    from skillgap.web._uploads import UploadError

    if not (text or "").strip():
        return None
    try:
        value = float((text or "").strip().rstrip("%"))
    except ValueError:
        raise UploadError(f"minimum fit {text!r} is not a number; give a percentage such as "
                          "40") from None
    value = value / 100 if value > 1 else value
    if not 0 <= value <= 1:
        raise UploadError(f"minimum fit {text!r} is outside 0–100%")
    return value


@router.get("/jobs/{job_id}", response_class=HTMLResponse)
def job_page(request: Request, job_id: str) -> HTMLResponse:
    from skillgap.report.html import _ratio

    job = find_job(request, job_id)
    body = job.status_json()
    rows = []
    for r in body["rows"]:
        met = None if r["must_haves_met"] is None else f"{r['must_haves_met']}/{r['must_haves_total']}"
        rows.append({**r, "must": met, "must_ratio": _ratio(met),
                     "others": r["other_skills"].split(";") if r.get("other_skills") else [],
                     "report": f"/jobs/{job.id}/candidates/{r['index']}"
                     if r["index"] in job.analyses else None})
    return page("job.html.j2", job=body, rows=rows, exports=[e for e in EXPORTS if e != "html"],
                failed=sum(1 for r in rows if r["rank"] is None), active="recruiter")


@router.get("/jobs/{job_id}/candidates/{index}")
def job_candidate(request: Request, job_id: str, index: int, fmt: str = "html",
                  download: bool = False) -> Response:
    job = find_job(request, job_id)
    analysis = job.analyses.get(index)
    if analysis is None:
        raise HTTPException(404, "no report for this candidate (it failed, or the job is not "
                                 "done)")
    return _report(analysis, fmt, role_id=job.role_id, redact=job.redact, download=download,
                   name=f"candidate-{index}")


# -- static files ----------------------------------------------------------------------------

@router.get("/static/{name}")
def static(name: str) -> Response:
    if name not in STATIC:
        raise HTTPException(404, "no such file")
    package, path = STATIC[name]
    data = resource_files(package).joinpath(path).read_bytes()
    return Response(data, media_type="text/javascript; charset=utf-8",
                    headers={"X-Content-Type-Options": "nosniff",
                             "Cache-Control": "public, max-age=600"})
