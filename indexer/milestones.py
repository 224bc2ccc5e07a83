"""Milestones: dated delivery steps such as "Quarter 2, 2018-19: adoption and publication of ...".

A milestone is a paragraph that opens with a quarter and a colon; its text runs to the end of
the paragraph (across a page break when the sentence carries on in lowercase). A quarter
alone on a line followed by bulleted items ("Quarter 3, 2018-19" / " Central East BCU ...")
is one milestone whose text is the items.
"""

from __future__ import annotations

import re

from indexer.deadlines import parse_deadline
from indexer.schema import Commitment
from indexer.table_lines import Line, is_sentence_end, lines_of

_QUARTER = r"(?:By\s+|From\s+)?(?:Quarter\s?[1-4]|Q[1-4])(?:\s?(?:and|&)\s?[1-4])?(?:,|\s+of)?\s+\d{4}\s?[-/]\s?\d{2,4}"
_OPENING_RE = re.compile(rf"^\s*(?P<when>{_QUARTER})\s*:\s*(?P<text>\S.*)$", re.IGNORECASE)
_ALONE_RE = re.compile(rf"^\s*(?P<when>{_QUARTER})\s*$", re.IGNORECASE)
_NUMBERED_HEADING_RE = re.compile(r"^\s*\d{1,2}(?:\.\d{1,2})*\.?\s+[A-Z]")


def extract_milestones(text: str) -> list[Commitment]:
    """Every 'Quarter N, YYYY-YY: ...' paragraph, and every quarter heading over a bullet list."""
    lines = lines_of(text)
    records = []
    for line in lines:
        if match := _OPENING_RE.match(line.text):
            end_line = _paragraph_end(lines, line.index)
            start = line.start + match.start("text")
            records.append(_milestone(text, match.group("when"), start, lines[end_line].end))
        elif (match := _ALONE_RE.match(line.text)) and (items := _items_below(lines, line.index)):
            records.append(_milestone(text, match.group("when"), lines[items[0]].start
                                      + len(lines[items[0]].text) - len(lines[items[0]].text.lstrip()),
                                      lines[items[1]].end))
    return records


def _milestone(text: str, when: str, start: int, end: int) -> Commitment:
    due = parse_deadline(when)
    return Commitment(
        id="", kind="milestone", doc_id="", text=" ".join(text[start:end].split()), quote="",
        start=start, end=end, deadline=" ".join(when.split()), due=due.due if due else None,
        due_label=due.label if due else None)


def _paragraph_end(lines: list[Line], index: int) -> int:
    """The last line of the paragraph opening at index (a lowercase run-on crosses one blank)."""
    last = index
    cursor = index + 1
    while cursor < len(lines):
        stripped = lines[cursor].stripped
        if not stripped:
            following = cursor + 1
            while following < len(lines) and not lines[following].stripped:
                following += 1
            run_on = (following < len(lines) and lines[following].stripped[:1].islower()
                      and not is_sentence_end(lines[last].stripped))
            if not run_on:
                break
            cursor = following
            continue
        if (_OPENING_RE.match(lines[cursor].text) or _ALONE_RE.match(lines[cursor].text)
                or _NUMBERED_HEADING_RE.match(lines[cursor].text)):
            break
        last = cursor
        cursor += 1
    return last


def _items_below(lines: list[Line], index: int) -> tuple[int, int] | None:
    """First and last line of the bulleted (indented) items under a quarter heading."""
    cursor = index + 1
    while cursor < len(lines) and not lines[cursor].stripped:
        cursor += 1
    if cursor == index + 1 or cursor >= len(lines) or not lines[cursor].text[:1].isspace():
        return None  # items sit under a blank line, indented (a table cell runs straight on)
    first = last = cursor
    while cursor < len(lines):
        line = lines[cursor]
        if line.stripped:
            previous_blank = not lines[cursor - 1].stripped
            if previous_blank and not line.text[:1].isspace():
                break
            last = cursor
        cursor += 1
    return first, last
