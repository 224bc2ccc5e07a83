"""The last check before an answer leaves: every quote is verbatim in its document."""

from __future__ import annotations

import logging

from indexer.schema import Document
from retriever.answer import Citation

log = logging.getLogger(__name__)


def quote_is_verbatim(citation: Citation, document: Document | None) -> bool:
    """True when the quote is exactly the document's text at the cited span."""
    if document is None or not citation.quote:
        return False
    if not 0 <= citation.start < citation.end <= len(document.text):
        return False
    return document.text[citation.start:citation.end] == citation.quote


def verified(citations: list[Citation], documents: dict[str, Document]) -> list[Citation]:
    """The citations that pass; each failure is logged and dropped."""
    kept = []
    for citation in citations:
        if quote_is_verbatim(citation, documents.get(citation.doc_id)):
            kept.append(citation)
        else:
            log.warning("dropped citation [%d] of %s: quote not found verbatim at %d-%d",
                        citation.n, citation.doc_id, citation.start, citation.end)
    return kept
