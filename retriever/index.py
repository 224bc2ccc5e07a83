"""A loaded index: chunks, documents, vectors, the BM25 model and lookups, ready to search."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from indexer.schema import Chunk, Document, GlossaryEntry, Sentence
from indexer.store import IndexData, check_manifest, current_build, read_build
from indexer.tokenizer import TOKENIZER_VERSION, tokenize
from retriever.bm25 import SparseBM25

log = logging.getLogger(__name__)

HNSW_EF_SEARCH = 256  # candidates HNSW explores per query: recall@10 vs exact is in the bench


class SentenceTokens(Sequence[frozenset[str]]):
    """Each sentence's BM25 terms, tokenised on first use: at 700k sentences, frozensets made at
    load cost ~30 s and ~500 MB, while a question reads only the sentences of a few passages."""

    def __init__(self, documents: dict[str, Document], sentences: Sequence[Sentence]) -> None:
        self._documents = documents
        self._sentences = sentences
        self._cached = lru_cache(maxsize=65536)(self._tokens)

    def __len__(self) -> int:
        return len(self._sentences)

    def __getitem__(self, index):  # type: ignore[override]
        if isinstance(index, slice):
            return tuple(self[i] for i in range(*index.indices(len(self))))
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self._sentences):
            raise IndexError(index)
        return self._cached(index)

    def _tokens(self, index: int) -> frozenset[str]:
        sentence = self._sentences[index]
        return frozenset(tokenize(self._documents[sentence.doc_id].text[sentence.start:sentence.end]))


@dataclass(frozen=True)
class LoadedIndex:
    """One build in memory. Immutable, so a server can swap it for a newer one in one step."""

    data: IndexData
    bm25: SparseBM25  # BM25Okapi's scores and idf, without its per-chunk Python loop
    documents: dict[str, Document]
    chunk_positions: dict[tuple[str, int], int]  # (doc_id, ordinal) -> position in data.chunks
    sentence_tokens: Sequence[frozenset[str]]  # SentenceTokens: computed when first read
    chunk_sentences: tuple[tuple[int, ...], ...]  # position -> indices into data.sentences
    vocabulary: frozenset[str]
    membership: tuple[np.ndarray, np.ndarray]  # (chunk positions, sentence indices), one pair per link
    chunk_documents: np.ndarray  # position -> index into document_ids, for per-document filters
    document_ids: tuple[str, ...]
    unique_glossary: tuple[GlossaryEntry, ...] = ()

    @property
    def chunks(self) -> tuple[Chunk, ...]:
        return self.data.chunks

    @property
    def glossary(self) -> tuple[GlossaryEntry, ...]:
        """Each (term, expansion) once, in first-seen order: query expansion tokenises every
        entry per question, and a large corpus repeats the same acronyms in many documents."""
        return self.unique_glossary

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
    data = read_build(build_dir, vector_keys=False)  # answering never needs the embedding cache keys
    check_manifest(data.manifest, index_dir, model_name=model_name, tokenizer_version=TOKENIZER_VERSION)
    # one chunk's tokens at a time: 100k token lists alive at once are ~1 GB of small strings
    bm25 = SparseBM25.from_tokens(tokenize(chunk_search_text(c)) for c in data.chunks)
    documents = {d.doc_id: d for d in data.documents}
    positions = {(c.doc_id, c.ordinal): i for i, c in enumerate(data.chunks)}
    sentence_tokens = SentenceTokens(documents, data.sentences)
    per_chunk: list[list[int]] = [[] for _ in data.chunks]
    for index, sentence in enumerate(data.sentences):
        position = positions[(sentence.doc_id, sentence.chunk_ordinal)]
        chunk = data.chunks[position]
        # a sentence carried over as overlap also belongs to the next chunk
        per_chunk[position].append(index)
        following = positions.get((sentence.doc_id, sentence.chunk_ordinal + 1))
        if following is not None and data.chunks[following].start <= sentence.start < chunk.end:
            per_chunk[following].append(index)
    vocabulary = frozenset(bm25.columns)
    if hasattr(data.dense, "hnsw"):
        data.dense.hnsw.efSearch = HNSW_EF_SEARCH
    document_ids = tuple(documents)
    document_number = {doc_id: n for n, doc_id in enumerate(document_ids)}
    pairs = [(position, sentence) for position, members in enumerate(per_chunk) for sentence in members]
    membership = (np.array([p for p, _ in pairs], dtype=np.int64),
                  np.array([s for _, s in pairs], dtype=np.int64))
    log.info("loaded index %s: %d chunks, %d sentences", build_dir.name, len(data.chunks),
             len(data.sentences))
    return LoadedIndex(data=data, bm25=bm25, documents=documents, chunk_positions=positions,
                       sentence_tokens=sentence_tokens,
                       chunk_sentences=tuple(tuple(sorted(s)) for s in per_chunk),
                       vocabulary=vocabulary, membership=membership,
                       chunk_documents=np.array([document_number[c.doc_id] for c in data.chunks],
                                                dtype=np.int64),
                       document_ids=document_ids, unique_glossary=_unique_glossary(data.glossary))


def _unique_glossary(entries: tuple[GlossaryEntry, ...]) -> tuple[GlossaryEntry, ...]:
    seen: set[tuple[str, str]] = set()
    unique = []
    for entry in entries:
        if (entry.term, entry.expansion) not in seen:
            seen.add((entry.term, entry.expansion))
            unique.append(entry)
    return tuple(unique)


def sentence_max_scores(index: LoadedIndex, query_vector: np.ndarray,
                        candidates: np.ndarray | None = None) -> np.ndarray:
    """For each chunk, the similarity of its best-matching sentence to the query; with
    candidates (chunk positions), only those chunks are scored and the rest stay at -1."""
    best = np.full(len(index.chunks), -1.0, dtype=np.float32)
    query = query_vector.astype(np.float32)
    if candidates is None:
        similarities = index.data.sentence_vectors @ query
        positions, sentences = index.membership
        np.maximum.at(best, positions, similarities[sentences])
        return best
    for position in candidates.tolist():
        members = index.chunk_sentences[position]
        if members:
            best[position] = float(np.max(index.data.sentence_vectors[list(members)] @ query))
    return best


def dense_scores(index: LoadedIndex, query_vector: np.ndarray, k: int) -> list[tuple[int, float]]:
    """Top-k (position, inner product) from FAISS."""
    k = min(k, index.data.dense.ntotal)
    if k <= 0:
        return []
    scores, ids = index.data.dense.search(query_vector.reshape(1, -1).astype(np.float32), k)
    return [(int(i), float(s)) for i, s in zip(ids[0], scores[0]) if i >= 0]
