"""GET /api/commitments and its CSV twin: the register, filtered and sorted as the page shows it."""

from __future__ import annotations

import io
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from fastapi.responses import JSONResponse, Response

from indexer.schema import COMMITMENT_KINDS
from retriever.commitments import SORTS
from retriever.commitments_csv import write_csv
from server.api import CurrentAssistant
from server.commitments_view import RegisterQuery, register_view
from server.schemas import CommitmentsOut, ErrorOut

router = APIRouter(tags=["commitments"])

CSV_FILENAME = "commitments.csv"
_DATE = "a date as YYYY-MM-DD, or today"
_ERRORS: dict[int | str, dict[str, Any]] = {
    422: {"model": ErrorOut, "description": "A filter value is not valid; the message says what to send"},
    503: {"model": ErrorOut,
          "description": "No index, or one built before the register; the message gives the fix"},
}
_TEXT = Query(max_length=200, description="words in the text or the owner, any case")
_OWNER = Query(max_length=200, description="words in the owner, any case")
_KIND = Query(max_length=len(COMMITMENT_KINDS),
              description=f"only this kind (repeatable): {', '.join(COMMITMENT_KINDS)}")
_DOC = Query(max_length=100, description="only this document id (repeatable)")
_DUE_AFTER = Query(max_length=40, description=f"due strictly after: {_DATE}")
_DUE_BEFORE = Query(max_length=40, description=f"due strictly before: {_DATE}")
_OVERDUE_ON = Query(max_length=40, description=(
    f"actions, pledges, milestones and resolutions already due by this day: {_DATE}"))
_SORT = Query(max_length=40, description=f"{', '.join(SORTS)}; put - first for descending (-due)")


def register_query(text: Annotated[str, _TEXT] = "", owner: Annotated[str, _OWNER] = "",
                   kind: Annotated[list[str], _KIND] = [],  # noqa: B006 (FastAPI copies)
                   doc: Annotated[list[str], _DOC] = [],  # noqa: B006
                   due_after: Annotated[str, _DUE_AFTER] = "", due_before: Annotated[str, _DUE_BEFORE] = "",
                   overdue_on: Annotated[str, _OVERDUE_ON] = "",
                   sort: Annotated[str, _SORT] = "document") -> RegisterQuery:
    """The register query in the address; empty values (a plain form's blank fields) are unset."""
    return RegisterQuery(text=text.strip(), owner=owner.strip(), kinds=tuple(k for k in kind if k),
                         doc_ids=tuple(d for d in doc if d), due_after=due_after.strip(),
                         due_before=due_before.strip(), overdue_on=overdue_on.strip(),
                         sort=sort.strip() or "document")


Register = Annotated[RegisterQuery, Depends(register_query)]


@router.get("/api/commitments", response_model=CommitmentsOut, responses=_ERRORS)
def commitments(assistant: CurrentAssistant, query: Register) -> JSONResponse:
    """The commitments register, filtered and sorted: counts, then every field of each record.

    A recommendation carries the response that answers it (same document) in `responses`.
    """
    return JSONResponse(register_view(assistant.index, query).to_json())


@router.get("/api/commitments.csv", response_class=Response, responses={
    200: {"content": {"text/csv": {}}, "description": "One row per record, every field, with a header"},
    **_ERRORS})
def commitments_csv(assistant: CurrentAssistant, query: Register) -> Response:
    """The same view as CSV, as a download (the columns of `scrutiny commitments --csv`)."""
    view = register_view(assistant.index, query)
    out = io.StringIO()
    write_csv((row.commitment for row in view.rows), out)
    return Response(out.getvalue(), media_type="text/csv; charset=utf-8",
                    headers={"content-disposition": f'attachment; filename="{CSV_FILENAME}"'})
