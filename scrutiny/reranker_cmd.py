"""`scrutiny train-reranker`: train the cross-encoder that re-orders answer windows."""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from scrutiny.settings import Settings


def add_reranker_parser(sub: argparse._SubParsersAction) -> None:
    """The `train-reranker` subcommand and its options."""
    parser = sub.add_parser("train-reranker", help="train the cross-encoder that re-orders answer "
                            "windows (about 35 minutes on 2 cores)")
    parser.add_argument("--pairs", type=Path, help="JSON lines of question, doc, evidence "
                        "(default: eval/training/pairs.jsonl)")
    parser.add_argument("--near-misses", type=Path, help="evaluation-format questions the documents "
                        "never answer (default: eval/training/near_misses.jsonl)")
    parser.add_argument("--out", type=Path, help="folder to write (default: the bundled "
                        "retriever/reranker)")
    parser.add_argument("--epochs", type=_positive, default=None,
                        help="passes over the examples (default 2)")
    parser.add_argument("--index-dir", type=Path, help="an index of the documents the pairs quote (default: index)")
    parser.set_defaults(handler=run_train_reranker)


def _positive(text: str) -> int:
    """An epoch count of 1 or more (argparse reports the error)."""
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be a whole number of 1 or more, got {text!r}")
    return value


def run_train_reranker(args: argparse.Namespace, settings: Settings) -> int:
    """Collect labelled windows with the pipeline (no reranker), train, write the folder."""
    import torch

    from eval.adapter_training import PAIRS, load_pairs
    from eval.reranker_training import (EPOCHS, NEAR_MISSES, load_near_misses, save_reranker,
                                        train_reranker, training_examples)
    from retriever.reranker import BUNDLED_RERANKER
    from scrutiny.commands import open_assistant

    started = time.perf_counter()
    pairs = load_pairs(args.pairs or PAIRS)
    near_misses = load_near_misses(args.near_misses or NEAR_MISSES)
    assistant = open_assistant(settings, reranker="none")
    examples = training_examples(assistant, pairs, near_misses)
    positives = sum(e.label for e in examples)
    print(f"{len(examples)} windows ({positives:.0f} answers) from {len(pairs)} pairs and "
          f"{len(near_misses)} near misses", flush=True)
    torch.set_num_threads(settings.threads)
    model = train_reranker(examples, epochs=args.epochs or EPOCHS,
                           progress=lambda line: print(line, flush=True))
    out = args.out or BUNDLED_RERANKER
    save_reranker(model, out)
    print(f"trained in {time.perf_counter() - started:.0f} s; wrote {out}")
    return 0
