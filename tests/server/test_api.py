"""The JSON API through FastAPI's TestClient: every route, every limit, every error as JSON."""

from __future__ import annotations

import logging

import pytest
from fastapi.testclient import TestClient

from retriever.assistant import NOT_FOUND

PET = "what is the PET fly-tip FPN baseline?"
HMO = "what was the baseline for HMOs?"
UNANSWERABLE = "how much is the FPN fine for fly-tipping in Harrow?"
ANSWER_KEYS = {"question", "history", "query", "answer", "abstained", "reason", "confidence",
               "citations", "passages", "timings_ms"}
HARROW = "harrow-osc-minutes-2021-12-14"


def test_ask_returns_the_answer_json_unchanged(client, app):
    response = client.post("/api/ask", json={"question": PET})
    assert response.status_code == 200
    body = response.json()
    assert set(body) == ANSWER_KEYS
    assert "21" in body["answer"] and not body["abstained"]
    direct = app.state.holder.get().ask(PET).to_json()
    assert body["answer"] == direct["answer"] and body["citations"] == direct["citations"]
    first = body["citations"][0]
    assert first["doc_id"] == HARROW and first["n"] == 1 and "[1]" in body["answer"]


def test_follow_up_uses_the_history(client):
    body = client.post("/api/ask", json={"question": HMO, "history": [PET]}).json()
    assert "140" in body["answer"]
    assert body["history"] == [PET] and body["query"] != body["question"]


def test_unanswerable_question_abstains_with_the_query_and_nearest_passages(client):
    body = client.post("/api/ask", json={"question": UNANSWERABLE}).json()
    assert body["abstained"] and body["answer"] == NOT_FOUND
    assert body["reason"] and body["query"] and body["passages"] and not body["citations"]


def test_question_is_trimmed_and_top_k_limits_the_passages(client):
    body = client.post("/api/ask", json={"question": f"  \n {PET}\t ", "top_k": 3}).json()
    assert body["question"] == PET and len(body["passages"]) <= 3


def test_filters_limit_the_documents_searched(client):
    letter = "mopac-letter-pcc-recommendations-2022-03-23"
    body = client.post("/api/ask", json={"question": "knife crime", "filters": {"doc_ids": [letter]}}).json()
    assert body["passages"] and {p["doc_id"] for p in body["passages"]} == {letter}
    body = client.post("/api/ask", json={"question": "knife crime",
                                         "filters": {"kinds": ["plan"], "date_from": "2021"}}).json()
    assert {p["doc_id"] for p in body["passages"]} == {"mopac-police-crime-plan-2021-25-draft"}


@pytest.mark.parametrize("body, message", [
    ({}, "question is required"),
    ({"question": ""}, "question must be 1-1000 characters after trimming"),
    ({"question": "   \n\t "}, "question must be 1-1000 characters after trimming"),
    ({"question": "x" * 1001}, "question must be 1-1000 characters after trimming"),
    ({"question": 42}, "question must be text, 1-1000 characters after trimming"),
    ({"question": "?!"}, "the question has no words in it"),
    ({"question": PET, "history": ["earlier"] * 21}, "history must be a list of at most 20 earlier questions"),
    ({"question": PET, "history": "not a list"}, "history must be a list of at most 20"),
    ({"question": PET, "top_k": 0}, "top_k must be a whole number from 1 to 50"),
    ({"question": PET, "top_k": 51}, "top_k must be a whole number from 1 to 50"),
    ({"question": PET, "top_k": "ten"}, "top_k must be a whole number from 1 to 50"),
    ({"question": PET, "filters": {"kinds": ["memo"]}}, "unknown kind 'memo'"),
    ({"question": PET, "filters": {"date_from": "last year"}}, "dates are YYYY, YYYY-MM or YYYY-MM-DD"),
    ({"question": PET, "filters": {"doc_ids": ["nope"]}}, "filters.doc_ids names unknown document nope; known: "),
    ({"question": PET, "colour": "blue"}, "unknown field colour"),
    ([PET], "the request body must be a JSON object"),
])
def test_bad_ask_requests_are_422_with_a_readable_message(client, body, message):
    response = client.post("/api/ask", json=body)
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/json"
    assert message in response.json()["error"], response.json()
    assert set(response.json()) == {"error"}


def test_history_of_exactly_20_turns_is_accepted(client):
    assert client.post("/api/ask", json={"question": PET, "history": ["a question"] * 20}).status_code == 200


def test_body_that_is_not_json_is_422(client):
    response = client.post("/api/ask", content=b"{question", headers={"content-type": "application/json"})
    assert response.status_code == 422 and response.json() == {"error": "the request body is not valid JSON"}


def test_oversized_body_is_refused_as_json(client):
    response = client.post("/api/ask", json={"question": PET, "history": ["x" * 100_000] * 3})
    assert response.status_code == 413 and "too large" in response.json()["error"]


def test_search_returns_ranked_passages(client):
    response = client.get("/api/search", params={"q": "fly-tip FPN baseline", "k": 4, "mode": "bm25"})
    assert response.status_code == 200
    body = response.json()
    assert body["mode"] == "bm25" and body["query"]
    assert [p["rank"] for p in body["passages"]] == [1, 2, 3, 4]
    assert body["passages"][0]["doc_id"] == HARROW


@pytest.mark.parametrize("params, message", [
    ({}, "q is required"),
    ({"q": " "}, "q (the query) must be 1-1000 characters"),
    ({"q": "x" * 1001}, "q (the query) must be 1-1000 characters"),
    ({"q": "fly", "k": 0}, "k must be a whole number from 1 to 50"),
    ({"q": "fly", "k": 99}, "k must be a whole number from 1 to 50"),
    ({"q": "fly", "k": "many"}, "k must be a whole number from 1 to 50"),
    ({"q": "fly", "mode": "magic"}, "mode must be one of hybrid, bm25, dense"),
])
def test_bad_search_requests_are_422_with_a_readable_message(client, params, message):
    response = client.get("/api/search", params=params)
    assert response.status_code == 422 and message in response.json()["error"]


def test_document_list_has_metadata_and_counts(client):
    rows = client.get("/api/documents").json()
    assert len(rows) == 5
    harrow = next(r for r in rows if r["doc_id"] == HARROW)
    assert harrow["date"] == "2021-12-14" and harrow["kind"] == "minutes"
    assert harrow["publisher"] == "London Borough of Harrow"
    assert harrow["counts"]["chunks"] > 0 and harrow["counts"]["sections"] > 0


def test_document_has_cleaned_text_and_section_spans(client):
    body = client.get(f"/api/documents/{HARROW}").json()
    assert body["title"].startswith("Harrow Overview and Scrutiny Committee")
    assert "Baseline is 21 per" in body["text"]
    for section in body["sections"]:
        assert 0 <= section["start"] < section["end"] <= len(body["text"])
        assert section["path"] and section["title"]


@pytest.mark.parametrize("path", [
    "/api/documents/no-such-document",
    "/api/documents/..%2F..%2Fetc%2Fpasswd",
    "/api/documents/%2e%2e%2fmanifest.json",
    "/api/documents/..%5C..%5Cwindows",
])
def test_unknown_or_traversing_document_ids_are_404_json(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert "error" in response.json() and "root:" not in response.text


def test_health_and_readiness(client, bundled_index):
    assert client.get("/healthz").json() == {"status": "ok"}
    ready = client.get("/readyz").json()
    assert ready["status"] == "ready" and ready["model"] == "all-MiniLM-L6-v2"
    assert ready["build_id"] == (bundled_index / "current").resolve().name
    assert ready["manifest"]["counts"]["documents"] == 5


def test_reload_with_nothing_new_keeps_the_build(client):
    before = client.get("/readyz").json()["build_id"]
    assert client.post("/api/reload").json() == {"reloaded": False, "build_id": before}


@pytest.mark.parametrize("method, path", [
    ("post", "/api/ask"), ("get", "/api/search?q=fly"), ("get", "/api/documents"),
    ("get", "/api/documents/anything"), ("get", "/readyz"), ("post", "/api/reload"),
])
def test_without_an_index_answer_routes_are_503_with_the_fix(empty_client, method, path, tmp_path):
    response = getattr(empty_client, method)(path, **({"json": {"question": PET}} if method == "post" else {}))
    assert response.status_code == 503
    message = response.json()["error"]
    assert message.startswith(f"no index at {tmp_path / 'index'}")
    assert f"scrutiny index corpus --index-dir {tmp_path / 'index'}" in message


def test_without_an_index_the_server_is_alive(empty_client):
    assert empty_client.get("/healthz").status_code == 200


def test_stale_index_is_503_with_the_rebuild_command(stale_client):
    response = stale_client.post("/api/ask", json={"question": PET})
    assert response.status_code == 503
    assert "stale" in response.json()["error"] and "rebuild it with: scrutiny index" in response.json()["error"]
    assert stale_client.get("/readyz").status_code == 503


def test_unknown_api_route_and_wrong_method_are_json(client):
    missing = client.get("/api/nothing-here")
    assert missing.status_code == 404 and missing.json() == {"error": "there is nothing at this address"}
    wrong = client.get("/api/ask")
    assert wrong.status_code == 405 and wrong.json() == {"error": "GET is not allowed here"}


def test_unexpected_failure_is_a_plain_500_without_a_stack_trace(app, monkeypatch):
    assistant = app.state.holder.get()

    def broken(*args, **kwargs):
        raise RuntimeError("secret internal detail")

    monkeypatch.setattr(assistant, "ask", broken)
    with TestClient(app, raise_server_exceptions=False) as quiet:
        response = quiet.post("/api/ask", json={"question": PET})
        page = quiet.post("/ask", data={"question": PET})
    assert response.status_code == 500
    assert response.json() == {"error": "something went wrong on the server; the error has been logged"}
    assert page.status_code == 500 and page.headers["content-type"].startswith("text/html")
    assert "script-src 'self'" in page.headers["content-security-policy"]
    for text in (response.text, page.text):
        assert "Traceback" not in text and "secret internal detail" not in text


def test_openapi_documents_every_route_with_answer_names(client):
    schema = client.get("/openapi.json").json()
    assert {"/api/ask", "/api/search", "/api/documents", "/api/documents/{doc_id}", "/healthz",
            "/readyz", "/api/reload"} <= set(schema["paths"])
    assert set(schema["components"]["schemas"]["AnswerOut"]["properties"]) == ANSWER_KEYS


def test_api_docs_page_loads_swagger_ui_from_this_server_not_a_cdn(client):
    page = client.get("/docs")
    assert page.status_code == 200 and "/docs-assets/swagger-ui-bundle.js" in page.text
    assert "cdn" not in page.text.lower() and "https://" not in page.headers["content-security-policy"]
    script = client.get("/docs-assets/swagger-ui-bundle.js")
    assert script.status_code == 200 and len(script.content) > 100_000
    assert client.get("/redoc").status_code == 404


def test_every_response_carries_the_security_headers(client):
    for response in (client.get("/api/documents"), client.get("/"), client.get("/api/nothing")):
        policy = response.headers["content-security-policy"]
        assert "default-src 'self'" in policy and "script-src 'self'" in policy
        assert "unsafe-inline" not in policy
        assert response.headers["x-content-type-options"] == "nosniff"


def test_each_request_is_logged_with_its_latency(client, caplog):
    with caplog.at_level(logging.INFO, logger="server.access"):
        client.get("/healthz")
        client.post("/api/ask", json={"question": ""})
    lines = [r.getMessage() for r in caplog.records if r.name == "server.access"]
    assert any(line.startswith("GET /healthz 200 ") and line.endswith(" ms") for line in lines)
    assert any(line.startswith("POST /api/ask 422 ") for line in lines)
