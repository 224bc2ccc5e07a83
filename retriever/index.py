"""A loaded index: chunks, documents, vectors, the BM25 model and lookups, ready to search."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import chain
from pathlib import Path
from typing import Any, TypeVar

import numpy as np

from indexer.errors import IndexMismatch
from indexer.schema import Chunk, Document, GlossaryEntry, Sentence
from indexer.store import IndexData, check_manifest, read_current
from indexer.tokenizer import TOKENIZER_VERSION, tokenize
from retriever.bm25 import SparseBM25

log = logging.getLogger(__name__)

T = TypeVar("T")  # what LoadedIndex.derived returns

_URL_RE = re.compile(r"(?:\bhttps?://|\bwww\.)\S+", re.IGNORECASE)
HNSW_EF_SEARCH = 256  # candidates HNSW explores per query: recall@10 vs exact is in the bench
MIN_WEIGHT = 0.1  # the least a word counts in overlap, however common (idf can be 0 or below)


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
        text = self._documents[sentence.doc_id].text[sentence.start:sentence.end]
        return frozenset(tokenize(_URL_RE.sub(" ", text)))  # an address's words are not what it says


@dataclass(frozen=True)
class LoadedIndex:
    """One build in memory. Immutable, so a server can swap it for a newer one in one step."""

    data: IndexData
    bm25: SparseBM25  # BM25Okapi's scores and idf, without its per-chunk Python loop
    documents: dict[str, Document]
    chunk_positions: dict[tuple[str, int], int]  # (doc_id, ordinal) -> position in data.chunks
    sentence_tokens: Sequence[frozenset[str]]  # SentenceTokens: computed when first read
    chunk_sentences: Sequence[tuple[int, ...]]  # ChunkMembers: position -> indices into data.sentences
    vocabulary: frozenset[str]
    membership: tuple[np.ndarray, np.ndarray]  # (chunk positions, sentence indices), one pair per link
    chunk_documents: np.ndarray  # position -> index into document_ids, for per-document filters
    document_ids: tuple[str, ...]
    unique_glossary: tuple[GlossaryEntry, ...] = ()
    derived_values: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    def derived(self, name: str, make: Callable[[], T]) -> T:
        """A value worked out once from this build (a table answers or pages need), kept with
        the index and freed with it when the server swaps to a newer build."""
        if name not in self.derived_values:
            self.derived_values[name] = make()
        return self.derived_values[name]

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

    def weight(self, token: str) -> float:
        """A token's weight in word overlap: its idf, at least MIN_WEIGHT, so that a common or
        unseen word still counts a little."""
        return max(self.idf(token), MIN_WEIGHT)


def load_index(index_dir: Path, model_name: str | None = None) -> LoadedIndex:
    """Read the current build, check it was made for this model and tokenizer, build BM25."""
    data = read_current(index_dir, vector_keys=False)  # answering never needs the cache keys
    check_manifest(data.manifest, index_dir, model_name=model_name, tokenizer_version=TOKENIZER_VERSION)
    bm25 = SparseBM25.from_counts(data.term_counts)
    documents = {d.doc_id: d for d in data.documents}
    positions = {(c.doc_id, c.ordinal): i for i, c in enumerate(data.chunks)}
    document_ids = tuple(documents)
    document_number = {doc_id: n for n, doc_id in enumerate(document_ids)}
    chunk_documents = np.array([document_number[c.doc_id] for c in data.chunks], dtype=np.int64)
    membership = _membership(data, chunk_documents, index_dir)
    if hasattr(data.dense, "hnsw"):
        data.dense.hnsw.efSearch = HNSW_EF_SEARCH
    log.info("loaded index %s: %d chunks, %d sentences", data.build_dir.name, len(data.chunks),
             len(data.sentences))
    return LoadedIndex(data=data, bm25=bm25, documents=documents, chunk_positions=positions,
                       sentence_tokens=SentenceTokens(documents, data.sentences),
                       chunk_sentences=ChunkMembers(membership, len(data.chunks)),
                       vocabulary=frozenset(bm25.columns), membership=membership,
                       chunk_documents=chunk_documents,
                       document_ids=document_ids, unique_glossary=_unique_glossary(data.glossary))


def _membership(data: IndexData, chunk_documents: np.ndarray, index_dir: Path
                ) -> tuple[np.ndarray, np.ndarray]:
    """(chunk positions, sentence indices), sorted by position then sentence: each sentence in
    the chunk its ordinal names, and also in the next chunk when it was carried over as overlap."""
    rows = data.sentences.rows.astype(np.int64)
    if not len(rows):
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    ordinals = np.array([c.ordinal for c in data.chunks], dtype=np.int64)
    starts = np.array([c.start for c in data.chunks], dtype=np.int64)
    ends = np.array([c.end for c in data.chunks], dtype=np.int64)
    width = int(ordinals.max(initial=0)) + 2  # room for ordinal + 1
    lookup = np.full(max(len(data.documents), 1) * width, -1, dtype=np.int64)
    lookup[chunk_documents * width + ordinals] = np.arange(len(data.chunks))
    documents, sentence_starts, sentence_ordinals = rows[:, 0], rows[:, 1], rows[:, 3]
    if sentence_ordinals.max() >= width - 1 or sentence_ordinals.min() < 0:
        raise IndexMismatch(index_dir, "a sentence names a chunk the index does not have")
    own = lookup[documents * width + sentence_ordinals]
    if (own < 0).any():
        raise IndexMismatch(index_dir, "a sentence names a chunk the index does not have")
    following = lookup[documents * width + sentence_ordinals + 1]
    carried = following >= 0
    carried[carried] = (starts[following[carried]] <= sentence_starts[carried]) & \
        (sentence_starts[carried] < ends[own[carried]])
    indices = np.arange(len(rows), dtype=np.int64)
    chunk_positions = np.concatenate([own, following[carried]])
    sentence_indices = np.concatenate([indices, indices[carried]])
    order = np.lexsort((sentence_indices, chunk_positions))
    return chunk_positions[order], sentence_indices[order]


class ChunkMembers(Sequence[tuple[int, ...]]):
    """Position -> the indices of its sentences, read from the sorted membership arrays."""

    def __init__(self, membership: tuple[np.ndarray, np.ndarray], chunk_count: int) -> None:
        positions, self._sentences = membership
        self._bounds = np.searchsorted(positions, np.arange(chunk_count + 1)).tolist()

    def __len__(self) -> int:
        return len(self._bounds) - 1

    def __getitem__(self, position):  # type: ignore[override]
        if isinstance(position, slice):
            return [self[i] for i in range(*position.indices(len(self)))]
        if position < 0:
            position += len(self)
        if not 0 <= position < len(self):
            raise IndexError(position)
        return tuple(self._sentences[self._bounds[position]:self._bounds[position + 1]].tolist())


def _unique_glossary(entries: tuple[GlossaryEntry, ...]) -> tuple[GlossaryEntry, ...]:
    seen: set[tuple[str, str]] = set()
    unique = []
    for entry in entries:
        if (entry.term, entry.expansion) not in seen:
            seen.add((entry.term, entry.expansion))
            unique.append(entry)
    return tuple(unique)


def sentence_similarities(index: LoadedIndex, sentences: Sequence[int],
                          query_vector: np.ndarray | None) -> dict[int, float]:
    """Each sentence's similarity to the query (0.0 without a vector); the vector rows are read
    in one call, adjacent rows together, rather than one read per sentence and window."""
    if query_vector is None or not sentences:
        return dict.fromkeys(sentences, 0.0)
    rows = index.data.sentence_vectors[list(sentences)]
    return {i: float(row @ query_vector) for i, row in zip(sentences, rows)}


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
    chosen = [(p, members) for p in candidates.tolist() if (members := index.chunk_sentences[p])]
    if not chosen:
        return best
    positions, members = [p for p, _ in chosen], [m for _, m in chosen]
    # one read for every candidate's sentences, then the best per candidate
    similarities = index.data.sentence_vectors[np.fromiter(chain.from_iterable(members), dtype=np.int64)] @ query
    starts = np.cumsum([0] + [len(m) for m in members[:-1]])
    best[positions] = np.maximum.reduceat(similarities, starts)
    return best


def dense_scores(index: LoadedIndex, query_vector: np.ndarray, k: int) -> list[tuple[int, float]]:
    """Top-k (position, inner product) from FAISS."""
    k = min(k, index.data.dense.ntotal)
    if k <= 0:
        return []
    scores, ids = index.data.dense.search(query_vector.reshape(1, -1).astype(np.float32), k)
    return [(int(i), float(s)) for i, s in zip(ids[0], scores[0]) if i >= 0]
