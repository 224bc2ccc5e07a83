"""Building the index: counts, incremental re-embedding, skipped files, atomic writes."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from indexer import store
from indexer.build import build_index
from indexer.dense_index import index_kind
from indexer.errors import IndexMismatch, IndexMissing
from indexer.store import FORMAT_VERSION, check_manifest, current_build, read_build
from retriever.index import load_index


class CountingEmbedder:
    """The real embedder, counting what it is asked to encode."""

    def __init__(self, inner) -> None:
        self.inner = inner
        self.model_name = inner.model_name
        self.dimension = inner.dimension
        self.texts: list[str] = []

    def embed_documents(self, texts, progress=None):
        self.texts.extend(texts)
        return self.inner.embed_documents(texts, progress)

    def embed_queries(self, texts):
        return self.inner.embed_queries(texts)


@pytest.fixture
def small_corpus(tmp_path: Path, corpus_dir: Path) -> Path:
    """The letter and the committee response, with their manifest entries."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    for name in ("003_b4c3ef4d699a0aaa.txt", "004_b239aaae5a7539da.txt"):
        shutil.copy(corpus_dir / name, folder / name)
    shutil.copy(corpus_dir / "manifest.toml", folder / "manifest.toml")
    return folder


def build(corpus: Path, index_dir: Path, embedder: CountingEmbedder, **kwargs):
    return build_index(corpus, index_dir, embedder.model_name, make_embedder=lambda: embedder, **kwargs)


def test_bundled_corpus_index_holds_every_part(bundled_index: Path):
    data = read_build(current_build(bundled_index))
    counts = data.manifest["counts"]
    assert counts["documents"] == 5
    assert counts["chunks"] == len(data.chunks) == data.dense.ntotal == len(data.chunk_vectors)
    assert counts["sentences"] == len(data.sentences) == len(data.sentence_vectors)
    assert data.manifest["model"] == {"name": "all-MiniLM-L6-v2", "dimension": 384}
    norms = np.linalg.norm(data.chunk_vectors, axis=1)
    assert np.allclose(norms, 1.0, atol=1e-3)
    texts = {d.doc_id: d.text for d in data.documents}
    for chunk in data.chunks:
        assert texts[chunk.doc_id][chunk.start:chunk.end] == chunk.text
    assert not list(current_build(bundled_index).glob("*.pkl"))


def test_second_run_on_an_unchanged_corpus_embeds_nothing(small_corpus, tmp_path, embedder):
    counting = CountingEmbedder(embedder)
    first = build(small_corpus, tmp_path / "index", counting)
    # every distinct text is embedded once: 003 repeats its recommendations word for word
    assert first.written and first.embedded == len(counting.texts) == len(set(counting.texts))
    assert 0.8 * (first.chunks + first.sentences) <= first.embedded <= first.chunks + first.sentences
    again = build(small_corpus, tmp_path / "index", counting)
    assert not again.written and again.embedded == 0
    forced = build(small_corpus, tmp_path / "index", counting, force=True)
    assert forced.written and forced.embedded == 0 and forced.reused == first.chunks + first.sentences
    assert len(counting.texts) == first.embedded


def test_a_new_exact_search_limit_rebuilds_the_dense_index_without_embedding(small_corpus, tmp_path,
                                                                            embedder):
    counting = CountingEmbedder(embedder)
    first = build(small_corpus, tmp_path / "index", counting)
    assert index_kind(read_build(current_build(tmp_path / "index")).dense) == "exact"
    approximate = build(small_corpus, tmp_path / "index", counting, exact_max=first.chunks - 1)
    assert approximate.written and approximate.embedded == 0
    assert index_kind(read_build(current_build(tmp_path / "index")).dense) == "hnsw"
    assert not build(small_corpus, tmp_path / "index", counting, exact_max=first.chunks - 1).written
    assert build(small_corpus, tmp_path / "index", counting).written  # back to exact


def test_changing_one_document_re_embeds_only_its_changed_texts(small_corpus, tmp_path, embedder):
    counting = CountingEmbedder(embedder)
    build(small_corpus, tmp_path / "index", counting)
    counting.texts.clear()
    letter = small_corpus / "004_b239aaae5a7539da.txt"
    letter.write_text(letter.read_text(encoding="utf-8").replace("213 written submissions",
                                                                 "214 written submissions"))
    report = build(small_corpus, tmp_path / "index", counting)
    assert report.written and 0 < report.embedded < 10
    assert all("214" in text or "Dear Susan" in text or "consultation" in text for text in counting.texts)
    data = read_build(current_build(tmp_path / "index"))
    assert any("214 written submissions" in c.text for c in data.chunks)


def test_file_without_manifest_entry_is_indexed_with_derived_metadata(small_corpus, tmp_path, embedder):
    (small_corpus / "Knife Crime Note.md").write_text(
        "# Knife crime briefing\n\nKnife crime rose by 12 per cent in the borough last year.\n")
    report = build(small_corpus, tmp_path / "index", CountingEmbedder(embedder))
    assert report.derived == ("Knife Crime Note.md",)
    data = read_build(current_build(tmp_path / "index"))
    meta = next(d.meta for d in data.documents if d.meta.file == "Knife Crime Note.md")
    assert meta.title == "Knife crime briefing" and meta.date is None and meta.derived
    assert meta.doc_id == "knife-crime-note"


def test_unreadable_files_are_skipped_and_the_rest_is_indexed(small_corpus, tmp_path, embedder):
    (small_corpus / "scan.pdf").write_bytes(b"\x00\x01\x02 not a pdf")
    (small_corpus / "empty.txt").write_text("  \n")
    (small_corpus / "notes.docx").write_bytes(b"PK\x03\x04")
    report = build(small_corpus, tmp_path / "index", CountingEmbedder(embedder))
    reasons = {s.file: s.reason for s in report.skipped}
    assert set(reasons) == {"scan.pdf", "empty.txt", "notes.docx"}
    assert "empty" in reasons["empty.txt"] and "unsupported" in reasons["notes.docx"]
    assert report.documents == 2


def test_an_interrupted_build_leaves_the_previous_index_usable(small_corpus, tmp_path, embedder,
                                                               monkeypatch):
    index_dir = tmp_path / "index"
    first = build(small_corpus, index_dir, CountingEmbedder(embedder))
    (small_corpus / "004_b239aaae5a7539da.txt").write_text("Dear Susan,\n\nA changed letter.\n")

    def crash(*args, **kwargs):
        raise KeyboardInterrupt  # the user pressed Ctrl-C while the FAISS file was written

    monkeypatch.setattr(store.faiss, "write_index", crash)
    with pytest.raises(KeyboardInterrupt):
        build(small_corpus, index_dir, CountingEmbedder(embedder))
    assert current_build(index_dir) == first.build_dir
    assert len(read_build(current_build(index_dir)).chunks) == first.chunks
    monkeypatch.undo()
    second = build(small_corpus, index_dir, CountingEmbedder(embedder))
    assert second.written and current_build(index_dir) == second.build_dir
    assert not [p for p in (index_dir / "builds").iterdir() if p.name.startswith(".tmp-")]


def test_missing_index_names_the_command_that_builds_it(tmp_path):
    with pytest.raises(IndexMissing, match="scrutiny index corpus --index-dir"):
        current_build(tmp_path / "nowhere")


def test_manifest_from_another_model_or_format_is_rejected(bundled_index):
    manifest = read_build(current_build(bundled_index)).manifest
    with pytest.raises(IndexMismatch, match="rebuild it with: scrutiny index"):
        check_manifest(manifest, bundled_index, model_name="another-model")
    with pytest.raises(IndexMismatch, match="tokenizer"):
        check_manifest(manifest, bundled_index, tokenizer_version="0")
    with pytest.raises(IndexMismatch, match="format"):
        check_manifest(dict(manifest, format_version=999), bundled_index)
    check_manifest(manifest, bundled_index, model_name="all-MiniLM-L6-v2")


@pytest.mark.parametrize("name, damage", [("sentences.npy", b"not an array"),
                                           ("term_counts.npz", b"PK not a zip"),
                                           ("terms.json", b'["only", "two"]'),
                                           ("chunks.jsonl", b"{not json")])
def test_damaged_index_files_are_reported_not_crashed(small_corpus, tmp_path, embedder, name, damage):
    index_dir = tmp_path / "index"
    build(small_corpus, index_dir, CountingEmbedder(embedder))
    (current_build(index_dir) / name).write_bytes(damage)
    with pytest.raises(IndexMismatch, match="damaged"):
        read_build(current_build(index_dir))
    manifest = json.loads((current_build(index_dir) / "manifest.json").read_text())
    assert manifest["counts"]["documents"] == 2


def test_an_older_format_asks_for_a_rebuild_which_embeds_nothing_again(small_corpus, tmp_path, embedder):
    index_dir = tmp_path / "index"
    first = build(small_corpus, index_dir, CountingEmbedder(embedder))
    manifest_file = current_build(index_dir) / "manifest.json"
    manifest_file.write_text(json.dumps(dict(json.loads(manifest_file.read_text()), format_version=1)))
    with pytest.raises(IndexMismatch, match=f"format 1, expected {FORMAT_VERSION}.*--index-dir {index_dir}$"):
        load_index(index_dir)
    again = build(small_corpus, index_dir, CountingEmbedder(embedder))
    assert again.written and again.embedded == 0 and again.reused == first.chunks + first.sentences
    assert len(load_index(index_dir).chunks) == first.chunks
