"""Answers as the chat shows them: [n] links, quotes inside their passages, dates, document links."""

from __future__ import annotations

from retriever.answer import Answer, Citation, Passage
from server.answer_view import AnswerPart, answer_parts, display_date, document_href, excerpt, turn_of


def test_markers_become_links_only_when_the_citation_exists():
    assert answer_parts("Baseline is 21. [1] See [2] and [9].", {1, 2}) == [
        AnswerPart("Baseline is 21. "), AnswerPart("[1]", 1), AnswerPart(" See "),
        AnswerPart("[2]", 2), AnswerPart(" and [9].")]


def test_excerpt_keeps_the_quote_verbatim_with_context_cut_at_words():
    passage = "word " * 100 + "Baseline is 21 per month." + " tail" * 100
    cut = excerpt(passage, "Baseline is 21 per month.", context=30)
    assert cut.quote == "Baseline is 21 per month."
    assert cut.before.startswith("… ") and cut.before.endswith("word ") and len(cut.before) <= 34
    assert cut.after.endswith(" …") and len(cut.after) <= 34


def test_a_quote_outside_its_passage_is_still_shown():
    assert excerpt("something else", "the quote") == excerpt("", "the quote")
    assert excerpt("something else", "the quote").quote == "the quote"


def test_dates_read_as_people_write_them():
    assert display_date("2021-12-14") == "14 December 2021"
    assert display_date("2021-03") == "March 2021"
    assert display_date("2018") == "2018" and display_date(None) is None
    assert display_date("2021-13-40") == "2021-13-40"


def test_document_links_escape_the_id_and_carry_the_span():
    assert document_href("a b/c", start=3, end=9) == "/documents/a%20b%2Fc?start=3&end=9#quote"
    assert document_href("d", chunk="d:0001") == "/documents/d?chunk=d%3A0001#quote"
    assert document_href("d") == "/documents/d"


def test_an_abstention_shows_its_nearest_passages_and_no_citations():
    passage = Passage(rank=1, chunk_id="d:0001", doc_id="d", title="T", section=None,
                      text="x " * 300, score=0.1, bm25=None, dense=None)
    answer = Answer(question="q", history=(), query="q (expanded)", answer="I could not find this.",
                    abstained=True, reason="no amount", confidence=0.1, citations=(),
                    passages=(passage,) * 5)
    turn = turn_of(2, answer)
    assert turn.abstained and len(turn.passages) == 3 and turn.citations == ()
    assert turn.passages[0].text.endswith(" …") and len(turn.passages[0].text) <= 322


def test_a_cited_answer_links_each_card_to_its_quote():
    citation = Citation(n=1, doc_id="d", title="T", date="2021-12-14", section="PET", page=None,
                        quote="Baseline is 21.", start=40, end=55, passage="Intro. Baseline is 21. End.",
                        chunk_id="d:0000")
    answer = Answer(question="q", history=(), query="q", answer="Baseline is 21. [1]",
                    abstained=False, reason=None, confidence=0.9, citations=(citation,), passages=())
    card = turn_of(1, answer).citations[0]
    assert card.href == "/documents/d?start=40&end=55#quote" and card.date == "14 December 2021"
    assert (card.excerpt.before, card.excerpt.quote, card.excerpt.after) == ("Intro. ", "Baseline is 21.", " End.")
