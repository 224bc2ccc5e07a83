"""A loaded index and assistant over the bundled corpus, shared by the retriever tests."""

import pytest

from retriever.assistant import Assistant
from retriever.index import load_index


@pytest.fixture(scope="session")
def loaded_index(bundled_index):
    return load_index(bundled_index, "all-MiniLM-L6-v2")


@pytest.fixture(scope="session")
def assistant(loaded_index, embedder):
    return Assistant(loaded_index, embedder)
