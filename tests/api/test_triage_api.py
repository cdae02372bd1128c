"""POST /api/v1/triage and `navigator triage`: the contract's shape and errors."""
import json

import pytest

CONTRACT_KEYS = {"route", "urgency", "language", "needs", "matched", "advice"}


def test_red_flag_routes_emergency_with_reasons(client):
    response = client.post("/api/v1/triage", json={"text": "my dad has crushing chest pain and is sweating"})
    assert response.status_code == 200
    body = response.get_json()
    assert set(body) == CONTRACT_KEYS
    assert body["route"] == "emergency" and body["urgency"] == "immediate" and body["language"] == "en"
    assert "chest_pain" in body["needs"]
    assert body["matched"] and all(set(m) == {"term", "rule"} for m in body["matched"])
    assert "999" in body["advice"]


def test_language_hint_is_used(client):
    body = client.post("/api/v1/triage", json={"text": "boli mnie gardło", "lang": "pl-PL"}).get_json()
    assert body["language"] == "pl" and body["route"] == "pharmacy"


def test_crisis_advice_gives_a_24_hour_number(client):
    body = client.post("/api/v1/triage", json={"text": "i keep thinking about ending my life"}).get_json()
    assert body["route"] == "crisis"
    assert "116 123" in body["advice"] or "111" in body["advice"]


@pytest.mark.parametrize(
    "kwargs, code",
    [
        ({"json": {"text": ""}}, "invalid_text"),
        ({"json": {"text": "   "}}, "invalid_text"),
        ({"json": {"text": "a" * 1601}}, "text_too_long"),
        ({"json": {}}, "invalid_text"),
        ({"json": ["chest pain"]}, "invalid_json"),
        ({"data": "chest pain", "content_type": "text/plain"}, "invalid_json"),
        ({"data": "{not json", "content_type": "application/json"}, "invalid_json"),
        ({"json": {"text": "chest pain", "lang": "klingon"}}, "unsupported_language"),
    ],
)
def test_bad_requests_get_a_400_with_the_contract_body(client, kwargs, code):
    response = client.post("/api/v1/triage", **kwargs)
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == code


def test_exactly_1600_characters_is_accepted(client):
    assert client.post("/api/v1/triage", json={"text": "a" * 1600}).status_code == 200


def test_cli_prints_the_same_json_as_the_api(client, runner):
    text = "twisted my ankle and it is swollen"
    result = runner.invoke(args=["triage", text])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == client.post("/api/v1/triage", json={"text": text}).get_json()
    hinted = runner.invoke(args=["triage", "dor de garganta", "--lang", "pt"])
    assert json.loads(hinted.output)["language"] == "pt"
    assert runner.invoke(args=["triage", ""]).exit_code != 0
