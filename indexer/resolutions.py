"""Resolutions: what a committee RESOLVED, one record per numbered item, noting items left out.

Minutes set a resolution out as "RESOLVED: That" followed by items "(1)", "(2)", ..., often with
the next minute's number flattened in between. An item that only notes something ("To note
...", "... be noted;", minutes "taken as read and signed") commits nobody and is skipped; one
that asks for something ("a report be submitted to the June 2022 meeting of the Committee")
is kept, with the named meeting as its deadline.
"""

from __future__ import annotations

import re

from indexer.deadlines import find_deadline
from indexer.schema import Commitment
from indexer.table_lines import Line, is_sentence_end, lines_of

_RESOLVED_RE = re.compile(r"^\s*(?:RESOLVED|Resolved)\s*(?::|–|-)\s*")
_MARKER_RE = re.compile(r"^\s*\((?:\d{1,2}|[a-z]|[ivx]{1,4})\)\s*")
_MINUTE_NUMBER_RE = re.compile(r"^\s*\d{1,4}\.\s*$")
_NOTING_RE = re.compile(
    r"^(?:that\s+)?(?:to\s+)?note\b|\bbe(?:ing)?\s+noted[.;,]?\s*(?:and)?\s*$|taken as read and signed",
    re.IGNORECASE)
_MAX_LINES = 40


def extract_resolutions(text: str) -> list[Commitment]:
    """The items of every RESOLVED paragraph that commit someone to something."""
    lines = lines_of(text)
    records = []
    for line in lines:
        match = _RESOLVED_RE.match(line.text)
        if match is None:
            continue
        for start, end in _items(lines, line.index, line.start + match.end()):
            words = " ".join(text[start:end].split())
            if not words or _NOTING_RE.search(words.rstrip(".;, ")):
                continue
            due = find_deadline(words)
            records.append(Commitment(
                id="", kind="resolution", doc_id="", text=words, quote="", start=start, end=end,
                deadline=due.text if due else None, due=due.due if due else None,
                due_label=due.label if due else None))
    return records


def _items(lines: list[Line], index: int, body_start: int) -> list[tuple[int, int]]:
    """Spans of the resolution's items (one span when it has no numbered items)."""
    items: list[list[int]] = [[body_start, body_start]]
    cursor = index
    while cursor < len(lines) and cursor - index < _MAX_LINES:
        line = lines[cursor]
        start = body_start if cursor == index else line.start
        stripped = line.text[start - line.start:].strip()
        if cursor > index and (not stripped or _MINUTE_NUMBER_RE.match(line.text)):
            cursor += 1
            continue
        if cursor > index and _RESOLVED_RE.match(line.text):
            break
        marker = _MARKER_RE.match(line.text)
        if marker:
            item_start = line.start + marker.end()
            items.append([item_start, line.end if line.text[marker.end():].strip() else item_start])
        elif cursor > index and _finished(lines, items, cursor):
            break
        elif stripped:
            lead = line.start + len(line.text) - len(line.text.lstrip()) if cursor > index else start
            if items[-1][0] == items[-1][1]:
                items[-1][0] = lead
            items[-1][1] = line.end
        cursor += 1
    spans = [(a, b) for a, b in items if b > a]
    if len(items) > 1:  # "RESOLVED: That" introducing numbered items: the lead is not an item
        spans = [(a, b) for a, b in items[1:] if b > a]
    return spans


def _finished(lines: list[Line], items: list[list[int]], cursor: int) -> bool:
    """The resolution is over when its last item has ended a sentence and no item follows."""
    last_start, last_end = items[-1]
    if last_end <= last_start:
        return False
    previous = next(line for line in reversed(lines[:cursor]) if line.start < last_end)
    return is_sentence_end(previous.text[: last_end - previous.start].strip())
