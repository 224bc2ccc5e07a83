"""`scrutiny train-adapter`: fit the query adapter on question / answer-span pairs."""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np

from scrutiny.settings import Settings


def add_adapter_parser(sub: argparse._SubParsersAction) -> None:
    """The `train-adapter` subcommand and its options."""
    parser = sub.add_parser("train-adapter", help="fit the linear map applied to question vectors")
    parser.add_argument("--pairs", type=Path, help="JSON lines of question, doc, evidence "
                        "(default: eval/training/pairs.jsonl)")
    parser.add_argument("--out", type=Path, help="where to write the .npy matrix (default: the bundled "
                        "indexer/query_adapter.npy)")
    parser.add_argument("--index-dir", type=Path, help="an index of the documents the pairs quote (default: index)")
    parser.add_argument("--model", help="embedding model the index was built with")
    parser.set_defaults(handler=run_train_adapter)


def run_train_adapter(args: argparse.Namespace, settings: Settings) -> int:
    """Load the index and the model without an adapter, fit, write the matrix."""
    from eval.adapter_training import PAIRS, load_pairs, train_adapter
    from indexer.embedding import QUERY_THREADS, SentenceTransformerEmbedder
    from indexer.query_adapter import BUNDLED_ADAPTER
    from retriever.index import load_index

    started = time.perf_counter()
    pairs = load_pairs(args.pairs or PAIRS)
    index = load_index(settings.index_dir, settings.model)
    embedder = SentenceTransformerEmbedder(settings.model, settings.batch_size, QUERY_THREADS,
                                           cache_size=0, query_adapter="none")
    matrix, used = train_adapter(index, embedder, pairs)
    out = args.out or BUNDLED_ADAPTER
    np.save(out, matrix, allow_pickle=False)
    print(f"trained on {used} of {len(pairs)} pairs (the others quote no sentence of this index) "
          f"in {time.perf_counter() - started:.0f} s; wrote {out}")
    return 0
