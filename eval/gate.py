"""The regression gate against eval/baseline.json, and the comparison of two reports."""

from __future__ import annotations

import json
import logging
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from eval.harness import write_json
from eval.metrics import LOWER_IS_BETTER, SUMMARY_METRICS
from indexer.errors import ScrutinyError

logger = logging.getLogger(__name__)

HEADLINE_METRICS = (
    "hit@5", "mrr@10", "answer_accuracy", "citation_support",
    "abstain_unanswerable", "wrongly_abstained",
)
DEFAULT_TOLERANCE = 0.02
# Summaries are rounded to 4 places; without this slack 0.80 -> 0.78 would "exceed" 0.02.
_SLACK = 1e-9
_META_KEYS = ("sets", "split", "mode")


class BaselineError(ScrutinyError, ValueError):
    """A report or baseline that cannot be read or lacks its summary or questions."""

    def __init__(self, source: str, detail: str) -> None:
        self.source = source
        super().__init__(f"{source}: {detail}")


class InvalidTolerance(ScrutinyError, ValueError):
    """A gate tolerance that is negative or not a number."""

    def __init__(self, tolerance: float) -> None:
        self.tolerance = tolerance
        super().__init__(f"tolerance must be a number >= 0, got {tolerance!r}")


@dataclass(frozen=True)
class MetricDelta:
    """One metric before and after; delta = after - before (None when either is missing)."""

    metric: str
    before: float | None
    after: float | None
    delta: float | None
    higher_is_better: bool


@dataclass(frozen=True)
class Flip:
    """A question whose verdict 'correct' changed between two runs."""

    id: str
    type: str | None
    question: str | None


@dataclass(frozen=True)
class GateResult:
    """The gate's decision: headline metrics, the ones that failed, and the flips."""

    passed: bool
    tolerance: float
    metrics: tuple[MetricDelta, ...]
    failed: tuple[MetricDelta, ...]
    right_to_wrong: tuple[Flip, ...]
    wrong_to_right: tuple[Flip, ...]
    warnings: tuple[str, ...]


@dataclass(frozen=True)
class Comparison:
    """Metric deltas and flips from report A to report B."""

    metrics: tuple[MetricDelta, ...]
    by_type: tuple[tuple[str, tuple[MetricDelta, ...]], ...]
    right_to_wrong: tuple[Flip, ...]
    wrong_to_right: tuple[Flip, ...]
    warnings: tuple[str, ...]


def load_report(path: Path) -> dict:
    """Read a report.json or baseline.json, checking it has a summary and questions."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BaselineError(str(path), f"cannot read it as JSON ({exc})") from exc
    _check_shape(data, str(path))
    return data


def baseline_from_report(report: dict) -> dict:
    """The baseline of a report: its meta, summary and each question's correct and hit_rank."""
    _check_shape(report, "report")
    return {
        "meta": report.get("meta", {}),
        "summary": report["summary"],
        "questions": {
            qid: {"correct": v["correct"], "hit_rank": v["hit_rank"]}
            for qid, v in _verdicts(report).items()
        },
    }


def save_baseline(baseline: dict, path: Path) -> Path:
    """Write a baseline as sorted, indented JSON so raising it reads well in a diff."""
    return write_json(Path(path), baseline)


def check_against_baseline(
    report: dict, baseline: dict, tolerance: float = DEFAULT_TOLERANCE
) -> GateResult:
    """Fail when a headline metric is worse than the baseline by more than tolerance (absolute)."""
    if not isinstance(tolerance, (int, float)) or math.isnan(tolerance) or tolerance < 0:
        raise InvalidTolerance(tolerance)
    _check_shape(report, "report")
    _check_shape(baseline, "baseline")
    deltas = tuple(_delta(m, baseline["summary"], report["summary"]) for m in HEADLINE_METRICS)
    failed = tuple(d for d in deltas if _is_regression(d, tolerance))
    right_to_wrong, wrong_to_right = _flips(baseline, report)
    logger.info("gate: %d of %d headline metric(s) failed", len(failed), len(deltas))
    return GateResult(
        passed=not failed, tolerance=float(tolerance), metrics=deltas, failed=failed,
        right_to_wrong=right_to_wrong, wrong_to_right=wrong_to_right,
        warnings=_warnings(baseline, report, "baseline", "report"),
    )


def compare_reports(a: dict, b: dict) -> Comparison:
    """Metric deltas (overall and per type) and flips from report A to report B."""
    _check_shape(a, "A")
    _check_shape(b, "B")
    types_a, types_b = a["summary"].get("by_type", {}), b["summary"].get("by_type", {})
    by_type = tuple(
        (t, tuple(_delta(m, types_a.get(t, {}), types_b.get(t, {})) for m in HEADLINE_METRICS))
        for t in sorted(set(types_a) | set(types_b))
    )
    right_to_wrong, wrong_to_right = _flips(a, b)
    return Comparison(
        metrics=tuple(_delta(m, a["summary"], b["summary"]) for m in SUMMARY_METRICS),
        by_type=by_type, right_to_wrong=right_to_wrong, wrong_to_right=wrong_to_right,
        warnings=_warnings(a, b, "A", "B"),
    )


def format_gate(result: GateResult) -> str:
    """The gate's verdict as text for the CLI: the table, the failures, then the flips."""
    verdict = "PASSED" if result.passed else "FAILED"
    lines = [
        f"regression gate {verdict}: tolerance {result.tolerance:.3f} absolute "
        f"(a metric fails when it is worse than the baseline by more than this)",
        *(f"warning: {w}" for w in result.warnings),
        "",
        _table(result.metrics, "baseline", "current", {d.metric for d in result.failed}),
    ]
    if result.failed:
        lines.append("")
    for d in result.failed:
        lines.append(
            f"FAILED {d.metric}: baseline {_num(d.before)}, current {_num(d.after)}, "
            f"delta {_num(d.delta, signed=True)}"
        )
    lines += _flip_lines(result.right_to_wrong, result.wrong_to_right)
    return "\n".join(lines)


def format_comparison(c: Comparison) -> str:
    """The deltas and flips between two reports as text for the CLI."""
    lines = ["comparison A -> B", *(f"warning: {w}" for w in c.warnings), ""]
    lines.append(_table(c.metrics, "A", "B", set()))
    for qtype, deltas in c.by_type:
        lines += ["", f"type {qtype}:", _table(deltas, "A", "B", set())]
    lines += _flip_lines(c.right_to_wrong, c.wrong_to_right)
    return "\n".join(lines)


def _check_shape(doc: Any, source: str) -> None:
    """A report or baseline is an object with a summary object and questions."""
    if not isinstance(doc, dict):
        raise BaselineError(source, f"expected a JSON object, got {type(doc).__name__}")
    if not isinstance(doc.get("summary"), dict):
        raise BaselineError(source, "missing 'summary' object")
    questions = doc.get("questions")
    if isinstance(questions, dict):
        for qid, v in questions.items():
            if not isinstance(v, dict) or not isinstance(v.get("correct"), bool):
                expected = "{'correct': bool, 'hit_rank': int|null}"
                raise BaselineError(source, f"question {qid!r}: expected {expected}")
    elif isinstance(questions, list):
        for i, r in enumerate(questions):
            verdict = r.get("verdict") if isinstance(r, dict) else None
            if not isinstance(verdict, dict) or not isinstance(verdict.get("correct"), bool) or (
                not isinstance(r.get("id"), str)
            ):
                detail = "expected a record with 'id' and 'verdict.correct'"
                raise BaselineError(source, f"questions[{i}]: {detail}")
    else:
        raise BaselineError(source, "missing 'questions' (a list of records or a map of id to verdict)")


def _verdicts(doc: dict) -> dict[str, dict]:
    """Per-question verdicts by id, from a full report (list of records) or a baseline (map)."""
    questions = doc["questions"]
    if isinstance(questions, dict):
        return {
            qid: {"correct": bool(v["correct"]), "hit_rank": v.get("hit_rank")}
            for qid, v in questions.items()
        }
    return {
        r["id"]: {
            "correct": bool(r["verdict"]["correct"]),
            "hit_rank": r.get("hit_rank"),
            "type": r.get("type"),
            "question": r.get("question"),
        }
        for r in questions
    }


def _flips(before: dict, after: dict) -> tuple[tuple[Flip, ...], tuple[Flip, ...]]:
    """Questions in both runs that went right -> wrong and wrong -> right, sorted by id."""
    old, new = _verdicts(before), _verdicts(after)

    def flip(qid: str) -> Flip:
        info = new[qid] if "type" in new[qid] else old[qid]
        return Flip(id=qid, type=info.get("type"), question=info.get("question"))

    shared = sorted(set(old) & set(new))
    worse = tuple(flip(q) for q in shared if old[q]["correct"] and not new[q]["correct"])
    better = tuple(flip(q) for q in shared if not old[q]["correct"] and new[q]["correct"])
    return worse, better


def _delta(metric: str, before: dict, after: dict) -> MetricDelta:
    """One metric's change from before to after."""
    old, new = before.get(metric), after.get(metric)
    delta = None if old is None or new is None else round(new - old, 4)
    return MetricDelta(metric, old, new, delta, metric not in LOWER_IS_BETTER)


def _is_regression(d: MetricDelta, tolerance: float) -> bool:
    """Worse than the baseline by more than tolerance; a metric that vanished counts as worse."""
    if d.before is None:
        return False
    if d.after is None or d.delta is None:
        return True
    worsening = -d.delta if d.higher_is_better else d.delta
    return worsening > tolerance + _SLACK


def _warnings(before: dict, after: dict, name_before: str, name_after: str) -> tuple[str, ...]:
    """Say when the two runs used different sets, splits, modes or questions."""
    found = []
    meta_before, meta_after = before.get("meta") or {}, after.get("meta") or {}
    for key in _META_KEYS:
        if key in meta_before and key in meta_after and meta_before[key] != meta_after[key]:
            found.append(
                f"{key} differs: {name_before} {meta_before[key]!r}, {name_after} {meta_after[key]!r}"
            )
    old, new = set(_verdicts(before)), set(_verdicts(after))
    for name, ids in ((name_before, old - new), (name_after, new - old)):
        if ids:
            shown = ", ".join(sorted(ids)[:10]) + (", ..." if len(ids) > 10 else "")
            found.append(f"{len(ids)} question(s) only in {name}: {shown}")
    return tuple(found)


def _table(deltas: tuple[MetricDelta, ...], before: str, after: str, failed: set[str]) -> str:
    """Aligned columns: metric, before, after, delta, and a marker for failures."""
    rows = [f"{'metric':<22}{before:>10}{after:>10}{'delta':>10}"]
    for d in deltas:
        mark = "  FAIL" if d.metric in failed else ""
        if not d.higher_is_better:
            mark += "  (lower is better)"
        delta = _num(d.delta, signed=True)
        rows.append(f"{d.metric:<22}{_num(d.before):>10}{_num(d.after):>10}{delta:>10}{mark}")
    return "\n".join(rows)


def _flip_lines(worse: tuple[Flip, ...], better: tuple[Flip, ...]) -> list[str]:
    """The flipped questions, one per line."""
    lines: list[str] = []
    for title, flips in (("right -> wrong", worse), ("wrong -> right", better)):
        lines += ["", f"flipped {title} ({len(flips)}):"]
        for f in flips:
            detail = f" ({f.type}): {f.question}" if f.type else ""
            lines.append(f"  {f.id}{detail}")
    return lines


def _num(value: float | None, signed: bool = False) -> str:
    """A metric value (or a delta, with its sign) to 3 places, '-' when missing."""
    return "-" if value is None else f"{value:+.3f}" if signed else f"{value:.3f}"
