"""Find section headings in cleaned text and turn them into nested sections."""

from __future__ import annotations

import re
from dataclasses import dataclass

from indexer.schema import Section

_MARKDOWN_RE = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
# "2.2 Context and", "5- Developing our key capabilities", "1. Introduction"
_NUMBERED_RE = re.compile(r"^\s*(\d{1,2}(?:\.\d{1,2})+\.?|\d{1,2}[.-])\s+(\S.*)$")
_MINUTE_RE = re.compile(r"^\s*(\d{2,4})\.\s*$")
_RECOMMENDATION_RE = re.compile(r"^\s*(Recommendations?\s+\d{1,3}(?:\s*(?:and|&)\s*\d{1,3})?)\s*:?\s*$")
_CAPS_WORD_RE = re.compile(r"[A-Z][A-Z'’&/-]*")
_TERMINAL = (".", ",", ";", "?", "!")
_MAX_TITLE = 90


@dataclass(frozen=True)
class Heading:
    """A heading found in the text: where it starts and ends, its level and title."""

    start: int
    end: int
    level: int
    title: str


def find_sections(text: str) -> tuple[Section, ...]:
    """Detect headings and return sections with their path and span, in document order."""
    headings = find_headings(text)
    sections: list[Section] = []
    stack: list[Heading] = []
    for index, heading in enumerate(headings):
        while stack and stack[-1].level >= heading.level:
            stack.pop()
        stack.append(heading)
        end = len(text)
        for later in headings[index + 1 :]:
            if later.level <= heading.level:
                end = later.start
                break
        path = " > ".join(h.title for h in stack)
        sections.append(Section(path=path, title=heading.title, level=heading.level,
                                start=heading.start, end=end))
    return tuple(sections)


def section_at(sections: tuple[Section, ...], offset: int) -> Section | None:
    """The innermost section whose heading precedes the offset."""
    current = None
    for section in sections:
        if section.start > offset:
            break
        if section.start <= offset < section.end or section.end <= section.start:
            current = section
    return current


def find_headings(text: str) -> list[Heading]:
    """All headings in the text, by offset; each detector knows one convention."""
    lines = _lines_with_offsets(text)
    found: list[Heading] = []
    last_minute: int | None = None
    index = 0
    while index < len(lines):
        heading, consumed = _match_heading(lines, index)
        if heading is not None and _MINUTE_RE.match(lines[index][1]):
            number = int(lines[index][1].strip().rstrip("."))
            if not _plausible_minute(number, last_minute):
                heading, consumed = None, 1
            else:
                last_minute = number
        if heading is not None:
            found.append(heading)
            index += consumed
        else:
            index += 1
    return found


def _plausible_minute(number: int, previous: int | None) -> bool:
    """Minute numbers rise in small steps; a lone year such as '2010.' is not a minute."""
    if previous is None:
        return not 1900 <= number <= 2100
    return 0 < number - previous <= 5


def _lines_with_offsets(text: str) -> list[tuple[int, str]]:
    lines, offset = [], 0
    for line in text.split("\n"):
        lines.append((offset, line))
        offset += len(line) + 1
    return lines


def _block(lines: list[tuple[int, str]], index: int, limit: int = 4) -> list[tuple[int, str]]:
    """The run of non-blank lines starting at index (a paragraph), at most limit lines."""
    block = []
    while index < len(lines) and lines[index][1].strip() and len(block) < limit + 1:
        block.append(lines[index])
        index += 1
    return block


def _match_heading(lines: list[tuple[int, str]], index: int) -> tuple[Heading | None, int]:
    offset, line = lines[index]
    stripped = line.strip()
    if not stripped:
        return None, 1
    lead = len(line) - len(line.lstrip())
    if match := _MARKDOWN_RE.match(stripped):
        title = match.group(2).strip()
        level = len(match.group(1))
        number = _NUMBERED_RE.match(title)
        if number:  # "## 5.1 ..." under "## 5. ...": the numbering knows the nesting
            level = number.group(1).rstrip(".-").count(".") + 2
        return Heading(offset + lead, offset + len(line), level, title), 1
    if match := _RECOMMENDATION_RE.match(stripped):
        return Heading(offset + lead, offset + len(line), 4, match.group(1)), 1
    if _MINUTE_RE.match(stripped):
        return _minute_heading(lines, index)
    if match := _NUMBERED_RE.match(line):
        return _numbered_heading(lines, index, match)
    if _is_caps_line(stripped):
        return _caps_heading(lines, index)
    return None, 1


def _minute_heading(lines: list[tuple[int, str]], index: int) -> tuple[Heading | None, int]:
    """'188.' alone on a line, its title on the next non-blank line (minutes layout)."""
    offset, line = lines[index]
    number = line.strip()
    following = index + 1
    while following < len(lines) and not lines[following][1].strip():
        following += 1
    if following >= len(lines):
        return None, 1
    title_offset, title_line = lines[following]
    title = title_line.strip()
    if len(title) > _MAX_TITLE or title.endswith(_TERMINAL + (":",)) or not title[:1].isupper():
        return None, 1
    end = title_offset + len(title_line)
    return Heading(offset + line.index(number), end, 1, f"{number} {title}"), following - index + 1


def _numbered_heading(lines: list[tuple[int, str]], index: int,
                      match: re.Match[str]) -> tuple[Heading | None, int]:
    """A short numbered title, possibly wrapped over a few short lines (PDF columns)."""
    first = lines[index][1].strip()
    if len(first) > 60 or first.endswith(_TERMINAL) or not match.group(2)[:1].isupper():
        return None, 1
    block = [lines[index]]
    for _, part in _block(lines, index, limit=3)[1:]:
        text = part.strip()
        ends_paragraph = len(block) + index + 1 < len(lines) and not lines[index + len(block) + 1][1].strip()
        if _NUMBERED_RE.match(part) or len(text) > 45 or text.endswith(_TERMINAL):
            break
        if not (text[:1].islower() or ends_paragraph):
            break
        block.append(lines[index + len(block)])
    title = " ".join(part.strip() for _, part in block)
    if len(title) > _MAX_TITLE:
        return None, 1
    level = match.group(1).rstrip(".-").count(".") + 2
    offset, head = block[0]
    last_offset, last = block[-1]
    start = offset + len(head) - len(head.lstrip())
    return Heading(start, last_offset + len(last.rstrip()), level, title), len(block)


def _is_caps_line(stripped: str) -> bool:
    letters = [c for c in stripped if c.isalpha()]
    if len(letters) < 3 or any(c.islower() for c in letters):
        return False
    if stripped.count("(") != stripped.count(")"):
        return False
    return len(stripped) <= 60 and len(letters) >= 0.6 * len(stripped.replace(" ", ""))


def _caps_heading(lines: list[tuple[int, str]], index: int) -> tuple[Heading | None, int]:
    """An all-caps slide title; a run of several short caps lines is a table, not a title."""
    block = []
    for line in _block(lines, index, limit=5):
        if not _is_caps_line(line[1].strip()):
            break
        block.append(line)
    if len(block) > 4:
        return None, len(block)
    if _neighbouring_caps_blocks(lines, index, len(block)) >= 2:
        return None, len(block)
    title = " ".join(part.strip() for _, part in block)
    if len(title) > _MAX_TITLE or (len(_CAPS_WORD_RE.findall(title)) < 2 and len(title) < 8):
        return None, len(block)
    offset, first = block[0]
    last_offset, last = block[-1]
    start = offset + len(first) - len(first.lstrip())
    return Heading(start, last_offset + len(last.rstrip()), 1, title), len(block)


def _neighbouring_caps_blocks(lines: list[tuple[int, str]], index: int, size: int) -> int:
    """How many of the nearest paragraphs before and after are also short caps lines."""
    count = 0
    for step, start in ((-1, index - 1), (1, index + size)):
        position = start
        while 0 <= position < len(lines) and not lines[position][1].strip():
            position += step
        if 0 <= position < len(lines) and _is_caps_line(lines[position][1].strip()):
            count += 1
    return count
