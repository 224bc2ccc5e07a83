"""What a question points at beyond its topic: a document (by year or kind) or a numbered section."""

from __future__ import annotations

import re
from dataclasses import dataclass

from retriever.index import LoadedIndex

_SECTION_REF_RE = re.compile(r"\b(recommendations?|minute|section|paragraph|priority)\s+(\d{1,3}(?:\.\d{1,2})?)\b",
                             re.IGNORECASE)


@dataclass(frozen=True)
class Focus:
    """Per-document preference (0..1) and numbered sections the question names."""

    documents: dict[str, float]  # doc_id -> 0..1
    sections: tuple[tuple[str, str], ...]  # ("recommendation", "3")


_YEAR_RE = re.compile(r"\b((?:19|20)\d\d)\b(?![-/]\d)")
_KIND_WORDS = {"letter": "letter", "reply": "letter", "minutes": "minutes", "meeting": "minutes"}


def find_focus(index: LoadedIndex, question: str) -> Focus:
    """Documents the question points at by year of publication or kind, and named sections."""
    years = set(_YEAR_RE.findall(question))
    kinds = {kind for word, kind in _KIND_WORDS.items() if re.search(rf"\b{word}\b", question, re.I)}
    documents = {}
    for doc_id, document in index.documents.items():
        meta = document.meta
        score = (1.0 if meta.date and meta.date[:4] in years else 0.0) + (1.0 if meta.kind in kinds else 0.0)
        if score:
            documents[doc_id] = score / 2
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
