"""Hot swap: a running server notices a new index build, loads it aside, and swaps it in."""

from __future__ import annotations

import os
import shutil
import threading
import time
from pathlib import Path

from fastapi.testclient import TestClient

from indexer.build import build_index
from server.app import create_app
from server.state import AssistantHolder

PET = "what is the PET fly-tip FPN baseline?"
CORPUS = Path(__file__).resolve().parents[2] / "corpus"


def publish_copy(index_dir: Path, suffix: str = "-next") -> Path:
    """Publish a copy of the current build as a new build, the way `scrutiny index` swaps one in."""
    current = (index_dir / "current").resolve()
    new_build = current.with_name(current.name + suffix)
    shutil.copytree(current, new_build)
    temp_link = index_dir / ".current.tmp-test"
    temp_link.symlink_to(Path("builds") / new_build.name)
    os.replace(temp_link, index_dir / "current")
    return new_build


def wait_for(condition, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def test_a_new_build_is_loaded_in_the_background_and_swapped_in(index_copy, embedder):
    holder = AssistantHolder(index_copy, embedder.model_name, embedder, check_interval=0)
    holder.start()
    old = holder.get()
    new_build = publish_copy(index_copy)
    holder.get()  # notices the new target and starts loading it aside
    holder.wait_for_reload()
    assert holder.get() is not old and holder.loaded.build_dir == new_build
    assert "21" in old.ask(PET).answer  # a request still holding the old index finishes normally


def test_checks_for_a_new_build_at_most_once_per_interval(index_copy, embedder):
    holder = AssistantHolder(index_copy, embedder.model_name, embedder, check_interval=3600)
    holder.start()
    old = holder.get()
    publish_copy(index_copy)
    assert holder.get() is old  # checked at start; the next look is an hour away
    assert holder.reload() is True and holder.get() is not old  # an explicit reload looks now


def test_a_broken_new_build_leaves_the_old_one_serving_and_is_not_retried(index_copy, embedder,
                                                                           edit_manifest):
    loads: list[Path] = []
    from retriever.index import load_index

    def counting_load(index_dir: Path, model: str):
        loads.append((index_dir / "current").resolve())
        return load_index(index_dir, model)

    holder = AssistantHolder(index_copy, embedder.model_name, embedder, check_interval=0,
                             load=counting_load)
    holder.start()
    old = holder.get()
    broken = publish_copy(index_copy)
    edit_manifest(broken, tokenizer_version="0-other")
    for _ in range(5):
        assert holder.get() is old
        holder.wait_for_reload()
    assert loads.count(broken) == 1
    assert "stale" in str(holder.error)


def test_an_index_built_after_start_is_picked_up(tmp_path, bundled_index, embedder):
    index_dir = tmp_path / "index"
    client = TestClient(create_app(index_dir, embedder.model_name, embedder=embedder, check_interval=0))
    assert client.get("/readyz").status_code == 503
    shutil.copytree(bundled_index, index_dir, symlinks=True)
    assert client.post("/api/reload").json()["reloaded"] is True
    assert client.get("/readyz").status_code == 200
    assert "21" in client.post("/api/ask", json={"question": PET}).json()["answer"]


def test_reload_endpoint_swaps_to_the_new_build_now(index_copy, embedder):
    client = TestClient(create_app(index_copy, embedder.model_name, embedder=embedder,
                                   check_interval=3600))
    new_build = publish_copy(index_copy)
    assert client.post("/api/reload").json() == {"reloaded": True, "build_id": new_build.name}
    assert client.get("/readyz").json()["build_id"] == new_build.name


def test_reindexing_while_the_server_answers_is_safe(index_copy, embedder):
    """`scrutiny index --force` runs while requests keep coming: no request fails, the new build is served."""
    app = create_app(index_copy, embedder.model_name, embedder=embedder, check_interval=0.2)
    client = TestClient(app)
    before = client.get("/readyz").json()["build_id"]
    statuses: list[int] = []
    done = threading.Event()

    def reindex() -> None:
        try:
            build_index(CORPUS, index_copy, embedder.model_name, make_embedder=lambda: embedder,
                        force=True)
        finally:
            done.set()

    worker = threading.Thread(target=reindex)
    worker.start()
    while not done.is_set():
        statuses.append(client.post("/api/ask", json={"question": PET}).status_code)
    worker.join()
    after = (index_copy / "current").resolve().name
    assert after != before
    wait_for(lambda: client.get("/readyz").json()["build_id"] == after)
    assert statuses and set(statuses) == {200}
    assert "21" in client.post("/api/ask", json={"question": PET}).json()["answer"]
