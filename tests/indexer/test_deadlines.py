"""Deadlines as written, normalised to the last day of their period (UK financial-year quarters)."""

from __future__ import annotations

import pytest

from indexer.deadlines import find_deadline, parse_deadline


@pytest.mark.parametrize("cell, due, label", [
    ("Q3 2021/22", "2021-12-31", "Q3 2021/22"),
    ("Q4 2021/22", "2022-03-31", "Q4 2021/22"),
    ("Q1 2022/23", "2022-06-30", "Q1 2022/23"),
    ("Q1 2022-23", "2022-06-30", "Q1 2022/23"),
    ("Q4 2021/22 and onwards", "2022-03-31", "Q4 2021/22"),
    ("Quarter 2, 2018-19", "2018-09-30", "Q2 2018/19"),
    ("By Quarter 4, 2018-19", "2019-03-31", "Q4 2018/19"),
    ("Quarter 3 and 4, 2018-19", "2019-03-31", "Q4 2018/19"),
    ("2022/23", "2023-03-31", "2022/23"),
    ("March 2022", "2022-03-31", "March 2022"),
    ("30 September 2022", "2022-09-30", "30 September 2022"),
    ("23/03/2022", "2022-03-23", "23 March 2022"),
])
def test_table_cell_deadlines_end_their_period(cell, due, label):
    parsed = parse_deadline(cell)
    assert parsed is not None and (parsed.text, parsed.due, parsed.label) == (cell, due, label)


def test_a_misprinted_financial_year_is_read_by_its_first_year():
    parsed = parse_deadline("Q4 2021/21")
    assert (parsed.text, parsed.due, parsed.label) == ("Q4 2021/21", "2022-03-31", "Q4 2021/22")


@pytest.mark.parametrize("cell", ["Commander Public", "2016-2020", "Q5 2021/22", "We will do it by 2022"])
def test_text_that_is_not_a_deadline_cell(cell):
    assert parse_deadline(cell) is None


def test_undated_cells_are_deadlines_without_a_date():
    parsed = parse_deadline("Ongoing")
    assert parsed is not None and parsed.due is None


@pytest.mark.parametrize("sentence, written, due", [
    ("a report be submitted to the June 2022 meeting of the Committee", "June 2022 meeting", "2022-06-30"),
    ("to set the targets by 30 September 2022.", "by 30 September 2022", "2022-09-30"),
    ("we will pilot a new approach in 2022 before committing", "in 2022", "2022-12-31"),
    ("commencing in Quarter 1, 2018-19.", "in Quarter 1, 2018-19", "2018-06-30"),
])
def test_deadlines_inside_running_text(sentence, written, due):
    found = find_deadline(sentence)
    assert found is not None and (found.text, found.due) == (written, due)
    assert sentence[found.start:found.end].endswith(written.split()[-1])


@pytest.mark.parametrize("sentence", ["strategy (CONTEST) published in June 2018.",
                                      "funding will normally be released within 21 days",
                                      "figures from 2016 to 2020"])
def test_dates_that_set_no_deadline(sentence):
    assert find_deadline(sentence) is None
