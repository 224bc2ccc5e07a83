"""The large-corpus paths of search give the same answers as the plain ones on the real index."""

import numpy as np

import retriever.search as search_module
from retriever.index import sentence_max_scores
from retriever.query import understand
from retriever.search import Filters, _top, search

PET = "what is the PET fly-tip FPN baseline?"


def test_best_sentence_on_candidates_equals_the_full_computation(loaded_index, embedder):
    vector = embedder.embed_queries([PET])[0]
    full = sentence_max_scores(loaded_index, vector)
    candidates = np.array([0, 5, 17, 100, len(loaded_index.chunks) - 1])
    some = sentence_max_scores(loaded_index, vector, candidates)
    assert np.allclose(some[candidates], full[candidates], atol=1e-6)
    rest = np.setdiff1d(np.arange(len(full)), candidates)
    assert (some[rest] == -1).all()


def test_candidate_only_sentence_channel_still_finds_the_answer(loaded_index, embedder, monkeypatch):
    query = understand(PET, [], loaded_index.glossary)
    vector = embedder.embed_queries([query.text])[0]
    plain = search(loaded_index, query, vector, k=5)
    monkeypatch.setattr(search_module, "SENTENCE_ALL_MAX_CHUNKS", 0)
    restricted = search(loaded_index, query, vector, k=5)
    assert plain[0].chunk.chunk_id == restricted[0].chunk.chunk_id
    assert "Baseline is 21" in restricted[0].chunk.text


def test_filter_mask_equals_asking_each_chunk(loaded_index):
    for filters in (Filters(), Filters(kinds=("letter",)), Filters(date_from="2021"),
                    Filters(doc_ids=("met-business-plan-2018-19",), date_to="2019")):
        expected = [filters.allows(loaded_index, c.doc_id) for c in loaded_index.chunks]
        assert filters.mask(loaded_index).tolist() == expected


def test_top_candidates_equal_a_full_sort_with_ties_broken_by_chunk_id(loaded_index):
    rng = np.random.default_rng(0)
    scores = rng.integers(0, 20, len(loaded_index.chunks)).astype(float)  # many ties
    mask = np.ones(len(scores), dtype=bool)
    full = sorted(((i, s) for i, s in enumerate(scores.tolist())),
                  key=lambda item: (-item[1], loaded_index.chunks[item[0]].chunk_id))
    assert _top(scores, mask, loaded_index) == full[:search_module.CANDIDATES]


def test_glossary_lists_each_term_and_expansion_once(loaded_index):
    pairs = [(g.term, g.expansion) for g in loaded_index.glossary]
    assert len(pairs) == len(set(pairs))
    assert set(pairs) == {(g.term, g.expansion) for g in loaded_index.data.glossary}


def test_sentence_tokens_are_computed_on_demand_like_before(loaded_index):
    from indexer.tokenizer import tokenize

    tokens = loaded_index.sentence_tokens
    assert len(tokens) == len(loaded_index.data.sentences)
    sentence = loaded_index.data.sentences[3]
    text = loaded_index.documents[sentence.doc_id].text[sentence.start:sentence.end]
    assert tokens[3] == frozenset(tokenize(text)) and tokens[-1] == tokens[len(tokens) - 1]


def test_each_passage_lists_its_sentences_and_the_overlap_it_carries_over(loaded_index):
    """The vectorised membership equals the plain rule: a sentence is in the chunk its ordinal
    names, and in the next chunk of its document when it starts inside that chunk's span."""
    chunks = loaded_index.chunks
    expected: list[set[int]] = [set() for _ in chunks]
    for index, sentence in enumerate(loaded_index.data.sentences):
        position = loaded_index.chunk_positions[(sentence.doc_id, sentence.chunk_ordinal)]
        expected[position].add(index)
        following = loaded_index.chunk_positions.get((sentence.doc_id, sentence.chunk_ordinal + 1))
        if following is not None and chunks[following].start <= sentence.start < chunks[position].end:
            expected[following].add(index)
    got = [loaded_index.chunk_sentences[p] for p in range(len(chunks))]
    assert got == [tuple(sorted(s)) for s in expected]
    assert sum(len(s) for s in expected) > len(loaded_index.data.sentences)  # some overlap exists
    for position, members in enumerate(got):  # and each member's text lies in its passage
        chunk = chunks[position]
        for index in members:
            sentence = loaded_index.data.sentences[index]
            assert sentence.doc_id == chunk.doc_id and chunk.start <= sentence.start < chunk.end
