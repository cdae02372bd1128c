"""The found/ sources: NHSBSA pharmacy hours, ODS dentists, Talking Therapies, Give Food, Citizens
Advice and carers, dated urgent-care hours, approximate places. SQLite and PostgreSQL."""
import csv
import datetime as dt
import re

import yaml
from sqlalchemy import select

from navigator.config import DATA_DIR
from navigator.directory.hours import opening_state
from navigator.directory.models import NWL_BOROUGHS, Location, Service
from navigator.directory.queries import serves_borough

FOUND = DATA_DIR / "found"
SUNDAY_11 = "2026-12-06T11:00"  # a Sunday, not a bank holiday


def _csv(name):
    with open(FOUND / name, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _services(db, *where):
    return db.scalars(select(Service).where(*where)).all()


def _minutes(text):
    hours, minutes = text.split(":")
    return int(hours) * 60 + int(minutes)


# --- pharmacy hours ---------------------------------------------------------------------------------


def test_most_pharmacies_have_nhsbsa_hours_and_the_rest_keep_the_default(db):
    pharmacies = _services(db, Service.category == "community_pharmacy", Service.status == "active")
    listed = {r["PHARMACY_ODS_CODE_F_CODE"]: r for r in _csv("pharmacy_opening_hours_nhsbsa_cpl_nwl8.csv")}
    sourced = [p for p in pharmacies if p.hours_source == "source"]
    assert len(sourced) / len(pharmacies) >= 0.95
    for p in sourced:
        assert p.source_id in listed
        assert p.hours_source_name == "NHSBSA Consolidated Pharmaceutical List" and p.hours_source_date == "2025/26"
        assert p.bank_holidays == "unknown" and "call to check" in p.hours_note
    for p in pharmacies:
        if p.source_id not in listed:
            assert p.hours_source == "default" and "Not confirmed for this pharmacy" in p.hours_note


def test_split_days_and_sundays_are_loaded_as_the_list_gives_them(db):
    rows = _csv("pharmacy_opening_hours_nhsbsa_cpl_nwl8.csv")
    split = next(r for r in rows if "," in r["PHARMACY_OPENING_HOURS_MONDAY"])
    service = db.scalars(select(Service).where(Service.source == "ods", Service.source_id == split["PHARMACY_ODS_CODE_F_CODE"])).one()
    monday = [(r.opens, r.closes) for r in service.regular_schedules if r.weekday == 0]
    expected = [tuple(_minutes(t) for t in span.split("-")) for span in split["PHARMACY_OPENING_HOURS_MONDAY"].split(",")]
    assert monday == expected
    sunday_open = {r["PHARMACY_ODS_CODE_F_CODE"] for r in rows if r["PHARMACY_OPENING_HOURS_SUNDAY"] != "CLOSED"}
    with_sunday = {s.source_id for s in _services(db, Service.category == "community_pharmacy") if any(r.weekday == 6 for r in s.regular_schedules)}
    assert with_sunday and with_sunday <= sunday_open


def test_pharmacies_open_on_a_sunday_morning_near_w2_1ny(client):
    body = client.get(f"/api/v1/services?route=pharmacy&near=W2 1NY&at={SUNDAY_11}&open_now=1").get_json()
    assert body["total"] >= 3
    listed = {r["PHARMACY_ODS_CODE_F_CODE"]: r for r in _csv("pharmacy_opening_hours_nhsbsa_cpl_nwl8.csv")}
    for item in body["items"]:
        assert item["open_now"] is True and item["hours_source"] == "source"
        detail = client.get(f"/api/v1/services/{item['id']}").get_json()
        sunday = listed[detail["source"]["id"]]["PHARMACY_OPENING_HOURS_SUNDAY"]
        assert any(_minutes(a) <= 11 * 60 < _minutes(b) for a, b in (span.split("-") for span in sunday.split(",")))
    assert body["items"][0]["distance_km"] < 3


def test_a_pharmacy_on_a_bank_holiday_is_call_to_check(db):
    service = db.scalars(select(Service).where(Service.category == "community_pharmacy", Service.hours_source == "source")).first()
    christmas_noon = dt.datetime(2026, 12, 25, 12, 0)
    assert opening_state(service, christmas_noon).known is False


# --- dental practices -------------------------------------------------------------------------------


def test_dental_practices_are_the_active_ods_practices_of_the_8_boroughs_without_phones(db):
    rows = _csv("dental_practices_ods_egdpprac_nwl8.csv")
    practices = _services(db, Service.category == "dental_practice")
    codes = {p.source_id for p in practices}
    active = {r["org_code"] for r in rows if r["status_code"] == "A"}
    in_8 = {r["org_code"] for r in rows if r["status_code"] == "A" and r["borough_from_postcode"] in NWL_BOROUGHS}
    excluded = set(yaml.safe_load((FOUND / "sources.yaml").read_text())["dental"]["exclude"])
    assert (in_8 - excluded) <= codes <= active - excluded
    assert len(codes) >= 488
    for p in practices:
        assert p.route == "dental" and p.contacts == [] and p.hours_source == "unknown"
        assert p.location.borough in NWL_BOROUGHS and p.location.lat is not None
        assert {"toothache", "dentist"} <= set(p.need_ids)


def test_dental_practices_near_w12_0hs_in_the_api(client):
    body = client.get("/api/v1/services?route=dental&near=W12 0HS&per_page=5").get_json()
    assert len(body["items"]) == 5
    assert all(i["category"] == "dental_practice" and i["phone"] is None for i in body["items"])
    assert body["items"][0]["distance_km"] < 2


def test_the_dental_route_names_practices_and_nhs_111(client, db):
    reply = client.post("/api/v1/chat", json={"text": "I have toothache, W12 0HS"}).get_json()
    assert reply["route"] == "dental"
    routes = [db.get(Service, s["id"]).route for s in reply["services"]]
    assert routes[0] == "nhs111" and "dental" in routes
    assert "111" in reply["reply"]
    for item in reply["services"]:
        assert db.get(Service, item["id"]).name in reply["reply"]


# --- Talking Therapies -----------------------------------------------------------------------------


def test_talking_therapies_per_borough_as_the_pages_state(db, client):
    rows = {r["borough"]: r for r in _csv("talking_therapies_nwl8.csv")}
    services = {s.boroughs_served[0]: s for s in _services(db, Service.category == "talking_therapies")}
    assert set(services) == {b for b, r in rows.items() if r["website"]}
    for borough, service in services.items():
        assert service.url == rows[borough]["website"] and service.contact("phone") is None
        assert service.need_ids == ["mental_wellbeing"] and service.route == "voluntary"
    body = client.get("/api/v1/services?need=mental_wellbeing&borough=Brent&category=talking_therapies").get_json()
    assert [i["name"] for i in body["items"]] == [services["Brent"].name]


# --- food banks, Citizens Advice, carers --------------------------------------------------------------


def test_every_give_food_bank_is_in_the_directory_with_its_contacts(db):
    banks = _services(db, Service.category == "food_bank", Service.status == "active")
    for row in _csv("foodbanks_givefood_nwl8.csv"):
        digits = re.sub(r"\D", "", row["phone"].split("x")[0])
        found = [b for b in banks if any(re.sub(r"\D", "", c.value) == digits for c in b.contacts if c.kind == "phone")]
        assert len(found) == 1, row["name"]
        bank = found[0]
        assert bank.contact("email") == row["email"] and bank.location.postcode == row["postcode"]
        assert bank.source in ("curated", "givefood")
        if bank.source == "curated":
            assert "Give Food" in bank.source_note  # merged, keeping the curated source
        if row["network"] == "Trussell Trust":
            assert "Trussell Trust" in (bank.source_note or "") + (bank.description or "")


def test_give_food_merges_into_curated_rows_by_name_or_postcode(db):
    merged = {s.source_id for s in _services(db, Service.source == "curated", Service.category == "food_bank") if "Give Food" in (s.source_note or "")}
    assert {"vol-brent-foodbank", "vol-hf-foodbank", "vol-hounslow-food-bank-st-pauls", "vol-kensington-chelsea-foodbank"} <= merged
    assert not _services(db, Service.source == "givefood", Service.name.like("%Hammersmith%"))


def test_found_records_copy_contacts_verbatim_from_their_sources():
    text = " ".join(p.read_text(encoding="utf-8") for p in FOUND.glob("*.csv")) + (FOUND / "PROVENANCE-found.md").read_text(encoding="utf-8")
    data = yaml.safe_load((FOUND / "records.yaml").read_text(encoding="utf-8"))
    contacts = [c for r in data["records"] + data["patches"] for c in r["contacts"]]
    assert contacts
    for c in contacts:
        value = c["value"].removeprefix("https://").removeprefix("http://")
        assert value in text, c


def test_citizens_advice_hillingdon_and_carers_have_contacts(db):
    ca = db.scalars(select(Service).where(Service.source == "found", Service.source_id == "ca-hillingdon")).one()
    assert ca.contact("phone") == "0808 278 7893" and "refurbishment" in ca.status_note
    harrow = db.scalars(select(Service).where(Service.source_id == "vol-harrow-carers")).one()
    assert harrow.url == "https://harrowcarers.org"


# --- urgent-care hours with dates -------------------------------------------------------------------


def test_unconfirmed_urgent_care_hours_are_never_shown_as_known(db, client):
    st_marys = db.scalars(select(Service).where(Service.source_id == "utc-st-marys")).one()
    assert st_marys.always_open and st_marys.hours_confirmed is False and st_marys.hours_source_date == "2021"
    state = opening_state(st_marys, dt.datetime(2026, 12, 2, 3, 0))
    assert state.known is False and state.open is None and not state.always_open
    summary = client.get(f"/api/v1/services/{st_marys.id}?at=2026-12-02T03:00").get_json()
    assert summary["hours_confirmed"] is False and summary["hours_known"] is False and summary["always_open"] is False
    west_mid = db.scalars(select(Service).where(Service.source_id == "utc-west-middlesex")).one()
    assert west_mid.hours_source_date == "2014-07" and opening_state(west_mid, dt.datetime(2026, 12, 2, 3, 0)).known is False


def test_dated_hours_carry_their_date(client, db):
    central = db.scalars(select(Service).where(Service.source_id == "utc-central-middlesex")).one()
    assert central.hours_source_date == "2025-10" and central.hours_confirmed
    detail = client.get(f"/api/v1/services/{central.id}").get_json()
    assert detail["hours_source_date"] == "2025-10" and detail["schedule"]["source_date"] == "2025-10"
    rows = _csv("urgent_care_hours_statements_pages.csv")
    assert any(r["page_date"].startswith("2025-10") and "Central Middlesex" in r["site"] for r in rows)


def test_an_editor_entry_is_confirmed_even_where_the_source_was_not(db):
    class Edited:
        status, always_open, hours_source, hours_confirmed, bank_holidays = "active", True, "editor", False, "as_usual"
        regular_schedules, holiday_schedules = [], []

    assert opening_state(Edited(), dt.datetime(2026, 12, 2, 3, 0)).open is True


# --- places and boroughs --------------------------------------------------------------------------


def test_postcodes_missing_from_code_point_are_placed_approximately(db):
    heathrow = db.scalars(
        select(Service).join(Location, Service.location_id == Location.id).where(Location.postcode == "TW6 2RQ")
    ).all()
    assert heathrow
    for service in heathrow:
        assert service.location.approximate and service.location.placed_by in ("sector", "district")
        assert service.location.lat is not None and service.location.borough == "Hillingdon"
    exact = db.scalars(select(Location).where(Location.postcode == "W12 0HS")).first()
    assert exact.placed_by == "postcode" and not exact.approximate


def test_london_wide_services_are_found_from_every_borough():
    office = Service(coverage="london", location=Location(borough="Camden"), areas=[])
    local = Service(coverage="borough", location=Location(borough="Camden"), areas=[])
    assert all(serves_borough(office, b) for b in NWL_BOROUGHS)
    assert not any(serves_borough(local, b) for b in NWL_BOROUGHS)
