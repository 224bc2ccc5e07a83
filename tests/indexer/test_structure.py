"""Heading detection on each of the five documents, and the section tree."""

from pathlib import Path

import pytest

from indexer.cleaning import clean_text
from indexer.structure import find_sections, section_at


def sections_of(corpus_dir: Path, name: str):
    text = clean_text((corpus_dir / name).read_text(encoding="utf-8"))
    return text, find_sections(text)


@pytest.mark.parametrize("name, expected", [
    ("000_8cdff03623db9449.txt", [
        "188. Council's approach to Enforcement: Licensing and Enforcement Update",
        "PRIORITY ENFORCEMENT TEAM (PET)", "PET – SOFT LAUNCH (FIRST THREE WEEKS)",
        "FLY TIP STRATEGY: EXAMPLE ACTION PLAN", "190. Date of Next Meeting",
        "2. Working with our partners and with women to improve prevention and victim care"]),
    ("001_696832ccf6528cdd.txt", [
        "5. Reducing and Preventing Violence",
        "5.4 Making London a City in which Women and Girls are Safer and Feel Safer",
        "9.6 Measuring Impact", "About this document"]),
    ("002_3e97d7cb1af9fb0f.txt", [
        "2.2 Context and challenges", "3.2 Tackling serious violence",
        "2.1 Our mission is to keep London safe for everyone", "7- Glossary and acronyms"]),
    ("003_b4c3ef4d699a0aaa.txt", ["1. Introduction", "Recommendation 3", "Recommendation 13",
                                  "6. Delivering in uncertain times"]),
    ("004_b239aaae5a7539da.txt", ["Recommendation 1", "Recommendation 9", "Recommendation 16"]),
])
def test_named_headings_are_found_in_each_document(corpus_dir, name, expected):
    _, sections = sections_of(corpus_dir, name)
    titles = {s.title for s in sections}
    for title in expected:
        assert title in titles


def test_numbered_subsection_nests_under_its_chapter(corpus_dir):
    _, sections = sections_of(corpus_dir, "001_696832ccf6528cdd.txt")
    women = next(s for s in sections if s.title.startswith("5.4 "))
    assert women.path.endswith("5. Reducing and Preventing Violence > " + women.title)


def test_numbered_paragraphs_are_not_headings(corpus_dir):
    _, sections = sections_of(corpus_dir, "003_b4c3ef4d699a0aaa.txt")
    assert not any(s.title.startswith(("1.1 ", "2.4 ")) for s in sections)


def test_a_year_alone_on_a_line_is_not_a_minute_number(corpus_dir):
    _, sections = sections_of(corpus_dir, "002_3e97d7cb1af9fb0f.txt")
    assert not any(s.title.startswith("2010.") for s in sections)


def test_a_table_of_caps_cells_is_not_a_run_of_headings(corpus_dir):
    _, sections = sections_of(corpus_dir, "000_8cdff03623db9449.txt")
    assert not any(s.title in {"EDGWARE", "EAST", "KENTON EAST", "WEST"} for s in sections)


def test_section_spans_start_at_their_heading(corpus_dir):
    for path in sorted(corpus_dir.glob("*.txt")):
        text, sections = sections_of(corpus_dir, path.name)
        for section in sections:
            assert 0 <= section.start < section.end <= len(text)
            first_words = section.title.split()[0]
            assert text[section.start:].lstrip("# ").startswith(first_words)


def test_section_at_finds_the_innermost_section():
    text = "## 5. Violence\nintro\n## 5.1 Public health\nThe VRU works here.\n"
    sections = find_sections(text)
    assert section_at(sections, text.index("VRU")).title == "5.1 Public health"
    assert section_at(sections, text.index("intro")).title == "5. Violence"
