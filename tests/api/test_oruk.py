"""The /oruk API: ORUK HSDS-UK 3.0 shapes, validated with a real JSON Schema validator."""
import json

import pytest
from jsonschema import Draft202012Validator, FormatChecker

from navigator.config import DATA_DIR

SCHEMAS = DATA_DIR / "oruk_schema"
PAGE_KEYS = {"total_items", "total_pages", "page_number", "size", "first_page", "last_page", "empty", "contents"}


def validator(name):
    schema = json.loads((SCHEMAS / name).read_text())
    return Draft202012Validator(schema, format_checker=FormatChecker())


def assert_valid(name, instance):
    errors = sorted(validator(name).iter_errors(instance), key=lambda e: list(e.path))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors[:5]]


def test_base_endpoint(client):
    body = client.get("/oruk/").get_json()
    assert body["version"] == "HSDS-UK-3.0"
    assert body["profile"].startswith("https://") and body["openapi_url"].endswith("openapi.json")


def test_services_page_and_pagination(client):
    first = client.get("/oruk/services?per_page=25").get_json()
    assert set(first) == PAGE_KEYS
    assert first["page_number"] == 1 and first["first_page"] and not first["last_page"] and not first["empty"]
    assert first["size"] == 25 and first["total_pages"] == -(-first["total_items"] // 25)
    for item in first["contents"]:
        assert_valid("service_list.json", item)
    last = client.get(f"/oruk/services?per_page=25&page={first['total_pages']}").get_json()
    assert last["last_page"] and last["size"] == first["total_items"] - 25 * (first["total_pages"] - 1)
    beyond = client.get(f"/oruk/services?per_page=25&page={first['total_pages'] + 1}").get_json()
    assert beyond["contents"] == [] and beyond["size"] == 0


@pytest.mark.parametrize("query", ["route=pharmacy", "route=crisis", "route=utc", "route=voluntary", "route=gp"])
def test_service_by_id_is_valid_and_fully_nested(client, query):
    summary = client.get(f"/api/v1/services?{query}&per_page=1").get_json()["items"][0]
    listed = client.get(f"/oruk/services?text={summary['name']}&per_page=5").get_json()["contents"]
    item = next(i for i in listed if i["name"] == summary["name"])
    full = client.get(f"/oruk/services/{item['id']}").get_json()
    assert_valid("service.json", full)
    assert full["id"] == item["id"] and full["organization"]["name"]
    assert {a["taxonomy_term"]["taxonomy"] for a in full["attributes"]} >= {"navigator routes", "navigator categories"}


def test_schedules_carry_hours(client):
    gp = client.get("/oruk/services?per_page=1&taxonomy_term_id=" + _term(client, "gp")).get_json()["contents"][0]
    full = client.get(f"/oruk/services/{gp['id']}").get_json()
    days = {s["byday"] for s in full["schedules"]}
    assert days == {"MO", "TU", "WE", "TH", "FR"}
    assert full["schedules"][0]["opens_at"] == "08:00:00" and full["schedules"][0]["freq"] == "WEEKLY"


def _term(client, code):
    terms = client.get("/oruk/taxonomy_terms?per_page=100").get_json()["contents"]
    return next(t["id"] for t in terms if t["code"] == code and t["taxonomy"] == "navigator routes")


def test_filters(client):
    total = client.get("/oruk/services?per_page=1").get_json()["total_items"]
    pharmacies = client.get("/oruk/services?per_page=1&taxonomy_term_id=" + _term(client, "pharmacy")).get_json()
    assert 0 < pharmacies["total_items"] < total
    sunday = client.get("/oruk/services?per_page=1&day=SU&start_time=10:00&end_time=11:00").get_json()
    assert 0 < sunday["total_items"] < pharmacies["total_items"]  # GP and pharmacy default hours exclude Sundays
    young = client.get("/oruk/services?per_page=100&maximum_age=10&taxonomy_term_id=" + _term(client, "crisis")).get_json()
    assert young["total_items"] >= 1
    text = client.get("/oruk/services?per_page=5&text=samaritans").get_json()
    assert any("Samaritans" in i["name"] for i in text["contents"])
    assert client.get("/oruk/services?day=funday").status_code == 400


def test_taxonomies_and_terms(client):
    taxonomies = client.get("/oruk/taxonomies").get_json()
    assert set(taxonomies) == PAGE_KEYS and taxonomies["total_items"] == 3
    for tax in taxonomies["contents"]:
        assert_valid("taxonomy.json", tax)
        assert client.get(f"/oruk/taxonomies/{tax['id']}").get_json() == tax
    terms = client.get("/oruk/taxonomy_terms?per_page=100").get_json()
    for term in terms["contents"]:
        assert_valid("taxonomy_term.json", term)
    one = terms["contents"][0]
    assert client.get(f"/oruk/taxonomy_terms/{one['id']}").get_json() == one


def test_unknown_ids_are_404(client):
    for path in ("/oruk/services/00000000-0000-0000-0000-000000000000", "/oruk/taxonomies/x", "/oruk/taxonomy_terms/x"):
        response = client.get(path)
        assert response.status_code == 404 and response.get_json()["error"]["code"] == "not_found"
