"""Run the question set through an answering callable and write report.json and report.md."""

from __future__ import annotations

import json
import logging
import os
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from eval.dataset import EvalQuestion
from eval.metrics import SUMMARY_METRICS, QuestionVerdict, score_question, summarize
from indexer.errors import ScrutinyError

logger = logging.getLogger(__name__)

AskFn = Callable[[str, list[str]], dict]
REPORT_TOP_K = 10
REPORT_JSON = "report.json"
REPORT_MD = "report.md"

_TYPE_COLUMNS = (
    "hit@5", "mrr@10", "answer_accuracy", "citation_support", "abstain_unanswerable",
    "wrongly_abstained", "accuracy", "latency_ms_p50",
)


class AnswerShapeError(ScrutinyError, ValueError):
    """The answering callable returned something other than the agreed answer dict."""

    def __init__(self, question_id: str, field: str, value: Any) -> None:
        self.question_id = question_id
        self.field = field
        super().__init__(
            f"answer for {question_id}: field '{field}' is malformed: "
            f"{type(value).__name__} {str(value)[:80]!r}"
        )


@dataclass(frozen=True)
class QuestionRecord:
    """One question, the pipeline's answer dict, its verdict and the measured latency."""

    question: EvalQuestion
    answer: dict
    verdict: QuestionVerdict
    latency_ms: float

    def to_json(self) -> dict:
        """The per-question record of report.json."""
        q, a = self.question, self.answer
        return {
            "id": q.id,
            "type": q.type,
            "split": q.split,
            "question": q.question,
            "history": list(q.history),
            "expected": {
                "answer": q.answer, "answer_keys": [list(g) for g in q.answer_keys],
                "doc": q.doc, "evidence": q.evidence, "doc2": q.doc2, "evidence2": q.evidence2,
            },
            "query": a.get("query"),
            "answer": a["answer"],
            "abstained": a["abstained"],
            "reason": a.get("reason"),
            "confidence": a.get("confidence"),
            "citations": a["citations"],
            "passages": [
                {key: p.get(key) for key in ("rank", "doc_id", "chunk_id", "section", "score", "text")}
                for p in a["passages"][:REPORT_TOP_K]
            ],
            "hit_rank": self.verdict.hit_rank,
            "verdict": _verdict_json(self.verdict),
            "latency_ms": round(self.latency_ms, 1),
            "timings_ms": a.get("timings_ms"),
        }


@dataclass(frozen=True)
class EvalReport:
    """The outcome of one evaluation run: per-question records and the metric summary."""

    records: tuple[QuestionRecord, ...]
    summary: dict


def run_eval(questions: Sequence[EvalQuestion], ask: AskFn) -> EvalReport:
    """Ask every question (with its history), time each call, score it and summarise."""
    records: list[QuestionRecord] = []
    for q in questions:
        logger.debug("asking %s: %s", q.id, q.question)
        started = time.perf_counter()
        answer = ask(q.question, list(q.history))
        latency_ms = (time.perf_counter() - started) * 1000.0
        _check_answer(q.id, answer)
        verdict = score_question(
            q,
            passages=[p["text"] for p in answer["passages"]],
            answer=answer["answer"],
            abstained=answer["abstained"],
            cited_passages=[c["passage"] for c in answer["citations"]],
        )
        records.append(QuestionRecord(q, answer, verdict, latency_ms))
    summary = summarize([r.verdict for r in records], [r.latency_ms for r in records])
    logger.info("evaluated %d questions: answer accuracy %s", len(records), summary["answer_accuracy"])
    return EvalReport(records=tuple(records), summary=summary)


def report_to_dict(report: EvalReport, meta: dict) -> dict:
    """The JSON document of a report: meta, summary and one record per question."""
    return {
        "meta": meta,
        "summary": report.summary,
        "questions": [r.to_json() for r in report.records],
    }


def write_report(report: EvalReport, out_dir: Path, meta: dict) -> tuple[Path, Path]:
    """Write report.json and report.md into out_dir; return their paths."""
    out_dir.mkdir(parents=True, exist_ok=True)
    data = report_to_dict(report, meta)
    json_path = write_json(out_dir / REPORT_JSON, data)
    md_path = out_dir / REPORT_MD
    _write_text(md_path, render_markdown(data))
    logger.info("wrote %s and %s", json_path, md_path)
    return json_path, md_path


def write_json(path: Path, data: Any) -> Path:
    """Write JSON with sorted keys, indent 2, UTF-8, in one atomic step (so diffs stay small)."""
    _write_text(path, json.dumps(data, sort_keys=True, indent=2, ensure_ascii=False) + "\n")
    return path


def render_markdown(data: dict) -> str:
    """The readable report: summary, per-type table, then wrong answers and retrieval misses."""
    summary, records = data["summary"], data["questions"]
    lines = ["# Scrutiny evaluation report", ""]
    for key in sorted(data.get("meta", {})):
        lines.append(f"- {key}: {_cell(data['meta'][key])}")
    lines += [
        "", f"{summary['questions']} questions: {summary['answerable']} answerable, "
        f"{summary['unanswerable']} unanswerable, {summary['answered']} answered.", "",
        "## Summary", "", "| metric | value |", "|---|---:|",
    ]
    lines += [f"| {name} | {_cell(summary.get(name), name)} |" for name in SUMMARY_METRICS]
    lines += ["", "## By question type", "", "| type | n | " + " | ".join(_TYPE_COLUMNS) + " |",
              "|---|---:|" + "---:|" * len(_TYPE_COLUMNS)]
    for qtype, row in summary["by_type"].items():
        cells = " | ".join(_cell(row.get(c), c) for c in _TYPE_COLUMNS)
        lines.append(f"| {qtype} | {row['questions']} | {cells} |")

    wrong = [r for r in records if not r["verdict"]["correct"]]
    lines += ["", f"## Wrong answers ({len(wrong)})", ""]
    for r in wrong:
        answerable = r["verdict"]["answerable"]
        expected = _keys_text(r["expected"]["answer_keys"]) if answerable else "abstain"
        reason = r["reason"] or "no reason given"
        given = f"(abstained: {reason})" if r["abstained"] else _clip(r["answer"])
        lines += [
            f"- **{r['id']}** ({r['type']}): {_clip(r['question'])}",
            f"  - expected: {expected}",
            f"  - given: {given}",
            f"  - hit rank: {_cell(r['hit_rank'])}",
        ]
    misses = [r for r in records if r["verdict"]["answerable"] and not r["verdict"]["hit@10"]]
    lines += ["", f"## Retrieval misses: evidence not in the top {REPORT_TOP_K} ({len(misses)})", ""]
    for r in misses:
        top = ", ".join(str(p["doc_id"]) for p in r["passages"][:3]) or "no passages"
        lines += [
            f"- **{r['id']}** ({r['type']}): {_clip(r['question'])}",
            f"  - evidence ({r['expected']['doc']}): {_clip(r['expected']['evidence'])}",
            f"  - top passages from: {top}; hit rank: {_cell(r['hit_rank'])}",
        ]
    return "\n".join(lines) + "\n"


def _check_answer(question_id: str, answer: Any) -> None:
    """Reject an answer dict without the fields the metrics read."""
    if not isinstance(answer, dict):
        raise AnswerShapeError(question_id, "<answer>", answer)
    for name, kind in (("answer", str), ("abstained", bool), ("citations", list), ("passages", list)):
        if not isinstance(answer.get(name), kind):
            raise AnswerShapeError(question_id, name, answer.get(name))
    for i, c in enumerate(answer["citations"]):
        if not isinstance(c, dict) or not isinstance(c.get("passage"), str):
            raise AnswerShapeError(question_id, f"citations[{i}].passage", c)
    for i, p in enumerate(answer["passages"]):
        if not isinstance(p, dict) or not isinstance(p.get("text"), str):
            raise AnswerShapeError(question_id, f"passages[{i}].text", p)


def _verdict_json(verdict: QuestionVerdict) -> dict:
    """A verdict as JSON, with hit@k under the names the summary uses."""
    data = asdict(verdict)
    for key in ("id", "type"):
        data.pop(key)
    for k in (1, 3, 5, 10):
        data[f"hit@{k}"] = data.pop(f"hit_at_{k}")
    return data


def _write_text(path: Path, text: str) -> None:
    """Write via a temporary file and rename, so a crash never leaves half a report."""
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def _cell(value: Any, metric: str = "") -> str:
    """A value for a table cell: 3 decimals for shares, 0.1 ms for latency, '-' if not applicable."""
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.1f}" if metric.startswith("latency") else f"{value:.3f}"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def _keys_text(groups: list[list[str]]) -> str:
    """Key groups as '(21) AND (per month | monthly)'."""
    return " AND ".join("(" + " | ".join(group) + ")" for group in groups)


def _clip(text: str, limit: int = 300) -> str:
    """One line of at most limit characters."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 3] + "..."
