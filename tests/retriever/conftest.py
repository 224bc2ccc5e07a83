"""A loaded index and assistant over the bundled corpus, shared by the retriever tests."""

import pytest

from retriever.assistant import Assistant
from retriever.index import load_index
from retriever.reranker import load_reranker


@pytest.fixture(scope="session")
def loaded_index(bundled_index):
    return load_index(bundled_index, "all-MiniLM-L6-v2")


@pytest.fixture(scope="session")
def reranker():
    return load_reranker("bundled", "all-MiniLM-L6-v2")


@pytest.fixture(scope="session")
def assistant(loaded_index, embedder):
    """As the commands and the server make it by default: no reranker, the windows in the order
    the first score gives them."""
    return Assistant(loaded_index, embedder)


@pytest.fixture(scope="session")
def reranked_assistant(loaded_index, embedder, reranker):
    """With the bundled reranker (SCRUTINY_RERANKER=bundled)."""
    return Assistant(loaded_index, embedder, reranker=reranker)
