"""Settings as data: defaults, help text, and the SCRUTINY_* environment, validated once."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from indexer.errors import ScrutinyError
from indexer.shipped import DEFAULT_RERANKER

ENV_PREFIX = "SCRUTINY_"


class SettingsError(ScrutinyError):
    """A setting has a value that cannot be used."""


def _setting(default: Any, help: str) -> Any:
    return field(default=default, metadata={"help": help})


@dataclass(frozen=True)
class Settings:
    """Every knob of the assistant. Precedence: command-line flag > SCRUTINY_* variable > default."""

    corpus_dir: Path = _setting(Path("corpus"), "Folder of documents to index (with manifest.toml).")
    index_dir: Path = _setting(Path("index"), "Where the index is written and read.")
    model: str = _setting("all-MiniLM-L6-v2",
                          "Embedding model: the bundled all-MiniLM-L6-v2, or a local sentence-transformers folder.")
    batch_size: int = _setting(32, "Texts per batch when embedding.")
    threads: int = _setting(2, "CPU threads for embedding documents when indexing (questions use one).")
    top_k: int = _setting(10, "Passages returned by search and shown with an answer.")
    mode: str = _setting("hybrid", "Retrieval mode: hybrid, bm25 or dense.")
    exact_max_chunks: int = _setting(50_000, "Up to this many chunks dense search is exact (flat "
                                     "inner product); above it the index is HNSW (approximate). "
                                     "A change takes effect at the next `scrutiny index`, which "
                                     "rebuilds the dense index without embedding again.")
    query_cache: int = _setting(1024, "Question vectors kept in an LRU cache (0 turns it off).")
    query_adapter: str = _setting("bundled", "Linear map applied to question vectors: bundled (trained "
                                  "for all-MiniLM-L6-v2 on eval/training/pairs.jsonl; none for other "
                                  "models), none, or a .npy file from `scrutiny train-adapter`.")
    reranker: str = _setting(DEFAULT_RERANKER, "Cross-encoder that re-orders the best answer windows "
                             "and the passages shown: none (the default: it adds ~140 ms a question "
                             "on a 2-core machine without int8 dot products), bundled (trained for "
                             "all-MiniLM-L6-v2 by `scrutiny train-reranker`; none for other models), or a "
                             "folder that command wrote.")
    host: str = _setting("127.0.0.1", "Address the server listens on.")
    port: int = _setting(8000, "Port the server listens on.")

    def __post_init__(self) -> None:
        if self.batch_size < 1 or self.batch_size > 1024:
            raise SettingsError(f"batch_size must be 1-1024, got {self.batch_size}")
        if self.threads < 1 or self.threads > 64:
            raise SettingsError(f"threads must be 1-64, got {self.threads}")
        if not 1 <= self.top_k <= 50:
            raise SettingsError(f"top_k must be 1-50, got {self.top_k}")
        if self.mode not in ("hybrid", "bm25", "dense"):
            raise SettingsError(f"mode must be hybrid, bm25 or dense, got {self.mode!r}")
        if self.exact_max_chunks < 0:
            raise SettingsError(f"exact_max_chunks must be 0 or more, got {self.exact_max_chunks}")
        if self.query_cache < 0:
            raise SettingsError(f"query_cache must be 0 or more, got {self.query_cache}")
        if not self.query_adapter.strip():
            raise SettingsError("query_adapter must be bundled, none or a .npy file, got ''")
        if not self.reranker.strip():
            raise SettingsError("reranker must be bundled, none or a folder, got ''")
        if not 1 <= self.port <= 65535:
            raise SettingsError(f"port must be 1-65535, got {self.port}")


def load_settings(overrides: dict[str, Any] | None = None,
                  environ: dict[str, str] | None = None) -> Settings:
    """Defaults, then SCRUTINY_* variables, then explicit overrides (None values ignored)."""
    environ = dict(os.environ) if environ is None else environ
    values: dict[str, Any] = {}
    for spec in fields(Settings):
        raw = environ.get(ENV_PREFIX + spec.name.upper())
        if raw is not None and raw.strip():
            values[spec.name] = _convert(spec.name, spec.type, raw.strip())
    for name, value in (overrides or {}).items():
        if value is not None:
            values[name] = value
    return replace(Settings(), **values)


def settings_table() -> list[tuple[str, str, str, str]]:
    """(name, environment variable, default, help) for each setting, for the README."""
    defaults = Settings()
    return [(spec.name, ENV_PREFIX + spec.name.upper(), str(getattr(defaults, spec.name)),
             spec.metadata["help"]) for spec in fields(Settings)]


def _convert(name: str, kind: Any, raw: str) -> Any:
    kind_name = kind if isinstance(kind, str) else getattr(kind, "__name__", str(kind))
    if kind_name == "int":
        try:
            return int(raw)
        except ValueError:
            raise SettingsError(f"{ENV_PREFIX}{name.upper()} must be a whole number, got {raw!r}") from None
    if kind_name == "Path":
        return Path(raw)
    return raw
