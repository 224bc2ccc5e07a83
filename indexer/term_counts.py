"""How often each BM25 term occurs in each chunk: counted once at build time, stored with it.

Tokenising every chunk when an index loads took 41 s at 100k chunks, and the Python lists it
needed pushed the server's peak memory up by ~600 MB. The build counts terms once and writes a
sparse (chunks x terms) matrix; loading reads it back in about a second.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy import sparse

from indexer.schema import Chunk
from indexer.tokenizer import tokenize

MATRIX_FILE = "term_counts.npz"
TERMS_FILE = "terms.json"


def chunk_search_text(chunk: Chunk) -> str:
    """The words BM25 indexes for a passage: its section heading and its text."""
    return f"{chunk.section or ''}\n{chunk.text}"


@dataclass(frozen=True)
class TermCounts:
    """Term frequencies: matrix[chunk, column] for terms[column], columns in first-seen order."""

    matrix: sparse.csc_matrix
    terms: tuple[str, ...]

    def save(self, folder: Path) -> None:
        """Write the matrix (as plain arrays, no pickle) and the term list into folder."""
        matrix = self.matrix
        np.savez(folder / MATRIX_FILE, indptr=matrix.indptr, indices=matrix.indices,
                 data=matrix.data, shape=np.array(matrix.shape, dtype=np.int64))
        (folder / TERMS_FILE).write_text(json.dumps(list(self.terms), ensure_ascii=False),
                                         encoding="utf-8")

    @classmethod
    def load(cls, folder: Path) -> TermCounts:
        """Read what save wrote."""
        with np.load(folder / MATRIX_FILE, allow_pickle=False) as arrays:
            shape = tuple(int(n) for n in arrays["shape"])
            matrix = sparse.csc_matrix((arrays["data"], arrays["indices"], arrays["indptr"]), shape=shape)
        terms = tuple(json.loads((folder / TERMS_FILE).read_text(encoding="utf-8")))
        if len(terms) != shape[1]:
            raise ValueError(f"{len(terms)} terms for a matrix of {shape[1]} columns")
        return cls(matrix, terms)


def count_terms(token_lists: Iterable[Sequence[str]]) -> TermCounts:
    """Count the tokens of each chunk (one token list per chunk, in chunk order)."""
    columns: dict[str, int] = {}
    indptr = [0]
    indices: list[np.ndarray] = []
    data: list[np.ndarray] = []
    for tokens in token_lists:  # one chunk at a time: row-wise (CSR) arrays, no per-token lists
        ids = np.fromiter((columns.setdefault(t, len(columns)) for t in tokens), dtype=np.int32,
                          count=len(tokens))
        unique, counts = np.unique(ids, return_counts=True)
        indices.append(unique.astype(np.int32))
        data.append(counts.astype(np.int32))
        indptr.append(indptr[-1] + len(unique))
    rows = len(indptr) - 1
    matrix = sparse.csr_matrix(
        (np.concatenate(data) if data else np.zeros(0, np.int32),
         np.concatenate(indices) if indices else np.zeros(0, np.int32),
         np.array(indptr, dtype=np.int64)), shape=(rows, len(columns))).tocsc()
    matrix.sort_indices()
    return TermCounts(matrix, tuple(columns))


def count_chunk_terms(chunks: Iterable[Chunk]) -> TermCounts:
    """The term counts BM25 uses for these chunks (heading and text, tokenised)."""
    return count_terms(tokenize(chunk_search_text(c)) for c in chunks)
