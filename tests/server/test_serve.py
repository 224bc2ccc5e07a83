"""`scrutiny serve` for real: uvicorn on a loopback port, concurrent requests, a log line each."""

from __future__ import annotations

import re
import time
from concurrent.futures import ThreadPoolExecutor

import httpx

from scrutiny.cli import build_parser
from scrutiny.serve import MALLOC_ARENAS, limit_malloc_arenas

PET = "what is the PET fly-tip FPN baseline?"


def test_serve_options_are_parsed():
    args = build_parser().parse_args(["serve", "--host", "0.0.0.0", "--port", "9000",
                                      "--index-dir", "/srv/index"])
    assert (args.host, args.port, str(args.index_dir)) == ("0.0.0.0", 9000, "/srv/index")
    defaults = build_parser().parse_args(["serve"])
    assert defaults.host is None and defaults.port is None  # settings supply 127.0.0.1:8000


def test_the_server_caps_malloc_arenas_on_this_glibc_machine():
    assert limit_malloc_arenas(MALLOC_ARENAS) is True


def test_server_answers_eight_concurrent_clients(live_server):
    def ask(i: int) -> httpx.Response:
        with httpx.Client(base_url=live_server.url, timeout=60) as http:
            return http.post("/api/ask", json={"question": PET, "history": [f"turn {i}"]})

    with ThreadPoolExecutor(8) as pool:
        responses = list(pool.map(ask, range(16)))
    assert [r.status_code for r in responses] == [200] * 16
    assert all("21" in r.json()["answer"] for r in responses)


def test_health_answers_while_questions_are_being_answered(live_server):
    with ThreadPoolExecutor(5) as pool:
        asks = [pool.submit(httpx.post, f"{live_server.url}/api/ask", json={"question": PET}, timeout=60)
                for _ in range(4)]
        health = pool.submit(httpx.get, f"{live_server.url}/healthz", timeout=60)
        assert health.result().status_code == 200
        assert all(a.result().status_code == 200 for a in asks)


def test_each_request_is_logged_with_its_latency(live_server):
    httpx.get(f"{live_server.url}/api/documents/nope", timeout=30)
    line = re.compile(r"server\.access: GET /api/documents/nope 404 \d+\.\d ms")
    deadline = time.monotonic() + 10  # the server writes the line after the response has gone
    while not line.search(log := live_server.log()) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert "Scrutiny chat on http://127.0.0.1:" in log
    assert line.search(log)
    assert "Traceback" not in log
