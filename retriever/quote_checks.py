"""What the quotes must state for the question asked: a number, a date, a role, a place.

Each check reads only the question and the quoted sentences, so it can judge the chosen answer
and, before that, each candidate sentence.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Collection, Set

from indexer.tokenizer import token_set, tokenize

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")
_MONTHS = "|".join(MONTHS)
_MONEY_RE = re.compile(r"£\s?\d|\d\s?(?:m|bn|k)\b|\b(?:million|billion|pounds?)\b", re.IGNORECASE)
_NUMBER_WORDS = ("one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
                 "fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy "
                 "eighty ninety hundred hundreds thousand thousands million millions billion dozen "
                 "once twice half each every").split()
# What an answer of each type must state. "how many BCUs have X?" can be answered "each BCU".
ANSWER_SHAPES = {
    "number": re.compile(r"\d[\d,.]*|\b(?:" + "|".join(_NUMBER_WORDS) + r")\b", re.I),
    "when": re.compile(rf"\bQ[1-4]\b|\bquarter\s+[1-4]\b|\b(?:19|20)\d\d\b|\b(?:{_MONTHS}|spring|"
                       r"summer|autumn|winter)\b|\bby (?:the )?end\b", re.I),
}
_SHAPE_NAMES = {"number": "number", "when": "date or time", "share": "percentage or share"}
# "how long (fast, quickly, soon) ...?" is answered by a length of time ("within 21 days", "a
# three-year programme", "over the next five years"), "how often ...?" by a frequency ("meets
# quarterly", "twice a year")
_DURATION_QUESTION_RE = re.compile(r"\bhow (?:long|fast|quickly|soon)\b|"
                                   r"\bhow many (?:hours|days|weeks|months|years)\b|"
                                   r"\b(?:timescale|timeframe|duration)\b", re.I)
# either is stated as well as a number or date: "until March 2019", "three times a week"
_FREQUENCY_QUESTION_RE = re.compile(r"\bhow often\b|\bhow frequently\b", re.I)
_ONE_TO_TWENTY = _NUMBER_WORDS[:_NUMBER_WORDS.index("twenty") + 1]
_DURATION_RE = re.compile(r"\b(?:\d[\d,.]*|a|an|" + "|".join(_ONE_TO_TWENTY) + r"|several|few)"
                          r"[\s-]+(?:(?:working|calendar|financial)[\s-]+)?(?:minutes?|hours?|days?|weeks?|"
                          r"months?|years?|decades?)\b", re.I)
_FREQUENCY_RE = re.compile(r"\b(?:hourly|daily|nightly|weekly|fortnightly|monthly|quarterly|annual|annually|"
                           r"yearly|bi-?annual|bi-?annually|once|twice|every|each)\b|"
                           r"\b(?:a|per) (?:day|week|month|year)\b", re.I)
# Numbers that label rather than count: dates, numbered headings and list items, footnote
# markers glued to a word ("gangs.8"), and "Recommendation 2", "Quarter 4", "Phase 1".
_LABEL_RE = re.compile(
    rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:{_MONTHS})(?:\s+(?:19|20)\d\d)?\b|\b(?:{_MONTHS})\s+(?:19|20)\d\d\b"
    r"|\b(?:19|20)\d\d\s?[-/\u2013]\s?(?:19|20)?\d\d\b"
    r"|\b(?:19|20)\d\d\b(?![,.]\d)"  # a year (counts above 999 are written 1,742)
    r"|(?:^|\n)\s*\d{1,3}(?:\.\d{1,3})*\.?(?=\s)"
    r"|(?<=[A-Za-z])[.,;:’”)]?\d{1,3}\b"
    r"|\b(?:recommendations?|minute|section|paragraph|priority|quarter|phase|appendix|annex|table|"
    r"figure|page|band|tier|level|stage|step|part|item|Q)\s*\d+(?:\.\d+)*\b", re.I)
_SHARE_QUESTION_RE = re.compile(r"\b(?:percentage|per ?cent|proportion|share|fraction)\b|%", re.I)
_PER_CENT = r"%|\bper ?cent\b"
_SHARE_RE = re.compile(_PER_CENT + r"|\b(?:half|third|quarter|majority|minority|most|all|none|"
                       r"one in \w+|\d+ in \d+|\d+ out of \d+)\b", re.I)
# a rate is a figure against a base: "a 27 per cent detection rate", "12 per 1,000 people", not
# "the reoffending rate for the most violent cohort"
_RATE_QUESTION_RE = re.compile(r"\brates?\b", re.I)
_RATE_RE = re.compile(_PER_CENT + r"|\b(?:one|\d+) in \d[\d,]*\b|\bper (?:\d[\d,]*|thousand|hundred)\b", re.I)
_TOKEN_RE = re.compile(r"[a-z]+|\d+")
# A year that is part of a name dates the thing named, not the event asked about: "the Police
# Reform and Social Responsibility Act 2011", "Lord Harris' 2016 Review", "the Plan for 2017-21".
_DATING_WORDS = frozenset(_MONTHS.lower().split("|")) | frozenset(
    "spring summer autumn winter quarter early late mid end in by since from until during before "
    "after at on of to for the and or".split())
_YEAR = r"(?:19|20)\d\d(?:\s?[-/\u2013]\s?(?:19|20)?\d\d)?\b"
_TITLE_YEAR_RE = re.compile(
    rf"\b([A-Z][a-z]+) ({_YEAR})"  # "Act 2011"
    rf"|(?:(?<=the )|(?<=[’'] )|(?<=[’']s ))({_YEAR})(\s+)([A-Z][a-z]+)"  # "Lord Harris' 2016 Review"
    rf"|\b(for) ({_YEAR})")  # "the Plan for 2017-21"


def _without_title_years(text: str) -> str:
    """The text with years that belong to a name blanked out (not "March 2017", "Spring 2022")."""
    def blank(match: re.Match[str]) -> str:
        before, year, year2, gap, after, for_, period = match.groups()
        if before is not None:
            return match.group(0) if before.lower() in _DATING_WORDS else f"{before} "
        if year2 is not None:
            return match.group(0) if after.lower() in _DATING_WORDS else f"{gap}{after}"
        return f"{for_} " if "-" in period or "/" in period or "\u2013" in period else match.group(0)
    return _TITLE_YEAR_RE.sub(blank, text)


def _states_new(shape: re.Pattern[str], text: str, asked: set[str]) -> bool:
    """True when the text states something of that shape (a number, a date) with words the
    question does not already give."""
    return any(set(_TOKEN_RE.findall(m.group(0).lower())) - asked for m in shape.finditer(text))


def missing_shape(answer_type: str, question: str, quotes: list[str]) -> str | None:
    """What a number or when question's answer should state but the quotes do not ("a number",
    "a date or time"); None when they state it. A number or year the question itself gives
    ("the three-year programme", "in 2017") is not an answer to it."""
    pattern = ANSWER_SHAPES.get(answer_type)
    if pattern is None:
        return None
    if answer_type == "number" and _SHARE_QUESTION_RE.search(question):
        pattern, answer_type = _SHARE_RE, "share"
    elif answer_type == "number" and _RATE_QUESTION_RE.search(question):
        pattern, answer_type = _RATE_RE, "share"
    asked = set(_TOKEN_RE.findall(question.lower()))
    extra = _FREQUENCY_RE if answer_type == "number" and _FREQUENCY_QUESTION_RE.search(question) else \
        _DURATION_RE if answer_type == "when" and _DURATION_QUESTION_RE.search(question) else None
    for text in quotes:
        cleaned = _LABEL_RE.sub(" ", text) if answer_type in ("number", "share") else \
            _without_title_years(text) if answer_type == "when" else text
        for shape, target in [(pattern, cleaned)] + ([(extra, text)] if extra is not None else []):
            if _states_new(shape, target, asked):
                return None
    return _SHAPE_NAMES[answer_type]


_ROLE_QUESTION_RE = re.compile(r"\b(?:chair|chairs|chaired|chairing|lead|leads|led|leading|head|heads|"
                               r"headed|heading|in charge)\b", re.I)
_ROLE_RE = re.compile(r"\b(?:chair\w*|lead|leads|led|leading(?=\s+(?:the|a|an|on|this|that|its|their|our|work|"
                      r"delivery|efforts?)\b)|head|heads|headed|heading|"
                      r"responsible|owner|owned|run by|managed by|overseen by|in charge)\b", re.I)


def missing_role(answer_type: str, question: str, quotes: list[str]) -> bool:
    """True for "who will chair/lead/head X?" when no quote says who chairs, leads or heads
    anything: a sentence that only says X exists does not name its chair."""
    if answer_type != "who" or not _ROLE_QUESTION_RE.search(question):
        return False
    return not any(_ROLE_RE.search(text) for text in quotes)


def _sentences(text: str) -> list[str]:
    """A quote cut at each full stop, question or exclamation mark followed by a space."""
    return re.split(r"(?<=[.!?])\s+", text)


# what a "who chairs/leads/heads X?" question asks about: the words after the role, up to a
# clause that describes or places it ("MOPAC's Oversight Board that scrutinises ...")
_ROLE_OBJECT_RE = re.compile(r"\b(?:chair|chairs|chaired|chairing|lead|leads|led|leading|head|heads|headed|"
                             r"heading|in charge)(?:\s+(?:of|on|for))?\s+(.+?)(?=\s+(?:that|which|who|where|when|"
                             r"with|to|at|in|on|for|from|according|under|during|between|as)\b|[?,;.]|$)",
                             re.I)
_NOT_OBJECT = frozenset(tokenize("the a an this that these those its their our new met mets metropolitan "
                                 "police london mayor mayor's mopac council harrow up"))


def missing_role_object(answer_type: str, question: str, quotes: list[str],
                        aliases: Collection[str] = ()) -> bool:
    """True for "who heads the Met's HR?" when no quoted sentence both names a chair, lead or
    head and at least half the words of what is led (or one of their aliases): "Performance
    Group, chaired by the Deputy Commissioner" does not say who heads HR."""
    if answer_type != "who":
        return False
    match = _ROLE_OBJECT_RE.search(question)
    if match is None:
        return False
    named = set(tokenize(match.group(1))) - _NOT_OBJECT
    if not named:
        return False
    for text in quotes:
        for sentence in _sentences(text):
            if not _ROLE_RE.search(sentence):
                continue
            if _mostly_named(named, token_set(sentence), aliases):
                return False
    return True


def _mostly_named(named: set[str], tokens: Set[str], aliases: Collection[str]) -> bool:
    """True when the tokens hold at least half the named words, or one of their aliases."""
    return 2 * len(named & tokens) >= len(named) or bool(tokens & set(aliases))


_HOLDER_QUESTION_RE = re.compile(r"^\s*(?:and\s+)?who(?:\s+(?:is|was|are|were)|['’]s)\s+(?:the\s+)?\S", re.I)
_PLACE_QUESTION_RE = re.compile(r"^\s*(?:and\s+)?(?:in\s+)?which\s+(boroughs?|wards?|areas?|BCUs?|councils?|"
                                r"forces?|organisations?|charit(?:y|ies)|compan(?:y|ies)|towns?|cit(?:y|ies)|"
                                r"places?|schools?)\b", re.I)
_NAMED_RE = re.compile(r"(?<=[^.!?:;\s\u2022]) +([A-Z][A-Za-z'’]+)")  # a bullet opens a sentence


_NAME_QUESTION_RE = re.compile(r"\bname of (?:the|her|his|their)\b|\bwhat(?:'s|\u2019s| is| was) (?:his|her|their) "
                               r"name\b|\W-\s*name\W*$|\bname\?\s*$", re.I)
# the name asked for is a person's ("the borough commander - name?"), not a body's ("the new forum")
_PERSON_ASKED_RE = re.compile(r"\bwho\b|\b(?:commander|chair\w*|officer|commissioner|director|head|lead|mayor|"
                              r"councillor|inspector|superintendent|minister|secretary|manager|person|member|"
                              r"author|clerk|spokes\w*)\b", re.I)
_HONORIFIC_RE = re.compile(r"\b(?:Councillor|Cllr|Baroness|Baron|Lord|Lady|Sir|Dame|Dr|Mr|Mrs|Ms|Miss|"
                           r"Professor|Prof)\.? [A-Z][a-z]", re.M)
_NAME_SUFFIX_RE = re.compile(r"\b[A-Z][a-z'’-]+ [A-Z][a-z'’-]+,? (?:OBE|MBE|CBE|AM|MP|QC|KC)\b")
# two capitalised words inside a sentence, or opening it before a comma ("Sophie Linden, Deputy ...")
_CAPITALISED_PAIR_RE = re.compile(r"(?<=[^.!?:;\s] )([A-Z][a-z'’-]+) ([A-Z][a-z'’-]+)|"
                                  r"(?:^|(?<=[.!?] ))([A-Z][a-z'’-]+) ([A-Z][a-z'’-]+)(?=,)")
# words of titles, ranks, bodies and places: "the Borough Commander, North West Basic Command Unit"
_TITLE_WORDS = frozenset(
    "chair chairman chairperson vice deputy assistant acting chief head lead director commissioner commander "
    "superintendent inspector sergeant constable detective officer officers borough boroughs basic command "
    "unit units team teams board committee council councillor member members mayor mayor's minister "
    "secretary service services police policing metropolitan crime london harrow north south east west "
    "central the and of for office group partnership manager overview scrutiny cabinet portfolio holder "
    "victims victims' children young people public protection violence reduction task force forces agency "
    "fund hub strategy plan programme operation centre commission forum network".split())


def missing_person(question: str, quotes: list[str]) -> bool:
    """True for "what's the name of the borough commander?" when no quote gives a person's
    name: a title ("the Borough Commander, North West Basic Command Unit") is not a name."""
    if not (_NAME_QUESTION_RE.search(question) and _PERSON_ASKED_RE.search(question)):
        return False
    for text in quotes:
        flat = " ".join(text.split())
        if _HONORIFIC_RE.search(flat) or _NAME_SUFFIX_RE.search(flat):
            return False
        for match in _CAPITALISED_PAIR_RE.finditer(flat):
            words = [w.lower() for w in match.groups() if w]
            if not any(w in _TITLE_WORDS for w in words):
                return False
    return True


# "Sophie Linden, Deputy Mayor for Policing and Crime When we published ...": titles, and a
# sentence opener run on from a heading, name no one beyond the title asked about
_NOT_A_HOLDER = _TITLE_WORDS | frozenset("when where while we our it its this that these there in on at as if "
                                         "figure table".split())


def missing_holder(question: str, quotes: list[str]) -> bool:
    """True for "who is the Commander Head of Profession for Safeguarding?" when the quotes name
    no one beyond the title asked about."""
    return bool(_HOLDER_QUESTION_RE.search(question)) and not _names_beyond(question, quotes, _NOT_A_HOLDER)


def words_in(passages: list[str]) -> set[str]:
    """Every token of the passages, to look a question's words up in."""
    return set().union(*(token_set(text) for text in passages))


_NO_PLACE = frozenset("borough boroughs team teams".split())
# London's boroughs: "knife crime numbers for Harrow" is not answered by a London-wide figure,
# and "which borough?" is answered by one of them
BOROUGHS = frozenset("""
barking dagenham barnet bexley brent bromley camden croydon ealing enfield greenwich hackney
hammersmith fulham haringey harrow havering hillingdon hounslow islington kensington chelsea
kingston lambeth lewisham merton newham redbridge richmond southwark sutton hamlets waltham
wandsworth westminster
""".split())


@functools.cache
def borough_tokens() -> frozenset[str]:
    """The boroughs' names as the tokenizer spells them ("Barking" -> "bark")."""
    return frozenset(tokenize(name)[0] for name in BOROUGHS)


def missing_place(question: str, quotes: list[str]) -> str | None:
    """For "which borough runs the pilot?": the kind of place asked for ("borough") when the
    quotes name nothing beyond the question's own words (for a borough, none of London's boroughs
    beyond them); None when they do or it asks otherwise."""
    match = _PLACE_QUESTION_RE.search(question)
    if match is not None and match.group(1).lower() in ("borough", "boroughs"):
        # "which borough is the hub in?": "MOPAC" names no borough; London's boroughs are known
        asked = token_set(question)
        named = words_in(quotes) & borough_tokens()
        return None if named - asked else match.group(1).lower()
    # "for the Borough", "the L&E team": these capitals name no particular place
    if match is None or _names_beyond(question, quotes, _NO_PLACE):
        return None
    return match.group(1).lower()


def _names_beyond(question: str, quotes: list[str], generic: Set[str]) -> bool:
    """True when a quote has a capitalised word inside a sentence that is neither in the question
    nor generic, nor a single letter ("the L&E team")."""
    known = set(_TOKEN_RE.findall(question.lower())) | set(generic)
    return any({t for t in _TOKEN_RE.findall(name.lower()) if len(t) > 1} - known
               for text in quotes for name in _NAMED_RE.findall(text))


_DEFINE_QUESTION_RE = re.compile(r"\b(?:definition|define|defined|defines)\b", re.I)
_DEFINING_RE = re.compile(r"\bdefin\w*|\bmeans\b|\bmeaning\b|\brefers? to\b|\bdescribed as\b|"
                          r"\bknown as\b|\bis (?:a|an|the|when|where)\b|\bare (?:those|people|offences)\b", re.I)


def missing_definition(question: str, quotes: list[str]) -> bool:
    """True for "what is the definition of X?" or "how does the plan define X?" when no quote
    defines anything: a sentence that only names X does not say what it means."""
    return bool(_DEFINE_QUESTION_RE.search(question)) and not any(
        _DEFINING_RE.search(t) or _glossary_entry(question, t) for t in quotes)


_ABBREVIATION_RE = re.compile(r"\([^)]*\)")
# "what does STRIDE stand for?", "what is CSE short for?": the letters asked about (the wider
# question kind, "acronym", "spelled out", is acronym_answers' to detect)
_LETTERS_ASKED_RE = re.compile(r"\bwhat (?:does|do|did|is|are) (?:the )?(?:letters? )?([A-Z][A-Za-z&]*[A-Z])s?\b"
                            r".*?\b(?:stand|stands|short) for\b")


def missing_acronym(question: str, quotes: list[str]) -> str | None:
    """The acronym a question asks to spell out when no quote names it: a sentence that never
    uses the letters does not say what they stand for."""
    match = _LETTERS_ASKED_RE.search(question)
    if match is None:
        return None
    letters = re.compile(rf"\b{re.escape(match.group(1))}\b")
    return None if any(letters.search(q) for q in quotes) else match.group(1)


def _glossary_entry(question: str, quote: str) -> bool:
    """True for a glossary's layout: the term asked about alone, a blank line, then what it is
    ("Habitual knife carrier (HKC)" / "Any individual that has come up at least twice ...")."""
    term, blank, description = quote.partition("\n\n")
    named = [t for t in tokenize(_ABBREVIATION_RE.sub(" ", term)) if t.isalpha()]
    return bool(blank) and len(term.split()) <= 8 and len(description.split()) >= 5 and \
        len(named) >= 2 and set(named) <= set(tokenize(question))


_COUNT_QUESTION_RE = re.compile(r"\bhow many\s+((?:[A-Za-z][\w'’-]*\s+){0,4}?[A-Za-z][\w'’-]*)"
                                r"(?=\s+(?:were|was|did|does|do|is|are|have|has|had|will|would|can|"
                                r"could|should|in|of|for|to|on|at|by|per|from|under|over)\b|\s*\?|\s*$)",
                                re.I)
# a follow-up that counts a part of what was counted before: "how many of them were hoax calls?"
_COUNT_PART_RE = re.compile(r"\bhow many of (?:them|these|those|it)\s+(?:were|are|was|is|have been|had been)\s+"
                            r"(?!(?:from|in|at|by|with|for|on|to|over|under|during)\b)"  # where from, not what
                            r"((?:[A-Za-z][\w'’-]*\s+){0,3}?[A-Za-z][\w'’-]*)"
                            r"(?=\s*\?|\s*$|\s+(?:in|of|for|by|at|on|last|this|since)\b)", re.I)
_NOT_COUNTED = frozenset("extra new more additional different other separate further".split())
# a sum of money counts no things: "£1m investment in CCTV cameras" says nothing of how many
# cameras (a share may: "11 per cent of crimes are reported online")
_MONEY_SUM_RE = re.compile(r"£\s?\d[\d,.]*\s*(?:m|bn|k|million|billion)?\b", re.I)
# "how many people took part?" is answered by "820 participants": too general a word to look for
_ANYONE = frozenset("people person individual time thing one".split())


# A count comes just before what it counts ("31 local police buildings"); a figure said of it
# can come later ("The Met VPC has seen a rapid expansion in numbers to over 5,000").
COUNT_BEFORE_WORDS = 5
COUNT_AFTER_WORDS = 12


def missing_counted(question: str, quotes: list[str], aliases: Collection[str] = ()) -> bool:
    """True for "how many X ...?" when no quoted sentence states a number together with X (or
    with one of the aliases, the glossary's other names for the question's words: VPC for
    Volunteer Police Cadets): "52 suites" does not count Independent Custody Visitors."""
    part = _COUNT_PART_RE.search(question)  # "of them were hoax calls": all of "hoax calls"
    match = part or _COUNT_QUESTION_RE.search(question)
    if match is None:
        return False
    counted = {t for t in tokenize(match.group(1)) if t not in _NOT_COUNTED}
    if not counted or counted & _ANYONE:
        return False
    other_names = set(aliases)
    either = counted | other_names
    asked = set(_TOKEN_RE.findall(question.lower()))
    for text in quotes:
        for sentence in _sentences(text):
            tokens = token_set(sentence)
            names_it = counted <= tokens if part else bool(counted & tokens)
            if not (names_it or tokens & other_names):
                continue
            stripped = _MONEY_SUM_RE.sub(" ", _LABEL_RE.sub(" ", sentence))
            if not _states_new(ANSWER_SHAPES["number"], stripped, asked):
                continue
            # and one beside what is counted ("Suspected HMO 18 visited"), not the sentence's
            # other figures ("31 local police buildings ... The creation of local DWO hubs")
            words = sentence.split()
            named = [i for i, word in enumerate(words) if token_set(word) & either]
            numbers = [i for i, word in enumerate(words)
                       if _states_new(ANSWER_SHAPES["number"], word, asked)]
            if not named or any(-COUNT_BEFORE_WORDS <= j - i <= COUNT_AFTER_WORDS
                                for i in named for j in numbers):
                return False
    return True


# Who a sum of money comes from, when the sentence says so right after it: "£35.4 million of
# Mayoral funding", "£4 million funding from the Home Office" (up to the clause's end)
_FUNDS = r"funding|money|grants?|investment|allocations?"
_SUM_SOURCE_RE = re.compile(rf"^\s*(?:of|in)\s+((?:[A-Z][\w'’-]*\s+){{1,3}})(?:{_FUNDS}|contributions?)\b"
                            r"|^[^,;.]*?\bfrom\s+(?:the\s+)?((?:[A-Z][\w'’-]*\s*){1,3})")
# any funder the sentence names, with or without a sum: "allocations from the Home Office"
_SOURCE_RE = re.compile(r"\b(?:from|by)\s+(?:the\s+)?((?:[A-Z][\w'’-]*\s*){1,3})|"
                        rf"\b((?:[A-Z][\w'’-]*\s+){{1,3}})(?:{_FUNDS})\b")
_CLAUSE_END_RE = re.compile(r"[,;.]|\s(?:and|but|while|whereas)\s")


def missing_source(question: str, quotes: list[str]) -> bool:
    """True for "how much did the Home Office give?" when every sum the quotes state is said of
    another funder ("£35.4 million of Mayoral funding, and additional annual allocations from the
    Home Office"), and the funder asked about is named only without a sum."""
    asked = set(tokenize(question))
    text = " ".join(quotes)
    sources: list[set[str]] = []
    for match in _MONEY_SUM_RE.finditer(text):
        clause = _CLAUSE_END_RE.split(text[match.end():], maxsplit=1)[0]
        attributed = _SUM_SOURCE_RE.search(clause)
        if attributed is None:
            return False  # a sum of no stated funder may be the one asked about
        sources.append(set(tokenize(attributed.group(1) or attributed.group(2))))
    if not sources or any(source <= asked for source in sources):
        return False
    named = (set(tokenize(m.group(1) or m.group(2))) for m in _SOURCE_RE.finditer(text))
    return any(funder and funder <= asked and funder not in sources for funder in named)


# What a money question prices: "how much is the MetTrace programme costing?", "how much funding
# does the pilot get?", "what's the cost of the new radios?"
_PRICED_RE = re.compile(
    r"\bhow much (?:is|are|was|were|will|would|does|did|do|has|have)\s+(?:the\s+|this\s+|that\s+|those\s+|"
    r"these\s+)?((?:[\w'’-]+\s+){0,4}?[\w'’-]+)\s+(?:cost|costs|costing|worth|get|gets|receive|receiving|"
    r"getting)\b"
    r"|\bhow much (?:funding|money) (?:does|did|will|has|have|is|was) (?:the\s+)?((?:[\w'’-]+\s+){0,4}?"
    r"[\w'’-]+)\s+(?:get|got|receive|received|getting|have|had)\b"
    r"|\bwhat(?:['’]s| is| was| are| were)? the (?:cost|budget|price|value) of (?:the\s+)?"
    r"((?:[\w'’-]+\s+){0,4}?[\w'’-]+)(?=\s*\?|\s*$|\s+(?:in|for|to|over|per|each)\b)", re.I)
_NOT_PRICED = _NOT_COUNTED | frozenset(tokenize("it they them this that these those one"))


def missing_priced(question: str, quotes: list[str], aliases: Collection[str] = ()) -> bool:
    """True for "how much is the MetTrace programme costing?" when no quoted sentence that states
    a sum names what is priced (or an alias of it): "circa £479 million of capital receipts"
    does not price MetTrace. A question that prices "it" or "they" is not judged."""
    match = _PRICED_RE.search(question)
    if match is None:
        return False
    priced = {t for t in tokenize(next(g for g in match.groups() if g)) if t not in _NOT_PRICED}
    if not priced:
        return False
    either = priced | set(aliases)
    sums = [sentence for text in quotes for sentence in _sentences(text) if _MONEY_SUM_RE.search(sentence)]
    return bool(sums) and not any(token_set(sentence) & either for sentence in sums)


# "what was the Met's sanction detection rate for ...?": the words that say what is measured
_MEASURED_QUESTION_RE = re.compile(
    r"\bwhat(?:['’]s| is| was| are| were)\s+(?:the\s+)?(?:[\w’'-]+['’]s?\s+)?((?:[A-Za-z][\w-]*\s+){1,3}?)"
    r"(?:rates?|totals?|figures?|percentages?|proportions?|counts?|levels?)\b", re.I)
_NOT_MEASURED = _NOT_OBJECT | frozenset(tokenize("current latest overall annual total average number"))


def missing_measured(question: str, passages: list[str], aliases: Collection[str] = ()) -> bool:
    """True for "what was the sanction detection rate ...?" when no cited passage mentions at
    least half the words of what is measured (or an alias): a passage with other figures for the
    same subject does not give that rate."""
    match = _MEASURED_QUESTION_RE.search(question)
    if match is None:
        return False
    measured = {t for word in match.group(1).split() for t in tokenize(word)} - _NOT_MEASURED
    if not measured:
        return False
    return not any(_mostly_named(measured, token_set(text), aliases) for text in passages)


_COUNT_VALUES = dict(zip(("two three four five six seven eight nine ten eleven twelve thirteen fourteen "
                          "fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty").split(),
                         [*range(2, 21), 30, 40, 50]))
_COUNT_WORDS = tuple(_COUNT_VALUES)
_WHICH_N_RE = re.compile(r"\b(?:which|what|where(?:\s+exactly)?\s+(?:are|were|is)\s+the|name\s+the)\s+"
                         r"(?:[a-z]+\s+){0,1}?(\d{1,3}|" + "|".join(_COUNT_WORDS) + r")\s+((?:[\w'’-]+\s*){1,4})",
                         re.I)
_CAPITAL_RE = re.compile(r"\b[A-Z][\w'’-]*")
NAMES_AFTER = 10  # words after "three custody suites" that would name them, in the same sentence
# capitalised, but naming no particular place or body: "four bases across ... London"
_NOT_NAMING = frozenset("london met mps mopac mayor borough boroughs council police england uk the".split())


# "three things, prevention, supporting victims and oversight ...": the count followed by a list
_LISTED_RE = re.compile(r"^(?:[\w'’-]+\s+){0,3}?[\w'’-]+\s*[:,]\s+(?!(?:with|which|that|who|to|in|for|by|as|"
                        r"where|while|from|of|on|at|and|or|but|including|such)\b)[^,;:]+,.*\b(?:and|or)\b", re.I)


def missing_which_n(question: str, quotes: list[str]) -> str | None:
    """For "which three custody suites ...?": the number asked about ("three") when the quotes
    only say there are three of them ("roll out DIVERT to three additional custody suites") and
    name none in the words that follow; None otherwise."""
    match = _WHICH_N_RE.search(question)
    if match is None:
        return None
    number = match.group(1).lower()
    forms = {number, str(_COUNT_VALUES.get(number, number))} | {
        word for word, value in _COUNT_VALUES.items() if str(value) == number}
    things = set(tokenize(match.group(2))) - _NOT_COUNTED
    asked = set(_TOKEN_RE.findall(question.lower()))
    restated = False
    for text in quotes:
        words = " ".join(text.split()).split(" ")
        for at, word in enumerate(words):
            if word.lower().strip(",.;:()") not in forms or not things & set(tokenize(" ".join(words[at + 1:at + 5]))):
                continue
            after = re.split(r"(?<=[.!?;])\s", " ".join(words[at + 1:at + 1 + NAMES_AFTER]))[0]
            if _LISTED_RE.search(after):
                return None
            if any(set(_TOKEN_RE.findall(name.lower())) - asked - _NOT_NAMING
                   for name in _CAPITAL_RE.findall(after)):
                return None
            restated = True
    return number if restated else None


def missing_kind(answer_type: str, question: str, quotes: list[str]) -> bool:
    """True when the quotes lack the kind of thing asked for: a number, a date, a role, a
    definition. A close runner-up sentence that states it answers better. The narrower checks
    (what is counted, which place, who holds a title) are left out here: over the dev questions,
    a runner-up that passes them was more often a near miss than the answer."""
    return bool(missing_shape(answer_type, question, quotes) or missing_role(answer_type, question, quotes)
                or missing_definition(question, quotes) or missing_acronym(question, quotes))


def unanswered(answer_type: str, question: str, quotes: list[str],
               aliases: Collection[str] = ()) -> str | None:
    """Why the quotes do not answer the question ("the closest passages state no number for
    this"), or None when nothing the question asks for is missing from them. Aliases are the
    glossary's other names for the question's words."""
    if answer_type == "money" and not any(_MONEY_RE.search(q) for q in quotes):
        return "the closest passages state no amount of money"
    if missing_source(question, quotes):
        return "the closest passages give only sums from another funder"
    if missing_priced(question, quotes, aliases):
        return "the closest passages price something else"
    shape = missing_shape(answer_type, question, quotes)
    if shape:
        return f"the closest passages state no {shape} for this"
    if missing_role(answer_type, question, quotes) or \
            missing_role_object(answer_type, question, quotes, aliases):
        return "the closest passages do not say who leads or chairs it"
    if missing_definition(question, quotes):
        return "the closest passages do not define it"
    acronym = missing_acronym(question, quotes)
    if acronym:
        return f"the closest passages do not spell out {acronym}"
    if missing_counted(question, quotes, aliases):
        return "the closest passages count something else"
    which = missing_which_n(question, quotes)
    if which:
        return f"the closest passages say there are {which}, not which"
    place = missing_place(question, quotes)
    if place:
        return f"the closest passages name no {place} for this"
    if missing_holder(question, quotes) or missing_person(question, quotes):
        return "the closest passages name no one beyond the title asked about"
    return None
