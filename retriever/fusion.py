"""Fuse rankings into one: weighted reciprocal rank fusion plus small structural boosts."""

from __future__ import annotations

from dataclasses import dataclass

from retriever.index import LoadedIndex


@dataclass(frozen=True)
class FusionWeights:
    """How much each ranking and boost counts (chosen by measurement on the dev split)."""

    bm25: float = 2.0
    dense: float = 0.0  # whole-passage embedding (adds nothing measurable on dev; kept for comparison)
    sentence: float = 1.0  # the passage's best sentence embedding
    document: float = 0.006  # the question names the document's year or kind ("2017", "letter")
    section: float = 0.02  # the question names the section ("recommendation 3")
    phrase: float = 0.02  # the passage has a phrase the question quotes ("Safe Connection")
    rrf_k: int = 60


def fuse(rankings: list[tuple[list[tuple[int, float]], float]], index: LoadedIndex,
         boosts: dict[int, float] | None = None, rrf_k: int = 60) -> list[tuple[int, float]]:
    """Weighted RRF: sum of weight / (rrf_k + rank), plus boosts; ties broken by chunk_id."""
    scores: dict[int, float] = {}
    for ranking, weight in rankings:
        for rank, (position, _) in enumerate(ranking, start=1):
            scores[position] = scores.get(position, 0.0) + weight / (rrf_k + rank)
    for position, boost in (boosts or {}).items():
        if position in scores and boost:
            scores[position] += boost
    return sorted(scores.items(), key=lambda item: (-item[1], index.chunks[item[0]].chunk_id))
