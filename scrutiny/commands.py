"""What each subcommand does, printed for a person."""

from __future__ import annotations

import argparse
import json
import sys
import textwrap
from dataclasses import asdict

import numpy as np

from indexer.build import BuildReport, build_index
from indexer.embedding import QUERY_THREADS, SentenceTransformerEmbedder
from retriever.filter_checks import check_doc_ids
from scrutiny.settings import Settings, SettingsError


def run_index(args: argparse.Namespace, settings: Settings) -> int:
    """`scrutiny index`: build or refresh the index and print a summary."""
    from tqdm import tqdm

    bars: dict[str, tqdm] = {}

    def progress(label: str, done: int, total: int) -> None:
        bar = bars.get(label)
        if bar is None:
            bar = bars[label] = tqdm(total=total, desc=f"embedding {label}", unit="text",
                                     file=sys.stderr, leave=False)
        bar.n = done
        bar.refresh()
        if done >= total:
            bar.close()

    report = build_index(
        settings.corpus_dir, settings.index_dir, settings.model,
        make_embedder=lambda: SentenceTransformerEmbedder(settings.model, settings.batch_size,
                                                          settings.threads),
        progress=progress, force=args.force, exact_max=settings.exact_max_chunks)
    print(format_build_report(report, str(settings.corpus_dir)))
    return 0


PER_DOCUMENT_LINES = 20  # an archive of 1,000 documents would print 1,000 lines


def format_build_report(report: BuildReport, corpus: str) -> str:
    """The summary `scrutiny index` prints."""
    verb = "Indexed" if report.written else "Up to date:"
    lines = [f"{verb} {report.documents} documents from {corpus} into {report.index_dir} "
             f"in {report.seconds:.1f} s"]
    lines.append(f"  sections {report.sections} · chunks {report.chunks} · "
                 f"sentences {report.sentences} · glossary terms {report.glossary_terms} · "
                 f"commitments {report.commitments}")
    if report.written:
        lines.append(f"  embedded {report.embedded} texts; reused {report.reused} vectors "
                     "(unchanged since the previous build, or duplicate text)")
    else:
        lines.append("  nothing changed since the last build; kept it (use --force to rebuild)")
    if report.chunk_words:
        p = np.percentile(report.chunk_words, [0, 10, 50, 90, 100]).round().astype(int)
        small = sum(1 for w in report.chunk_words if w < 80)
        lines.append(f"  chunk sizes (words): min {p[0]} · p10 {p[1]} · median {p[2]} · "
                     f"p90 {p[3]} · max {p[4]} · {small} under 80 (short sections)")
    for doc_id, count in report.per_document[:PER_DOCUMENT_LINES]:
        lines.append(f"    {doc_id}: {count} chunks")
    if len(report.per_document) > PER_DOCUMENT_LINES:
        lines.append(f"    ... and {len(report.per_document) - PER_DOCUMENT_LINES} more documents "
                     "(each listed in the build's manifest.json)")
    for name in report.derived:
        lines.append(f"  note: {name} has no entry in manifest.toml; title taken from the file, date unknown")
    for name in report.missing:
        lines.append(f"  warning: manifest.toml lists {name}, which is not in the folder")
    for skipped in report.skipped:
        lines.append(f"  warning: skipped {skipped.file}: {skipped.reason}")
    return "\n".join(lines)


def open_assistant(settings: Settings, reranker: str | None = None):
    """Load the index (checked first, so a missing one fails fast) and then the models; the
    reranker setting can be overridden ("none" to train one)."""
    from retriever.assistant import Assistant
    from retriever.index import load_index
    from retriever.reranker import load_reranker

    index = load_index(settings.index_dir, settings.model)
    return Assistant(index, query_embedder(settings),
                     reranker=load_reranker(reranker or settings.reranker, settings.model))


def query_embedder(settings: Settings) -> SentenceTransformerEmbedder:
    """The model that encodes questions, as the settings ask (one thread, cache, adapter)."""
    return SentenceTransformerEmbedder(settings.model, settings.batch_size, QUERY_THREADS,
                                       cache_size=settings.query_cache,
                                       query_adapter=settings.query_adapter)


def run_ask(args: argparse.Namespace, settings: Settings) -> int:
    """`scrutiny ask`: the answer, then its numbered citations."""
    from retriever.search import Filters

    assistant = open_assistant(settings)
    filters = Filters(doc_ids=tuple(args.doc)) if args.doc else None
    check_doc_ids(args.doc, assistant.index.documents)
    answer = assistant.ask(args.question, args.history, top_k=settings.top_k, mode=settings.mode,
                           filters=filters)
    if args.json:
        print(json.dumps(answer.to_json(), ensure_ascii=False, indent=2))
        return 0
    print(format_answer(answer))
    return 0


def run_search(args: argparse.Namespace, settings: Settings) -> int:
    """`scrutiny search`: ranked passages with their scores."""
    from retriever.assistant import passage_of
    from retriever.search import Filters

    if not 1 <= args.k <= 50:
        raise SettingsError(f"--k must be 1-50, got {args.k}")
    assistant = open_assistant(settings)
    check_doc_ids(args.doc, assistant.index.documents)
    result = assistant.search(args.question, k=args.k, mode=settings.mode,
                              filters=Filters(doc_ids=tuple(args.doc)) if args.doc else None)
    if args.json:
        print(json.dumps({"query": result.query.text, "mode": settings.mode,
                          "passages": [asdict(passage_of(assistant.index, h)) for h in result.hits]},
                         ensure_ascii=False, indent=2))
        return 0
    print(f"query: {result.query.text}  ({settings.mode}, {result.timings_ms['search']:.0f} ms)")
    for hit in result.hits:
        meta = assistant.index.documents[hit.chunk.doc_id].meta
        print(f"\n{hit.rank:>2}. {meta.title} ({meta.date or 'undated'})  score {hit.score:.4f}")
        if hit.chunk.section:
            print(f"    § {hit.chunk.section}")
        print(textwrap.indent(textwrap.shorten(" ".join(hit.chunk.text.split()), 300), "    "))
    return 0


def format_answer(answer) -> str:
    """The answer as a person reads it in a terminal."""
    lines = [answer.answer]
    if answer.query != answer.question:
        lines.append(f"(searched: {answer.query})")
    if answer.abstained:
        lines.append(f"Reason: {answer.reason}. Nearest passages:")
        for passage in answer.passages[:3]:
            lines.append(f"  - {passage.title} § {passage.section or '-'}: "
                         f"{textwrap.shorten(' '.join(passage.text.split()), 160)}")
        return "\n".join(lines)
    lines.append("")
    for c in answer.citations:
        where = ", ".join(x for x in (c.date or "undated", c.section and f"§ {c.section}",
                                      c.page and f"p. {c.page}") if x)
        lines.append(f"[{c.n}] {c.title} ({where})")
        lines.append(f"    “{' '.join(c.quote.split())}”")
    return "\n".join(lines)


