"""Answer "what does FPN stand for?" from the glossary: the span where a document spells the
acronym out ("FPNs (fixed penalty notices)"), cited verbatim. The sentence search found such
spans for most questions, but words about the document the question names ("met business plan
- DWO stands for?") pulled it to other sentences, and the recommendation replies answered "what
does NRM stand for?" with a reply that only uses it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from indexer.schema import GlossaryEntry
from retriever.answer import Hit
from retriever.document_roles import best_documents
from retriever.index import LoadedIndex
from retriever.query import Query

_STANDS_FOR_RE = re.compile(r"\b(?:stand|stands|stood)\s+for\b|\bshort for\b|\babbreviation\b|"
                            r"\bacronym\b|\bspel(?:l|ls|led|t) out\b|\bfull form\b", re.I)
_WORD_RE = re.compile(r"[A-Za-z][A-Za-z&]+")


def acronym_entry(index: LoadedIndex, query: Query, hits: Sequence[Hit]) -> GlossaryEntry | None:
    """The glossary entry spelling out the acronym the question asks about, from the first of
    the best passages' documents that spells it out (else the first document that does); None
    when the question does not ask what an acronym stands for, the glossary lacks it, or that
    document spells it out, "... (STRIDE)", in words the glossary did not read (MOPAC's draft
    plan and the Met's business plan expand STRIDE differently)."""
    if not _STANDS_FOR_RE.search(query.question):
        return None
    entries = _entries_named(index, query.question) or _entries_named(index, query.text)
    if not entries:
        return None
    for doc_id in best_documents(index, hits, lambda _: True):
        own = [e for e in entries if e.doc_id == doc_id] or _spelled_again(index, entries, doc_id)
        if own:
            return own[0]
        text = index.documents[doc_id].text
        if any(re.search(rf"\(\s*{re.escape(e.term)}s?\s*\)", text) for e in entries):
            return None  # spelled out there in words the glossary did not read
    return entries[0]


def _spelled_again(index: LoadedIndex, entries: Sequence[GlossaryEntry], doc_id: str) -> list[GlossaryEntry]:
    """The entries' spellings-out as this document writes them too ("the National Crime Agency
    (NCA)"): the glossary keeps each spelling once, from the first document that has it."""
    text = index.documents[doc_id].text
    found = []
    for entry in entries:
        words = r"\s+".join(map(re.escape, entry.expansion.split()))
        match = re.search(rf"{words}\s*\(\s*{re.escape(entry.term)}s?\s*\)", text, re.I)
        if match:
            found.append(replace(entry, doc_id=doc_id, start=match.start(), end=match.end()))
    return found


# acronyms that are also words: typed in lower case they are the word ("what does IOM stand for now?")
_ALSO_WORDS = frozenset("now so beat wave pop contest".split())


def _entries_named(index: LoadedIndex, text: str) -> list[GlossaryEntry]:
    """Entries for the acronyms the text names, singular or plural ("DWOs"): written in capitals,
    or in lower case when at least three letters long and not also an English word."""
    named: set[str] = set()
    for word in _WORD_RE.findall(text):
        for form in (word, word[:-1] if word.endswith("s") else word):
            if form.isupper() or (form.islower() and len(form) >= 3 and form not in _ALSO_WORDS):
                named.add(form.lower())
    return [e for e in index.glossary if e.term.lower() in named]
