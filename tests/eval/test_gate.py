"""The regression gate against a baseline, and the comparison of two reports."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eval.gate import (
    HEADLINE_METRICS,
    BaselineError,
    InvalidTolerance,
    baseline_from_report,
    check_against_baseline,
    compare_reports,
    format_comparison,
    format_gate,
    load_report,
    save_baseline,
)

SUMMARY = {
    "questions": 4, "answerable": 3, "unanswerable": 1, "answered": 2,
    "hit@1": 0.6667, "hit@3": 0.6667, "hit@5": 0.8, "hit@10": 1.0, "mrr@10": 0.75,
    "answer_accuracy": 0.8, "citation_support": 0.9, "abstain_unanswerable": 1.0, "wrongly_abstained": 0.1,
    "accuracy": 0.75, "precision": 0.8, "latency_ms_p50": 120.0, "latency_ms_p95": 300.0,
}
CORRECT = {"harrow-001": True, "harrow-002": True, "harrow-003": False, "harrow-004": True}


def make_report(changes: dict | None = None, correct: dict | None = None, split: str = "dev") -> dict:
    """A minimal full report: meta, a summary with one type row, and one record per question."""
    summary = {**SUMMARY, **(changes or {})}
    summary["by_type"] = {"acronym": {k: v for k, v in summary.items() if k != "by_type"}}
    return {
        "meta": {"sets": ["eval/questions.jsonl"], "split": split, "mode": "hybrid"},
        "summary": summary,
        "questions": [
            {"id": qid, "type": "acronym", "question": f"question {qid}?", "hit_rank": 1,
             "verdict": {"correct": ok}}
            for qid, ok in (correct or CORRECT).items()
        ],
    }


def test_report_equal_to_its_baseline_passes() -> None:
    report = make_report()
    result = check_against_baseline(report, baseline_from_report(report), tolerance=0.02)
    assert result.passed and result.failed == () and result.warnings == ()
    assert [d.metric for d in result.metrics] == list(HEADLINE_METRICS)
    assert result.right_to_wrong == () and result.wrong_to_right == ()
    text = format_gate(result)
    assert text.startswith("regression gate PASSED: tolerance 0.020 absolute")


def test_metric_dropping_more_than_tolerance_fails_and_is_named() -> None:
    baseline = baseline_from_report(make_report())
    result = check_against_baseline(make_report({"answer_accuracy": 0.75}), baseline, tolerance=0.02)
    assert not result.passed
    assert [d.metric for d in result.failed] == ["answer_accuracy"]
    failed = result.failed[0]
    assert (failed.before, failed.after, failed.delta) == (0.8, 0.75, -0.05)
    text = format_gate(result)
    assert "regression gate FAILED: tolerance 0.020" in text
    assert "FAILED answer_accuracy: baseline 0.800, current 0.750, delta -0.050" in text


def test_drop_of_exactly_the_tolerance_passes() -> None:
    baseline = baseline_from_report(make_report())
    assert check_against_baseline(make_report({"hit@5": 0.78}), baseline, tolerance=0.02).passed
    assert not check_against_baseline(make_report({"hit@5": 0.7799}), baseline, tolerance=0.02).passed


def test_tolerance_is_settable() -> None:
    baseline = baseline_from_report(make_report())
    current = make_report({"mrr@10": 0.70})
    assert not check_against_baseline(current, baseline, tolerance=0.02).passed
    result = check_against_baseline(current, baseline, tolerance=0.1)
    assert result.passed and "tolerance 0.100" in format_gate(result)
    with pytest.raises(InvalidTolerance, match="-0.1"):
        check_against_baseline(current, baseline, tolerance=-0.1)


def test_wrongly_abstained_rising_fails_and_falling_passes() -> None:
    baseline = baseline_from_report(make_report())
    worse = check_against_baseline(make_report({"wrongly_abstained": 0.2}), baseline, tolerance=0.02)
    assert [d.metric for d in worse.failed] == ["wrongly_abstained"]
    better = check_against_baseline(make_report({"wrongly_abstained": 0.0}), baseline, tolerance=0.02)
    assert better.passed


def test_metric_missing_from_the_report_fails() -> None:
    baseline = baseline_from_report(make_report())
    result = check_against_baseline(make_report({"citation_support": None}), baseline, tolerance=0.02)
    assert [d.metric for d in result.failed] == ["citation_support"]


def test_flips_are_listed_both_ways() -> None:
    baseline = baseline_from_report(make_report())
    flipped = {**CORRECT, "harrow-002": False, "harrow-003": True}
    result = check_against_baseline(make_report(correct=flipped), baseline, tolerance=0.02)
    assert result.passed  # flips are reported; the metrics decide
    assert [f.id for f in result.right_to_wrong] == ["harrow-002"]
    assert [f.id for f in result.wrong_to_right] == ["harrow-003"]
    text = format_gate(result)
    assert "flipped right -> wrong (1):\n  harrow-002 (acronym): question harrow-002?" in text
    assert "flipped wrong -> right (1):\n  harrow-003 (acronym): question harrow-003?" in text


def test_changed_split_or_questions_are_warned_about() -> None:
    baseline = baseline_from_report(make_report())
    current = make_report(split="test", correct={"harrow-001": True, "harrow-005": True})
    result = check_against_baseline(current, baseline, tolerance=0.02)
    text = format_gate(result)
    assert "warning: split differs: baseline 'dev', report 'test'" in text
    assert "3 question(s) only in baseline" in text and "1 question(s) only in report: harrow-005" in text


def test_baseline_is_small_and_round_trips_through_a_file(tmp_path: Path) -> None:
    report = make_report()
    report["questions"][0]["passages"] = [{"text": "long passage text"}]
    baseline = baseline_from_report(report)
    assert set(baseline) == {"meta", "summary", "questions"}
    assert baseline["questions"]["harrow-003"] == {"correct": False, "hit_rank": 1}
    path = save_baseline(baseline, tmp_path / "baseline.json")
    raw = path.read_text(encoding="utf-8")
    assert raw == json.dumps(baseline, sort_keys=True, indent=2, ensure_ascii=False) + "\n"
    assert load_report(path) == baseline
    assert check_against_baseline(report, load_report(path), tolerance=0.02).passed


def test_unreadable_or_malformed_baseline_is_a_named_error(tmp_path: Path) -> None:
    bad = tmp_path / "baseline.json"
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(BaselineError, match="baseline.json: cannot read it as JSON"):
        load_report(bad)
    with pytest.raises(BaselineError, match="baseline: missing 'summary'"):
        check_against_baseline(make_report(), {"questions": {}}, tolerance=0.02)
    with pytest.raises(BaselineError, match="question 'q1'"):
        check_against_baseline(make_report(), {"summary": {}, "questions": {"q1": {"hit_rank": 1}}}, 0.02)


def test_compare_shows_metric_deltas_and_flips() -> None:
    a = make_report()
    b = make_report({"hit@5": 0.9, "latency_ms_p50": 100.0}, correct={**CORRECT, "harrow-001": False})
    comparison = compare_reports(a, b)
    deltas = {d.metric: d for d in comparison.metrics}
    assert deltas["hit@5"].delta == pytest.approx(0.1) and deltas["answer_accuracy"].delta == 0.0
    assert deltas["latency_ms_p50"].delta == -20.0 and not deltas["latency_ms_p50"].higher_is_better
    assert [f.id for f in comparison.right_to_wrong] == ["harrow-001"] and comparison.wrong_to_right == ()
    assert comparison.by_type[0][0] == "acronym"
    text = format_comparison(comparison)
    assert "hit@5" in text and "+0.100" in text and "-20.000" in text
    assert "flipped right -> wrong (1):\n  harrow-001 (acronym)" in text
    assert "type acronym:" in text
