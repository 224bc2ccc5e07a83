"""Tests for indexer.loaders: each format loads as text, each bad file is refused with a reason."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from fpdf import FPDF
from PIL import Image

from indexer.errors import UnreadableDocument
from indexer.loaders import SUPPORTED_SUFFIXES, derive_title, load_file
from indexer.schema import LoadedText

CORPUS = Path(__file__).parents[2] / "corpus"

PDF_SENTENCES = (
    "Page one says the committee met in December.",
    "Page two says the baseline is 140.",
    "Page three says the target is 120 by 2025.",
)


def write_pdf(path: Path, pages: list[str | None], user_password: str | None = None) -> Path:
    """Write a real PDF with one page per entry (None: a page with no text)."""
    pdf = FPDF()
    if user_password is not None:
        pdf.set_encryption(owner_password="owner", user_password=user_password)
    pdf.set_font("Helvetica", size=12)
    for text in pages:
        pdf.add_page()
        if text is not None:
            pdf.multi_cell(0, 10, text)
    pdf.output(str(path))
    return path


def refusal(path: Path) -> str:
    """Load a file that must be refused; return the reason given."""
    with pytest.raises(UnreadableDocument) as caught:
        load_file(path)
    assert caught.value.path == path
    assert path.name in str(caught.value)
    return caught.value.reason


# --- text and Markdown ---------------------------------------------------------------------


def test_txt_loads_unchanged_as_one_unpaged_page(tmp_path: Path) -> None:
    text = "Minutes\n\n  Indented line,  two  spaces.\nCafé — 14 December 2021\n"
    path = tmp_path / "minutes.txt"
    path.write_bytes(text.encode("utf-8"))
    assert load_file(path) == LoadedText(pages=(text,), paged=False)


def test_md_loads_unchanged_with_its_markup(tmp_path: Path) -> None:
    text = "# Plan\n\n## 5.4 Women and Girls\n\n- **bold** item\n"
    path = tmp_path / "plan.md"
    path.write_text(text, encoding="utf-8")
    assert load_file(path).pages == (text,)


def test_crlf_and_lone_cr_become_newlines(tmp_path: Path) -> None:
    path = tmp_path / "windows.txt"
    path.write_bytes(b"one\r\ntwo\rthree\r\n")
    assert load_file(path).pages == ("one\ntwo\nthree\n",)


def test_utf8_bom_is_stripped(tmp_path: Path) -> None:
    path = tmp_path / "bom.md"
    path.write_bytes(b"\xef\xbb\xbf# Title\nBody\n")
    assert load_file(path).pages == ("# Title\nBody\n",)


def test_suffix_is_matched_case_insensitively(tmp_path: Path) -> None:
    path = tmp_path / "LOUD.TXT"
    path.write_text("Upper-case suffix.\n", encoding="utf-8")
    assert load_file(path).pages == ("Upper-case suffix.\n",)


# --- HTML ----------------------------------------------------------------------------------

HTML_PAGE = """<!DOCTYPE html>
<html><head><title>Browser tab title</title>
<style>p { color: red }</style>
<script>var s = "<p>not text</p>";</script></head>
<body>
<nav><a href="/">Home</a> | <a href="/about">About</a></nav>
<!-- a comment that must not appear -->
<h1>Knife   crime &amp; safety</h1>
<p>The committee met on
   <b>14&nbsp;December</b> &mdash; as planned.</p>
<h2>Actions</h2>
<ul>
  <li>Fund &lt;youth&gt; clubs</li>
  <li>Report back</li>
</ul>
<div>Line one<br>Line two</div>
<noscript>Enable JavaScript</noscript>
</body></html>
"""

HTML_TEXT = (
    "# Knife crime & safety\n"
    "\n"
    "The committee met on 14 December \u2014 as planned.\n"
    "\n"
    "## Actions\n"
    "\n"
    "- Fund <youth> clubs\n"
    "- Report back\n"
    "\n"
    "Line one\n"
    "Line two\n"
)


def test_html_becomes_markdown_like_text_without_script_style_nav_or_comments(
    tmp_path: Path,
) -> None:
    path = tmp_path / "page.html"
    path.write_text(HTML_PAGE, encoding="utf-8")
    assert load_file(path) == LoadedText(pages=(HTML_TEXT,), paged=False)


def test_html_without_h1_uses_its_title_as_first_heading(tmp_path: Path) -> None:
    path = tmp_path / "letter.htm"
    path.write_text(
        "<html><head><title> Letter  to the Chair </title></head>"
        "<body><h2>Reply</h2><p>Dear Susan,</p><p>Thank you.</p></body></html>",
        encoding="utf-8",
    )
    text = load_file(path).pages[0]
    assert text == "# Letter to the Chair\n\n## Reply\n\nDear Susan,\n\nThank you.\n"
    assert derive_title(text, "letter") == "Letter to the Chair"


def test_html_nested_list_and_table_rows_keep_their_lines(tmp_path: Path) -> None:
    path = tmp_path / "table.html"
    path.write_text(
        "<h1>Figures</h1><ul><li>Outer<ul><li>Inner</li></ul></li></ul>"
        "<table><tr><th>Year</th><th>Count</th></tr><tr><td>2021</td><td>140</td></tr></table>",
        encoding="utf-8",
    )
    assert load_file(path).pages == (
        "# Figures\n\n- Outer\n  - Inner\n\nYear Count\n2021 140\n",
    )


def test_html_with_only_markup_and_a_title_is_refused_as_empty(tmp_path: Path) -> None:
    path = tmp_path / "shell.html"
    path.write_text(
        "<html><head><title>Shell</title><script>app()</script></head><body> </body></html>",
        encoding="utf-8",
    )
    assert "empty" in refusal(path)


# --- PDF -----------------------------------------------------------------------------------


def test_pdf_loads_one_page_of_text_per_page_in_order(tmp_path: Path) -> None:
    path = write_pdf(tmp_path / "report.pdf", list(PDF_SENTENCES))
    loaded = load_file(path)
    assert loaded.paged is True
    assert len(loaded.pages) == 3
    for page, sentence in zip(loaded.pages, PDF_SENTENCES, strict=True):
        assert " ".join(page.split()) == sentence


def test_pdf_blank_page_keeps_its_place_as_empty_string(tmp_path: Path) -> None:
    path = write_pdf(tmp_path / "gap.pdf", [PDF_SENTENCES[0], None, PDF_SENTENCES[2]])
    pages = load_file(path).pages
    assert len(pages) == 3
    assert pages[1] == ""
    assert "target is 120" in pages[2]


def test_pdf_with_owner_password_only_is_still_read(tmp_path: Path) -> None:
    path = write_pdf(tmp_path / "owner.pdf", [PDF_SENTENCES[1]], user_password="")
    assert "baseline is 140" in load_file(path).pages[0]


def test_pdf_needing_a_password_is_refused_as_encrypted(tmp_path: Path) -> None:
    path = write_pdf(tmp_path / "locked.pdf", [PDF_SENTENCES[1]], user_password="secret")
    assert "encrypted" in refusal(path)


def test_pdf_with_only_an_image_is_refused_as_scanned(tmp_path: Path) -> None:
    pdf = FPDF()
    pdf.add_page()
    pdf.image(Image.new("RGB", (64, 64), "gray"), x=10, y=10, w=100)
    path = tmp_path / "scan.pdf"
    pdf.output(str(path))
    assert "no extractable text" in refusal(path)


def test_pdf_with_no_text_at_all_is_refused_as_scanned(tmp_path: Path) -> None:
    path = write_pdf(tmp_path / "blank.pdf", [None, None])
    assert "no extractable text" in refusal(path)


def test_random_bytes_named_pdf_are_refused_as_not_a_pdf(tmp_path: Path) -> None:
    path = tmp_path / "noise.pdf"
    path.write_bytes(random.Random(7).randbytes(4096))
    assert "not a PDF" in refusal(path)


def test_truncated_pdf_is_refused_as_corrupt(tmp_path: Path) -> None:
    path = write_pdf(tmp_path / "cut.pdf", list(PDF_SENTENCES))
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    assert "corrupt PDF" in refusal(path)


def test_pdf_page_that_fails_to_extract_is_named_in_the_reason(tmp_path: Path) -> None:
    path = write_pdf(tmp_path / "damaged.pdf", list(PDF_SENTENCES))
    data = path.read_bytes()
    # Give page two's content stream a filter pypdf does not know (same length, offsets intact).
    page_two = data.index(b"6 0 obj")
    stream = data.index(b"stream", page_two)
    header = data[page_two:stream]
    assert b"/FlateDecode" in header and b"/Contents 6 0 R" in data
    path.write_bytes(
        data[:page_two] + header.replace(b"/FlateDecode", b"/BogusDecode") + data[stream:]
    )
    reason = refusal(path)
    assert "page 2" in reason
    assert "BogusDecode" in reason


# --- refusals of text files ----------------------------------------------------------------


def test_txt_with_nul_bytes_is_refused_as_binary(tmp_path: Path) -> None:
    path = tmp_path / "image.txt"
    path.write_bytes(b"GIF89a\x00\x01\x00\x01rest")
    assert "binary" in refusal(path)


def test_empty_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    assert "empty" in refusal(path)


def test_whitespace_only_file_is_refused_as_empty(tmp_path: Path) -> None:
    path = tmp_path / "blank.md"
    path.write_bytes(b" \n\t\r\n  \n")
    assert "empty" in refusal(path)


def test_latin1_text_is_refused_naming_the_byte_and_offset(tmp_path: Path) -> None:
    path = tmp_path / "latin1.txt"
    path.write_bytes("Café society".encode("latin-1"))
    assert refusal(path) == "not UTF-8 text (byte 0xe9 at offset 3)"


def test_non_utf8_offset_counts_the_bom(tmp_path: Path) -> None:
    path = tmp_path / "bom-latin1.txt"
    path.write_bytes(b"\xef\xbb\xbfab\xff")
    assert refusal(path) == "not UTF-8 text (byte 0xff at offset 5)"


def test_utf16_text_is_refused_with_advice(tmp_path: Path) -> None:
    path = tmp_path / "wide.txt"
    path.write_bytes("Hello".encode("utf-16"))
    assert "UTF-16" in refusal(path)


def test_unsupported_suffix_is_refused_listing_supported_types(tmp_path: Path) -> None:
    path = tmp_path / "minutes.docx"
    path.write_bytes(b"PK\x03\x04")
    reason = refusal(path)
    assert reason.startswith("unsupported file type .docx")
    assert all(suffix in reason for suffix in SUPPORTED_SUFFIXES)


def test_missing_file_is_refused_as_unreadable(tmp_path: Path) -> None:
    reason = refusal(tmp_path / "gone.txt")
    assert "cannot read" in reason
    assert "No such file" in reason


def test_a_folder_named_like_a_document_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "minutes.txt"
    path.mkdir()
    assert "cannot read" in refusal(path)


# --- derive_title --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Intro line\n\n# Police and Crime Plan 2021-25\n## Draft\n", "Police and Crime Plan 2021-25"),
        ("## **Bold heading** ##\nbody\n", "Bold heading"),
        ("\n\n  Overview and Scrutiny  \nCommittee\n", "Overview and Scrutiny"),
        ("**Recommendations**\n\nRecommendation 1\n", "Recommendations"),
        ("x" * 121 + "\nShort line after a long one\n", "Short line after a long one"),
        ("#hashtag is not a heading\n", "hashtag is not a heading"),
        ("***\n---\n", "report-2021"),
        ("", "report-2021"),
        ("   \n\t\n", "report-2021"),
        ("x" * 200, "report-2021"),
    ],
)
def test_derive_title(text: str, expected: str) -> None:
    assert derive_title(text, "report-2021") == expected


# --- the real corpus -----------------------------------------------------------------------


def test_every_corpus_text_file_loads_as_its_own_text() -> None:
    files = sorted(CORPUS.glob("*.txt"))
    assert files, f"no corpus files in {CORPUS}"
    for path in files:
        loaded = load_file(path)
        assert loaded.paged is False
        assert len(loaded.pages) == 1
        assert loaded.pages[0].strip()
        assert loaded.pages[0] == path.read_bytes().decode("utf-8"), path.name
