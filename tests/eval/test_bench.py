"""The benchmark: synthetic corpus, derived vectors, and `scrutiny bench` end to end on a tiny size."""

import json
import random
import shutil

import numpy as np
import pytest

from eval.bench import BenchError, parse_sizes, target_chunks
from eval.bench_report import readme_section, render_performance
from eval.synthetic import copies_for, make_corpus, perturb
from indexer.corpus import list_corpus
from scrutiny.cli import main
from scrutiny.bench_cmd import DEFAULT_OUT, ROOT

LETTER = "004_b239aaae5a7539da.txt"


@pytest.fixture
def tiny_corpus(tmp_path, corpus_dir):
    """The shortest bundled document alone, with its manifest entry."""
    folder = tmp_path / "tiny"
    folder.mkdir()
    shutil.copyfile(corpus_dir / LETTER, folder / LETTER)
    manifest = (corpus_dir / "manifest.toml").read_text(encoding="utf-8")
    entry = next(block for block in manifest.split("[[document]]") if LETTER in block)
    (folder / "manifest.toml").write_text("[[document]]" + entry, encoding="utf-8")
    return folder


def test_synthetic_corpus_keeps_the_originals_and_adds_perturbed_copies(tmp_path, corpus_dir):
    made = make_corpus(corpus_dir, tmp_path / "syn", copies=3)
    listing = list_corpus(made.corpus_dir)
    ids = [f.meta.doc_id for f in listing.files]
    assert made.documents == len(ids) == 5 * 4
    assert set(made.originals) <= set(ids) and len(made.originals) == 5
    for original in list_corpus(corpus_dir).files:
        assert (made.corpus_dir / original.meta.file).read_bytes() == original.path.read_bytes()
        copy = (made.corpus_dir / original.meta.file.replace(".txt", "_copy0001.txt")).read_text()
        text = original.path.read_text()
        assert copy != text and abs(len(copy) - len(text)) < 0.05 * len(text)
    assert {f.meta.doc_id for f in listing.files if f.meta.doc_id.endswith("-copy-0003")}


def test_perturbation_renames_entities_changes_numbers_and_shuffles_paragraphs():
    text = "\n\n".join(f"Paragraph {i}: Harrow Council spent 4500 pounds in Westminster." for i in range(8))
    changed = perturb(text, random.Random(1))
    assert changed != text
    assert sorted(changed.split("\n\n")) != changed.split("\n\n") or "Harrow" not in changed
    assert "Harrow" not in changed or "Westminster" not in changed  # both names are renamed
    assert "4500" in changed and any(n not in text for n in changed.split() if n.isdigit())


def test_sizes_are_parsed_and_turned_into_copies():
    assert parse_sizes("seed, 20k,100000") == ("seed", "20k", "100000")
    assert target_chunks("20k") == 20_000 and target_chunks("seed") is None
    assert copies_for(20_000, 489) == 40 and copies_for(100, 489) == 0
    with pytest.raises(BenchError, match="20k"):
        parse_sizes("big")


def test_bench_command_on_a_tiny_size_writes_json_with_every_field(tmp_path, tiny_corpus, capsys):
    out = tmp_path / "bench.json"
    questions = tmp_path / "questions.jsonl"  # a few questions keep the test short
    lines = (ROOT / "eval" / "questions.jsonl").read_text(encoding="utf-8").splitlines()
    questions.write_text("\n".join([l for l in lines if LETTER in l][:6] + lines[:2]) + "\n")
    code = main(["bench", "--sizes", "seed,60", "--out", str(out), "--corpus-dir", str(tiny_corpus),
                 "--questions", str(questions),
                 "--work-dir", str(tmp_path / "work"), "--http-seconds", "1"])
    assert code == 0
    data = json.loads(out.read_text())
    assert {"machine", "commit", "settings", "method", "load_average_start", "load_average_end",
            "sizes"} <= set(data)
    seed, bigger = data["sizes"]
    assert seed["size"] == "seed" and bigger["chunks"] > seed["chunks"] * 2
    assert bigger["copies_per_document"] == copies_for(60, seed["chunks"])
    for row in (seed, bigger):
        build = row["build"]
        assert build["cold_seconds"] > 0 and build["unchanged_written"] is False
        assert 0 < build["one_changed_embedded"] < row["chunks"] + row["sentences"]
        assert row["index_mb"] > 0 and row["server_rss_mb"] > 100 and row["load_seconds"] >= 0
        for name in ("search_ms", "ask_ms"):
            assert row[name]["p50"] <= row[name]["p95"] <= row[name]["p99"]
        assert [h["clients"] for h in row["http"]] == [1, 4, 16]
        assert all(h["errors"] == 0 and h["requests"] > 0 for h in row["http"])
        assert row["dense_index"] == "exact" and row["dense_recall@10"] == 1.0
        assert 0 <= row["hit@5"] <= row["hit@5_any_copy"] <= 1
    assert seed["hit@5"] == seed["hit@5_any_copy"]  # the seed has no copies
    assert bigger["hit@5_any_copy"] > 0.5  # the evidence is still found among the copies
    assert seed["build"]["cold_extrapolated"] is False and bigger["build"]["cold_extrapolated"] is True
    assert "extrapolated" in capsys.readouterr().out


def test_derived_vectors_are_close_to_their_originals_and_unit_length(tmp_path, bundled_index):
    from eval.derived_vectors import DerivedEmbedder
    from indexer.store import current_build, read_build

    seed = read_build(current_build(bundled_index))
    derived = DerivedEmbedder(seed)
    original = derived.originals[10]
    vectors = derived.embed_documents([original, original.replace("the", "a") + " Zorbledon"])
    assert np.array_equal(vectors[0], np.asarray(seed.chunk_vectors[10]))
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert float(vectors[1] @ vectors[0]) > 0.8


def test_readme_performance_section_matches_the_committed_bench_json():
    data = json.loads(DEFAULT_OUT.read_text(encoding="utf-8"))
    assert readme_section(ROOT / "README.md") == render_performance(data)
