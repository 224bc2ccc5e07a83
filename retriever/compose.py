"""The extractive Generator: pick the sentences that answer, and cite them."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace

import numpy as np

from indexer.tokenizer import token_set, tokenize
from retriever.answer import Citation, Hit
from retriever.citing import cite_span
from retriever.index import LoadedIndex, sentence_similarities
from retriever.query import Query
from retriever.quote_checks import MONTHS

MAX_ANSWER_CHARS = 500
POOL = 6  # passages whose sentences compete to be the answer
LIST_MAX_ITEMS = 12  # items taken after an answer that announces a list ("These missions are:")
LIST_ITEM_MAX_WORDS = 30

_TYPE_EVIDENCE = {
    "number": re.compile(r"\d"),
    "money": re.compile(r"£|\bpounds?\b|\d\s?(m|bn|million|billion)\b", re.I),
    "when": re.compile(rf"\bQ[1-4]\b|\bquarter\b|\b(19|20)\d\d\b|\b({'|'.join(MONTHS)})\b|\bby (the )?end\b|"
                       r"\bwithin \d+ (minutes?|hours?|days?|weeks?)\b", re.I),
    "who": re.compile(r"\b(Commander|Commissioner|Director|Mayor|Chair|Councillor|Officer|Head|Team|"
                      r"Unit|Board|Committee|MOPAC|Met|MPS|Council|Deputy|Assistant|Minister|DAC|AC)\b"),
    "definition": re.compile(r"\(|\bmeans\b|\brefers? to\b|\bis an?\b|\bdefin", re.I),
    # an enumeration (bullets, semicolons, short items: "A, B, C" or "A, B and C") or a sentence
    # announcing one ("There are four themes within this plan:"); a lone "and" is no list
    "list": re.compile(r"•|;|:\s*$|,[^,;.]{1,60},|,[^,;.]{1,60}\b(?:and|or)\b"),
    "decision": re.compile(r"\bRESOLVED\b|\b(agreed|decided)\b", re.I),
}


@dataclass(frozen=True)
class Weights:
    """How much each signal counts when choosing answer sentences (tuned on the dev split)."""

    dense: float = 1.0
    overlap: float = 1.0
    type_match: float = 0.25
    rank_prior: float = 0.3
    pair_penalty: float = 0.08
    min_words: int = 4  # a lone heading is not an answer
    complete_below_words: int = 15  # a thinner best window takes its next sentence
    complete_max_chars: int = 320
    runner_up: float = 0.85  # a second passage joins when it scores this close to the best


@dataclass(frozen=True)
class ScoredSentence:
    """A candidate answer: one sentence, or two adjacent ones, with the signals behind its score."""

    index: int  # first sentence, into index.data.sentences
    sentences: tuple[int, ...]
    position: int  # the chunk it was found in
    hit_rank: int
    score: float
    dense: float
    overlap: float
    type_match: bool
    led: bool = True  # the first sentence is at least as close to the question as the rest


def candidate_sentences(index: LoadedIndex, query: Query, query_vector: np.ndarray | None,
                        hits: list[Hit], weights: Weights = Weights()) -> list[ScoredSentence]:
    """Sentences of the top passages, alone and paired with the next, scored, best first."""
    idf_terms = _weighted_terms(index, query)
    total = sum(idf_terms.values()) or 1.0
    evidence = _TYPE_EVIDENCE.get(query.answer_type)
    scored: dict[tuple[int, ...], ScoredSentence] = {}
    for hit in hits[:POOL]:
        position = index.chunk_positions[(hit.chunk.doc_id, hit.chunk.ordinal)]
        section_tokens = token_set(hit.chunk.section or "")
        members = index.chunk_sentences[position]
        similarity = sentence_similarities(index, members, query_vector)
        for offset, first in enumerate(members):
            windows = [(first,)]
            if offset + 1 < len(members) and members[offset + 1] == first + 1:
                windows.append((first, first + 1))
            for window in windows:
                if window in scored or _words(index, window) > 70:
                    continue
                tokens = window_tokens(index, window)
                overlap = sum(w if t in tokens else (0.5 * w if t in section_tokens else 0.0)
                              for t, w in idf_terms.items()) / total
                dense = max(similarity[i] for i in window)
                text = " ".join(sentence_text(index, i) for i in window)
                type_match = bool(evidence.search(text)) if evidence else False
                score = (weights.dense * dense + weights.overlap * overlap
                         + weights.type_match * type_match + weights.rank_prior / hit.rank
                         - weights.pair_penalty * (len(window) - 1))
                scored[window] = ScoredSentence(window[0], window, position, hit.rank, score,
                                                dense, overlap, type_match,
                                                led=similarity[window[0]] >= dense)
    return best_first(scored.values())


def window_tokens(index: LoadedIndex, sentences: Iterable[int]) -> set[str]:
    """The tokens of a window's sentences together."""
    return set().union(*(index.sentence_tokens[i] for i in sentences))


def best_first(windows: Iterable[ScoredSentence]) -> list[ScoredSentence]:
    """Windows by score, best first. On a tie, the window led by its closer sentence: a label is
    followed by its value ("... suspected HMOs." "Baseline is 140."), not preceded by the
    previous row's."""
    return sorted(windows, key=lambda s: (-s.score, not s.led, s.sentences))


def by_best_window(index: LoadedIndex, hits: list[Hit], windows: Iterable[ScoredSentence]) -> list[Hit]:
    """The passages whose sentences compete to be the answer (the first POOL) ordered by their
    best window's score, ranks renumbered; the rest keep their places. Over the 285 answerable
    dev questions this lifted MRR@10 from 0.765 to 0.80 (0.83 with the reranker's judgement in
    the windows' scores): the search ranks passages on the whole chunk, the windows on the
    sentences that would answer."""
    best: dict[int, float] = {}
    for window in windows:
        best[window.position] = max(best.get(window.position, window.score), window.score)
    pool = hits[:POOL]
    positions = [index.chunk_positions[(h.chunk.doc_id, h.chunk.ordinal)] for h in pool]
    order = sorted(range(len(pool)), key=lambda i: (-best.get(positions[i], float("-inf")), i))
    return [replace(hit, rank=rank) for rank, hit in enumerate([pool[i] for i in order] + hits[POOL:],
                                                               start=1)]


def sentence_text(index: LoadedIndex, sentence_index: int) -> str:
    """The verbatim text of one sentence."""
    sentence = index.data.sentences[sentence_index]
    return index.documents[sentence.doc_id].text[sentence.start:sentence.end]


def choose(index: LoadedIndex, query: Query, ranked: list[ScoredSentence],
           weights: Weights = Weights()) -> list[int]:
    """Sentence indices for the answer: the best window, completed when it is thin, and a close
    runner-up from elsewhere."""
    ranked = [r for r in ranked if _words(index, r.sentences) >= weights.min_words] or ranked
    if not ranked:
        return []
    best = ranked[0]
    chosen = list(best.sentences)
    thin = _words(index, chosen) < weights.complete_below_words or (
        query.answer_type in _TYPE_EVIDENCE and not best.type_match) or (
        query.answer_type == "statement")  # "what did X say about Y?" wants more than one line
    following = chosen[-1] + 1
    if thin and following < len(index.data.sentences) and \
            index.data.sentences[following].doc_id == index.data.sentences[chosen[-1]].doc_id and \
            _length(index, chosen + [following]) <= weights.complete_max_chars:
        chosen.append(following)
    chosen = _whole(index, chosen)
    if query.answer_type == "when" and not _TYPE_EVIDENCE["when"].search(
            " ".join(sentence_text(index, i) for i in chosen)):
        label = _date_label(index, chosen[0])
        if label is not None and _length(index, [label] + chosen) <= MAX_ANSWER_CHARS - 50:
            chosen = [label] + chosen
    chosen = _with_list(index, query, chosen, weights)
    if query.multi_part:  # a two-part question: the best answer from a second document too
        doc_id = index.data.sentences[best.index].doc_id
        other = next((r for r in ranked[1:] if index.data.sentences[r.index].doc_id != doc_id
                      and _length(index, chosen + list(r.sentences)) <= MAX_ANSWER_CHARS - 50), None)
        if other is not None:
            chosen.extend(other.sentences)
    for runner in ranked[1:6]:
        if len(chosen) >= 4 or set(runner.sentences) & set(chosen):
            continue
        if any(abs(i - j) <= 1 for i in runner.sentences for j in chosen):
            continue  # a neighbour of the best is already judged inside its windows
        if query.new_subject and not set(query.new_subject) & window_tokens(index, runner.sentences):
            continue  # "and what about HMOs?": the earlier subject's fly-tip row answers nothing
        said = {" ".join(sentence_text(index, i).split()) for i in chosen}
        if any(" ".join(sentence_text(index, i).split()) in said for i in runner.sentences):
            continue  # the same words quoted twice (a summary repeated in the body) add nothing
        if runner.score >= weights.runner_up * best.score and \
                _length(index, chosen + list(runner.sentences)) <= MAX_ANSWER_CHARS - 50:
            chosen.extend(runner.sentences)
    while len(chosen) > 1 and _length(index, chosen) > MAX_ANSWER_CHARS - 20:
        chosen.pop()
    return chosen


LABEL_MAX_WORDS = 6  # "Quarter 3, 2018-19": a date heading the rows of a schedule
ROW_MAX_WORDS = 12  # "North West BCU - Harrow, Brent and Barnet"
LABEL_LOOKBACK = 6  # rows between a date heading and the row that answers


def _date_label(index: LoadedIndex, first: int) -> int | None:
    """The date heading the schedule a row belongs to ("Quarter 3, 2018-19" above "North West
    BCU - Harrow, Brent and Barnet"): the nearest short line above that states a date, with only
    short rows between, in the same document; None when the row is in prose."""
    sentences = index.data.sentences
    if _words(index, (first,)) > ROW_MAX_WORDS:
        return None
    for above in range(first - 1, max(first - 1 - LABEL_LOOKBACK, -1), -1):
        if sentences[above].doc_id != sentences[first].doc_id:
            return None
        words = _words(index, (above,))
        if words <= LABEL_MAX_WORDS and _TYPE_EVIDENCE["when"].search(sentence_text(index, above)):
            return above
        if words > ROW_MAX_WORDS:
            return None
    return None


_TERMINAL = tuple(".?!:;\"”’)")
_ITEM_RE = re.compile(r"•|-\s|o\s|\d+\.\s")
_OPENING_QUOTES = ("“", '"', "‘")
_OPEN_ENDS = frozenset("the a an of and or to with for in on by from at as that".split())


def runs_on(index: LoadedIndex, sentence_index: int) -> bool:
    """True when the sentence runs on into the next one: a long sentence split at a line break
    ("... a knife injury excluding domestic" "abuse offence in the last two years"), or at a
    page break when it stops on a word no sentence ends on ("... will work with the" / "National
    Victims' Commissioner ..."). A closing stop or a next line that starts a list item ends it."""
    sentences = index.data.sentences
    following = sentence_index + 1
    if following >= len(sentences) or sentences[following].doc_id != sentences[sentence_index].doc_id:
        return False
    text = index.documents[sentences[sentence_index].doc_id].text
    this = text[sentences[sentence_index].start:sentences[sentence_index].end]
    after = text[sentences[following].start:sentences[following].end]
    gap = text[sentences[sentence_index].end:sentences[following].start]
    if this.endswith(":") and after.startswith(_OPENING_QUOTES):
        return True  # "Rory Geoghegan ... told us that:" / "“I spent three years ...": who said it
    if this.endswith(_TERMINAL) or _ITEM_RE.match(after):
        return False
    open_end = this.split()[-1].lower() in _OPEN_ENDS
    return open_end if gap.count("\n") > 1 else after[:1].islower() or open_end


def _whole(index: LoadedIndex, chosen: list[int]) -> list[int]:
    """The window widened to whole sentences where a line break cut one, within the answer's
    length."""
    while runs_on(index, chosen[-1]) and \
            _length(index, chosen + [chosen[-1] + 1]) <= MAX_ANSWER_CHARS - 50:
        chosen = chosen + [chosen[-1] + 1]
    while chosen[0] > 0 and runs_on(index, chosen[0] - 1) and \
            _length(index, [chosen[0] - 1] + chosen) <= MAX_ANSWER_CHARS - 50:
        chosen = [chosen[0] - 1] + chosen
    return chosen


def _with_list(index: LoadedIndex, query: Query, chosen: list[int], weights: Weights) -> list[int]:
    """An answer that announces a list ("These missions are:") takes the list's items with it;
    for a list question, an announcement right after the answer counts too."""
    sentences = index.data.sentences
    doc_id = sentences[chosen[-1]].doc_id

    def announces(i: int) -> bool:  # "These missions are:", not a lone label such as "Milestones:"
        return 0 <= i < len(sentences) and sentences[i].doc_id == doc_id and \
            sentence_text(index, i).rstrip().endswith(":") and _words(index, (i,)) >= 3

    following = chosen[-1] + 1
    # "There are four themes within this plan:" may be paired with its first item, or with the
    # "1." the sentence splitter cut from it
    if not any(announces(i) for i in chosen[-2:]):
        if query.answer_type != "list" or not announces(following):
            return chosen
        if _length(index, chosen + [following]) > MAX_ANSWER_CHARS - 50:
            return chosen
        chosen = chosen + [following]
        following += 1
    items = 0
    while following < len(sentences) and sentences[following].doc_id == doc_id and \
            items < LIST_MAX_ITEMS and _words(index, (following,)) <= LIST_ITEM_MAX_WORDS and \
            _length(index, chosen + [following]) <= MAX_ANSWER_CHARS - 20:
        chosen = chosen + [following]
        following += 1
        items += 1
    return chosen


def _words(index: LoadedIndex, window: tuple[int, ...]) -> int:
    return sum(len(sentence_text(index, i).split()) for i in window)


def compose(index: LoadedIndex, chosen: list[int], hits: list[Hit]) -> tuple[str, list[Citation]]:
    """Answer text with [n] markers and one citation per run of adjacent sentences."""
    runs: list[list[int]] = []
    for sentence_index in chosen:
        if runs and sentence_index == runs[-1][-1] + 1:
            runs[-1].append(sentence_index)
        else:
            runs.append([sentence_index])
    parts, citations = [], []
    preferred = [h.chunk for h in hits]
    for n, run in enumerate(runs, start=1):
        first, last = index.data.sentences[run[0]], index.data.sentences[run[-1]]
        citations.append(cite_span(index, first.doc_id, first.start, last.end, n, preferred))
        parts.append(f"{' '.join(citations[-1].quote.split())} [{n}]")
    return " ".join(parts), citations


def _length(index: LoadedIndex, chosen: list[int]) -> int:
    return sum(len(" ".join(sentence_text(index, i).split())) + 5 for i in chosen)


TITLE_FACTOR = 0.1


def title_words(index: LoadedIndex) -> frozenset[str]:
    """Tokens of the documents' titles, kinds and authors: in a question they point at a
    document ("in the business plan", "Linden's letter"), and a sentence need not repeat them to
    answer."""
    return index.derived("title_words", lambda: frozenset().union(*(
        token_set(f"{d.meta.title} {d.meta.kind} {d.meta.author or ''}") for d in index.documents.values())))


def _weighted_terms(index: LoadedIndex, query: Query) -> dict[str, float]:
    weights: dict[str, float] = {}
    titles = title_words(index)
    for tokens, factor in ((query.terms, 1.0), (query.expansions, 0.6), (query.context_terms, 0.5)):
        for token in tokens:
            scale = TITLE_FACTOR if token in titles else 1.0
            weights[token] = max(weights.get(token, 0.0), scale * factor * index.weight(token))
    return weights
