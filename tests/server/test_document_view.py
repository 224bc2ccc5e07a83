"""Documents as blocks: headings found by their titles, paragraphs, and a highlight cut by slicing."""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape

from indexer.schema import Document, DocumentMeta, Section
from server.document_view import Span, blocks_of, contents_of, heading_end, valid_span

TEMPLATES = Path(__file__).resolve().parents[2] / "server" / "templates"
TEXT = ("# Fly-tipping <b>report</b>\n\nIntro line one\nline two.\n\n"
        "2.1 Our mission is to\nkeep London safe\n\nBaseline is 21 per\nmonth. Then more.\n")


def document(text: str = TEXT) -> Document:
    heading_two = text.index("2.1 Our")
    sections = (
        Section(path="Fly-tipping <b>report</b>", title="Fly-tipping <b>report</b>", level=1,
                start=0, end=len(text)),
        Section(path="Fly-tipping > 2.1", title="2.1 Our mission is to keep London safe", level=2,
                start=heading_two, end=len(text)),
    )
    return Document(meta=DocumentMeta(doc_id="d", file="d.md", title="D"), text=text,
                    content_hash="x", sections=sections)


def test_a_wrapped_numbered_heading_ends_after_its_last_title_word():
    doc = document()
    section = doc.sections[1]
    assert doc.text[section.start:heading_end(doc.text, section)] == "2.1 Our mission is to\nkeep London safe"


def test_blocks_are_headings_without_markdown_hashes_then_paragraphs():
    blocks = blocks_of(document())
    assert [(b.level, "".join(s.text for s in b.segments)) for b in blocks] == [
        (1, "Fly-tipping <b>report</b>"),
        (0, "Intro line one\nline two."),
        (2, "2.1 Our mission is to\nkeep London safe"),
        (0, "Baseline is 21 per\nmonth. Then more."),
    ]
    assert contents_of(document()) == [("section-1", "Fly-tipping <b>report</b>", 1),
                                       ("section-2", "2.1 Our mission is to keep London safe", 2)]


def test_highlight_is_the_exact_slice_and_only_the_first_piece_is_the_anchor():
    doc = document()
    start = doc.text.index("line two.")
    end = doc.text.index(" Then more.")
    blocks = blocks_of(doc, Span(start, end))
    marked = [s for b in blocks for s in b.segments if s.marked]
    assert [s.text for s in marked] == ["line two.", "2.1 Our mission is to\nkeep London safe",
                                        "Baseline is 21 per\nmonth."]
    assert [s.anchor for s in marked] == [True, False, False]


def test_spans_outside_the_text_are_ignored():
    doc = document()
    assert valid_span(doc, 5, 5) is None and valid_span(doc, 3, len(doc.text) + 1) is None
    assert valid_span(doc, None, 4) is None and valid_span(doc, 0, 4) == Span(0, 4)


def test_document_template_escapes_corpus_text():
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(default=True))
    doc = document()
    page = env.get_template("document.html").render(
        meta=doc.meta, date=None, source_url=None, blocks=blocks_of(doc, Span(2, 16)),
        contents=contents_of(doc), highlighted=True, quote=None)
    assert "<b>report</b>" not in page and "&lt;b&gt;report&lt;/b&gt;" in page
    assert '<mark id="quote" tabindex="-1">Fly-tipping &lt;b</mark>' in page
