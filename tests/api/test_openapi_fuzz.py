"""Schemathesis against GET /api/v1/openapi.json, through the WSGI app: no 500s, every response as described.

Bounded and reproducible: 25 examples per operation and generation mode (valid and invalid input),
derandomized, no deadline. Each operation is its own test, so a failure names it. `make test` runs
it on SQLite and PostgreSQL; docs/reliability.md gives the figures and how to reproduce them.
"""
from __future__ import annotations

import pytest
import schemathesis
import yaml
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from navigator.api.openapi import SPEC_FILE

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
MAX_EXAMPLES = 25
PATHS = yaml.safe_load(SPEC_FILE.read_text(encoding="utf-8"))["paths"]
# Valid input for every operation; invalid input for each one that takes any (there is nothing to break otherwise).
CASES = [
    (path, method.upper(), mode)
    for path, methods in PATHS.items()
    for method, spec in methods.items()
    for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)
    if mode is GenerationMode.POSITIVE or spec.get("parameters") or spec.get("requestBody")
]


@pytest.mark.parametrize("path, method, mode", CASES, ids=[f"{m} {p} {g.value}" for p, m, g in CASES])
def test_api_conforms_and_never_500s(app, path, method, mode):
    operation = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)[path][method]
    sent = []

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(max_examples=MAX_EXAMPLES, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    def fuzz(case):
        sent.append(case)
        case.call_and_validate(checks=CHECKS)

    fuzz()
    assert sent  # the strategy produced requests at all


def test_the_description_is_openapi_3_1_and_covers_the_contract(client):
    body = client.get("/api/v1/openapi.json").get_json()
    assert body["openapi"].startswith("3.1")
    assert {"/api/v1/triage", "/api/v1/chat", "/api/v1/services", "/api/v1/services/{service_id}",
            "/api/v1/alternatives"} <= set(body["paths"])
    error = body["components"]["schemas"]["Error"]
    assert error["required"] == ["error"] and error["properties"]["error"]["required"] == ["code", "message"]
    assert "x-extends-contract" in str(body)  # says where it goes beyond api-contract.md
