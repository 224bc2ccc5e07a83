"""Recommendations and replies in layouts beyond the bundled letter."""

from __future__ import annotations

from indexer.recommendations import extract_recommendations, is_reply

REPLY = """Dear Chair,

Recommendation 1: The Council should publish its enforcement data every quarter by March 2023.

Response: We agree and will publish the data from April.

Recommendation 2
The Council should review the fly-tipping strategy.

Recommendation 3
The Council should hire six officers.

We will respond to recommendations 2 and 3 together. The strategy is under review.

I am grateful for the Committee's work.

Yours sincerely,

Jane Smith
Portfolio Holder for Community
"""


def test_a_reply_letter_pairs_labelled_and_grouped_responses():
    assert is_reply(REPLY)
    records = extract_recommendations(REPLY, replies=True)
    kinds = [(r.kind, r.numbers) for r in records]
    assert kinds == [("recommendation", ("1",)), ("response", ("1",)), ("recommendation", ("2",)),
                     ("recommendation", ("3",)), ("response", ("2", "3"))]
    first, answer = records[0], records[1]
    assert (first.owner, first.deadline, first.due) == ("The Council", "by March 2023", "2023-03-31")
    assert answer.text == "We agree and will publish the data from April."  # the label is dropped
    assert answer.owner == "Portfolio Holder for Community"
    assert REPLY[answer.start:answer.end] == answer.text
    assert records[4].text.endswith("The strategy is under review.")  # the closing thanks is not an answer
    assert records[2].answered_by == records[3].answered_by == records[4].id


def test_a_report_states_recommendations_without_answers():
    report = REPLY.split("Yours sincerely")[0]
    records = extract_recommendations(report, replies=is_reply(report))
    assert [r.kind for r in records] == ["recommendation"] * 3
