"""The evaluation set typed as people type: without apostrophes or question marks, inside a
polite request, with a slip, with a phone's curly apostrophes. An answer should not change."""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Sequence
from dataclasses import replace

from eval.dataset import EvalQuestion

_POSSESSIVE_RE = re.compile(r"['’]s\b")
_LONG_WORD_RE = re.compile(r"[A-Za-z]{7,}")


def _without_apostrophes(text: str, _: str) -> str:
    return _POSSESSIVE_RE.sub("s", text)


def _without_mark(text: str, _: str) -> str:
    return text.rstrip(" ?")


def _polite(text: str, _: str) -> str:
    return f"can you tell me {text[:1].lower()}{text[1:]}" if text else text


def _curly(text: str, _: str) -> str:
    return text.replace("'", "’")


def _slip(text: str, seed: str) -> str:
    """One long word with a letter dropped or two swapped, the same for the same question id."""
    words = list(_LONG_WORD_RE.finditer(text))
    if not words:
        return text
    chance = random.Random(seed)
    match = chance.choice(words)
    word, at = match.group(0), chance.randrange(1, len(match.group(0)) - 2)
    slipped = word[:at] + word[at + 1:] if chance.random() < 0.5 else word[:at] + word[at + 1] + word[at] + word[at + 2:]
    return text[:match.start()] + slipped + text[match.end():]


RETYPINGS: dict[str, Callable[[str, str], str]] = {
    "no-apostrophes": _without_apostrophes,  # "the mets plan", "whos"
    "no-mark": _without_mark,
    "polite": _polite,  # the question only, not the conversation before it
    "curly": _curly,
    "slips": _slip,
    "lowercase": lambda text, _: text.lower(),
}


def retyped(questions: Sequence[EvalQuestion], how: str) -> list[EvalQuestion]:
    """The questions (and, but for "polite", their history) retyped one of RETYPINGS' ways."""
    change = RETYPINGS[how]
    out = []
    for q in questions:
        history = q.history if how == "polite" else tuple(change(turn, f"{q.id}:{n}")
                                                          for n, turn in enumerate(q.history))
        out.append(replace(q, question=change(q.question, q.id), history=history))
    return out
