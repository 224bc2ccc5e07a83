"""What the JSON API accepts and returns: pydantic models checked at the HTTP edge."""

from __future__ import annotations

import re
from typing import Any, get_type_hints

from pydantic import BaseModel, ConfigDict, Field, create_model, field_validator

from indexer.schema import KINDS, Commitment
from retriever.answer import Citation, Passage  # dataclasses: pydantic validates and documents them
from retriever.assistant import MAX_HISTORY, MAX_QUESTION_CHARS
from retriever.search import Filters
from server.document_summary import DocumentSummary

MAX_TOP_K = 50
_DATE_RE = re.compile(r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")

QUESTION_RULE = f"question must be 1-{MAX_QUESTION_CHARS} characters after trimming"
HISTORY_RULE = f"history must be a list of at most {MAX_HISTORY} earlier questions"
TOP_K_RULE = f"top_k must be a whole number from 1 to {MAX_TOP_K}"


def trimmed_question(value: str) -> str:
    """The question with runs of white space folded; ValueError when empty or too long."""
    question = " ".join(value.split())
    if not 1 <= len(question) <= MAX_QUESTION_CHARS:
        raise ValueError(QUESTION_RULE)
    return question


class FiltersIn(BaseModel):
    """Optional limits on which documents are searched."""

    model_config = ConfigDict(extra="forbid")

    doc_ids: list[str] = Field(default_factory=list, max_length=100,
                               description="only these documents (ids from /api/documents)")
    kinds: list[str] = Field(default_factory=list, max_length=len(KINDS),
                             description=f"only these kinds: {', '.join(KINDS)}")
    date_from: str | None = Field(None, description="earliest date, YYYY, YYYY-MM or YYYY-MM-DD")
    date_to: str | None = Field(None, description="latest date, YYYY, YYYY-MM or YYYY-MM-DD")

    @field_validator("kinds")
    @classmethod
    def _known_kinds(cls, kinds: list[str]) -> list[str]:
        unknown = [k for k in kinds if k not in KINDS]
        if unknown:
            raise ValueError(f"unknown kind {', '.join(map(repr, unknown))}; "
                             f"kinds are {', '.join(KINDS)}")
        return kinds

    @field_validator("date_from", "date_to")
    @classmethod
    def _date_shape(cls, value: str | None) -> str | None:
        if value is not None and not _DATE_RE.match(value):
            raise ValueError(f"dates are YYYY, YYYY-MM or YYYY-MM-DD, got {value[:40]!r}")
        return value

    def to_filters(self) -> Filters:
        """The retriever's Filters."""
        return Filters(doc_ids=tuple(self.doc_ids), kinds=tuple(self.kinds),
                       date_from=self.date_from, date_to=self.date_to)


class AskRequest(BaseModel):
    """A question, the earlier questions of the conversation, and optional limits."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"question": "what was the baseline for HMOs?",
         "history": ["what is the PET fly-tip FPN baseline?"]}]})

    question: str = Field(description=f"1-{MAX_QUESTION_CHARS} characters after trimming")
    history: list[str] = Field(default_factory=list, max_length=MAX_HISTORY,
                               description="earlier questions, oldest first")
    filters: FiltersIn | None = None
    top_k: int | None = Field(None, ge=1, le=MAX_TOP_K,
                              description="passages returned with the answer (default 10)")

    @field_validator("question")
    @classmethod
    def _question_length(cls, value: str) -> str:
        return trimmed_question(value)


class ErrorOut(BaseModel):
    """Every error of the JSON API: one sentence a person can act on."""

    error: str


class AnswerOut(BaseModel):
    """The answer JSON (retriever.answer.Answer.to_json)."""

    question: str
    history: list[str]
    query: str
    answer: str
    abstained: bool
    reason: str | None
    confidence: float
    citations: list[Citation]
    passages: list[Passage]
    timings_ms: dict[str, float]


class SearchOut(BaseModel):
    """Ranked passages for a query, with the query actually searched."""

    query: str
    mode: str
    passages: list[Passage]
    timings_ms: dict[str, float]


def model_of(cls: type, name: str, doc: str, **extra: Any) -> type[BaseModel]:
    """A pydantic model with every field of a dataclass (plus extra fields), so the documented
    shape follows the dataclass the code fills in."""
    fields = {field: (hint, ...) for field, hint in get_type_hints(cls).items()}
    return create_model(name, __doc__=doc, **fields, **extra)


DocumentSummaryOut = model_of(DocumentSummary, "DocumentSummaryOut", "One document's metadata and sizes.")


class SectionOut(BaseModel):
    """A heading and the span of text it governs."""

    path: str
    title: str
    level: int
    start: int
    end: int


class DocumentOut(DocumentSummaryOut):  # type: ignore[misc, valid-type]
    """A document's cleaned text, its sections and pages."""

    text: str
    sections: list[SectionOut]
    pages: list[dict[str, int]]


class ReadyOut(BaseModel):
    """The index being served."""

    status: str
    build_id: str
    model: str
    manifest: dict[str, Any]


class ReloadOut(BaseModel):
    """Whether a reload swapped in a new build."""

    reloaded: bool
    build_id: str


CommitmentRecordOut = model_of(
    Commitment, "CommitmentRecordOut",
    "One record of the register, with `href`: its passage in the document page.", href=(str, ...))


class CommitmentOut(CommitmentRecordOut):  # type: ignore[misc, valid-type]
    """A record and, for a recommendation, the response(s) that answer it."""

    responses: list[CommitmentRecordOut]  # type: ignore[valid-type]


class CommitmentsOut(BaseModel):
    """A view of the commitments register: counts, the sort order, the records."""

    total: int = Field(description="records in the whole register")
    shown: int = Field(description="records that pass the filters")
    by_kind: dict[str, int] = Field(description="records shown, per kind")
    sort: str
    commitments: list[CommitmentOut]
