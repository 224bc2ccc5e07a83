"""The commitments register as the page and the API show it: filters, sort, counts, responses."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import urlencode

from indexer.schema import COMMITMENT_KINDS, Commitment
from indexer.store import commitment_to_json
from retriever.commitments import filter_commitments, sort_commitments
from retriever.filter_checks import check_doc_ids
from retriever.index import LoadedIndex
from retriever.recommendation_answers import response_to
from server.answer_view import display_date, document_href, shortened

RESPONSE_CHARS = 300  # a response shown beside its recommendation on the page
GIST_CHARS = 60  # the words of a row a screen reader hears in its links' names
# the page's columns: (sort key, heading); "document" is the register's own order
COLUMNS = (("kind", "Kind"), ("document", "Commitment"), ("owner", "Owner"), ("due", "Deadline"),
           ("doc", "Document"))


@dataclass(frozen=True)
class RegisterQuery:
    """One view of the register as the address gives it: filters and sort order ("" = not set)."""

    text: str = ""
    owner: str = ""
    kinds: tuple[str, ...] = ()
    doc_ids: tuple[str, ...] = ()
    due_after: str = ""
    due_before: str = ""
    overdue_on: str = ""
    sort: str = "document"

    @property
    def filtered(self) -> bool:
        """True when any filter (not only the sort order) is set."""
        return bool(self.params(sort="document"))

    def params(self, **changes: Any) -> list[tuple[str, str]]:
        """The query parameters of this view, with `changes`, leaving out what is not set."""
        query = replace(self, **changes)
        pairs = [("text", query.text), ("owner", query.owner), *(("kind", k) for k in query.kinds),
                 *(("doc", d) for d in query.doc_ids), ("due_after", query.due_after),
                 ("due_before", query.due_before), ("overdue_on", query.overdue_on),
                 ("sort", "" if query.sort == "document" else query.sort)]
        return [(name, value) for name, value in pairs if value]

    def url(self, path: str, **changes: Any) -> str:
        """`path` with this view's query string (and `changes`)."""
        params = self.params(**changes)
        return f"{path}?{urlencode(params)}" if params else path


@dataclass(frozen=True)
class RegisterRow:
    """A commitment, and for a recommendation the response(s) that answer it."""

    commitment: Commitment
    responses: tuple[Commitment, ...] = ()

    @property
    def href(self) -> str:
        """The document page with this commitment's quote highlighted."""
        return passage_href(self.commitment)

    @property
    def name(self) -> str:
        """Its kind and numbers: 'Recommendation 14 and 16', 'Action'."""
        numbers = " and ".join(self.commitment.numbers)
        return f"{self.commitment.kind.capitalize()} {numbers}".strip()

    @property
    def gist(self) -> str:
        """The start of its text, for link names that must say which row they belong to."""
        return shortened(self.commitment.text, GIST_CHARS)

    def to_json(self) -> dict[str, Any]:
        """Every field of the record, its passage link and its responses (each with theirs)."""
        return {**_record_json(self.commitment),
                "responses": [_record_json(r) for r in self.responses]}


@dataclass(frozen=True)
class RegisterView:
    """The rows one query selects, in its order, with the counts a reader needs."""

    query: RegisterQuery
    rows: tuple[RegisterRow, ...]
    total: int  # records in the whole register

    @property
    def by_kind(self) -> dict[str, int]:
        """How many of the rows shown are of each kind (kinds with none left out)."""
        counts = Counter(row.commitment.kind for row in self.rows)
        return {kind: counts[kind] for kind in COMMITMENT_KINDS if counts[kind]}

    def to_json(self) -> dict[str, Any]:
        """The shape /api/commitments returns."""
        return {"total": self.total, "shown": len(self.rows), "by_kind": self.by_kind,
                "sort": self.query.sort, "commitments": [row.to_json() for row in self.rows]}


@dataclass(frozen=True)
class SortLink:
    """A column heading that sorts by it: ascending first, descending when already ascending."""

    label: str
    href: str
    state: str | None  # aria-sort: "ascending", "descending", or None when sorted otherwise


def sort_links(query: RegisterQuery, path: str = "/commitments") -> list[SortLink]:
    """One link per column of the page, keeping the filters."""
    links = []
    for key, label in COLUMNS:
        state = {key: "ascending", f"-{key}": "descending"}.get(query.sort)
        next_sort = f"-{key}" if state == "ascending" else key
        links.append(SortLink(label, query.url(path, sort=next_sort), state))
    return links


def register_view(index: LoadedIndex, query: RegisterQuery) -> RegisterView:
    """Filter and sort the register of `index`; FilterError for a bad filter value."""
    register = index.data.require_register()
    check_doc_ids(query.doc_ids, index.documents)
    found = filter_commitments(register, owner=query.owner or None, kinds=query.kinds,
                               doc_ids=query.doc_ids, due_before=query.due_before or None,
                               due_after=query.due_after or None, overdue_on=query.overdue_on or None,
                               text=query.text or None)
    rows = tuple(RegisterRow(c, _responses_to(index, c)) for c in sort_commitments(found, query.sort))
    return RegisterView(query, rows, len(register))


def passage_href(commitment: Commitment) -> str:
    """The document page that highlights the commitment's quote and scrolls to it."""
    return document_href(commitment.doc_id, start=commitment.start, end=commitment.end)


def response_summary(response: Commitment) -> str:
    """A response shortened for a table cell."""
    return shortened(response.text, RESPONSE_CHARS)


def due_note(commitment: Commitment) -> str | None:
    """When the deadline falls due, unless it already says the day: 'due 31 December 2021'."""
    due = display_date(commitment.due)
    if not due or (commitment.deadline and due in commitment.deadline):
        return None
    return f"due {due}"


def _responses_to(index: LoadedIndex, commitment: Commitment) -> tuple[Commitment, ...]:
    """The response that answers a recommendation: the same one the chat quotes."""
    reply = response_to(index, commitment) if commitment.kind == "recommendation" else None
    return (reply,) if reply is not None else ()


def _record_json(commitment: Commitment) -> dict[str, Any]:
    return {**commitment_to_json(commitment), "href": passage_href(commitment)}
