"""The answer reranker: the shipped cross-encoder prefers the sentence that answers, re-orders
only windows that already state what is asked, and refuses a folder it cannot use."""

from __future__ import annotations

import json
import shutil

import numpy as np
import pytest

from retriever.reranker import (BUNDLED_RERANKER, CONFIG_FILE, CrossEncoderReranker, RerankerError,
                                load_reranker, rerank, reranker_folder)

SUBMISSIONS = ("through which we surveyed 2,726 Londoners, received 213 written submissions and "
               "undertook a series of 36 online workshops")


def test_the_shipped_reranker_prefers_the_sentence_that_answers(reranker):
    texts = [SUBMISSIONS,
             "Moreover, the draft Plan is written against a backdrop of increased, and increasing, "
             "demand on police time.",
             "1.3 This report sets out the committee's response to the draft plan."]
    relevance = reranker.relevance("how many written submissions came in on the draft plan?", texts)
    assert relevance.dtype == np.float32 and relevance.shape == (3,)
    assert ((relevance >= 0) & (relevance <= 1)).all()
    assert relevance[0] > 0.5 > max(relevance[1:])
    assert reranker.relevance("anything", []).shape == (0,)


def test_rerank_orders_the_best_windows_by_score_plus_relevance(loaded_index, assistant, reranker):
    query, ranked = assistant.candidates("how many written submissions came in on the draft plan?")
    reordered = rerank(loaded_index, reranker, query.text, ranked)
    judged = [r for r in ranked[:8] if r.led]
    unjudged = [r for r in ranked[:8] if not r.led]  # pairs led by their farther sentence
    assert judged and unjudged
    head = reordered[:len(judged)]
    assert sorted(r.sentences for r in head) == sorted(r.sentences for r in judged)
    assert [r.score for r in head] == sorted((r.score for r in head), reverse=True)
    assert reordered[len(judged):] == unjudged + ranked[8:]
    first = {r.sentences: r.score for r in judged}
    assert all(first[r.sentences] <= r.score <= first[r.sentences] + 1.0 for r in head)
    assert any(r.score > first[r.sentences] + 0.5 for r in head)


def test_the_reranker_chooses_the_answer_only_when_the_first_window_states_what_is_asked(
        reranked_assistant, assistant):
    # the closest sentences give no date: a better-sounding one must not win ("The Review will be
    # published by the end of 2021" is a plan, not a publication date)
    for question in ("when will the London Drugs Forum first meet?", "when did the PCC Review get published?"):
        answer = reranked_assistant.ask(question)
        assert answer.abstained and answer.reason == assistant.ask(question).reason
    answer = reranked_assistant.ask("how many written submissions did the consultation receive?")
    assert not answer.abstained and "213" in answer.answer


def test_passages_are_shown_best_answer_first(reranked_assistant, loaded_index):
    from retriever.query import understand
    from retriever.search import search

    question = "by when should all 12 BCUs run on the new model?"
    query = understand(question, [], loaded_index.glossary)
    fused = search(loaded_index, query, reranked_assistant.embedder.embed_queries([query.text])[0], k=10)
    answer = reranked_assistant.ask(question)
    sentence = "all 12 BCUs are operating against the approved model"
    assert sentence not in fused[0].chunk.text  # the search alone ranks another passage first
    assert sentence in " ".join(answer.citations[0].quote.split())
    assert answer.passages[0].chunk_id == answer.citations[0].chunk_id
    assert [p.rank for p in answer.passages] == list(range(1, 11))
    assert sorted(p.chunk_id for p in answer.passages) == sorted(h.chunk.chunk_id for h in fused)
    # only the passages whose sentences competed (the first six) move
    assert [p.chunk_id for p in answer.passages[6:]] == [h.chunk.chunk_id for h in fused[6:]]
    assert [h.chunk.chunk_id for h in reranked_assistant.search(question).hits] == \
        [p.chunk_id for p in answer.passages]


def test_settings_name_the_bundled_reranker_none_or_a_folder(tmp_path):
    assert reranker_folder("bundled", "all-MiniLM-L6-v2") == BUNDLED_RERANKER
    assert reranker_folder("bundled", "some/other-model") is None  # trained on MiniLM's words
    assert reranker_folder("none", "all-MiniLM-L6-v2") is None
    assert reranker_folder(str(tmp_path), "all-MiniLM-L6-v2") == tmp_path
    assert load_reranker("none", "all-MiniLM-L6-v2") is None


def test_the_reranker_is_off_unless_the_settings_turn_it_on():
    from scrutiny.settings import load_settings

    assert load_reranker(load_settings(environ={}).reranker, "all-MiniLM-L6-v2") is None
    turned_on = load_settings(environ={"SCRUTINY_RERANKER": "bundled"}).reranker
    assert isinstance(load_reranker(turned_on, "all-MiniLM-L6-v2"), CrossEncoderReranker)


def test_a_folder_without_a_reranker_says_what_to_do(tmp_path):
    with pytest.raises(RerankerError, match="SCRUTINY_RERANKER=none or retrain it with: scrutiny "
                                            "train-reranker"):
        CrossEncoderReranker(tmp_path)


def test_a_reranker_of_another_shape_is_refused(tmp_path):
    folder = tmp_path / "reranker"
    shutil.copytree(BUNDLED_RERANKER, folder)
    settings = json.loads((folder / CONFIG_FILE).read_text())
    (folder / CONFIG_FILE).write_text(json.dumps({**settings, "layers": settings["layers"] + 1}))
    with pytest.raises(RerankerError, match="does not fit"):
        CrossEncoderReranker(folder)


def test_corrupt_weights_say_what_to_do(tmp_path):
    folder = tmp_path / "reranker"
    shutil.copytree(BUNDLED_RERANKER, folder)
    (folder / "weights.safetensors").write_bytes(b"not a safetensors file")
    with pytest.raises(RerankerError, match="cannot read the reranker"):
        CrossEncoderReranker(folder)


def test_the_reranker_finds_the_sentence_that_names_who_does_it(assistant, reranked_assistant):
    # the first score prefers a sentence about consulting on the PSPO; read together with the
    # question, the one naming who enforces it wins
    question = "who enforces the PSPO in Harrow?"
    assert "Kingdom" not in assistant.ask(question).answer
    answer = reranked_assistant.ask(question)
    assert not answer.abstained and "Kingdom LA Services" in answer.answer
