"""The documents an index holds: metadata, sizes, lookup by id, and the list filter."""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict
from typing import Any

from indexer.schema import Document
from retriever.index import LoadedIndex
from server.document_summary import DocumentSummary
from server.errors import UnknownDocument


def summaries(index: LoadedIndex) -> list[DocumentSummary]:
    """Every document, newest first, then by title (worked out once per build)."""
    return list(index.derived("document_summaries", lambda: _summaries(index)))


def _summaries(index: LoadedIndex) -> tuple[DocumentSummary, ...]:
    chunks = Counter(c.doc_id for c in index.chunks)
    sentences = index.data.sentences.counts_by_document()
    rows = [_summary(d, chunks[d.doc_id], sentences.get(d.doc_id, 0)) for d in index.documents.values()]
    rows.sort(key=lambda r: r.title)
    rows.sort(key=lambda r: r.date or "", reverse=True)
    return tuple(rows)


def find_document(index: LoadedIndex, doc_id: str) -> Document:
    """The document with this id (a dictionary lookup, never a file path); UnknownDocument."""
    document = index.documents.get(doc_id)
    if document is None:
        raise UnknownDocument(doc_id)
    return document


def document_json(index: LoadedIndex, document: Document) -> dict[str, Any]:
    """A document's metadata, cleaned text, sections (with spans) and pages."""
    summary = next(s for s in summaries(index) if s.doc_id == document.doc_id)
    return {**summary.to_json(), "text": document.text,
            "sections": [asdict(s) for s in document.sections],
            "pages": [asdict(p) for p in document.pages]}


def matching(rows: list[DocumentSummary], text: str = "", kind: str = "") -> list[DocumentSummary]:
    """The rows whose title, publisher or id contain `text` (any case) and of `kind`, if given."""
    words = text.casefold().split()
    found = []
    for row in rows:
        haystack = " ".join(filter(None, (row.title, row.publisher, row.doc_id, row.date))).casefold()
        if all(word in haystack for word in words) and (not kind or row.kind == kind):
            found.append(row)
    return found


def _summary(document: Document, chunks: int, sentences: int) -> DocumentSummary:
    meta = document.meta
    return DocumentSummary(doc_id=meta.doc_id, title=meta.title, publisher=meta.publisher,
                           date=meta.date, kind=meta.kind, source_url=meta.source_url,
                           counts={"characters": len(document.text), "words": len(document.text.split()),
                                   "sections": len(document.sections), "pages": len(document.pages),
                                   "chunks": chunks, "sentences": sentences})
