"""The query adapter: loaded for the bundled model, applied to questions only, refused when wrong."""

from __future__ import annotations

import numpy as np
import pytest

from indexer.embedding import DEFAULT_MODEL, SentenceTransformerEmbedder
from indexer.errors import EmbedderError
from indexer.query_adapter import BUNDLED_ADAPTER, adapter_path, load_adapter

QUESTION = "how big is the volunteer police cadets scheme"


@pytest.fixture(scope="module")
def plain():
    return SentenceTransformerEmbedder(query_adapter="none", cache_size=0)


def test_the_bundled_model_gets_the_bundled_adapter_and_other_models_none():
    assert adapter_path("bundled", DEFAULT_MODEL, DEFAULT_MODEL) == BUNDLED_ADAPTER
    assert adapter_path("bundled", "/models/other", DEFAULT_MODEL) is None
    assert adapter_path("none", DEFAULT_MODEL, DEFAULT_MODEL) is None


def test_questions_are_mapped_and_stay_unit_vectors_while_documents_are_not(embedder, plain):
    assert embedder.adapter is not None and plain.adapter is None
    adapted, raw = embedder.embed_queries([QUESTION])[0], plain.embed_queries([QUESTION])[0]
    assert np.linalg.norm(adapted) == pytest.approx(1.0, abs=1e-5)
    assert 0.9 < float(adapted @ raw) < 0.9999  # near the model's own vector, not equal to it
    assert np.allclose(plain.embed_documents([QUESTION])[0], raw, atol=1e-5)
    assert np.allclose(embedder.embed_documents([QUESTION])[0], raw, atol=1e-5)


def test_a_matrix_of_the_wrong_shape_or_a_file_that_is_not_one_is_refused(tmp_path):
    wrong = tmp_path / "wrong.npy"
    np.save(wrong, np.eye(8, dtype=np.float32))
    with pytest.raises(EmbedderError, match="not 384 x 384.*SCRUTINY_QUERY_ADAPTER=none"):
        load_adapter(wrong, 384)
    text = tmp_path / "text.npy"
    text.write_text("not a matrix")
    with pytest.raises(EmbedderError, match="cannot read the query adapter"):
        load_adapter(text, 384)
    with pytest.raises(EmbedderError, match="cannot read the query adapter"):
        SentenceTransformerEmbedder(query_adapter=str(tmp_path / "missing.npy"))
