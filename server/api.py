"""The JSON API: ask, search, documents, health, readiness and reload."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse

from retriever.assistant import Assistant, QuestionError, passage_of
from retriever.filter_checks import check_doc_ids
from server.catalogue import document_json, find_document, summaries
from server.schemas import (MAX_TOP_K, AnswerOut, AskRequest, DocumentOut, DocumentSummaryOut,
                            ErrorOut, ReadyOut, ReloadOut, SearchOut, trimmed_question)
from server.state import AssistantHolder, ServeDefaults

router = APIRouter()

_ERRORS: dict[int | str, dict[str, Any]] = {
    422: {"model": ErrorOut, "description": "The request is not valid; the message says why"},
    503: {"model": ErrorOut, "description": "No index, or a stale one; the message gives the fix"},
}


def holder_of(request: Request) -> AssistantHolder:
    """The app's assistant holder."""
    return request.app.state.holder


def current_assistant(request: Request) -> Assistant:
    """The assistant over the newest loaded index; 503 (IndexMissing/IndexMismatch) if none."""
    return holder_of(request).get()


def defaults_of(request: Request) -> ServeDefaults:
    """The server's default top_k and mode."""
    return request.app.state.defaults


CurrentAssistant = Annotated[Assistant, Depends(current_assistant)]
Defaults = Annotated[ServeDefaults, Depends(defaults_of)]


@router.post("/api/ask", response_model=AnswerOut, responses=_ERRORS, tags=["answers"])
def ask(body: AskRequest, assistant: CurrentAssistant, defaults: Defaults) -> JSONResponse:
    """Answer a question with verified citations, or abstain with the nearest passages."""
    filters = None
    if body.filters is not None:
        check_doc_ids(body.filters.doc_ids, assistant.index.documents, "filters.doc_ids")
        filters = body.filters.to_filters()
    answer = assistant.ask(body.question, body.history, top_k=body.top_k or defaults.top_k,
                           mode=defaults.mode, filters=filters)
    return JSONResponse(answer.to_json())


@router.get("/api/search", response_model=SearchOut, responses=_ERRORS, tags=["answers"])
def search(assistant: CurrentAssistant, defaults: Defaults,
           q: Annotated[str, Query(description="what to look for, 1-1000 characters")],
           k: Annotated[int | None, Query(ge=1, le=MAX_TOP_K, description="how many passages")] = None,
           mode: Annotated[Literal["hybrid", "bm25", "dense"] | None,
                           Query(description="retrieval mode")] = None) -> JSONResponse:
    """Ranked passages for a query, with the query actually searched."""
    chosen_mode = mode or defaults.mode
    result = assistant.search(_checked_query(q), k=k or defaults.top_k, mode=chosen_mode)
    return JSONResponse({
        "query": result.query.text, "mode": chosen_mode,
        "passages": [asdict(passage_of(assistant.index, hit)) for hit in result.hits],
        "timings_ms": {name: round(ms, 2) for name, ms in result.timings_ms.items()}})


@router.get("/api/documents", response_model=list[DocumentSummaryOut], responses=_ERRORS,
            tags=["documents"])
def documents(assistant: CurrentAssistant) -> JSONResponse:
    """Every document: id, title, publisher, date, kind and sizes."""
    return JSONResponse([row.to_json() for row in summaries(assistant.index)])


@router.get("/api/documents/{doc_id}", response_model=DocumentOut,
            responses={404: {"model": ErrorOut, "description": "No such document"}, **_ERRORS},
            tags=["documents"])
def document(doc_id: str, assistant: CurrentAssistant) -> JSONResponse:
    """One document's cleaned text, its sections with their spans, and its pages."""
    return JSONResponse(document_json(assistant.index, find_document(assistant.index, doc_id)))


@router.get("/healthz", tags=["health"])
def healthz() -> dict[str, str]:
    """Liveness: the process is up and answering HTTP."""
    return {"status": "ok"}


@router.get("/readyz", response_model=ReadyOut, responses=_ERRORS, tags=["health"])
def readyz(assistant: CurrentAssistant) -> dict[str, Any]:
    """Readiness: the index is loaded; its manifest summary and the model name."""
    manifest = assistant.index.data.manifest
    return {"status": "ready", "build_id": assistant.index.build_id,
            "model": assistant.embedder.model_name,
            "manifest": {key: manifest.get(key) for key in (
                "format_version", "model", "tokenizer_version", "chunking", "counts", "built_at")}}


@router.post("/api/reload", response_model=ReloadOut, responses=_ERRORS, tags=["health"])
def reload(request: Request) -> dict[str, Any]:
    """Load the newest index build now (the server also notices one by itself within a second)."""
    holder = holder_of(request)
    swapped = holder.reload()
    assistant = holder.get()
    return {"reloaded": swapped, "build_id": assistant.index.build_id}


def _checked_query(q: str) -> str:
    try:
        return trimmed_question(q)
    except ValueError as error:
        raise QuestionError(str(error).replace("question", "q (the query)", 1)) from error
