"""The polite request around a question is not part of what is asked."""

import pytest

from retriever.politeness import without_request


@pytest.mark.parametrize("typed, asked", [
    ("can you tell me how much the VRU got?", "how much the VRU got?"),
    ("Could you please tell me who chairs the committee?", "who chairs the committee?"),
    ("and can you tell me who owns it?", "and who owns it?"),  # a follow-up keeps its connector
    ("Hi, can you tell me what a PSPO is?", "what a PSPO is?"),
    ("Do you know when the plan was published", "when the plan was published"),
    ("I'd like to know how many wards there are.", "how many wards there are."),
    ("please tell me the FPN baseline please?", "the FPN baseline?"),
    ("what are they, all nine pls", "what are they, all nine"),
    # nothing to unwrap, or nothing left inside
    ("what did the committee tell me?", "what did the committee tell me?"),
    ("can you tell me", "can you tell me"),
    ("can you?", "can you?"),
])
def test_the_question_inside_a_polite_request_is_what_is_asked(typed, asked):
    assert without_request(typed) == asked


def test_a_polite_question_the_documents_never_answer_still_abstains(assistant):
    # "can you ..." read as a yes/no question answered with the fly-tip FPN baseline
    answer = assistant.ask("can you tell me how much the FPN fine for fly-tipping in Harrow is?")
    assert answer.query == "how much the FPN fine for fly-tipping in Harrow is?"
    assert answer.abstained and answer.reason == "the closest passages state no amount of money"


def test_a_polite_question_the_documents_answer_is_answered(assistant):
    answer = assistant.ask("could you tell me what the PET fly-tip FPN baseline is, please")
    assert not answer.abstained and "21 per month" in answer.answer
