"""The index directory: self-describing plain files, swapped into place atomically.

Layout: INDEX_DIR/current is a symlink to INDEX_DIR/builds/<build-id>/. A build is written in
full under a temporary name, renamed, and only then is `current` replaced (os.replace of a
symlink is atomic), so a crash mid-build leaves the previous index in use and intact.
"""

from __future__ import annotations

import json
import os
import shutil
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import faiss
import numpy as np

from indexer.dense_index import EXACT_MAX_CHUNKS, make_dense_index
from indexer.errors import IndexMismatch, IndexMissing
from indexer.schema import (Chunk, Commitment, Document, DocumentMeta, GlossaryEntry, PageSpan, Section,
                            Sentence)
from indexer.sentence_table import SentenceTable
from indexer.term_counts import TermCounts, count_chunk_terms
from indexer.vector_file import VectorFile

SENTENCES_FILE = "sentences.npy"

FORMAT_VERSION = 2  # 2: sentences as an int32 table, BM25 term counts stored with the build
CURRENT = "current"
BUILDS = "builds"
_KEEP_BUILDS = 2  # the current one and the one before it, for a server still reading it


def current_build(index_dir: Path) -> Path:
    """The folder of the build `current` points at; IndexMissing when there is none."""
    link = index_dir / CURRENT
    if not link.exists() or not (link / "manifest.json").is_file():
        raise IndexMissing(index_dir)
    return link.resolve()


def read_manifest(build_dir: Path) -> dict[str, Any]:
    """The manifest of one build."""
    try:
        return json.loads((build_dir / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as error:
        raise IndexMismatch(build_dir, f"unreadable manifest: {error}") from error


def check_manifest(manifest: dict[str, Any], index_dir: Path, *, model_name: str | None = None,
                   tokenizer_version: str | None = None) -> None:
    """Raise IndexMismatch when the index was built for another format, model or tokenizer."""
    if manifest.get("format_version") != FORMAT_VERSION:
        raise IndexMismatch(index_dir, f"format {manifest.get('format_version')}, expected {FORMAT_VERSION}")
    built_model = manifest.get("model", {}).get("name")
    if model_name is not None and built_model != model_name:
        raise IndexMismatch(index_dir, f"built with model {built_model!r}, configured {model_name!r}")
    built_tokenizer = manifest.get("tokenizer_version")
    if tokenizer_version is not None and built_tokenizer != tokenizer_version:
        raise IndexMismatch(index_dir, f"tokenizer {built_tokenizer!r}, expected {tokenizer_version!r}")


def write_build(index_dir: Path, manifest: dict[str, Any], documents: list[Document],
                chunks: list[Chunk], sentences: list[Sentence], glossary: list[GlossaryEntry],
                chunk_vectors: np.ndarray, sentence_vectors: np.ndarray,
                chunk_keys: list[str], sentence_keys: list[str],
                commitments: list[Commitment] | None = None,
                exact_max: int = EXACT_MAX_CHUNKS) -> Path:
    """Write a complete build and make it current; returns the build folder."""
    builds = index_dir / BUILDS
    builds.mkdir(parents=True, exist_ok=True)
    _remove_abandoned(builds)
    build_id = time.strftime("%Y%m%dT%H%M%S") + f"-{os.getpid()}-{time.monotonic_ns() % 10**6:06d}"
    temp = builds / f".tmp-{build_id}"
    temp.mkdir()
    _write_json(temp / "documents.json", [document_to_json(d) for d in documents])
    _write_jsonl(temp / "chunks.jsonl", [chunk_to_json(c) for c in chunks])
    SentenceTable.from_sentences(sentences, [d.doc_id for d in documents]).save(temp / SENTENCES_FILE)
    count_chunk_terms(chunks).save(temp)  # BM25 reads these counts instead of tokenising at load
    _write_json(temp / "glossary.json", [asdict(g) for g in glossary])
    _write_json(temp / "vector_keys.json", {"chunks": chunk_keys, "sentences": sentence_keys})
    _write_json(temp / "commitments.json", [commitment_to_json(c) for c in commitments or []])
    np.save(temp / "chunk_vectors.npy", chunk_vectors.astype(np.float32), allow_pickle=False)
    np.save(temp / "sentence_vectors.npy", sentence_vectors.astype(np.float32), allow_pickle=False)
    dense = make_dense_index(chunk_vectors, exact_max)  # exact up to exact_max chunks, HNSW above
    faiss.write_index(dense, str(temp / "dense.faiss"))
    _write_json(temp / "manifest.json", manifest)  # last: a build without it is incomplete
    final = builds / build_id
    temp.rename(final)
    _point_current(index_dir, final)
    _prune(builds, keep=final)
    return final


def _point_current(index_dir: Path, build: Path) -> None:
    link = index_dir / CURRENT
    temp_link = index_dir / f".{CURRENT}.tmp-{os.getpid()}"
    if temp_link.is_symlink() or temp_link.exists():
        temp_link.unlink()
    temp_link.symlink_to(Path(BUILDS) / build.name)
    os.replace(temp_link, link)


def _remove_abandoned(builds: Path) -> None:
    """Delete half-written builds left by an interrupted run."""
    for entry in builds.iterdir():
        if entry.name.startswith(".tmp-"):
            shutil.rmtree(entry, ignore_errors=True)


def _prune(builds: Path, keep: Path) -> None:
    finished = sorted((p for p in builds.iterdir() if not p.name.startswith(".")), key=lambda p: p.name)
    for old in finished[:-_KEEP_BUILDS]:
        if old != keep:
            shutil.rmtree(old, ignore_errors=True)


def _write_json(path: Path, data: Any) -> None:
    with path.open("w", encoding="utf-8") as handle:
        json.dump(data, handle, ensure_ascii=False, separators=(",", ":"))
        handle.flush()
        os.fsync(handle.fileno())


def _write_jsonl(path: Path, rows: list[dict[str, Any]]) -> None:
    with path.open("w", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
        handle.flush()
        os.fsync(handle.fileno())


def document_to_json(document: Document) -> dict[str, Any]:
    """A document as plain data."""
    return {"meta": asdict(document.meta), "text": document.text,
            "content_hash": document.content_hash,
            "sections": [asdict(s) for s in document.sections],
            "pages": [asdict(p) for p in document.pages]}


def document_from_json(data: dict[str, Any]) -> Document:
    """The inverse of document_to_json."""
    return Document(meta=DocumentMeta(**data["meta"]), text=data["text"],
                    content_hash=data["content_hash"],
                    sections=tuple(Section(**s) for s in data["sections"]),
                    pages=tuple(PageSpan(**p) for p in data["pages"]))


def chunk_to_json(chunk: Chunk) -> dict[str, Any]:
    """A chunk as plain data; its sentence spans are left out (the sentence table has them)."""
    data = asdict(chunk)
    del data["sentence_spans"]
    return data


def chunk_from_json(data: dict[str, Any]) -> Chunk:
    """The inverse of chunk_to_json (sentence_spans stay empty)."""
    data.pop("sentence_spans", None)
    return Chunk(**data)


def commitment_to_json(commitment: Commitment) -> dict[str, Any]:
    """A commitment as plain data (tuples as lists)."""
    data = asdict(commitment)
    data["numbers"], data["answers"] = list(commitment.numbers), list(commitment.answers)
    return data


def commitment_from_json(data: dict[str, Any]) -> Commitment:
    """The inverse of commitment_to_json."""
    return Commitment(**{**data, "numbers": tuple(data.get("numbers", ())),
                         "answers": tuple(data.get("answers", ()))})


@dataclass(frozen=True)
class IndexData:
    """Everything one build holds, parsed: what the retriever loads."""

    build_dir: Path
    manifest: dict[str, Any]
    documents: tuple[Document, ...]
    chunks: tuple[Chunk, ...]
    sentences: SentenceTable  # int32 columns; a Sentence is made when one is read
    glossary: tuple[GlossaryEntry, ...]
    chunk_vectors: VectorFile  # rows read on demand; np.asarray() maps the whole matrix
    sentence_vectors: VectorFile
    chunk_keys: tuple[str, ...]
    sentence_keys: tuple[str, ...]
    dense: Any  # faiss.Index
    term_counts: TermCounts  # BM25's term counts per chunk
    commitments: tuple[Commitment, ...] = ()  # the commitments register (commitments.json)
    has_register: bool = False  # False for a build made before the register existed

    def require_register(self) -> tuple[Commitment, ...]:
        """The commitments register; IndexMismatch (rebuild) for a build made before it existed."""
        if not self.has_register:
            index_dir = self.build_dir.parent.parent  # builds live in INDEX_DIR/builds/
            raise IndexMismatch(index_dir, "built before the commitments register existed")
        return self.commitments


def read_build(build_dir: Path, vector_keys: bool = True) -> IndexData:
    """Every file of a build, parsed (vectors as numpy arrays, the FAISS index loaded).
    vector_keys=False leaves out the embedding cache keys, which only a re-build needs (at 100k
    chunks they are 836k hex strings, ~100 MB a server would hold for nothing)."""
    def load(name: str) -> Any:
        return json.loads((build_dir / name).read_text(encoding="utf-8"))

    try:
        manifest = read_manifest(build_dir)
        check_manifest(manifest, build_dir)  # older formats' files would not parse
        with (build_dir / "chunks.jsonl").open(encoding="utf-8") as handle:
            chunks = tuple(chunk_from_json(json.loads(line)) for line in handle if line.strip())
        keys = load("vector_keys.json") if vector_keys else {"chunks": (), "sentences": ()}
        documents = tuple(document_from_json(d) for d in load("documents.json"))
        has_register = (build_dir / "commitments.json").is_file()
        return IndexData(
            build_dir=build_dir,
            manifest=manifest,
            documents=documents,
            chunks=chunks,
            sentences=SentenceTable.load(build_dir / SENTENCES_FILE, [d.doc_id for d in documents]),
            glossary=tuple(GlossaryEntry(**g) for g in load("glossary.json")),
            # read row by row when asked for: a question needs a few thousand of 800k rows
            chunk_vectors=VectorFile(build_dir / "chunk_vectors.npy"),
            sentence_vectors=VectorFile(build_dir / "sentence_vectors.npy"),
            chunk_keys=tuple(keys["chunks"]),
            sentence_keys=tuple(keys["sentences"]),
            dense=faiss.read_index(str(build_dir / "dense.faiss")),
            commitments=tuple(commitment_from_json(c) for c in load("commitments.json"))
            if has_register else (),
            has_register=has_register,
            term_counts=TermCounts.load(build_dir),
        )
    except (OSError, KeyError, TypeError, ValueError, RuntimeError) as error:
        raise IndexMismatch(build_dir, f"damaged index files: {error}") from error


def read_current(index_dir: Path, vector_keys: bool = True) -> IndexData:
    """The build `current` points at, read (see read_build); IndexMissing when there is none, and
    an IndexMismatch that names the index folder, which the rebuild command takes."""
    try:
        return read_build(current_build(index_dir), vector_keys)
    except IndexMismatch as error:
        raise IndexMismatch(index_dir, error.detail) from error


def read_vectors(build_dir: Path) -> dict[str, np.ndarray]:
    """The embedding cache of a build of any format: vector key -> vector. A format change must
    not make the next build embed every text again; these three files have not changed shape."""
    try:
        keys = json.loads((build_dir / "vector_keys.json").read_text(encoding="utf-8"))
        cache: dict[str, np.ndarray] = {}
        for kind in ("chunk", "sentence"):  # memory-mapped: only the rows reused are copied
            vectors = np.load(build_dir / f"{kind}_vectors.npy", allow_pickle=False, mmap_mode="r")
            cache.update(zip(keys[f"{kind}s"], vectors))
        return cache
    except (OSError, KeyError, TypeError, ValueError) as error:
        raise IndexMismatch(build_dir, f"unreadable vectors: {error}") from error
