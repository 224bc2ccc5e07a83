"""Query vectors: the real model, warmed up once, with an LRU cache of repeated questions."""

import numpy as np

from indexer.embedding import SentenceTransformerEmbedder
from indexer.query_adapter import adapt


def test_repeated_question_comes_from_the_cache_with_the_same_vector(embedder):
    question = "what is the PET fly-tip FPN baseline? (cache test)"
    first = embedder.embed_queries([question])
    hits = embedder.cache_hits
    again = embedder.embed_queries([question, "another question about cache tests"])
    assert embedder.cache_hits == hits + 1
    assert np.array_equal(first[0], again[0])
    fresh = adapt(embedder._model.encode([question], normalize_embeddings=True), embedder.adapter)
    assert np.allclose(first[0], fresh[0], atol=1e-6)


def test_a_caller_writing_into_a_vector_does_not_change_the_cache(embedder):
    question = "who chairs the committee? (cache test)"
    vector = embedder.embed_queries([question])
    vector[0, :] = 0.0
    assert np.linalg.norm(embedder.embed_queries([question])[0]) > 0.99


def test_the_cache_forgets_the_least_recently_used_question():
    small = SentenceTransformerEmbedder(cache_size=2)
    small.embed_queries(["one"])
    small.embed_queries(["two"])
    small.embed_queries(["one"])  # "two" is now the oldest
    small.embed_queries(["three"])
    assert list(small._cache) == ["one", "three"]
    assert small.embed_queries([]).shape == (0, small.dimension)
