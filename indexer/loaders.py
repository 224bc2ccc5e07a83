"""Read a corpus file (text, Markdown, HTML, PDF) into LoadedText, or say why it cannot be read."""

from __future__ import annotations

import io
import logging
import re
import zlib
from html.parser import HTMLParser
from pathlib import Path

from indexer.errors import UnreadableDocument
from indexer.schema import LoadedText

logger = logging.getLogger(__name__)

SUPPORTED_SUFFIXES: tuple[str, ...] = (".txt", ".md", ".html", ".htm", ".pdf")

_SNIFF_BYTES = 8192  # a NUL byte this early means a binary file, as git and grep judge it
_BOM = b"\xef\xbb\xbf"
_TITLE_MAX = 120
_TITLE_STRIP = "#* \t\n\r\f\v\u00a0"
_MD_HEADING = re.compile(r"^ {0,3}#{1,6}[ \t]+(.+)$", re.MULTILINE)

_SKIP = frozenset({"script", "style", "noscript", "template", "nav"})
_PARAGRAPH = frozenset({
    "p", "ul", "ol", "dl", "table", "blockquote", "pre", "section", "article", "header",
    "footer", "main", "aside", "figure", "form", "fieldset", "address", "details", "hr",
})  # fmt: skip
_LINE = frozenset({"div", "br", "li", "tr", "dt", "dd", "caption", "figcaption", "summary"})
_HEADINGS = {f"h{level}": level for level in range(1, 7)}


def load_file(path: Path) -> LoadedText:
    """Read one corpus file as pages of text; raise UnreadableDocument saying why not."""
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise UnreadableDocument(
            path,
            f"unsupported file type {suffix or '(no suffix)'}; "
            f"supported: {', '.join(SUPPORTED_SUFFIXES)}",
        )
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UnreadableDocument(path, f"cannot read file: {exc.strerror or exc}") from exc
    if not data:
        raise UnreadableDocument(path, "empty file")
    if suffix == ".pdf":
        loaded = _load_pdf(path, data)
    else:
        text = _decode(path, data)
        if suffix in (".html", ".htm"):
            text = _html_to_text(text)
        if not text.strip():
            raise UnreadableDocument(path, "empty (no text, only whitespace or markup)")
        loaded = LoadedText(pages=(text,), paged=False)
    logger.debug("loaded %s: %d page(s)", path.name, len(loaded.pages))
    return loaded


def derive_title(text: str, fallback: str) -> str:
    """The first Markdown heading, else the first short non-empty line, else fallback."""
    for match in _MD_HEADING.finditer(text):
        title = match.group(1).strip(_TITLE_STRIP)
        if any(char.isalnum() for char in title):
            return title
    for line in text.splitlines():
        title = line.strip(_TITLE_STRIP)
        if len(title) <= _TITLE_MAX and any(char.isalnum() for char in title):
            return title
    return fallback


def _decode(path: Path, data: bytes) -> str:
    """Strict UTF-8 (an optional BOM is dropped), with line endings normalised to \\n."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        raise UnreadableDocument(path, "UTF-16 text is not supported; save it as UTF-8")
    nul = data.find(b"\x00", 0, _SNIFF_BYTES)
    if nul != -1:
        raise UnreadableDocument(path, f"binary file (NUL byte at offset {nul})")
    start = len(_BOM) if data.startswith(_BOM) else 0
    try:
        text = data[start:].decode("utf-8")
    except UnicodeDecodeError as exc:
        offset = start + exc.start
        reason = f"not UTF-8 text (byte 0x{data[offset]:02x} at offset {offset})"
        raise UnreadableDocument(path, reason) from exc
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _load_pdf(path: Path, data: bytes) -> LoadedText:
    """One string per PDF page, in order; an empty page is ""."""
    from pypdf import PdfReader  # imported here: pypdf is slow to import and only PDFs need it
    from pypdf.errors import DependencyError, DeprecationError, PyPdfError

    # Damaged PDFs make pypdf raise builtin errors as well as its own (an unknown stream filter
    # raises NotImplementedError, a RuntimeError; a cyclic page tree raises RecursionError);
    # DependencyError (AES without `cryptography`) and DeprecationError are not PyPdfErrors.
    pdf_errors = (PyPdfError, DependencyError, DeprecationError, ValueError, TypeError,
                  KeyError, IndexError, AttributeError, RuntimeError, zlib.error)  # fmt: skip
    if b"%PDF-" not in data[:1024]:
        raise UnreadableDocument(path, "not a PDF (no %PDF- header)")
    problem = "corrupt PDF"
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:  # an owner password alone leaves the text readable: try ""
            problem = "encrypted PDF"
            if not reader.decrypt(""):
                raise UnreadableDocument(path, "encrypted PDF (needs a password)")
            problem = "corrupt PDF"
        count = len(reader.pages)
    except pdf_errors as exc:
        raise UnreadableDocument(path, f"{problem} ({_describe(exc)})") from exc
    pages: list[str] = []
    for number in range(1, count + 1):
        try:
            pages.append(reader.pages[number - 1].extract_text() or "")
        except pdf_errors as exc:
            reason = f"corrupt PDF: page {number} of {count} failed ({_describe(exc)})"
            raise UnreadableDocument(path, reason) from exc
    if not pages:
        raise UnreadableDocument(path, "PDF has no pages")
    if not any(page.strip() for page in pages):
        raise UnreadableDocument(path, "no extractable text (scanned PDF?)")
    return LoadedText(pages=tuple(pages), paged=True)


def _describe(exc: BaseException) -> str:
    """A short message for an exception that may have none."""
    return str(exc) or type(exc).__name__


def _html_to_text(source: str) -> str:
    """Readable text of an HTML page, headings as Markdown; "" if the body has no text."""
    parser = _HtmlText()
    parser.feed(source)
    parser.close()
    if not parser.lines:
        return ""
    title = " ".join(parser.title.split())
    head = [f"# {title}", ""] if title and not parser.has_h1 else []
    return "\n".join(head + parser.lines) + "\n"


class _HtmlText(HTMLParser):
    """Collects an HTML page's text as lines: blank line between blocks, '#' headings, '- ' items."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)  # entities arrive decoded
        self.lines: list[str] = []
        self.title = ""
        self.has_h1 = False
        self._buffer: list[str] = []
        self._prefix = ""  # "## " or "- " for the next line written
        self._blank_pending = False
        self._skip = self._lists = self._pre = self._heading = 0
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            self._skip += 1
        elif tag == "title":
            self._in_title = True
        elif self._skip:
            return
        elif tag in _HEADINGS:
            self._end_line(paragraph=True)
            self._heading = _HEADINGS[tag]
            self._prefix = "#" * self._heading + " "
        elif tag in ("td", "th") or (self._heading and (tag in _LINE or tag in _PARAGRAPH)):
            self._buffer.append(" ")  # cells share their row's line; a heading stays on one line
        elif tag == "li":
            self._end_line()
            self._prefix = "  " * max(self._lists - 1, 0) + "- "
        elif tag in _PARAGRAPH or tag in _LINE:
            paragraph = tag in _PARAGRAPH and self._lists == 0  # no blank lines inside a list
            self._lists += tag in ("ul", "ol")
            self._pre += tag == "pre"
            self._end_line(paragraph=paragraph)

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self._skip = max(self._skip - 1, 0)
        elif tag == "title":
            self._in_title = False
        elif self._skip or tag == "br":
            return
        elif tag in _HEADINGS and self._heading:
            self._end_line(paragraph=True)
            self._heading, self._prefix = 0, ""
        elif tag == "li":
            self._end_line()
            self._prefix = ""
        elif not self._heading and (tag in _PARAGRAPH or tag in _LINE):
            self._lists = max(self._lists - (tag in ("ul", "ol")), 0)
            self._pre = max(self._pre - (tag == "pre"), 0)
            self._end_line(paragraph=tag in _PARAGRAPH and self._lists == 0)

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data
        elif self._skip:
            return
        elif self._pre:  # preformatted text keeps its line breaks
            first, *rest = data.split("\n")
            self._buffer.append(first)
            for part in rest:
                self._end_line()
                self._buffer.append(part)
        else:
            self._buffer.append(data)

    def close(self) -> None:
        super().close()
        self._end_line()

    def _end_line(self, paragraph: bool = False) -> None:
        text = " ".join("".join(self._buffer).split())
        self._buffer.clear()
        if text:
            if self._blank_pending and self.lines:
                self.lines.append("")
            self.lines.append(self._prefix + text)
            self.has_h1 = self.has_h1 or self._prefix == "# "
            self._prefix, self._blank_pending = "", False
        self._blank_pending = self._blank_pending or paragraph
