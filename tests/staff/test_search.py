"""Staff directory search on the real loaded directory: text, each filter narrowing, reasons, the prepared index."""
import datetime as dt
import re

import pytest
from sqlalchemy import event, select

from navigator.directory.hours import LONDON
from navigator.directory.models import Service
from navigator.directory.postcodes import resolve_place
from navigator.directory.search import SearchQuery, search
from tests.conftest import WEDNESDAY_2PM

SUNDAY_NOON = dt.datetime(2026, 11, 29, 12, 0, tzinfo=LONDON)


@pytest.fixture()
def find(app, db):
    """find(**query) → SearchResult at Wednesday 14:00."""

    def run(**kwargs):
        return search(db, app.config["DATA_DIR"], SearchQuery(**kwargs), WEDNESDAY_2PM)

    return run


def names(result):
    return [h.service.name for h in result.hits]


def test_free_text_finds_debt_advice_and_says_why(find):
    result = find(text="debt advice")
    assert result.total >= 5
    top = result.hits[:5]
    assert all("debt" in h.service.needs or "debt" in h.service.name.lower() for h in top)
    assert all(any("“debt”" in why for why in h.why) for h in top)


@pytest.mark.parametrize(
    "typo,expected",
    [("citizns advise", "Citizens Advice"), ("foodbnk", "Foodbank"), ("samaritns", "Samaritans"), ("carer centre", "Carers")],
)
def test_typos_are_tolerated(find, typo, expected):
    assert any(expected in name for name in names(find(text=typo))[:5]), names(find(text=typo))[:5]


def test_plain_words_reach_needs_through_their_descriptions(find):
    lonely = find(text="isolated and lonely")
    assert lonely.hits and all("loneliness" in h.service.needs for h in lonely.hits[:5])
    evicted = find(text="facing eviction")
    assert evicted.hits and "housing" in evicted.hits[0].service.needs


def test_place_and_language_in_the_text_are_read_as_such(find):
    result = find(text="lonely older man in Hounslow who speaks Punjabi")
    assert result.place_from_text is not None and result.place_from_text.borough == "Hounslow"
    assert result.language_from_text == "pa"
    assert result.hits
    assert all(h.service.serves("Hounslow") for h in result.hits)
    assert any("Hounslow" in h.service.name for h in result.hits[:3])


def test_no_filters_lists_every_open_or_temporarily_closed_service(find, db):
    everything = find()
    in_db = len(db.scalars(select(Service.id).where(Service.status != "closed")).all())
    assert everything.total == in_db > 900


@pytest.mark.parametrize(
    "query,check",
    [
        ({"need": "debt"}, lambda h: "debt" in h.service.needs),
        ({"category": "food_bank"}, lambda h: h.service.category == "food_bank"),
        ({"route": "utc"}, lambda h: h.service.route == "utc"),
        ({"borough": "Ealing"}, lambda h: h.service.serves("Ealing")),
        ({"age": 10}, lambda h: h.service.eligible_for_age(10)),
        ({"language": "pa"}, lambda h: h.service.language_offer("pa") is not None),
    ],
    ids=["need", "category", "route", "borough", "age", "language"],
)
def test_each_filter_narrows(find, query, check):
    everything = find().total
    result = find(**query)
    assert 0 < result.total < everything
    assert all(check(h) for h in result.hits)


def test_borough_filter_excludes_other_boroughs_local_services(find):
    ealing = find(borough="Ealing", route="pharmacy")
    assert ealing.total > 20
    assert all(h.service.borough == "Ealing" for h in ealing.hits)
    assert all("in or serves Ealing" in h.why for h in ealing.hits)


def test_age_filter_uses_eligibility(find):
    child = names(find(age=10, text="childline"))
    older = names(find(age=70, text="childline"))
    assert "Childline" in child and "Childline" not in older
    assert "Age UK Westminster" not in names(find(age=30, text="age uk westminster"))
    assert "Age UK Westminster" in names(find(age=70, text="age uk westminster"))


def test_near_with_a_radius_keeps_what_is_within_it_nearest_first(find, db):
    place = resolve_place(db, "W12 0HS")
    near = find(near=place, radius_km=1.0, route="pharmacy")
    assert 0 < near.total < find(route="pharmacy").total
    placed = [h for h in near.hits if h.distance_km is not None]
    distances = [h.distance_km for h in placed]
    assert distances == sorted(distances) and max(distances) <= 1.0
    assert all(any("km from W12 0HS" in w for w in h.why) for h in placed)
    unplaced = near.hits[len(placed) :]
    assert all(h.distance_km is None and h.service.serves(place.borough) for h in unplaced)


def test_near_keeps_helplines_and_services_for_the_borough_without_a_map_position(find, db):
    place = resolve_place(db, "HA0 4UJ")
    result = find(text="debt advice", near=place, radius_km=2.0)
    assert result.hits
    for h in result.hits:
        assert h.distance_km is not None or h.service.serves("Brent")


def test_open_now_and_open_at(find):
    open_now = find(route="gp", open_at=WEDNESDAY_2PM)
    assert open_now.total == find(route="gp").total > 300  # core hours on a Wednesday afternoon
    assert all(h.state.open for h in open_now.hits)
    assert find(route="gp", open_at=SUNDAY_NOON).total == 0
    late = find(route="pharmacy", open_at=dt.datetime(2026, 11, 25, 20, 0, tzinfo=LONDON))
    assert late.total < find(route="pharmacy").total


def test_filters_combine(find, db):
    result = find(text="food", borough="Brent", open_at=None)
    assert result.hits and all(h.service.serves("Brent") for h in result.hits)
    assert "Brent Foodbank" in names(result)


def test_index_is_prepared_not_a_table_scan_per_search(app, db, find):
    find(text="warm up")
    statements = []
    engine = db.get_bind()

    def count(conn, cursor, statement, *args):
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        find(text="carers support", need="carers")
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert len(statements) == 1  # only the cheap "has the directory changed?" aggregate
    assert "count" in statements[0].lower()


def test_index_is_rebuilt_when_the_directory_changes(find, db):
    service = db.scalar(select(Service).where(Service.name == "Harrow Foodbank"))
    original = service.name
    assert not find(text="zebrafinch").hits
    try:
        service.name = "Harrow Foodbank Zebrafinch Pantry"
        service.version += 1
        db.commit()
        assert names(find(text="zebrafinch"))[:1] == ["Harrow Foodbank Zebrafinch Pantry"]
    finally:
        service.name = original
        service.version += 1
        db.commit()
    assert not find(text="zebrafinch").hits


def test_search_page_shows_results_with_distance_state_verified_and_why(client, login):
    login("prescriber")
    response = client.get("/staff/search?q=pharmacy&near=W12+0HS&radius_km=1&open=now")
    html = response.data.decode()
    assert response.status_code == 200
    assert "km</strong>" in html and re.search(r"Open until \d\d:\d\d", html)
    assert "Last verified:" in html and "Why:" in html
    # Pharmacies near W12 0HS have NHSBSA hours now; GP practices still run on the documented default.
    gps = client.get("/staff/search?q=surgery&near=W12+0HS&radius_km=1&open=now").data.decode()
    assert "usual hours, not confirmed: call to check" in gps


def test_search_page_says_when_a_place_is_unknown(client, login):
    login("prescriber")
    html = client.get("/staff/search?q=food&near=ZZ9+9ZZ").data.decode()
    assert "We could not find" in html and "ZZ9 9ZZ" in html


def test_service_page_has_the_week_with_bank_holidays_and_closures(app, client, login, monkeypatch, db):
    monkeypatch.setitem(app.config, "NOW", dt.datetime(2026, 12, 24, 10, 0, tzinfo=LONDON))
    login("call_handler")
    gp = db.scalar(select(Service).where(Service.route == "gp").limit(1))
    html = client.get(f"/staff/services/{gp.id}").data.decode()
    assert "Hours this week" in html
    assert "Fri 25 Dec" in html and "bank holiday" in html and "Closed (bank holiday)" in html
    assert "08:00–18:30" in html
    assert "usual hours, not confirmed: call to check" in html
    assert "Last verified" in html and "Eligibility" in html and "Accessibility" in html
    assert client.get("/staff/services/99999999").status_code == 404


def test_service_page_shows_a_dated_closure(app, client, login, monkeypatch):
    from navigator import db as database
    from navigator.directory.models import HolidaySchedule

    monkeypatch.setitem(app.config, "NOW", dt.datetime(2026, 12, 1, 10, 0, tzinfo=LONDON))
    login("prescriber")
    with app.app_context():
        session = database.session()
        pharmacy_id = session.scalar(select(Service.id).where(Service.route == "pharmacy").order_by(Service.id).limit(1))
        closure = HolidaySchedule(
            service_id=pharmacy_id, starts_on=dt.date(2026, 12, 3), ends_on=dt.date(2026, 12, 3), closed=True, reason="Refit"
        )
        session.add(closure)
        session.commit()
        closure_id = closure.id
    try:
        html = client.get(f"/staff/services/{pharmacy_id}").data.decode()
        assert "Closed: Refit" in html
        assert "Closures and special hours" in html and "3 Dec 2026" in html
        assert "Tue 1 Dec (today)" in html
    finally:
        with app.app_context():
            session = database.session()
            session.delete(session.get(HolidaySchedule, closure_id))
            session.commit()


def test_service_page_names_the_hours_source_and_its_date(client, login, db):
    """Issue 13: staff see where sourced hours come from and how old the source is."""
    login("call_handler")
    dated = db.scalar(select(Service).where(Service.hours_source == "source", Service.hours_source_date.like("20%"),
                                            Service.route == "utc").order_by(Service.hours_source_date).limit(1))
    assert dated is not None
    html = client.get(f"/staff/services/{dated.id}").data.decode()
    assert f"dated {dated.hours_source_date}" in html
