"""Repair what PDF and web extraction break, producing the text citations quote."""

from __future__ import annotations

import re

# Private-use and stray glyphs that PDF extraction leaves where a bullet was.
_BULLET_GLYPHS = "\uf0b7\uf0a7\uf076\uf0d8\uf0fc\uf06e\uf0a8\u25aa\u25cf\u25e6\u2023\u2043\u00b7"
_BULLET_RE = re.compile(rf"^([ \t]*)[{_BULLET_GLYPHS}•][ \t]*", re.MULTILINE)
_INLINE_BULLET_RE = re.compile(rf"[{_BULLET_GLYPHS}]")
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\ufeff"), None)
_SPACES = {ord("\u00a0"): " ", ord("\u2007"): " ", ord("\u202f"): " ", ord("\t"): " "}
_LIGATURES = {"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl"}

# [Reference:1](#) and [12](#): footnote markers with nowhere to go; dropped.
_REFERENCE_LINK_RE = re.compile(r"\s?\[(?:Reference:?\s*)?\d+\]\([^)]*\)")
# [link text](#) or [text](mailto:...): keep the words, drop the target.
_LINK_RE = re.compile(r"\[([^\]\n]+)\]\((?:#|mailto:|https?:)[^)\s]*\)")
# Markdown emphasis: ***text***, **text**, *text* (not list bullets, not arithmetic).
_EMPHASIS_RE = re.compile(r"(\*{1,3})(?=\S)([^*\n]+?)(?<=\S)\1")
_HYPHEN_BREAK_RE = re.compile(r"([A-Za-z]{2,})-[ \t]*\n[ \t]*([a-z][A-Za-z]*)")
_TRAILING_SPACE_RE = re.compile(r"[ \t]+$", re.MULTILINE)
_BLANK_RUN_RE = re.compile(r"\n{3,}")
_WORD_RE = re.compile(r"[A-Za-z]+")


def clean_text(text: str) -> str:
    """Normalise extraction artefacts; the result is the document text users see and quotes."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.translate(_INVISIBLE).translate(_SPACES)
    for ligature, letters in _LIGATURES.items():
        text = text.replace(ligature, letters)
    text = _BULLET_RE.sub(r"\1• ", text)
    text = _INLINE_BULLET_RE.sub("•", text)
    text = _REFERENCE_LINK_RE.sub("", text)
    text = _LINK_RE.sub(r"\1", text)
    text = _EMPHASIS_RE.sub(r"\2", text)
    text = join_hyphenated(text)
    text = _TRAILING_SPACE_RE.sub("", text)
    text = _BLANK_RUN_RE.sub("\n\n", text)
    return text.strip("\n") + "\n" if text.strip() else ""


def join_hyphenated(text: str) -> str:
    """Join words split across lines by a hyphen.

    "govern-\\nment" becomes "government" only when the document itself spells the joined
    word somewhere; otherwise the hyphen is a real one ("cloud-\\nbased" -> "cloud-based").
    """
    vocabulary = {word.lower() for word in _WORD_RE.findall(text)}

    def join(match: re.Match[str]) -> str:
        head, tail = match.group(1), match.group(2)
        if (head + tail).lower() in vocabulary:
            return head + tail
        return f"{head}-{tail}"

    return _HYPHEN_BREAK_RE.sub(join, text)
