"""The FastAPI application: the views, the API, the error answers and the size limit."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from os import PathLike
from typing import Any

from skillgap._version import __version__
from skillgap.taxonomy import Taxonomy
from skillgap.web._uploads import WebLimits

__all__ = ["create_app"]


def create_app(*, role: str | None = None, taxonomy: Taxonomy | str | PathLike[str] | None = None,
               embeddings: bool = True, device: str = "auto", model: str | None = None,
               limits: WebLimits | None = None, workers: int = 1) -> Any:
    """The ``skillgap serve`` web app (an ASGI app: run it with uvicorn).

    Args:
        role: the role the forms and the API use when a request names none (``None``: every
            role for a candidate; the recruiter view then asks for one).
        taxonomy: a :class:`~skillgap.Taxonomy`, a path to one, or ``None`` for the built-in.
        embeddings, device, model: as for :func:`skillgap.analyze` (a request may switch
            embeddings off or on with the form field ``embeddings``).
        limits: upload limits and the per-document :class:`~skillgap.Limits`.
        workers: batch worker processes (1: in a background thread of the server).

    Raises:
        UnknownRoleError: ``role`` is not in the taxonomy.

    >>> from fastapi.testclient import TestClient
    >>> client = TestClient(create_app(embeddings=False))
    >>> "ml-engineer" in {r["id"] for r in client.get("/api/roles").json()}
    True
    """
    from fastapi import FastAPI, Request
    from fastapi.exceptions import RequestValidationError
    from fastapi.responses import JSONResponse, Response
    from starlette.exceptions import HTTPException as StarletteHTTPException

    from skillgap._api import resolve_taxonomy
    from skillgap.errors import SkillgapError
    from skillgap.web import _api, _pages
    from skillgap.web._http import BodyLimit, error_body, error_status
    from skillgap.web._service import Service

    svc = Service(taxonomy=resolve_taxonomy(taxonomy), default_role=role, embeddings=embeddings,
                  device=device, model=model, limits=limits or WebLimits(), workers=workers)

    @asynccontextmanager
    async def lifespan(app: Any) -> AsyncIterator[None]:
        yield
        svc.close()  # running jobs stop; their threads remove their uploads

    app = FastAPI(title="skillgap", version=__version__, lifespan=lifespan,
                  docs_url=None, redoc_url=None,  # their pages load scripts from a CDN
                  description="How far a resume and portfolio are from an AI/ML role, offline. "
                              "The same analysis as the `skillgap` command line, over HTTP.")
    app.state.service = svc

    def answer(request: Request, exc: BaseException, status: int, body: dict[str, str]) -> Response:
        if request.url.path.startswith("/api/"):
            return JSONResponse(body, status_code=status)
        return _pages.page("error.html.j2", status, code=status, error=body, active="")

    @app.exception_handler(SkillgapError)
    async def skillgap_error(request: Request, exc: SkillgapError) -> Response:
        return answer(request, exc, error_status(exc), error_body(exc))

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError) -> Response:
        problems = "; ".join(f"{'.'.join(str(p) for p in e.get('loc', ())[1:]) or 'request'}: "
                             f"{e.get('msg', 'invalid')}" for e in exc.errors())
        return answer(request, exc, 422, {"error": "RequestValidationError",
                                          "message": f"the request is not valid: {problems}"})

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        return answer(request, exc, exc.status_code,
                      {"error": "HTTPError", "message": str(exc.detail)})

    app.include_router(_api.router)
    app.include_router(_pages.router)
    app.add_middleware(BodyLimit, max_bytes=svc.limits.max_request_bytes,  # type: ignore[arg-type]
                       render_page=_pages.render_error_page)
    return app
