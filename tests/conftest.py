"""Shared fixtures: the real model and one real index of the bundled corpus per session."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    """The bundled corpus folder."""
    return CORPUS


@pytest.fixture(scope="session")
def embedder():
    """The real all-MiniLM-L6-v2, loaded once."""
    from indexer.embedding import SentenceTransformerEmbedder

    return SentenceTransformerEmbedder()


@pytest.fixture(scope="session")
def bundled_index(tmp_path_factory: pytest.TempPathFactory, embedder) -> Path:
    """An index of the bundled corpus, built once per test session with the real model."""
    from indexer.build import build_index

    index_dir = tmp_path_factory.mktemp("bundled") / "index"
    build_index(CORPUS, index_dir, embedder.model_name, make_embedder=lambda: embedder)
    return index_dir
