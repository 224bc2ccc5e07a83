"""Vectors for perturbed copies, derived from their originals' real MiniLM vectors.

Encoding 100k passages and 700k sentences with MiniLM would take hours on 2 cores, so at the
large benchmark sizes a text that is not an original gets the real vector of the most similar
original text (bag of words over the originals' vocabulary, idf-weighted cosine) plus small
Gaussian noise, renormalised. The benchmark report says so, and extrapolates the cold build
time from the measured per-chunk cost instead.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence

import numpy as np
from scipy import sparse

from indexer.build import embedding_text
from indexer.embedding import ProgressFn
from indexer.store import IndexData

_WORD_RE = re.compile(r"[a-z]{3,}")
NOISE = 0.02  # per-dimension standard deviation before renormalising (cosine to original ~0.93)
BATCH = 4096


class DerivedEmbedder:
    """An Embedder for benchmark copies: the nearest original's real vector, slightly perturbed."""

    def __init__(self, seed: IndexData, noise: float = NOISE) -> None:
        texts = {d.doc_id: d.text for d in seed.documents}
        chunk_texts = [embedding_text(c) for c in seed.chunks]
        sentence_texts = [" ".join(texts[s.doc_id][s.start:s.end].split()) for s in seed.sentences]
        self.originals = chunk_texts + sentence_texts
        self.vectors = np.vstack([np.asarray(seed.chunk_vectors, dtype=np.float32),
                                  np.asarray(seed.sentence_vectors, dtype=np.float32)])
        self.exact = {text: i for i, text in enumerate(self.originals)}
        self.model_name = seed.manifest["model"]["name"]
        self.dimension = int(self.vectors.shape[1])
        self.noise = noise
        self.words: dict[str, int] = {}
        bags = self._bags(self.originals, grow=True)
        frequency = np.asarray((bags > 0).sum(axis=0)).ravel()
        self.idf = np.log((1 + len(self.originals)) / (1 + frequency)).astype(np.float32) + 1.0
        self.original_bags = _normalised(bags @ sparse.diags(self.idf)).T.toarray().astype(np.float32)

    def embed_documents(self, texts: Sequence[str], progress: ProgressFn | None = None) -> np.ndarray:
        """For each text: its original's vector if it is one, else the nearest original's, noised."""
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        for begin in range(0, len(texts), BATCH):
            batch = list(texts[begin:begin + BATCH])
            bags = _normalised(self._bags(batch) @ sparse.diags(self.idf))
            nearest = np.asarray(bags @ self.original_bags).argmax(axis=1).ravel()
            for offset, text in enumerate(batch):
                exact = self.exact.get(text)
                out[begin + offset] = self.vectors[exact] if exact is not None else \
                    self._noised(self.vectors[nearest[offset]], text)
            if progress:
                progress(len(batch))
        return out

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        """Not used by the index build; questions are encoded by the real model."""
        raise NotImplementedError("DerivedEmbedder only derives document vectors")

    def _noised(self, vector: np.ndarray, text: str) -> np.ndarray:
        seed = int.from_bytes(hashlib.sha256(text.encode("utf-8")).digest()[:8], "little")
        noisy = vector + np.random.default_rng(seed).normal(0.0, self.noise, vector.shape).astype(np.float32)
        return noisy / np.linalg.norm(noisy)

    def _bags(self, texts: Sequence[str], grow: bool = False) -> sparse.csr_matrix:
        rows, cols = [], []
        for row, text in enumerate(texts):
            for word in _WORD_RE.findall(text.lower()):
                column = self.words.get(word)
                if column is None and grow:
                    column = self.words[word] = len(self.words)
                if column is not None:
                    rows.append(row)
                    cols.append(column)
        data = np.ones(len(rows), dtype=np.float32)
        return sparse.csr_matrix((data, (rows, cols)), shape=(len(texts), len(self.words)))


def _normalised(matrix: sparse.spmatrix) -> sparse.csr_matrix:
    matrix = sparse.csr_matrix(matrix)
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sparse.csr_matrix(sparse.diags(1.0 / norms) @ matrix)
