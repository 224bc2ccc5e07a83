"""Rows of flattened action-plan tables: the action, its owner and its deadline, put back together.

PDF extraction flattens an "action | owner | deadline" table into one stream of lines in which
the owner and deadline cells land after, before or in the middle of the action text, sometimes
several pairs stacked together, an owner sometimes split over lines. Rows are rebuilt in three
steps, none of which knows this corpus:

1. cells: a line that is only a deadline ("Q3 2021/22", "2022/23") claims the short Title Case
   lines next to it ("Commander Public" / "Protection") as its owner;
2. units: the remaining lines group into paragraphs; a new one starts with a capital after a
   sentence end, short verbless lines between them are headings;
3. pairing: units and cells are aligned in document order (monotone, so stacked cells go to
   stacked units in turn) at the least total distance; a unit left over is the continuation of
   the row just above it, or an introduction that is not a row.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

from indexer.deadlines import Due
from indexer.schema import Commitment
from indexer.table_lines import (Cell, Line, find_cells, is_heading_text, is_sentence_end, lines_of,
                                 opens_with_quote, starts_lowercase)

_CLUSTER_GAP = 40  # lines between two cells of the same table
_CONTEXT_UNITS = 4  # units considered before the first and after the last cell of a table
_MAX_DISTANCE = 6  # items between a unit and its cell
_SKIP_CELL, _SKIP_ACTION, _SKIP_OTHER = 6.0, 4.0, 1.5
_ACTION_RE = re.compile(r"\b(?:will|shall|is to be|are to be|commit)\b|^We\b", re.IGNORECASE)
_ANAPHORA_RE = re.compile(r"^(?:This|These|That|Those|It|They|Such)\b")
_LIST_ITEM_RE = re.compile(r"^\s+\S|^\s*(?:[•\-–*]|o\s)")
_NUMBERED_HEADING_RE = re.compile(r"^\s*\d{1,2}\.\s+[A-Z]")


@dataclass
class _Unit:
    """A paragraph of table text: the line indices it spans (cells excluded)."""

    lines: list[int]
    heading: bool = False
    label: str | None = None  # the heading above it, inside the table

    @property
    def first(self) -> int:
        return self.lines[0]

    @property
    def last(self) -> int:
        return self.lines[-1]


@dataclass
class _Row:
    unit: _Unit
    cell: Cell
    extra: list[int] = field(default_factory=list)  # continuation lines merged in


def extract_action_rows(text: str) -> list[Commitment]:
    """Every row of every flattened action table in the text, as 'action' commitments."""
    lines = lines_of(text)
    if _double_spaced(lines):  # every line followed by a blank one: blanks then mean nothing
        lines = [Line(i, line.start, line.end, line.text)
                 for i, line in enumerate(line for line in lines if line.stripped)]
    cells = find_cells(lines)
    if len(cells) < 2:
        return []
    claimed = {i for cell in cells for i in cell.line_indices}
    units = _units(lines, claimed, cells)
    known_owners = sorted({c.owner for c in cells if c.owner}, key=len, reverse=True)
    rows: list[_Row] = []
    for cluster in _clusters(cells):
        used = {id(row.unit) for row in rows} | {index for row in rows for index in row.extra}
        free = [u for u in units if id(u) not in used and u.first not in used]
        rows.extend(_pair(lines, free, cluster))
    return [_record(lines, row, known_owners) for row in sorted(rows, key=lambda r: r.unit.first)]


def _double_spaced(lines: list[Line]) -> bool:
    filled = [i for i, line in enumerate(lines[:-1]) if line.stripped]
    followed = sum(1 for i in filled if not lines[i + 1].stripped)
    return len(filled) >= 10 and followed >= 0.8 * len(filled)


def _units(lines: list[Line], claimed: set[int], cells: list[Cell]) -> list[_Unit]:
    """Group unclaimed, non-blank lines into paragraphs; mark the headings between them."""
    units: list[_Unit] = []
    previous: Line | None = None
    for line in lines:
        if line.index in claimed or not line.stripped or line.is_page_number:
            continue
        current = units[-1] if units else None
        if current is None or _starts_unit(line, previous, current, lines):
            units.append(_Unit([line.index], heading=bool(_NUMBERED_HEADING_RE.match(line.text))))
        else:
            current.lines.append(line.index)
        previous = line
    cell_starts = sorted(c.first for c in cells)
    label = None
    for unit in units:
        if unit.heading or _looks_like_heading(unit, lines, cell_starts):
            unit.heading = True
            label = " ".join(lines[i].stripped for i in unit.lines)
        else:
            unit.label = label
    return units


def _starts_unit(line: Line, previous: Line | None, current: _Unit, lines: list[Line]) -> bool:
    if _NUMBERED_HEADING_RE.match(line.text) and previous is not None:
        return True
    if previous is None or starts_lowercase(line.stripped):
        return previous is None
    if previous.stripped.endswith(":"):  # a list follows unless the line starts afresh
        return not _LIST_ITEM_RE.match(line.text)
    if is_sentence_end(previous.stripped) or current.heading:
        return True
    return not opens_with_quote(line.stripped) and _heading_so_far(current, lines)


def _heading_so_far(unit: _Unit, lines: list[Line]) -> bool:
    return len(unit.lines) <= 2 and is_heading_text(" ".join(lines[i].stripped for i in unit.lines))


def _looks_like_heading(unit: _Unit, lines: list[Line], cell_starts: list[int]) -> bool:
    """A short verbless unit followed by more text (not straight by a cell) is a heading."""
    if not _heading_so_far(unit, lines):
        return False
    following = next((i for i in range(unit.last + 1, len(lines)) if lines[i].stripped), None)
    return following is not None and following not in cell_starts


def _clusters(cells: list[Cell]) -> list[list[Cell]]:
    clusters: list[list[Cell]] = []
    for cell in cells:
        if clusters and cell.first - clusters[-1][-1].last <= _CLUSTER_GAP:
            clusters[-1].append(cell)
        else:
            clusters.append([cell])
    return [c for c in clusters if len(c) >= 2]


def _pair(lines: list[Line], units: list[_Unit], cells: list[Cell]) -> list[_Row]:
    """Align a table's units with its cells; merge left-over continuation units into rows."""
    candidates = _candidate_units(units, cells)
    matches = _align(lines, candidates, cells)
    rows = {id(candidates[u]): _Row(candidates[u], cells[c]) for u, c in matches}
    owner_of_line: dict[int, _Row] = {}
    for row in rows.values():
        for index in row.unit.lines + row.cell.line_indices:
            owner_of_line[index] = row
    for unit in candidates:
        if id(unit) in rows:
            continue
        before = _line_before(lines, unit.first)
        row = owner_of_line.get(before) if before is not None else None
        if row is not None:  # directly under a row's text or cell, no blank line: it runs on
            row.extra.extend(unit.lines)
            for index in unit.lines:
                owner_of_line[index] = row
    return list(rows.values())


def _candidate_units(units: list[_Unit], cells: list[Cell]) -> list[_Unit]:
    first, last = cells[0].first, cells[-1].last
    inside = [u for u in units if not u.heading and u.last >= first and u.first <= last]
    before: list[_Unit] = []
    for unit in reversed([u for u in units if u.last < first]):
        if unit.heading or len(before) == _CONTEXT_UNITS:
            break
        before.insert(0, unit)
    after: list[_Unit] = []
    for unit in (u for u in units if u.first > last):
        if unit.heading or len(after) == _CONTEXT_UNITS:
            break
        after.append(unit)
    return before + inside + after


def _align(lines: list[Line], units: list[_Unit], cells: list[Cell]) -> list[tuple[int, int]]:
    """Monotone alignment of units to cells at the least cost (dynamic programming)."""
    positions = sorted([u.first for u in units] + [c.first for c in cells])
    n, m = len(units), len(cells)
    inf = float("inf")
    cost = [[inf] * (m + 1) for _ in range(n + 1)]
    step: list[list[tuple[int, int] | None]] = [[None] * (m + 1) for _ in range(n + 1)]
    cost[0][0] = 0.0
    for i in range(n + 1):
        for j in range(m + 1):
            here = cost[i][j]
            if here == inf:
                continue
            if i < n and here + _skip_cost(lines, units[i]) < cost[i + 1][j]:
                cost[i + 1][j], step[i + 1][j] = here + _skip_cost(lines, units[i]), (i, j)
            if j < m and here + _SKIP_CELL < cost[i][j + 1]:
                cost[i][j + 1], step[i][j + 1] = here + _SKIP_CELL, (i, j)
            if i < n and j < m:
                distance = _distance(units[i], cells[j], positions)
                if here + distance < cost[i + 1][j + 1]:
                    cost[i + 1][j + 1], step[i + 1][j + 1] = here + distance, (i, j)
    pairs, i, j = [], n, m
    while (i, j) != (0, 0):
        previous = step[i][j]
        assert previous is not None
        if previous == (i - 1, j - 1):
            pairs.append((i - 1, j - 1))
        i, j = previous
    return sorted(pairs)


def _distance(unit: _Unit, cell: Cell, positions: list[int]) -> float:
    if unit.first <= cell.first <= unit.last:
        return 0.0
    low, high = (unit.first, cell.first) if cell.first > unit.last else (cell.first, unit.first)
    between = bisect_left(positions, high) - bisect_right(positions, low)  # items strictly between
    extra = 0.0 if cell.first > unit.last else 0.5  # an owner above its action is the rarer layout
    return float("inf") if between > _MAX_DISTANCE else between + extra


def _skip_cost(lines: list[Line], unit: _Unit) -> float:
    opening = " ".join(lines[i].stripped for i in unit.lines[:2])
    if _ANAPHORA_RE.match(opening) or not _ACTION_RE.search(opening):
        return _SKIP_OTHER
    return _SKIP_ACTION


def _line_before(lines: list[Line], index: int) -> int | None:
    """The nearest line above that is not a page number; None if a blank line comes first."""
    index -= 1
    while index >= 0 and lines[index].is_page_number:
        index -= 1
    if index < 0 or not lines[index].stripped:
        return None
    return index


def _record(lines: list[Line], row: _Row, known_owners: list[str]) -> Commitment:
    indices = sorted(row.unit.lines + row.extra)
    texts = {i: lines[i].stripped for i in indices}
    owner = row.cell.owner
    if owner and row.cell.interleaved:  # "Commander Public" + a text line ending in "Protection"
        owner = _complete_owner(owner, row.cell, texts, known_owners)
    start = lines[indices[0]].start + (len(lines[indices[0]].text) - len(lines[indices[0]].text.lstrip()))
    end = lines[indices[-1]].end
    deadline: Due = row.cell.deadline
    text = " ".join(" ".join(texts[i] for i in indices).split())
    return Commitment(id="", kind="action", doc_id="", text=text, quote="", start=start, end=end,
                      owner=owner, deadline=deadline.text, due=deadline.due,
                      due_label=deadline.label, section=row.unit.label)


def _complete_owner(owner: str, cell: Cell, texts: dict[int, str], known_owners: list[str]) -> str:
    for known in known_owners:
        if not known.startswith(owner + " "):
            continue
        suffix = known[len(owner) + 1:]
        for index in sorted(texts):
            if cell.first < index < cell.last and texts[index].endswith(" " + suffix):
                texts[index] = texts[index][: -len(suffix) - 1]
                return known
    return owner
