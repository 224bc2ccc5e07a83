"""Typing slips in a question's words, mended from the documents' own words."""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from string import ascii_lowercase

from indexer.tokenizer import tokenize

MIN_LETTERS = 5  # a shorter word has too many neighbours one slip away ("plan", "plat", "clan")
_WORD_RE = re.compile(r"(?<![\w'’-])[A-Za-z][a-z]+(?![\w-])")


def one_slip_away(word: str) -> set[str]:
    """Every string one dropped, added, changed or swapped letter from the word."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    dropped = {a + b[1:] for a, b in splits if b}
    swapped = {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    changed = {a + c + b[1:] for a, b in splits if b for c in ascii_lowercase}
    added = {a + c + b for a, b in splits for c in ascii_lowercase}
    return (dropped | swapped | changed | added) - {word}


def mended(text: str, counts: Mapping[str, int], known: Collection[str] = (),
           keep: Collection[str] = ()) -> str:
    """The text with each word that is neither the documents' nor a known English word replaced
    by the documents' most used word one slip away from it ("Opertaion Encompass" -> "Operation
    Encompass", "Londonrs" -> "Londoners"), in the typed word's case. Left alone: short words,
    known words ("bought" is no slip for "brought"), words in keep (the everyday words search
    maps itself), words with no such neighbour ("Zorblax", a name the documents never use, still
    abstains), and words whose neighbour is only another form of the same word ("stabbings"
    where the documents say "stabbing"): search already matches those."""
    kept = set(keep)

    def mend(match: re.Match[str]) -> str:
        word = match.group(0)
        lowered = word.lower()
        if len(word) < MIN_LETTERS or lowered in counts or lowered in known or kept & set(tokenize(lowered)):
            return word
        neighbours = [w for w in one_slip_away(lowered) if counts.get(w)]
        if not neighbours:
            return word
        best = max(neighbours, key=lambda w: (counts[w], w))
        if tokenize(best) == tokenize(lowered):
            return word
        return best.capitalize() if word[0].isupper() else best
    return _WORD_RE.sub(mend, text)
