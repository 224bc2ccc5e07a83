"""The `scrutiny` command: one place that turns errors into messages and exit codes."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from indexer.errors import ScrutinyError
from scrutiny import commands
from scrutiny.adapter_cmd import add_adapter_parser
from scrutiny.bench_cmd import add_bench_parser
from scrutiny.commitments_cmd import add_commitments_parser
from scrutiny.evaluate import add_eval_parser
from scrutiny.reranker_cmd import add_reranker_parser
from scrutiny.serve import add_serve_parser
from scrutiny.settings import load_settings

EXIT_ERROR = 2


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for every subcommand."""
    parser = argparse.ArgumentParser(
        prog="scrutiny", description="Answers with verified citations over council and policing documents.")
    parser.add_argument("-v", "--verbose", action="store_true", help="log what happens")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    index = sub.add_parser("index", help="build or refresh the index of a corpus folder")
    index.add_argument("corpus_dir", nargs="?", type=Path, help="folder of documents (default: corpus)")
    index.add_argument("--index-dir", type=Path, help="where to write the index (default: index)")
    index.add_argument("--model", help="embedding model (default: the bundled all-MiniLM-L6-v2)")
    index.add_argument("--force", action="store_true", help="write a new build even if nothing changed")
    index.set_defaults(handler=commands.run_index)

    ask = sub.add_parser("ask", help="answer a question with cited passages")
    ask.add_argument("question", help="the question, in quotes")
    ask.add_argument("--history", nargs="*", default=[], metavar="Q",
                     help="earlier questions of the conversation, oldest first")
    ask.add_argument("--doc", action="append", default=[], metavar="ID", help="only this document (repeatable)")
    _search_options(ask)
    ask.add_argument("--json", action="store_true", help="print the answer as JSON")
    ask.set_defaults(handler=commands.run_ask)

    search = sub.add_parser("search", help="list the passages that best match a query")
    search.add_argument("question", metavar="QUERY", help="what to look for")
    search.add_argument("--k", type=int, default=10, help="how many passages (1-50, default 10)")
    search.add_argument("--doc", action="append", default=[], metavar="ID", help="only this document")
    _search_options(search)
    search.add_argument("--json", action="store_true", help="print the passages as JSON")
    search.set_defaults(handler=commands.run_search)

    add_eval_parser(sub)
    add_commitments_parser(sub)
    add_serve_parser(sub)
    add_bench_parser(sub)
    add_adapter_parser(sub)
    add_reranker_parser(sub)
    return parser


def _search_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--mode", choices=("hybrid", "bm25", "dense"), help="retrieval mode (default hybrid)")
    parser.add_argument("--index-dir", type=Path, help="the index to read (default: index)")
    parser.add_argument("--model", help="embedding model the index was built with")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s")
    try:
        settings = load_settings({
            "corpus_dir": getattr(args, "corpus_dir", None),
            "index_dir": getattr(args, "index_dir", None),
            "model": getattr(args, "model", None),
            "mode": getattr(args, "mode", None),
        })
        return int(args.handler(args, settings) or 0)
    except ScrutinyError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("interrupted; the previous index (if any) is still in place", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
