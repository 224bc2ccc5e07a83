"""`scrutiny eval`: the regression gate on the test split, a broken retriever failing it, compare."""

from __future__ import annotations

import json
from pathlib import Path

from scrutiny.cli import main


def test_gate_passes_on_the_test_split_against_the_committed_baseline(bundled_index, tmp_path, capsys):
    code = main(["eval", "--split", "test", "--check", "--index-dir", str(bundled_index),
                 "--out", str(tmp_path / "run")])
    out = capsys.readouterr().out
    assert code == 0, out
    assert "tolerance" in out.lower()
    report = json.loads((tmp_path / "run" / "report.json").read_text())
    assert report["summary"]["questions"] == len(report["questions"])
    record = report["questions"][0]
    for field in ("id", "type", "question", "history", "query", "answer", "abstained", "citations",
                  "passages", "hit_rank", "verdict", "latency_ms"):
        assert field in record
    assert (tmp_path / "run" / "report.md").read_text().startswith("#")


def test_a_deliberately_weaker_retriever_fails_the_gate_and_lists_flips(bundled_index, tmp_path, capsys):
    code = main(["eval", "--split", "test", "--mode", "dense", "--check", "--index-dir",
                 str(bundled_index), "--out", str(tmp_path / "dense")])
    out = capsys.readouterr().out
    assert code == 1
    assert "hit@5" in out and "right" in out.lower()


def test_compare_prints_deltas_between_two_reports(bundled_index, tmp_path, capsys):
    for mode in ("hybrid", "bm25"):
        assert main(["eval", "--split", "test", "--mode", mode, "--index-dir", str(bundled_index),
                     "--out", str(tmp_path / mode)]) == 0
    capsys.readouterr()
    assert main(["eval", "--compare", str(tmp_path / "hybrid" / "report.json"),
                 str(tmp_path / "bm25" / "report.json")]) == 0
    out = capsys.readouterr().out
    assert "answer_accuracy" in out


def test_a_malformed_question_line_names_file_line_and_field(tmp_path: Path, bundled_index, capsys):
    bad = tmp_path / "mine.jsonl"
    bad.write_text('{"id": "x-1", "doc": "a.txt", "question": "q?", "answer": "a", "answer_keys": "21", '
                   '"evidence": "Baseline is 21 per month.", "type": "number", "history": [], "split": "dev"}\n')
    assert main(["eval", "--set", str(bad), "--split", "all", "--index-dir", str(bundled_index)]) == 2
    err = capsys.readouterr().err
    assert "mine.jsonl line 1" in err and "answer_keys" in err
