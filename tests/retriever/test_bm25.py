"""SparseBM25 gives rank-bm25's BM25Okapi scores and idf exactly, on the real corpus."""

import random

import numpy as np
import pytest
from rank_bm25 import BM25Okapi

from eval.dataset import load_questions
from indexer.build import prepare_document
from indexer.chunking import ChunkingParams, chunk_document
from indexer.corpus import list_corpus
from indexer.loaders import load_file
from indexer.tokenizer import tokenize
from retriever.bm25 import SparseBM25
from indexer.term_counts import chunk_search_text
from scrutiny.evaluate import DEFAULT_SET


@pytest.fixture(scope="module")
def corpus_tokens(corpus_dir):
    """Token lists of every chunk of the bundled corpus, as load_index makes them."""
    tokens = []
    for corpus_file in list_corpus(corpus_dir).files:
        loaded = load_file(corpus_file.path)
        document = prepare_document(corpus_file.meta, loaded.pages, loaded.paged)
        for chunk in chunk_document(document.doc_id, document.text, document.sections,
                                    document.pages, ChunkingParams()):
            tokens.append(tokenize(chunk_search_text(chunk)))
    assert len(tokens) > 400
    return tokens


@pytest.fixture(scope="module")
def both(corpus_tokens):
    return BM25Okapi(corpus_tokens), SparseBM25.from_tokens(corpus_tokens)


def queries(corpus_tokens):
    """Every evaluation question, plus random bags of corpus words, repeats and unknown words."""
    found = [tokenize(q.question) for q in load_questions([DEFAULT_SET])]
    found += [tokenize(" ".join(q.history)) for q in load_questions([DEFAULT_SET]) if q.history]
    rng = random.Random(7)
    vocabulary = sorted({t for tokens in corpus_tokens for t in tokens})
    for size in (1, 2, 5, 12, 40):
        found += [rng.sample(vocabulary, size) for _ in range(20)]
    found += [["harrow", "harrow", "fpn"], ["zzzunseen", "police"], [], ["the"]]
    return found


def test_scores_equal_rank_bm25_for_every_query(corpus_tokens, both):
    reference, sparse_bm25 = both
    checked = 0
    for query in queries(corpus_tokens):
        expected = reference.get_scores(query)
        got = sparse_bm25.get_scores(query)
        assert got.shape == expected.shape
        assert np.allclose(got, expected, rtol=0, atol=1e-12), query
        assert np.array_equal(got, expected), query  # same arithmetic, same order: bit-identical
        checked += 1
    assert checked > 250


def test_idf_equals_rank_bm25_including_the_epsilon_floor(corpus_tokens, both):
    reference, sparse_bm25 = both
    assert sparse_bm25.idf == reference.idf
    assert sparse_bm25.avgdl == reference.avgdl
    floored = [t for t, v in reference.idf.items() if v == reference.epsilon * reference.average_idf]
    assert floored, "the corpus has words in more than half the chunks: the floor is exercised"


def test_a_tiny_corpus_matches_too():
    corpus = [["a", "b", "b"], ["b", "c"], ["c", "c", "c", "d"], ["b"]]
    reference, sparse_bm25 = BM25Okapi(corpus), SparseBM25.from_tokens(corpus)
    for query in (["b"], ["c", "d"], ["a", "a"], ["e"]):
        assert np.array_equal(sparse_bm25.get_scores(query), reference.get_scores(query))


def test_a_words_overlap_weight_is_its_idf_with_a_floor(loaded_index):
    from retriever.index import MIN_WEIGHT

    assert loaded_index.weight("zorblax") == MIN_WEIGHT  # never seen: idf 0
    rare = "hmo"
    assert loaded_index.idf(rare) > MIN_WEIGHT and loaded_index.weight(rare) == loaded_index.idf(rare)
