"""Filtering and sorting the commitments register: by owner, kind, document, due date, overdue, text.

The same function serves the `scrutiny commitments` command and the web API, so both list the
same records for the same filters.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import date
from functools import lru_cache

from indexer.schema import COMMITMENT_KINDS, Commitment
from retriever.filter_checks import FilterError

# sort keys: the register's own order, or a field; "-due" is the same key, descending
SORTS = ("document", "due", "owner", "kind", "doc")


class CommitmentFilterError(FilterError):
    """A commitments filter has a value that cannot be used (an unknown kind, a bad date)."""


def parse_date(value: str, name: str = "date") -> date:
    """An ISO date (YYYY-MM-DD) or `today`; CommitmentFilterError naming the value otherwise."""
    if value.strip().lower() == "today":
        return date.today()
    try:
        return date.fromisoformat(value.strip())
    except ValueError as error:
        raise CommitmentFilterError(f"{name} must be a date as YYYY-MM-DD (or today), got {value!r}") from error


def filter_commitments(commitments: Iterable[Commitment], owner: str | None = None,
                       kinds: Sequence[str] = (), doc_ids: Sequence[str] = (),
                       due_before: date | str | None = None, due_after: date | str | None = None,
                       overdue_on: date | str | None = None, text: str | None = None
                       ) -> list[Commitment]:
    """The commitments that pass every filter given, in their original order.

    owner matches the owner, text the text or the owner, case-insensitively anywhere (whitespace
    runs count as one space);
    due_before and due_after are strict and drop undated records; overdue_on keeps the
    dated commitments (not recommendations or responses) whose due date is before that day.
    """
    unknown = [k for k in kinds if k not in COMMITMENT_KINDS]
    if unknown:
        raise CommitmentFilterError(f"unknown kind {', '.join(unknown)}; known: {', '.join(COMMITMENT_KINDS)}")
    before = _as_date(due_before, "due_before")
    after = _as_date(due_after, "due_after")
    overdue = _as_date(overdue_on, "overdue_on")
    owner_key, text_key = _fold(owner), _fold(text)
    kept = []
    for commitment in commitments:
        due = date.fromisoformat(commitment.due) if commitment.due else None
        if kinds and commitment.kind not in kinds:
            continue
        if doc_ids and commitment.doc_id not in doc_ids:
            continue
        if owner_key and owner_key not in _fold(commitment.owner or ""):
            continue
        if text_key and text_key not in _fold(commitment.text) and text_key not in _fold(commitment.owner):
            continue
        if before and (due is None or not due < before):
            continue
        if after and (due is None or not due > after):
            continue
        if overdue and not is_overdue(commitment, overdue):
            continue
        kept.append(commitment)
    return kept


def is_overdue(commitment: Commitment, on: date) -> bool:
    """Due before `on` and something someone was to deliver (not a recommendation or reply)."""
    if commitment.due is None or commitment.kind in ("recommendation", "response"):
        return False
    return date.fromisoformat(commitment.due) < on


def sort_commitments(commitments: Iterable[Commitment], sort: str = "document") -> list[Commitment]:
    """The commitments ordered by `sort` (one of SORTS, "-" first for descending).

    Records without the field (no owner, no due date) come last either way; ties keep the
    register's order.
    """
    descending = sort.startswith("-")
    key = sort.removeprefix("-")
    if key not in SORTS:
        raise CommitmentFilterError(f"sort must be one of {', '.join(SORTS)}, with - before it for "
                                    f"descending (e.g. -due), got {sort[:40]!r}")
    ordered = list(commitments)
    if key == "document":
        return ordered[::-1] if descending else ordered
    values = {"due": lambda c: c.due, "owner": lambda c: _fold(c.owner) or None,
              "kind": lambda c: c.kind, "doc": lambda c: c.doc_id}[key]
    present = [c for c in ordered if values(c) is not None]
    missing = [c for c in ordered if values(c) is None]
    return sorted(present, key=values, reverse=descending) + missing


def _as_date(value: date | str | None, name: str) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return parse_date(value, name)


@lru_cache(maxsize=1 << 17)  # the register's texts, folded once, not on every filtered request
def _fold(value: str | None) -> str:
    return re.sub(r"\s+", " ", value or "").strip().casefold()
