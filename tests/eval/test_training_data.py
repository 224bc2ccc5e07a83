"""The training data kept beside the evaluation set checks itself as the set does."""

from __future__ import annotations

import json
from pathlib import Path

from eval.dataset import load_questions
from eval.metrics import normalize

ROOT = Path(__file__).resolve().parents[2]
TRAINING = ROOT / "eval" / "training"


def test_every_pair_quotes_its_document():
    texts = {p.name: normalize(p.read_text(encoding="utf-8")) for p in (ROOT / "corpus").glob("*.txt")}
    lines = (TRAINING / "pairs.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) >= 1000
    for number, line in enumerate(lines, start=1):
        pair = json.loads(line)
        assert set(pair) == {"question", "doc", "evidence"}, number
        assert pair["question"].strip() and 20 <= len(pair["evidence"]) <= 300, number
        assert normalize(pair["evidence"]) in texts[pair["doc"]], f"line {number}: evidence not in {pair['doc']}"


def test_near_misses_are_an_evaluation_set_of_unanswerable_questions():
    questions = load_questions([TRAINING / "near_misses.jsonl"])
    assert len(questions) >= 100 and all(not q.answerable for q in questions)
    assert len({q.id for q in questions}) == len(questions)
    assert {q.doc for q in questions} <= {p.name for p in (ROOT / "corpus").glob("*.txt")}
