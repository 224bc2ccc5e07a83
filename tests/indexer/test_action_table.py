"""Flattened action tables in the layouts PDF extraction produces, beyond the bundled corpus."""

from __future__ import annotations

import pytest

from indexer.action_table import extract_action_rows

ROWS = [("We will expand weapons sweeps in every borough with partners and community groups.",
         "Commander Violence Reduction", "Q3 2021/22"),
        ("We will train 2,000 officers in trauma-informed practice so that victims are supported.",
         "Commander Public Protection", "Q4 2021/22")]

LAYOUTS = {
    "owner and deadline after the text": """Tackling knife crime
We will expand weapons sweeps in every borough with partners and
community groups.

Commander Violence
Reduction
Q3 2021/22

We will train 2,000 officers in trauma-informed practice so that
victims are supported.

Commander Public
Protection
Q4 2021/22
""",
    "owner and deadline before the text": """Tackling knife crime
Commander Violence
Reduction
Q3 2021/22
We will expand weapons sweeps in every borough with partners and
community groups.

Commander Public
Protection
Q4 2021/22
We will train 2,000 officers in trauma-informed practice so that
victims are supported.
""",
    "owner and deadline on one line": """Tackling knife crime
We will expand weapons sweeps in every borough with partners and
community groups.
Commander Violence Reduction Q3 2021/22
We will train 2,000 officers in trauma-informed practice so that
victims are supported.
Commander Public Protection Q4 2021/22
""",
    "deadline above its owner": """Tackling knife crime
We will expand weapons sweeps in every borough with partners and
community groups.
Q3 2021/22
Commander Violence Reduction
We will train 2,000 officers in trauma-informed practice so that
victims are supported.
Q4 2021/22
Commander Public Protection
""",
    "two texts then two stacked cells": """Tackling knife crime
We will expand weapons sweeps in every borough with partners and
community groups.
We will train 2,000 officers in trauma-informed practice so that
victims are supported.

Commander Violence Reduction
Q3 2021/22
Commander Public Protection
Q4 2021/22
""",
}


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_rows_are_rebuilt_whatever_the_order_of_the_cells(layout):
    rows = extract_action_rows(LAYOUTS[layout])
    assert [(r.text, r.owner, r.deadline) for r in rows] == ROWS


def test_the_quote_span_covers_the_action_text():
    text = LAYOUTS["owner and deadline before the text"]
    rows = extract_action_rows(text)
    assert text[rows[0].start:rows[0].end] == ("We will expand weapons sweeps in every borough with partners and\n"
                                               "community groups.")


def test_a_lone_owner_and_date_is_not_a_table():
    text = "Overview and Scrutiny\nCommittee\n14 December 2021\n\nThe Chair welcomed everyone.\n"
    assert extract_action_rows(text) == []


def test_tables_that_kept_their_cells_give_one_row_per_line():
    from indexer.delimited_rows import extract_delimited_rows

    text = ("| Action | Owner | Deadline |\n|---|---|---|\n"
            "| We will expand weapons sweeps in every borough | Commander Violence Reduction | Q3 2021/22 |\n"
            "We will train 2,000 officers\tCommander Public Protection\tQ4 2021/22\n")
    rows = extract_delimited_rows(text)
    assert [(r.text, r.owner, r.deadline, r.due) for r in rows] == [
        ("We will expand weapons sweeps in every borough", "Commander Violence Reduction", "Q3 2021/22",
         "2021-12-31"),
        ("We will train 2,000 officers", "Commander Public Protection", "Q4 2021/22", "2022-03-31")]
    assert all(text[r.start:r.end] == r.text for r in rows)
