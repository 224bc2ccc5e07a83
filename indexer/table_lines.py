"""Lines of flattened PDF tables, and the owner/deadline cells among them."""

from __future__ import annotations

import re
from dataclasses import dataclass

from indexer.deadlines import Due, parse_deadline

_MAX_CELL_CHARS = 45
_MAX_OWNER_WORDS = 6
_OWNER_LINES = 4  # an owner cell wraps over at most this many lines
_INTERLEAVE_WINDOW = 4  # lines above a deadline searched for an owner split by text lines
_CONNECTORS = frozenset({"of", "and", "for", "the", "&", "to", "in", "on", "at", "-", "–", "/"})
_SENTENCE_END_RE = re.compile(r"[.!?][\"'”’)\]]*$")
_HEADING_VERB_RE = re.compile(r"\b(?:will|shall|would|is|are|was|were|has|have|had|been|we|i)\b",
                              re.IGNORECASE)
_BARE_YEAR_RE = re.compile(r"^\d{4}$")


@dataclass(frozen=True)
class Line:
    """One line of the document text with its offsets (end excludes the newline)."""

    index: int
    start: int
    end: int
    text: str

    @property
    def stripped(self) -> str:
        return self.text.strip()

    @property
    def is_page_number(self) -> bool:
        return self.stripped.isdigit() and len(self.stripped) <= 3


@dataclass(frozen=True)
class Cell:
    """An owner and deadline pair found in a flattened table."""

    owner: str | None
    owner_lines: tuple[int, ...]
    deadline: Due
    deadline_lines: tuple[int, ...]

    @property
    def line_indices(self) -> list[int]:
        return sorted(set(self.owner_lines + self.deadline_lines))

    @property
    def first(self) -> int:
        return self.line_indices[0]

    @property
    def last(self) -> int:
        return self.line_indices[-1]

    @property
    def interleaved(self) -> bool:
        """True when text lines sit between the owner's lines and the deadline."""
        indices = self.line_indices
        return indices[-1] - indices[0] + 1 != len(indices)


def lines_of(text: str) -> list[Line]:
    """The text's lines with their character offsets."""
    lines, offset = [], 0
    for index, line in enumerate(text.split("\n")):
        lines.append(Line(index, offset, offset + len(line), line))
        offset += len(line) + 1
    return lines


def is_sentence_end(stripped: str) -> bool:
    """The line ends a sentence (full stop, question or exclamation mark, maybe a closing quote)."""
    return bool(_SENTENCE_END_RE.search(stripped))


def starts_lowercase(stripped: str) -> bool:
    """The line carries on a sentence: it opens with a lowercase word or a joining sign."""
    return bool(stripped) and (stripped[0].islower() or stripped[0] in "&,;)")


def opens_with_quote(stripped: str) -> bool:
    """The line opens with a quote or bracket: a continuation unless a sentence just ended."""
    return bool(stripped) and stripped[0] in "(‘“'\""


def is_heading_text(text: str) -> bool:
    """Short, unpunctuated and verbless: 'Improving victim care and support with partners'."""
    text = text.strip()
    if not text or len(text) > 90 or text[-1] in ".!?:;,”’\"" or not text[0].isupper():
        return False
    return not _HEADING_VERB_RE.search(text)


def is_owner_fragment(stripped: str) -> bool:
    """A short Title Case line that could be (part of) an owner cell: 'Commander Public'."""
    if not stripped or len(stripped) > _MAX_CELL_CHARS or stripped[-1] in ".,;:!?":
        return False
    words = stripped.split()
    if len(words) > _MAX_OWNER_WORDS or not words[0][:1].isupper():
        return False
    letters = [c for c in stripped if c.isalpha()]
    if len(letters) > 6 and all(c.isupper() for c in letters):
        return False  # a shouted slide title or table header, not a role
    for word in words:
        core = word.strip("()")
        if core.lower() in _CONNECTORS:
            continue
        if not core[:1].isupper() or any(c.isdigit() for c in core):
            return False
    return True


def find_cells(lines: list[Line]) -> list[Cell]:
    """Every deadline line with the owner lines it claims (above, interleaved, or below)."""
    deadlines = _deadline_lines(lines)
    deadline_indices = {i for _, indices, _ in deadlines for i in indices}
    claimed: set[int] = set()
    cells = []
    for due, indices, combined in deadlines:
        first = indices[0]
        if combined:  # an owner and deadline on one line
            owner_lines = [first]
        else:
            owner_lines = (_owner_above(lines, first, claimed, deadline_indices)
                           or _owner_interleaved(lines, first, claimed, deadline_indices)
                           or _owner_below(lines, indices[-1], claimed, deadline_indices))
        if not owner_lines:
            continue
        claimed.update(owner_lines)
        owner = " ".join(_owner_part(lines[i].stripped, due) for i in owner_lines)
        cells.append(Cell(" ".join(owner.split()), tuple(owner_lines), due, tuple(indices)))
    return cells


def _owner_part(stripped: str, due: Due) -> str:
    """The owner words of a line; for 'Owner Q3 2021/22' on one line, the part before the date."""
    return stripped[: -len(due.text)].strip() if stripped.endswith(due.text) and stripped != due.text else stripped


def _deadline_lines(lines: list[Line]) -> list[tuple[Due, list[int], bool]]:
    """(deadline, its line indices, whether the owner shares the line), in document order."""
    found: list[tuple[Due, list[int], bool]] = []
    index = 0
    while index < len(lines):
        stripped = lines[index].stripped
        following = lines[index + 1].stripped if index + 1 < len(lines) else ""
        due = _cell_deadline(stripped)
        if stripped.endswith(" and") and following.lower() in ("onwards", "ongoing", "beyond"):
            joined = _cell_deadline(f"{stripped} {following}")
            if joined is not None:
                found.append((joined, [index, index + 1], False))
                index += 2
                continue
        if due is not None:
            found.append((due, [index], False))
        elif (split := _owner_and_deadline(stripped)) is not None:
            found.append((split, [index], True))
        index += 1
    return found


def _cell_deadline(stripped: str) -> Due | None:
    if not stripped or len(stripped) > _MAX_CELL_CHARS or _BARE_YEAR_RE.match(stripped):
        return None
    return parse_deadline(stripped)


def _owner_and_deadline(stripped: str) -> Due | None:
    """'Commander Public Protection Q3 2021/22': a deadline at the end of an owner line."""
    words = stripped.split()
    for size in range(1, min(5, len(words))):
        head, tail = " ".join(words[:-size]), " ".join(words[-size:])
        due = _cell_deadline(tail)
        if due is not None and due.due is not None and is_owner_fragment(head):
            return due
    return None


def _owner_above(lines: list[Line], first: int, claimed: set[int], deadlines: set[int]) -> list[int]:
    found: list[int] = []
    index = first - 1
    while index >= 0 and len(found) < _OWNER_LINES and index not in claimed and index not in deadlines \
            and is_owner_fragment(lines[index].stripped):
        found.insert(0, index)
        index -= 1
    return found


def _owner_interleaved(lines: list[Line], first: int, claimed: set[int], deadlines: set[int]) -> list[int]:
    found: list[int] = []
    for index in range(first - 1, max(first - 1 - _INTERLEAVE_WINDOW, -1), -1):
        stripped = lines[index].stripped
        if not stripped or index in claimed or index in deadlines:
            break
        if is_owner_fragment(stripped):
            found.insert(0, index)
    return found


def _owner_below(lines: list[Line], last: int, claimed: set[int], deadlines: set[int]) -> list[int]:
    found: list[int] = []
    index = last + 1
    while index < len(lines) and len(found) < _OWNER_LINES and index not in claimed \
            and index not in deadlines and is_owner_fragment(lines[index].stripped):
        found.append(index)
        index += 1
    return found
