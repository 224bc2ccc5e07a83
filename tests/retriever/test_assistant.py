"""Answers end to end on the real corpus: cited, verified, short, and honest when silent."""

from __future__ import annotations

import logging

import pytest

from retriever import assistant as assistant_module
from retriever.answer import Citation
from retriever.assistant import NOT_FOUND, QuestionError

ANSWER_KEYS = {"question", "history", "query", "answer", "abstained", "reason", "confidence",
               "citations", "passages", "timings_ms"}
CITATION_KEYS = {"n", "doc_id", "title", "date", "section", "page", "quote", "start", "end",
                 "passage", "chunk_id"}
PASSAGE_KEYS = {"rank", "chunk_id", "doc_id", "title", "section", "text", "score", "bm25", "dense"}


def test_pet_baseline_is_answered_from_the_pet_slide(assistant):
    answer = assistant.ask("what is the PET fly-tip FPN baseline?")
    assert not answer.abstained and "21 per month" in answer.answer
    first = answer.citations[0]
    assert first.doc_id == "harrow-osc-minutes-2021-12-14" and first.date == "2021-12-14"
    assert first.section.startswith("PET")
    assert "[1]" in answer.answer and len(answer.answer) <= 500


def test_follow_up_about_hmos_answers_140_and_shows_the_rewritten_query(assistant):
    answer = assistant.ask("what was the baseline for HMOs?", ["what is the PET fly-tip FPN baseline?"])
    assert not answer.abstained and "140" in answer.answer
    assert answer.query != answer.question and "PET" in answer.query


def test_every_quote_is_verbatim_in_its_document(assistant):
    for question in ("who signed the letter to Susan Hall?", "how many Londoners were surveyed?",
                     "what is the Met's mission?"):
        answer = assistant.ask(question)
        for citation in answer.citations:
            text = assistant.index.documents[citation.doc_id].text
            assert text[citation.start:citation.end] == citation.quote
            assert citation.quote in citation.passage or citation.start >= 0


def test_a_citation_that_fails_verification_is_dropped_and_logged(assistant, monkeypatch, caplog):
    real_compose = assistant_module.compose

    def tampered(index, chosen, hits):
        text, citations = real_compose(index, chosen, hits)
        forged = Citation(**{**citations[0].__dict__, "quote": "Baseline is 99 per month."})
        return text, [forged] + citations[1:]

    monkeypatch.setattr(assistant_module, "compose", tampered)
    with caplog.at_level(logging.WARNING, logger="retriever.verify"):
        answer = assistant.ask("what is the PET fly-tip FPN baseline?")
    assert "99 per month" not in answer.answer
    assert all(c.quote != "Baseline is 99 per month." for c in answer.citations)
    assert "not found verbatim" in caplog.text


@pytest.mark.parametrize("question", [
    "how much is the FPN fine for fly-tipping in Harrow?",
    "how many police officers work in Manchester?",
    "what was the Met's sanction detection rate for domestic abuse in 2017-18?",  # other DA figures only
])
def test_questions_the_corpus_never_answers_abstain_with_nearest_passages(assistant, question):
    answer = assistant.ask(question)
    assert answer.abstained and answer.answer == NOT_FOUND and answer.reason
    assert answer.citations == () and len(answer.passages) == 10


def test_a_who_question_typed_without_its_apostrophe_is_still_a_who_question(assistant):
    # "whos" used to be no who-question: the role check was skipped and a sentence that names no
    # leader answered
    answer = assistant.ask("whos the officer leading the Violent Crime Task Force?")
    assert answer.question == "who's the officer leading the Violent Crime Task Force?"
    assert answer.abstained and answer.reason == "the closest passages do not say who leads or chairs it"


def test_a_phones_curly_apostrophe_asks_what_the_straight_one_asks(assistant):
    curly = assistant.ask("who wrote the Met’s business plan foreword?")
    straight = assistant.ask("who wrote the Met's business plan foreword?")
    assert curly.query == straight.query == "who wrote the Met's business plan foreword?"
    assert curly.answer == straight.answer and "Cressida Dick" in curly.answer


def test_a_names_possessive_typed_without_its_apostrophe_is_searched_with_it(assistant):
    answer = assistant.ask("how large is the mets VPC")
    assert answer.query == "how large is the met's VPC"
    assert not answer.abstained and "5,000" in answer.answer


def test_a_name_the_documents_never_use_abstains_before_the_register_can_answer(assistant):
    # "what did the X review find?" reads as a question about a recommendation's reply, and the
    # letter's reply table answered it for any X
    answer = assistant.ask("what did the Zorblax review find?")
    assert answer.abstained and answer.reason == "the documents never mention Zorblax"
    assert answer.citations == () and len(answer.passages) == 10


def test_a_word_capitalised_only_because_it_opens_the_question_is_not_a_name(assistant):
    # the documents never use the word "deadline"; they give the consultation's closing date
    answer = assistant.ask("Deadline for responses to the draft Police and Crime Plan consultation?")
    assert not answer.abstained and "21 January 2022" in answer.answer


@pytest.mark.parametrize("question, key", [
    ("how many written submissions did the consultation receive?", "213"),
    ("who is the Deputy Mayor for Policing and Crime?", "Sophie Linden"),  # a title's holder
    ("how many devices did the Met's mobility programme deploy?", "30,000 devices"),  # count beside it
    ("when did the Met publish its Rebuilding Trust plan?", "8 October 2021"),
    ("who chairs the Performance Group?", "chaired by the Deputy Commissioner"),
    ("how does the plan define extremism?", "vocal or active opposition"),
    # the best-scoring sentence only describes the pilots; a close one after it says who leads
    ("who will head each new BCU?", "led by an interim BCU commander and chief superintendent"),
    # a flattened table: the row's label, then its value; not the previous row's value, then the label
    ("what baseline does the PET give for open service requests on suspected HMOs?", "Baseline is 140"),
    # both abstained under the old confidence threshold, with the answer in the first passage
    ("How many Londoners were surveyed as part of the consultation on the draft Police and Crime "
     "Plan, according to Sophie Linden's letter?", "2,726 Londoners"),
    ("the met business plan keeps saying DWOs - what does that mean in plain english?",
     "Dedicated Ward Officers"),
])
def test_questions_the_corpus_answers_do_not_abstain(assistant, question, key):
    answer = assistant.ask(question)
    assert not answer.abstained and key in answer.answer


@pytest.mark.parametrize("question, reason", [
    ("when will the London Drugs Forum first meet?", "state no date or time for this"),
    ("when was the PCC Review published?", "state no date or time for this"),  # "Act 2011" is a name
    ("how many extra IDVAs did the committee want funded?", "state no number for this"),
    ("how many Safer Neighbourhood Bases will the Met close?", "count something else"),
    ("how much is the Digital Media Investigator course costing?", "state no amount of money"),
    ("how much does the Home Office give the VRU?", "give only sums from another funder"),
    ("how much is the MetTrace project costing?", "price something else"),
    ("who is going to chair the Online Harms Working Group?", "do not say who leads or chairs it"),
    ("who is the Commander Head of Profession for Safeguarding at the Met?",
     "name no one beyond the title asked about"),
    ("which borough hosts MOPAC's Young Adults Hub pilot?", "name no borough for this"),
    ("how is a lethal barrel gun discharge defined in the draft plan?", "do not define it"),
])
def test_an_answer_whose_quotes_lack_what_was_asked_abstains_and_says_what(assistant, question, reason):
    answer = assistant.ask(question)
    assert answer.abstained and answer.reason == f"the closest passages {reason}"
    assert answer.citations == () and answer.passages  # the nearest passages are still shown


def test_answer_json_has_the_documented_shape(assistant):
    data = assistant.ask("what is the PET fly-tip FPN baseline?").to_json()
    assert set(data) == ANSWER_KEYS
    assert set(data["citations"][0]) == CITATION_KEYS
    assert set(data["passages"][0]) == PASSAGE_KEYS
    assert set(data["timings_ms"]) == {"search", "answer", "total"}
    assert [p["rank"] for p in data["passages"]] == list(range(1, 11))


@pytest.mark.parametrize("question, message", [
    ("", "empty"), ("   \n\t ", "empty"), ("?!...", "no words"), ("x" * 10_000, "characters long"),
])
def test_unusable_questions_get_a_clear_error(assistant, question, message):
    with pytest.raises(QuestionError, match=message):
        assistant.ask(question)


def test_non_english_question_is_handled_without_crashing(assistant):
    answer = assistant.ask("¿Cuál es el número de agentes de policía en Londres?")
    assert answer.abstained or answer.citations


def test_a_fifty_turn_history_keeps_the_recent_turns(assistant):
    history = [f"question number {i} about fly tipping" for i in range(49)]
    history.append("what is the PET fly-tip FPN baseline?")
    answer = assistant.ask("what was the baseline for HMOs?", history)
    assert len(answer.history) == 20 and "140" in answer.answer


@pytest.mark.parametrize("follow_up", ["and what about HMOs?", "and the HMO one?",
                                       "what was the baseline for HMOs?"])
def test_a_follow_up_that_swaps_the_subject_gets_the_earlier_attribute_of_it(assistant, follow_up):
    answer = assistant.ask(follow_up, ["what is the PET fly-tip FPN baseline?"])
    assert not answer.abstained and "Baseline is 140" in answer.answer
    assert "21 per month" not in answer.answer  # not the fly-tip baseline asked before


def test_answer_names_each_source_and_date_when_quotes_come_from_two_documents():
    from retriever.assistant import render

    def cite(n, doc_id, title, date, quote):
        return Citation(n=n, doc_id=doc_id, title=title, date=date, section=None, page=None,
                        quote=quote, start=0, end=len(quote), passage=quote, chunk_id=f"{doc_id}:0000")

    one = cite(1, "assembly", "London Assembly Police and Crime Committee: response to the draft Plan",
               "2017", "Recommendation 1 asked for engagement with young people.")
    two = cite(2, "letter", "Letter from the Deputy Mayor for Policing and Crime to the Chair", "2022-03-23",
               "We will convene an Online Harms Working Group.")
    text = render([one, two])
    assert "[1] (London Assembly Police and Crime Committee, 2017)" in text
    assert "[2] (Letter from the Deputy Mayor for Policing and Crime, 2022-03-23)" in text
    assert render([one]) == "Recommendation 1 asked for engagement with young people. [1]"


def test_what_someone_said_about_something_is_answered_with_more_than_one_line(assistant):
    answer = assistant.ask("what did the Deputy Mayor say about delays in MOPAC funding to organisations?")
    assert not answer.abstained
    assert "suffered some delays" in answer.answer and "21 days" in answer.answer


def test_a_question_about_a_decision_quotes_what_was_resolved(assistant):
    answer = assistant.ask("what did the committee resolve on the community safety strategic assessment")
    assert "RESOLVED" in answer.answer


def test_a_year_the_closest_passages_never_name_is_not_answered_with_another_years_figures(assistant):
    answer = assistant.ask("what is the council tax forecast for the met in 2022-23?")
    assert answer.abstained
    assert answer.reason == "the closest passages give nothing for 2022-23"


def test_missing_periods_reads_every_spelling_and_ignores_plan_periods():
    from retriever.abstain import missing_periods

    assert missing_periods("figures for 2022-23?", ["the 2022/23 budget"]) == ()
    assert missing_periods("figures for 2022/23?", ["in 2022-2023 we"]) == ()
    assert missing_periods("figures for 2022-23?", ["in 2021-22 we"]) == ("2022-23",)
    assert missing_periods("what does the 2021-25 plan say?", ["nothing"]) == ()


def test_a_year_asked_for_must_be_named_by_a_cited_passage_its_title_or_date():
    from retriever.abstain import missing_years

    assert missing_years("how many victims were there in 2016?", ["rising over the past four years"]) == ("2016",)
    assert missing_years("how many victims were there in 2016?", ["in 2016, 1,742 victims"]) == ()
    # a year that names a document or opens a span is not a year asked for
    assert missing_years("what did the 2017 response say?", ["nothing"]) == ()
    assert missing_years("what did the committee say in 2017 response?", ["nothing"]) == ()
    assert missing_years("figures for 2018-19?", ["nothing"]) == ()
    assert missing_years("what target for 2025?", ["nothing"]) == ("2025",)


def test_a_figure_for_a_year_no_cited_passage_names_abstains(assistant):
    answer = assistant.ask("how many victims of serious youth violence were there in 2016")
    assert answer.abstained and answer.reason == "the closest passages give nothing for 2016"


def test_a_place_the_cited_passages_never_mention_is_not_answered_with_london_wide_figures(assistant):
    for question in ("how many police officers work in Manchester?",
                     "how many knife crime offences were there in croydon last year?"):
        answer = assistant.ask(question)
        assert answer.abstained, question
        assert answer.reason.startswith("the closest passages never mention")


def test_a_follow_up_answered_from_passages_about_something_else_abstains(assistant, loaded_index):
    from retriever.abstain import lost_subject
    from retriever.query import understand

    history = ["what are harrow's local policing priorities for 2018-19?"]
    query = understand("and how many burglaries did it have last year?", history, loaded_index.glossary)
    london = "burglary of homes and businesses went up by almost 12 per cent last year"
    assert "priority" in lost_subject(loaded_index, query, [london])
    assert lost_subject(loaded_index, query, [f"The local priorities: {london}"]) == ()
    answer = assistant.ask("and how many burglaries did harrow have last year?", history)
    assert answer.abstained
    # the earlier turn's subject in the cited passage: answered
    answer = assistant.ask("what was the baseline for HMOs?", ["what is the PET fly-tip FPN baseline?"])
    assert not answer.abstained and "140" in answer.answer


def test_places_the_documents_use_are_recognised_as_names_in_any_case(loaded_index):
    from retriever.abstain import proper_nouns

    names = proper_nouns(loaded_index)
    assert {"croydon", "harrow", "manchester"} <= names
    assert "police" not in names and "crime" not in names


def test_a_list_question_answered_by_an_announcement_takes_the_items_that_follow(assistant):
    answer = assistant.ask("what are the London Recovery Board's missions?")
    assert not answer.abstained and len(answer.answer) <= 500
    for item in ("A Green New Deal", "High Streets for All", "Building Strong Communities"):
        assert item in answer.answer
    quote = answer.citations[0]
    assert assistant.index.documents[quote.doc_id].text[quote.start:quote.end] == quote.quote


def test_a_list_announced_before_a_cut_off_item_number_takes_its_items(assistant):
    answer = assistant.ask("which 4 themes does the Met's violence against women and girls plan have?")
    said = " ".join(answer.answer.split())
    assert "There are four themes within this plan:" in said and len(answer.answer) <= 500
    assert "public spaces" in said and "prevention and victim care" in said


def test_an_answer_that_ends_announcing_its_parts_takes_them(assistant):
    answer = assistant.ask("what are the two phases of the parks consultation?")
    assert "phase 1 would consult on the PSPO" in " ".join(answer.answer.split())


def test_a_lone_label_ending_in_a_colon_does_not_pull_in_what_follows(assistant):
    answer = assistant.ask("who provides wellbeing support and counselling for met staff?")
    assert "Optima Health" in answer.answer and "flexible BCU survey" not in answer.answer


def test_a_month_in_the_question_dates_it_and_is_not_a_missing_name(assistant):
    from retriever.abstain import missing_names

    closing = "The meeting, having commenced at 6.30 pm, closed at 8.42 pm."
    assert missing_names(assistant.index, "what time did the 14 December meeting close?", [closing]) == ()
    assert missing_names(assistant.index, "will it be agreed by 30 Sept 2022?", [closing]) == ()  # abbreviated
    assert missing_names(assistant.index, "what time did the Croydon meeting close?", [closing]) == ("Croydon",)


def test_a_borough_the_cited_passages_never_name_is_missing_however_common(assistant):
    from retriever.abstain import missing_names

    london = "Knife crime offences in London are up by 21.2 per cent."
    assert missing_names(assistant.index, "knife crime figures for Harrow's town centre?", [london]) == ("Harrow",)
    assert missing_names(assistant.index, "knife crime figures in barking?", [london]) == ("barking",)
    assert missing_names(assistant.index, "knife crime figures for harrow?", [london + " Harrow"]) == ()
    answer = assistant.ask("how many knife crime offences did Harrow record according to the Met business plan?")
    assert answer.abstained and "Harrow" in answer.reason


def test_a_sentence_a_line_break_cut_is_quoted_whole(assistant):
    from retriever.compose import runs_on, sentence_text

    answer = assistant.ask("how does the Met define a habitual knife carrier?")
    assert not answer.abstained
    assert "excluding domestic abuse offence in the last two years" in " ".join(answer.answer.split())
    index = assistant.index
    cut = [i for i in range(len(index.data.sentences))
           if sentence_text(index, i).rstrip().endswith("a knife injury excluding domestic")]
    assert len(cut) == 1 and runs_on(index, cut[0])
    assert sentence_text(index, cut[0] + 1).startswith("abuse offence")
    # a heading above its blank line, and a bullet before the next, do not run on
    heading = [i for i in range(len(index.data.sentences))
               if " ".join(sentence_text(index, i).split()) == "Habitual knife carrier (HKC)"]
    assert heading and not runs_on(index, heading[0])
    bullet = [i for i in range(len(index.data.sentences) - 1)
              if sentence_text(index, i + 1).startswith("•") and sentence_text(index, i).rstrip()[-1:] not in ".:;"]
    assert bullet and not any(runs_on(index, i) for i in bullet)


def test_a_sentence_a_page_break_cut_is_quoted_whole(assistant):
    # the letter breaks "... will work with the" / "National Victims' Commissioner ..." over a page
    answer = assistant.ask("who will work with the National Victims' Commissioner on modern slavery?")
    assert not answer.abstained and "Claire Waxman" in answer.answer
    assert any("will work with the" in c.quote and "National Victims" in c.quote for c in answer.citations)


def test_a_quotation_is_quoted_with_the_line_that_says_who_said_it(assistant):
    # "Rory Geoghegan ... told us that:" / blank line / "“I spent three years as a neighbourhood ..."
    answer = assistant.ask("who said devolution proposals were just nice words")
    assert not answer.abstained and "Rory Geoghegan told us that:" in " ".join(answer.answer.split())


def test_a_question_that_names_the_document_by_its_title_is_not_missing_a_name(assistant):
    # "Overview" is a rare capitalised word the cited passage does not repeat; the minutes' title has it
    answer = assistant.ask("what did the Harrow Overview and Scrutiny Committee hear about how many "
                           "extra PET officers were being recruited?")
    assert not answer.abstained and "six additional officers" in " ".join(answer.answer.split())
    assert answer.citations[0].title.startswith("Harrow Overview and Scrutiny Committee")


def test_a_title_is_not_the_name_asked_for(assistant):
    answer = assistant.ask("what's the name of the North West BCU borough commander?")
    assert answer.abstained and answer.reason == "the closest passages name no one beyond the title asked about"
    assert any("Borough Commander" in p.text for p in answer.passages[:3])  # the nearest passages are shown


def test_a_sentence_that_only_names_the_document_asked_about_does_not_win(assistant):
    # "draft police and crime plan" points at the document; the answer is who agrees the priorities
    answer = assistant.ask("In the draft police and crime plan, who agrees the local policing "
                           "priorities each year?")
    assert "borough council Leaders" in answer.answer
