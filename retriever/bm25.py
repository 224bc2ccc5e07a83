"""BM25Okapi scores from a precomputed sparse term-chunk matrix: no Python loop over chunks.

rank_bm25.BM25Okapi.get_scores builds, for every query term, a Python list over every
document; at 100k chunks that is ~100 ms per term. Here each chunk's weight for each of its
terms is computed once, at load, with exactly the arithmetic rank-bm25 uses (k1, b, and the
epsilon floor for negative idf), and stored column by column (CSC: one column per term). A
query adds the columns of its terms in query order, so the scores are bit-identical to
rank-bm25's (tests/retriever/test_bm25.py checks it on the real corpus).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

import numpy as np
from scipy import sparse

from indexer.term_counts import TermCounts, count_terms

K1 = 1.5
B = 0.75
EPSILON = 0.25


class SparseBM25:
    """BM25Okapi (same k1, b, epsilon and idf as rank-bm25) over a CSC matrix of term weights."""

    def __init__(self, counts: sparse.csc_matrix, terms: Sequence[str], k1: float = K1,
                 b: float = B, epsilon: float = EPSILON) -> None:
        """counts: (chunks x terms) term frequencies; terms: column names in first-seen order."""
        self.k1, self.b, self.epsilon = k1, b, epsilon
        counts = sparse.csc_matrix(counts)  # int32 counts: tf * (k1 + 1) is the same float64
        counts.sort_indices()
        self.corpus_size = counts.shape[0]
        self.doc_len = np.asarray(counts.sum(axis=1)).ravel().astype(np.int64)
        self.avgdl = int(self.doc_len.sum()) / self.corpus_size if self.corpus_size else 0.0
        self.columns = {term: column for column, term in enumerate(terms)}
        self.idf = _okapi_idf(terms, np.diff(counts.indptr), self.corpus_size, epsilon)
        rows, tf = counts.indices, counts.data
        idf = np.repeat(np.array([self.idf[t] for t in terms], dtype=np.float64), np.diff(counts.indptr))
        # the same operations, in the same order, as rank_bm25.BM25Okapi.get_scores
        norm = k1 * (1 - b + b * self.doc_len[rows] / self.avgdl) if len(rows) else np.zeros(0)
        weights = idf * (tf * (k1 + 1) / (tf + norm))
        self.matrix = sparse.csc_matrix((weights, rows, counts.indptr), shape=counts.shape)

    @classmethod
    def from_counts(cls, counts: TermCounts, **params: float) -> SparseBM25:
        """BM25 over term counts the build stored with the index."""
        return cls(counts.matrix, counts.terms, **params)

    @classmethod
    def from_tokens(cls, corpus: Iterable[Sequence[str]], **params: float) -> SparseBM25:
        """Index tokenised chunks (one token list per chunk), like BM25Okapi(corpus)."""
        return cls.from_counts(count_terms(corpus), **params)

    def get_scores(self, query: Sequence[str]) -> np.ndarray:
        """BM25 score of every chunk for the query tokens (repeats count again, as in rank-bm25)."""
        scores = np.zeros(self.corpus_size)
        matrix = self.matrix
        for token in query:
            column = self.columns.get(token)
            if column is None:
                continue
            begin, end = matrix.indptr[column], matrix.indptr[column + 1]
            scores[matrix.indices[begin:end]] += matrix.data[begin:end]
        return scores


def _okapi_idf(terms: Sequence[str], document_frequency: np.ndarray, corpus_size: int,
               epsilon: float) -> dict[str, float]:
    """rank-bm25's idf: log((N - n + 0.5) / (n + 0.5)), negatives floored to epsilon x mean."""
    idf: dict[str, float] = {}
    negative: list[str] = []
    total = 0.0
    for term, frequency in zip(terms, document_frequency.tolist()):
        value = math.log(corpus_size - frequency + 0.5) - math.log(frequency + 0.5)
        idf[term] = value
        total += value
        if value < 0:
            negative.append(term)
    floor = epsilon * (total / len(idf)) if idf else 0.0
    for term in negative:
        idf[term] = floor
    return idf
