"""An answer as the chat page shows it: text with [n] links, citation cards, nearest passages.

static/chat.js renders the same shapes from the answer JSON when JavaScript is on; keep the two
in step (the browser test drives both).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote as url_quote, urlencode

from retriever.answer import Answer, Citation, Passage

_MARKER = re.compile(r"\[(\d+)\]")
_CONTEXT_CHARS = 220  # passage text shown either side of the quote
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")


@dataclass(frozen=True)
class AnswerPart:
    """A run of answer text, or a [n] marker linking to citation n."""

    text: str
    n: int | None = None


@dataclass(frozen=True)
class Excerpt:
    """A passage cut around its quote: before, the quote (highlighted) and after."""

    before: str
    quote: str
    after: str


@dataclass(frozen=True)
class CitationCard:
    """One citation as a card."""

    n: int
    title: str
    date: str | None
    section: str | None
    page: int | None
    excerpt: Excerpt
    href: str


@dataclass(frozen=True)
class PassageCard:
    """A nearest passage shown with an abstention."""

    title: str
    section: str | None
    text: str
    href: str


@dataclass(frozen=True)
class Turn:
    """One question and its answer, ready for the template."""

    number: int
    question: str
    query: str
    abstained: bool
    reason: str | None
    parts: tuple[AnswerPart, ...]
    citations: tuple[CitationCard, ...]
    passages: tuple[PassageCard, ...]
    answer: str


def turn_of(number: int, answer: Answer, nearest: int = 3) -> Turn:
    """The display form of an answer (turn numbers keep ids unique on the page)."""
    known = {c.n for c in answer.citations}
    return Turn(number=number, question=answer.question, query=answer.query,
                abstained=answer.abstained, reason=answer.reason,
                parts=tuple(answer_parts(answer.answer, known)),
                citations=tuple(citation_card(c) for c in answer.citations),
                passages=tuple(passage_card(p) for p in answer.passages[:nearest])
                if answer.abstained else (),
                answer=answer.answer)


def answer_parts(text: str, known: set[int]) -> list[AnswerPart]:
    """Split answer text at its [n] markers; a marker with no citation stays plain text."""
    parts: list[AnswerPart] = []
    position = 0
    for match in _MARKER.finditer(text):
        n = int(match.group(1))
        if n not in known:
            continue
        if match.start() > position:
            parts.append(AnswerPart(text[position:match.start()]))
        parts.append(AnswerPart(match.group(0), n))
        position = match.end()
    if position < len(text):
        parts.append(AnswerPart(text[position:]))
    return parts


def excerpt(passage: str, quote: str, context: int = _CONTEXT_CHARS) -> Excerpt:
    """The quote inside its passage with some context either side, cut at word boundaries."""
    at = passage.find(quote) if quote else -1
    if at < 0:
        return Excerpt("", quote, "")
    before = passage[:at]
    after = passage[at + len(quote):]
    if len(before) > context:
        cut = before.find(" ", len(before) - context)
        before = "… " + before[cut + 1 if cut >= 0 else len(before) - context:]
    if len(after) > context:
        cut = after.rfind(" ", 0, context)
        after = after[:cut if cut > 0 else context] + " …"
    return Excerpt(before, quote, after)


def citation_card(citation: Citation) -> CitationCard:
    """A citation with its excerpt and a link that opens the document at the quote."""
    return CitationCard(n=citation.n, title=citation.title, date=display_date(citation.date),
                        section=citation.section, page=citation.page,
                        excerpt=excerpt(citation.passage, citation.quote),
                        href=document_href(citation.doc_id, start=citation.start, end=citation.end))


def passage_card(passage: Passage, limit: int = 320) -> PassageCard:
    """A nearest passage, shortened, with a link to it in its document."""
    return PassageCard(title=passage.title, section=passage.section, text=shortened(passage.text, limit),
                       href=document_href(passage.doc_id, chunk=passage.chunk_id))


def shortened(text: str, limit: int) -> str:
    """The text with white space folded, cut at a word before `limit` characters with " …"."""
    text = " ".join(text.split())
    if len(text) > limit:
        text = text[:text.rfind(" ", 0, limit)] + " …"
    return text


def document_href(doc_id: str, start: int | None = None, end: int | None = None,
                  chunk: str | None = None) -> str:
    """The document page URL that highlights a span (or a passage) and scrolls to it."""
    query = {k: v for k, v in (("start", start), ("end", end), ("chunk", chunk)) if v is not None}
    path = f"/documents/{url_quote(doc_id, safe='')}"
    return f"{path}?{urlencode(query)}#quote" if query else path


def display_date(date: str | None) -> str | None:
    """'2021-12-14' -> '14 December 2021', '2021-12' -> 'December 2021', '2018' unchanged."""
    if not date:
        return None
    parts = date.split("-")
    try:
        if len(parts) == 3:
            return f"{int(parts[2])} {_MONTHS[int(parts[1]) - 1]} {parts[0]}"
        if len(parts) == 2:
            return f"{_MONTHS[int(parts[1]) - 1]} {parts[0]}"
    except (ValueError, IndexError):
        return date
    return date
