"""Evaluation metrics: evidence matching, per-question verdicts and their summary."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from eval.dataset import QUESTION_TYPES, EvalQuestion

HIT_KS = (1, 3, 5, 10)
MRR_K = 10
MAX_ANSWER_CHARS = 500
# Every metric of a summary table, in report order (counts aside).
SUMMARY_METRICS = (
    "hit@1", "hit@3", "hit@5", "hit@10", "mrr@10", "answer_accuracy", "citation_support",
    "abstain_unanswerable", "wrongly_abstained", "accuracy", "precision",
    "latency_ms_p50", "latency_ms_p95",
)
# Metrics where a lower value is better; every other summary metric is higher-is-better.
LOWER_IS_BETTER = frozenset({"wrongly_abstained", "latency_ms_p50", "latency_ms_p95"})

_NON_ALNUM = re.compile(r"[\W_]+")
# Citation markers such as [1] or [2, 3] are syntax, not answer text: the "1" in "[1]"
# must not satisfy an answer key "1".
_MARKER = re.compile(r"\[\d+(?:\s*,\s*\d+)*\]")


@dataclass(frozen=True)
class QuestionVerdict:
    """Each metric's verdict on one question; None where a metric does not apply."""

    id: str
    type: str
    answerable: bool
    hit_rank: int | None  # 1-based rank of the first passage holding the evidence; None if none
    hit_at_1: bool | None
    hit_at_3: bool | None
    hit_at_5: bool | None
    hit_at_10: bool | None
    rr: float | None  # reciprocal rank within the top 10, 0.0 for a miss
    answer_correct: bool | None  # answerable questions only
    citation_supported: bool | None  # answered answerable questions only
    abstained: bool
    answered: bool
    correct: bool  # for accuracy: right answer, or abstention on an unanswerable question


def normalize(text: str) -> str:
    """Lowercase and turn every run of non-alphanumeric characters into one space."""
    return _NON_ALNUM.sub(" ", text.lower()).strip()


def evidence_halves(evidence: str) -> tuple[str, ...]:
    """The normalised evidence, then its two halves split at the word boundary nearest the middle."""
    whole = normalize(evidence)
    if not whole:
        return ()
    spaces = [i for i, ch in enumerate(whole) if ch == " "]
    if not spaces:
        return (whole,)
    middle = len(whole) / 2
    cut = min(spaces, key=lambda i: (abs(i - middle), i))  # ties go to the earlier boundary
    return (whole, whole[:cut], whole[cut + 1 :])


def contains_evidence(passage: str, evidence: str) -> bool:
    """True when the passage holds the evidence, its first half or its second half (normalised)."""
    text = normalize(passage)
    return any(part in text for part in evidence_halves(evidence))


def contains_any_evidence(passage: str, evidences: Sequence[str]) -> bool:
    """True when the passage contains any of the evidence spans (evidence or evidence2)."""
    return any(contains_evidence(passage, e) for e in evidences)


def answer_matches(answer: str, answer_keys: Sequence[Sequence[str]]) -> bool:
    """True when the answer (at most 500 chars) holds one alternative of every key group."""
    if len(answer) > MAX_ANSWER_CHARS or not answer_keys:
        return False
    text = normalize(_MARKER.sub(" ", answer))
    return all(any(normalize(key) in text for key in group) for group in answer_keys)


def first_hit_rank(passages: Sequence[str], evidences: Sequence[str]) -> int | None:
    """1-based rank of the first passage containing any evidence span, or None."""
    for rank, passage in enumerate(passages, start=1):
        if contains_any_evidence(passage, evidences):
            return rank
    return None


def score_question(
    question: EvalQuestion,
    passages: Sequence[str],
    answer: str,
    abstained: bool,
    cited_passages: Sequence[str],
) -> QuestionVerdict:
    """Judge one question from its ranked passage texts, answer text and cited passages."""
    answered = not abstained
    if not question.answerable:
        return QuestionVerdict(
            id=question.id, type=question.type, answerable=False, hit_rank=None,
            hit_at_1=None, hit_at_3=None, hit_at_5=None, hit_at_10=None, rr=None,
            answer_correct=None, citation_supported=None,
            abstained=abstained, answered=answered, correct=abstained,
        )
    rank = first_hit_rank(passages, question.evidences)
    hits = {k: rank is not None and rank <= k for k in HIT_KS}
    rr = 1.0 / rank if rank is not None and rank <= MRR_K else 0.0
    answer_correct = answered and answer_matches(answer, question.answer_keys)
    supported = (
        any(contains_any_evidence(p, question.evidences) for p in cited_passages) if answered else None
    )
    return QuestionVerdict(
        id=question.id, type=question.type, answerable=True, hit_rank=rank,
        hit_at_1=hits[1], hit_at_3=hits[3], hit_at_5=hits[5], hit_at_10=hits[10], rr=rr,
        answer_correct=answer_correct, citation_supported=supported,
        abstained=abstained, answered=answered, correct=answer_correct,
    )


def summarize(verdicts: Sequence[QuestionVerdict], latencies: Sequence[float]) -> dict:
    """All metrics over the verdicts (latencies in ms, same order), plus a per-type breakdown."""
    if len(verdicts) != len(latencies):
        raise ValueError(f"{len(verdicts)} verdicts but {len(latencies)} latencies")
    summary = _metrics(verdicts, latencies)
    order = {t: i for i, t in enumerate(QUESTION_TYPES)}
    types = sorted({v.type for v in verdicts}, key=lambda t: (order.get(t, len(order)), t))
    summary["by_type"] = {t: _metrics(*_select(verdicts, latencies, t)) for t in types}
    return summary


def _select(
    verdicts: Sequence[QuestionVerdict], latencies: Sequence[float], qtype: str
) -> tuple[list[QuestionVerdict], list[float]]:
    """The verdicts and latencies of one question type."""
    pairs = [(v, t) for v, t in zip(verdicts, latencies) if v.type == qtype]
    return [v for v, _ in pairs], [t for _, t in pairs]


def _metrics(verdicts: Sequence[QuestionVerdict], latencies: Sequence[float]) -> dict:
    """The flat metric table for one group of questions; None where the denominator is 0."""
    answerable = [v for v in verdicts if v.answerable]
    unanswerable = [v for v in verdicts if not v.answerable]
    answered = [v for v in verdicts if v.answered]
    answered_answerable = [v for v in answerable if v.answered]
    table: dict = {
        "questions": len(verdicts),
        "answerable": len(answerable),
        "unanswerable": len(unanswerable),
        "answered": len(answered),
    }
    for k in HIT_KS:
        table[f"hit@{k}"] = _share(answerable, lambda v, k=k: bool(getattr(v, f"hit_at_{k}")))
    table[f"mrr@{MRR_K}"] = _mean([v.rr or 0.0 for v in answerable])
    table["answer_accuracy"] = _share(answerable, lambda v: bool(v.answer_correct))
    table["citation_support"] = _share(answered_answerable, lambda v: bool(v.citation_supported))
    table["abstain_unanswerable"] = _share(unanswerable, lambda v: v.abstained)
    table["wrongly_abstained"] = _share(answerable, lambda v: v.abstained)
    table["accuracy"] = _share(verdicts, lambda v: v.correct)
    table["precision"] = _share(answered, lambda v: v.correct)
    table["latency_ms_p50"] = _percentile(latencies, 50)
    table["latency_ms_p95"] = _percentile(latencies, 95)
    return table


def _share(items: Sequence[QuestionVerdict], test: Callable[[QuestionVerdict], bool]) -> float | None:
    """Fraction of items passing the test, rounded to 4 places; None for no items."""
    if not items:
        return None
    return round(sum(1 for v in items if test(v)) / len(items), 4)


def _mean(values: Sequence[float]) -> float | None:
    """Mean rounded to 4 places; None for no values."""
    return round(sum(values) / len(values), 4) if values else None


def _percentile(values: Sequence[float], q: float) -> float | None:
    """Percentile by numpy's default linear interpolation, in ms to 0.1; None for no values."""
    if not values:
        return None
    return round(float(np.percentile(np.asarray(values, dtype=float), q)), 1)
