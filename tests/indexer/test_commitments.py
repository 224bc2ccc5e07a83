"""The commitments register on real rows of the bundled corpus: actions, responses, resolutions."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from indexer.build import prepare_document
from indexer.commitments import extract_commitments
from indexer.corpus import list_corpus
from indexer.loaders import load_file
from indexer.schema import COMMITMENT_KINDS, Commitment, Document

CORPUS = Path(__file__).resolve().parents[2] / "corpus"
HARROW, PLAN, BUSINESS_PLAN, ASSEMBLY, LETTER = (
    "000_8cdff03623db9449.txt", "001_696832ccf6528cdd.txt", "002_3e97d7cb1af9fb0f.txt",
    "003_b4c3ef4d699a0aaa.txt", "004_b239aaae5a7539da.txt")


@cache
def document(name: str) -> Document:
    corpus_file = next(f for f in list_corpus(CORPUS).files if f.path.name == name)
    loaded = load_file(corpus_file.path)
    return prepare_document(corpus_file.meta, loaded.pages, loaded.paged)


@cache
def commitments(name: str) -> tuple[Commitment, ...]:
    return tuple(extract_commitments(document(name)))


def one(name: str, kind: str, opening: str) -> Commitment:
    found = [c for c in commitments(name) if c.kind == kind and c.text.startswith(opening)]
    assert len(found) == 1, f"{len(found)} {kind} records start {opening!r}"
    return found[0]


def test_action_whose_owner_precedes_its_text_takes_its_turn_in_the_stacked_cells():
    # Four owner/deadline pairs sit between "A Victim Care Improvement forum ..." and the
    # three actions after them; the first pair is the forum's, the rest go in order.
    forum = one(HARROW, "action", "A Victim Care Improvement forum")
    survey = one(HARROW, "action", "We will survey victims of the most serious crimes")
    support = one(HARROW, "action", "We will improve victim care by encouraging")
    maracs = one(HARROW, "action", "We will increase the number of Multi Agency Risk Assessment")
    assert (forum.owner, forum.deadline) == ("Commander Investigations", "Q3 2021/22")
    assert (support.owner, support.deadline) == ("Commander Investigations", "Q4 2021/22")
    assert (survey.owner, survey.deadline, survey.due) == ("Commander Criminal Justice", "Q4 2021/22",
                                                           "2022-03-31")
    assert maracs.owner == "Commander Public Protection"
    text = document(HARROW).text
    assert text.index("Commander\nCriminal Justice") < survey.start  # the owner really is above


def test_owner_split_over_lines_and_glued_to_a_text_line_is_put_back_together():
    action = one(HARROW, "action", "We will work with partners to improve our intelligence gathering")
    assert action.owner == "Commander Public Protection"
    assert action.deadline == "Q4 2021/22"
    assert "female genital mutilation and its prevalence across London." in action.text
    assert "Commander Public" in action.quote  # the quote stays verbatim, cell lines and all


def test_owner_and_deadline_interleaved_with_the_action_lines():
    signa = one(HARROW, "action", "We will deliver Operation Signa")
    assert signa.owner == "Chief of Corporate Services"
    assert "ensure our people actively intervene and challenge inappropriate behaviours" in signa.text
    assert "Services" not in signa.text


def test_action_row_that_runs_on_after_its_cells_keeps_the_rest_of_its_text():
    review = one(HARROW, "action", "We will commission a root and branch review")
    assert (review.owner, review.deadline, review.due_label) == ("AC Specialist Operations", "Q2 2022/23",
                                                                 "Q2 2022/23")
    assert review.text.endswith("stakeholders in this critical security function.")


def test_action_rows_belong_to_the_met_with_the_plans_own_subheading_as_section():
    action = one(HARROW, "action", "We will complete the delivery of DA Matters training to 8,500")
    assert action.body == "Metropolitan Police Service"
    assert action.section.endswith("Increasing officer training and capability to respond to violence against women")
    assert action.document_date == "2021-12-14"
    assert action.due == "2021-12-31"


def test_grouped_response_answers_both_recommendations():
    response = one(LETTER, "response", "I group these two recommendations together.")
    assert response.numbers == ("14", "16")
    rec14 = one(LETTER, "recommendation", "MOPAC should publish accessible data")
    rec16 = one(LETTER, "recommendation", "The final Plan should include a commitment for MOPAC to publish")
    assert response.answers == (rec14.id, rec16.id)
    assert rec14.answered_by == rec16.answered_by == response.id
    rec15 = next(c for c in commitments(LETTER) if c.kind == "recommendation" and c.numbers == ("15",))
    assert rec15.answered_by != response.id


def test_recommendation_with_no_answer_of_its_own_shares_the_next_response():
    rec9 = next(c for c in commitments(LETTER) if c.kind == "recommendation" and c.numbers == ("9",))
    response = next(c for c in commitments(LETTER) if c.id == rec9.answered_by)
    assert response.numbers == ("9", "10")
    assert response.text.startswith("We have reflected carefully on our approach to fraud")


def test_recommendation_number_in_two_documents_is_two_recommendations():
    def first(name: str) -> Commitment:
        return next(c for c in commitments(name) if c.kind == "recommendation" and c.numbers == ("1",))

    assembly, letter = first(ASSEMBLY), first(LETTER)
    assert assembly.id != letter.id
    assert assembly.text.startswith("The final Police and Crime Plan, and the subsequent knife crime")
    assert letter.text.startswith("The final Plan should include commitments to:")
    assert assembly.answered_by is None  # the 2017 report has no replies in it
    response = next(c for c in commitments(LETTER) if c.id == letter.answered_by)
    assert response.answers == (letter.id,) and response.doc_id == letter.doc_id
    assert sum(c.kind == "recommendation" and c.numbers == ("1",) for c in commitments(ASSEMBLY)) == 1


def test_recommendation_deadline_and_addressee_as_written():
    rec6 = next(c for c in commitments(LETTER) if c.kind == "recommendation" and c.numbers == ("6",))
    assert (rec6.deadline, rec6.due) == ("by 30 September 2022", "2022-09-30")
    rec5 = next(c for c in commitments(LETTER) if c.kind == "recommendation" and c.numbers == ("5",))
    assert rec5.owner == "MOPAC" and rec5.body == "Police and Crime Committee"


def test_resolved_item_names_a_later_meeting_as_its_deadline():
    report = one(HARROW, "resolution", "a report be submitted to the June 2022 meeting")
    assert (report.deadline, report.due, report.due_label) == ("June 2022 meeting", "2022-06-30",
                                                               "June 2022 meeting")
    assert report.section.startswith("188.")
    texts = [c.text for c in commitments(HARROW) if c.kind == "resolution"]
    assert not any(t.startswith("To note") or t.endswith("be noted;") for t in texts)  # noting commits nobody


def test_milestones_of_the_business_plan_end_with_their_quarter():
    milestone = one(BUSINESS_PLAN, "milestone", "adoption and publication of our new Met Strategy")
    assert (milestone.deadline, milestone.due, milestone.due_label) == ("Quarter 2, 2018-19", "2018-09-30",
                                                                        "Q2 2018/19")
    assert not [c for c in commitments(HARROW) if c.kind == "milestone"]  # table cells are not milestones


def test_pledges_leave_action_rows_alone_and_name_a_body_subject():
    actions = [c for c in commitments(HARROW) if c.kind == "action"]
    for pledge in (c for c in commitments(HARROW) if c.kind == "pledge"):
        assert not any(pledge.start < a.end and a.start < pledge.end for a in actions), pledge.text
    convene = one(LETTER, "pledge", "In addition, we will convene an Online Harms Working Group")
    assert convene.owner is None and convene.body.startswith("Mayor's Office for Policing and Crime")
    assert one(PLAN, "pledge", "MOPAC will use a mixture of quantitative").owner == "MOPAC"


@pytest.mark.parametrize("name", [HARROW, PLAN, BUSINESS_PLAN, ASSEMBLY, LETTER])
def test_every_record_quotes_its_document_verbatim_under_a_unique_id(name):
    records = commitments(name)
    text = document(name).text
    assert records
    assert len({c.id for c in records}) == len(records)
    for c in records:
        assert text[c.start:c.end] == c.quote and c.kind in COMMITMENT_KINDS and c.text
        assert c.doc_id == document(name).doc_id
