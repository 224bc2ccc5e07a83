"""Re-order the best answer windows with a cross-encoder that reads question and sentence together.

The bi-encoder embeds a question and a sentence apart, so "how many written submissions" is
close to every sentence about submissions. A cross-encoder sees both at once and can tell the
sentence that gives the number from the ones that only mention the subject. The shipped one
(retriever/reranker/) is three layers on top of the bundled all-MiniLM-L6-v2's own word
embeddings, trained by `scrutiny train-reranker` (eval/reranker_training.py) on
eval/training/; only its layers are stored, the embeddings are read from the bundled model.
"""

from __future__ import annotations

import functools
import json
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Protocol

import numpy as np

from indexer.embedding import DEFAULT_MODEL, bundled_model_path
from indexer.errors import ScrutinyError
from indexer.shipped import shipped_path
from retriever.compose import ScoredSentence, best_first, sentence_text
from retriever.index import LoadedIndex

BUNDLED_RERANKER = Path(__file__).with_name("reranker")  # for all-MiniLM-L6-v2 only
CONFIG_FILE = "config.json"
WEIGHTS_FILE = "weights.safetensors"
EMBEDDINGS = "bert.embeddings."  # read from the bundled model, not stored


class RerankerError(ScrutinyError):
    """The reranker setting names something that cannot be loaded; the message says what to do."""


@dataclass(frozen=True)
class RerankPolicy:
    """Which windows the cross-encoder judges and how much its judgement counts."""

    top: int = 8  # the best windows by the first score; `ask` p50 16 -> 29 ms on one thread
    weight: float = 1.0  # added to a window's score times the model's probability of an answer


class Reranker(Protocol):
    """Anything that judges how well each text answers a query."""

    def relevance(self, query: str, texts: Sequence[str]) -> np.ndarray:
        """One probability in 0..1 per text, float32."""
        ...


class CrossEncoderReranker:
    """A BERT sequence classifier over (query, text) pairs, quantised to int8 for the CPU."""

    def __init__(self, folder: Path) -> None:
        import torch
        from safetensors import SafetensorError
        from safetensors.torch import load_file
        from transformers import AutoTokenizer, BertConfig, BertForSequenceClassification

        base = bundled_model_path()
        try:
            settings = json.loads((folder / CONFIG_FILE).read_text(encoding="utf-8"))
            layers, self.max_length = int(settings["layers"]), int(settings["max_length"])
            weights = load_file(str(folder / WEIGHTS_FILE))
        except (OSError, ValueError, KeyError, TypeError, SafetensorError) as error:
            raise RerankerError(f"cannot read the reranker in {folder} ({error}); set "
                                "SCRUTINY_RERANKER=none or retrain it with: scrutiny train-reranker"
                                ) from error
        config = BertConfig.from_pretrained(base, num_hidden_layers=layers, num_labels=1)
        model = BertForSequenceClassification(config)
        expected = model.state_dict()
        state = {f"bert.{k}": v for k, v in load_file(str(base / "model.safetensors")).items()
                 if k.startswith("embeddings.") and f"bert.{k}" in expected}
        state.update({k: v.float() for k, v in weights.items()})
        try:
            missing, unexpected = model.load_state_dict(state, strict=False)
        except RuntimeError as error:  # a tensor of another size
            missing, unexpected = [str(error).splitlines()[-1].strip()], []
        if missing or unexpected:
            raise RerankerError(f"the reranker in {folder} does not fit a {layers}-layer "
                                f"{DEFAULT_MODEL} (missing {missing[:3]}, unexpected "
                                f"{unexpected[:3]}); set SCRUTINY_RERANKER=none or retrain it "
                                "with: scrutiny train-reranker")
        with warnings.catch_warnings():
            # torch 2.13 (pinned) marks eager int8 quantisation deprecated in favour of torchao
            warnings.simplefilter("ignore", DeprecationWarning)
            warnings.simplefilter("ignore", UserWarning)
            from torch.ao.quantization import per_channel_dynamic_qconfig, quantize_dynamic

            # int8 linear layers: 3.3x faster than float32 for 8 windows on one thread
            self._model = quantize_dynamic(model.eval(), {torch.nn.Linear: per_channel_dynamic_qconfig})
        self._tokenizer = AutoTokenizer.from_pretrained(str(base))
        self._torch = torch

    def relevance(self, query: str, texts: Sequence[str]) -> np.ndarray:
        """The model's probability that each text answers the query."""
        if not texts:
            return np.zeros(0, dtype=np.float32)
        batch = encode_pairs(self._tokenizer, [query] * len(texts), texts, self.max_length)
        with self._torch.inference_mode():
            logits = self._model(**batch).logits.reshape(-1)
        return self._torch.sigmoid(logits).numpy().astype(np.float32)


def encode_pairs(tokenizer, queries: Sequence[str], texts: Sequence[str], max_length: int):
    """(query, text) pairs as the cross-encoder reads them, in training and at run time: one
    padded batch of token ids, each pair cut to max_length tokens."""
    return tokenizer(list(queries), list(texts), truncation=True, max_length=max_length,
                     padding=True, return_tensors="pt")


def reranker_folder(setting: str, model: str) -> Path | None:
    """The folder a `reranker` setting names: "bundled" (the shipped one, for the bundled model
    only), "none", or a folder written by `scrutiny train-reranker`."""
    return shipped_path(setting, model, DEFAULT_MODEL, BUNDLED_RERANKER)


@functools.lru_cache(maxsize=4)
def load_reranker(setting: str, model: str) -> CrossEncoderReranker | None:
    """The reranker a setting names, or None when it is off; loaded once per process (1 s), as
    every app and command of a process shares it."""
    folder = reranker_folder(setting, model)
    return CrossEncoderReranker(folder) if folder is not None else None


def window_text(index: LoadedIndex, window: Sequence[int]) -> str:
    """A window's sentences as one line, as the reranker was trained on them."""
    return " ".join(" ".join(sentence_text(index, i).split()) for i in window)


def rerank(index: LoadedIndex, reranker: Reranker, query: str, ranked: list[ScoredSentence],
           policy: RerankPolicy = RerankPolicy()) -> list[ScoredSentence]:
    """The best windows re-scored with the reranker's judgement added, best first; the rest
    keep their place after them."""
    # a pair led by its farther sentence is the previous row's value before this row's label in
    # a flattened table ("Baseline is 21 per month." "... suspected HMOs."): it is not judged
    head = [r for r in ranked[:policy.top] if r.led]
    rest = [r for r in ranked[:policy.top] if not r.led] + ranked[policy.top:]
    if not head:
        return ranked
    relevance = reranker.relevance(query, [window_text(index, r.sentences) for r in head])
    head = best_first(replace(r, score=r.score + policy.weight * float(p))
                      for r, p in zip(head, relevance))
    return head + rest
