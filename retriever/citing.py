"""Turn a span of a document into a Citation, with the passage (chunk) that holds it."""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from collections.abc import Sequence

import numpy as np

from indexer.schema import Chunk
from retriever.answer import Citation
from retriever.index import LoadedIndex, sentence_similarities


def chunk_holding(index: LoadedIndex, doc_id: str, offset: int,
                  preferred: Sequence[Chunk] = ()) -> Chunk | None:
    """The passage containing a character offset: one of `preferred` (the hits) when it can."""
    for chunk in preferred:
        if chunk.doc_id == doc_id and chunk.start <= offset < chunk.end:
            return chunk
    # a document's chunks start in ordinal order: binary search rather than scan every chunk
    def chunk_at(ordinal: int) -> Chunk:
        return index.chunks[index.chunk_positions[(doc_id, ordinal)]]

    ordinal = bisect_right(range(chunk_count(index, doc_id)), offset, key=lambda o: chunk_at(o).start) - 1
    # neighbours overlap by a sentence: the earliest chunk that holds the offset, as a scan would
    while ordinal > 0 and offset < chunk_at(ordinal - 1).end:
        ordinal -= 1
    if ordinal < 0:
        return None
    chunk = chunk_at(ordinal)
    return chunk if offset < chunk.end else None


def chunk_count(index: LoadedIndex, doc_id: str) -> int:
    """How many chunks a document has (its ordinals run 0..n-1), counted once per build."""
    return index.derived("chunk_counts", lambda: Counter(c.doc_id for c in index.chunks))[doc_id]


def cite_span(index: LoadedIndex, doc_id: str, start: int, end: int, n: int = 1,
              preferred: Sequence[Chunk] = ()) -> Citation:
    """A citation quoting document.text[start:end], with its section, page and passage."""
    document = index.documents[doc_id]
    chunk = chunk_holding(index, doc_id, start, preferred)
    return Citation(
        n=n, doc_id=doc_id, title=document.meta.title, date=document.meta.date,
        section=chunk.section if chunk else None, page=chunk.page if chunk else None,
        quote=document.text[start:end], start=start, end=end,
        passage=chunk.text if chunk else document.text[start:end],
        chunk_id=chunk.chunk_id if chunk else f"{doc_id}:0000")


def source_label(citation: Citation) -> str:
    """A short name for where a quote comes from: the title's head and the date."""
    head = citation.title.split(":")[0].split(" to the ")[0].strip()
    return f"{head}, {citation.date or 'undated'}"


def merged(spans: Sequence[tuple[int, int]], text: str) -> list[tuple[int, int]]:
    """Spans in document order, neighbours with only whitespace between them joined into one."""
    joined: list[tuple[int, int]] = []
    for a, b in sorted(spans):
        if joined and not text[joined[-1][1]:a].strip():
            joined[-1] = (joined[-1][0], max(b, joined[-1][1]))
        else:
            joined.append((a, b))
    return joined


def best_sentences(index: LoadedIndex, doc_id: str, start: int, end: int, query_terms: Sequence[str],
                   query_vector: np.ndarray | None, count: int, max_chars: int) -> list[tuple[int, int]]:
    """Spans of the `count` sentences inside [start, end) that best match the query, best first,
    clipped to the span and kept under max_chars in all (the best one always stays)."""
    scored = []
    terms = {t: index.weight(t) for t in query_terms}
    total = sum(terms.values()) or 1.0
    within = sentences_within(index, doc_id, start, end)
    similarity = sentence_similarities(index, within, query_vector)
    for i in within:
        sentence = index.data.sentences[i]
        a, b = max(sentence.start, start), min(sentence.end, end)
        if len(index.documents[doc_id].text[a:b].split()) < 3:
            continue
        overlap = sum(w for t, w in terms.items() if t in index.sentence_tokens[i]) / total
        scored.append((similarity[i] + overlap, -a, (a, b)))
    if not scored:
        return [(start, end)]
    scored.sort(reverse=True)
    chosen = [scored[0][2]]
    for _, _, span in scored[1:count]:
        if sum(b - a for a, b in chosen) + span[1] - span[0] <= max_chars:
            chosen.append(span)
    return chosen


def sentences_within(index: LoadedIndex, doc_id: str, start: int, end: int) -> list[int]:
    """Indices of the sentences overlapping [start, end), found through the passages that hold it."""
    first = chunk_holding(index, doc_id, start)
    if first is None:
        return []
    found: set[int] = set()
    ordinal = first.ordinal
    while (position := index.chunk_positions.get((doc_id, ordinal))) is not None:
        chunk = index.chunks[position]
        if chunk.start >= end:
            break
        found.update(i for i in index.chunk_sentences[position]
                     if index.data.sentences[i].end > start and index.data.sentences[i].start < end)
        ordinal += 1
    return sorted(found)
