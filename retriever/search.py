"""Hybrid search: BM25 and dense candidates, filtered and fused into one ranking."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from indexer.errors import ScrutinyError

from retriever.answer import Hit
from retriever.focus import find_focus, says_phrase, section_matches
from retriever.fusion import FusionWeights, fuse
from retriever.index import LoadedIndex, dense_scores, sentence_max_scores
from retriever.query import Query

MODES = ("hybrid", "bm25", "dense")
CONTEXT_WEIGHT = 0.5  # words carried over from earlier turns count half
EXPANSION_WEIGHT = 0.6  # glossary expansions count a little less than the user's own words
CANDIDATES = 100
# Above this many chunks the best-sentence channel scores only the BM25 and dense candidates:
# all sentence vectors @ query is ~700k rows at 100k chunks (one full matmul per question).
SENTENCE_ALL_MAX_CHUNKS = 20_000


class SearchError(ScrutinyError, ValueError):
    """A search was asked for with settings that cannot work."""


@dataclass(frozen=True)
class Filters:
    """Optional limits on which documents are searched."""

    doc_ids: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    date_from: str | None = None  # compared as strings: "2021" <= "2021-12-14"
    date_to: str | None = None

    @property
    def empty(self) -> bool:
        """True when no filter is set."""
        return not (self.doc_ids or self.kinds or self.date_from or self.date_to)

    def mask(self, index: LoadedIndex) -> np.ndarray:
        """Per chunk position: does its document pass? Decided once per document, not per chunk."""
        if self.empty:
            return np.ones(len(index.chunks), dtype=bool)
        passing = np.array([self.allows(index, doc_id) for doc_id in index.document_ids], dtype=bool)
        return passing[index.chunk_documents]

    def allows(self, index: LoadedIndex, doc_id: str) -> bool:
        """True when the document passes every filter that is set."""
        meta = index.documents[doc_id].meta
        if self.doc_ids and doc_id not in self.doc_ids:
            return False
        if self.kinds and meta.kind not in self.kinds:
            return False
        if (self.date_from or self.date_to) and not meta.date:
            return False
        if self.date_from and meta.date and meta.date[: len(self.date_from)] < self.date_from:
            return False
        if self.date_to and meta.date and meta.date[: len(self.date_to)] > self.date_to:
            return False
        return True


def bm25_scores(index: LoadedIndex, query: Query) -> np.ndarray:
    """Weighted BM25 over all chunks: the question's words, expansions, carried context."""
    scores = np.zeros(len(index.chunks), dtype=np.float64)
    for tokens, weight in ((query.terms, 1.0), (query.expansions, EXPANSION_WEIGHT),
                           (query.context_terms, CONTEXT_WEIGHT)):
        if tokens:
            scores += weight * np.asarray(index.bm25.get_scores(list(tokens)))
    return scores


def search(index: LoadedIndex, query: Query, query_vector: np.ndarray | None, k: int = 10,
           mode: str = "hybrid", filters: Filters | None = None,
           fusion: FusionWeights = FusionWeights()) -> list[Hit]:
    """The top-k passages for a query, best first; ties broken by chunk_id."""
    if mode not in MODES:
        raise SearchError(f"mode must be one of {', '.join(MODES)}, got {mode!r}")
    if mode != "bm25" and query_vector is None:
        raise SearchError("dense and hybrid search need the query vector")
    filters = filters or Filters()
    allowed = filters.mask(index)
    rankings: list[tuple[list[tuple[int, float]], float]] = []
    bm25 = bm25_scores(index, query) if mode != "dense" else None
    if bm25 is not None:
        rankings.append((_top(bm25, allowed & (bm25 > 0), index), fusion.bm25))
    dense: dict[int, float] = {}
    if query_vector is not None and mode != "bm25":
        wanted = CANDIDATES if allowed.all() else len(index.chunks)
        dense = {i: s for i, s in dense_scores(index, query_vector, wanted) if allowed[i]}
        rankings.append((_ranked(dense, index)[:CANDIDATES], fusion.dense))
        if len(index.chunks) <= SENTENCE_ALL_MAX_CHUNKS:
            sentence_best = sentence_max_scores(index, query_vector)
            rankings.append((_top(sentence_best, allowed, index), fusion.sentence))
        else:
            pool = sorted({p for ranking, _ in rankings for p, _ in ranking})
            sentence_best = sentence_max_scores(index, query_vector, np.array(pool, dtype=np.int64))
            scored = np.zeros(len(index.chunks), dtype=bool)
            scored[pool] = True
            rankings.append((_top(sentence_best, allowed & scored, index), fusion.sentence))
    if mode == "bm25":
        fused = rankings[0][0]
    elif mode == "dense":
        fused = _ranked(dense, index)
    else:
        focus = find_focus(index, query.text)
        # fuse() boosts only ranked chunks, so only those are looked at
        ranked = sorted({p for ranking, _ in rankings for p, _ in ranking})
        boosts = {i: fusion.document * focus.documents.get(index.chunks[i].doc_id, 0.0)
                  + fusion.section * section_matches(index.chunks[i].section, focus.sections)
                  + fusion.phrase * says_phrase(index.chunks[i].text, focus.phrases)
                  for i in ranked if allowed[i]}
        fused = fuse(rankings, index, boosts, rrf_k=fusion.rrf_k)
    hits = []
    for rank, (position, score) in enumerate(fused[:k], start=1):
        hits.append(Hit(chunk=index.chunks[position], rank=rank, score=float(score),
                        bm25=float(bm25[position]) if bm25 is not None else None,
                        dense=dense.get(position) if mode != "bm25" else None))
    return hits


def _top(scores: np.ndarray, mask: np.ndarray, index: LoadedIndex) -> list[tuple[int, float]]:
    """The CANDIDATES best masked positions by (-score, chunk_id), without sorting them all."""
    positions = np.flatnonzero(mask)
    if len(positions) > CANDIDATES:
        values = scores[positions]
        cutoff = np.partition(values, len(values) - CANDIDATES)[len(values) - CANDIDATES]
        positions = positions[values >= cutoff]  # ties at the cutoff stay, for the chunk_id order
    candidates = {int(i): float(scores[i]) for i in positions}
    return _ranked(candidates, index)[:CANDIDATES]


def _ranked(scores: dict[int, float], index: LoadedIndex) -> list[tuple[int, float]]:
    return sorted(scores.items(), key=lambda item: (-item[1], index.chunks[item[0]].chunk_id))
