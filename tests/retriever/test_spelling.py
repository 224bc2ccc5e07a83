"""Typing slips mended from the documents' own words, and what is left alone."""

from retriever.abstain import document_words
from retriever.spelling import mended, one_slip_away

COUNTS = {"operation": 40, "encompass": 3, "londoners": 90, "stabbing": 2, "plan": 300, "copper": 1}


def test_one_slip_covers_dropped_added_changed_and_swapped_letters():
    near = one_slip_away("plan")
    assert {"pla", "plans", "plen", "lpan"} <= near and "plan" not in near
    assert "pnal" not in near  # two swaps away


def test_a_word_the_documents_never_use_becomes_their_word_one_slip_away():
    assert mended("what will Opertaion Encompass do", COUNTS) == "what will Operation Encompass do"
    assert mended("Black Londonrs", COUNTS) == "Black Londoners"


def test_short_words_unknown_names_other_forms_and_everyday_words_are_left_alone():
    assert mended("the plna", COUNTS) == "the plna"  # too short to be sure
    assert mended("what is Zorblax", COUNTS) == "what is Zorblax"  # nothing one slip away
    assert mended("how many stabbings", COUNTS) == "how many stabbings"  # search matches it already
    assert mended("any coppers", COUNTS, keep={"copper"}) == "any coppers"


def test_a_known_english_word_is_no_slip_for_a_document_word():
    counts = {"brought": 12, "handling": 4}
    assert mended("what was bought", counts) == "what was brought"  # without a dictionary
    assert mended("what was bought", counts, known={"bought"}) == "what was bought"


def test_the_model_vocabulary_knows_common_words_and_not_slips(embedder):
    words = embedder.vocabulary_words()
    assert {"bought", "handing", "counts", "yearly"} <= words
    assert not {"opertaion", "londonrs", "homicdies"} & words


def test_the_real_documents_mend_a_misspelt_operation_and_the_answer_finds_it(assistant, loaded_index):
    assert mended("Opertaion Encompass", document_words(loaded_index)) == "Operation Encompass"
    answer = assistant.ask("what will Opertaion Encompass do for schools?")
    assert answer.query == "what will Operation Encompass do for schools?"
    assert not answer.abstained and "Operation Encompass" in answer.answer
