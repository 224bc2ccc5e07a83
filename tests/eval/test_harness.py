"""The harness: run a set through an answering function and write report.json and report.md."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eval.dataset import EvalQuestion
from eval.harness import AnswerShapeError, run_eval, write_report

HARROW = "harrow-osc-minutes-2021-12-14"
MOPAC = "mopac-police-crime-plan-2021-25-draft"
PASSAGES = {
    "pet": (
        HARROW,
        "PET – SOFT LAUNCH (FIRST THREE WEEKS) Measures of success: • Increase in FPN served for "
        "fly tip. Baseline is 21 per month. • Reduction in outstanding open service requests in "
        "relation to suspected HMOs. Baseline is 140.",
    ),
    "fpn": (
        HARROW,
        "It was acknowledged that this issue was particularly acute on private land and owners were "
        "being threatened with fines. Officers were exploring the use of FPNs (fixed penalty notices) "
        "for this purpose.",
    ),
    "chair": (
        HARROW,
        "Present: Chair: Councillor Sachin Shah Councillors: Dan Anderson Jeff Anderson Sarah "
        "Butterworth Stephen Greek",
    ),
    "neighbourhood": (
        MOPAC,
        "Neighbourhood crimes such as burglary and drug-dealing, and anti-social behaviour such as "
        "graffiti or fly-tipping can have a huge impact on Londoners' sense of safety.",
    ),
}

QUESTIONS = [
    EvalQuestion("harrow-001", HARROW, "what is the PET fly-tip FPN baseline?", "21 FPNs per month",
                 (("21",),), "Baseline is 21 per month.", "acronym", (), "dev"),
    EvalQuestion("harrow-002", HARROW, "who chaired the meeting?", "Councillor Sachin Shah",
                 (("sachin shah",),), "Chair: Councillor Sachin Shah", "who", (), "dev"),
    EvalQuestion("harrow-003", HARROW, "and what does FPN stand for?", "fixed penalty notice",
                 (("fixed penalty notice",),), "the use of FPNs (fixed penalty notices) for this purpose",
                 "acronym", ("what is the PET fly-tip FPN baseline?",), "dev"),
    EvalQuestion("harrow-004", "", "how many parking tickets did Harrow issue in 2021?", "", (), "",
                 "unanswerable", (), "dev"),
]


def passage(rank: int, key: str) -> dict:
    """One ranked passage in the pipeline's answer shape."""
    doc_id, text = PASSAGES[key]
    return {"rank": rank, "chunk_id": f"{doc_id}#{key}", "doc_id": doc_id, "title": doc_id, "section": None,
            "text": text, "score": 1.0 / rank, "bm25": None, "dense": None}


def answer(question: str, history: list[str], text: str, ranking: list[str], cite: list[str],
           abstained: bool = False) -> dict:
    """An answer dict in the agreed shape, citing the passages named in cite."""
    passages = [passage(i, key) for i, key in enumerate(ranking, start=1)]
    citations = [
        {"n": n, "doc_id": PASSAGES[key][0], "title": PASSAGES[key][0], "date": "2021-12-14", "section": None,
         "page": None, "quote": PASSAGES[key][1][:40], "start": 0, "end": 40, "passage": PASSAGES[key][1],
         "chunk_id": f"{PASSAGES[key][0]}#{key}"}
        for n, key in enumerate(cite, start=1)
    ]
    return {"question": question, "history": history, "query": " ".join([*history, question]), "answer": text,
            "abstained": abstained, "reason": "no passage answers this" if abstained else None,
            "confidence": 0.0 if abstained else 0.8, "citations": citations, "passages": passages,
            "timings_ms": {"search": 1.0, "answer": 0.5, "total": 1.5}}


def fixed_ask(question: str, history: list[str]) -> dict:
    """A deterministic stand-in for the pipeline: one fixed answer per question."""
    if question.startswith("what is the PET"):  # right, evidence at rank 2, cited
        return answer(question, history, "The baseline is 21 FPNs per month [1].", ["fpn", "pet", "chair"], ["pet"])
    if question.startswith("who chaired"):  # abstains although the evidence ranks first
        return answer(question, history, "", ["chair", "pet"], [], abstained=True)
    if question.startswith("and what does FPN"):  # wrong answer, evidence not retrieved
        return answer(question, history, "A fly-tipping notice [1].", ["neighbourhood", "pet"], ["neighbourhood"])
    return answer(question, history, "", ["neighbourhood"], [], abstained=True)  # right abstention


def test_run_eval_scores_every_question_and_passes_history() -> None:
    seen: list[tuple[str, list[str]]] = []

    def ask(question: str, history: list[str]) -> dict:
        seen.append((question, history))
        return fixed_ask(question, history)

    report = run_eval(QUESTIONS, ask)
    assert seen[2] == ("and what does FPN stand for?", ["what is the PET fly-tip FPN baseline?"])
    verdicts = {r.question.id: r.verdict for r in report.records}
    assert verdicts["harrow-001"].hit_rank == 2 and verdicts["harrow-001"].correct
    assert verdicts["harrow-001"].citation_supported is True
    assert verdicts["harrow-002"].hit_rank == 1 and verdicts["harrow-002"].abstained
    assert verdicts["harrow-003"].hit_rank is None and not verdicts["harrow-003"].correct
    assert verdicts["harrow-004"].correct
    s = report.summary
    assert s["answer_accuracy"] == pytest.approx(1 / 3, abs=1e-4)
    assert s["hit@1"] == pytest.approx(1 / 3, abs=1e-4) and s["hit@3"] == pytest.approx(2 / 3, abs=1e-4)
    assert s["mrr@10"] == pytest.approx((0.5 + 1.0 + 0.0) / 3, abs=1e-4)
    assert s["citation_support"] == 0.5  # harrow-001 supported, harrow-003 not
    assert s["abstain_unanswerable"] == 1.0 and s["wrongly_abstained"] == pytest.approx(1 / 3, abs=1e-4)
    assert s["accuracy"] == 0.5 and s["precision"] == 0.5  # correct 001, 004; answered 001, 003
    assert all(r.latency_ms >= 0 for r in report.records) and s["latency_ms_p95"] is not None


def test_write_report_writes_json_with_every_record_field_and_markdown(tmp_path: Path) -> None:
    report = run_eval(QUESTIONS, fixed_ask)
    meta = {"sets": ["eval/questions.jsonl"], "split": "dev", "mode": "hybrid"}
    json_path, md_path = write_report(report, tmp_path / "run", meta)
    assert json_path == tmp_path / "run" / "report.json" and md_path == tmp_path / "run" / "report.md"

    raw = json_path.read_text(encoding="utf-8")
    data = json.loads(raw)
    assert raw == json.dumps(data, sort_keys=True, indent=2, ensure_ascii=False) + "\n"
    assert "PET – SOFT LAUNCH" in raw  # UTF-8, not \u escapes
    assert data["meta"] == meta
    assert data["summary"]["by_type"]["acronym"]["questions"] == 2
    record = data["questions"][0]
    for field in ("id", "type", "question", "history", "query", "answer", "abstained", "citations",
                  "passages", "hit_rank", "verdict", "latency_ms", "timings_ms"):
        assert field in record, field
    assert record["id"] == "harrow-001" and record["hit_rank"] == 2
    assert record["passages"][1]["doc_id"] == HARROW and "Baseline is 21" in record["passages"][1]["text"]
    assert record["verdict"]["hit@3"] is True and record["verdict"]["answer_correct"] is True
    assert record["verdict"]["citation_supported"] is True and record["verdict"]["correct"] is True
    assert record["timings_ms"] == {"search": 1.0, "answer": 0.5, "total": 1.5}
    assert data["questions"][2]["history"] == ["what is the PET fly-tip FPN baseline?"]

    md = md_path.read_text(encoding="utf-8")
    assert "## Summary" in md and "| answer_accuracy | 0.333 |" in md
    assert "## By question type" in md and "| acronym | 2 |" in md
    assert "## Wrong answers (2)" in md
    assert "**harrow-002** (who)" in md and "(abstained: no passage answers this)" in md
    assert "**harrow-003** (acronym)" in md and "expected: (fixed penalty notice)" in md
    assert "given: A fly-tipping notice [1]." in md
    assert "Retrieval misses: evidence not in the top 10 (1)" in md and "hit rank: -" in md
    assert "harrow-001**" not in md and "harrow-004**" not in md


def test_report_keeps_only_the_top_ten_passages(tmp_path: Path) -> None:
    def ask(question: str, history: list[str]) -> dict:
        result = answer(question, history, "21 per month", ["fpn"] * 11 + ["pet"], ["pet"])
        return result

    report = run_eval(QUESTIONS[:1], ask)
    json_path, _ = write_report(report, tmp_path, {})
    record = json.loads(json_path.read_text(encoding="utf-8"))["questions"][0]
    assert len(record["passages"]) == 10 and record["hit_rank"] == 12 and record["verdict"]["rr"] == 0.0


def test_malformed_answer_names_the_question_and_field() -> None:
    def ask(question: str, history: list[str]) -> dict:
        result = fixed_ask(question, history)
        result["abstained"] = "no"
        return result

    with pytest.raises(AnswerShapeError, match="answer for harrow-001: field 'abstained'"):
        run_eval(QUESTIONS, ask)
