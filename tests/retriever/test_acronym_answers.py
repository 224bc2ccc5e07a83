""""What does X stand for?" answered from the glossary span that spells it out, cited verbatim."""

import pytest

from retriever.acronym_answers import acronym_entry
from retriever.query import understand


@pytest.mark.parametrize("question, expected", [
    ("met business plan - DWO stands for?", "Dedicated Ward Officers (DWOs) [1]"),
    ("what does nca stand for?", "National Crime Agency (NCA) [1]"),  # typed in lower case
    ("what does IOM stand for now?", "Integrated Offender Management (IOM) [1]"),  # not NOW
])
def test_what_an_acronym_stands_for_is_quoted_from_where_a_document_spells_it_out(
        assistant, question, expected):
    answer = assistant.ask(question)
    assert not answer.abstained and " ".join(answer.answer.split()) == expected
    citation = answer.citations[0]
    assert assistant.index.documents[citation.doc_id].text[citation.start:citation.end] == citation.quote


def test_the_document_the_question_points_at_gives_its_own_expansion(assistant):
    # CE is Child Exploitation in MOPAC's draft plan and Central East (a BCU) in the business plan
    draft = assistant.ask("what does CE stand for in the draft police and crime plan?")
    plan = assistant.ask("in the met business plan's list of BCUs, what does CE stand for?")
    assert draft.answer.startswith("Child Exploitation") and draft.citations[0].doc_id.startswith("mopac")
    assert "Central East" in plan.answer and plan.citations[0].doc_id.startswith("met-business")
    # STRIDE is spelled out differently by the two plans, and the glossary holds only the Met's:
    # for the draft plan the search answers, quoting the draft plan's own words
    draft = assistant.ask("what does STRIDE stand for in the draft police and crime plan 2021-25?")
    assert "Strategy for Diversity, Inclusion and Engagement" in " ".join(draft.answer.split())


@pytest.mark.parametrize("question", [
    "what is the TDIU?",  # asks what it is, not what the letters stand for
    "what does QWZX stand for?",  # no document spells it out
])
def test_other_questions_are_left_to_the_search(assistant, loaded_index, question):
    query = understand(question, [], loaded_index.glossary)
    assert acronym_entry(loaded_index, query, assistant.search(question).hits) is None
