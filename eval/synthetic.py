"""A larger corpus for the benchmark: the bundled documents plus perturbed copies of them.

Each copy renames entities (capitalised words, consistently within the copy), changes numbers
and shuffles paragraphs locally, so BM25 statistics (document frequencies, lengths, rare names)
stay realistic instead of every word being 200 times as common. The originals are kept
unchanged, under their own doc_ids, so the evaluation questions still have their answers.
"""

from __future__ import annotations

import json
import random
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from indexer.corpus import list_corpus
from indexer.loaders import load_file
from indexer.schema import DocumentMeta

_CAPITALISED_RE = re.compile(r"\b[A-Z][a-z]{4,}\b")
_NUMBER_RE = re.compile(r"\b\d{2,}\b")
_SYLLABLES = ("bar", "wen", "dor", "mil", "ash", "ton", "kel", "rid", "ford", "ley", "ham", "vale",
              "brook", "stan", "mor", "ing", "cott", "wick", "hurst", "den")
RENAMED_PER_COPY = 25  # capitalised words renamed in each copy
COPY_MARK = "-copy-"  # a copy's doc_id is the original's, this, and its number


def original_doc_id(doc_id: str) -> str:
    """The doc_id of the bundled document a copy was made from (itself for an original)."""
    return doc_id.split(COPY_MARK, 1)[0]
SHUFFLE_WINDOW = 4  # paragraphs shuffled within groups of this many


@dataclass(frozen=True)
class SyntheticCorpus:
    """Where the corpus was written, how many copies of each original, and the doc_ids."""

    corpus_dir: Path
    copies: int
    originals: tuple[str, ...]  # doc_ids of the bundled documents, unchanged
    documents: int


def copies_for(target_chunks: int, seed_chunks: int) -> int:
    """Copies of the whole seed corpus needed to reach about target_chunks chunks in total."""
    if seed_chunks <= 0:
        raise ValueError(f"seed_chunks must be positive, got {seed_chunks}")
    return max(0, -(-(target_chunks - seed_chunks) // seed_chunks))


def make_corpus(seed_dir: Path, out_dir: Path, copies: int, seed: int = 0) -> SyntheticCorpus:
    """Write the seed documents and `copies` perturbed copies of each into out_dir."""
    listing = list_corpus(seed_dir)
    if out_dir.exists():
        shutil.rmtree(out_dir)
    out_dir.mkdir(parents=True)
    entries: list[DocumentMeta] = []
    originals = []
    for corpus_file in listing.files:
        meta = corpus_file.meta
        if meta is None:
            continue  # the bundled corpus lists every file; an unlisted one is not replicated
        shutil.copyfile(corpus_file.path, out_dir / meta.file)
        entries.append(meta)
        originals.append(meta.doc_id)
        text = "\n".join(load_file(corpus_file.path).pages)
        for number in range(1, copies + 1):
            rng = random.Random(f"{seed}:{meta.doc_id}:{number}")
            name = f"{Path(meta.file).stem}_copy{number:04d}.txt"
            (out_dir / name).write_text(perturb(text, rng), encoding="utf-8")
            entries.append(DocumentMeta(
                doc_id=f"{meta.doc_id}{COPY_MARK}{number:04d}", file=name,
                title=f"{meta.title} (synthetic copy {number})", publisher=meta.publisher,
                date=meta.date, kind=meta.kind))
    (out_dir / "manifest.toml").write_text(_manifest(entries), encoding="utf-8")
    return SyntheticCorpus(out_dir, copies, tuple(originals), len(entries))


def perturb(text: str, rng: random.Random) -> str:
    """Rename some capitalised words, change some numbers, shuffle paragraphs in small groups."""
    names = sorted(set(_CAPITALISED_RE.findall(text)))
    renamed = {word: _invented_name(rng) for word in rng.sample(names, min(RENAMED_PER_COPY, len(names)))}
    text = _CAPITALISED_RE.sub(lambda m: renamed.get(m.group(0), m.group(0)), text)
    text = _NUMBER_RE.sub(lambda m: _changed_number(m.group(0), rng), text)
    paragraphs = text.split("\n\n")
    shuffled: list[str] = []
    for begin in range(0, len(paragraphs), SHUFFLE_WINDOW):
        group = paragraphs[begin:begin + SHUFFLE_WINDOW]
        rng.shuffle(group)
        shuffled.extend(group)
    return "\n\n".join(shuffled)


def _invented_name(rng: random.Random) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()


def _changed_number(digits: str, rng: random.Random) -> str:
    if rng.random() < 0.5:
        return digits
    first = str(rng.randint(1, 9))
    return first + "".join(str(rng.randint(0, 9)) for _ in digits[1:])


def _manifest(entries: list[DocumentMeta]) -> str:
    lines = ["# Synthetic benchmark corpus: the bundled documents plus perturbed copies "
             "(eval/synthetic.py).", ""]
    for meta in entries:
        lines.append("[[document]]")
        for key in ("file", "doc_id", "title", "publisher", "date", "kind"):
            value = getattr(meta, key)
            if value:
                lines.append(f"{key} = {json.dumps(value)}")  # a JSON string is a TOML basic string
        lines.append("")
    return "\n".join(lines)
