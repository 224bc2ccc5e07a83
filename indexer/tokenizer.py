"""Turn text into BM25 terms: the same function reads documents and questions.

What it does, in order, per match of `_TOKEN_RE`:

- folds curly quotes and hyphen-like dashes to ASCII, "per cent" to "percent";
- a year span ("2021/22", "2021-22", "2021–2022") gives "2021-22" and "2021";
- a number drops thousands separators ("8,500" -> "8500"), keeps decimals ("1.2"), and its
  unit: "12%" -> "12" "percent", "£1.2bn" -> "1.2" "billion", "£60m" -> "60" "million";
- a word drops a possessive ("Council’s" -> "council"), an acronym's plural ("FPNs" -> "fpn"),
  stop words, and is stemmed lightly (`stem`);
- compounds: two content words that touch (only whitespace or a hyphen between them) also give
  their joined stem, so "fly tipping", "fly-tipping", "flytipping" and "fly tips" all give
  "flytip". The join is emitted just before the second word, so the tokens of a phrase stay a
  contiguous run inside the tokens of any text containing it. A hyphenated word of three or more
  parts (or with a number or stop word in it) also gives its fully joined stem.
"""

from __future__ import annotations

import re
from functools import lru_cache

TOKENIZER_VERSION = "1"

_FOLD = str.maketrans({
    "\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u2032": "'", "`": "'",
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u00a0": " ",
})
_PER_CENT_RE = re.compile(r"\bper[ \t\n]+cent\b", re.IGNORECASE)
_TOKEN_RE = re.compile(
    r"(?P<y1>(?:19|20)\d\d) ?[-/] ?(?P<y2>(?:19|20)?\d\d)(?![\d]|[-/]\d)"
    r"|(?P<num>\d{1,3}(?:,\d{3})+(?!\d)(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"(?:(?P<unit>%|bn\b|m\b|k\b)|(?:st|nd|rd|th)\b)?"
    r"|(?P<word>[^\W\d_][^\W_]*(?:['-][^\W_]+)*)",
    re.IGNORECASE,
)
_UNITS = {"%": "percent", "bn": "billion", "m": "million", "k": "thousand"}
_ACRONYM_PLURAL_RE = re.compile(r"[A-Z]{2,}s")
_VOWELS = frozenset("aeiouy")
# Short on purpose: BM25's idf already discounts common words.
STOP_WORDS = frozenset("""
a about above after again against all also am an and any are as at be been before being below
between both but by can could did do does doing during each eg etc few for from further had has
have having he her here hers him his how i ie if in into is it its itself me more most my no nor
not now of off on once only or other our ours out over own same she should so some such than that
the their theirs them then there these they this those through to too under until up upon very
via was we were what when where which while who whom whose why will with within without would
you your yours
""".split())


def tokenize(text: str) -> list[str]:
    """Deterministic BM25 terms for a document or a question (see the module docstring)."""
    text = _PER_CENT_RE.sub("percent", text.translate(_FOLD))
    tokens: list[str] = []
    previous = ""  # raw form of the last content word, "" when the next word cannot join it
    previous_end = -1
    for match in _TOKEN_RE.finditer(text):
        if not (previous and text[previous_end:match.start()].isspace()):
            previous = ""
        word = match.group("word")
        if word is None:
            tokens.extend(_number_tokens(match))
            previous = ""
            continue
        parts = _word_parts(word)
        for raw in parts:
            if not _joins(raw):
                previous = ""
                if raw not in STOP_WORDS:
                    tokens.append(raw)  # "19" of "covid-19", "5g"
                continue
            if previous:
                tokens.append(stem(previous + raw))
            token = stem(raw)
            if len(token) > 1:
                tokens.append(token)
            previous = raw
        if len(parts) > 2 or (len(parts) == 2 and not all(map(_joins, parts))):
            tokens.append(stem("".join(parts)))
        previous_end = match.end()
    return tokens


@lru_cache(maxsize=8192)
def token_set(text: str) -> frozenset[str]:
    """The tokens of a text as a set, remembered: several answer checks read the same cited
    passages, and the same passages come back question after question."""
    return frozenset(tokenize(text))


def _joins(raw: str) -> bool:
    return raw.isalpha() and raw not in STOP_WORDS


def _number_tokens(match: re.Match[str]) -> list[str]:
    """Year spans and numbers with their unit."""
    first, second = match.group("y1"), match.group("y2")
    if first is not None:
        if len(second) == 4 and second[:2] == first[:2]:
            second = second[2:]
        if len(second) == 2 and int(second) > int(first[2:]):
            return [f"{first}-{second}", first]
        return [first, second]
    tokens = [match.group("num").replace(",", "")]
    unit = match.group("unit")
    if unit:
        tokens.append(_UNITS[unit.lower()])
    return tokens


def _word_parts(word: str) -> list[str]:
    """Lower-cased hyphen parts without possessives or an acronym's plural s."""
    if word[-2:].lower() == "'s":
        word = word[:-2]
    parts = []
    for part in word.split("-"):
        if _ACRONYM_PLURAL_RE.fullmatch(part):
            part = part[:-1]
        part = part.replace("'", "").lower()
        if part:
            parts.append(part)
    return parts


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """Light English stemmer: plural -s/-es/-ies, -ed, -ing; short words are left alone."""
    if len(word) <= 3 or not word.isalpha():
        return word
    word = _singular(word)
    for suffix in ("ing", "ed"):
        if word.endswith(suffix):
            return _strip_verb_suffix(word, suffix)
    return word


def _singular(word: str) -> str:
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "xes", "ches", "shes", "zzes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def _strip_verb_suffix(word: str, suffix: str) -> str:
    if suffix == "ed" and word.endswith("eed"):  # "agreed" -> "agree"; "need", "greed" stay
        return word[:-1] if word.endswith("reed") and _measure(word[:-4]) > 0 else word
    if word.endswith("ied") and len(word) > 4:
        return word[:-3] + "y"
    base = word[: -len(suffix)]
    if len(base) < 2 or not _VOWELS.intersection(base):  # "thing", "bring", "red"
        return word
    if len(base) > 2 and base[-1] == base[-2] and base[-1] not in _VOWELS:
        # "tipping" -> "tip", "travelled" -> "travel"; but "calling" -> "call", "missed" -> "miss"
        if base[-1] not in "lsfz" or (base[-1] == "l" and _measure(base) > 1):
            return base[:-1]
        return base
    return base + "e" if _wants_e(base) else base


def _wants_e(base: str) -> bool:
    """Guess whether a stem lost a silent e ("serv" -> "serve", "polic" -> "police")."""
    last, before = base[-1], base[-2]
    if last in "vcuz" or base.endswith(("dg", "rg", "ang", "eng")):
        return True
    if last == "s":  # "increas", "prioritis", "hous", "us"; not "focus"
        return not (before == "u" and len(base) > 2 and base[-3] not in _VOWELS)
    if last == "l":  # "tackl", "handl", "enabl"
        return before not in _VOWELS and before not in "lrwn"
    if last in "td" and before in "aiu" and base[-2:] != "it":  # "investigat", "provid"
        return len(base) > 4 and base[-3] not in _VOWELS
    if last == "r" and before in "aiu":  # "prepar", "ensur", "requir"; not "monitor", "offer"
        return len(base) > 3 and (base[-3] not in _VOWELS or base[-4:-2] == "qu")
    # one-syllable consonant-vowel-consonant: "mak", "not", "fin"
    return (_measure(base) == 1 and last not in _VOWELS and last not in "wxy"
            and before in _VOWELS and len(base) > 2 and base[-3] not in _VOWELS)


def _measure(stem_: str) -> int:
    """Porter's m: the number of vowel-consonant sequences in a stem."""
    pattern = "".join("v" if c in _VOWELS else "c" for c in stem_)
    return len(re.findall("v+c+", pattern))
