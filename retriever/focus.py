"""What a question points at beyond its topic: a document (by its metadata) or a numbered section."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from indexer.tokenizer import tokenize
from retriever.index import LoadedIndex

_SECTION_REF_RE = re.compile(r"\b(recommendations?|minute|section|paragraph|priority)\s+(\d{1,3}(?:\.\d{1,2})?)\b",
                             re.IGNORECASE)


@dataclass(frozen=True)
class Focus:
    """Per-document preference (0..1) and numbered sections the question names."""

    documents: dict[str, float]
    sections: tuple[tuple[str, str], ...]  # ("recommendation", "3")


def document_profile(index: LoadedIndex, doc_id: str) -> set[str]:
    """The words a user may use to point at a document: title, publisher, kind, year."""
    meta = index.documents[doc_id].meta
    return set(tokenize(" ".join(x for x in (meta.title, meta.publisher or "", meta.kind,
                                             (meta.date or "")[:4]) if x)))


def find_focus(index: LoadedIndex, question: str) -> Focus:
    """Documents whose distinctive metadata words the question uses, and named sections."""
    profiles = {doc_id: document_profile(index, doc_id) for doc_id in index.documents}
    count = len(profiles)
    tokens = set(tokenize(question))
    weights: dict[str, float] = {}
    for doc_id, profile in profiles.items():
        score = 0.0
        for token in tokens & profile:
            shared = sum(token in other for other in profiles.values())
            score += math.log(1 + count / shared) if shared < count else 0.0
        weights[doc_id] = score
    top = max(weights.values(), default=0.0)
    documents = {d: w / top for d, w in weights.items() if top > 0 and w > 0}
    sections = tuple((kind.lower().rstrip("s"), number) for kind, number in _SECTION_REF_RE.findall(question))
    return Focus(documents=documents, sections=sections)


def section_matches(section: str | None, sections: tuple[tuple[str, str], ...]) -> bool:
    """True when the chunk's section path names one of the sections the question names."""
    if not section or not sections:
        return False
    lowered = section.lower()
    for kind, number in sections:
        if re.search(rf"\b{kind}s?\s+{re.escape(number)}\b", lowered) or (
                kind in ("minute", "section", "paragraph") and re.search(rf"(^|> ){re.escape(number)}[.\s-]", lowered)):
            return True
    return False
