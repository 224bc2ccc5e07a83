"""The dense index: exact up to the threshold, HNSW above it, with high recall against exact."""

import faiss
import numpy as np

from indexer.dense_index import index_kind, make_dense_index, recall_at_k


def normalised(count: int, seed: int, dimension: int = 384) -> np.ndarray:
    rng = np.random.default_rng(seed)
    vectors = rng.standard_normal((count, dimension)).astype(np.float32)
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def test_small_collections_get_exact_search_and_large_ones_hnsw():
    vectors = normalised(300, seed=1)
    assert isinstance(make_dense_index(vectors, exact_max=300), faiss.IndexFlatIP)
    graph = make_dense_index(vectors, exact_max=299)
    assert index_kind(graph) == "hnsw" and graph.metric_type == faiss.METRIC_INNER_PRODUCT
    assert graph.ntotal == 300


def test_hnsw_recall_at_10_against_exact_search_is_high():
    # clustered like real passages: near-copies of a few hundred originals
    originals = normalised(400, seed=2)
    rng = np.random.default_rng(3)
    vectors = np.repeat(originals, 8, axis=0) + 0.05 * rng.standard_normal((3200, 384)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    graph = make_dense_index(vectors, exact_max=1000)
    graph.hnsw.efSearch = 256
    queries = vectors[rng.choice(len(vectors), 100, replace=False)] + \
        0.1 * rng.standard_normal((100, 384)).astype(np.float32)
    assert index_kind(graph) == "hnsw"
    assert recall_at_k(graph, vectors, queries, k=10) >= 0.9


def test_exact_index_has_perfect_recall():
    vectors = normalised(500, seed=4)
    assert recall_at_k(make_dense_index(vectors), vectors, normalised(20, seed=5)) == 1.0
