"""Acronym definitions found in the real corpus and in small made-up texts."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from indexer.glossary import extract_glossary
from indexer.schema import GlossaryEntry

CORPUS = Path(__file__).parents[2] / "corpus"
FILES = {
    "000": "000_8cdff03623db9449.txt",
    "001": "001_696832ccf6528cdd.txt",
    "002": "002_3e97d7cb1af9fb0f.txt",
    "003": "003_b4c3ef4d699a0aaa.txt",
    "004": "004_b239aaae5a7539da.txt",
}
FILLER = "This paragraph is here so that the glossary sits in the second half. " * 20


@pytest.fixture(scope="module")
def texts() -> dict[str, str]:
    return {key: (CORPUS / name).read_text(encoding="utf-8") for key, name in FILES.items()}


@pytest.fixture(scope="module")
def glossaries(texts) -> dict[str, list[GlossaryEntry]]:
    return {key: extract_glossary(text, key) for key, text in texts.items()}


def expansions(entries: list[GlossaryEntry], term: str) -> set[str]:
    return {entry.expansion.casefold() for entry in entries if entry.term == term}


def flat(text: str) -> str:
    """Whitespace collapsed and line-break hyphens closed, as the expansion is written."""
    return re.sub(r"(?<=[A-Za-z])- (?=[a-z])", "-", " ".join(text.split())).casefold()


def test_harrow_minutes_define_the_enforcement_acronyms(glossaries):
    minutes = glossaries["000"]
    assert "priority enforcement team" in expansions(minutes, "PET")
    assert "fixed penalty notice" in expansions(minutes, "FPN")
    assert "houses in multiple occupation" in expansions(minutes, "HMO")
    assert "public service protection orders" in expansions(minutes, "PSPO")
    assert "basic command unit" in expansions(minutes, "BCU")  # "... Basic Command Unit or BCU"


@pytest.mark.parametrize(("term", "expansion", "documents"), [
    ("VAWG", "violence against women and girls", ("000", "001", "003", "004")),
    ("DMPC", "deputy mayor for policing and crime", ("001", "003")),
    ("MOPAC", "mayor's office for policing and crime", ("001",)),
    ("MOPAC", "mayor’s office for policing and crime", ("002", "003")),
])
def test_policing_acronyms_are_defined_where_the_documents_define_them(
        glossaries, term, expansion, documents):
    for document in documents:
        assert expansion in expansions(glossaries[document], term), document


@pytest.mark.parametrize(("term", "expansion"), [
    ("BCU", "basic command unit"),
    ("TDIU", "telephone and digital investigation unit"),
    ("PCSO", "police community support officer"),
    ("SHPO", "sexual harm prevention order"),
    ("VCTF", "violent crime task force"),
    # found only in the glossary at the end of the business plan
    ("CRIS", "crime record information system"),
    ("DPS", "directorate of professional standards"),
    ("CSE", "child sexual exploitation"),
    ("CRC", "london community rehabilitation company"),
    ("BAME", "black, asian, and minority ethnic"),
    ("HKC", "habitual knife carrier"),
])
def test_met_business_plan_defines_its_acronyms(glossaries, term, expansion):
    assert expansion in expansions(glossaries["002"], term)


def test_every_span_holds_its_term_and_expansion(texts, glossaries):
    for key, entries in glossaries.items():
        assert entries, key
        for entry in entries:
            span = flat(texts[key][entry.start:entry.end])
            assert entry.term.casefold() in span.upper().casefold(), entry
            assert entry.expansion.casefold() in span, entry
            assert entry.doc_id == key


def test_no_term_is_a_number_or_a_year(glossaries):
    for entries in glossaries.values():
        for entry in entries:
            assert re.search(r"[A-Z]", entry.term), entry
            assert not re.fullmatch(r"[\d/.-]+", entry.term), entry
            assert len(entry.term) >= 2, entry


def test_entries_are_ordered_and_unique(texts, glossaries):
    for key, entries in glossaries.items():
        assert [e.start for e in entries] == sorted(e.start for e in entries)
        pairs = [(e.term, e.expansion.casefold()) for e in entries]
        assert len(pairs) == len(set(pairs))
        assert extract_glossary(texts[key], key) == entries


def test_expansion_before_bracketed_acronym():
    text = "The Council set up a Priority Enforcement Team (PET) in 2021."
    [entry] = extract_glossary(text, "t")
    assert (entry.term, entry.expansion) == ("PET", "Priority Enforcement Team")
    assert text[entry.start:entry.end] == "Priority Enforcement Team (PET)"


def test_plural_acronym_after_plural_expansion_is_made_singular():
    text = "recruit two priority enforcement teams (PETs) - the service was looking"
    [entry] = extract_glossary(text, "t")
    assert (entry.term, entry.expansion) == ("PET", "priority enforcement team")


def test_small_words_may_give_a_letter_or_none():
    text = "the Mayor’s Office for Policing and Crime (MOPAC) and the Deputy Mayor for " \
           "Policing and Crime (DMPC)."
    found = {(e.term, e.expansion) for e in extract_glossary(text, "t")}
    assert found == {("MOPAC", "Mayor’s Office for Policing and Crime"),
                     ("DMPC", "Deputy Mayor for Policing and Crime")}


def test_acronym_before_bracketed_expansion():
    text = "Officers were exploring the use of FPNs (fixed penalty notices) for this. " \
           "Phase 1 would consult on the PSPO (public service protection orders)."
    found = [(e.term, e.expansion) for e in extract_glossary(text, "t")]
    assert found == [("FPN", "fixed penalty notice"), ("PSPO", "public service protection orders")]


def test_expansion_or_acronym():
    text = "each local policing area, known as a\nBasic Command Unit or BCU, has introduced"
    [entry] = extract_glossary(text, "t")
    assert (entry.term, entry.expansion) == ("BCU", "Basic Command Unit")
    assert text[entry.start:entry.end] == "Basic Command Unit or BCU"


def test_glossary_section_lines():
    text = FILLER + (
        "\n 7- Glossary and acronyms \n\n"
        "DMC: Directorate for Media and Communications \n"
        "HR: Human Resources and Workforce \n\n"
        "PCSO Police Community Support Officer \n\n"
        "SHPO A Sexual Harm Prevention Order is a civil order which restricts grooming or \n"
        "preparatory behaviour of established offenders. \n\n"
        "HMICFRS Her Majesty’s Inspectorate of Constabulary and \n"
        "Fire & Rescue Services \n\n"
        "Hate crime Any criminal offence which is perceived by the victim \n"
    )
    found = [(e.term, e.expansion) for e in extract_glossary(text, "t")]
    assert found == [
        ("DMC", "Directorate for Media and Communications"),
        ("HR", "Human Resources and Workforce"),
        ("PCSO", "Police Community Support Officer"),
        ("SHPO", "Sexual Harm Prevention Order"),
        ("HMICFRS", "Her Majesty’s Inspectorate of Constabulary and Fire & Rescue Services"),
    ]


def test_glossary_lines_count_only_inside_a_glossary_section():
    text = FILLER + "\nPCSO Police Community Support Officer\nTDIU Telephone Unit\n"
    assert extract_glossary(text, "t") == []


def test_brackets_holding_years_numbers_letters_or_asides_are_not_definitions():
    text = ("The report (2021) lists 12 cases (12) under option (a) and the Council (ie the "
            "cabinet) agreed (see page 4). Figures for 2021 (2020/21) follow. The plan (A) "
            "and the Mayor (MOPAC) met.")
    assert extract_glossary(text, "t") == []


def test_initials_that_do_not_match_are_rejected():
    text = ("supported by witness statements or CCTV, and ultimately increases the number of "
            "charges. Independent Domestic Abuse Advisors (IDVAs) and the Met (Connect) system. "
            "One two three four five six seven eight nine ten eleven twelve (OTTFFSSENTET).")
    assert extract_glossary(text, "t") == []
