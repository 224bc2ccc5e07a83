"""Know when not to answer: confidence from how well the evidence covers the question."""

from __future__ import annotations

import math
from dataclasses import dataclass

from indexer.tokenizer import tokenize
from retriever.compose import ScoredSentence
from retriever.index import LoadedIndex
from retriever.query import Query, content_words

_GENERIC_TOKENS = frozenset(tokenize(
    "london met mps police policing mayor plan crime harrow council committee number many much "
    "year years new will would said say what which who when"))


@dataclass(frozen=True)
class Evidence:
    """The signals behind a confidence, kept for debugging and calibration."""

    sentence_dense: float
    sentence_overlap: float
    coverage: float  # idf-weighted share of the question's own words found in the cited passages
    unknown_terms: tuple[str, ...]  # specific words of the question the corpus never uses
    type_match: bool


@dataclass(frozen=True)
class AbstainPolicy:
    """Logistic combination of the evidence; answers below the threshold abstain."""

    dense: float = 6.0
    overlap: float = 2.0
    coverage: float = 3.0
    unknown: float = -3.0
    type_match: float = 0.5
    bias: float = -5.0
    threshold: float = 0.5

    def confidence(self, evidence: Evidence) -> float:
        """A number in 0..1; higher means better supported."""
        z = (self.bias + self.dense * evidence.sentence_dense + self.overlap * evidence.sentence_overlap
             + self.coverage * evidence.coverage + self.unknown * len(evidence.unknown_terms)
             + self.type_match * evidence.type_match)
        return 1.0 / (1.0 + math.exp(-z))


def gather_evidence(index: LoadedIndex, query: Query, best: ScoredSentence,
                    passage_positions: list[int]) -> Evidence:
    """Measure how well the chosen passages cover what the question asks about."""
    own = [t for t in query.terms if t not in _GENERIC_TOKENS]
    passage_tokens: set[str] = set()
    for position in passage_positions:
        chunk = index.chunks[position]
        passage_tokens.update(tokenize(f"{chunk.section or ''} {chunk.text}"))
    weights = {t: max(index.idf(t), 0.1) for t in own}
    covered = sum(w for t, w in weights.items() if t in passage_tokens)
    coverage = covered / sum(weights.values()) if weights else 1.0
    return Evidence(sentence_dense=best.dense, sentence_overlap=best.overlap, coverage=coverage,
                    unknown_terms=unknown_terms(index, query), type_match=best.type_match)


def unknown_terms(index: LoadedIndex, query: Query) -> tuple[str, ...]:
    """Names, numbers and acronyms in the question that appear nowhere in the corpus."""
    unknown = []
    for word in content_words(query.question):
        if not (word[:1].isupper() or word[:1].isdigit()):
            continue
        tokens = tokenize(word)
        if tokens and not any(t in index.vocabulary for t in tokens):
            unknown.append(word)
    return tuple(unknown)
