"""The question-answering pipeline the CLI, the server and the evaluation all call."""

from __future__ import annotations

import itertools
import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

from indexer.embedding import Embedder
from indexer.errors import ScrutinyError
from retriever.abstain import (AbstainPolicy, capitalised_words, document_words, gather_evidence,
                               lost_subject, missing_names, missing_periods, missing_years,
                               proper_nouns, unknown_terms)
from retriever.acronym_answers import acronym_entry
from retriever.apostrophes import plain_quotes, with_apostrophes, with_possessives
from retriever.answer import Answer, Citation, Hit, Passage
from retriever.compose import (MAX_ANSWER_CHARS, ScoredSentence, Weights, by_best_window,
                               candidate_sentences, choose, compose, sentence_text)
from retriever.fusion import FusionWeights
from retriever.index import LoadedIndex
from retriever.politeness import without_request
from retriever.query import EVERYDAY_WORDS, Query, understand
from retriever.quote_checks import missing_kind, missing_measured, missing_shape, unanswered
from retriever.citing import cite_span, source_label
from retriever.document_roles import role_lines, write_role_answer
from retriever.due_answers import answer_due, write_due_answer
from retriever.recommendation_answers import (answer_recommendation, asks_for_reply, reply_instead,
                                                reply_tables, write_recommendation_answer)
from retriever.register import match_action, warm_register
from retriever.reranker import RerankPolicy, Reranker, rerank
from retriever.search import Filters, search
from retriever.spelling import mended
from retriever.verify import verified

log = logging.getLogger(__name__)

NOT_FOUND = "I could not find this in the documents."
MAX_QUESTION_CHARS = 1000
SHAPE_MARGIN = 0.8  # how close a sentence stating the number, date or role asked for must score
MAX_HISTORY = 20


class QuestionError(ScrutinyError, ValueError):
    """A question or its history that cannot be answered as given; the message says why."""


@dataclass(frozen=True)
class SearchResult:
    """Ranked passages for a query, with the query actually searched."""

    query: Query
    hits: tuple[Hit, ...]
    timings_ms: dict[str, float]


class Assistant:
    """Answers questions from one loaded index with one embedder."""

    def __init__(self, index: LoadedIndex, embedder: Embedder,
                 policy: AbstainPolicy = AbstainPolicy(), fusion: FusionWeights = FusionWeights(),
                 weights: Weights = Weights(), reranker: Reranker | None = None,
                 rerank_policy: RerankPolicy = RerankPolicy()) -> None:
        self.index = index
        self.embedder = embedder
        self.reranker = reranker
        self.rerank_policy = rerank_policy
        self.policy = policy
        self.fusion = fusion
        self.weights = weights
        # per-build tables the first question would otherwise build: 8 s at 100k chunks
        proper_nouns(index)
        document_words(index)
        words = getattr(embedder, "vocabulary_words", None)  # not every Embedder has a vocabulary
        self.english_words: frozenset[str] = words() if words else frozenset()
        reply_tables(index)
        warm_register(index)

    def search(self, text: str, history: Sequence[str] = (), k: int = 10, mode: str = "hybrid",
               filters: Filters | None = None) -> SearchResult:
        """Rewrite and expand the query, then rank passages."""
        started = time.perf_counter()
        _, _, query, vector, hits = self._retrieve(text, history, k, mode, filters)
        _, judged = self._windows(query, vector, hits)
        return SearchResult(query, tuple(by_best_window(self.index, hits, judged)),
                            {"search": _ms(started)})

    def candidates(self, text: str, history: Sequence[str] = ()) -> tuple[Query, list[ScoredSentence]]:
        """The query and the answer windows `ask` chooses from, best first, before reranking."""
        _, _, query, vector, hits = self._retrieve(text, history, 10, "hybrid", None)
        return query, candidate_sentences(self.index, query, self._choice_vector(query, vector), hits,
                                          self.weights)

    def ask(self, text: str, history: Sequence[str] = (), top_k: int = 10, mode: str = "hybrid",
            filters: Filters | None = None) -> Answer:
        """A short extractive answer with verified citations, or an abstention."""
        started = time.perf_counter()
        question, turns, query, vector, hits = self._retrieve(text, history, max(top_k, 10), mode,
                                                              filters)
        ranked, judged = self._windows(query, vector, hits)
        hits = by_best_window(self.index, hits, judged)
        searched = time.perf_counter()
        passages = tuple(passage_of(self.index, hit) for hit in hits[:top_k])
        unknown = unknown_terms(self.index, query)
        if unknown:  # no passage, register row or reply can speak for a name the documents never use
            return self._abstain(question, turns, query, passages,
                                 f"the documents never mention {', '.join(unknown)}", 0.0, started,
                                 searched)
        stated = self._stated(query, hits) if mode == "hybrid" else None
        if stated is not None:
            text, citations = stated
            return self._answered(question, turns, query, text, citations, 0.9, passages, started,
                                  searched)
        best_window = judged[0].sentences if judged else ()
        from_register = self._from_register(query, vector, turns, best_window) if mode == "hybrid" else None
        if isinstance(from_register, str):
            return self._abstain(question, turns, query, passages, from_register, 0.0, started, searched)
        if from_register is not None:
            text, citations, confidence = from_register
            return self._answered(question, turns, query, text, citations, confidence, passages,
                                  started, searched)
        if not ranked:
            return self._abstain(question, turns, query, passages, "no passage matched the question",
                                 0.0, started, searched)
        if self.reranker is not None and not query.follow_up and \
                self._states_asked(query, question, ranked[0].sentences):
            # only when the first window already states what is asked: left free, the reranker
            # finds a plausible sentence for questions the documents never answer. Not for a
            # follow-up: the earlier turn's words pull it back to that turn's subject ("what was
            # the baseline for HMOs?" after the fly-tip baseline got the fly-tip row again)
            ranked = judged
        if mode == "hybrid" and asks_for_reply(query, turns):
            # a follow-up's own words say which part of the reply it is about
            own = self.embedder.embed_queries([question])[0] if query.follow_up and vector is not None else vector
            reply = reply_instead(self.index, query, own, [r.index for r in ranked[:3]], turns)
            if reply is not None:
                text, citations = write_recommendation_answer(self.index, reply, MAX_ANSWER_CHARS)
                # "what date did the DMPC give for ...?": a reply that gives none does not answer
                if self._all_verified(citations) and not missing_shape(
                        query.answer_type, question, [c.quote for c in citations]):
                    return self._answered(question, turns, query, text, citations, 0.8, passages,
                                          started, searched)
        chosen = choose(self.index, query, ranked, self.weights)
        if self._unfit(query, question, chosen):
            # a close runner-up that states the number, date or role asked for answers better;
            # ranked is best first, so only the candidates above the margin need judging
            floor = SHAPE_MARGIN * ranked[0].score
            if any(not self._unfit(query, question, r.sentences)
                   for r in itertools.takewhile(lambda r: r.score >= floor, ranked)):
                ranked = [r for r in ranked if not self._unfit(query, question, r.sentences)]
                chosen = choose(self.index, query, ranked, self.weights)
        _, citations = compose(self.index, chosen, hits)
        citations = _renumbered(verified(citations, self.index.documents))
        positions = [self.index.position_of(c.chunk_id) for c in citations]
        evidence = gather_evidence(self.index, query, ranked[0], positions or [ranked[0].position],
                                   chosen)
        confidence = self.policy.confidence(evidence)
        if not citations:
            return self._abstain(question, turns, query, passages,
                                 "no quote could be verified against its document", confidence,
                                 started, searched)
        gap = unanswered(query.answer_type, question, [c.quote for c in citations], query.expansions)
        if gap:
            return self._abstain(question, turns, query, passages, gap, confidence, started, searched)
        cited = [f"{c.section or ''} {c.passage}" for c in citations]
        # the documents too: "at the Harrow Overview and Scrutiny Committee, ..." names the
        # minutes, and "the 2017 response" is dated by its document
        sources = [f"{c.title} {c.date or ''}" for c in citations]
        periods = missing_periods(question, cited) or missing_years(question, cited + sources)
        if periods:
            return self._abstain(question, turns, query, passages,
                                 f"the closest passages give nothing for {', '.join(periods)}",
                                 confidence, started, searched)
        if missing_measured(question, cited, query.expansions):
            return self._abstain(question, turns, query, passages,
                                 "the closest passages do not give what is measured", confidence,
                                 started, searched)
        names = missing_names(self.index, question, cited + sources)
        if names:
            return self._abstain(question, turns, query, passages,
                                 f"the closest passages never mention {', '.join(names)}",
                                 confidence, started, searched)
        lost = lost_subject(self.index, query, cited)
        if lost:
            return self._abstain(question, turns, query, passages,
                                 f"the closest passages are not about {' '.join(lost)}, asked about earlier",
                                 confidence, started, searched)
        return self._answered(question, turns, query, render(citations), citations, confidence,
                              passages, started, searched)

    def _windows(self, query: Query, vector: np.ndarray | None, hits: list[Hit]
                 ) -> tuple[list[ScoredSentence], list[ScoredSentence]]:
        """The answer windows of the best passages, best first, and the same windows with the
        reranker's judgement added (the same list when there is no reranker). The judged ones
        order the passages shown; they choose the answer only when ask allows."""
        ranked = candidate_sentences(self.index, query, self._choice_vector(query, vector), hits,
                                     self.weights)
        if self.reranker is None or not ranked:
            return ranked, ranked
        return ranked, rerank(self.index, self.reranker, query.text, ranked, self.rerank_policy)

    def _choice_vector(self, query: Query, vector: np.ndarray | None) -> np.ndarray | None:
        """What answer sentences are compared with: the searched query's vector, or for "and
        what about HMOs?" that of its own words and the attribute it carries over."""
        if query.choice_text is None or vector is None:
            return vector
        return self.embedder.embed_queries([query.choice_text])[0]

    def _unfit(self, query: Query, question: str, sentences: Sequence[int]) -> bool:
        """True when the sentences lack the kind of thing asked for (see missing_kind)."""
        quotes = [sentence_text(self.index, i) for i in sentences]
        return missing_kind(query.answer_type, question, quotes)

    def _states_asked(self, query: Query, question: str, sentences: Sequence[int]) -> bool:
        """True when nothing the question asks for is missing from the sentences (unanswered runs
        every check of missing_kind and the narrower ones)."""
        quotes = [sentence_text(self.index, i) for i in sentences]
        return unanswered(query.answer_type, question, quotes, query.expansions) is None

    def _all_verified(self, citations: Sequence[Citation]) -> bool:
        """True when there are citations and every quote is verbatim (failures are logged)."""
        return bool(citations) and len(verified(list(citations), self.index.documents)) == len(citations)

    def _answered(self, question: str, turns: list[str], query: Query, text: str,
                  citations: Sequence[Citation], confidence: float, passages: tuple[Passage, ...],
                  started: float, searched: float) -> Answer:
        return Answer(question=question, history=tuple(turns), query=query.text, answer=text,
                      abstained=False, reason=None, confidence=confidence,
                      citations=tuple(citations), passages=passages,
                      timings_ms=_timings(started, searched), answer_type=query.answer_type)

    def _stated(self, query: Query, hits: Sequence[Hit]) -> tuple[str, list[Citation]] | None:
        """(answer, citations) read from the lines that state what is asked: a document's
        addressee, signatory, date, chair or foreword author, or what an acronym stands for;
        None when the question asks none of these."""
        roles = role_lines(self.index, query, hits)
        if roles is not None:
            text, citations = write_role_answer(self.index, roles)
        else:
            spelled = acronym_entry(self.index, query, hits)
            if spelled is None:
                return None
            citations = [cite_span(self.index, spelled.doc_id, spelled.start, spelled.end, 1,
                                   [h.chunk for h in hits])]
            text = render(citations)
        return (text, citations) if self._all_verified(citations) else None

    def _from_register(self, query: Query, vector: np.ndarray | None, turns: Sequence[str] = (),
                       best_window: Sequence[int] = ()) -> tuple[str, list[Citation], float] | str | None:
        """(answer, citations, confidence) from the commitments register; a reason to abstain
        when the question asks for a record no document holds; None when the register has no say
        (or an action row has less of the question's words than the best answer window's
        sentences)."""
        asked = answer_recommendation(self.index, query, vector)
        if asked is not None and asked.missing:
            return asked.missing
        if asked is not None:
            text, citations = write_recommendation_answer(self.index, asked, MAX_ANSWER_CHARS)
            if self._all_verified(citations):
                return text, citations, 0.9
        due = answer_due(self.index, query)
        if due is not None and not due.records:
            return f"no commitment in the register is {'due in' if due.within else 'due by'} {due.period}"
        if due is not None:
            text, citations = write_due_answer(self.index, due, MAX_ANSWER_CHARS)
            if self._all_verified(citations):
                return text, citations, 0.9
        rival = frozenset().union(*(self.index.sentence_tokens[i] for i in best_window))
        row = match_action(self.index, query, turns, rival)
        if row is None:
            return None
        record = row.commitment
        spans = [(record.start, record.end)] + ([row.cells] if row.cells else [])
        citations = _renumbered(verified([cite_span(self.index, record.doc_id, a, b, n)
                                          for n, (a, b) in enumerate(spans, start=1)],
                                         self.index.documents))
        return (render(citations), citations, 0.5 + 0.5 * row.match) if citations else None

    def _retrieve(self, text: str, history: Sequence[str], k: int, mode: str,
                  filters: Filters | None) -> tuple[str, list[str], Query, np.ndarray | None, list[Hit]]:
        """Validate, read as meant (see _read), understand, encode (unless BM25 only) and search."""
        question, turns = validate_question(text, history)
        question, turns = self._read(question), [self._read(turn) for turn in turns]
        query = understand(question, turns, self.index.glossary)
        vector = self.embedder.embed_queries([query.text])[0] if mode != "bm25" else None
        hits = search(self.index, query, vector, k=k, mode=mode, filters=filters, fusion=self.fusion)
        return question, turns, query, vector, hits

    def _read(self, text: str) -> str:
        """The text as meant, by the index's words: a name's possessive with its apostrophe (see
        apostrophes.with_possessives), and its typing slips mended (see spelling.mended) when the
        embedder knows which words are real English; slips are left as typed when it cannot say."""
        words = document_words(self.index)
        text = with_possessives(text, capitalised_words(self.index), words)
        return mended(text, words, self.english_words, EVERYDAY_WORDS) if self.english_words else text

    def _abstain(self, question: str, turns: list[str], query: Query, passages: tuple[Passage, ...],
                 reason: str, confidence: float, started: float, searched: float) -> Answer:
        return Answer(question=question, history=tuple(turns), query=query.text, answer=NOT_FOUND,
                      abstained=True, reason=reason, confidence=confidence, citations=(),
                      passages=passages, timings_ms=_timings(started, searched),
                      answer_type=query.answer_type)


def validate_question(text: str, history: Sequence[str]) -> tuple[str, list[str]]:
    """Trim and check a question and its history, and read them as meant: curly quotes straight,
    bare contractions with their apostrophes, no polite request around them (the repairs that
    need no index; `Assistant._read` makes the others). QuestionError says what is wrong."""
    if not isinstance(text, str):
        raise QuestionError("the question must be text")
    question = " ".join(text.split())
    if not question:
        raise QuestionError("the question is empty; type a question about the documents")
    if len(question) > MAX_QUESTION_CHARS:
        raise QuestionError(f"the question is {len(question)} characters long; "
                            f"keep it under {MAX_QUESTION_CHARS}")
    if not any(ch.isalnum() for ch in question):
        raise QuestionError("the question has no words in it")
    turns = [_as_typed_meant(" ".join(str(turn).split())) for turn in history if str(turn).strip()]
    if len(turns) > MAX_HISTORY:
        turns = turns[-MAX_HISTORY:]  # only the recent conversation matters for follow-ups
    return _as_typed_meant(question), [t[:MAX_QUESTION_CHARS] for t in turns]


def _as_typed_meant(text: str) -> str:
    """Curly quotes straight, bare contractions with their apostrophes, no polite request."""
    return without_request(with_apostrophes(plain_quotes(text)))


def render(citations: Sequence[Citation]) -> str:
    """The answer text: each quote with whitespace folded, followed by its [n] marker; when the
    quotes come from more than one document, each marker also names its source and date."""
    plain = " ".join(f"{' '.join(c.quote.split())} [{c.n}]" for c in citations)
    if len({c.doc_id for c in citations}) < 2:
        return plain
    sourced = " ".join(f"{' '.join(c.quote.split())} [{c.n}] ({source_label(c)})" for c in citations)
    return sourced if len(sourced) <= MAX_ANSWER_CHARS else plain


def _renumbered(citations: list[Citation]) -> list[Citation]:
    return [replace(c, n=n) for n, c in enumerate(citations, start=1)]


def passage_of(index: LoadedIndex, hit: Hit) -> Passage:
    meta = index.documents[hit.chunk.doc_id].meta
    return Passage(rank=hit.rank, chunk_id=hit.chunk.chunk_id, doc_id=hit.chunk.doc_id,
                   title=meta.title, section=hit.chunk.section, text=hit.chunk.text,
                   score=round(hit.score, 6), bm25=hit.bm25, dense=hit.dense)


def _timings(started: float, searched: float) -> dict[str, float]:
    now = time.perf_counter()
    return {"search": (searched - started) * 1000, "answer": (now - searched) * 1000,
            "total": (now - started) * 1000}


def _ms(started: float) -> float:
    return (time.perf_counter() - started) * 1000
