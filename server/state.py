"""The hot-swappable assistant: one loaded index at a time, replaced when a new build appears."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from indexer.embedding import Embedder
from indexer.errors import IndexMismatch, IndexMissing, ScrutinyError
from indexer.store import current_build
from retriever.assistant import Assistant
from retriever.index import load_index
from retriever.reranker import Reranker

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Loaded:
    """What is being served: the assistant and the build folder it was read from."""

    assistant: Assistant
    build_dir: Path
    loaded_at: float


class AssistantHolder:
    """Holds the current Assistant; notices a new `current` build and swaps it in atomically.

    Requests call `get()`, which at most once per `check_interval` seconds compares the target
    of INDEX_DIR/current with the build in memory. A new build is loaded in a background thread
    while requests keep using the old one; the swap is one reference assignment.
    """

    def __init__(self, index_dir: Path, model: str, embedder: Embedder,
                 check_interval: float = 1.0,
                 load: Callable[[Path, str], Any] = load_index,
                 reranker: Reranker | None = None) -> None:
        self.index_dir = index_dir
        self.model = model
        self.embedder = embedder
        self.reranker = reranker
        self.check_interval = check_interval
        self._load = load
        self._loaded: Loaded | None = None
        self._error: IndexMissing | IndexMismatch | None = None
        self._failed_target: Path | None = None  # a build that failed to load; not retried
        self._last_check = 0.0
        self._check_lock = threading.Lock()
        self._load_lock = threading.Lock()
        self._loading: threading.Thread | None = None

    def start(self) -> None:
        """Load the current build now, if there is one; a missing or stale one is remembered."""
        self.reload()

    def get(self) -> Assistant:
        """The assistant to answer with; IndexMissing or IndexMismatch when there is none."""
        self._maybe_check()
        loaded = self._loaded
        if loaded is None:
            raise self._error or IndexMissing(self.index_dir)
        return loaded.assistant

    @property
    def loaded(self) -> Loaded | None:
        """The build in memory, if any (no check for a newer one)."""
        return self._loaded

    @property
    def error(self) -> IndexMissing | IndexMismatch | None:
        """Why the latest load failed, if it did."""
        return self._error

    def reload(self) -> bool:
        """Load the current build now if it differs from the one in memory; True if swapped."""
        with self._load_lock:
            try:
                target = current_build(self.index_dir)
            except IndexMissing as error:
                if self._loaded is None:
                    self._error = error
                return False  # an index deleted under a running server: keep the old one
            loaded = self._loaded
            if loaded is not None and loaded.build_dir == target:
                return False
            return self._load_target(target)

    def _load_target(self, target: Path) -> bool:
        started = time.perf_counter()
        try:
            index = self._load(self.index_dir, self.model)
        except (IndexMissing, IndexMismatch) as error:
            self._error = error
            self._failed_target = target
            log.warning("index %s not loaded: %s", target.name, error)
            return False
        assistant = Assistant(index, self.embedder, reranker=self.reranker)
        self._loaded = Loaded(assistant, index.data.build_dir, time.time())
        self._error = None
        self._failed_target = None
        log.info("serving index build %s (loaded in %.0f ms)", index.build_id,
                 (time.perf_counter() - started) * 1000)
        return True

    def _maybe_check(self) -> None:
        now = time.monotonic()
        if now - self._last_check < self.check_interval:
            return
        if not self._check_lock.acquire(blocking=False):
            return  # another request is checking
        try:
            self._last_check = now
            if self._loading is not None and self._loading.is_alive():
                return
            try:
                target = current_build(self.index_dir)
            except IndexMissing:
                return
            loaded = self._loaded
            if (loaded is not None and loaded.build_dir == target) or target == self._failed_target:
                return
            self._loading = threading.Thread(target=self._reload_in_background,
                                             name="index-reload", daemon=True)
            self._loading.start()
        finally:
            self._check_lock.release()

    def _reload_in_background(self) -> None:
        try:
            self.reload()
        except ScrutinyError as error:  # never let a reload kill the thread silently
            log.warning("index reload failed: %s", error)

    def wait_for_reload(self, timeout: float = 30.0) -> None:
        """Block until a background reload (if any) has finished; for tests and shutdown."""
        thread = self._loading
        if thread is not None:
            thread.join(timeout)


@dataclass(frozen=True)
class ServeDefaults:
    """What a request gets when it does not say: passages per answer and retrieval mode."""

    top_k: int = 10
    mode: str = "hybrid"
