"""The FAISS index of passage vectors: exact inner product while that is fast, HNSW above."""

from __future__ import annotations

from typing import Any

import faiss
import numpy as np

EXACT_MAX_CHUNKS = 50_000  # default: flat search over 50k x 384 floats is ~10 ms on 2 cores
HNSW_M = 32  # graph links per vector
HNSW_EF_CONSTRUCTION = 80


def make_dense_index(vectors: np.ndarray, exact_max: int = EXACT_MAX_CHUNKS) -> Any:
    """IndexFlatIP for up to exact_max vectors, IndexHNSWFlat (inner product) for more."""
    vectors = np.ascontiguousarray(vectors, dtype=np.float32)
    dimension = vectors.shape[1]
    if planned_kind(len(vectors), exact_max) == "exact":
        index = faiss.IndexFlatIP(dimension)
    else:
        index = faiss.IndexHNSWFlat(dimension, HNSW_M, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efConstruction = HNSW_EF_CONSTRUCTION
    index.add(vectors)
    return index


def planned_kind(count: int, exact_max: int) -> str:
    """The kind make_dense_index builds for this many vectors: 'exact' or 'hnsw'."""
    return "exact" if count <= exact_max else "hnsw"


def index_kind(index: Any) -> str:
    """'exact' for a flat index, 'hnsw' for a graph: what the bench and the logs report."""
    return "hnsw" if hasattr(index, "hnsw") else "exact"


def recall_at_k(index: Any, vectors: np.ndarray, queries: np.ndarray, k: int = 10) -> float:
    """Share of the exact top-k (by inner product) the index returns, averaged over queries."""
    exact = faiss.IndexFlatIP(vectors.shape[1])
    exact.add(np.ascontiguousarray(vectors, dtype=np.float32))
    queries = np.ascontiguousarray(queries, dtype=np.float32)
    _, truth = exact.search(queries, k)
    _, found = index.search(queries, k)
    shared = sum(len(set(t) & set(f)) for t, f in zip(truth.tolist(), found.tolist()))
    return shared / (k * len(queries)) if len(queries) else 1.0
