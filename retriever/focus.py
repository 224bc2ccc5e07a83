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
    phrases: tuple[str, ...] = ()  # quoted in the question, lowercased: ("safe connection",)


# a phrase the question puts in quotes ("what's "Safe Connection"?", "is 'due shortly' ..."): an
# opening quote after a space or the start, a closing one before a space, punctuation or the end
# (not the apostrophes of "victims' commissioner" or "Harrow's")
_QUOTED_RE = re.compile(r"(?:^|(?<=[\s(]))[\"“‘']([^\"“”‘’'\n]{3,80}?)[\"”’'](?=[\s.,;:?!)]|$)")
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
    phrases = tuple(dict.fromkeys(" ".join(m.group(1).lower().split()) for m in _QUOTED_RE.finditer(question)))
    return Focus(documents=documents, sections=sections, phrases=tuple(p for p in phrases if p))


def says_phrase(text: str, phrases: tuple[str, ...]) -> bool:
    """True when the text has one of the question's quoted phrases, in any case or line breaks."""
    if not phrases:
        return False
    flat = " ".join(text.lower().split())
    return any(phrase in flat for phrase in phrases)


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
