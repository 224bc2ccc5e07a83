"""Who a letter is addressed to, who signed it and its date, who chaired a meeting, who wrote a
foreword: read from the lines that state them (an address block, a "Date:" line, a sign-off, a
"Chair:" line under the minutes' heading, the signature closing a foreword). Such lines are
not sentences about the question's words, so the sentence search seldom ranks them first.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from indexer.sentences import trimmed_span
from retriever.answer import Citation, Hit
from retriever.citing import cite_span, source_label
from retriever.index import LoadedIndex
from retriever.query import Query

HEAD_CHARS = 2000  # a letter's address block and date, or the minutes' chair line, come first
DOCUMENT_HITS = 5  # the document asked about holds one of the best passages
LINE_MAX_WORDS = 10  # a name or a role on a line of its own, not a sentence

_LETTER_RE = re.compile(r"\b(?:letter|reply)\b", re.I)
_RECIPIENT_RE = re.compile(r"\b(?:addressed|sent|written|directed|send|write|wrote)\s+to\b|\bto whom\b|"
                           r"\brecipient\b", re.I)
_SIGNATORY_RE = re.compile(r"\bwho\b.*\b(?:signed|signs|sign|wrote|write|writes|written|authored|sent)\b"
                           r"|\bwho\b.*\bfrom\b|\bauthor\b|\bsignator", re.I)
# a letter's date is asked in the past ("when was it sent?"); "on what date will the strategy
# be published, according to the letter?" asks the date of something the letter speaks of
_DATE_RE = re.compile(r"^(?!.*\b(?:will|according to)\b).*?(?:"
                      r"\b(?:what|which) date\b|\bwhen\b.*\b(?:dated|sent|written|signed|send|write|sign)\b"
                      r"|\bdated\b|\bdate\b.*\bon\b|\bdate of (?:the|this|that|her|his|its)\b)", re.I)
_CHAIR_RE = re.compile(r"\bwho\b(?!.*\bwill\b).*\bchair(?:ed|ing|s)?\b|\bchaired by\b|\bin the chair\b", re.I)
_MEETING_RE = re.compile(r"\b(?:meeting|minutes|committee|o&s|scrutiny)\b", re.I)
_FOREWORD_RE = re.compile(r"\bforewords?\b", re.I)
_FOREWORD_ASKS_RE = re.compile(r"\bwho\b|\bauthor\b|\bsigned\b|\bwritten by\b", re.I)
_YEAR_RE = re.compile(r"\b(?:19|20)\d\d\b")

_SALUTATION_RE = re.compile(r"^[ \t]*Dear\s+[^\n,]+,", re.M)
_DATE_LINE_RE = re.compile(r"^[ \t]*Date:[ \t]*\S[^\n]*", re.M)
_SIGN_OFF_RE = re.compile(r"^[ \t]*(?:Yours (?:sincerely|faithfully)|Kind regards|Best wishes|"
                          r"With best wishes),?[ \t]*$", re.M | re.I)
_CHAIR_LINE_RE = re.compile(r"^[ \t]*Chair(?:man|person)?:[ \t]*(?:\n[ \t]*)*(\S[^\n]*)", re.M)
_FOREWORD_BY_RE = re.compile(r"Foreword\s*[-\u2013]\s*([^*#\n]+?)\s*(?:\*|$)", re.M)


@dataclass(frozen=True)
class RoleLines:
    """What the question asks ("Addressed to", "Signed by"...) and the spans that state it."""

    label: str  # "" when the line names itself ("Date: 23/03/2022")
    doc_id: str
    spans: tuple[tuple[int, int], ...]


def role_lines(index: LoadedIndex, query: Query, hits: Sequence[Hit]) -> RoleLines | None:
    """The lines answering a question about a document's addressee, signatory, date, chair or
    foreword author; None when the question asks none of these or no such line is found."""
    question = query.question
    if _FOREWORD_RE.search(query.text) and _FOREWORD_ASKS_RE.search(question):
        # the first of the best passages' documents that has a foreword at all: the Met's VAWG
        # plan (an appendix of the minutes, its foreword no section of its own) is not the
        # draft plan, whose two forewords are sections headed with their authors' names
        with_foreword = best_documents(index, hits, lambda d: bool(_FOREWORD_RE.search(index.documents[d].text)))
        spans = _foreword_authors(index, with_foreword[0]) if with_foreword else ()
        return RoleLines("Foreword by", with_foreword[0], spans) if spans else None
    if _LETTER_RE.search(query.text):
        asked = [(label, find) for label, pattern, find in (
            ("Addressed to", _RECIPIENT_RE, _recipient), ("Signed by", _SIGNATORY_RE, _signatory),
            ("", _DATE_RE, _date_line)) if pattern.search(question)]
        if not asked:
            return None
        label, find = asked[0]
        for doc_id in _letters(index, hits):
            span = find(index.documents[doc_id].text)
            if span and not _contradicts(query, index, doc_id):
                return RoleLines(label, doc_id, (span,))
        return None
    if _CHAIR_RE.search(question) and _MEETING_RE.search(query.text) and hits:
        doc_id = hits[0].chunk.doc_id  # the meeting asked about is the best passage's
        if index.documents[doc_id].meta.kind == "minutes" and not _contradicts(query, index, doc_id):
            span = _chair(index.documents[doc_id].text)
            if span:
                return RoleLines("", doc_id, (span,))
    return None


def write_role_answer(index: LoadedIndex, lines: RoleLines) -> tuple[str, list[Citation]]:
    """The answer text ("Addressed to: Susan Hall AM Chair of ... [1] (Letter from ..., 2022-03-23)")
    and its citations."""
    citations = [cite_span(index, lines.doc_id, start, end, n)
                 for n, (start, end) in enumerate(lines.spans, start=1)]
    quoted = " ".join(f"{' '.join(c.quote.split())} [{c.n}]" for c in citations)
    lead = f"{lines.label}: " if lines.label else ""
    return f"{lead}{quoted} ({source_label(citations[0])})", citations


def _letters(index: LoadedIndex, hits: Sequence[Hit]) -> list[str]:
    """The letters among all the passages found, best first; else the index's only letter. A
    question about "the letter" says little else the search can use ("who was the MOPAC reply
    letter addressed to?" found the letter's passages at rank 7)."""
    found = best_documents(index, hits, lambda d: index.documents[d].meta.kind == "letter", len(hits))
    if found:
        return found
    letters = [d for d, document in index.documents.items() if document.meta.kind == "letter"]
    return letters if len(letters) == 1 else []


def best_documents(index: LoadedIndex, hits: Sequence[Hit], fits: Callable[[str], bool],
                   depth: int = DOCUMENT_HITS) -> list[str]:
    """Documents of the best passages (the first `depth`) that fit, best first, each once."""
    found: list[str] = []
    for hit in hits[:depth]:
        if hit.chunk.doc_id not in found and fits(hit.chunk.doc_id):
            found.append(hit.chunk.doc_id)
    return found


def _contradicts(query: Query, index: LoadedIndex, doc_id: str) -> bool:
    """True when the question names a year and the document is dated another one ("who chaired
    the committee's meeting in January 2017?" is not about the December 2021 minutes)."""
    date = index.documents[doc_id].meta.date or ""
    years = set(_YEAR_RE.findall(query.question))
    return bool(years) and date[:4] not in years


def _recipient(text: str) -> tuple[int, int] | None:
    """The first lines of the address block above "Dear ...,": the name and, when it is not an
    address, the role under it."""
    salutation = _SALUTATION_RE.search(text, 0, HEAD_CHARS)
    if salutation is None:
        return None
    lines = _lines(text, 0, salutation.start())
    block = []
    for start, end in lines:
        if block and text[block[-1][1]:start].count("\n") > 1:
            break  # the block ends at a blank line
        block.append((start, end))
    named = [s for s in block[:2] if not re.search(r"[@\d]", text[s[0]:s[1]])]
    return (named[0][0], named[-1][1]) if named and _short(text, named) else None


def _date_line(text: str) -> tuple[int, int] | None:
    match = _DATE_LINE_RE.search(text, 0, HEAD_CHARS)
    return trimmed_span(text, match.start(), match.end()) if match else None


def _signatory(text: str) -> tuple[int, int] | None:
    """The name and role under the last sign-off ("Yours sincerely,")."""
    sign_offs = list(_SIGN_OFF_RE.finditer(text))
    if not sign_offs:
        return None
    lines = _lines(text, sign_offs[-1].end(), min(len(text), sign_offs[-1].end() + 300))[:2]
    return (lines[0][0], lines[-1][1]) if lines and _short(text, lines) else None


def _chair(text: str) -> tuple[int, int] | None:
    match = _CHAIR_LINE_RE.search(text, 0, HEAD_CHARS)
    if match is None or len(match.group(1).split()) > LINE_MAX_WORDS // 2:
        return None
    return trimmed_span(text, match.start(), match.end(1))


def _foreword_authors(index: LoadedIndex, doc_id: str) -> tuple[tuple[int, int], ...]:
    """For each foreword: the author its heading names ("Foreword - Sadiq Khan, Mayor of
    London"), or the name and role closing it."""
    document = index.documents[doc_id]
    spans = []
    for section in document.sections:
        if not _FOREWORD_RE.search(section.title):
            continue
        heading_end = document.text.find("\n", section.start)
        named = _FOREWORD_BY_RE.search(document.text, section.start,
                                       heading_end if heading_end >= 0 else section.end)
        if named:
            spans.append((named.start(1), named.end(1)))
            continue
        closing = _lines(document.text, section.start, section.end)[-2:]
        if len(closing) == 2 and _short(document.text, closing) and \
                all(w[:1].isupper() for w in document.text[closing[0][0]:closing[0][1]].split()):
            spans.append((closing[0][0], closing[1][1]))
    return tuple(spans)


def _lines(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans of the non-blank lines in text[start:end], whitespace trimmed."""
    spans = []
    for match in re.finditer(r"[^\n]+", text[start:end]):
        span = trimmed_span(text, start + match.start(), start + match.end())
        if span:
            spans.append(span)
    return spans


def _short(text: str, lines: Sequence[tuple[int, int]]) -> bool:
    """True when every line is a name or a role, not a sentence."""
    return all(len(text[a:b].split()) <= LINE_MAX_WORDS and not text[a:b].rstrip().endswith(".")
               for a, b in lines)
