"""Build the index: load, clean, structure, chunk, embed (reusing what is unchanged), write."""

from __future__ import annotations

import hashlib
import logging
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import numpy as np

from indexer.chunking import ChunkingParams, chunk_document
from indexer.commitments import extract_commitments
from indexer.cleaning import clean_text
from indexer.corpus import CorpusFile, list_corpus, slugify
from indexer.dense_index import EXACT_MAX_CHUNKS, index_kind, planned_kind
from indexer.embedding import Embedder
from indexer.errors import IndexMismatch, IndexMissing, UnreadableDocument
from indexer.glossary import extract_glossary
from indexer.loaders import derive_title, load_file
from indexer.schema import Chunk, Commitment, Document, DocumentMeta, GlossaryEntry, PageSpan, Sentence
from indexer.store import FORMAT_VERSION, IndexData, current_build, read_current, read_vectors, write_build
from indexer.structure import find_sections
from indexer.tokenizer import TOKENIZER_VERSION

log = logging.getLogger(__name__)

ProgressFn = Callable[[str, int, int], None]  # (label, done, total)


@dataclass(frozen=True)
class SkippedFile:
    """A corpus file left out of the index, and why."""

    file: str
    reason: str


@dataclass(frozen=True)
class BuildReport:
    """What a build did, for the CLI summary and the benchmark."""

    index_dir: Path
    build_dir: Path
    written: bool  # False when the corpus was unchanged and the current build was kept
    documents: int
    sections: int
    chunks: int
    sentences: int
    glossary_terms: int
    embedded: int  # texts sent to the model in this run
    reused: int  # vectors not computed in this run (previous build, or a duplicate text)
    seconds: float
    chunk_words: tuple[int, ...] = ()
    skipped: tuple[SkippedFile, ...] = ()
    derived: tuple[str, ...] = ()  # files indexed without a manifest entry
    missing: tuple[str, ...] = ()  # manifest entries whose file is absent
    per_document: tuple[tuple[str, int], ...] = field(default=())  # (doc_id, chunks)
    commitments: int = 0  # records of the commitments register


def build_index(corpus_dir: Path, index_dir: Path, model_name: str,
                make_embedder: Callable[[], Embedder],
                params: ChunkingParams = ChunkingParams(),
                progress: ProgressFn | None = None, force: bool = False,
                exact_max: int = EXACT_MAX_CHUNKS) -> BuildReport:
    """Index every readable file of corpus_dir into index_dir; the model loads only if needed.
    Up to exact_max chunks the dense index is exact (flat inner product), above it HNSW."""
    started = time.perf_counter()
    listing = list_corpus(corpus_dir)
    documents, skipped = _load_documents(listing.files)
    chunks, sentences, glossary = _analyse(documents, params)
    commitments = [c for document in documents for c in extract_commitments(document)]
    chunk_texts = [embedding_text(chunk) for chunk in chunks]
    texts = {d.doc_id: d.text for d in documents}
    sentence_texts = [" ".join(texts[s.doc_id][s.start:s.end].split()) for s in sentences]
    chunk_keys = [vector_key(model_name, text) for text in chunk_texts]
    sentence_keys = [vector_key(model_name, text) for text in sentence_texts]
    previous = _previous_build(index_dir)
    chunk_counts = Counter(c.doc_id for c in chunks)
    report = dict(index_dir=index_dir, documents=len(documents),
                  sections=sum(len(d.sections) for d in documents), chunks=len(chunks),
                  sentences=len(sentences), glossary_terms=len(glossary),
                  chunk_words=tuple(len(c.text.split()) for c in chunks), skipped=tuple(skipped),
                  derived=tuple(d.meta.file for d in documents if d.meta.derived),
                  missing=listing.missing, commitments=len(commitments),
                  per_document=tuple((d.doc_id, chunk_counts[d.doc_id]) for d in documents))
    if previous is not None and not force and _unchanged(previous, documents, chunk_keys,
                                                         sentence_keys, glossary, params, commitments) \
            and index_kind(previous.dense) == planned_kind(len(chunks), exact_max):
        return BuildReport(build_dir=previous.build_dir, written=False, embedded=0, reused=0,
                           seconds=time.perf_counter() - started, **report)
    cache = _vector_cache(previous, index_dir)
    embedder: list[Embedder] = []

    def embed(label: str, texts: list[str], keys: list[str]) -> tuple[np.ndarray, int]:
        todo, queued = [], set()
        for i, key in enumerate(keys):  # each distinct text once
            if key not in cache and key not in queued:
                todo.append(i)
                queued.add(key)
        if todo:
            if not embedder:
                embedder.append(make_embedder())
            done = 0

            def tick(count: int) -> None:
                nonlocal done
                done += count
                if progress:
                    progress(label, done, len(todo))
            fresh = embedder[0].embed_documents([texts[i] for i in todo], progress=tick)
            for index, vector in zip(todo, fresh):
                cache[keys[index]] = vector
        dimension = next(iter(cache.values())).shape[0] if cache else 0
        vectors = np.stack([cache[k] for k in keys]) if keys else np.zeros((0, dimension), np.float32)
        return vectors.astype(np.float32), len(todo)

    chunk_vectors, embedded_chunks = embed("passages", chunk_texts, chunk_keys)
    sentence_vectors, embedded_sentences = embed("sentences", sentence_texts, sentence_keys)
    embedded = embedded_chunks + embedded_sentences
    manifest = _manifest(model_name, chunk_vectors.shape[1], params, documents, chunks, chunk_counts,
                         sentences, glossary, time.perf_counter() - started, commitments)
    build_dir = write_build(index_dir, manifest, documents, chunks, sentences, glossary,
                            chunk_vectors, sentence_vectors, chunk_keys, sentence_keys, commitments,
                            exact_max=exact_max)
    return BuildReport(build_dir=build_dir, written=True, embedded=embedded,
                       reused=len(chunk_keys) + len(sentence_keys) - embedded,
                       seconds=time.perf_counter() - started, **report)


def embedding_text(chunk: Chunk) -> str:
    """What the model sees for a passage: its section title, then its words."""
    heading = chunk.section.rsplit(" > ", 1)[-1] if chunk.section else ""
    body = " ".join(chunk.text.split())
    return f"{heading}: {body}" if heading and not body.startswith(heading[:20]) else body


def vector_key(model_name: str, text: str) -> str:
    """Cache key of one embedded text: the model and the exact text."""
    return hashlib.sha256(f"{model_name}\n{text}".encode("utf-8")).hexdigest()


def prepare_document(meta: DocumentMeta, pages: tuple[str, ...], paged: bool) -> Document:
    """Clean each page, join them, and find the sections."""
    cleaned = [clean_text(page) for page in pages]
    text, spans, offset = "", [], 0
    for number, page in enumerate(cleaned, start=1):
        if text and page:
            text += "\n"
        offset = len(text)
        text += page
        spans.append(PageSpan(number=number, start=offset, end=len(text)))
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return Document(meta=meta, text=text, content_hash=digest, sections=find_sections(text),
                    pages=tuple(spans) if paged else ())


def _load_documents(files: tuple[CorpusFile, ...]) -> tuple[list[Document], list[SkippedFile]]:
    documents, skipped, used_ids = [], [], set()
    for corpus_file in files:
        try:
            loaded = load_file(corpus_file.path)
        except UnreadableDocument as error:
            log.warning("%s", error)
            skipped.append(SkippedFile(corpus_file.path.name, error.reason))
            continue
        meta = corpus_file.meta or _derived_meta(corpus_file.path, loaded.pages, used_ids)
        document = prepare_document(meta, loaded.pages, loaded.paged)
        if not document.text.strip():
            skipped.append(SkippedFile(corpus_file.path.name, "no text left after cleaning"))
            continue
        used_ids.add(meta.doc_id)
        documents.append(document)
    return documents, skipped


def _derived_meta(path: Path, pages: tuple[str, ...], used_ids: set[str]) -> DocumentMeta:
    doc_id, suffix = slugify(path.stem), 2
    while doc_id in used_ids:
        doc_id, suffix = f"{slugify(path.stem)}-{suffix}", suffix + 1
    title = derive_title("\n".join(pages[:2]), fallback=path.stem)
    return DocumentMeta(doc_id=doc_id, file=path.name, title=title, derived=True)


def _analyse(documents: list[Document], params: ChunkingParams
             ) -> tuple[list[Chunk], list[Sentence], list[GlossaryEntry]]:
    chunks: list[Chunk] = []
    sentences: list[Sentence] = []
    glossary: list[GlossaryEntry] = []
    for document in documents:
        doc_chunks = chunk_document(document.doc_id, document.text, document.sections,
                                    document.pages, params)
        seen: set[tuple[int, int]] = set()
        for chunk in doc_chunks:
            for start, end in chunk.sentence_spans:
                if (start, end) not in seen:
                    seen.add((start, end))
                    sentences.append(Sentence(document.doc_id, start, end, chunk.ordinal))
        chunks.extend(doc_chunks)
        glossary.extend(extract_glossary(document.text, document.doc_id))
    return chunks, sentences, glossary


def _previous_build(index_dir: Path) -> IndexData | None:
    try:
        return read_current(index_dir)
    except (IndexMissing, IndexMismatch) as error:
        log.info("no reusable previous build: %s", error)
        return None


def _vector_cache(previous: IndexData | None, index_dir: Path) -> dict[str, np.ndarray]:
    """Vectors of the current build by key (keys include the model, so none leak across): from
    the previous build already read, or else read from a build of any format, so an upgrade does
    not embed the corpus again."""
    if previous is not None:  # memory-mapped: only the rows reused are copied
        cache = dict(zip(previous.chunk_keys, np.asarray(previous.chunk_vectors)))
        cache.update(zip(previous.sentence_keys, np.asarray(previous.sentence_vectors)))
        return cache
    try:
        return read_vectors(current_build(index_dir))
    except (IndexMissing, IndexMismatch) as error:
        log.info("no reusable vectors: %s", error)
        return {}


def _unchanged(previous: IndexData, documents: list[Document], chunk_keys: list[str],
               sentence_keys: list[str], glossary: list[GlossaryEntry], params: ChunkingParams,
               commitments: list[Commitment]) -> bool:
    manifest = previous.manifest
    return (manifest.get("tokenizer_version") == TOKENIZER_VERSION
            and manifest.get("chunking") == params.as_dict()
            and list(previous.chunk_keys) == chunk_keys
            and list(previous.sentence_keys) == sentence_keys
            and list(previous.glossary) == glossary
            and list(previous.commitments) == commitments
            and list(previous.documents) == documents)


def _manifest(model_name: str, dimension: int, params: ChunkingParams, documents: list[Document],
              chunks: list[Chunk], chunk_counts: Counter[str], sentences: list[Sentence],
              glossary: list[GlossaryEntry], seconds: float,
              commitments: list[Commitment] | None = None) -> dict[str, object]:
    return {
        "format_version": FORMAT_VERSION,
        "model": {"name": model_name, "dimension": dimension},
        "tokenizer_version": TOKENIZER_VERSION,
        "chunking": params.as_dict(),
        "documents": [{"doc_id": d.doc_id, "file": d.meta.file, "title": d.meta.title,
                       "content_hash": d.content_hash,
                       "chunks": chunk_counts[d.doc_id]} for d in documents],
        "counts": {"documents": len(documents), "sections": sum(len(d.sections) for d in documents),
                   "chunks": len(chunks), "sentences": len(sentences), "glossary": len(glossary),
                   "commitments": len(commitments or [])},
        "build_seconds": round(seconds, 2),
        "built_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
    }
