"""The request wrapped around a question: "can you tell me how much ...?", "... please"."""

from __future__ import annotations

import re

# "can you tell me", "could you please let me know", "do you know", "I'd like to know", "please
# tell me", after an optional connector that a follow-up keeps ("and can you tell me who ...?")
_REQUEST_RE = re.compile(
    r"^(?P<connector>(?:and|so|ok|okay)\b[,\s]*)?(?:(?:hi|hello)\b[,!\s]*)?(?:please\s+)?"
    r"(?:(?:can|could|would|will)\s+(?:you|u)\s+(?:please\s+)?(?:tell|show|give)\s+(?:me|us)"
    r"(?:\s+know)?"
    r"|(?:can|could|would|will)\s+(?:you|u)\s+(?:please\s+)?(?:let\s+(?:me|us)\s+know|find\s+out)"
    r"|(?:do|does)\s+(?:you|anyone)\s+know"
    r"|i(?:['’]d|\s+would)\s+like\s+to\s+know|i\s+want\s+to\s+know|i(?:['’]m|\s+am)\s+wondering"
    r"|(?:please\s+)?(?:tell|show|give)\s+(?:me|us))"
    r"[,:\s]+(?=\S)",
    re.I)
_PLEASE_END_RE = re.compile(r"[,\s]+(?:please|pls|plz|thanks|thank\s+you)\s*(?=[?.!]*\s*$)", re.I)


def without_request(text: str) -> str:
    """The question inside a polite request: "can you tell me how much the VRU got?" -> "how much
    the VRU got?"; "and could you tell me who owns it?" -> "and who owns it?". A question with no
    such wrapping, or nothing left inside it, is returned as it is."""
    match = _REQUEST_RE.match(text)
    inner = text
    if match:
        inner = (match.group("connector") or "") + text[match.end():]
    inner = _PLEASE_END_RE.sub("", inner)
    return inner if any(ch.isalnum() for ch in inner) else text
