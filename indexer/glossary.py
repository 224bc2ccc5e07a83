"""Find the acronyms a document defines, and what it says they stand for.

Four patterns, each checked against the acronym's letters (`_initials_match`):

- "Priority Enforcement Team (PET)": the expansion before, the acronym in brackets;
- "FPNs (fixed penalty notices)": the acronym before, the expansion in brackets;
- "a Basic Command Unit or BCU": the expansion, "or", the acronym;
- the glossary section at a document's end ("TDIU Telephone and Digital Investigation Unit"):
  one term per line; a short capitalised expansion is trusted as written, a longer
  definition is cut to the words the letters match ("SHPO A Sexual Harm Prevention Order is ...").
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from indexer.schema import GlossaryEntry

_TERM = r"[A-Z][A-Za-z&]*[A-Z][A-Za-z]*"
_BRACKETED_TERM_RE = re.compile(rf"\((?P<term>{_TERM})\)")
_TERM_THEN_BRACKET_RE = re.compile(rf"\b(?P<term>{_TERM})[ \t]*\((?P<inner>[^()]{{3,160}})\)")
_OR_TERM_RE = re.compile(r"[ \t\n]or[ \t\n]+(?P<term>[A-Z]{2,}s?)\b(?![-'’])")
_GLOSSARY_HEADING_RE = re.compile(
    r"^[ \t#*]*(?:\d+(?:\.\d+)*[ \t]*[-.)]?[ \t]*)?"
    r"(?:glossary|acronyms|abbreviations)\b[^\n]{0,50}$",
    re.IGNORECASE | re.MULTILINE,
)
_GLOSSARY_LINE_RE = re.compile(
    r"[ \t]*(?P<term>[A-Z][A-Za-z&/-]*[A-Za-z])[ \t]*:?[ \t]+(?P<rest>\S.*)"
)
_WORD_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’]*")
# Words that may sit in an expansion without giving the acronym a letter (they may give one).
_SMALL_WORDS = frozenset("a an and at by for in of on or the to with &".split())
_PREPOSITIONS = frozenset("at by for in of on to with".split())
_LEADING_ARTICLES = frozenset(("a", "an", "the"))
_NOT_EXPANSIONS = re.compile(r"^(?:i\.?e\.?|e\.?g\.?|see|including|formerly|now)\b", re.IGNORECASE)
_STOP_BEFORE = re.compile(r"[.;:!?()\[\]•\"“”]|\n[ \t]*\n")
_MAX_WORDS = 10
_LOOKBACK = 300

Word = tuple[str, int, int]  # text, start, end


def extract_glossary(text: str, doc_id: str) -> list[GlossaryEntry]:
    """Acronym definitions in `text`, one per (term, expansion), ordered by where they start."""
    found = [*_expansion_then_bracket(text), *_term_then_bracket(text), *_expansion_or_term(text),
             *_glossary_section(text)]
    entries: list[GlossaryEntry] = []
    seen: set[tuple[str, str]] = set()
    for start, end, term, expansion in sorted(found):
        key = (term, expansion.casefold())
        if key not in seen:
            seen.add(key)
            entries.append(GlossaryEntry(term, expansion, doc_id, start, end))
    return entries


def normalize_term(term: str) -> str:
    """Upper-case an acronym without its plural s ("FPNs" -> "FPN"); "HMICFRS" keeps its S."""
    return (term[:-1] if _is_plural(term) else term).upper()


def _is_plural(term: str) -> bool:
    return len(term) > 2 and term.endswith("s") and not any(c.islower() for c in term[:-1])


def _is_acronym(term: str) -> bool:
    """At least two capitals and no run of three lower-case letters ("MiPS", not "Prevent")."""
    core = term[:-1] if _is_plural(term) else term
    return sum(c.isupper() for c in core) >= 2 and re.search(r"[a-z]{3}", core) is None


def _letters(term: str) -> str:
    core = term[:-1] if _is_plural(term) else term
    return "".join(c for c in core.lower() if c.isalpha())


def _words(text: str, start: int, end: int) -> list[Word]:
    """Words of text[start:end], hyphenated ones split ("Multi-Agency" -> two words)."""
    return [(m.group(), m.start(), m.end()) for m in _WORD_RE.finditer(text, start, end)]


def _expansion_then_bracket(text: str) -> list[tuple[int, int, str, str]]:
    found = []
    for match in _BRACKETED_TERM_RE.finditer(text):
        entry = _backwards(text, match.start(), match.group("term"), match.end())
        if entry:
            found.append(entry)
    return found


def _expansion_or_term(text: str) -> list[tuple[int, int, str, str]]:
    found = []
    for match in _OR_TERM_RE.finditer(text):
        entry = _backwards(text, match.start(), match.group("term"), match.end("term"))
        if entry:
            found.append(entry)
    return found


def _backwards(text: str, before: int, term: str, end: int) -> tuple[int, int, str, str] | None:
    """The shortest run of words ending at `before` whose initials spell `term`."""
    if not _is_acronym(term):
        return None
    window_start = max(0, before - _LOOKBACK)
    stops = list(_STOP_BEFORE.finditer(text, window_start, before))
    words = _words(text, stops[-1].end() if stops else window_start, before)[-_MAX_WORDS:]
    candidates = [words[first:] for first in range(len(words) - 1, -1, -1)]
    chosen = _first_spelling(_letters(term), candidates)
    return _entry(text, term, chosen[0][1], chosen[-1][2], chosen[0][1], end) if chosen else None


def _term_then_bracket(text: str) -> list[tuple[int, int, str, str]]:
    found = []
    for match in _TERM_THEN_BRACKET_RE.finditer(text):
        term, inner = match.group("term"), match.group("inner")
        if not _is_acronym(term) or _NOT_EXPANSIONS.match(inner.strip()):
            continue
        words = _words(text, match.start("inner"), match.end("inner"))
        # "CRIS (the Met Crime Reporting Information System)": up to two leading words may go.
        chosen = _first_spelling(_letters(term), [words[first:] for first in range(3)])
        if chosen:
            found.append(_entry(text, term, chosen[0][1], chosen[-1][2], match.start(),
                                match.end()))
    return found


def _glossary_section(text: str) -> list[tuple[int, int, str, str]]:
    """Lines after the first glossary heading in the second half of the text: "TERM expansion"."""
    headings = [m for m in _GLOSSARY_HEADING_RE.finditer(text) if m.start() > len(text) // 2]
    if not headings:
        return []
    lines = list(_lines(text, headings[0].end() + 1))
    entries = [_GLOSSARY_LINE_RE.fullmatch(text, *span) for span in lines]
    entries = [m if m and _is_acronym(m.group("term")) else None for m in entries]
    found = []
    for index, match in enumerate(entries):
        if match is None:
            continue
        # the entry runs on until a blank line or the next entry
        paragraph_end = match.end()
        for (start, end), following in zip(lines[index + 1:], entries[index + 1:]):
            if following is not None or not text[start:end].strip():
                break
            paragraph_end = end
        span = _glossary_expansion(text, match, paragraph_end)
        if span:
            found.append(_entry(text, match.group("term"), *span, match.start("term"), span[1]))
    return found


def _lines(text: str, start: int) -> Iterator[tuple[int, int]]:
    while start < len(text):
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        yield start, end
        start = end + 1


def _glossary_expansion(text: str, match: re.Match[str], paragraph_end: int
                        ) -> tuple[int, int] | None:
    """The span of a glossary line's expansion, or None when the line defines no acronym."""
    term = match.group("term")
    words = _words(text, match.start("rest"), paragraph_end)
    if words and words[0][0] == "or":  # "CRC or London CRC London Community Rehabilitation ..."
        names = [index for index, word in enumerate(words[:4]) if word[0] == term]
        words = words[names[0] + 1:] if names else words
    while words and words[0][0].lower() in _LEADING_ARTICLES:
        words = words[1:]
    line = [word for word in words if word[2] <= match.end()]
    if not line or not line[0][0][0].isupper():
        return None
    rest_of_line = text[line[0][1]:match.end()].rstrip(" \t.,;:")
    is_definition = re.search(r"\.\s|\bis\b|\bare\b", rest_of_line) is not None
    if len(line) == len(words) and len(line) <= _MAX_WORDS and not is_definition:
        return line[0][1], line[0][1] + len(rest_of_line)  # a table row: trusted as written
    candidates = [words[:last] for last in range(min(len(words), _MAX_WORDS), 1, -1)]
    chosen = _first_spelling(_letters(term), candidates)  # the longest: "Sexual Harm ... Order"
    return (chosen[0][1], chosen[-1][2]) if chosen else None


def _first_spelling(letters: str, candidates: list[list[Word]]) -> list[Word] | None:
    """The first candidate whose initials alone spell `letters`, else the first that spells
    them with more letters of its words ("Strategy for Inclusion ..." for STRIDE)."""
    for loose in (False, True):
        for words in candidates:
            if _initials_match(letters, tuple(w[0].lower() for w in words), loose):
                return words
    return None


def _entry(text: str, term: str, expansion_start: int, expansion_end: int, start: int, end: int
           ) -> tuple[int, int, str, str]:
    expansion = " ".join(text[expansion_start:expansion_end].split()).rstrip("'’")
    expansion = re.sub(r"(?<=[A-Za-z])- (?=[a-z])", "-", expansion)  # "counter-\nterrorism"
    if _is_plural(term):
        expansion = _singular_head(expansion)
    return start, end, normalize_term(term), expansion


def _singular_head(expansion: str) -> str:
    """"fixed penalty notices" -> "fixed penalty notice". Only a plain final -s goes, and not
    after a preposition ("houses in multiple occupation"): the expansion stays in the text."""
    words = expansion.split(" ")
    last = words[-1]
    if any(w.lower() in _PREPOSITIONS for w in words) or not re.fullmatch(r".*[^suie]e?s", last):
        return expansion
    if last.endswith(("ches", "shes", "xes", "zes")):
        return expansion
    return " ".join([*words[:-1], last[:-1]])


def _initials_match(letters: str, words: tuple[str, ...], loose: bool = False) -> bool:
    """Whether `words` spell `letters`: every content word gives its initial (loose: and maybe
    more of its letters, in order: "Strategy" -> "str"); small words (of, and) may give one."""
    if not 2 <= len(words) <= _MAX_WORDS or not letters:
        return False
    if words[0] in _SMALL_WORDS or words[-1] in _SMALL_WORDS:
        return False
    return all(w[0].isalpha() for w in words) and _spell(letters, words, loose)


@lru_cache(maxsize=16384)
def _spell(letters: str, words: tuple[str, ...], loose: bool) -> bool:
    if not words:
        return not letters
    word, rest = words[0], words[1:]
    if word in _SMALL_WORDS and _spell(letters, rest, loose):
        return True
    if not letters or word[0] != letters[0]:
        return False
    taken, position = 1, 1
    while True:
        if _spell(letters[taken:], rest, loose):
            return True
        if not loose or taken == len(letters):
            return False
        position = word.find(letters[taken], position) + 1
        if position == 0:
            return False
        taken += 1
