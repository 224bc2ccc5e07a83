"""`scrutiny bench`: measure build, search, ask and HTTP at several corpus sizes."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from scrutiny.settings import Settings, SettingsError

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_OUT = ROOT / "eval" / "bench.json"


def add_bench_parser(sub: argparse._SubParsersAction) -> None:
    """The `bench` subcommand and its options."""
    parser = sub.add_parser("bench", help="benchmark index build, search, ask and HTTP at several sizes")
    parser.add_argument("--sizes", default="seed,20k,100k",
                        help="corpus sizes: seed (the bundled corpus) or chunk counts like 20k")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="where to write the JSON")
    parser.add_argument("--work-dir", type=Path, default=Path("/tmp/scrutiny-bench"),
                        help="where the synthetic corpora and indexes go")
    parser.add_argument("--http-seconds", type=float, default=10.0,
                        help="seconds of HTTP load per concurrency (1, 4 and 16 clients)")
    parser.add_argument("--corpus-dir", type=Path, help="the seed corpus (default: corpus)")
    parser.add_argument("--questions", type=Path, help="question set (default: eval/questions.jsonl)")
    parser.add_argument("--readme", action="store_true",
                        help="rewrite the README's Performance section from the JSON")
    parser.add_argument("--readme-only", action="store_true",
                        help="do not measure: rewrite the README from the existing --out JSON")
    parser.set_defaults(handler=run_bench_command)


def run_bench_command(args: argparse.Namespace, settings: Settings) -> int:
    """Run the benchmark (or only the README rewrite) and print the table."""
    from eval.bench import BenchOptions, parse_sizes, run_bench  # httpx, numpy: only when benching
    from eval.bench_report import ReadmeMarkersMissing, format_table, update_readme
    from eval.harness import write_json

    if args.http_seconds <= 0:
        raise SettingsError(f"--http-seconds must be positive, got {args.http_seconds}")
    if args.readme_only:
        try:
            data = json.loads(args.out.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as error:
            raise SettingsError(f"cannot read {args.out}: {error}") from None
    else:
        options = BenchOptions(sizes=parse_sizes(args.sizes), corpus_dir=args.corpus_dir or settings.corpus_dir,
                               work_dir=args.work_dir, model=settings.model, threads=settings.threads,
                               exact_max=settings.exact_max_chunks, http_seconds=args.http_seconds,
                               questions=args.questions or BenchOptions.questions)
        data = run_bench(options, say=lambda line: print(line, file=sys.stderr))
        args.out.parent.mkdir(parents=True, exist_ok=True)
        write_json(args.out, data)
    print(format_table(data))
    print(f"\nJSON: {args.out}")
    if args.readme or args.readme_only:
        try:
            changed = update_readme(ROOT / "README.md", data)
        except ReadmeMarkersMissing as error:
            raise SettingsError(str(error)) from None
        print("README Performance section " + ("rewritten" if changed else "already up to date"))
    return 0
