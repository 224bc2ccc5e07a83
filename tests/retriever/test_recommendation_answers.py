"""Questions about numbered recommendations and their responses, answered from the register."""

from retriever.query import understand
from retriever.recommendation_answers import answer_recommendation, response_to

LETTER = "mopac-letter-pcc-recommendations-2022-03-23"
ASSEMBLY = "assembly-pcc-response-draft-plan-2017"


def _quotes_are_verbatim(assistant, answer):
    for citation in answer.citations:
        text = assistant.index.documents[citation.doc_id].text
        assert text[citation.start:citation.end] == citation.quote


def test_reply_to_a_numbered_recommendation_quotes_the_letters_response(assistant):
    answer = assistant.ask("what did the Deputy Mayor say to recommendation 3?")
    assert not answer.abstained
    assert answer.answer.startswith("Response to recommendation 3 (Letter from the Deputy Mayor")
    assert "drugs strategy" in answer.answer
    assert {c.doc_id for c in answer.citations} == {LETTER}
    _quotes_are_verbatim(assistant, answer)
    assert len(answer.answer) <= 500


def test_a_number_used_by_both_documents_follows_the_year_the_question_names(assistant):
    answer = assistant.ask("what did the Assembly's 2017 recommendation 2 ask for?")
    assert answer.answer.startswith("Recommendation 2 (London Assembly Police and Crime Committee, 2017)")
    assert "commissioning powers" in answer.answer
    assert {c.doc_id for c in answer.citations} == {ASSEMBLY}


def test_without_a_year_both_documents_recommendations_are_named_with_their_sources(assistant):
    answer = assistant.ask("what is recommendation 5?")
    assert {c.doc_id for c in answer.citations} == {ASSEMBLY, LETTER}
    assert "(London Assembly Police and Crime Committee, 2017)" in answer.answer
    assert "(Letter from the Deputy Mayor for Policing and Crime, 2022-03-23)" in answer.answer
    assert len(answer.answer) <= 500


def test_two_part_question_takes_each_part_from_its_own_document(assistant):
    answer = assistant.ask("recommendation 1 - what did the 2017 Assembly response ask for, and what "
                           "did the Deputy Mayor's 2022 reply to recommendation 1 promise?")
    assert [c.doc_id for c in answer.citations] == [ASSEMBLY, LETTER]
    assert "knife crime" in answer.answer and "online harms" in answer.answer
    assert len(answer.answer) <= 500
    _quotes_are_verbatim(assistant, answer)


def test_a_reply_asked_of_a_document_without_replies_abstains_and_says_why(assistant):
    answer = assistant.ask("how did the Mayor respond to the Assembly's 2017 recommendation 1 on knife crime?")
    assert answer.abstained
    assert "lists recommendation 1, but no document holds a response to it" in answer.reason
    assert answer.passages  # the nearest passages are still shown


def test_a_number_no_document_uses_abstains_naming_the_numbering(assistant):
    answer = assistant.ask("what did the Deputy Mayor say in response to recommendation 17?")
    assert answer.abstained
    assert "no document has a recommendation 17" in answer.reason and "has 1-16" in answer.reason


def test_a_number_the_document_of_the_year_asked_lacks_abstains(assistant):
    # the 2017 response stops at 13; the 2022 letter's recommendation 14 is another document's
    answer = assistant.ask("What was Recommendation 14 in the Police and Crime Committee's 2017 "
                           "response to the draft plan?")
    assert answer.abstained and "no document of 2017 has a recommendation 14" in answer.reason
    answer = assistant.ask("what did the DMPC say to recommendation 14 in 2022?")
    assert not answer.abstained and answer.answer.startswith("Response to recommendation 14")


def test_yes_no_question_about_a_recommendation_is_answered_by_its_response(assistant):
    answer = assistant.ask("did MOPAC agree to publish a short summary of the plan for Londoners?")
    assert answer.answer.startswith("Response to recommendation 5")
    assert "website" in answer.answer


def test_grouped_response_answers_each_of_its_recommendations(loaded_index):
    records = loaded_index.data.commitments
    grouped = [r for r in records if r.kind == "response" and len(r.answers) > 1]
    assert grouped, "the 2022 letter groups some recommendations under one reply"
    for response in grouped:
        for rec_id in response.answers:
            recommendation = next(r for r in records if r.id == rec_id)
            assert response_to(loaded_index, recommendation) == response


def test_each_recommendation_gets_the_first_response_in_its_document_that_answers_it(loaded_index):
    records = loaded_index.data.commitments
    recommendations = [r for r in records if r.kind == "recommendation"]
    assert len(recommendations) > 20
    answered = 0
    for recommendation in recommendations:
        expected = next((r for r in records if r.kind == "response" and r.doc_id == recommendation.doc_id
                         and (recommendation.id in r.answers or r.id == recommendation.answered_by)), None)
        assert response_to(loaded_index, recommendation) == expected
        answered += expected is not None
    assert answered >= 16  # every recommendation of the 2022 letter has its reply


def test_questions_without_a_recommendation_number_are_left_to_search(loaded_index):
    query = understand("what did the Deputy Mayor say about delays in funding?", [], loaded_index.glossary)
    assert answer_recommendation(loaded_index, query, None) is None


def test_response_as_a_documents_name_is_not_a_request_for_a_reply(assistant):
    answer = assistant.ask("recommendation 9: what was it about in the Assembly's 2017 response, and what "
                           "was the recommendation 9 answered in the 2022 letter?")
    assert not answer.abstained
    assert answer.answer.startswith("Recommendation 9 (London Assembly Police and Crime Committee, 2017)")
    assert LETTER in {c.doc_id for c in answer.citations}


def test_the_deputy_mayors_response_to_a_number_is_the_reply(assistant):
    answer = assistant.ask("what was the Deputy Mayor's response to recommendation 4?")
    assert answer.answer.startswith("Response to recommendation 4 (Letter from the Deputy Mayor")


def test_a_follow_up_asks_what_its_earlier_turn_asked_of_the_reply(assistant):
    answer = assistant.ask("and on a date for the new community monitoring groups model?",
                           ["what did the Deputy Mayor say about delays in MOPAC funding to organisations?"])
    assert answer.answer.startswith("Response to recommendation 7")
    assert "pilot a new approach in 2022" in answer.answer


def test_two_numbers_in_one_question_get_a_reply_each():
    from retriever.recommendation_answers import numbers_named

    assert numbers_named("what did the Deputy Mayor say to recommendations 4 and 5?") == ["4", "5"]
    assert numbers_named("recs 1, 2 & 3") == ["1", "2", "3"]
    assert numbers_named("(rec 12)") == ["12"]


def test_a_reply_that_gives_no_date_does_not_answer_what_date_was_given(assistant):
    # the reply promises to pilot a new approach in 2022 but names no date for it
    answer = assistant.ask("What date in 2022 did the DMPC give for full implementation of the new "
                           "Community Monitoring Groups model?")
    assert answer.abstained and not answer.answer.startswith("Response to recommendation 7")
