"""Answer "who owns X and by when?" from the commitments register, with verbatim citations.

Flattened action tables put an action's owner and deadline lines away from its text, so
sentence extraction often quotes the neighbouring row's owner. The register rebuilt each row
at index time; this module finds the row a question is about and cites both the action text
and the owner and deadline lines exactly as the document prints them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from indexer.schema import Commitment
from indexer.tokenizer import tokenize
from retriever.abstain import question_words
from retriever.index import LoadedIndex
from retriever.query import Query, detect_answer_type

_ASKS_OWNER_OR_DEADLINE = re.compile(
    r"\b(who|whose|owner|owns|own|leads?|responsible|by when|when|deadline|due|quarter|"
    r"(?:what|which) year)\b", re.IGNORECASE)
_ROLE_WORDS = frozenset(tokenize("who whose job owner owns own lead leads responsible when deadline "
                                 "due quarter year action plan vawg"))
MIN_MATCH = 0.6  # share of the question's (idf-weighted) subject words the row must contain
CELL_WINDOW = 400  # how far from the action text its owner and deadline lines may sit


@dataclass(frozen=True)
class RegisterMatch:
    """A register row that answers the question, and where its owner/deadline cells are."""

    commitment: Commitment
    match: float
    cells: tuple[int, int] | None  # span of the owner and deadline lines in the document


def match_action(index: LoadedIndex, query: Query, history: Sequence[str] = (),
                 rival: frozenset[str] = frozenset()) -> RegisterMatch | None:
    """The action row the question asks the owner or deadline of, if one matches well. A
    follow-up that asks nothing of its own kind ("and the victim care forum?", not "how much is
    it costing?") asks what its earlier turn asked ("who owns the course and when is it due?"),
    about the subject it names itself when it names one. `rival` is the tokens of the best answer
    window the search found: when it holds more of the question's words than the best row, the
    question is about something the register does not hold ("who is leading the independent
    review of Met culture?" is a narrative paragraph with no owner cell; the best row was another
    review of culture and standards)."""
    asks = _ASKS_OWNER_OR_DEADLINE.search(query.question) or (
        query.follow_up and detect_answer_type(query.question) == "other" and history
        and _ASKS_OWNER_OR_DEADLINE.search(history[-1]))
    if not asks:
        return None
    own = [t for t in question_words(query.question) if t not in _ROLE_WORDS]
    words = own if query.follow_up and own else [
        t for t in question_words(query.text) if t not in _ROLE_WORDS]
    weights = {t: index.weight(t) for t in words}
    total = sum(weights.values())
    if not total:
        return None

    def share(tokens: frozenset[str]) -> float:  # of the question's weighted words
        return sum(w for t, w in weights.items() if t in tokens) / total

    best: tuple[float, str, Commitment] | None = None
    for commitment in index.data.commitments:
        if commitment.kind != "action" or not (commitment.owner or commitment.deadline):
            continue
        score = share(_tokens(commitment.text))
        if best is None or (score, commitment.id) > (best[0], best[1]):
            best = (score, commitment.id, commitment)
    if best is None or best[0] < MIN_MATCH or share(rival) > best[0]:
        return None
    commitment = best[2]
    text = index.documents[commitment.doc_id].text
    return RegisterMatch(commitment, best[0], cell_span(text, commitment))


def warm_register(index: LoadedIndex) -> None:
    """Tokenise every action row now, not during the first owner/deadline question."""
    for commitment in index.data.commitments:
        if commitment.kind == "action":
            _tokens(commitment.text)


@lru_cache(maxsize=None)  # every row scanned per question: a smaller LRU thrashes
def _tokens(text: str) -> frozenset[str]:
    """Tokens of a register row, computed once per process rather than once per question."""
    return frozenset(tokenize(text))


def cell_span(text: str, commitment: Commitment) -> tuple[int, int] | None:
    """The span covering the row's owner and deadline lines nearest to its text, verbatim."""
    anchor = (commitment.start, commitment.end)
    spans = []
    for phrase in (commitment.owner, commitment.deadline):
        if not phrase:
            continue
        pattern = re.compile(r"\s+".join(map(re.escape, phrase.split())))
        low, high = max(0, commitment.start - CELL_WINDOW), min(len(text), commitment.end + CELL_WINDOW)
        found = [m.span() for m in pattern.finditer(text, low, high)]
        if not found:
            return None
        nearest = min(found, key=lambda s: min(abs(s[0] - anchor[1]), abs(s[1] - anchor[0])))
        spans.append(nearest)
        anchor = nearest  # the deadline is the one nearest the owner just found
    start, end = min(s[0] for s in spans), max(s[1] for s in spans)
    return (start, end) if end - start <= 120 else None
