""""What is due by ...?" answered from the commitments register."""

from retriever.commitments import filter_commitments
from retriever.due_answers import answer_due
from retriever.query import understand


def test_due_by_a_quarter_counts_every_dated_commitment_up_to_its_end(assistant):
    answer = assistant.ask("what is due by Q4 2021/22?")
    expected = filter_commitments(assistant.index.data.commitments, due_before="2022-04-01",
                                  kinds=("action", "pledge", "milestone", "resolution"))
    assert not answer.abstained
    assert answer.answer.startswith(f"{len(expected)} commitments are due by Q4 2021/22 (on or before 2022-03-31)")
    assert "Q4 2021/22" in answer.answer and len(answer.answer) <= 500
    for citation in answer.citations:
        text = assistant.index.documents[citation.doc_id].text
        assert text[citation.start:citation.end] == citation.quote


def test_due_in_a_quarter_keeps_only_that_quarter_and_the_kind_named(loaded_index):
    query = understand("which actions are due in Q3 2021/22?", [], loaded_index.glossary)
    found = answer_due(loaded_index, query)
    assert found is not None and found.within and found.records
    assert all(r.kind == "action" and r.due == "2021-12-31" for r in found.records)


def test_a_date_nothing_is_due_by_gets_an_honest_abstention(assistant):
    answer = assistant.ask("what is due by Q1 2015/16?")
    assert answer.abstained
    assert answer.reason == "no commitment in the register is due by Q1 2015/16"


def test_when_is_x_due_is_not_a_due_list_question(loaded_index):
    query = understand("when is the DA Matters training due?", [], loaded_index.glossary)
    assert answer_due(loaded_index, query) is None
