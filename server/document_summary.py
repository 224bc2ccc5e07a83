"""One row of the document list: the type the catalogue fills in and the API documents."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True)
class DocumentSummary:
    """One row of the document list."""

    doc_id: str
    title: str
    publisher: str | None
    date: str | None
    kind: str
    source_url: str | None
    counts: dict[str, int]

    def to_json(self) -> dict[str, Any]:
        """The shape /api/documents returns."""
        return asdict(self)
