"""Extraction quality: the real extractor against the hand-made gold lists, and the scoring itself."""

from __future__ import annotations

from pathlib import Path

import pytest

from eval.extraction import (GOLD_DIR, GoldFileError, GoldRow, extraction_report, format_extraction,
                             load_gold, normalise, score_extraction)
from indexer.build import prepare_document
from indexer.commitments import extract_commitments
from indexer.corpus import list_corpus
from indexer.loaders import load_file
from indexer.schema import Commitment
from indexer.store import current_build, read_build

CORPUS = Path(__file__).resolve().parents[2] / "corpus"
TARGET = 0.9


@pytest.fixture(scope="module")
def extracted() -> tuple[list[Commitment], dict[str, str], dict[str, str]]:
    """Every commitment of the bundled corpus, with file -> doc_id and doc_id -> text."""
    records, doc_ids, texts = [], {}, {}
    for corpus_file in list_corpus(CORPUS).files:
        loaded = load_file(corpus_file.path)
        document = prepare_document(corpus_file.meta, loaded.pages, loaded.paged)
        records.extend(extract_commitments(document))
        doc_ids[corpus_file.path.name] = document.doc_id
        texts[document.doc_id] = document.text
    return records, doc_ids, texts


def test_action_rows_of_the_harrow_action_plan_meet_the_targets(extracted):
    records, doc_ids, _ = extracted
    scores = score_extraction(records, load_gold(GOLD_DIR / "harrow_actions.jsonl"), doc_ids)
    assert scores.gold == 46
    assert scores.precision >= TARGET and scores.recall >= TARGET, (scores.missed, scores.extra)
    assert scores.owner_accuracy >= TARGET and scores.deadline_accuracy >= TARGET, scores.wrong_fields


def test_recommendations_of_the_2022_letter_and_their_responses_meet_the_targets(extracted):
    records, doc_ids, _ = extracted
    scores = score_extraction(records, load_gold(GOLD_DIR / "letter_recommendations.jsonl"), doc_ids)
    assert scores.gold == 16
    assert scores.precision >= TARGET and scores.recall >= TARGET, (scores.missed, scores.extra)
    assert scores.response_accuracy >= TARGET, scores.wrong_fields


def test_every_gold_row_opens_with_words_of_its_document(extracted):
    _, doc_ids, texts = extracted
    for path in sorted(GOLD_DIR.glob("*.jsonl")):
        for row in load_gold(path):
            text = normalise(texts[doc_ids[row.doc]])
            assert normalise(row.text[:40]) in text, (path.name, row.text)
            assert row.response is None or normalise(row.response) in text, (path.name, row.response)


def test_scores_count_misses_extras_and_wrong_fields():
    def action(id_: str, text: str, owner: str, deadline: str) -> Commitment:
        return Commitment(id=id_, kind="action", doc_id="d", text=text, quote=text, start=0, end=1,
                          owner=owner, deadline=deadline)

    records = [action("1", "We will train staff.", "Commander X", "Q3 2021/22"),
               action("2", "We will publish data.", "Commander Y", "Q4 2021/22"),
               action("3", "An introduction, not a row.", "Commander Z", "Q1 2022/23")]
    gold = [GoldRow("d", "action", "We will train", "Commander  X", "Q3 2021/22"),
            GoldRow("d", "action", "We will publish", "Commander Y", "Q1 2022/23"),
            GoldRow("d", "action", "We will review", "Commander W", "Q2 2022/23")]
    scores = score_extraction(records, gold)
    assert (scores.matched, scores.precision, scores.recall) == (2, round(2 / 3, 4), round(2 / 3, 4))
    assert (scores.owner_accuracy, scores.deadline_accuracy) == (1.0, 0.5)
    assert scores.missed == ("We will review",) and scores.extra == ("An introduction, not a row.",)


def test_a_malformed_gold_line_names_file_line_and_field(tmp_path):
    bad = tmp_path / "mine.jsonl"
    bad.write_text('{"doc": "a.txt", "kind": "action", "text": "We will"}\n{"doc": "a.txt", "kind": "vow", "text": "x"}\n')
    with pytest.raises(GoldFileError, match=r"mine.jsonl line 2: field 'kind'"):
        load_gold(bad)


def test_extraction_report_reads_the_register_from_the_index(bundled_index):
    report = extraction_report(read_build(current_build(bundled_index)))
    assert set(report) >= {"harrow_actions", "letter_recommendations"}
    for name, scores in report.items():
        assert scores["precision"] >= TARGET and scores["recall"] >= TARGET, name
    assert "extraction harrow_actions: precision" in format_extraction(report)
