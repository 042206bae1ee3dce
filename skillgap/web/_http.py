"""HTTP plumbing: errors as JSON (or a page), the request size limit, security headers.

Every :class:`~skillgap.SkillgapError` becomes a 4xx answer ``{"error": TYPE, "message": …}``
whose message names the file and the fix; anything else becomes a 500 that names only the
exception's type — never a traceback, never document text, and nothing is logged but the type.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from skillgap.errors import (
    DocumentReadError,
    DocumentTimeoutError,
    DocumentTooLargeError,
    EmbeddingError,
    SkillgapError,
    TaxonomyError,
    UnsupportedFormatError,
)
from skillgap.web._uploads import UploadError

__all__ = ["PAGE_CSP", "REPORT_CSP", "BodyLimit", "error_body", "error_status"]

log = logging.getLogger("skillgap.web")

#: the app's own pages: scripts from this server only, no other origin at all
PAGE_CSP = ("default-src 'none'; style-src 'unsafe-inline'; script-src 'self'; img-src 'self' data:; "
            "connect-src 'self'; form-action 'self'; frame-src 'self'; frame-ancestors 'none'; "
            "base-uri 'none'")
#: reports carry their own policy in a <meta>; the header only keeps other sites from framing them
REPORT_CSP = "frame-ancestors 'self'"


def error_status(exc: BaseException) -> int:
    """The HTTP status of an error: 413 over a limit, 415 unsupported, 400 a bad upload, 422 the
    content cannot be used (unreadable, no skill in a job ad, unknown role), 503 no encoder.

    >>> from skillgap.errors import UnsupportedFormatError
    >>> error_status(UnsupportedFormatError("x")), error_status(ValueError())
    (415, 500)
    """
    if isinstance(exc, DocumentTooLargeError):
        return 413
    if isinstance(exc, UnsupportedFormatError):
        return 415
    if isinstance(exc, UploadError):
        return 400
    if isinstance(exc, DocumentReadError | DocumentTimeoutError | TaxonomyError):
        return 422
    if isinstance(exc, EmbeddingError):
        return 503
    if isinstance(exc, SkillgapError):
        return 422
    return 500


def error_body(exc: BaseException) -> dict[str, str]:
    """``{"error": type, "message": one line}``; a bug's message is not shown (it may quote data)."""
    if isinstance(exc, SkillgapError):
        return {"error": type(exc).__name__, "message": " ".join(str(exc).split())}
    return {"error": "InternalError",
            "message": f"internal error ({type(exc).__name__}); please report it"}


class _TooLarge(BaseException):
    """The request body passed the limit (a BaseException: no handler on the way may eat it)."""


class BodyLimit:
    """ASGI middleware: refuse a request body over ``max_bytes`` with 413 (by Content-Length, or
    while it streams), and turn an unexpected exception into a 500 without a traceback."""

    def __init__(self, app: Any, max_bytes: int, render_page: Any = None) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.render_page = render_page

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def tracking_send(message: dict[str, Any]) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        headers = dict(scope.get("headers") or [])
        length = headers.get(b"content-length")
        too_large = request_too_large(self.max_bytes)
        if length is not None and length.isdigit() and int(length) > self.max_bytes:
            await self._answer(scope, send, too_large)
            return
        received = 0

        async def limited_receive() -> dict[str, Any]:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise _TooLarge
            return message

        try:
            await self.app(scope, limited_receive, tracking_send)
        except _TooLarge:
            if not started:
                await self._answer(scope, send, too_large)
        except BaseExceptionGroup as group:  # anyio may wrap it
            if not started:
                inner = group.subgroup(_TooLarge)
                await self._answer(scope, send, too_large if inner else RuntimeError())
            log.warning("request failed: %s", type(group).__name__)
        except Exception as exc:
            log.warning("request failed: %s", type(exc).__name__)  # the type only: no data
            if not started:
                await self._answer(scope, send, exc)

    async def _answer(self, scope: dict[str, Any], send: Any, exc: BaseException) -> None:
        status = error_status(exc)
        path = scope.get("path", "")
        if self.render_page is not None and not path.startswith("/api/"):
            body = self.render_page(exc, status).encode("utf-8")
            kind = b"text/html; charset=utf-8"
        else:
            body = json.dumps(error_body(exc)).encode("utf-8")
            kind = b"application/json"
        await send({"type": "http.response.start", "status": status,
                    "headers": [(b"content-type", kind), (b"content-length", str(len(body)).encode()),
                                (b"connection", b"close")]})
        await send({"type": "http.response.body", "body": body})


def request_too_large(max_bytes: int) -> SkillgapError:
    from skillgap.web._uploads import UploadTooLargeError

    return UploadTooLargeError(
        f"the upload is over the limit of {max_bytes:,} bytes per request; send fewer or smaller "
        "files, or start the server with a higher --max-upload-mb")
