"""A float32 matrix in a .npy file whose rows are read when asked for, not held in memory.

Memory-mapping sentence_vectors.npy (1.1 GB at 100k chunks) made each question fault in the
rows of its ~150 candidate passages, and the kernel's read-around brought ~128 KB with each: the
serving process's resident memory grew by 325 MB on the first question and by 1 GB within 40.
Rows are therefore read with pread, a run of adjacent rows (one passage's sentences) at a time;
they pass through the page cache, which the kernel may drop, and never become part of the
process. A product with the whole matrix (small corpora) maps it instead.
"""

from __future__ import annotations

import mmap
import os
import weakref
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np


class VectorFile:
    """Rows of a 2-D float32 .npy file: `vf[i]`, `vf[[i, j]]`, `vf @ q`, `np.asarray(vf)`."""

    def __init__(self, path: Path) -> None:
        with path.open("rb") as handle:
            version = np.lib.format.read_magic(handle)
            read_header = (np.lib.format.read_array_header_1_0 if version == (1, 0)
                           else np.lib.format.read_array_header_2_0)
            shape, fortran_order, dtype = read_header(handle)
            self._offset = handle.tell()
        if len(shape) != 2 or fortran_order or dtype != np.float32:
            raise ValueError(f"{path.name}: expected a C-order float32 matrix, got {dtype} {shape}")
        self.path = path
        self.shape: tuple[int, int] = (int(shape[0]), int(shape[1]))
        self.dtype = np.dtype(np.float32)
        self._row_bytes = self.shape[1] * self.dtype.itemsize
        if os.path.getsize(path) < self._offset + self.shape[0] * self._row_bytes:
            raise ValueError(f"{path.name}: shorter than its {self.shape[0]} rows")
        # held open: a build pruned while a server still reads it stays readable
        self._fd = os.open(path, os.O_RDONLY)
        weakref.finalize(self, os.close, self._fd)
        self._mapped: np.ndarray | None = None

    def __len__(self) -> int:
        return self.shape[0]

    def __getitem__(self, key: Any) -> np.ndarray:
        if isinstance(key, (int, np.integer)):
            index = int(key) + (self.shape[0] if key < 0 else 0)
            if not 0 <= index < self.shape[0]:
                raise IndexError(key)
            return self._read_run(index, 1)[0]
        if isinstance(key, slice):
            return np.asarray(self)[key]
        return self.rows(np.asarray(key, dtype=np.int64))

    def rows(self, indices: np.ndarray) -> np.ndarray:
        """The rows at these indices, in this order; adjacent rows are read in one call."""
        if len(indices) and (indices.min() < 0 or indices.max() >= self.shape[0]):
            raise IndexError(f"row index outside 0..{self.shape[0] - 1}")
        unique = np.unique(indices)
        block = np.empty((len(unique), self.shape[1]), dtype=self.dtype)
        breaks = np.flatnonzero(np.diff(unique) != 1) + 1
        for run_start, run in zip(np.concatenate(([0], breaks)).tolist(), np.split(unique, breaks)):
            if len(run):
                block[run_start:run_start + len(run)] = self._read_run(int(run[0]), len(run))
        return block[np.searchsorted(unique, indices)]

    def _read_run(self, first: int, count: int) -> np.ndarray:
        size = count * self._row_bytes
        data = os.pread(self._fd, size, self._offset + first * self._row_bytes)
        if len(data) != size:
            raise OSError(f"{self.path}: short read at row {first}")
        return np.frombuffer(data, dtype=self.dtype).reshape(count, self.shape[1])

    def __array__(self, dtype: Any = None, copy: Any = None) -> np.ndarray:
        if self._mapped is None:
            with self.path.open("rb") as handle:
                mapping = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
            self._mapped = np.frombuffer(mapping, dtype=self.dtype, count=self.shape[0] * self.shape[1],
                                         offset=self._offset).reshape(self.shape)
        return self._mapped if dtype is None else self._mapped.astype(dtype)

    def __matmul__(self, other: np.ndarray) -> np.ndarray:
        return np.asarray(self) @ other

    def __iter__(self) -> Iterator[np.ndarray]:
        return iter(np.asarray(self))
