"""Query understanding: glossary expansion both ways, follow-ups, answer types."""

import pytest

from indexer.tokenizer import tokenize
from retriever.abstain import capitalised_words, document_words
from retriever.apostrophes import plain_quotes, with_apostrophes, with_possessives
from retriever.query import detect_answer_type, expand_terms, leans_on_history, standalone, understand


def test_acronym_expands_to_its_definition_and_back(loaded_index):
    glossary = loaded_index.glossary
    forward = expand_terms(tokenize("FPN baseline"), "FPN baseline", glossary)
    assert {"fix", "penalty", "notice"} & set(forward) or {"fixed", "penalty"} & set(forward)
    back = expand_terms(tokenize("fixed penalty notices for littering"),
                        "fixed penalty notices for littering", glossary)
    assert "fpn" in back


def test_everyday_words_add_the_documents_formal_ones_one_way(loaded_index, assistant):
    query = understand("how many extra cops is city hall paying for?", [], loaded_index.glossary)
    assert {"police", "officer"} <= set(query.expansions)
    formal = understand("how many police officers are there?", [], loaded_index.glossary)
    assert "cop" not in formal.expansions
    answer = assistant.ask("how many extra cops is city hall money paying to keep on the street")
    assert not answer.abstained and "1,300" in answer.answer
    # a count of "orgs" is a count of organisations
    answer = assistant.ask("how many orgs have signed the women's night safety charter")
    assert not answer.abstained and "600 organisations" in answer.answer


def test_spelling_variants_share_tokens_with_the_document():
    assert "flytip" in tokenize("fly tipping") and "flytip" in tokenize("fly-tip")


def test_follow_up_question_inherits_subject():
    text, carried = standalone("And by when?", ["who owns the DA Matters training action?"])
    assert "DA Matters training" in text and carried
    text, _ = standalone("what was the baseline for HMOs?", ["what is the PET fly-tip FPN baseline?"])
    assert "PET" in text and text.startswith("what was the baseline for HMOs?")


def test_a_follow_up_that_swaps_the_subject_asks_the_earlier_question_of_it(loaded_index):
    earlier = ["what is the PET fly-tip FPN baseline?"]
    query = understand("and what about HMOs?", earlier, loaded_index.glossary)
    # the attribute asked before comes along, and with it the kind of answer wanted
    assert "baseline" in query.text and query.answer_type == "number"
    # answers are chosen by the new subject and the attribute, not the subject it replaces
    assert query.choice_text == "and what about HMOs? baseline" and query.new_subject == ("hmo",)
    # a follow-up that asks its own attribute keeps its type; one that points back swaps nothing
    own = understand("and by when?", ["who owns the DA Matters training action?"], loaded_index.glossary)
    assert own.answer_type == "when" and own.choice_text is None and own.new_subject == ()
    back = understand("how many of them were hoax calls?", ["how many 999 calls did the Met get?"],
                      loaded_index.glossary)
    assert back.follow_up and back.choice_text is None


def test_follow_up_chain_carries_the_first_subject_through():
    history = ["who owns the DA Matters training action?", "and by when?"]
    text, _ = standalone("how many staff is it for?", history)
    assert "DA Matters" in text


def test_standalone_question_is_left_alone_despite_history():
    question = "who signed the letter to Susan Hall about the Police and Crime Plan?"
    assert standalone(question, ["what is the PET fly-tip FPN baseline?"]) == (question, "")
    assert not leans_on_history("how many Londoners were surveyed for the draft Police and Crime Plan?")


def test_without_history_nothing_is_carried(loaded_index):
    query = understand("and by when?", [], loaded_index.glossary)
    assert query.text == "and by when?" and not query.follow_up and query.context_terms == ()


@pytest.mark.parametrize("question, expected", [
    ("how much is the FPN fine for fly-tipping in Harrow?", "money"),
    ("how much is in the London Crime Prevention Fund for boroughs?", "money"),
    ("how much of the IT budget went on keeping old systems running?", "number"),  # a share
    ("what did the committee resolve on the community safety strategic assessment", "decision"),
    ("what did the Deputy Mayor say about delays in MOPAC funding to organisations?", "statement"),
    ("how many written submissions came in?", "number"),
    ("what is the PET fly-tip FPN baseline?", "number"),
    ("by when will the DA Matters training be delivered?", "when"),
    ("who owns the Walk and Talk action?", "who"),
    ("what does TDIU stand for?", "definition"),
    ("list the priorities of the draft plan", "list"),
    ("does the plan set numerical targets?", "yesno"),
    ("tell me about Operation Soteria", "other"),
    ("how much is that course costing?", "money"),
    ("what's the budget for the victims' care hub?", "money"),  # money without "how much"
    ("whats the contract worth", "money"),
    ("what does the young adults hub pilot cost?", "money"),
    ("how much is a fixed penalty notice for littering?", "money"),
    ("cost of the walk and talk sessions in the vawg plan", "money"),  # terse, no "how much"
    ("budget for the victims care hub?", "money"),
    ("what salary was the job advertised at?", "money"),
    # a leading clause sets the scene; the question after its comma says what is asked
    ("when the draft plan says 'young people', what does it mean by that?", "definition"),
    ("if the VRU got £35.4m from the Mayor, who else funds it?", "who"),
    ("when, according to the plan, will the hub open?", "when"),
    ("who chaired the committee when it responded to the draft plan?", "who"),  # dates the question
    ("who owns the action and by when?", "when"),
    # sentences before the question set the scene: "the number of ISVAs" asks for no number
    ("Back in 2017 the committee asked to raise the number of ISVAs. Does the new plan commit to that?", "yesno"),
    ("The baseline is 21 a month. When was it set?", "when"),
    ("will there be a rape detection target in the plan?", "yesno"),  # no number is asked for
    ("and is there a deadline for it?", "yesno"),
    ("closing date for responses to the draft plan?", "when"),
    ("how many officers to date?", "number"),  # "to date" asks for no date
    # a plural asked for by which/what, or counted, wants a list
    ("which boroughs were in the pathfinder pilots?", "list"),
    ("what values does the Met say its officers should live up to?", "list"),
    ("Met VAWG action plan - what are its four themes?", "list"),
    ("what counts as a habitual knife carrier?", "other"),  # "counts" is no plural asked for
    ("what about Asian Londoners specifically?", "other"),
    ("which borough hosts the Young Adults Hub pilot?", "other"),  # "hosts" is the verb
    ("where are the four VCTF bases?", "other"),  # places, not a list of them
])
def test_expected_answer_type_is_detected(question, expected):
    assert detect_answer_type(question) == expected


@pytest.mark.parametrize("typed, spelled", [
    ("whos in charge of it?", "who's in charge of it?"),
    ("Whos the chair", "Who's the chair"),
    ("WHATS a PSPO", "WHAT'S a PSPO"),
    ("why didnt MOPAC set targets and why cant it", "why didn't MOPAC set targets and why can't it"),
    ("the mets plan shows how whose budget", "the mets plan shows how whose budget"),  # no contractions
])
def test_a_contraction_typed_without_its_apostrophe_gets_it_back(typed, spelled):
    assert with_apostrophes(typed) == spelled


def test_a_names_possessive_typed_without_its_apostrophe_gets_it_back(loaded_index):
    names, words = capitalised_words(loaded_index), document_words(loaded_index)
    assert {"met", "linden", "london"} <= names and "hub" in names
    assert with_possessives("the mets plan and Sophie Lindens letter", names, words) == \
        "the met's plan and Sophie Linden's letter"
    # plurals the documents use stay plurals, names or not ("DWO hubs"); so do other words
    assert with_possessives("how many hubs and boroughs", names, words) == "how many hubs and boroughs"


def test_curly_quotes_and_apostrophes_are_typed_straight():
    assert plain_quotes("Linden’s letter on the ‘MOPAC 7’ and “Safe Connection”") == \
        "Linden's letter on the 'MOPAC 7' and \"Safe Connection\""


def test_a_bare_contraction_asks_what_the_spelled_one_asks():
    assert detect_answer_type("whos the chief super heading it up") == "other"  # the raw form
    assert detect_answer_type(with_apostrophes("whos the chief super heading it up")) == "who"


def test_two_part_questions_are_recognised_and_topic_prefixes_are_not(loaded_index):
    two = understand("what did the 2017 Assembly response ask for, and what did the 2022 reply promise?",
                     [], loaded_index.glossary)
    one = understand("parks consultation - what is phase 1 about?", [], loaded_index.glossary)
    assert two.multi_part and not one.multi_part


@pytest.mark.parametrize("question", [
    "the 2017 Assembly response vs the 2022 letter on victims: what changed?",
    "how does the draft plan's front counter promise compare with the Met business plan's?",
    "Met business plan compared to the draft plan on officer numbers",
])
def test_a_comparison_is_a_two_part_question(loaded_index, question):
    assert understand(question, [], loaded_index.glossary).multi_part
