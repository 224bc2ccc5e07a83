"""Apps over the real bundled index (and over no index, and a stale one), and a real server."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from eval.http_load import LoadError, free_port, stop_process, wait_for_http
from server.app import create_app

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def app(bundled_index, embedder):
    """The app over the bundled corpus, sharing the session's model."""
    return create_app(bundled_index, embedder.model_name, embedder=embedder)


@pytest.fixture(scope="session")
def client(app) -> Iterator[TestClient]:
    with TestClient(app) as test_client:
        yield test_client


@pytest.fixture
def empty_client(tmp_path, embedder) -> TestClient:
    """A server started where no index has been built yet."""
    return TestClient(create_app(tmp_path / "index", embedder.model_name, embedder=embedder))


def _edit_manifest(build_dir: Path, **changes) -> None:
    path = build_dir / "manifest.json"
    manifest = json.loads(path.read_text(encoding="utf-8"))
    manifest.update(changes)
    path.write_text(json.dumps(manifest), encoding="utf-8")


@pytest.fixture
def edit_manifest():
    """Change fields of a build's manifest, as a build for another tokenizer would have."""
    return _edit_manifest


@pytest.fixture
def index_copy(tmp_path, bundled_index) -> Path:
    """A private copy of the bundled index (its `current` link is relative, so it follows)."""
    return Path(shutil.copytree(bundled_index, tmp_path / "index", symlinks=True))


@pytest.fixture
def stale_client(index_copy, embedder) -> TestClient:
    """A server whose index was built with another tokenizer."""
    _edit_manifest((index_copy / "current").resolve(), tokenizer_version="0-old")
    return TestClient(create_app(index_copy, embedder.model_name, embedder=embedder))


class LiveServer:
    """`scrutiny serve` running in a subprocess on a loopback port."""

    def __init__(self, index_dir: Path, log_path: Path) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = log_path
        env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1",
               "PYTHONUNBUFFERED": "1"}
        self._log = log_path.open("w", encoding="utf-8")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "scrutiny", "serve", "--port", str(self.port),
             "--index-dir", str(index_dir)],
            cwd=ROOT, env=env, stdout=self._log, stderr=subprocess.STDOUT)

    def wait_ready(self, timeout: float = 180.0) -> None:
        try:
            wait_for_http(self.process, f"{self.url}/readyz", timeout)
        except LoadError as error:
            raise RuntimeError(f"scrutiny serve: {error}:\n{self.log()}") from error

    def log(self) -> str:
        self._log.flush()
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def stop(self) -> None:
        stop_process(self.process)
        self._log.close()


@pytest.fixture(scope="session")
def live_server(bundled_index, tmp_path_factory) -> Iterator[LiveServer]:
    """The real server (uvicorn) on a free loopback port over the bundled index."""
    server = LiveServer(bundled_index, tmp_path_factory.mktemp("serve") / "serve.log")
    try:
        server.wait_ready()
        yield server
    finally:
        server.stop()
