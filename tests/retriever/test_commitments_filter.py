"""Filtering the commitments register: owner, kind, document, due dates, overdue, text."""

from __future__ import annotations

from datetime import date

import pytest

from indexer.schema import Commitment
from retriever.commitments import CommitmentFilterError, filter_commitments, is_overdue


def record(id_: str, kind: str = "action", owner: str | None = None, due: str | None = None,
           doc_id: str = "harrow", text: str = "We will act.") -> Commitment:
    return Commitment(id=id_, kind=kind, doc_id=doc_id, text=text, quote=text, start=0, end=len(text),
                      owner=owner, due=due, deadline=due and f"by {due}")


REGISTER = [
    record("a", owner="Commander Public\nProtection", due="2021-12-31", text="We will train 8,500 staff."),
    record("b", owner="DAC Local Policing", due="2022-03-31"),
    record("c", kind="pledge", due=None),
    record("d", kind="recommendation", owner="MOPAC", due="2022-06-30", doc_id="letter"),
    record("e", kind="resolution", due="2022-06-30", doc_id="minutes"),
    record("f", kind="milestone", due="2019-03-31", doc_id="business-plan"),
]


def ids(found: list[Commitment]) -> list[str]:
    return [c.id for c in found]


def test_overdue_on_a_day_keeps_deliverables_due_before_it():
    assert ids(filter_commitments(REGISTER, overdue_on="2022-04-01")) == ["a", "b", "f"]
    assert ids(filter_commitments(REGISTER, overdue_on=date(2022, 3, 31))) == ["a", "f"]  # due that day: not yet


def test_a_recommendation_or_undated_pledge_is_never_overdue():
    assert not is_overdue(REGISTER[3], date(2030, 1, 1))
    assert not is_overdue(REGISTER[2], date(2030, 1, 1))


def test_due_before_and_after_are_strict_and_drop_undated_records():
    assert ids(filter_commitments(REGISTER, due_before="2022-03-31")) == ["a", "f"]
    assert ids(filter_commitments(REGISTER, due_after="2022-03-31")) == ["d", "e"]
    assert ids(filter_commitments(REGISTER, due_after="2021-12-31", due_before="2022-06-30")) == ["b"]


def test_owner_matches_any_case_and_across_line_breaks():
    assert ids(filter_commitments(REGISTER, owner="public protection")) == ["a"]
    assert ids(filter_commitments(REGISTER, owner="  LOCAL   policing ")) == ["b"]


def test_kind_document_and_text_filters_combine():
    assert ids(filter_commitments(REGISTER, kinds=("action", "pledge"))) == ["a", "b", "c"]
    assert ids(filter_commitments(REGISTER, doc_ids=("letter", "minutes"))) == ["d", "e"]
    assert ids(filter_commitments(REGISTER, kinds=("action",), text="8,500")) == ["a"]
    assert ids(filter_commitments(REGISTER)) == list("abcdef")


@pytest.mark.parametrize("kwargs, message", [
    ({"kinds": ("promise",)}, "unknown kind promise"),
    ({"overdue_on": "31/12/2021"}, "'31/12/2021'"),
    ({"due_before": "soon"}, "YYYY-MM-DD"),
])
def test_bad_filters_are_named_errors(kwargs, message):
    with pytest.raises(CommitmentFilterError, match=message):
        filter_commitments(REGISTER, **kwargs)
