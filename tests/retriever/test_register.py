"""Owner and deadline questions answered from the commitments register, cited verbatim."""

from retriever.query import understand
from retriever.register import match_action


def test_owner_question_cites_the_action_and_its_own_owner_and_deadline_lines(assistant):
    answer = assistant.ask("who owns the DA Matters training and by when?")
    assert not answer.abstained
    assert "Commander Public Protection" in answer.answer and "Q3 2021/22" in answer.answer
    assert "Commander Violence Reduction" not in answer.answer  # the row above's owner
    for citation in answer.citations:
        text = assistant.index.documents[citation.doc_id].text
        assert text[citation.start:citation.end] == citation.quote


def test_follow_up_by_when_reaches_the_same_row(assistant):
    answer = assistant.ask("and by when?", ["who owns the DA Matters training action?"])
    assert "Q3 2021/22" in answer.answer


def test_questions_that_do_not_ask_owner_or_deadline_skip_the_register(loaded_index):
    query = understand("how many frontline staff will get DA Matters training?", [], loaded_index.glossary)
    assert match_action(loaded_index, query) is None
    vague = understand("who owns the budget?", [], loaded_index.glossary)
    assert match_action(loaded_index, vague) is None
