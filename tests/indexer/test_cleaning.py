"""Cleaning: each extraction artefact, with text taken from the real corpus."""

from indexer.cleaning import clean_text, join_hyphenated


def test_private_use_bullet_glyph_becomes_a_bullet():
    raw = "This should include: \n\n\uf0b7 uncoupling the perception that serious \nyouth violence"
    assert clean_text(raw) == "This should include:\n\n• uncoupling the perception that serious\nyouth violence\n"


def test_bullet_glyph_inside_a_line_is_normalised():
    assert "\uf0b7" not in clean_text("support \uf0b7 those who experience abuse")


def test_hyphen_at_line_end_is_joined_when_the_document_spells_the_word():
    raw = "the prevalence of non-gang-\nrelated youth violence and govern-\nment policy; government"
    cleaned = clean_text(raw)
    assert "government policy" in cleaned
    assert "non-gang-related" in cleaned  # a real hyphen stays


def test_real_compound_split_over_lines_keeps_its_hyphen():
    raw = "We are putting in place a cloud-\nbased digital asset management system"
    assert clean_text(raw) == "We are putting in place a cloud-based digital asset management system\n"


def test_runs_of_blank_lines_and_trailing_spaces_collapse():
    raw = "Cressida Dick \nCommissioner of Police of the Metropolis \n \n \n\n\n 2- Introduction "
    assert clean_text(raw) == "Cressida Dick\nCommissioner of Police of the Metropolis\n\n 2- Introduction\n"


def test_markdown_reference_links_are_removed_and_link_text_kept():
    raw = ("tackling violence against women and girls.[Reference:1](#) See "
           "[the Women’s Night Safety Charter](#) and [consultation@mopac.london.gov.uk]"
           "(mailto:consultation@mopac.london.gov.uk).")
    assert clean_text(raw) == ("tackling violence against women and girls. See the Women’s Night Safety "
                               "Charter and consultation@mopac.london.gov.uk.\n")


def test_markdown_emphasis_markers_are_dropped():
    raw = "## **5. Reducing and Preventing Violence**\n- ***work closely with social media companies***"
    assert clean_text(raw) == "## 5. Reducing and Preventing Violence\n- work closely with social media companies\n"


def test_invisible_characters_and_non_breaking_spaces_are_normalised():
    assert clean_text("fly\u00adtip\u00a0baseline\u200b") == "flytip baseline\n"


def test_empty_and_whitespace_text_clean_to_empty():
    assert clean_text("") == ""
    assert clean_text(" \n\n\t \n") == ""


def test_join_hyphenated_needs_a_lowercase_continuation():
    assert join_hyphenated("Police-\nConstable") == "Police-\nConstable"


def test_real_corpus_cleans_without_losing_words(corpus_dir):
    for path in sorted(corpus_dir.glob("*.txt")):
        raw = path.read_text(encoding="utf-8")
        cleaned = clean_text(raw)
        assert "\n\n\n" not in cleaned and "[Reference:" not in cleaned
        # cleaning removes markup, not content: the word count changes by under 3 %
        assert abs(len(cleaned.split()) - len(raw.split())) < 0.03 * len(raw.split())
