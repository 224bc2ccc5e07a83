"""Property-based: Schemathesis generates requests from /openapi.json; none may cause a 500.

Valid and invalid requests are generated for every operation (Schemathesis strategies driven by
Hypothesis directly, since its pytest plugin does not load under this pytest version).
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error

OPERATIONS = [("POST", "/api/ask"), ("GET", "/api/search"), ("GET", "/api/documents"),
              ("GET", "/api/documents/{doc_id}"), ("GET", "/healthz"), ("GET", "/readyz"),
              ("POST", "/api/reload"), ("GET", "/api/commitments"), ("GET", "/api/commitments.csv")]


@pytest.fixture(scope="module")
def api_schema(app):
    return schemathesis.openapi.from_asgi("/openapi.json", app)


def test_every_documented_operation_is_fuzzed(api_schema):
    documented = {(op.ok().method.upper(), op.ok().path) for op in api_schema.get_all_operations()}
    assert documented == set(OPERATIONS)


# an operation whose every input is valid (no parameters, or any string) has no invalid cases
CASES = [(m, p, GenerationMode.POSITIVE) for m, p in OPERATIONS] + [
    ("POST", "/api/ask", GenerationMode.NEGATIVE), ("GET", "/api/search", GenerationMode.NEGATIVE),
    ("GET", "/api/commitments", GenerationMode.NEGATIVE)]


@pytest.mark.parametrize("method, path, mode", CASES,
                         ids=[f"{m} {p} {mode.value}" for m, p, mode in CASES])
def test_no_generated_request_causes_a_server_error(api_schema, method, path, mode):
    operation = api_schema[path][method]

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(max_examples=80, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    def run(case):
        response = case.call()
        case.validate_response(response, checks=[not_a_server_error])
        if path.startswith("/api/") and response.status_code >= 400:
            assert set(response.json()) == {"error"}, response.text

    run()
