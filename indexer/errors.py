"""Named errors of the indexer; the CLI and server turn them into messages."""

from __future__ import annotations

from pathlib import Path


class ScrutinyError(Exception):
    """Base of every error a user may see; the message says what to do."""


class UnreadableDocument(ScrutinyError):
    """A corpus file that cannot be indexed (binary, empty, undecodable, unsupported)."""

    def __init__(self, path: Path, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(f"skipped {path.name}: {reason}")


class CorpusManifestError(ScrutinyError):
    """The corpus manifest is malformed."""


class IndexMissing(ScrutinyError):
    """No index directory where one was expected."""

    def __init__(self, index_dir: Path) -> None:
        self.index_dir = index_dir
        super().__init__(
            f"no index at {index_dir}; build it with: scrutiny index corpus --index-dir {index_dir}"
        )


class IndexMismatch(ScrutinyError):
    """The index on disk was built with another format, model or tokenizer."""

    def __init__(self, index_dir: Path, detail: str) -> None:
        self.index_dir = index_dir
        self.detail = detail
        super().__init__(
            f"the index at {index_dir} is stale ({detail}); rebuild it with: "
            f"scrutiny index corpus --index-dir {index_dir}"
        )


class EmbedderError(ScrutinyError):
    """The embedding model could not be loaded."""
