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


def test_whose_job_and_what_year_ask_the_owner_and_deadline(loaded_index):
    query = understand("the Met's walk and talk sessions on every BCU - whose job is that, and what year?",
                       [], loaded_index.glossary)
    row = match_action(loaded_index, query)
    assert row is not None and "Walk and Talk" in row.commitment.text


def test_follow_up_by_when_reaches_the_same_row(assistant):
    answer = assistant.ask("and by when?", ["who owns the DA Matters training action?"])
    assert "Q3 2021/22" in answer.answer


def test_questions_that_do_not_ask_owner_or_deadline_skip_the_register(loaded_index):
    query = understand("how many frontline staff will get DA Matters training?", [], loaded_index.glossary)
    assert match_action(loaded_index, query) is None
    vague = understand("who owns the budget?", [], loaded_index.glossary)
    assert match_action(loaded_index, vague) is None


COURSE = "VAWG plan - who owns the digital media investigator course and when's it due"


def test_a_follow_up_naming_another_action_asks_its_owner_and_deadline_too(assistant):
    answer = assistant.ask("and the victim care improvement forum?", [COURSE])
    assert not answer.abstained
    assert answer.answer.startswith("A Victim Care Improvement forum is to be established")
    assert "Commander Investigations" in answer.answer and "Q3 2021/22" in answer.answer
    for citation in answer.citations:
        document = assistant.index.documents[citation.doc_id].text
        assert document[citation.start:citation.end] == citation.quote


def test_a_follow_up_that_asks_something_else_is_not_answered_from_the_register(assistant):
    answer = assistant.ask("how much is that course costing?", [COURSE])
    assert answer.abstained and answer.reason == "the closest passages state no amount of money"


def test_match_action_reads_the_earlier_turn_only_for_a_follow_up(loaded_index):
    follow_up = understand("and the victim care improvement forum?", [COURSE], loaded_index.glossary)
    assert match_action(loaded_index, follow_up, [COURSE]) is not None
    alone = understand("the victim care improvement forum", [], loaded_index.glossary)
    assert match_action(loaded_index, alone, [COURSE]) is None  # asks no owner or deadline itself


def test_a_row_that_holds_fewer_of_the_question_words_than_the_best_window_gives_way(
        assistant, loaded_index):
    from indexer.tokenizer import tokenize

    question = "who is leading the independent review of Met culture and standards?"
    query = understand(question, [], loaded_index.glossary)
    row = match_action(loaded_index, query)  # another review of culture and standards
    assert row is not None and "Parliamentary and Diplomatic Protection Command" in row.commitment.text
    casey = frozenset(tokenize("The Commissioner has appointed Baroness Casey of Blackstock to lead an "
                               "independent external review of the Met's culture and professional standards."))
    assert match_action(loaded_index, query, rival=casey) is None
    assert match_action(loaded_index, query, rival=frozenset(tokenize(row.commitment.text))) == row
    answer = assistant.ask(question)
    assert not answer.abstained and "Baroness Casey" in answer.answer
    assert "Parliamentary" not in answer.answer
