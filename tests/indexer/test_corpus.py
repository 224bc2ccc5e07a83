"""The corpus folder and its manifest."""

from pathlib import Path

import pytest

from indexer.corpus import list_corpus, read_manifest
from indexer.errors import CorpusManifestError


def test_bundled_manifest_describes_all_five_documents(corpus_dir):
    listing = list_corpus(corpus_dir)
    assert [f.path.name for f in listing.files] == sorted(p.name for p in corpus_dir.glob("*.txt"))
    assert all(f.meta is not None for f in listing.files) and not listing.missing
    letter = next(f.meta for f in listing.files if f.path.name.startswith("004"))
    assert letter.kind == "letter" and letter.date == "2022-03-23" and letter.author == "Sophie Linden"
    plan = next(f.meta for f in listing.files if f.path.name.startswith("002"))
    assert plan.author is None  # optional: a body's plan has no one author


@pytest.mark.parametrize("entry, message", [
    ('file = "a.txt"', "title"),
    ('file = "a.txt"\ntitle = "A"\ndate = "23/03/2022"', "date"),
    ('file = "a.txt"\ntitle = "A"\nkind = "memo"', "kind"),
    ('file = "a.txt"\ntitle = "A"\ncolour = "red"', "unknown field"),
    ('file = "a.txt"\ntitle = "A"\ndoc_id = "Bad Id"', "doc_id"),
])
def test_malformed_manifest_entries_name_the_problem(tmp_path: Path, entry, message):
    path = tmp_path / "manifest.toml"
    path.write_text(f"[[document]]\n{entry}\n")
    with pytest.raises(CorpusManifestError, match=message):
        read_manifest(path)


def test_invalid_toml_is_a_clear_error(tmp_path: Path):
    (tmp_path / "manifest.toml").write_text("[[document]\nfile=")
    with pytest.raises(CorpusManifestError, match="not valid TOML"):
        list_corpus(tmp_path)


def test_manifest_entry_without_its_file_is_reported(tmp_path: Path):
    (tmp_path / "manifest.toml").write_text('[[document]]\nfile = "gone.txt"\ntitle = "Gone"\n')
    (tmp_path / "here.txt").write_text("Some text.")
    listing = list_corpus(tmp_path)
    assert listing.missing == ("gone.txt",)
    assert listing.files[0].meta is None


def test_missing_corpus_folder_is_a_clear_error(tmp_path: Path):
    with pytest.raises(CorpusManifestError, match="does not exist"):
        list_corpus(tmp_path / "nope")
