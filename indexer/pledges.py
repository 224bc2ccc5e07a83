"""Pledges: sentences in which the writer (or a named body) says what it will do.

"We will ...", "We commit to ...", "I will ...", "We are committed to ...", and "MOPAC will ..." or
"The Mayor and MOPAC will ..." (a subject that names a body). A short lead-in clause ending in a
comma is allowed ("In addition, we will ..."). Sentences that sit inside an action-table row,
a recommendation or a milestone are left to those records.
"""

from __future__ import annotations

import re

from indexer.deadlines import find_deadline
from indexer.schema import Commitment
from indexer.sentences import split_sentences

_VERB = (r"(?:will(?!\s+(?:need|enable|allow|mean)\b)|shall|commits?\s+to|"
         r"(?:am|are|is)\s+(?:firmly\s+)?committed\s+to|pledges?\s+to|promises?\s+to|recommits?\s+to)\b")
_NAME = r"[A-Z][\w'’&-]*"
_SUBJECT = (rf"(?P<subject>we|I|our\s+[a-z]+(?:\s+[a-z]+)?|"
            rf"(?:the\s+)?{_NAME}(?:(?:,\s+|\s+)(?:and|of|for|the|{_NAME})){{0,6}})")
# An optional lead-in clause ("In addition, we will"): tried only when the sentence does not
# open with its subject, and never a quotation ("The Mayor has said that "..., the Government").
_PLEDGE_RE = re.compile(rf"^(?:[A-Z][^.;:!?“”\"]{{0,120}}?,\s+)??{_SUBJECT}\s+{_VERB}")
_BODY_WORDS = re.compile(r"\b(?:[A-Z]{2,}s?|Mayor|Council|Commissioner|Committee|Government|"
                         r"Partnership|Board|Service|Unit|Authority|Police|Office|Trust)\b")
_MIN_WORDS = 6


def extract_pledges(text: str, taken: list[tuple[int, int]]) -> list[Commitment]:
    """Pledge sentences of the text that do not overlap the spans in `taken`."""
    records = []
    for start, end in split_sentences(text):
        sentence = " ".join(text[start:end].split())
        if len(sentence.split()) < _MIN_WORDS or sentence.endswith("?") or _overlaps(start, end, taken):
            continue
        match = _PLEDGE_RE.match(sentence)
        if match is None:
            continue
        subject = match.group("subject")
        if subject.lower() in ("we", "i"):
            owner = None
        elif subject.lower().startswith("our ") or _BODY_WORDS.search(subject):
            owner = subject
        else:
            continue  # "The Law Commission is due ..." style subjects that name no committing body
        due = find_deadline(sentence)
        records.append(Commitment(
            id="", kind="pledge", doc_id="", text=sentence, quote="", start=start, end=end,
            owner=owner, deadline=due.text if due else None, due=due.due if due else None,
            due_label=due.label if due else None))
    return records


def _overlaps(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(start < b and a < end for a, b in spans)
