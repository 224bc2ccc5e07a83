"""A loaded index: chunks, documents, vectors, the BM25 model and lookups, ready to search."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from indexer.schema import Chunk, Document, GlossaryEntry
from indexer.store import IndexData, check_manifest, current_build, read_build
from indexer.tokenizer import TOKENIZER_VERSION, tokenize
from retriever.bm25 import SparseBM25

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class LoadedIndex:
    """One build in memory. Immutable, so a server can swap it for a newer one in one step."""

    data: IndexData
    bm25: SparseBM25  # BM25Okapi's scores and idf, without its per-chunk Python loop
    documents: dict[str, Document]
    chunk_positions: dict[tuple[str, int], int]  # (doc_id, ordinal) -> position in data.chunks
    sentence_tokens: tuple[frozenset[str], ...]
    chunk_sentences: tuple[tuple[int, ...], ...]  # position -> indices into data.sentences
    vocabulary: frozenset[str]
    membership: tuple[np.ndarray, np.ndarray]  # (chunk positions, sentence indices), one pair per link

    @property
    def chunks(self) -> tuple[Chunk, ...]:
        return self.data.chunks

    @property
    def glossary(self) -> tuple[GlossaryEntry, ...]:
        return self.data.glossary

    @property
    def build_id(self) -> str:
        return self.data.build_dir.name

    def neighbours(self, position: int, before: int = 1, after: int = 1) -> list[Chunk]:
        """The chunks around one, in the same document, for context."""
        chunk = self.data.chunks[position]
        found = []
        for ordinal in range(chunk.ordinal - before, chunk.ordinal + after + 1):
            index = self.chunk_positions.get((chunk.doc_id, ordinal))
            if index is not None:
                found.append(self.data.chunks[index])
        return found

    def position_of(self, chunk_id: str) -> int:
        """The position of a chunk in data.chunks, from its id."""
        doc_id, ordinal = chunk_id.rsplit(":", 1)
        return self.chunk_positions[(doc_id, int(ordinal))]

    def idf(self, token: str) -> float:
        """BM25's inverse document frequency of a token (high for rare words, 0 if unseen)."""
        return float(self.bm25.idf.get(token, 0.0))


def chunk_search_text(chunk: Chunk) -> str:
    """The words BM25 indexes for a passage: its section heading and its text."""
    return f"{chunk.section or ''}\n{chunk.text}"


def load_index(index_dir: Path, model_name: str | None = None) -> LoadedIndex:
    """Read the current build, check it was made for this model and tokenizer, build BM25."""
    build_dir = current_build(index_dir)
    data = read_build(build_dir)
    check_manifest(data.manifest, index_dir, model_name=model_name, tokenizer_version=TOKENIZER_VERSION)
    corpus_tokens = [tokenize(chunk_search_text(c)) for c in data.chunks]
    bm25 = SparseBM25.from_tokens(corpus_tokens)
    documents = {d.doc_id: d for d in data.documents}
    positions = {(c.doc_id, c.ordinal): i for i, c in enumerate(data.chunks)}
    sentence_tokens = tuple(frozenset(tokenize(documents[s.doc_id].text[s.start:s.end]))
                            for s in data.sentences)
    per_chunk: list[list[int]] = [[] for _ in data.chunks]
    for index, sentence in enumerate(data.sentences):
        position = positions[(sentence.doc_id, sentence.chunk_ordinal)]
        chunk = data.chunks[position]
        # a sentence carried over as overlap also belongs to the next chunk
        per_chunk[position].append(index)
        following = positions.get((sentence.doc_id, sentence.chunk_ordinal + 1))
        if following is not None and data.chunks[following].start <= sentence.start < chunk.end:
            per_chunk[following].append(index)
    vocabulary = frozenset(token for tokens in corpus_tokens for token in tokens)
    pairs = [(position, sentence) for position, members in enumerate(per_chunk) for sentence in members]
    membership = (np.array([p for p, _ in pairs], dtype=np.int64),
                  np.array([s for _, s in pairs], dtype=np.int64))
    log.info("loaded index %s: %d chunks, %d sentences", build_dir.name, len(data.chunks),
             len(data.sentences))
    return LoadedIndex(data=data, bm25=bm25, documents=documents, chunk_positions=positions,
                       sentence_tokens=sentence_tokens,
                       chunk_sentences=tuple(tuple(sorted(s)) for s in per_chunk),
                       vocabulary=vocabulary, membership=membership)


def sentence_max_scores(index: LoadedIndex, query_vector: np.ndarray) -> np.ndarray:
    """For each chunk, the similarity of its best-matching sentence to the query."""
    similarities = index.data.sentence_vectors @ query_vector.astype(np.float32)
    best = np.full(len(index.chunks), -1.0, dtype=np.float32)
    positions, sentences = index.membership
    np.maximum.at(best, positions, similarities[sentences])
    return best


def dense_scores(index: LoadedIndex, query_vector: np.ndarray, k: int) -> list[tuple[int, float]]:
    """Top-k (position, inner product) from FAISS."""
    k = min(k, index.data.dense.ntotal)
    if k <= 0:
        return []
    scores, ids = index.data.dense.search(query_vector.reshape(1, -1).astype(np.float32), k)
    return [(int(i), float(s)) for i, s in zip(ids[0], scores[0]) if i >= 0]
