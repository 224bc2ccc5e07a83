"""Questions about numbered recommendations, answered from the commitments register.

"What did the Deputy Mayor say to recommendation 3?" names a number that two documents use
(the 2017 Assembly response and the 2022 letter both start at "Recommendation 1"), and asks for
the reply rather than the recommendation. The register knows each recommendation's document and
the response that answers it (paired within one document only), so this module picks the
document the question points at, quotes the reply or the recommendation itself, and says which
document and date the words come from. A reply asked of a document that holds none is an
honest "not found", not the recommendation's own words.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from indexer.schema import Commitment
from indexer.tokenizer import tokenize
from retriever.answer import Citation
from retriever.citing import best_sentences, cite_span, merged, source_label
from retriever.index import LoadedIndex
from retriever.query import Query

_NUMBER_RE = re.compile(r"\b(?:recommendations?|recs?)\.?\s*(?:no\.?\s*)?(\d{1,2}(?:\s*(?:,|and|&)\s*\d{1,2})*)\b",
                        re.IGNORECASE)
_YEAR_RE = re.compile(r"\b((?:19|20)\d\d)\b")
_ASKS_REQUEST = re.compile(
    r"\b(ask(?:ed|s)?\s+for|call(?:ed|s)?\s+for|recommend(?:ed|s)?|want(?:ed|s)?|urg(?:ed|es)|"
    r"propos(?:ed|es)|(?:is|was|were)\s+(?:it|they)\s+about|"
    r"recommendations?\s+\d{1,2}\s+(?:say|said|state|ask|want|propose|call|cover|mean))\b", re.IGNORECASE)
# a verb of replying, or the noun when it is someone's reply to something ("the 2017 response"
# names a document, not a reply)
_ASKS_REPLY = re.compile(
    r"\b(respond(?:ed|s)?|repl(?:ied|ies)|answer(?:ed|s)?|say|said|promis(?:e|ed|es)|agree(?:d|s)?|"
    r"accept(?:ed|s)?|reject(?:ed|s)?|commit(?:ted|s)?|will|did|does|"
    r"(?:response|reply)\s+to|in\s+(?:response|reply)|"
    r"(?:mayor|mopac|dmpc|government)(?:'s|\u2019s)?\s+(?:response|reply))\b", re.IGNORECASE)
# a clause of a two-part question: "..., and what did the Deputy Mayor's reply promise?"
_PART_SPLIT_RE = re.compile(r",?\s+and\s+(?=(?:what|who|how|did|does|which)\b)", re.IGNORECASE)
MAX_CHARS = 420


@dataclass(frozen=True)
class Quoted:
    """One record to quote: the spans chosen inside it and how to introduce them."""

    record: Commitment
    spans: tuple[tuple[int, int], ...]
    label: str  # "Response to recommendation 3" / "Recommendation 1"


@dataclass(frozen=True)
class RecommendationAnswer:
    """What the register says to a recommendation question: quotes, or why there are none."""

    quoted: tuple[Quoted, ...]
    missing: str | None = None  # set when the question asks for something no document holds


def numbers_named(text: str) -> list[str]:
    """Recommendation numbers a text names: "recommendations 4 and 5" gives ["4", "5"]."""
    return [n for group in _NUMBER_RE.findall(text) for n in re.findall(r"\d{1,2}", group)]


def answer_recommendation(index: LoadedIndex, query: Query,
                          query_vector: np.ndarray | None) -> RecommendationAnswer | None:
    """Quotes from the register for a question naming recommendation numbers; None otherwise."""
    parts = [p for p in _PART_SPLIT_RE.split(query.question) if p.strip()]
    numbers = [numbers_named(p) for p in parts]
    if not any(numbers):
        numbers = [numbers_named(query.text)]
        parts = [query.text]
        if not numbers[0]:
            return None
    # a part without its own number ("..., and what did the reply promise?") takes the last one named
    last: list[str] = []
    quoted: list[Quoted] = []
    for part, found in zip(parts, numbers):
        last = found or last
        for number in last[:2]:
            result = _answer_part(index, part, number, query, query_vector, len(parts) * len(last[:2]))
            if isinstance(result, str):
                return RecommendationAnswer(quoted=tuple(quoted), missing=result)
            quoted.extend(q for q in result if q.record.id not in {x.record.id for x in quoted})
    return RecommendationAnswer(quoted=tuple(quoted)) if quoted else None


def asks_for_reply(query: Query, history: Sequence[str] = ()) -> bool:
    """The question (or, for a follow-up, its earlier turn with it) asks what was replied."""
    asked = query.question if not (query.follow_up and history) else f"{history[-1]} {query.question}"
    return bool(_ASKS_REPLY.search(asked)) and not _ASKS_REQUEST.search(asked)


def reply_instead(index: LoadedIndex, query: Query, query_vector: np.ndarray | None,
                  best: Sequence[int], history: Sequence[str] = ()) -> RecommendationAnswer | None:
    """When the best sentence for a question asking what was replied ("did MOPAC agree to ...?")
    lies inside a recommendation, the response to that recommendation; None otherwise. A question
    that says "recommendation" may find it among the best three sentences; a follow-up ("and on a
    date for ...?") asks what its earlier turn asked (what the Deputy Mayor said)."""
    if not asks_for_reply(query, history):
        return None
    looked_at = best[:3] if re.search(r"\brecommendation", query.question, re.I) else best[:1]
    for sentence_index in looked_at:
        found = _reply_around(index, query, query_vector, sentence_index)
        if found is not None:
            return found
    return None


def _reply_around(index: LoadedIndex, query: Query, query_vector: np.ndarray | None,
                  sentence_index: int) -> RecommendationAnswer | None:
    sentence = index.data.sentences[sentence_index]
    for record in index.data.commitments:
        if record.kind == "recommendation" and record.doc_id == sentence.doc_id and \
                record.start <= sentence.start < record.end:
            reply = response_to(index, record)
            if reply is None:
                return None
            spans = best_sentences(index, reply.doc_id, reply.start, reply.end, query.terms,
                                   query_vector, count=2, max_chars=MAX_CHARS)
            label = f"Response to recommendation {'+'.join(record.numbers)}"
            return RecommendationAnswer(quoted=(Quoted(record=reply, spans=tuple(spans), label=label),))
    return None


def _answer_part(index: LoadedIndex, part: str, number: str, query: Query,
                 query_vector: np.ndarray | None, share: int) -> list[Quoted] | str:
    """The quotes for one clause and one number, or the reason nothing can be quoted."""
    records = index.data.commitments
    recommendations = [c for c in records if c.kind == "recommendation" and number in c.numbers]
    if not recommendations:
        return f"no document has a recommendation {number} ({_numbering(index)})"
    years = set(_YEAR_RE.findall(part))
    dated = [r for r in recommendations if r.document_date and r.document_date[:4] in years]
    if years and dated:
        recommendations = dated
    elif years and any(c.kind == "recommendation" and (c.document_date or "")[:4] in years for c in records):
        # "recommendation 14 in the 2017 response": that document stops at 13; another year's
        # recommendation 14 is not what was asked
        return f"no document of {' or '.join(sorted(years))} has a recommendation {number} ({_numbering(index)})"
    asks_reply = bool(_ASKS_REPLY.search(part)) and not _ASKS_REQUEST.search(part)
    max_chars = MAX_CHARS // max(share, 1)
    terms = tuple(t for t in tokenize(part) if not t.isdigit())
    if asks_reply:
        replied = [(r, reply) for r in recommendations if (reply := response_to(index, r)) is not None]
        if not replied:
            source = recommendations[0]
            return (f"{_title(index, source.doc_id)} lists recommendation {number}, "
                    f"but no document holds a response to it")
        chosen = [(reply, f"Response to recommendation {number}") for _, reply in replied[:1]]
    else:
        chosen = [(r, f"Recommendation {number}") for r in recommendations[:2]]
        max_chars //= len(chosen)
    quotes = []
    for record, label in chosen:
        spans = best_sentences(index, record.doc_id, record.start, record.end, terms or query.terms,
                               query_vector, count=1 if share > 1 else 2, max_chars=max_chars)
        quotes.append(Quoted(record=record, spans=tuple(spans), label=label))
    return quotes


def response_to(index: LoadedIndex, recommendation: Commitment) -> Commitment | None:
    """The response record that answers a recommendation, from the same document only (the
    first in register order that lists it, or that it names as its answer)."""
    by_answer, by_id = reply_tables(index)
    found = [hit for hit in (by_answer.get((recommendation.doc_id, recommendation.id)),
                             by_id.get((recommendation.doc_id, recommendation.answered_by or "")))
             if hit is not None]
    return min(found, key=lambda hit: hit[0])[1] if found else None


def reply_tables(index: LoadedIndex) -> tuple[dict[tuple[str, str], tuple[int, Commitment]],
                                              dict[tuple[str, str], tuple[int, Commitment]]]:
    """Responses by (doc_id, id of a recommendation they list) and by (doc_id, own id), with
    their register position; built once per index build (a scan of 60k records per
    recommendation took 1.2 s a question at 100k chunks)."""
    return index.derived("reply_tables", lambda: _reply_tables(index))


def _reply_tables(index: LoadedIndex) -> tuple[dict[tuple[str, str], tuple[int, Commitment]],
                                               dict[tuple[str, str], tuple[int, Commitment]]]:
    by_answer: dict[tuple[str, str], tuple[int, Commitment]] = {}
    by_id: dict[tuple[str, str], tuple[int, Commitment]] = {}
    for position, record in enumerate(index.data.commitments):
        if record.kind == "response":
            by_id.setdefault((record.doc_id, record.id), (position, record))
            for answered in record.answers:
                by_answer.setdefault((record.doc_id, answered), (position, record))
    return by_answer, by_id


def _ellipsis(quote: str) -> str:
    """"…" after a quote that stops inside its sentence."""
    return "" if quote.rstrip()[-1:] in ".!?;:)" else "…"


def _numbering(index: LoadedIndex) -> str:
    """How each document numbers its recommendations: "the 2017 ... numbers 1-13; ..."."""
    highest: dict[str, int] = {}
    for record in index.data.commitments:
        if record.kind == "recommendation":
            for number in record.numbers:
                highest[record.doc_id] = max(highest.get(record.doc_id, 0), int(number))
    return "; ".join(f"{_title(index, doc_id)} has 1-{n}" for doc_id, n in sorted(highest.items()))


def _title(index: LoadedIndex, doc_id: str) -> str:
    meta = index.documents[doc_id].meta
    return f"{meta.title} ({meta.date or 'undated'})"


def write_recommendation_answer(index: LoadedIndex, answer: RecommendationAnswer,
                                max_chars: int) -> tuple[str, list[Citation]]:
    """The answer text (each record introduced by its label and source) and its citations;
    the weaker second sentences go first when the text would be longer than max_chars."""
    kept = [list(q.spans) for q in answer.quoted]
    while True:
        text, citations = _written(index, answer.quoted, kept)
        if len(text) <= max_chars:
            return text, citations
        most = max(range(len(kept)), key=lambda i: (len(kept[i]), -i))
        if len(kept[most]) > 1:
            kept[most].pop()
            continue
        # one sentence each and still too long: end the longest quote early, at a word boundary
        longest = max(range(len(kept)), key=lambda i: kept[i][0][1] - kept[i][0][0])
        (a, b), = kept[longest]
        doc_text = index.documents[answer.quoted[longest].record.doc_id].text
        cut = doc_text.rfind(" ", a, b - (len(text) - max_chars) - 1)
        if cut <= a:
            return text, citations
        kept[longest] = [(a, cut)]


def _written(index: LoadedIndex, quoted: Sequence[Quoted], kept: list[list[tuple[int, int]]]
             ) -> tuple[str, list[Citation]]:
    parts: list[str] = []
    citations: list[Citation] = []
    for record_quote, spans in zip(quoted, kept):
        doc_id = record_quote.record.doc_id
        cited = [cite_span(index, doc_id, a, b, len(citations) + i + 1)
                 for i, (a, b) in enumerate(merged(spans, index.documents[doc_id].text))]
        quotes = " ".join(f"{' '.join(c.quote.split())}{_ellipsis(c.quote)} [{c.n}]" for c in cited)
        parts.append(f"{record_quote.label} ({source_label(cited[0])}): {quotes}")
        citations += cited
    return " ".join(parts), citations
