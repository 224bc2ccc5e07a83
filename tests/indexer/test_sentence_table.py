"""The sentence table: int32 columns that read back as the Sentence values they were made from."""

import numpy as np
import pytest

from indexer.schema import Sentence
from indexer.sentence_table import SentenceTable


def sentences():
    return [Sentence("letter", 0, 40, 0), Sentence("letter", 41, 90, 0), Sentence("minutes", 0, 12, 0),
            Sentence("letter", 91, 200_000, 3)]


def test_reads_back_every_sentence_in_order_and_by_index(tmp_path):
    table = SentenceTable.from_sentences(sentences(), ["letter", "minutes", "plan"])
    assert list(table) == sentences()
    assert table[3] == Sentence("letter", 91, 200_000, 3) and table[-1] == table[3]
    assert table[1:3] == sentences()[1:3] and len(table) == 4
    assert table.rows.dtype == np.int32
    table.save(tmp_path / "sentences.npy")
    assert SentenceTable.load(tmp_path / "sentences.npy", ["letter", "minutes", "plan"]) == table


def test_counts_sentences_per_document_and_leaves_out_documents_with_none():
    table = SentenceTable.from_sentences(sentences(), ["letter", "minutes", "plan"])
    assert table.counts_by_document() == {"letter": 3, "minutes": 1}
    assert SentenceTable.from_sentences([], ["letter"]).counts_by_document() == {}


def test_an_unknown_document_number_or_a_wrong_shape_is_refused():
    with pytest.raises(ValueError, match="document number"):
        SentenceTable(np.array([[5, 0, 1, 0]], dtype=np.int32), ["letter"])
    with pytest.raises(ValueError, match="shape"):
        SentenceTable(np.zeros((2, 3), dtype=np.int32), ["letter"])
    with pytest.raises(IndexError):
        SentenceTable.from_sentences(sentences(), ["letter", "minutes"])[4]
