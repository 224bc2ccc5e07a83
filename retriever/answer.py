"""What an answer is: the JSON shape the CLI, the HTTP API and the evaluation share."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from indexer.schema import Chunk


@dataclass(frozen=True)
class Hit:
    """A ranked passage with its fused score and each retriever's own score."""

    chunk: Chunk
    rank: int
    score: float
    bm25: float | None = None
    dense: float | None = None


@dataclass(frozen=True)
class Citation:
    """A quoted span of a document, verifiable: quote == document.text[start:end]."""

    n: int
    doc_id: str
    title: str
    date: str | None
    section: str | None
    page: int | None
    quote: str
    start: int
    end: int
    passage: str
    chunk_id: str


@dataclass(frozen=True)
class Passage:
    """A retrieved passage as shown beside an answer."""

    rank: int
    chunk_id: str
    doc_id: str
    title: str
    section: str | None
    text: str
    score: float
    bm25: float | None
    dense: float | None


@dataclass(frozen=True)
class Answer:
    """The answer to one question, or an honest abstention with the nearest passages."""

    question: str
    history: tuple[str, ...]
    query: str
    answer: str
    abstained: bool
    reason: str | None
    confidence: float
    citations: tuple[Citation, ...]
    passages: tuple[Passage, ...]
    timings_ms: dict[str, float] = field(default_factory=dict)
    answer_type: str = "other"

    def to_json(self) -> dict[str, Any]:
        """The documented JSON shape (field names are a public contract)."""
        return {
            "question": self.question,
            "history": list(self.history),
            "query": self.query,
            "answer": self.answer,
            "abstained": self.abstained,
            "reason": self.reason,
            "confidence": round(self.confidence, 4),
            "citations": [asdict(c) for c in self.citations],
            "passages": [asdict(p) for p in self.passages],
            "timings_ms": {k: round(v, 2) for k, v in self.timings_ms.items()},
        }
