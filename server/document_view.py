"""A document as display blocks: headings and paragraphs, with an optional highlighted span.

Everything here is plain text cut by slicing; the template escapes it. Nothing is ever marked
safe, so a document that contains HTML shows that HTML as text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from indexer.schema import Document, Section
from indexer.sentences import trimmed_span

_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")
_MARKDOWN_HEADING = re.compile(r"#{1,6}[ \t]+")
_WORD = re.compile(r"\w+")
_HEADING_SLACK = 40  # characters a heading may spread beyond its title (numbers, wrapping)


@dataclass(frozen=True)
class Segment:
    """A run of text, highlighted or not; `anchor` is True on the first highlighted run."""

    text: str
    marked: bool = False
    anchor: bool = False


@dataclass(frozen=True)
class Block:
    """A heading (level 1-6) or a paragraph (level 0) of the document."""

    level: int
    segments: tuple[Segment, ...]
    anchor_id: str | None = None  # id of a heading, for the contents list


@dataclass(frozen=True)
class Span:
    """A highlighted stretch of the document text."""

    start: int
    end: int


def heading_end(text: str, section: Section) -> int:
    """Where the heading of a section ends: after the last word of its title, else its line."""
    position = section.start
    limit = min(section.end, section.start + len(section.title) + _HEADING_SLACK)
    for word in _WORD.findall(section.title):
        found = text.find(word, position, limit)
        if found < 0:
            line_end = text.find("\n", section.start, section.end)
            return line_end if line_end > section.start else section.end
        position = found + len(word)
    # keep trailing punctuation of the title line ("Introduction:") inside the heading
    while position < limit and text[position] not in "\n" and not text[position].isspace():
        position += 1
    return position


def blocks_of(document: Document, highlight: Span | None = None) -> list[Block]:
    """The document as headings and paragraphs, with `highlight` split across the blocks it covers."""
    text = document.text
    cuts: list[tuple[int, int, int, str | None]] = []  # (start, end, level, anchor id)
    position = 0
    for number, section in enumerate(sorted(document.sections, key=lambda s: s.start)):
        if section.start < position or section.start >= len(text):
            continue  # overlapping or out-of-range headings are shown as ordinary text
        cuts.extend(_paragraphs(text, position, section.start))
        start = section.start
        prefix = _MARKDOWN_HEADING.match(text, start)
        if prefix:
            start = prefix.end()  # "## Key information" shows as a heading without the hashes
        end = max(heading_end(text, section), start)
        cuts.append((start, end, min(max(section.level, 1), 5), f"section-{number + 1}"))
        position = end
    cuts.extend(_paragraphs(text, position, len(text)))
    blocks = []
    anchored = False
    for start, end, level, anchor_id in cuts:
        segments = _segments(text, start, end, highlight, anchored)
        anchored = anchored or any(s.anchor for s in segments)
        if any(s.text.strip() for s in segments):
            blocks.append(Block(level, segments, anchor_id))
    return blocks


def contents_of(document: Document) -> list[tuple[str, str, int]]:
    """(anchor id, title, level) of each heading, for the contents list."""
    found = []
    position = 0
    for number, section in enumerate(sorted(document.sections, key=lambda s: s.start)):
        if section.start < position or section.start >= len(document.text):
            continue
        found.append((f"section-{number + 1}", section.title, max(section.level, 1)))
        position = heading_end(document.text, section)
    return found


def valid_span(document: Document, start: int | None, end: int | None) -> Span | None:
    """The span to highlight when it lies inside the text, else None (shown unhighlighted)."""
    if start is None or end is None or not 0 <= start < end <= len(document.text):
        return None
    return Span(start, end)


def _paragraphs(text: str, start: int, end: int) -> list[tuple[int, int, int, str | None]]:
    found = []
    position = start
    for brk in _PARAGRAPH_BREAK.finditer(text, start, end):
        found.append((position, brk.start(), 0, None))
        position = brk.end()
    found.append((position, end, 0, None))
    trimmed = []
    for s, e, level, anchor in found:
        span = trimmed_span(text, s, e)
        if span:
            trimmed.append((*span, level, anchor))
    return trimmed


def _segments(text: str, start: int, end: int, highlight: Span | None,
              anchored: bool) -> tuple[Segment, ...]:
    if highlight is None or highlight.end <= start or highlight.start >= end:
        return (Segment(text[start:end]),)
    inner_start, inner_end = max(start, highlight.start), min(end, highlight.end)
    parts = []
    if inner_start > start:
        parts.append(Segment(text[start:inner_start]))
    parts.append(Segment(text[inner_start:inner_end], marked=True, anchor=not anchored))
    if inner_end < end:
        parts.append(Segment(text[inner_end:end]))
    return tuple(parts)
