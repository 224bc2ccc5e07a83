"""Training the query adapter: the fit moves questions to their answers; the shipped one is
what `scrutiny train-adapter` makes from eval/training/pairs.jsonl."""

from __future__ import annotations

import numpy as np
import pytest

from eval.adapter_training import (PairsError, answer_sentences, document_sentences, fit_adapter,
                                   load_pairs)
from indexer.query_adapter import BUNDLED_ADAPTER
from retriever.index import load_index
from scrutiny.cli import main


def test_the_fit_moves_each_question_to_its_own_answer():
    sentences = np.eye(8, dtype=np.float32)
    # each question lies nearer the next sentence than its answer: the identity ranks it second
    questions = 0.9 * np.roll(sentences, 1, axis=1) + 0.3 * sentences
    questions /= np.linalg.norm(questions, axis=1, keepdims=True)
    answers = [[i] for i in range(8)]
    assert all(np.argmax(questions @ sentences.T, axis=1) != np.arange(8))
    matrix = fit_adapter(questions, sentences, answers, strength=0.001, epochs=300)
    mapped = questions @ matrix
    assert list(np.argmax(mapped @ sentences.T, axis=1)) == list(range(8))


def test_a_span_maps_to_the_sentences_inside_or_around_it(bundled_index):
    doc_id = "harrow-osc-minutes-2021-12-14"
    sentences = document_sentences(load_index(bundled_index), doc_id)
    found = answer_sentences(sentences, "Baseline is 21 per month.")
    texts = [text for i, text in sentences if i in found]
    assert texts == ["baseline is 21 per month"]
    assert answer_sentences(sentences, "nothing in these minutes says this") == []


def test_a_malformed_pairs_line_is_named(tmp_path):
    path = tmp_path / "pairs.jsonl"
    path.write_text('{"question": "q", "doc": "d", "evidence": "e"}\n{"question": "q"}\n')
    with pytest.raises(PairsError, match="line 2"):
        load_pairs(path)


def test_the_shipped_adapter_is_what_train_adapter_makes(bundled_index, tmp_path, capsys):
    out = tmp_path / "adapter.npy"
    assert main(["train-adapter", "--index-dir", str(bundled_index), "--out", str(out)]) == 0
    assert "trained on 1108 of 1126 pairs" in capsys.readouterr().out
    assert np.abs(np.load(out) - np.load(BUNDLED_ADAPTER)).max() < 1e-3
