"""VectorFile reads the same rows np.load gives, in the order asked, without holding the file."""

import numpy as np
import pytest

from indexer.vector_file import VectorFile


@pytest.fixture
def matrix(tmp_path):
    rng = np.random.default_rng(3)
    values = rng.standard_normal((500, 16)).astype(np.float32)
    np.save(tmp_path / "vectors.npy", values)
    return values, VectorFile(tmp_path / "vectors.npy")


def test_rows_come_back_in_the_order_asked_with_repeats_and_runs(matrix):
    values, vectors = matrix
    wanted = [499, 3, 4, 5, 6, 3, 0, 250, 251, 7, 499]
    assert np.array_equal(vectors[wanted], values[wanted])
    assert np.array_equal(vectors[np.array(wanted)], values[wanted])
    assert vectors[[]].shape == (0, 16)
    assert np.array_equal(vectors[42], values[42]) and np.array_equal(vectors[-1], values[-1])
    assert np.array_equal(vectors[10:20], values[10:20])


def test_whole_matrix_products_iteration_and_shape_match_numpy(matrix):
    values, vectors = matrix
    query = values[7]
    assert np.array_equal(vectors @ query, values @ query)
    assert np.array_equal(np.asarray(vectors), values)
    assert len(vectors) == 500 and vectors.shape == (500, 16)
    assert all(np.array_equal(a, b) for a, b in zip(vectors, values))


def test_an_index_outside_the_file_is_an_index_error(matrix):
    _, vectors = matrix
    with pytest.raises(IndexError):
        vectors[500]
    with pytest.raises(IndexError):
        vectors[[1, 500]]


def test_a_truncated_or_wrong_typed_file_is_refused(tmp_path):
    np.save(tmp_path / "ints.npy", np.zeros((3, 4), dtype=np.int64))
    with pytest.raises(ValueError, match="float32"):
        VectorFile(tmp_path / "ints.npy")
    np.save(tmp_path / "short.npy", np.zeros((30, 4), dtype=np.float32))
    data = (tmp_path / "short.npy").read_bytes()
    (tmp_path / "short.npy").write_bytes(data[:-40])
    with pytest.raises(ValueError, match="shorter"):
        VectorFile(tmp_path / "short.npy")
