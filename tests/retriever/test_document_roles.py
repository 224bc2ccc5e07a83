"""A letter's addressee, signatory and date, a meeting's chair and a foreword's author, answered
from the lines that state them and cited verbatim."""

import pytest

from retriever.document_roles import role_lines
from retriever.query import understand

LETTER = "(Letter from the Deputy Mayor for Policing and Crime, 2022-03-23)"


@pytest.mark.parametrize("question, expected", [
    ("who was the deputy mayor's march 2022 letter sent to?",
     f"Addressed to: Susan Hall AM Chair of the Police and Crime Committee [1] {LETTER}"),
    ("who signed the letter on the committee's recommendations?",
     f"Signed by: Sophie Linden, Deputy Mayor for Policing and Crime [1] {LETTER}"),
    ("what date is on the MOPAC reply letter?", f"Date: 23/03/2022 [1] {LETTER}"),
    ("when was the deputy mayor's reply to the committee dated?", f"Date: 23/03/2022 [1] {LETTER}"),
    # the search ranks the letter's passages 7th: a question about "the letter" says little else
    ("who was the MOPAC reply letter addressed to?",
     f"Addressed to: Susan Hall AM Chair of the Police and Crime Committee [1] {LETTER}"),
    ("what is the date of the letter from mopac?", f"Date: 23/03/2022 [1] {LETTER}"),
    ("who chaired o&s on 14 dec?",
     "Chair: Councillor Sachin Shah [1] (Harrow Overview and Scrutiny Committee, 2021-12-14)"),
    ("who wrote the foreword to the met business plan?",
     "Foreword by: Cressida Dick Commissioner of Police of the Metropolis [1] "
     "(Metropolitan Police Service Business Plan 2018-19, 2018)"),
])
def test_role_questions_are_answered_from_the_lines_that_state_them(assistant, question, expected):
    answer = assistant.ask(question)
    assert not answer.abstained and answer.answer == expected
    for citation in answer.citations:
        assert assistant.index.documents[citation.doc_id].text[citation.start:citation.end] == citation.quote


def test_a_plan_with_two_forewords_names_both_authors(assistant):
    answer = assistant.ask("who wrote the forewords of the draft police and crime plan?")
    assert [c.quote for c in answer.citations] == ["Sadiq Khan, Mayor of London",
                                                   "Sophie Linden, Deputy Mayor for Policing and Crime"]


@pytest.mark.parametrize("question", [
    "who will chair the London Drugs Forum?",  # a body still to be set up, not the meeting
    "who chaired the police and crime committee meeting in january 2017?",  # another year
    "who wrote the foreword to the met vawg plan?",  # an appendix of the minutes, no foreword section
    "how many written submissions did the letter say came in?",  # asks nothing of the letter's lines
    # the date of something the letter speaks of, not the letter's own
    "on what date will the refreshed VAWG strategy be published, according to the DMPC's letter?",
])
def test_questions_about_other_chairs_years_or_documents_are_not_role_questions(
        assistant, loaded_index, question):
    query = understand(question, [], loaded_index.glossary)
    assert role_lines(loaded_index, query, assistant.search(question).hits) is None
    answer = assistant.ask(question)
    assert "Sachin Shah" not in answer.answer and "Sadiq Khan" not in answer.answer


def test_a_follow_up_about_the_letter_asks_of_the_same_letter(assistant):
    answer = assistant.ask("and who signed it?", ["who was the march 2022 letter from MOPAC addressed to?"])
    assert answer.answer.startswith("Signed by: Sophie Linden")
