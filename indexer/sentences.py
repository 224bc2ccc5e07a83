"""Split cleaned text into sentences, kept as character spans of the document."""

from __future__ import annotations

import re

# A sentence ends at . ? ! (optionally followed by a closing quote or bracket) before
# whitespace and a capital, digit, bullet or quote; or at a blank line; or before a bullet.
_END_RE = re.compile(r"""[.?!…]["'”’)\]]*(?=\s+["'“‘(]?[A-Z0-9•£])""")
_BREAK_RE = re.compile(r"\n[ \t]*\n|\n(?=[ \t]*(?:•|-\s|o\s|\d+\.\s))")
_ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof cllr st no nos vs etc e.g i.e cf fig para paras approx dept govt "
    "jan feb mar apr jun jul aug sep sept oct nov dec ref refs inc ltd co".split()
)
_MAX_WORDS = 60  # a longer "sentence" is a flattened table: split it at line breaks


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Sentence spans (start, end) within text[start:end], whitespace trimmed, in order."""
    end = len(text) if end is None else end
    spans: list[tuple[int, int]] = []
    for block_start, block_end in _blocks(text, start, end):
        cursor = block_start
        for match in _END_RE.finditer(text, block_start, block_end):
            if _is_abbreviation(text, match.start()):
                continue
            spans.extend(_trimmed_pieces(text, cursor, match.end()))
            cursor = match.end()
        spans.extend(_trimmed_pieces(text, cursor, block_end))
    return spans


def _blocks(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Paragraph-like blocks: a blank line or a new bullet always ends a sentence."""
    blocks, cursor = [], start
    for match in _BREAK_RE.finditer(text, start, end):
        blocks.append((cursor, match.start()))
        cursor = match.end()
    blocks.append((cursor, end))
    return blocks


def _is_abbreviation(text: str, dot: int) -> bool:
    """True when the full stop at `dot` closes an abbreviation or an initial, not a sentence."""
    if text[dot] != ".":
        return False
    word_start = dot
    while word_start > 0 and (text[word_start - 1].isalpha() or text[word_start - 1] == "."):
        word_start -= 1
    word = text[word_start:dot].lower()
    return word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha() and text[word_start].isupper())


def _trimmed_pieces(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The span without surrounding whitespace; overlong spans split at line breaks."""
    trimmed = _strip(text, start, end)
    if not trimmed:
        return []
    start, end = trimmed[0]
    if len(text[start:end].split()) <= _MAX_WORDS or "\n" not in text[start:end]:
        return [(start, end)]
    pieces, piece_start, words = [], start, 0
    line_start = start
    while line_start < end:
        line_end = text.find("\n", line_start, end)
        line_end = end if line_end == -1 else line_end
        words += len(text[line_start:line_end].split())
        if words >= _MAX_WORDS // 2 or line_end == end:
            pieces.extend(_strip(text, piece_start, line_end))
            piece_start, words = line_end + 1, 0
        line_start = line_end + 1
    return pieces


def trimmed_span(text: str, start: int, end: int) -> tuple[int, int] | None:
    """text[start:end] without its surrounding whitespace, as a span; None when nothing is left."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if start < end else None


def _strip(text: str, start: int, end: int) -> list[tuple[int, int]]:
    span = trimmed_span(text, start, end)
    return [span] if span else []
