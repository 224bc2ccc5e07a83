"""Training the answer reranker: windows labelled by the pair's answer span, near misses all
negative, and a short run writes a folder the reranker loads (the full run takes ~35 minutes)."""

from __future__ import annotations

import pytest
from safetensors.torch import load_file

from eval.adapter_training import TrainingPair
from eval.reranker_training import (CANDIDATES, save_reranker, train_reranker,
                                    training_examples)
from retriever.assistant import Assistant
from retriever.index import load_index
from retriever.reranker import WEIGHTS_FILE, CrossEncoderReranker

LETTER = "004_b239aaae5a7539da.txt"


@pytest.fixture(scope="module")
def examples(bundled_index, embedder):
    assistant = Assistant(load_index(bundled_index), embedder)
    pairs = [TrainingPair("how many written submissions came in on the plan?", LETTER,
                          "received 213 written submissions"),
             TrainingPair("a pair whose span no document holds", LETTER, "nowhere in the corpus at all")]
    near_misses = [("who will chair the London Drugs Forum?", ())]
    return training_examples(assistant, pairs, near_misses)


def test_windows_holding_the_answer_are_positives_and_near_misses_all_negatives(examples):
    pair = [e for e in examples if e.query.startswith("how many written submissions")]
    near = [e for e in examples if e.query.startswith("who will chair")]
    assert len(pair) >= CANDIDATES and len(near) == CANDIDATES
    assert len(examples) == len(pair) + len(near)  # the span no document holds gives nothing
    assert {e.label for e in near} == {0.0}
    positives = [e for e in pair if e.label == 1.0]
    assert positives and all("213 written submissions" in e.text for e in positives)
    assert all("213 written submissions" not in e.text for e in pair if e.label == 0.0)


def test_a_short_run_writes_a_reranker_that_loads(examples, tmp_path):
    model = train_reranker(examples, layers=1, epochs=1)
    save_reranker(model, tmp_path)
    assert not [k for k in load_file(str(tmp_path / WEIGHTS_FILE)) if "embeddings" in k]
    relevance = CrossEncoderReranker(tmp_path).relevance("how many written submissions?",
                                                         ["received 213 written submissions", "no"])
    assert relevance.shape == (2,) and ((relevance > 0) & (relevance < 1)).all()
