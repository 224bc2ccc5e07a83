"""A linear map applied to question vectors before they meet the documents' vectors.

Trained on eval/training/pairs.jsonl (eval/adapter_training.py) for all-MiniLM-L6-v2: it moves
an informal, paraphrased question ("how big is the cadets scheme") towards the sentence that
answers it ("... numbers to over 5,000"). Documents are embedded by the model alone, so an
index does not depend on it, and `query_adapter = none` turns it off without a rebuild.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from indexer.errors import EmbedderError
from indexer.shipped import shipped_path

BUNDLED_ADAPTER = Path(__file__).with_name("query_adapter.npy")  # for all-MiniLM-L6-v2 only


def adapter_path(setting: str, model: str, default_model: str) -> Path | None:
    """The file a `query_adapter` setting names: "bundled" (the shipped one, for the bundled model
    only), "none", or a path to a .npy square matrix."""
    return shipped_path(setting, model, default_model, BUNDLED_ADAPTER)


def load_adapter(path: Path, dimension: int) -> np.ndarray:
    """The (dimension x dimension) float32 matrix in `path`; EmbedderError saying what to do."""
    try:
        matrix = np.load(path, allow_pickle=False)
    except (OSError, ValueError) as error:
        raise EmbedderError(f"cannot read the query adapter {path} ({error}); "
                            "set SCRUTINY_QUERY_ADAPTER=none or give a .npy file") from error
    if matrix.shape != (dimension, dimension) or not np.isfinite(matrix).all():
        raise EmbedderError(f"the query adapter {path} is a {matrix.shape} matrix, not "
                            f"{dimension} x {dimension} finite numbers for this model; "
                            "set SCRUTINY_QUERY_ADAPTER=none or retrain it with: scrutiny train-adapter")
    return matrix.astype(np.float32)


def adapt(vectors: np.ndarray, matrix: np.ndarray) -> np.ndarray:
    """Question vectors mapped by the adapter and normalised again."""
    mapped = vectors @ matrix
    norms = np.linalg.norm(mapped, axis=1, keepdims=True)
    return (mapped / np.maximum(norms, 1e-12)).astype(np.float32)
