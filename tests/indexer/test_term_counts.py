"""BM25 term counts: counted once per build, saved and read back unchanged."""

import numpy as np
import pytest

from indexer.term_counts import TermCounts, count_terms


def test_counts_each_term_per_chunk_with_columns_in_first_seen_order(tmp_path):
    counts = count_terms([["fpn", "fly", "tip", "fpn"], [], ["harrow", "fpn"]])
    assert counts.terms == ("fpn", "fly", "tip", "harrow")
    assert counts.matrix.toarray().tolist() == [[2, 1, 1, 0], [0, 0, 0, 0], [1, 0, 0, 1]]
    counts.save(tmp_path)
    loaded = TermCounts.load(tmp_path)
    assert loaded.terms == counts.terms
    assert np.array_equal(loaded.matrix.toarray(), counts.matrix.toarray())


def test_an_empty_corpus_has_no_rows_or_terms():
    counts = count_terms([])
    assert counts.matrix.shape == (0, 0) and counts.terms == ()


def test_a_term_list_that_does_not_match_the_matrix_is_refused(tmp_path):
    count_terms([["fpn", "fly"]]).save(tmp_path)
    (tmp_path / "terms.json").write_text('["fpn"]')
    with pytest.raises(ValueError, match="1 terms for a matrix of 2 columns"):
        TermCounts.load(tmp_path)
