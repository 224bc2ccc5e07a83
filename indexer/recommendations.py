"""Numbered recommendations ("Recommendation 3"), and in a reply letter the response to each.

A block runs from one "Recommendation N" heading to the next. Its first paragraph, with the
list items that follow it, is the recommendation; in a reply the rest of the block is the
response. A recommendation whose block holds no response shares the next response ("I group
these two recommendations together"). Numbers are only ever paired within one document: the
same "Recommendation 1" in another report, or another year, is another recommendation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from indexer.deadlines import find_deadline
from indexer.schema import Commitment

_HEADING_RE = re.compile(
    r"^[ \t]*Recommendations?[ \t]+(?P<numbers>\d{1,3}[a-z]?(?:[ \t]*(?:,|and|&)[ \t]*\d{1,3}[a-z]?)*)"
    r"[ \t]*(?:[:.–-][ \t]*(?P<rest>\S.*))?$", re.MULTILINE)
_NUMBER_RE = re.compile(r"\d{1,3}[a-z]?")
_LIST_MARKER_RE = re.compile(r"^(?:[-•–*]|o)\s+")
_SIGN_OFF_RE = re.compile(r"^(?:Yours (?:sincerely|faithfully|truly)|Kind regards|Best wishes)", re.IGNORECASE)
_SIGN_OFF_LINE_RE = re.compile(r"(?im)^[ \t]*(?:Yours (?:sincerely|faithfully|truly)|Kind regards|Best wishes),?[ \t]*$")
_CLOSING_RE = re.compile(r"^(?:I am grateful|Thank you|I look forward|I hope this)", re.IGNORECASE)
_RESPONSE_LABEL_RE = re.compile(r"(?:(?:The\s+)?(?:Mayor's|MOPAC's|MOPAC|Our|Government|Council)\s+)?"
                                r"Response\s*[:.–-]\s*", re.IGNORECASE)
_TOGETHER_NUMBERS_RE = re.compile(r"recommendations?\s+(\d{1,3})\s*(?:,|and|&)\s*(\d{1,3})", re.IGNORECASE)
_OWNER_RE = re.compile(r"^(?P<owner>[A-Z][^.;:]{0,90}?),?\s+(?:should|must|needs? to|is asked to)\b")
_RECOMMENDS_THAT_RE = re.compile(
    r"\brecommends? that\s+(?P<owner>[A-Za-z][^.;:,]{0,60}?)\s+(?:should|must|includes?|commits?|is|be)\b")
_COMMITTEE_RE = re.compile(r"(?:Chair of |the )((?:[A-Z][\w']*\s)+(?:and\s(?:[A-Z][\w']*\s)+)?Committee)")
_NUMBERED_PARAGRAPH_RE = re.compile(r"^\d{1,2}\.\d{1,2}\s")
_NUMBERED_HEADING_RE = re.compile(r"^\d{1,2}(?:\.\d{1,2})*\.?\s+[A-Z]")


@dataclass
class _Block:
    numbers: tuple[str, ...]
    paragraphs: list[tuple[int, int]] = field(default_factory=list)  # spans, in order


def is_reply(text: str) -> bool:
    """A letter (it signs off), so the text after each recommendation is the answer to it."""
    return bool(_SIGN_OFF_LINE_RE.search(text))


def extract_recommendations(text: str, replies: bool) -> list[Commitment]:
    """Recommendations (and, when the document replies to them, the responses) in the text."""
    blocks = _blocks(text)
    records: list[Commitment] = []
    seen: set[tuple[str, ...]] = set()
    pending: list[Commitment] = []
    signatory = _signatory(text) if replies else None
    committee = _committee(text) if replies else None
    for block in blocks:
        if block.numbers in seen or not block.paragraphs:
            continue  # a report restating its summary of recommendations in its body
        seen.add(block.numbers)
        rec_spans, rest = _split_recommendation(text, block.paragraphs)
        rec = _recommendation(text, block.numbers, rec_spans, committee)
        records.append(rec)
        pending.append(rec)
        if replies and rest:
            answered = _answered(text, rest, pending, records)
            response = _response(text, rest, answered, signatory)
            records.append(response)
            records[:] = [replace(r, answered_by=response.id) if r.id in response.answers else r
                          for r in records]
            pending = [p for p in pending if p.id not in response.answers]
    return records


def _blocks(text: str) -> list[_Block]:
    headings = list(_HEADING_RE.finditer(text))
    blocks = []
    for index, match in enumerate(headings):
        end = headings[index + 1].start() if index + 1 < len(headings) else len(text)
        body_start = match.start("rest") if match.group("rest") else match.end()
        numbers = tuple(_NUMBER_RE.findall(match.group("numbers")))
        blocks.append(_Block(numbers, _paragraphs(text, body_start, end)))
    return blocks


def _paragraphs(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Paragraph spans: split at blank lines and before list items; stop at the sign-off."""
    spans: list[tuple[int, int]] = []
    open_paragraph = False
    offset = start
    for line in text[start:end].split("\n"):
        line_start, line_end = offset, offset + len(line)
        offset = line_end + 1
        stripped = line.strip()
        if not stripped:
            open_paragraph = False
            continue
        if _SIGN_OFF_RE.match(stripped):
            break
        new_item = bool(_LIST_MARKER_RE.match(stripped)) or line[:1] in (" ", "\t")
        if open_paragraph and not new_item:
            spans[-1] = (spans[-1][0], line_end)
        else:
            spans.append((line_start + len(line) - len(line.lstrip()), line_end))
            open_paragraph = True
    while spans and _CLOSING_RE.match(text[spans[-1][0]:spans[-1][1]]):
        spans.pop()
    return spans


def _split_recommendation(text: str, paragraphs: list[tuple[int, int]]
                          ) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """The recommendation (first paragraph and its list items) and what follows it."""
    rec = [paragraphs[0]]
    for span in paragraphs[1:]:
        chunk = text[span[0]:span[1]]
        first_line = text[text.rfind("\n", 0, span[0]) + 1:span[1]].split("\n")[0]
        is_item = bool(_LIST_MARKER_RE.match(chunk)) or first_line[:1] in (" ", "\t") or chunk[:1].islower()
        if not is_item or _looks_like_heading(chunk):
            break
        rec.append(span)
    rest = paragraphs[len(rec):]
    if rest and _NUMBERED_PARAGRAPH_RE.match(text[rest[0][0]:rest[0][1]]):
        rest = []  # a report's numbered paragraphs, not a response
    return rec, rest


def _looks_like_heading(chunk: str) -> bool:
    """A section title between list items: short, unpunctuated, capitalised or numbered."""
    lines = [line.strip() for line in chunk.split("\n") if line.strip()]
    flat = " ".join(lines)
    if _NUMBERED_HEADING_RE.match(flat):
        return True
    return len(lines) <= 3 and len(flat) < 60 and flat[:1].isupper() and flat[-1:] not in ".;:,"


def _recommendation(text: str, numbers: tuple[str, ...], spans: list[tuple[int, int]],
                    committee: str | None) -> Commitment:
    start, end = spans[0][0], spans[-1][1]
    words = _flatten(text, spans)
    due = find_deadline(words)
    return Commitment(
        id=f":recommendation:{'+'.join(numbers)}", kind="recommendation", doc_id="", text=words,
        quote="", start=start, end=end, owner=_addressee(words),
        body=committee, deadline=due.text if due else None, due=due.due if due else None,
        due_label=due.label if due else None, numbers=numbers)


def _addressee(words: str) -> str | None:
    """Who is asked to act, as written: 'MOPAC', 'The Mayor', 'The final Plan'."""
    match = _RECOMMENDS_THAT_RE.search(words[:200]) or _OWNER_RE.match(words)
    if match is None:
        return None
    owner = match.group("owner").strip()
    lead, _, tail = owner.rpartition(", ")
    return tail if lead and tail[:1].isupper() else owner  # "As a matter of urgency, MOPAC"


def _answered(text: str, spans: list[tuple[int, int]], pending: list[Commitment],
              records: list[Commitment]) -> list[Commitment]:
    """The recommendations a response answers: the ones it names 'together', else all pending."""
    opening = text[spans[0][0]:spans[0][1]][:300]
    named = _TOGETHER_NUMBERS_RE.search(opening) if "together" in opening.lower() else None
    if named:
        wanted = set(named.groups())
        chosen = [r for r in records if r.kind == "recommendation" and set(r.numbers) & wanted]
        if chosen:
            return chosen
    return list(pending)


def _response(text: str, spans: list[tuple[int, int]], answered: list[Commitment],
              signatory: str | None) -> Commitment:
    numbers = tuple(n for r in answered for n in r.numbers)
    label = _RESPONSE_LABEL_RE.match(text, spans[0][0])
    if label:  # "Response: We agree ..." - the label is not the answer
        spans = [(label.end(), spans[0][1]), *spans[1:]]
    words = _flatten(text, spans)
    due = find_deadline(words)
    return Commitment(
        id=f":response:{'+'.join(numbers)}", kind="response", doc_id="", text=words, quote="",
        start=spans[0][0], end=spans[-1][1], owner=signatory,
        deadline=due.text if due else None, due=due.due if due else None,
        due_label=due.label if due else None, numbers=numbers,
        answers=tuple(r.id for r in answered))


def _flatten(text: str, spans: list[tuple[int, int]]) -> str:
    parts = [_LIST_MARKER_RE.sub("", " ".join(text[a:b].split())) for a, b in spans]
    return " ".join(parts)


def _signatory(text: str) -> str | None:
    """The role (or else the name) under the letter's sign-off."""
    match = _SIGN_OFF_LINE_RE.search(text)
    if match is None:
        return None
    lines = [line.strip().rstrip(",") for line in text[match.end():].split("\n") if line.strip()]
    if not lines:
        return None
    return lines[1] if len(lines) > 1 else lines[0]


def _committee(text: str) -> str | None:
    """The committee whose recommendations a letter answers ('Chair of the X Committee')."""
    match = _COMMITTEE_RE.search(text)
    return match.group(1) if match else None
