"""The benchmark: build, load, search, ask and serve at several corpus sizes; JSON and a table.

Sizes: "seed" is the bundled corpus, embedded by the real model. "20k", "100k" (any N or Nk)
add perturbed copies of it (eval/synthetic.py) until about that many chunks; their vectors are
derived from the originals' (eval/derived_vectors.py) and the cold build time is extrapolated
from the seed's measured cost per chunk. Each build runs in a child process so its peak memory
is its own.
"""

from __future__ import annotations

import json
import os
import platform
import re
import resource
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np

from eval.dataset import EvalQuestion, load_questions
from eval.http_load import ROOT, Server, run_load
from eval.metrics import contains_any_evidence
from eval.synthetic import copies_for, make_corpus, original_doc_id
from indexer.corpus import list_corpus
from indexer.errors import ScrutinyError
from indexer.shipped import DEFAULT_RERANKER

SIZE_RE = re.compile(r"^(seed|\d+k?)$")
CONCURRENCY = (1, 4, 16)
METHOD = (
    "Sizes above seed replicate the bundled documents with perturbations (renamed entities, "
    "changed numbers, paragraphs shuffled in groups of 4) so BM25 statistics stay realistic; the "
    "originals stay in the corpus. hit@5 counts a top-5 passage holding the answer's evidence in "
    "the original document; the second hit@5 also counts one in a perturbed copy of it, which "
    "shares most of its sentences and so often outranks it. "
    "Vectors of the perturbed copies are derived from the nearest original's real MiniLM vector "
    "(small Gaussian noise, renormalised), so their cold build time is extrapolated: the seed's "
    "measured cost per chunk times the chunk count. In-process latency is measured with the query "
    "cache off; HTTP with the server's query cache off too.")


class BenchError(ScrutinyError, ValueError):
    """A benchmark option that cannot work."""


@dataclass(frozen=True)
class BenchOptions:
    """What to measure, and where to put the work files."""

    sizes: tuple[str, ...] = ("seed", "20k", "100k")
    corpus_dir: Path = ROOT / "corpus"
    work_dir: Path = Path("/tmp/scrutiny-bench")
    questions: Path = ROOT / "eval" / "questions.jsonl"
    model: str = "all-MiniLM-L6-v2"
    threads: int = 2  # for building (batches of passages)
    query_threads: int = 1  # for questions, as `scrutiny serve` does: 2 threads stall under load
    reranker: str = DEFAULT_RERANKER
    exact_max: int = 50_000
    http_seconds: float = 10.0
    concurrency: tuple[int, ...] = CONCURRENCY


def parse_sizes(text: str) -> tuple[str, ...]:
    """'seed,20k,100k' -> ('seed', '20k', '100k'); BenchError names a bad one."""
    sizes = tuple(s.strip().lower() for s in text.split(",") if s.strip())
    bad = [s for s in sizes if not SIZE_RE.match(s)]
    if not sizes or bad:
        raise BenchError(f"sizes are 'seed' or a chunk count like 20000 or 20k, got {text!r}")
    return sizes


def target_chunks(size: str) -> int | None:
    """The chunk count a size asks for; None for the seed corpus."""
    if size == "seed":
        return None
    return int(size[:-1]) * 1000 if size.endswith("k") else int(size)


def run_bench(options: BenchOptions, say: Callable[[str], None] = print) -> dict[str, Any]:
    """Measure every size; returns the JSON document (machine, commit, settings, sizes)."""
    started = time.perf_counter()
    result: dict[str, Any] = {
        "machine": machine(), "commit": commit(), "method": METHOD,
        "settings": {k: (str(v) if isinstance(v, Path) else v) for k, v in asdict(options).items()},
        "load_average_start": [round(x, 2) for x in os.getloadavg()], "sizes": []}
    questions = load_questions([options.questions])
    work = options.work_dir
    work.mkdir(parents=True, exist_ok=True)
    seed_index = work / "index-seed"
    seed: dict[str, Any] | None = None
    for size in ("seed",) + tuple(s for s in options.sizes if s != "seed"):
        say(f"[bench] {size}: building")
        row = measure_size(size, options, questions, seed, seed_index, say)
        if size == "seed":
            seed = row
        if size in options.sizes:
            result["sizes"].append(row)
    result["load_average_end"] = [round(x, 2) for x in os.getloadavg()]
    result["seconds"] = round(time.perf_counter() - started, 1)
    return result


def measure_size(size: str, options: BenchOptions, questions: list[EvalQuestion],
                 seed: dict[str, Any] | None, seed_index: Path,
                 say: Callable[[str], None]) -> dict[str, Any]:
    """Build (cold, unchanged, one document changed), then measure in process and over HTTP."""
    target = target_chunks(size)
    copies = 0 if target is None else copies_for(target, seed["chunks"])  # type: ignore[index]
    corpus = make_corpus(options.corpus_dir, options.work_dir / f"corpus-{size}", copies)
    index_dir = seed_index if size == "seed" else options.work_dir / f"index-{size}"
    shutil.rmtree(index_dir, ignore_errors=True)
    derive = None if size == "seed" else seed_index
    cold = child_build(corpus.corpus_dir, index_dir, options, derive_from=derive)
    unchanged = child_build(corpus.corpus_dir, index_dir, options)
    _change_one_document(corpus.corpus_dir)
    changed = child_build(corpus.corpus_dir, index_dir, options)
    row: dict[str, Any] = {
        "size": size, "copies_per_document": copies, "documents": cold["documents"],
        "chunks": cold["chunks"], "sentences": cold["sentences"],
        "vectors": "real MiniLM" if derive is None else "derived from the originals (extrapolated cold time)",
        "build": {"cold_seconds": cold["seconds"], "cold_peak_rss_mb": cold["peak_rss_mb"],
                  "unchanged_seconds": unchanged["seconds"], "unchanged_written": unchanged["written"],
                  "one_changed_seconds": changed["seconds"], "one_changed_embedded": changed["embedded"],
                  "one_changed_peak_rss_mb": changed["peak_rss_mb"]},
        "index_mb": round(_disk_bytes(index_dir / "current") / 2**20, 1),
    }
    if derive is not None and seed is not None:
        per_chunk = seed["build"]["cold_seconds"] / seed["chunks"]
        row["build"]["cold_seconds_measured_with_derived_vectors"] = cold["seconds"]
        row["build"]["cold_seconds"] = round(per_chunk * cold["chunks"], 1)
        row["build"]["cold_extrapolated"] = True
    else:
        row["build"]["cold_extrapolated"] = False
    say(f"[bench] {size}: {row['chunks']} chunks built; measuring in process")
    row.update(measure_in_process(index_dir, options, questions, corpus.originals))
    say(f"[bench] {size}: measuring over HTTP")
    row.update(measure_http(index_dir, options, questions))
    return row


def measure_in_process(index_dir: Path, options: BenchOptions, questions: list[EvalQuestion],
                       originals: tuple[str, ...]) -> dict[str, Any]:
    """Load time, search and ask latency percentiles, hit@5 on the original documents, recall."""
    from indexer.dense_index import index_kind, recall_at_k
    from indexer.embedding import SentenceTransformerEmbedder
    from retriever.assistant import Assistant
    from retriever.index import load_index
    from retriever.reranker import load_reranker

    began = time.perf_counter()
    index = load_index(index_dir, options.model)
    load_seconds = time.perf_counter() - began
    embedder = SentenceTransformerEmbedder(options.model, threads=options.query_threads, cache_size=0)
    assistant = Assistant(index, embedder, reranker=load_reranker(options.reranker, options.model))
    doc_of_file = {f.meta.file: f.meta.doc_id for f in list_corpus(options.corpus_dir).files if f.meta}
    search_ms, ask_ms, hits, copy_hits = [], [], [], []
    for question in questions:
        began = time.perf_counter()
        assistant.search(question.question, question.history)
        search_ms.append((time.perf_counter() - began) * 1000)
        began = time.perf_counter()
        answer = assistant.ask(question.question, list(question.history))
        ask_ms.append((time.perf_counter() - began) * 1000)
        if question.answerable:
            wanted = {doc_of_file.get(question.doc), doc_of_file.get(question.doc2 or "")}
            evidenced = [p for p in answer.passages[:5] if contains_any_evidence(p.text, question.evidences)]
            hits.append(any(p.doc_id in wanted and p.doc_id in originals for p in evidenced))
            copy_hits.append(any(original_doc_id(p.doc_id) in wanted for p in evidenced))
    vectors = embedder.embed_queries([q.question for q in questions])
    return {
        "load_seconds": round(load_seconds, 2),
        "search_ms": _percentiles(search_ms), "ask_ms": _percentiles(ask_ms),
        "hit@5": round(sum(hits) / len(hits), 4) if hits else None,
        "hit@5_any_copy": round(sum(copy_hits) / len(copy_hits), 4) if copy_hits else None,
        "dense_index": index_kind(index.data.dense),
        "dense_recall@10": round(recall_at_k(index.data.dense, np.asarray(index.data.chunk_vectors),
                                             vectors, 10), 4),
    }


def measure_http(index_dir: Path, options: BenchOptions, questions: list[EvalQuestion]) -> dict[str, Any]:
    """`scrutiny serve` on loopback: latency and requests/s per concurrency, server memory."""
    asked = [(q.question, list(q.history)) for q in questions]
    server = Server(index_dir)
    try:
        loads = [asdict(run_load(server.url, asked, clients, options.http_seconds))
                 for clients in options.concurrency]
        memory = server.memory_mb()
    finally:
        server.stop()
    return {"http": loads, "server_start_seconds": round(server.start_seconds, 1),
            "server_rss_mb": memory["rss_mb"], "server_peak_rss_mb": memory["peak_rss_mb"]}


def child_build(corpus_dir: Path, index_dir: Path, options: BenchOptions,
                derive_from: Path | None = None) -> dict[str, Any]:
    """Run one `build_index` in a child process (so its peak memory is its own)."""
    command = [sys.executable, "-m", "eval.bench", "build", str(corpus_dir), str(index_dir),
               options.model, str(options.exact_max), str(options.threads), str(derive_from or "")]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, env=env, check=False)
    if done.returncode != 0:
        raise BenchError(f"index build failed: {done.stderr.strip()[-800:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _build_in_this_process(corpus_dir: str, index_dir: str, model: str, exact_max: str,
                           threads: str, derive_from: str) -> dict[str, Any]:
    from indexer.build import build_index
    from indexer.embedding import SentenceTransformerEmbedder

    if derive_from:
        from eval.derived_vectors import DerivedEmbedder
        from indexer.store import read_current

        def make_embedder():
            return DerivedEmbedder(read_current(Path(derive_from)))
    else:
        def make_embedder():
            return SentenceTransformerEmbedder(model, threads=int(threads))
    report = build_index(Path(corpus_dir), Path(index_dir), model, make_embedder=make_embedder,
                         exact_max=int(exact_max))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KB on Linux
    return {"seconds": round(report.seconds, 2), "written": report.written,
            "embedded": report.embedded, "documents": report.documents, "chunks": report.chunks,
            "sentences": report.sentences, "peak_rss_mb": round(peak, 1)}


def _change_one_document(corpus_dir: Path) -> None:
    """Append a paragraph to the last file: a realistic small edit of one document."""
    last = sorted(p for p in corpus_dir.iterdir() if p.suffix == ".txt")[-1]
    with last.open("a", encoding="utf-8") as handle:
        handle.write("\n\nAddendum: the committee noted the benchmark update and agreed to review "
                     "progress at its next meeting.\n")


def _percentiles(values: list[float]) -> dict[str, float]:
    p50, p95, p99 = np.percentile(np.asarray(values), [50, 95, 99])
    return {"p50": round(float(p50), 1), "p95": round(float(p95), 1), "p99": round(float(p99), 1)}


def _disk_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.resolve().rglob("*") if p.is_file())


def machine() -> dict[str, Any]:
    """CPU, cores, memory and library versions of this machine."""
    import faiss
    import torch

    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    memory = next((int(line.split()[1]) // 1024 for line in Path("/proc/meminfo").read_text().splitlines()
                   if line.startswith("MemTotal")), 0)
    return {"cpu": cpu, "cores": os.cpu_count(), "memory_mb": memory, "python": platform.python_version(),
            "platform": platform.platform(), "torch": torch.__version__, "faiss": faiss.__version__,
            "torch_threads": torch.get_num_threads()}


def commit() -> str:
    """The git commit measured, with '+dirty' when the tree has uncommitted changes."""
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                              cwd=ROOT, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"],
                               capture_output=True, text=True, cwd=ROOT, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return head + ("+dirty" if dirty else "")


if __name__ == "__main__":  # the child process of child_build
    if len(sys.argv) != 8 or sys.argv[1] != "build":
        sys.exit("usage: python -m eval.bench build CORPUS INDEX MODEL EXACT_MAX THREADS DERIVE_FROM")
    print(json.dumps(_build_in_this_process(*sys.argv[2:])))
