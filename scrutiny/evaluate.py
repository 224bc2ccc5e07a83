"""`scrutiny eval`: run the harness, write the report, gate against the baseline, compare."""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from eval.dataset import load_questions, select_split
from eval.extraction import extraction_report, format_extraction
from eval.gate import (DEFAULT_TOLERANCE, BaselineError, baseline_from_report, check_against_baseline,
                       compare_reports, format_comparison, format_gate, load_report, save_baseline)
from eval.harness import report_to_dict, run_eval, write_report
from eval.retyping import RETYPINGS, retyped
from scrutiny.settings import Settings

EVAL_DIR = Path(__file__).resolve().parents[1] / "eval"
DEFAULT_SET = EVAL_DIR / "questions.jsonl"
DEFAULT_BASELINE = EVAL_DIR / "baseline.json"
GATE_FAILED = 1


def add_eval_parser(sub: argparse._SubParsersAction) -> None:
    """The `eval` subcommand and its options."""
    parser = sub.add_parser("eval", help="measure answer quality on an evaluation set")
    parser.add_argument("--set", dest="sets", action="append", type=Path, metavar="FILE",
                        help=f"question set(s) in JSON lines (default: {DEFAULT_SET.name})")
    parser.add_argument("--split", choices=("dev", "test", "all"), default="test")
    parser.add_argument("--mode", choices=("hybrid", "bm25", "dense"), help="retrieval mode")
    parser.add_argument("--out", type=Path, default=Path("eval/runs/latest"), help="report folder")
    parser.add_argument("--index-dir", type=Path, help="the index to read (default: index)")
    parser.add_argument("--model", help="embedding model the index was built with")
    parser.add_argument("--retype", choices=sorted(RETYPINGS),
                        help="ask every question retyped this way (an answer should not change)")
    parser.add_argument("--check", action="store_true",
                        help="exit non-zero when a headline metric falls below the baseline")
    parser.add_argument("--baseline", type=Path, default=DEFAULT_BASELINE, help="baseline file")
    parser.add_argument("--tolerance", type=float, default=DEFAULT_TOLERANCE,
                        help=f"allowed drop per headline metric (default {DEFAULT_TOLERANCE})")
    parser.add_argument("--update-baseline", action="store_true",
                        help="write this run's results as the new baseline")
    parser.add_argument("--compare", nargs=2, type=Path, metavar=("A.json", "B.json"),
                        help="print metric deltas and flips between two reports, then stop")
    parser.set_defaults(handler=run_eval_command)


def run_eval_command(args: argparse.Namespace, settings: Settings) -> int:
    """Run, report, and optionally gate or update the baseline."""
    if args.compare:
        print(format_comparison(compare_reports(load_report(args.compare[0]),
                                                load_report(args.compare[1]))))
        return 0
    if args.retype and (args.update_baseline or args.check):
        raise BaselineError("--retype", "the baseline is of the questions as written; run --check "
                            "or --update-baseline without --retype")
    from scrutiny.commands import open_assistant

    sets = args.sets or [DEFAULT_SET]
    questions = select_split(load_questions(sets), args.split)
    if args.retype:
        questions = retyped(questions, args.retype)
    assistant = open_assistant(settings)
    started = time.perf_counter()
    report = run_eval(questions, lambda q, h: assistant.ask(q, h, mode=settings.mode).to_json())
    meta = {"sets": [p.name for p in sets], "split": args.split, "retype": args.retype, "mode": settings.mode,
            "query_adapter": settings.query_adapter, "reranker": settings.reranker,
            "index_build": assistant.index.build_id, "seconds": round(time.perf_counter() - started, 1)}
    meta["extraction"] = extraction_report(assistant.index.data)  # the commitments register
    json_path, md_path = write_report(report, args.out, meta)
    print(summary_line(report.summary, meta))
    print(format_extraction(meta["extraction"]))
    print(f"report: {json_path} and {md_path}")
    data = report_to_dict(report, meta)
    if args.update_baseline:
        save_baseline(baseline_from_report(data), args.baseline)
        print(f"baseline updated: {args.baseline} (review it with git diff)")
    if args.check:
        result = check_against_baseline(data, load_report(args.baseline), args.tolerance)
        print(format_gate(result))
        return 0 if result.passed else GATE_FAILED
    return 0


def summary_line(summary: dict, meta: dict) -> str:
    """One line with the headline numbers."""
    def pct(name: str) -> str:
        value = summary.get(name)
        return "-" if value is None else f"{value:.3f}"
    retype = f", retyped {meta['retype']}" if meta.get("retype") else ""
    return (f"{summary['questions']} questions ({meta['split']}, {meta['mode']}{retype}): "
            f"hit@5 {pct('hit@5')} · MRR@10 {pct('mrr@10')} · answer accuracy {pct('answer_accuracy')} · "
            f"citation support {pct('citation_support')} · abstained unanswerable "
            f"{pct('abstain_unanswerable')} · wrongly abstained {pct('wrongly_abstained')} · "
            f"p50 {summary.get('latency_ms_p50', 0):.0f} ms")
