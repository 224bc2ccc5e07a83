"""The corpus folder: which files to index and what the manifest says about each."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from indexer.errors import CorpusManifestError
from indexer.loaders import SUPPORTED_SUFFIXES
from indexer.schema import KINDS, DocumentMeta

MANIFEST_NAME = "manifest.toml"
_DATE_RE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_FIELDS = {"file", "doc_id", "title", "publisher", "date", "kind", "source_url", "author"}
_IGNORED = {MANIFEST_NAME, "README.md", "readme.md"}


@dataclass(frozen=True)
class CorpusFile:
    """A file to index, with its manifest entry if it has one."""

    path: Path
    meta: DocumentMeta | None  # None: no manifest entry, derive metadata from the file


@dataclass(frozen=True)
class CorpusListing:
    """The files of a corpus folder and what was noticed while listing it."""

    files: tuple[CorpusFile, ...]
    missing: tuple[str, ...]  # manifest entries whose file is absent


def list_corpus(corpus_dir: Path) -> CorpusListing:
    """Files in sorted order, matched to manifest entries; unknown suffixes are kept for a warning."""
    if not corpus_dir.is_dir():
        raise CorpusManifestError(f"corpus folder {corpus_dir} does not exist or is not a folder")
    entries = read_manifest(corpus_dir / MANIFEST_NAME)
    paths = sorted(p for p in corpus_dir.iterdir()
                   if p.is_file() and not p.name.startswith(".") and p.name not in _IGNORED)
    files = tuple(CorpusFile(path, entries.get(path.name)) for path in paths)
    missing = tuple(sorted(set(entries) - {p.name for p in paths}))
    return CorpusListing(files=files, missing=missing)


def read_manifest(path: Path) -> dict[str, DocumentMeta]:
    """Manifest entries by file name; an absent manifest is an empty one."""
    if not path.exists():
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise CorpusManifestError(f"{path}: not valid TOML ({error})") from error
    entries: dict[str, DocumentMeta] = {}
    seen_ids: set[str] = set()
    for number, entry in enumerate(data.get("document", []), start=1):
        meta = _entry_meta(path, number, entry)
        if meta.doc_id in seen_ids:
            raise CorpusManifestError(f"{path}: document {number}: doc_id {meta.doc_id!r} is used twice")
        seen_ids.add(meta.doc_id)
        entries[meta.file] = meta
    return entries


def _entry_meta(path: Path, number: int, entry: dict[str, object]) -> DocumentMeta:
    where = f"{path}: document {number}"
    unknown = set(entry) - _FIELDS
    if unknown:
        raise CorpusManifestError(f"{where}: unknown field(s) {sorted(unknown)}; allowed: {sorted(_FIELDS)}")
    for field in ("file", "title"):
        if not isinstance(entry.get(field), str) or not str(entry[field]).strip():
            raise CorpusManifestError(f"{where}: field {field!r} is required and must be text")
    file = str(entry["file"])
    doc_id = str(entry.get("doc_id") or slugify(Path(file).stem))
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]{0,80}", doc_id):
        raise CorpusManifestError(f"{where}: doc_id {doc_id!r} must be lowercase letters, digits and hyphens")
    date = entry.get("date")
    if date is not None and not (isinstance(date, str) and _DATE_RE.match(date)):
        raise CorpusManifestError(f"{where}: date {date!r} must be YYYY, YYYY-MM or YYYY-MM-DD")
    kind = str(entry.get("kind", "document"))
    if kind not in KINDS:
        raise CorpusManifestError(f"{where}: kind {kind!r} must be one of {', '.join(KINDS)}")
    if Path(file).suffix.lower() not in SUPPORTED_SUFFIXES:
        raise CorpusManifestError(f"{where}: file {file!r} has an unsupported type")
    return DocumentMeta(doc_id=doc_id, file=file, title=str(entry["title"]).strip(),
                        publisher=_optional(entry.get("publisher")), date=date, kind=kind,
                        source_url=_optional(entry.get("source_url")), author=_optional(entry.get("author")))


def _optional(value: object) -> str | None:
    return str(value).strip() or None if value is not None else None


def slugify(name: str) -> str:
    """A URL-safe doc_id from a file name."""
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    return slug[:80] or "document"
