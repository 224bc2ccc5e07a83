"""Filtering the commitments register: owner, kind, document, due dates, overdue, text."""

from __future__ import annotations

from datetime import date

import pytest

from indexer.schema import Commitment
from retriever.commitments import (CommitmentFilterError, filter_commitments, is_overdue,
                                  parse_date, sort_commitments)
from retriever.filter_checks import UnknownFilterDocument, check_doc_ids


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


def test_text_matches_the_owner_too():
    assert ids(filter_commitments(REGISTER, text="local policing")) == ["b"]
    assert ids(filter_commitments(REGISTER, text="mopac")) == ["d"]


def test_today_is_a_date():
    assert parse_date(" Today ") == date.today()
    assert ids(filter_commitments(REGISTER, overdue_on="today")) == ["a", "b", "e", "f"]


def test_sort_by_due_puts_undated_last_both_ways_and_keeps_ties_in_order():
    assert ids(sort_commitments(REGISTER, "due")) == ["f", "a", "b", "d", "e", "c"]
    assert ids(sort_commitments(REGISTER, "-due")) == ["d", "e", "b", "a", "f", "c"]


def test_sort_by_owner_ignores_case_and_line_breaks():
    assert ids(sort_commitments(REGISTER, "owner")) == ["a", "b", "d", "c", "e", "f"]
    assert ids(sort_commitments(REGISTER, "-document")) == list("fedcba")
    assert ids(sort_commitments(REGISTER, "doc")) == ["f", "a", "b", "c", "d", "e"]


def test_unknown_sort_or_document_is_a_named_error():
    with pytest.raises(CommitmentFilterError, match="sort must be one of document, due, owner"):
        sort_commitments(REGISTER, "colour")
    with pytest.raises(UnknownFilterDocument, match="unknown document nope; known: harrow, letter"):
        check_doc_ids(["harrow", "nope"], ["letter", "harrow"])
    with pytest.raises(UnknownFilterDocument, match="^filters.doc_ids names unknown document nope; known: harrow$"):
        check_doc_ids(["nope"], ["harrow"], "filters.doc_ids")
    check_doc_ids([], [])


@pytest.mark.parametrize("kwargs, message", [
    ({"kinds": ("promise",)}, "unknown kind promise"),
    ({"overdue_on": "31/12/2021"}, "'31/12/2021'"),
    ({"due_before": "soon"}, "YYYY-MM-DD"),
])
def test_bad_filters_are_named_errors(kwargs, message):
    with pytest.raises(CommitmentFilterError, match=message):
        filter_commitments(REGISTER, **kwargs)
