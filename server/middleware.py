"""What wraps every response: security headers and one log line with the latency."""

from __future__ import annotations

import logging
import time

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

log = logging.getLogger("server.access")

# the pages use only their own CSS and JS files: no inline script or style, nothing third-party
CONTENT_SECURITY_POLICY = ("default-src 'self'; script-src 'self'; style-src 'self'; "
                           "img-src 'self' data:; connect-src 'self'; object-src 'none'; "
                           "base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
# /docs (Swagger UI, served from this server) starts itself with one inline script
DOCS_POLICY = ("default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
               "img-src 'self' data:; worker-src blob:; connect-src 'self'; object-src 'none'; "
               "base-uri 'none'; frame-ancestors 'none'")
_DOCS_PATHS = ("/docs",)


def security_headers(path: str) -> dict[str, str]:
    """The headers every response carries: the CSP for the path, no sniffing, no framing."""
    headers = {"content-security-policy": DOCS_POLICY if path.startswith(_DOCS_PATHS)
               else CONTENT_SECURITY_POLICY,
               "x-content-type-options": "nosniff", "referrer-policy": "same-origin",
               "x-frame-options": "DENY"}
    if path.startswith(("/api/", "/documents", "/commitments")) or path in ("/", "/ask"):
        headers["cache-control"] = "no-store"  # answers and pages follow the index being served
    return headers


class ResponseHeaders:
    """Adds the Content-Security-Policy and friends, and logs `METHOD path status latency`."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        path = scope.get("path", "")
        extra = [(name.encode(), value.encode()) for name, value in security_headers(path).items()]
        status = 500

        async def send_with_headers(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message["headers"] = list(message.get("headers", [])) + extra
            await send(message)

        try:
            await self.app(scope, receive, send_with_headers)
        finally:
            log.info("%s %s %d %.1f ms", scope.get("method", "-"), path, status,
                     (time.perf_counter() - started) * 1000)


class BodyLimit:
    """Refuses request bodies over `max_bytes` with a 413 that goes through the error handlers.

    The limit is raised while the route reads the body, so the response is the API's JSON (or
    the HTML error page) rather than a bare text reply from outside the app.
    """

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers", [])).get(b"content-length", b"")
        received = 0

        async def limited_receive() -> Message:
            nonlocal received
            if declared.isdigit() and int(declared) > self.max_bytes:
                raise HTTPException(status_code=413)
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise HTTPException(status_code=413)
            return message

        await self.app(scope, limited_receive, send)
