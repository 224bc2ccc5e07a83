"""Filter values a request names: the errors they raise and the document check they share."""

from __future__ import annotations

from collections.abc import Iterable

from indexer.errors import ScrutinyError


class FilterError(ScrutinyError, ValueError):
    """A filter has a value that cannot be used; the message names the value and what to use."""


class UnknownFilterDocument(FilterError):
    """A filter names a document that is not in the index."""


def check_doc_ids(doc_ids: Iterable[str], known: Iterable[str], field: str | None = None) -> None:
    """UnknownFilterDocument naming the unknown ids (and the field, if given) and the known ones."""
    known_ids = set(known)
    unknown = [d for d in doc_ids if d not in known_ids]
    if unknown:
        where = f"{field} names " if field else ""
        raise UnknownFilterDocument(f"{where}unknown document {', '.join(d[:200] for d in unknown)}; "
                                    f"known: {', '.join(sorted(known_ids))}")
