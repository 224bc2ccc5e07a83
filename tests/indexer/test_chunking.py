"""Sentences and chunks: verbatim spans, sizes, section boundaries."""

import numpy as np

from indexer.chunking import ChunkingParams, chunk_document, page_at
from indexer.cleaning import clean_text
from indexer.schema import PageSpan
from indexer.sentences import split_sentences
from indexer.structure import find_sections


def test_sentences_split_at_full_stops_but_not_abbreviations():
    text = "Cllr. Shah chaired. Mr N Ransley was absent. The baseline is 21 per\nmonth.\n\nNext item"
    sentences = [text[a:b] for a, b in split_sentences(text)]
    assert sentences == ["Cllr. Shah chaired.", "Mr N Ransley was absent.",
                         "The baseline is 21 per\nmonth.", "Next item"]


def test_bullets_start_new_sentences():
    text = "Measures of success:\n• Increase in FPN served\n• Reduction in requests"
    assert [text[a:b] for a, b in split_sentences(text)] == [
        "Measures of success:", "• Increase in FPN served", "• Reduction in requests"]


def test_a_flattened_table_is_split_into_short_pieces():
    text = "\n".join(f"Commander Public Protection Q{i % 4 + 1} 2021/22 action {i}" for i in range(40))
    spans = split_sentences(text)
    assert len(spans) > 1
    assert all(len(text[a:b].split()) <= 60 for a, b in spans)


def test_every_chunk_slices_back_to_its_text_and_respects_sections(corpus_dir):
    for path in sorted(corpus_dir.glob("*.txt")):
        text = clean_text(path.read_text(encoding="utf-8"))
        sections = find_sections(text)
        chunks = chunk_document(path.stem, text, sections)
        assert chunks, path.name
        heading_starts = {s.start for s in sections}
        for chunk in chunks:
            assert text[chunk.start:chunk.end] == chunk.text
            assert chunk.chunk_id == f"{path.stem}:{chunk.ordinal:04d}"
            # no heading begins strictly inside a chunk: chunks never cross a section boundary
            assert not any(chunk.start < h < chunk.end for h in heading_starts)
            for start, end in chunk.sentence_spans:
                assert chunk.start <= start < end <= chunk.end


def test_chunk_sizes_are_mostly_within_80_to_250_words(corpus_dir):
    words = []
    for path in sorted(corpus_dir.glob("*.txt")):
        text = clean_text(path.read_text(encoding="utf-8"))
        words += [len(c.text.split()) for c in chunk_document(path.stem, text, find_sections(text))]
    assert max(words) <= 250 + 60  # one overlong sentence may push a chunk past the target
    assert np.median(words) >= 120
    assert sum(w < 80 for w in words) / len(words) < 0.15


def test_short_slide_lines_stay_with_their_heading(corpus_dir):
    text = clean_text((corpus_dir / "000_8cdff03623db9449.txt").read_text(encoding="utf-8"))
    chunks = chunk_document("harrow", text, find_sections(text))
    pet = next(c for c in chunks if "Baseline is 140." in c.text)
    assert pet.text.startswith("PET – SOFT LAUNCH")
    assert "Baseline is 21 per\nmonth." in pet.text
    assert pet.section == "PET – SOFT LAUNCH (FIRST THREE WEEKS)"


def test_consecutive_chunks_overlap_by_a_short_sentence():
    body = " ".join(f"Sentence number {i} talks about fly tipping in Harrow wards today." for i in range(60))
    text = "## 1. Heading\n" + body
    chunks = chunk_document("doc", text, find_sections(text), params=ChunkingParams())
    assert len(chunks) >= 3
    assert chunks[0].sentence_spans[-1] == chunks[1].sentence_spans[0]


def test_page_numbers_follow_page_spans():
    pages = (PageSpan(1, 0, 10), PageSpan(2, 10, 25))
    assert page_at(pages, 3) == 1 and page_at(pages, 12) == 2 and page_at((), 5) is None
