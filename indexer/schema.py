"""The records that flow from corpus files to the index directory."""

from __future__ import annotations

from dataclasses import dataclass, field

KINDS = ("minutes", "plan", "letter", "report", "document")


@dataclass(frozen=True)
class DocumentMeta:
    """What the corpus manifest (or the file itself) says about one document."""

    doc_id: str
    file: str
    title: str
    publisher: str | None = None
    date: str | None = None  # YYYY, YYYY-MM or YYYY-MM-DD, as precise as the source allows
    kind: str = "document"
    source_url: str | None = None
    author: str | None = None  # the person who signed or wrote it ("Sophie Linden"), if one did
    derived: bool = False  # True when no manifest entry existed and the metadata was guessed


@dataclass(frozen=True)
class LoadedText:
    """A file's text as its loader read it: one string per page (one page if unpaged)."""

    pages: tuple[str, ...]
    paged: bool = False  # True for formats with real page numbers (PDF)


@dataclass(frozen=True)
class PageSpan:
    """Where a page lies in the cleaned document text (1-based page number)."""

    number: int
    start: int
    end: int


@dataclass(frozen=True)
class Section:
    """A heading and the stretch of text it governs."""

    path: str  # "5. Reducing and Preventing Violence > 5.4 Women and Girls"
    title: str
    level: int
    start: int  # char offset of the heading in the document text
    end: int  # end of the section's text (start of the next heading at the same or higher level)


@dataclass(frozen=True)
class Document:
    """A cleaned document: the text every citation quotes from."""

    meta: DocumentMeta
    text: str
    content_hash: str  # sha256 of the cleaned text
    sections: tuple[Section, ...] = ()
    pages: tuple[PageSpan, ...] = ()

    @property
    def doc_id(self) -> str:
        return self.meta.doc_id


@dataclass(frozen=True, slots=True)  # slots: 736k of them at 100k chunks, ~90 MB less
class Sentence:
    """One sentence, by position in its document."""

    doc_id: str
    start: int
    end: int
    chunk_ordinal: int  # the first chunk of its document that contains it


@dataclass(frozen=True, slots=True)  # slots: 100k of them at 100k chunks
class Chunk:
    """A passage: a verbatim slice text == document.text[start:end]."""

    chunk_id: str  # f"{doc_id}:{ordinal:04d}"
    doc_id: str
    ordinal: int
    section: str | None
    text: str
    start: int
    end: int
    page: int | None = None
    sentence_spans: tuple[tuple[int, int], ...] = field(default=(), compare=False)


@dataclass(frozen=True)
class GlossaryEntry:
    """An acronym (or short term) and its expansion as one document defines it."""

    term: str  # "FPN"
    expansion: str  # "fixed penalty notice"
    doc_id: str
    start: int  # span of the defining text in the document
    end: int


COMMITMENT_KINDS = ("action", "pledge", "recommendation", "response", "resolution", "milestone")


@dataclass(frozen=True)
class Commitment:
    """Who promised (or was asked to do) what, by when: one record of the commitments register."""

    id: str  # f"{doc_id}:{kind}:{ordinal}", or the recommendation number for recommendations
    kind: str  # one of COMMITMENT_KINDS
    doc_id: str
    text: str  # the commitment in the document's words (lines joined, table residue removed)
    quote: str  # verbatim: document.text[start:end] == quote
    start: int
    end: int
    owner: str | None = None  # role or body that delivers, as written ("Commander Public Protection")
    body: str | None = None  # the organisation that commits (or recommends)
    deadline: str | None = None  # as written: "Q3 2021/22", "by June 2022", "June 2022 meeting"
    due: str | None = None  # ISO date of the end of the deadline's period: "2021-12-31"
    due_label: str | None = None  # the normalised period: "Q3 2021/22", "June 2022"
    document_date: str | None = None
    section: str | None = None
    numbers: tuple[str, ...] = ()  # recommendation numbers (a response: the ones it answers)
    answers: tuple[str, ...] = ()  # a response: ids of the recommendations it answers
    answered_by: str | None = None  # a recommendation: id of its response in the same document
