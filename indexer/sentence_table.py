"""Every sentence of an index as four integer columns, read as Sentence values on demand.

At 100k chunks an index holds ~740k sentences; as Python objects they took ~165 MB of a serving
process, as int32 columns they take 12 MB. `table[i]` makes the Sentence a caller asks for.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np

from indexer.schema import Sentence

_COLUMNS = 4  # document number, start, end, chunk ordinal


class SentenceTable(Sequence[Sentence]):
    """Sentences as an (n, 4) int32 array: document number (into doc_ids), start, end, ordinal."""

    def __init__(self, rows: np.ndarray, doc_ids: Sequence[str]) -> None:
        if rows.ndim != 2 or rows.shape[1] != _COLUMNS:
            raise ValueError(f"sentence rows must have shape (n, {_COLUMNS}), got {rows.shape}")
        if len(rows) and (rows[:, 0].min() < 0 or rows[:, 0].max() >= len(doc_ids)):
            raise ValueError("a sentence names a document number outside the index")
        self.rows = rows
        self.doc_ids = tuple(doc_ids)

    @classmethod
    def from_sentences(cls, sentences: Iterable[Sentence], doc_ids: Sequence[str]) -> SentenceTable:
        """The table of these sentences; every sentence's doc_id must be in doc_ids."""
        number = {doc_id: n for n, doc_id in enumerate(doc_ids)}
        rows = np.array([(number[s.doc_id], s.start, s.end, s.chunk_ordinal) for s in sentences],
                        dtype=np.int32).reshape(-1, _COLUMNS)
        return cls(rows, doc_ids)

    def save(self, path: Path) -> None:
        """Write the rows as a .npy file (the doc_ids are the build's document order)."""
        np.save(path, self.rows, allow_pickle=False)

    @classmethod
    def load(cls, path: Path, doc_ids: Sequence[str]) -> SentenceTable:
        """Read rows written by save, for documents in this order."""
        return cls(np.load(path, allow_pickle=False), doc_ids)

    def __len__(self) -> int:
        return len(self.rows)

    def __getitem__(self, index):  # type: ignore[override]
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        number, start, end, ordinal = self.rows[index].tolist()
        return Sentence(self.doc_ids[number], start, end, ordinal)

    def __iter__(self):  # type: ignore[override]
        doc_ids = self.doc_ids
        for number, start, end, ordinal in self.rows.tolist():
            yield Sentence(doc_ids[number], start, end, ordinal)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, SentenceTable):
            return self.doc_ids == other.doc_ids and np.array_equal(self.rows, other.rows)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def indices_of(self, doc_id: str) -> np.ndarray:
        """The positions of one document's sentences, in order (none for an unknown document)."""
        if doc_id not in self.doc_ids:
            return np.zeros(0, dtype=np.int64)
        return np.flatnonzero(self.rows[:, 0] == self.doc_ids.index(doc_id))

    def counts_by_document(self) -> dict[str, int]:
        """How many sentences each document has (documents with none are left out)."""
        counts = np.bincount(self.rows[:, 0], minlength=len(self.doc_ids)) if len(self.rows) else []
        return {doc_id: int(n) for doc_id, n in zip(self.doc_ids, counts) if n}
