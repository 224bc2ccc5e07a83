"""Fuse two rankings into one: reciprocal rank fusion, weighted."""

from __future__ import annotations

from retriever.index import LoadedIndex

RRF_K = 60
BM25_WEIGHT = 1.0
DENSE_WEIGHT = 1.0


def fuse(bm25: list[tuple[int, float]], dense: list[tuple[int, float]], index: LoadedIndex,
         rrf_k: int = RRF_K, bm25_weight: float = BM25_WEIGHT,
         dense_weight: float = DENSE_WEIGHT) -> list[tuple[int, float]]:
    """Weighted RRF: score = sum of weight / (rrf_k + rank); ties broken by chunk_id."""
    scores: dict[int, float] = {}
    for ranking, weight in ((bm25, bm25_weight), (dense, dense_weight)):
        for rank, (position, _) in enumerate(ranking, start=1):
            scores[position] = scores.get(position, 0.0) + weight / (rrf_k + rank)
    return sorted(scores.items(), key=lambda item: (-item[1], index.chunks[item[0]].chunk_id))
