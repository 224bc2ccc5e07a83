"""Train the query adapter (indexer/query_adapter.py) on question / answer-span pairs.

Each pair's answer sentences are the sentences of its document that lie inside the span or hold
it. The adapter W starts as the identity and is fitted so that softmax(normalise(q W) . S / T)
puts the question's weight on its answer sentences among all sentences S of the index, with
LAMBDA * |W - I|^2 keeping it close to the model it adjusts.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from eval.metrics import normalize
from indexer.embedding import Embedder
from indexer.errors import ScrutinyError
from retriever.index import LoadedIndex
from retriever.query import understand

PAIRS = Path(__file__).with_name("training") / "pairs.jsonl"
# 0.3 on dev (never trained on): hit@5 0.891 -> 0.902, MRR 0.767 -> 0.777, answer accuracy
# 0.749 -> 0.760; 0.1 moved retrieval further (0.907 / 0.798) but accuracy fell to 0.743
LAMBDA = 0.3
TEMPERATURE = 0.05
EPOCHS = 200
LEARNING_RATE = 1e-3


class PairsError(ScrutinyError, ValueError):
    """A malformed training pairs file; the message names the line."""


@dataclass(frozen=True)
class TrainingPair:
    question: str
    doc: str  # the corpus file name
    evidence: str


def load_pairs(path: Path) -> list[TrainingPair]:
    """The pairs of a JSON-lines file of {"question", "doc", "evidence"} objects."""
    pairs = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as error:
        raise PairsError(f"cannot read training pairs {path}: {error}") from error
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
            pairs.append(TrainingPair(str(raw["question"]), str(raw["doc"]), str(raw["evidence"])))
        except (ValueError, KeyError, TypeError) as error:
            raise PairsError(f"{path} line {number}: expected an object with question, doc and "
                             f"evidence ({error})") from error
    return pairs


def answer_sentences(sentences: Sequence[tuple[int, str]], evidence: str) -> list[int]:
    """Of one document's (position, normalised text) sentences, those that lie inside the
    evidence span or contain it."""
    wanted = normalize(evidence)
    return [i for i, text in sentences if len(text) >= 12 and (text in wanted or wanted in text)]


def document_sentences(index: LoadedIndex, doc_id: str) -> list[tuple[int, str]]:
    """(position, normalised text) of each sentence of one document."""
    text = index.documents[doc_id].text
    table = index.data.sentences
    return [(int(i), normalize(text[table[i].start:table[i].end])) for i in table.indices_of(doc_id)]


def fit_adapter(questions: np.ndarray, sentences: np.ndarray, answers: Sequence[Sequence[int]],
                strength: float = LAMBDA, epochs: int = EPOCHS) -> np.ndarray:
    """The adapter matrix for question vectors (n x d), sentence vectors (m x d) and each
    question's answer sentence rows."""
    import torch

    q = torch.tensor(questions, dtype=torch.float32)
    s = torch.tensor(sentences, dtype=torch.float32)
    mask = torch.zeros(len(answers), len(sentences), dtype=torch.bool)
    for row, rows in enumerate(answers):
        mask[row, list(rows)] = True
    identity = torch.eye(q.shape[1])
    matrix = identity.clone().requires_grad_(True)
    optimiser = torch.optim.Adam([matrix], lr=LEARNING_RATE)
    for _ in range(epochs):
        optimiser.zero_grad()
        logits = torch.nn.functional.normalize(q @ matrix, dim=1) @ s.T / TEMPERATURE
        answer = torch.logsumexp(logits.masked_fill(~mask, float("-inf")), dim=1)
        loss = (torch.logsumexp(logits, dim=1) - answer).mean() + strength * ((matrix - identity) ** 2).sum()
        loss.backward()
        optimiser.step()
    return matrix.detach().numpy().astype(np.float32)


def train_adapter(index: LoadedIndex, embedder: Embedder, pairs: Sequence[TrainingPair]
                  ) -> tuple[np.ndarray, int]:
    """(matrix, pairs used): pairs whose document or span this index lacks are left out.
    The embedder must be one without an adapter, as the index's vectors are."""
    by_file = {d.meta.file: d.doc_id for d in index.documents.values()}
    sentences = {doc_id: document_sentences(index, doc_id) for doc_id in index.documents}
    texts, answers = [], []
    for pair in pairs:
        doc_id = by_file.get(pair.doc)
        rows = answer_sentences(sentences[doc_id], pair.evidence) if doc_id else []
        if rows:
            texts.append(understand(pair.question, [], index.glossary).text)
            answers.append(rows)
    if not texts:
        raise PairsError("no training pair matches a document of this index")
    vectors = embedder.embed_queries(texts)
    return fit_adapter(vectors, np.asarray(index.data.sentence_vectors), answers), len(texts)

