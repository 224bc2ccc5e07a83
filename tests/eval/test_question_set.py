"""The evaluation set checks itself: evidence in its document, keys near it, the distribution."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from eval.dataset import QUESTION_TYPES, load_questions

ROOT = Path(__file__).resolve().parents[2]
SET = ROOT / "eval" / "questions.jsonl"
KEY_WINDOW = 400


@pytest.fixture(scope="module")
def questions():
    return load_questions([SET])


def collapsed(path: Path) -> str:
    return " ".join(path.read_text(encoding="utf-8").split())


def test_set_is_large_enough_and_split_about_one_third_test(questions):
    assert len(questions) >= 150
    test_share = sum(q.split == "test" for q in questions) / len(questions)
    assert 0.28 <= test_share <= 0.40


def test_distribution_of_unanswerable_and_follow_up_questions(questions):
    assert sum(q.type == "unanswerable" for q in questions) >= 0.10 * len(questions)
    assert sum(bool(q.history) for q in questions) >= 0.08 * len(questions)
    assert set(Counter(q.type for q in questions)) == set(QUESTION_TYPES)


def test_every_document_is_covered_roughly_in_proportion_to_its_length(questions):
    corpus = sorted((ROOT / "corpus").glob("*.txt"))
    total_chars = sum(p.stat().st_size for p in corpus)
    counts = Counter(q.doc for q in questions if q.type != "unanswerable")
    answerable = sum(counts.values())
    for path in corpus:
        share = path.stat().st_size / total_chars
        assert counts[path.name] >= max(5, 0.5 * share * answerable), path.name


def test_ids_are_unique_and_unanswerables_are_empty(questions):
    assert len({q.id for q in questions}) == len(questions)
    for q in questions:
        if q.type == "unanswerable":
            assert q.answer == "" and q.answer_keys == () and q.evidence == ""


def test_every_evidence_is_in_its_document_and_every_key_group_is_near_it(questions):
    texts = {p.name: collapsed(p) for p in (ROOT / "corpus").glob("*.txt")}
    for q in questions:
        if q.type == "unanswerable":
            continue
        places = []
        for doc, evidence in ((q.doc, q.evidence), (q.doc2, q.evidence2)):
            if not evidence:
                continue
            assert doc in texts, f"{q.id}: unknown document {doc}"
            text = texts[doc]
            at = text.find(" ".join(evidence.split()))
            assert at >= 0, f"{q.id}: evidence not found in {doc}"
            places.append(text[max(0, at - KEY_WINDOW): at + len(evidence) + KEY_WINDOW].lower())
        for group in q.answer_keys:
            assert any(key.lower() in window for key in group for window in places), \
                f"{q.id}: no key of {group} within {KEY_WINDOW} characters of the evidence"
