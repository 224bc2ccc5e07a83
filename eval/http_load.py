"""HTTP load for the benchmark: a real `scrutiny serve` on loopback, N clients for a fixed time."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import httpx
import numpy as np

from indexer.errors import ScrutinyError

ROOT = Path(__file__).resolve().parents[1]
START_TIMEOUT = 600.0  # a 100k-chunk index takes a while to load


class LoadError(ScrutinyError, RuntimeError):
    """The server did not start, or answered a benchmark request with an error."""


@dataclass(frozen=True)
class LoadResult:
    """Latency and throughput of /api/ask at one concurrency."""

    clients: int
    seconds: float
    requests: int
    errors: int
    p50_ms: float
    p95_ms: float
    requests_per_second: float


class Server:
    """`python -m scrutiny serve` in a child process; its resident memory read from /proc."""

    def __init__(self, index_dir: Path, query_cache: int = 0) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1",
               "SCRUTINY_QUERY_CACHE": str(query_cache),
               "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
        started = time.perf_counter()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "scrutiny", "serve", "--index-dir", str(index_dir),
             "--port", str(self.port)], env=env, cwd=ROOT,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            self._wait_ready()
        except LoadError:
            self.stop()
            raise
        self.start_seconds = time.perf_counter() - started

    def _wait_ready(self) -> None:
        wait_for_http(self.process, f"{self.url}/healthz", START_TIMEOUT, interval=0.5)

    def memory_mb(self) -> dict[str, float]:
        """Resident memory now and its peak (VmRSS, VmHWM) of the server process, in MB."""
        status = Path(f"/proc/{self.process.pid}/status").read_text()
        values = {}
        for line in status.splitlines():
            key, _, rest = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                values[key] = round(int(rest.split()[0]) / 1024, 1)
        return {"rss_mb": values.get("VmRSS", 0.0), "peak_rss_mb": values.get("VmHWM", 0.0)}

    def stop(self) -> None:
        """Stop the server this object started."""
        stop_process(self.process)


def run_load(url: str, questions: Sequence[tuple[str, list[str]]], clients: int,
             seconds: float) -> LoadResult:
    """`clients` threads post questions (round robin) to /api/ask for `seconds`; every answer
    must be 200, otherwise LoadError."""
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    stop_at = time.perf_counter() + seconds

    def client(number: int) -> None:
        turn = number
        with httpx.Client(base_url=url, timeout=120) as http:
            while time.perf_counter() < stop_at:
                question, history = questions[turn % len(questions)]
                turn += clients
                began = time.perf_counter()
                response = http.post("/api/ask", json={"question": question, "history": history})
                elapsed = (time.perf_counter() - began) * 1000
                with lock:
                    if response.status_code == 200:
                        latencies.append(elapsed)
                    else:
                        errors.append(f"{response.status_code} for {question!r}")

    began = time.perf_counter()
    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began
    if errors:
        raise LoadError(f"{len(errors)} failed requests with {clients} clients, e.g. {errors[0]}")
    values = np.asarray(latencies or [0.0])
    return LoadResult(clients=clients, seconds=round(elapsed, 2), requests=len(latencies), errors=0,
                      p50_ms=round(float(np.percentile(values, 50)), 1),
                      p95_ms=round(float(np.percentile(values, 95)), 1),
                      requests_per_second=round(len(latencies) / elapsed, 2))


def stop_process(process: subprocess.Popen, timeout: float = 20) -> None:
    """Terminate a child process, killing it if it has not exited within timeout seconds."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def free_port() -> int:
    """A loopback port nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_http(process: subprocess.Popen, url: str, timeout: float, interval: float = 0.3) -> None:
    """Poll url until it answers 200; LoadError if the process exits or timeout passes first."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise LoadError(f"the server exited with code {process.returncode}")
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(interval)
    raise LoadError(f"{url} was not ready in {timeout:.0f} s")
