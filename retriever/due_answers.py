""""What is due by Q4 2021/22?": answered from the commitments register, not from prose.

No passage lists everything due by a date; the register does, because every action, pledge,
milestone and resolution carries its deadline normalised to the end of its period. The answer
counts what is due, quotes the earliest few records verbatim and names their owners and
deadlines as the document writes them.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date

from indexer.deadlines import find_deadline
from indexer.schema import Commitment
from indexer.tokenizer import tokenize
from retriever.abstain import question_words
from retriever.answer import Citation
from retriever.citing import cite_span
from retriever.index import LoadedIndex
from retriever.query import Query

_ASKS_DUE_LIST = re.compile(
    r"^\s*(what|what's|which|list|show|tell me)\b.*\b(due|deadlines?|to be (?:delivered|completed|done))\b",
    re.IGNORECASE)
_WITHIN_RE = re.compile(r"\b(in|during|for)\s+(the\s+)?$", re.IGNORECASE)
_KIND_WORDS = {"action": "action", "actions": "action", "pledge": "pledge", "pledges": "pledge",
               "milestone": "milestone", "milestones": "milestone", "resolution": "resolution",
               "resolutions": "resolution"}
_DATED_KINDS = ("action", "pledge", "milestone", "resolution")
_NOT_SUBJECT = frozenset(tokenize("due deadline deadlines delivered completed done commitment "
                                  "commitments promised register list show tell"))
QUOTED = 2  # records quoted in the answer; the rest are counted
QUOTE_CHARS = 150


@dataclass(frozen=True)
class DueAnswer:
    """The records due by (or within) a period, earliest first, and how the question named it."""

    records: tuple[Commitment, ...]
    period: str  # as the question wrote it: "Q4 2021/22"
    due: str  # ISO date the period ends
    within: bool  # "due in Q4" (that period only) rather than "due by Q4" (that period or earlier)


def answer_due(index: LoadedIndex, query: Query) -> DueAnswer | None:
    """The register's records due by the date the question names (possibly none); None when the
    question names no date or asks about a subject no dated record mentions."""
    if not _ASKS_DUE_LIST.search(query.question):
        return None
    deadline = find_deadline(query.question)
    if deadline is None or deadline.due is None:
        return None
    within = bool(_WITHIN_RE.search(query.question[:deadline.start] + " ")) or \
        deadline.text.lower().startswith(("in ", "during "))
    rest = query.question[:deadline.start] + " " + query.question[deadline.end:]
    kinds = {kind for word, kind in _KIND_WORDS.items() if re.search(rf"\b{word}\b", rest, re.I)}
    subject = {t for t in question_words(rest) if t not in _NOT_SUBJECT
               and t not in tokenize(" ".join(_KIND_WORDS))}
    until = date.fromisoformat(deadline.due)
    found = []
    for record in index.data.commitments:
        if record.kind not in (kinds or _DATED_KINDS) or record.due is None:
            continue
        due = date.fromisoformat(record.due)
        if (due != until) if within else (due > until):
            continue
        if subject and not subject & set(tokenize(f"{record.text} {record.owner or ''} {record.section or ''}")):
            continue
        found.append(record)
    if not found and subject:
        return None  # about something the register does not date: leave it to the passages
    # nearest the named date first: what a meeting on that date would ask about
    found.sort(key=lambda r: (-date.fromisoformat(r.due or "0001-01-01").toordinal(), r.doc_id, r.start))
    label = deadline.label or deadline.text
    return DueAnswer(records=tuple(found), period=label, due=deadline.due, within=within)


def summary(answer: DueAnswer) -> str:
    """"34 commitments are due by Q4 2021/22 (on or before 2022-03-31): 20 actions, ..." """
    kinds = Counter(r.kind for r in answer.records)
    parts = ", ".join(f"{n} {kind}{'s' if n > 1 else ''}" for kind, n in sorted(kinds.items()))
    total = len(answer.records)
    noun = "commitment is" if total == 1 else "commitments are"
    when = (f"due in {answer.period} (ending {answer.due})" if answer.within
            else f"due by {answer.period} (on or before {answer.due})")
    return f"{total} {noun} {when} in the commitments register: {parts}."


def quote_span(text: str, record: Commitment, limit: int = QUOTE_CHARS) -> tuple[int, int]:
    """The record's first sentence, cut at a word boundary when longer than `limit`."""
    body = text[record.start:record.end]
    stop = re.search(r"[.;](\s|$)", body)
    end = record.start + (stop.start() + 1 if stop else len(body))
    if end - record.start > limit:
        cut = text.rfind(" ", record.start, record.start + limit)
        end = cut if cut > record.start else record.start + limit
    return record.start, end


def write_due_answer(index: LoadedIndex, answer: DueAnswer,
                     max_chars: int) -> tuple[str, list[Citation]]:
    """The count, then the records nearest the date quoted with their owner and deadline as
    written: as many as fit in max_chars (the count alone when none does)."""
    for shown in range(min(QUOTED, len(answer.records)), -1, -1):
        citations: list[Citation] = []
        quoted = []
        for n, record in enumerate(answer.records[:shown], start=1):
            start, end = quote_span(index.documents[record.doc_id].text, record)
            citation = cite_span(index, record.doc_id, start, end, n)
            citations.append(citation)
            who = record.owner or record.body or "no owner named"
            quoted.append(f"{' '.join(citation.quote.split())} [{n}] ({who}, {record.deadline})")
        lead = "Due nearest that date" if len(answer.records) > shown else ("It" if shown == 1 else "They")
        text = f"{summary(answer)} {lead}: {'; '.join(quoted)}" if quoted else summary(answer)
        if len(text) <= max_chars:
            return text, citations
    return summary(answer)[:max_chars], []
