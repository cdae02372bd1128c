"""Services near a point from the (lat, lon) index: the same nearest services, in the same order, as a full scan."""
import pytest
from sqlalchemy import select, text

from navigator.directory.models import Location, Service
from navigator.directory.postcodes import distance_km, resolve_place
from navigator.directory.queries import services_near


def full_scan(db, lat, lon, route):
    rows = db.execute(
        select(Service.id, Location.lat, Location.lon)
        .join(Location, Service.location_id == Location.id)
        .where(Service.route == route, Service.status == "active", Location.lat.is_not(None))
    ).all()
    return sorted(((sid, distance_km(lat, lon, a, b)) for sid, a, b in rows), key=lambda item: (item[1], item[0]))


@pytest.mark.parametrize("postcode", ["W12 0HS", "HA0 4UJ", "UB3 1AA", "TW3 3EB"])
@pytest.mark.parametrize("route,want", [("pharmacy", 12), ("gp", 8), ("utc", 3)])
def test_nearest_match_a_full_scan(db, postcode, route, want):
    place = resolve_place(db, postcode)
    near = services_near(db, place.lat, place.lon, route=route, enough=lambda found: len(found) >= want)
    expected = full_scan(db, place.lat, place.lon, route)[:want]
    assert len(near) >= want
    assert [sid for sid, _ in near[:want]] == [sid for sid, _ in expected]
    assert [km for _, km in near] == sorted(km for _, km in near)


def test_a_limit_in_km_is_kept(db):
    place = resolve_place(db, "W12 0HS")
    near = services_near(db, place.lat, place.lon, route="pharmacy", max_km=1.0, enough=lambda found: False)
    scan = [sid for sid, km in full_scan(db, place.lat, place.lon, "pharmacy") if km <= 1.0]
    assert near and [sid for sid, _ in near] == scan and max(km for _, km in near) <= 1.0


def test_sqlite_reads_the_box_through_the_index(db):
    if db.get_bind().dialect.name != "sqlite":
        pytest.skip("query plan wording is SQLite's")
    plan = db.execute(
        text("EXPLAIN QUERY PLAN SELECT id FROM location WHERE lat BETWEEN 51.4 AND 51.5 AND lon BETWEEN -0.3 AND -0.2")
    ).all()
    assert any("ix_location_lat_lon" in str(row) for row in plan), plan
