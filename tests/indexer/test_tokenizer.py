"""The BM25 tokenizer on phrases from the corpus, and on the whole corpus."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from indexer.tokenizer import TOKENIZER_VERSION, stem, token_set, tokenize

CORPUS = Path(__file__).parents[2] / "corpus"


def contains_run(tokens: list[str], run: list[str]) -> bool:
    return any(tokens[i:i + len(run)] == run for i in range(len(tokens) - len(run) + 1))


def test_version_is_a_non_empty_string():
    assert isinstance(TOKENIZER_VERSION, str) and TOKENIZER_VERSION


def test_case_and_curly_apostrophes_fold_to_the_same_tokens():
    curly = tokenize("Agenda Items 7/8 – Council’s approach to enforcement")
    straight = tokenize("agenda items 7/8 - COUNCIL'S APPROACH TO ENFORCEMENT")
    assert curly == straight
    assert "council" in curly and "approach" in curly
    assert not any("'" in t or "’" in t for t in curly)


@pytest.mark.parametrize("variant", ["FPN", "FPNs", "FPN's", "FPN’s", "FPNS", "fpns"])
def test_acronym_plurals_and_possessives_give_the_acronym(variant):
    assert tokenize(variant) == ["fpn"]


def test_acronym_plurals_from_the_minutes():
    assert tokenize("unlicensed HMOs") == tokenize("unlicensed HMO")
    assert "hmo" in tokenize("Checks to be made to identify any unlicensed HMOs in")
    assert tokenize("PCSOs") == tokenize("PCSO") == ["pcso"]
    assert tokenize("BCUs") == ["bcu"]


def test_plurals_are_stemmed_lightly():
    assert tokenize("notices") == ["notice"]
    assert tokenize("fixed penalty notices")[-1] == "notice"
    assert stem("authorities") == "authority"
    assert stem("offences") == stem("offence") == "offence"
    assert stem("approaches") == "approach"
    assert stem("businesses") == "business"


@pytest.mark.parametrize("word", ["business", "status", "analysis", "focus", "bus", "cps", "gas"])
def test_short_words_and_ss_us_is_endings_are_left_alone(word):
    assert stem(word) == word


@pytest.mark.parametrize("forms", [
    ("serve", "served", "serving", "serves"),
    ("police", "policing", "policed"),
    ("tackle", "tackling", "tackled"),
    ("investigate", "investigated", "investigating"),
    ("increase", "increased", "increasing", "increases"),
    ("tip", "tips", "tipped", "tipping"),
    ("use", "used", "using", "uses"),
    ("prepare", "prepared", "preparing"),
    ("monitor", "monitored", "monitoring"),
    ("visit", "visited", "visiting"),
    ("focus", "focused", "focusing"),
    ("agree", "agreed"),
])
def test_verb_endings_meet_the_bare_form(forms):
    assert {stem(form) for form in forms} == {forms[0]}


@pytest.mark.parametrize("word", ["need", "thing", "bring", "red", "speed"])
def test_words_that_only_look_suffixed_are_kept(word):
    assert stem(word) == word


@pytest.mark.parametrize("phrase", [
    "fly-tip", "fly tip", "fly tipping", "flytip", "fly-tipping", "fly tips",
    "Flytip Enforcement", "FLY TIP STRATEGY", "the top twenty fly tips for the Borough",
    "the fly tipping strategy had shown",
])
def test_fly_tip_spellings_share_the_joined_token(phrase):
    assert "flytip" in tokenize(phrase)


def test_compounds_are_joined_generically_not_from_a_list():
    hyphenated = set(tokenize("including multi-agency operations"))
    spaced = set(tokenize("the Multi Agency Risk Assessment"))
    solid = set(tokenize("a multiagency response"))
    assert "multiagency" in hyphenated & spaced & solid
    assert "antisocial" in set(tokenize("anti-social behaviour")) & set(tokenize(
        "burglary and antisocial behaviour"))


def test_only_touching_words_are_joined():
    assert "flytip" not in tokenize("fly. Tip")
    assert "flytip" not in tokenize("fly and tip")
    assert "flytip" not in tokenize("fly (tip)")


def test_hyphenated_word_with_stop_word_or_number_gives_its_full_join():
    assert tokenize("face-to-face") == ["face", "face", "facetoface"]
    assert "covid19" in tokenize("covid-19")


def test_a_phrase_stays_a_contiguous_run_inside_a_longer_text():
    phrase = tokenize("fixed penalty notices")
    text = tokenize("Officers were exploring the use of FPNs (fixed penalty notices) for this")
    assert contains_run(text, phrase)
    assert contains_run(tokenize("issuing fixed penalty notices quickly"), phrase)


def test_thousands_separators_are_dropped():
    phrase = "the Crown Prosecution Service (CPS), leading to just 1,109 convictions."
    assert "1109" in tokenize(phrase)
    assert tokenize("8,500 staff and 2,200 Special Constables.")[:2] == ["8500", "staff"]
    assert tokenize("1, 2, 3") == ["1", "2", "3"]


def test_decimals_and_money_units_keep_the_point():
    assert tokenize("£1.2bn") == ["1.2", "billion"]
    assert "12" not in tokenize("£1.2bn")
    assert tokenize("received £35.4 million of Mayoral funding")[1:3] == ["35.4", "million"]
    assert tokenize("£60m") == ["60", "million"]


@pytest.mark.parametrize("span", ["2021/22", "2021-22", "2021–22", "2021/2022", "2021 - 22"])
def test_financial_year_spellings_share_a_token(span):
    assert tokenize(span) == ["2021-22", "2021"]


def test_year_spans_in_corpus_phrases():
    assert "2021-22" in tokenize("Q3 2021/22")
    assert "2018-19" in tokenize("£1.24 billion between 2018-19 and 2021-22.")
    assert "2021-25" in tokenize("Police and Crime Plan 2021-25: Draft for consultation")


def test_a_date_is_not_a_year_span():
    assert tokenize("2021-12-14") == ["2021", "12", "14"]


def test_percent_sign_and_per_cent_give_the_same_tokens():
    assert tokenize("12%") == tokenize("12 per cent") == ["12", "percent"]
    assert contains_run(tokenize("it is still up 12 per cent from a year ago."), ["12", "percent"])
    assert contains_run(tokenize("made up of 50% women."), ["50", "percent"])
    assert tokenize("12 per\ncent") == ["12", "percent"]


def test_stop_words_are_removed():
    assert tokenize("the of and to in it is was") == []
    assert tokenize("The Council and the Police") == ["council", "police"]


def test_same_input_same_output():
    text = (CORPUS / "000_8cdff03623db9449.txt").read_text(encoding="utf-8")
    assert tokenize(text) == tokenize(text)
    stem.cache_clear()
    assert tokenize(text) == tokenize(text)


def test_question_shares_tokens_with_the_document_phrase():
    question = set(tokenize("fly tipping FPNs"))
    document = set(tokenize("Increase in FPN served for fly tip"))
    assert {"fly", "tip", "flytip", "fpn"} <= question & document


def test_whole_corpus_tokenizes_in_well_under_a_second():
    texts = [path.read_text(encoding="utf-8") for path in sorted(CORPUS.glob("*.txt"))]
    stem.cache_clear()
    started = time.perf_counter()
    tokens = [tokenize(text) for text in texts]
    elapsed = time.perf_counter() - started
    assert sum(map(len, tokens)) > 40_000
    assert elapsed < 1.0


def test_token_set_is_the_tokens_as_a_set_remembered_per_text():
    text = "Fly-tipping FPNs: 21 per month (baseline)"
    assert token_set(text) == frozenset(tokenize(text))
    assert token_set(text) is token_set(text)
