"""`scrutiny index` as a user runs it: summary, warnings, an unchanged second run, clear errors."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from scrutiny.cli import main


@pytest.fixture
def corpus(tmp_path: Path, corpus_dir: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    shutil.copy(corpus_dir / "004_b239aaae5a7539da.txt", folder)
    shutil.copy(corpus_dir / "manifest.toml", folder)
    (folder / "briefing.md").write_text("# Fly-tipping briefing\n\nFly tips rose in Wealdstone.\n")
    (folder / "photo.pdf").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    return folder


def test_index_prints_counts_sizes_and_warnings_then_is_up_to_date(corpus, tmp_path, capsys):
    index_dir = tmp_path / "index"
    assert main(["index", str(corpus), "--index-dir", str(index_dir)]) == 0
    out = capsys.readouterr().out
    assert "Indexed 2 documents" in out
    assert "chunks" in out and "sentences" in out and "glossary terms" in out
    assert "chunk sizes (words): min" in out
    assert "briefing.md has no entry in manifest.toml" in out
    assert "skipped photo.pdf" in out
    assert "manifest.toml lists 000_8cdff03623db9449.txt, which is not in the folder" in out
    assert main(["index", str(corpus), "--index-dir", str(index_dir)]) == 0
    assert "Up to date: 2 documents" in capsys.readouterr().out


def test_missing_corpus_folder_is_an_error_message_not_a_traceback(tmp_path, capsys):
    assert main(["index", str(tmp_path / "nope"), "--index-dir", str(tmp_path / "i")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: corpus folder") and "Traceback" not in err


def test_bad_setting_in_the_environment_is_named(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("SCRUTINY_BATCH_SIZE", "lots")
    assert main(["index", str(tmp_path), "--index-dir", str(tmp_path / "i")]) == 2
    assert "SCRUTINY_BATCH_SIZE must be a whole number" in capsys.readouterr().err


def test_the_installed_command_runs_offline(tmp_path):
    result = subprocess.run([sys.executable, "-m", "scrutiny", "ask", "anything", "--index-dir",
                             str(tmp_path / "none")], capture_output=True, text=True, timeout=120)
    assert result.returncode == 2
    assert "no index at" in result.stderr and "scrutiny index corpus --index-dir" in result.stderr


def test_a_large_archive_lists_twenty_documents_then_says_how_many_more(tmp_path):
    from indexer.build import BuildReport
    from scrutiny.commands import format_build_report

    report = BuildReport(index_dir=tmp_path, build_dir=tmp_path, written=True, documents=25, sections=0,
                         chunks=250, sentences=900, glossary_terms=0, embedded=0, reused=1150,
                         seconds=1.0, per_document=tuple((f"doc-{n:02d}", 10) for n in range(25)))
    lines = format_build_report(report, "corpus").splitlines()
    assert "    doc-19: 10 chunks" in lines and "    doc-20: 10 chunks" not in lines
    assert lines[-1] == "    ... and 5 more documents (each listed in the build's manifest.json)"
