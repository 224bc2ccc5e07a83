"""The one place that turns errors into responses: JSON under /api, an HTML page elsewhere."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException

from indexer.errors import IndexMismatch, IndexMissing, ScrutinyError
from retriever.assistant import QuestionError
from retriever.filter_checks import FilterError
from retriever.search import MODES, SearchError
from server.middleware import security_headers
from server.schemas import HISTORY_RULE, MAX_TOP_K, QUESTION_RULE, TOP_K_RULE

log = logging.getLogger(__name__)

JSON_PATHS = ("/api/", "/healthz", "/readyz", "/openapi.json")

# what a person should read when a field is wrong in a way pydantic describes technically
FIELD_RULES = {
    "question": "question must be text, " + QUESTION_RULE.removeprefix("question must be "),
    "q": QUESTION_RULE.replace("question", "q (the query)", 1),
    "history": HISTORY_RULE,
    "top_k": TOP_K_RULE,
    "k": f"k must be a whole number from 1 to {MAX_TOP_K}",
    "mode": f"mode must be one of {', '.join(MODES)}",
    "start": "start must be a whole number of characters (0 or more)",
    "end": "end must be a whole number of characters (0 or more)",
    "doc_ids": "filters.doc_ids must be a list of document ids",
    "kinds": "filters.kinds must be a list of kinds",
    "date_from": "filters.date_from must be a date: YYYY, YYYY-MM or YYYY-MM-DD",
    "date_to": "filters.date_to must be a date: YYYY, YYYY-MM or YYYY-MM-DD",
    "filters": "filters must be an object with doc_ids, kinds, date_from and date_to",
}


class UnknownDocument(ScrutinyError, LookupError):
    """A document id that is not in the index."""

    def __init__(self, doc_id: str) -> None:
        self.doc_id = doc_id
        super().__init__(f"there is no document {doc_id[:200]!r}; see /api/documents for the list")


def status_of(error: ScrutinyError) -> int:
    """The HTTP status for a named error."""
    if isinstance(error, (IndexMissing, IndexMismatch)):
        return 503
    if isinstance(error, UnknownDocument):
        return 404
    if isinstance(error, (QuestionError, SearchError, FilterError)):
        return 422
    return 500


def validation_message(errors: Sequence[dict[str, Any]]) -> str:
    """One sentence for the first problem pydantic found, in the words of the API."""
    if not errors:
        return "the request is not valid"
    error = errors[0]
    kind = str(error.get("type", ""))
    loc = [str(part) for part in error.get("loc", ()) if not isinstance(part, int)]
    fields = [part for part in loc if part not in ("body", "query", "path", "form")]
    if kind == "json_invalid":
        return "the request body is not valid JSON"
    if not fields:
        if kind == "missing":
            return 'send a JSON body such as {"question": "what is the PET fly-tip FPN baseline?"}'
        return 'the request body must be a JSON object such as {"question": "..."}'
    name = fields[-1]
    if kind == "missing":
        return f"{'.'.join(fields)} is required"
    if kind == "extra_forbidden":
        return f"unknown field {'.'.join(fields)}"
    if kind == "value_error":
        return str(error.get("msg", "")).removeprefix("Value error, ")
    if name in FIELD_RULES:
        return FIELD_RULES[name]
    message = str(error.get("msg", "is not valid"))
    return f"{'.'.join(fields)}: {message[:1].lower()}{message[1:]}"


def install_error_handlers(app: FastAPI, templates: Jinja2Templates) -> None:
    """Register the handlers; every error a user can meet goes through `respond`."""

    def respond(request: Request, status: int, message: str) -> Response:
        if wants_json(request):
            return JSONResponse({"error": message}, status_code=status)
        return templates.TemplateResponse(request, "error.html", {
            "status": status, "title": _page_title(status), "message": message},
            status_code=status)

    async def on_scrutiny_error(request: Request, error: ScrutinyError) -> Response:
        status = status_of(error)
        if status >= 500:
            log.warning("%s %s: %s", request.method, request.url.path, error)
        return respond(request, status, str(error))

    async def on_validation_error(request: Request, error: RequestValidationError) -> Response:
        return respond(request, 422, validation_message(error.errors()))

    async def on_http_error(request: Request, error: HTTPException) -> Response:
        message = {404: "there is nothing at this address",
                   405: f"{request.method} is not allowed here",
                   413: "the request is too large"}.get(error.status_code, str(error.detail))
        if error.status_code == 404 and isinstance(error.detail, str) and error.detail != "Not Found":
            message = error.detail
        response = respond(request, error.status_code, message)
        if error.headers:
            response.headers.update(error.headers)
        return response

    async def on_unexpected(request: Request, error: Exception) -> Response:
        # the traceback goes to the server log only; the user gets a plain sentence
        log.error("%s %s failed", request.method, request.url.path, exc_info=error)
        response = respond(request, 500, "something went wrong on the server; the error has been logged")
        # this handler runs outside the middleware that adds these to every other response
        response.headers.update(security_headers(request.url.path))
        return response

    app.add_exception_handler(ScrutinyError, on_scrutiny_error)
    app.add_exception_handler(RequestValidationError, on_validation_error)
    app.add_exception_handler(HTTPException, on_http_error)
    app.add_exception_handler(500, on_unexpected)


def wants_json(request: Request) -> bool:
    """True for the JSON API and the health checks; pages get HTML."""
    path = request.url.path
    return path.startswith(JSON_PATHS) or path in ("/api", "/healthz", "/readyz")


def _page_title(status: int) -> str:
    titles = {404: "Page not found", 503: "The documents are not ready",
              422: "There is a problem with your request",
              500: "Sorry, there is a problem with the service"}
    if status in titles:
        return titles[status]
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"
