"""The server-rendered pages: the chat (with a form post that needs no JavaScript), documents and
the commitments register."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from indexer.schema import COMMITMENT_KINDS, KINDS
from retriever.assistant import MAX_HISTORY, QuestionError
from retriever.filter_checks import FilterError
from server.answer_view import Turn, display_date, turn_of
from server.api import CurrentAssistant, Defaults
from server.catalogue import find_document, matching, summaries
from server.commitments_api import Register
from server.commitments_view import (RegisterQuery, due_note, passage_href, register_view,
                                     response_summary, sort_links)
from server.document_view import Span, blocks_of, contents_of, valid_span
from server.schemas import trimmed_question

router = APIRouter(include_in_schema=False)

EXAMPLES = (
    "what is the PET fly-tip FPN baseline?",
    "how many homicides were there in london in 2017-18?",
    "what % of Black Londoners trust the Met?",
    "who is the DMPC?",
    "when was the VRU set up?",
)
_SAFE_URL = re.compile(r"^https?://", re.IGNORECASE)


def _render(request: Request, name: str, context: dict[str, Any], status: int = 200) -> Response:
    return request.app.state.templates.TemplateResponse(request, name, context, status_code=status)


@router.get("/", response_class=HTMLResponse)
def chat(request: Request, assistant: CurrentAssistant) -> Response:
    """The chat page with an empty conversation and example questions."""
    return _render(request, "chat.html", _chat_context([], [], None, ""))


@router.post("/ask", response_class=HTMLResponse)
def ask_form(request: Request, assistant: CurrentAssistant, defaults: Defaults,
             question: Annotated[str, Form()] = "",
             history: Annotated[list[str], Form()] = []) -> Response:  # noqa: B006 (FastAPI copies)
    """The form post: answer the question and render the whole conversation (no JavaScript)."""
    # a long conversation keeps working: only the recent turns are replayed and sent as history
    earlier = [" ".join(h.split()) for h in history if h.strip()][-MAX_HISTORY:]
    turns = [turn_of(i + 1, assistant.ask(q, earlier[:i], top_k=defaults.top_k, mode=defaults.mode))
             for i, q in enumerate(earlier)]
    try:
        asked = trimmed_question(question)
        answer = assistant.ask(asked, earlier, top_k=defaults.top_k, mode=defaults.mode)
    except (ValueError, QuestionError) as error:
        # shown beside the question box, with the conversation so far still on the page
        return _render(request, "chat.html", _chat_context(turns, earlier, str(error), question[:1000]),
                       status=422)
    turns.append(turn_of(len(turns) + 1, answer))
    return _render(request, "chat.html", _chat_context(turns, earlier + [answer.question], None, ""))


@router.get("/ask", include_in_schema=False)
def ask_get() -> RedirectResponse:
    """A reload or bookmark of the form's address goes back to the chat."""
    return RedirectResponse("/", status_code=303)


@router.get("/documents", response_class=HTMLResponse)
def document_list(request: Request, assistant: CurrentAssistant,
                  q: Annotated[str, Query(max_length=200)] = "",
                  kind: Annotated[str, Query(max_length=40)] = "") -> Response:
    """Every document with its metadata, filtered by words and kind."""
    rows = summaries(assistant.index)
    shown = matching(rows, q, kind if kind in KINDS else "")
    return _render(request, "documents.html", {
        "rows": [(row, display_date(row.date)) for row in shown], "total": len(rows),
        "q": q, "kind": kind, "kinds": sorted({row.kind for row in rows})})


@router.get("/documents/{doc_id}", response_class=HTMLResponse)
def document_page(request: Request, doc_id: str, assistant: CurrentAssistant,
                  start: Annotated[int | None, Query(ge=0)] = None,
                  end: Annotated[int | None, Query(ge=0)] = None,
                  chunk: Annotated[str | None, Query(max_length=300)] = None) -> Response:
    """The cleaned text with headings; `start`/`end` (or a passage's `chunk`) is highlighted."""
    document = find_document(assistant.index, doc_id)
    highlight = valid_span(document, start, end)
    if highlight is None and chunk:
        found = [c for c in assistant.index.chunks if c.chunk_id == chunk and c.doc_id == doc_id]
        highlight = Span(found[0].start, found[0].end) if found else None
    meta = document.meta
    return _render(request, "document.html", {
        "meta": meta, "date": display_date(meta.date),
        "source_url": meta.source_url if meta.source_url and _SAFE_URL.match(meta.source_url) else None,
        "blocks": blocks_of(document, highlight), "contents": contents_of(document),
        "highlighted": highlight is not None,
        "quote": document.text[highlight.start:highlight.end] if highlight else None})


@router.get("/commitments", response_class=HTMLResponse)
def commitments_page(request: Request, assistant: CurrentAssistant, query: Register) -> Response:
    """The register as a table: search, filters, sortable columns, counts and a CSV of the view."""
    query = _dated(query)
    try:
        view, error = register_view(assistant.index, query), None
    except FilterError as problem:
        # shown above the form, which keeps what was typed so it can be corrected
        view, error = None, str(problem)
    documents = summaries(assistant.index)
    return _render(request, "commitments.html", {
        "query": query, "view": view, "error": error, "kinds": COMMITMENT_KINDS,
        "documents": documents, "titles": {d.doc_id: d.title for d in documents},
        "columns": sort_links(query), "csv_href": query.url("/api/commitments.csv"),
        "due_note": due_note, "response_summary": response_summary, "passage_href": passage_href},
        status=422 if error else 200)


def _dated(query: RegisterQuery) -> RegisterQuery:
    # a date field cannot show "today": the page shows (and its links keep) the day it means
    today = date.today().isoformat()
    return replace(query, **{name: today for name in ("due_after", "due_before", "overdue_on")
                             if getattr(query, name).lower() == "today"})


def _chat_context(turns: list[Turn], history: list[str], error: str | None,
                  question: str) -> dict[str, Any]:
    return {"turns": turns, "history": history[-MAX_HISTORY:], "error": error,
            "question_value": question, "examples": EXAMPLES}
