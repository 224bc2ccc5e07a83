"""Choosing answer sentences: what counts towards a sentence and which windows join the answer."""

from __future__ import annotations

from indexer.tokenizer import token_set
from retriever.compose import MAX_ANSWER_CHARS, ScoredSentence, choose, sentence_text, title_words
from retriever.compose import _TYPE_EVIDENCE, _weighted_terms
from retriever.query import understand


def _window(index, sentence: int, score: float) -> ScoredSentence:
    return ScoredSentence(sentence, (sentence,), position=0, hit_rank=1, score=score, dense=score,
                          overlap=0.0, type_match=False)


def _sentences_of(index, doc_id: str) -> list[int]:
    return [i for i, s in enumerate(index.data.sentences)
            if s.doc_id == doc_id and len(sentence_text(index, i).split()) >= 6]


def test_a_comparison_takes_the_first_window_from_the_other_document_that_fits(loaded_index):
    met = _sentences_of(loaded_index, "met-business-plan-2018-19")
    plan = _sentences_of(loaded_index, "mopac-police-crime-plan-2021-25-draft")
    best = min(met, key=lambda i: abs(len(sentence_text(loaded_index, i)) - 150))
    too_long = max(plan, key=lambda i: len(sentence_text(loaded_index, i)))
    fits = min(plan, key=lambda i: abs(len(sentence_text(loaded_index, i)) - 100))
    assert len(sentence_text(loaded_index, best)) + len(sentence_text(loaded_index, too_long)) \
        > MAX_ANSWER_CHARS
    query = understand("the Met business plan vs the draft plan on front counters", [],
                       loaded_index.glossary)
    ranked = [_window(loaded_index, best, 1.0), _window(loaded_index, too_long, 0.5),
              _window(loaded_index, fits, 0.4)]
    chosen = choose(loaded_index, query, ranked)
    assert too_long not in chosen and fits in chosen


def test_words_of_a_document_title_weigh_less_than_what_the_question_asks_about(loaded_index):
    assert all(token_set(word) <= title_words(loaded_index)
               for word in ("business", "minutes", "letter", "draft", "Linden"))  # and authors
    query = understand("in the business plan, how many volunteer cadets are there?", [],
                       loaded_index.glossary)
    weights = _weighted_terms(loaded_index, query)
    assert weights["business"] < weights["cadet"] / 3


def test_the_words_of_a_web_address_are_not_what_a_sentence_says(loaded_index):
    sentence = next(i for i in range(len(loaded_index.data.sentences))
                    if "www.met.police.uk" in sentence_text(loaded_index, i))
    tokens = loaded_index.sentence_tokens[sentence]
    assert "violence" in tokens  # the words around the address still count
    assert not {"www", "uk", "https"} & tokens


def test_a_schedule_row_without_a_date_takes_the_date_heading_its_rows(loaded_index):
    row = next(i for i in range(len(loaded_index.data.sentences))
               if sentence_text(loaded_index, i).startswith("North West BCU - Harrow"))
    query = understand("when was the BCU covering Harrow, Brent and Barnet due to roll out?", [],
                       loaded_index.glossary)
    chosen = choose(loaded_index, query, [_window(loaded_index, row, 1.0)])
    assert sentence_text(loaded_index, chosen[0]) == "Quarter 3, 2018-19"  # not Quarter 1, above it
    assert row in chosen
    # a question that is not about when takes the row alone
    query = understand("which BCU covers Harrow, Brent and Barnet?", [], loaded_index.glossary)
    assert chosen[0] not in choose(loaded_index, query, [_window(loaded_index, row, 1.0)])


def test_a_list_answer_enumerates_and_a_lone_and_is_no_list():
    lists = _TYPE_EVIDENCE["list"]
    assert lists.search("true to our values: professionalism, integrity, courage and compassion")
    assert lists.search("Areas such as the magistrates' courts, youth offending, and the witness service")
    assert lists.search("• Reducing violence")
    assert lists.search("There are four themes within this plan:")  # announces its items
    assert not lists.search("She explained the work being done and referred to the action plan.")
    assert not lists.search("The Commander made a presentation to the Committee, which covered a couple of "
                            "the slides attached to the minutes. She explained the work being done by "
                            "the Met and referred to the plan.")  # a clause, then two sentences
