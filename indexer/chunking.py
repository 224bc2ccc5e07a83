"""Pack sentences into passages that respect section boundaries."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from indexer.schema import Chunk, PageSpan, Section
from indexer.sentences import split_sentences


@dataclass(frozen=True)
class ChunkingParams:
    """Passage sizes in words; stored in the index manifest."""

    target_words: int = 170
    max_words: int = 250
    min_words: int = 80
    overlap_max_words: int = 40  # the last sentence is repeated if it is at most this long

    def as_dict(self) -> dict[str, int]:
        """The parameters as plain data, for the manifest."""
        return asdict(self)


def chunk_document(doc_id: str, text: str, sections: tuple[Section, ...],
                   pages: tuple[PageSpan, ...] = (),
                   params: ChunkingParams = ChunkingParams()) -> list[Chunk]:
    """Chunks of roughly target_words, never crossing a heading, each a verbatim slice."""
    chunks: list[Chunk] = []
    for seg_start, seg_end, section in _segments(text, sections):
        sentences = split_sentences(text, seg_start, seg_end)
        if not sentences:
            continue
        for group in _pack(text, sentences, params):
            start, end = group[0][0], group[-1][1]
            ordinal = len(chunks)
            chunks.append(Chunk(
                chunk_id=f"{doc_id}:{ordinal:04d}", doc_id=doc_id, ordinal=ordinal,
                section=section.path if section else None, text=text[start:end],
                start=start, end=end, page=page_at(pages, start),
                sentence_spans=tuple(group),
            ))
    return chunks


def page_at(pages: tuple[PageSpan, ...], offset: int) -> int | None:
    """The page number holding the offset, or None for unpaged documents."""
    for page in pages:
        if page.start <= offset < page.end:
            return page.number
    return pages[-1].number if pages and offset >= pages[-1].start else None


def _segments(text: str, sections: tuple[Section, ...]) -> list[tuple[int, int, Section | None]]:
    """The text between consecutive headings, each with the section it belongs to."""
    starts = sorted(sections, key=lambda s: s.start)
    segments: list[tuple[int, int, Section | None]] = []
    first = starts[0].start if starts else len(text)
    if first > 0:
        segments.append((0, first, None))
    for index, section in enumerate(starts):
        end = starts[index + 1].start if index + 1 < len(starts) else len(text)
        segments.append((section.start, end, section))
    return segments


def _pack(text: str, sentences: list[tuple[int, int]],
          params: ChunkingParams) -> list[list[tuple[int, int]]]:
    """Greedy packing to target size, with a one-sentence overlap and no tiny tail."""
    counts = [len(text[a:b].split()) for a, b in sentences]
    groups: list[list[tuple[int, int]]] = []
    current: list[int] = []
    words = 0
    for index, count in enumerate(counts):
        if current and words + count > params.max_words:
            groups.append(current)
            current = _overlap(current, counts, params)
            words = sum(counts[i] for i in current)
        current.append(index)
        words += count
        if words >= params.target_words:
            groups.append(current)
            current = _overlap(current, counts, params)
            words = sum(counts[i] for i in current)
    tail = [i for i in current if not groups or i > groups[-1][-1]]
    if tail:
        tail_words = sum(counts[i] for i in current)
        last_words = sum(counts[i] for i in groups[-1]) if groups else 0
        if groups and tail_words < params.min_words and last_words + tail_words <= params.max_words:
            groups[-1] = sorted(set(groups[-1]) | set(current))
        else:
            groups.append(current)
    return [[sentences[i] for i in group] for group in groups]


def _overlap(group: list[int], counts: list[int], params: ChunkingParams) -> list[int]:
    """Carry the last sentence into the next chunk when it is short, for context."""
    last = group[-1]
    return [last] if counts[last] <= params.overlap_max_words and len(group) > 1 else []
