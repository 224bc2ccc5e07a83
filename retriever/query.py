"""Understand a question: rewrite follow-ups, expand acronyms, guess the kind of answer wanted."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from indexer.schema import GlossaryEntry
from indexer.tokenizer import tokenize

ANSWER_TYPES = ("number", "money", "who", "when", "definition", "list", "decision", "statement", "yesno",
                "other")

_WORD_RE = re.compile(r"[A-Za-z][A-Za-z'’-]*|\d[\d,./%-]*")
_CONNECTOR_RE = re.compile(r"^\s*(and|but|also|so|then|what about|how about|and what about|"
                           r"what of|same for|plus)\b", re.IGNORECASE)
_ANAPHORA = frozenset("it its that this those these they them their he she his her him same there "
                      "one ones such".split())
# Words that ask, rather than name what is asked about.
_QUESTION_WORDS = frozenset("""
what whats what's which who whom whose when where why how many much is are was were be been being do
does did done will would shall should can could may might must have has had the a an of to in on at
for by with from about as and or but if so than then any some all each every there here please tell me
us you your our we i give show list name say said says mean means stand stands happen happened happens
get got go going into out up down over under again further more most other own just also very
""".split())
_GENERIC = frozenset("""
owner owns own responsible lead leads deadline date when year quarter time number figure amount total
baseline target cost costs budget percentage per cent percent many much response answer say said
recommendation recommendations commitment commitments action actions plan about
""".split())

_MULTI_PART_RE = re.compile(r"\S.*(?:,\s*and|\band)\s+(?:what|who|when|how|which|does|did)\b"
                            r"|.*\b(?:vs|versus|compared?|compares|comparison)\b", re.IGNORECASE)

_TYPE_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("money", re.compile(r"\bhow much\b(?! of)(?! \w+ of)(?! \w+ \w+ of).*\b(money|funds?|funding|funded|cost|costs|costing|spend|spent|pay|paid|fine|"
                         r"fee|charge|penalty|budget|grant|worth|invest|invested|investment)\b|£|\bpounds?\b|"
                         r"\bwhat(?:'s|\u2019s|s| is| was| are| were) the (cost|budget|fine|fee|price|salary|value)\b|"
                         r"\b(?:what|which) (?:salary|wage|fee|fine|price|budget)\b|"
                         r"\b(cost|costs|costing|worth)\W*$|"
                         r"^\W*(?:and\s+)?(?:the\s+)?(?:total\s+)?(?:cost|budget|price|funding)\s+(?:of|for)\b", re.I)),
    ("number", re.compile(r"\bhow (many|much|big|large|often)\b|\b(number|percentage|proportion|rate|"
                          r"baseline|target|figure|count|total|per cent|%)\b", re.I)),
    ("when", re.compile(r"\b(when|by when|what date|which date|deadline|what year|which year|"
                        r"which quarter|what quarter|how long|how (?:fast|quickly|soon)|timescale|due|"
                        r"(?:closing|opening|start|"
                        r"end|launch|publication|completion|target|review) date|date (?:of|for) (?:the )?"
                        r"(?:publication|launch|completion|closing|meeting|review|start|end))\b", re.I)),
    ("who", re.compile(r"\b(who|whom|whose|which (team|unit|officer|body|organisation|command|"
                       r"commander|councillor|member|person))\b|\b(owner|owns|responsible|"
                       r"chair(ed)?|lead officer|signed)\b", re.I)),
    ("definition", re.compile(r"\b(stand for|stands for|meaning of|what is meant|define|definition|"
                              r"what does \S+ mean|what is (a|an|the) \S+\??$|what are \S+\??$)", re.I)),
    ("list", re.compile(r"\b(list|what are the|which are the|name the|priorities|areas|steps|"
                        r"examples|phases|types of)\b", re.I)),
    ("decision", re.compile(r"\b(resolve|resolved|decide|decided|decision)\b", re.I)),
    ("statement", re.compile(r"\bwhat (did|does|do|has|have)\b.*\b(say|said|state|stated|tell|told)\b.*\b(about|on)\b",
                             re.I)),
)
# the words a yes/no question opens with, and a question after a scene-setting sentence too
_AUXILIARIES = "is|are|was|were|does|do|did|will|can|has|have|should|could"
_YESNO_RE = re.compile(rf"^\s*(?:and\s+)?(?:{_AUXILIARIES})\b", re.I)


@dataclass(frozen=True)
class Query:
    """A question made ready to search."""

    question: str
    text: str  # the standalone query shown to users
    follow_up: bool
    terms: tuple[str, ...]  # tokens of the question itself
    context_terms: tuple[str, ...]  # tokens carried over from the conversation
    expansions: tuple[str, ...]  # glossary tokens added (FPN -> fixed penalty notice, and back)
    answer_type: str
    multi_part: bool = False  # "what did X ask for, and what did Y reply?": answer each part
    # what the answer sentences are compared with, when not the whole text: "and what about
    # HMOs? baseline" leaves out the fly-tip FPN that the new subject takes the place of
    choice_text: str | None = None
    new_subject: tuple[str, ...] = ()  # tokens of the subject such a follow-up swaps in ("hmo")


# "when the plan says 'young people', what ages does it mean?": the clause sets the scene, the
# question after the comma says what is asked
_LEADING_CLAUSE_RE = re.compile(r"^\s*(?:when|if|where|as|since|given|after|before)\b[^,?]*,\s*"
                                r"(?=(?:what|who|whom|whose|how|which|when|where|why|is|are|was|"
                                r"were|does|do|did|has|have|will|can)\b)", re.I)


# "Back in 2017 the committee asked for more ISVAs. Does the new plan commit to that?": the
# sentences before the question set the scene, the last one says what is asked
_SCENE_RE = re.compile(rf"^.*[.!]\s+(?=(?:and\s+)?(?:what|who|whom|whose|how|which|when|where|why|"
                       rf"{_AUXILIARIES})\b)", re.I | re.S)


# "who was chair of the committee when it responded to the draft plan?": a clause that dates the
# question after another question word
_TRAILING_WHEN_RE = re.compile(r"^(\s*(?:and\s+)?(?:what|who|whom|whose|which|how|where|why)\b.*?)"
                               r"\s+when\s+(?:it|they|he|she|the|this|that|these|those|we|you|i)\b.*$",
                               re.I)


# "which boroughs were in the pilots?", "what values should officers live up to?": a plural
# asked for by which/what wants a list; "its four themes", "the two priorities" too
_COUNTS = r"(?:two|three|four|five|six|seven|eight|nine|ten|\d{1,2})"
# the plural ends the question or is followed by a verb or a preposition: "which borough hosts
# the hub?" asks for one borough
_ASKED_END = (r"(?=\s*[?.,;:)]|\s*$|\s+(?:are|were|is|was|does|do|did|has|have|had|could|can|should|"
              r"will|would|might|of|in|on|for|from|to|that|with|at|under|within)\b)")
# up to two words before a plural of five letters or more (not "-ss"), and what follows it
_PLURAL = r"(?:[a-z-]+\s+){0,2}?([a-z-]{3,}[^s\W]s)\b" + _ASKED_END
_PLURAL_ASKED_RE = re.compile(rf"\b(?:which|what)\s+(?!about\b)(?:{_COUNTS}\s+)?" + _PLURAL, re.I)
_COUNTED_PLURAL_RE = re.compile(rf"\b(?:the|its|their|his|her|all)\s+{_COUNTS}\s+" + _PLURAL, re.I)
_PLACE_OR_REASON_RE = re.compile(r"\b(?:where|why|how)\b", re.I)
# words of five letters or more ending in s that are no plural asked for, or ask for a quantity,
# not a list
_NOT_PLURAL = frozenset("""
yours theirs status focus bonus census always perhaps counts means numbers figures savings rates
levels costs
""".split())


def detect_answer_type(question: str) -> str:
    """The kind of answer the question expects: number, money, who, when, definition, list, a
    committee's decision, what someone said about something, yesno."""
    question = _TRAILING_WHEN_RE.sub(r"\1", _LEADING_CLAUSE_RE.sub("", _SCENE_RE.sub("", question)))
    if _YESNO_RE.search(question):  # "will there be a rape detection target?" asks for no number
        return "yesno"
    for name, pattern in _TYPE_PATTERNS:
        if pattern.search(question):
            return name
    if _PLACE_OR_REASON_RE.search(question):  # "where are the four VCTF bases?" wants places
        return "other"
    plural = _PLURAL_ASKED_RE.search(question)
    if (plural and plural.group(1).lower() not in _NOT_PLURAL) or _COUNTED_PLURAL_RE.search(question):
        return "list"
    return "other"


def content_words(text: str) -> list[str]:
    """The words of a question that name what it is about (not how it asks)."""
    words = [w.strip("'’-") for w in _WORD_RE.findall(text)]
    return [w for w in words if w and w.lower() not in _QUESTION_WORDS]


def leans_on_history(question: str) -> bool:
    """True when the question cannot stand alone: a connector, a pronoun, or no subject of its own."""
    if _CONNECTOR_RE.match(question):
        return True
    lowered = [w.lower() for w in _WORD_RE.findall(question)]
    if any(w in _ANAPHORA for w in lowered):
        return True
    words = content_words(question)
    subject = [w for w in words if w.lower() not in _GENERIC]
    asks_attribute = len(subject) < len(words)  # "the baseline for HMOs": same attribute, new subject
    specific = [w for w in subject if _is_specific(w)]
    return len(subject) == 0 or (len(subject) == 1 and (asks_attribute or not specific))


def _is_specific(word: str) -> bool:
    """An acronym, a number or a capitalised name names its own subject."""
    return (word.isupper() and len(word) >= 2) or word[:1].isdigit() or (
        word[:1].isupper() and word.lower() not in _QUESTION_WORDS)


def subject_of(question: str) -> str:
    """The subject words of a question, in order, to carry into the next turn."""
    words = [w for w in content_words(_CONNECTOR_RE.sub("", question)) if w.lower() not in _GENERIC]
    return " ".join(words)


def standalone(question: str, history: Sequence[str]) -> tuple[str, str]:
    """(standalone query, carried subject): follow-ups inherit the subject of the earlier turns."""
    previous = ""
    for turn in history:
        previous = _rewrite(turn, previous)[0] if previous else turn
    if not previous or not leans_on_history(question):
        return question, ""
    return _rewrite(question, previous)


# What an earlier question asked of its subject: "and what about HMOs?" after "what is the PET
# fly-tip FPN baseline?" asks for the baseline again, of a new subject
_ATTRIBUTES = frozenset("""
owner owns responsible lead leads deadline date year quarter time number figure amount total baseline
target cost costs budget percentage
""".split())


def asks_own_attribute(question: str) -> bool:
    """True when the question says what it wants ("by when?", "who owns ...?", "the baseline for
    X"), False for "and what about HMOs?", "and the HMO one?", which ask the earlier question's."""
    return any(w.lower() in _GENERIC for w in content_words(question)) or \
        detect_answer_type(question) != "other"


# "the HMO one", "same for HMOs": words that stand for the earlier subject's kind, not for it
_SUBSTITUTES = frozenset("one ones same".split())


def names_new_subject(question: str) -> bool:
    """True for a follow-up that swaps the subject ("and what about HMOs?", "and the HMO
    one?"), not one that points back to it ("how many of them were hoax calls?") or asks of
    another period ("and for 2019-20?")."""
    words = [w.lower() for w in content_words(question)]
    if any(w in _ANAPHORA and w not in _SUBSTITUTES for w in words):
        return False
    return any(w not in _GENERIC and w not in _ANAPHORA and not w[:1].isdigit() for w in words)


def _rewrite(question: str, previous: str) -> tuple[str, str]:
    if not leans_on_history(question):
        return question, ""
    subject = subject_of(previous)
    if not asks_own_attribute(question):
        subject += "".join(f" {w}" for w in content_words(previous) if w.lower() in _ATTRIBUTES)
    own = set(w.lower() for w in content_words(question))
    carried = " ".join(w for w in subject.split() if w.lower() not in own)
    if not carried:
        return question, ""
    return f"{question.rstrip()} ({carried})", carried


@functools.lru_cache(maxsize=16384)
def _entry_tokens(term: str, expansion: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """A glossary entry's tokens, both sides: every question reads the whole glossary (4 ms a
    question when each entry was tokenised again)."""
    return tuple(tokenize(term)), tuple(tokenize(expansion))


def expand_terms(tokens: Iterable[str], question: str,
                 glossary: Sequence[GlossaryEntry]) -> tuple[str, ...]:
    """Glossary tokens both ways: an acronym adds its expansion, an expansion adds its acronym."""
    present = set(tokens)
    lowered = " ".join(tokenize(question))
    added: list[str] = []
    for entry in glossary:
        term_tokens, expansion_tokens = _entry_tokens(entry.term, entry.expansion)
        if not term_tokens or not expansion_tokens:
            continue
        if set(term_tokens) <= present:
            added += [t for t in expansion_tokens if t not in present and t not in added]
        elif " ".join(expansion_tokens) in lowered:
            added += [t for t in term_tokens if t not in present and t not in added]
    return tuple(added)


# Everyday words for what the documents say formally, searched for alongside them (one way:
# a document's "police officers" does not make a question about cops)
INFORMAL_WORDS = (
    ("cop", "police officers"), ("copper", "police officers"), ("bobby", "police officers"),
    ("govt", "government"), ("gov", "government"), ("kid", "children young people"),
    ("stat", "statistics figures"), ("biz", "business"), ("cash", "funding money"),
    ("org", "organisations"), ("ppl", "people"), ("info", "information"), ("dept", "department"),
    ("comm", "communications"), ("mgmt", "management"),
)


EVERYDAY_WORDS = frozenset(informal for informal, _ in INFORMAL_WORDS)


def formal_terms(tokens: Iterable[str]) -> tuple[str, ...]:
    """Tokens of the formal words for the everyday ones among tokens ("cops" -> police officers)."""
    present = set(tokens)
    added: list[str] = []
    for informal, formal in INFORMAL_WORDS:
        if informal in present:
            added += [t for t in tokenize(formal) if t not in present and t not in added]
    return tuple(added)


def understand(question: str, history: Sequence[str], glossary: Sequence[GlossaryEntry]) -> Query:
    """Rewrite, tokenise, expand and type one question."""
    text, carried = standalone(question, history)
    terms = tuple(tokenize(question))
    context = tuple(t for t in tokenize(carried) if t not in terms)
    expansions = expand_terms(terms + context, f"{question} {carried}", glossary)
    expansions += tuple(t for t in formal_terms(terms + context) if t not in expansions)
    answer_type = detect_answer_type(question)
    choice_text: str | None = None
    new_subject: tuple[str, ...] = ()
    swaps = bool(carried) and names_new_subject(question)
    if swaps:  # "what was the baseline for HMOs?": an answer from elsewhere must name HMOs
        new_subject = tuple(tokenize(" ".join(w for w in subject_of(question).split()
                                              if w.lower() not in _ANAPHORA)))
    if carried and not asks_own_attribute(question):  # "and what about HMOs?" asks what was asked before
        answer_type = detect_answer_type(text)
        if swaps:
            attributes = [w for w in carried.split() if w.lower() in _ATTRIBUTES]
            choice_text = " ".join([question.rstrip(), *attributes])
    return Query(question=question, text=text, follow_up=bool(carried), terms=terms,
                 context_terms=context, expansions=expansions, answer_type=answer_type,
                 multi_part=bool(_MULTI_PART_RE.match(question)), choice_text=choice_text,
                 new_subject=new_subject)
