"""GET /api/v1/services, /api/v1/services/<id> and /healthz through the Flask test client."""
import re

import pytest


def test_healthz(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}


def test_open_pharmacies_near_a_postcode_nearest_first(client):
    body = client.get("/api/v1/services?route=pharmacy&near=W12%200HS&open_now=1").get_json()
    items = body["items"]
    assert body["total"] > 5 and len(items) == 20
    assert all(i["route"] == "pharmacy" and i["open_now"] is True for i in items)
    distances = [i["distance_km"] for i in items]
    assert distances == sorted(distances)
    assert distances[0] < 1.5
    assert all(i["closes_at"] for i in items)
    assert sum(bool(i["phone"]) for i in items) >= 15  # a few ODS records have no phone
    # London numbers are grouped as residents dial them (a few pharmacies give a mobile number).
    assert all(i["phone"] is None or not i["phone"].startswith("020") or re.fullmatch(r"020 \d{4} \d{4}", i["phone"]) for i in items)
    assert body["near"]["borough"] == "Hammersmith and Fulham"


def test_postcode_is_normalised(client):
    body = client.get("/api/v1/services?route=gp&near=w120hs").get_json()
    assert body["near"]["label"] == "W12 0HS"


def test_open_at_a_time_when_gps_are_shut(client):
    sunday_noon = "2026-11-29T12:00"
    body = client.get(f"/api/v1/services?route=gp&at={sunday_noon}").get_json()
    assert body["total"] == 0


def test_filters_narrow(client):
    everything = client.get("/api/v1/services?per_page=1").get_json()["total"]
    pharmacies = client.get("/api/v1/services?route=pharmacy&per_page=1").get_json()["total"]
    ealing = client.get("/api/v1/services?route=pharmacy&borough=Ealing&per_page=100").get_json()
    assert everything > pharmacies > ealing["total"] > 0
    assert all(i["borough"] == "Ealing" for i in ealing["items"])
    sore = client.get("/api/v1/services?need=sore_throat&per_page=100").get_json()
    assert sore["total"] > 0 and {i["route"] for i in sore["items"]} <= {"pharmacy", "gp"}


def test_typo_tolerant_text_search(client):
    body = client.get("/api/v1/services?q=hilingdon%20hospitl%20urgent").get_json()
    assert body["items"], body
    assert "Hillingdon" in body["items"][0]["name"]


def test_pagination(client):
    first = client.get("/api/v1/services?route=pharmacy&page=1&per_page=10").get_json()
    second = client.get("/api/v1/services?route=pharmacy&page=2&per_page=10").get_json()
    assert first["page"] == 1 and second["page"] == 2
    assert not {i["id"] for i in first["items"]} & {i["id"] for i in second["items"]}


def test_service_detail_and_404(client):
    item = client.get("/api/v1/services?route=gp&per_page=1").get_json()["items"][0]
    detail = client.get(f"/api/v1/services/{item['id']}").get_json()
    assert detail["name"] == item["name"]
    assert detail["schedule"]["hours_source"] == "default"
    assert detail["schedule"]["weekly"][0] == {"day": "mon", "opens": "08:00", "closes": "18:30"}
    assert "eligibility" in detail and "languages" in detail
    missing = client.get("/api/v1/services/999999")
    assert missing.status_code == 404
    assert missing.get_json()["error"]["code"] == "not_found"


def test_closed_sites_are_never_listed_as_open(client):
    body = client.get("/api/v1/services?q=mount%20vernon&open_now=1").get_json()
    assert all("Mount Vernon" not in i["name"] for i in body["items"])


@pytest.mark.parametrize(
    "query, code",
    [
        ("per_page=1000", "invalid_parameter"),
        ("page=abc", "invalid_parameter"),
        ("open_now=maybe", "invalid_parameter"),
        ("at=next%20tuesday", "invalid_parameter"),
        ("route=hospital", "invalid_parameter"),
        ("borough=Camden", "invalid_parameter"),
        ("near=ZZ99%209ZZ", "unknown_postcode"),
        ("near=SW1A%209ZZ", "unknown_postcode"),
    ],
)
def test_bad_parameters_get_a_400_with_the_contract_body(client, query, code):
    response = client.get(f"/api/v1/services?{query}")
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert error["code"] == code and error["message"]


def test_healthz_is_503_when_the_database_does_not_answer(tmp_path):
    from navigator import create_app

    app = create_app({"TESTING": True, "DATABASE_URL": "postgresql://127.0.0.1:1/nowhere", "SECRET_KEY": "x"})
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json() == {"status": "unavailable"}
    app.extensions["db_engine"].dispose()
