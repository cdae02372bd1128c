"""The opening-hours engine: examples, DST, bank holidays, closures, and properties."""
import datetime as dt

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from navigator.directory.hours import (
    LONDON,
    is_bank_holiday,
    is_open,
    next_change,
    opening_state,
    parse_hhmm,
)
from navigator.directory.sources import WEEKDAYS
from tests.factories import london, make_schedule

WEEKDAY_HOURS = {d: ["08:00-18:30"] for d in ("mon", "tue", "wed", "thu", "fri")}


def test_open_inside_weekly_hours_and_says_when_it_closes():
    gp = make_schedule(WEEKDAY_HOURS)
    state = opening_state(gp, london(2026, 11, 25, 10, 0))
    assert state.open is True
    assert state.closes_at == london(2026, 11, 25, 18, 30)


def test_closed_after_hours_says_when_it_opens_next():
    gp = make_schedule(WEEKDAY_HOURS)
    friday_evening = london(2026, 11, 27, 19, 0)
    assert is_open(gp, friday_evening) is False
    assert next_change(gp, friday_evening) == london(2026, 11, 30, 8, 0)  # Monday


def test_overnight_span_is_open_after_midnight():
    night = make_schedule({"sat": ["20:00-08:00"]})
    assert is_open(night, london(2026, 11, 28, 23, 0)) is True
    assert is_open(night, london(2026, 11, 29, 3, 0)) is True
    assert next_change(night, london(2026, 11, 29, 3, 0)) == london(2026, 11, 29, 8, 0)
    assert is_open(night, london(2026, 11, 29, 9, 0)) is False


def test_midnight_end_joins_next_days_span():
    utc = make_schedule({d: ["08:00-24:00"] for d in WEEKDAYS})
    assert next_change(utc, london(2026, 11, 25, 23, 30)) == london(2026, 11, 26, 0, 0)
    joined = make_schedule({"mon": ["18:00-24:00"], "tue": ["00:00-02:00"]})
    assert next_change(joined, london(2026, 11, 30, 20, 0)) == london(2026, 12, 1, 2, 0)


def test_always_open_never_closes():
    line = make_schedule(always_open=True)
    state = opening_state(line, london(2026, 12, 25, 3, 0))
    assert state.open and state.always_open and state.closes_at is None


def test_bank_holiday_closed_policy():
    gp = make_schedule(WEEKDAY_HOURS, bank_holidays="closed")
    boxing_day_monday = london(2026, 12, 28, 10, 0)  # substitute day for Boxing Day 2026
    assert is_bank_holiday(boxing_day_monday.date())
    assert is_open(gp, boxing_day_monday) is False
    assert next_change(gp, boxing_day_monday) == london(2026, 12, 29, 8, 0)


def test_bank_holiday_unknown_policy_is_unknown_not_closed():
    pharmacy = make_schedule(WEEKDAY_HOURS, bank_holidays="unknown")
    state = opening_state(pharmacy, london(2026, 12, 28, 10, 0))
    assert state.known is False and state.open is None


def test_temporary_closure_with_reason():
    pharmacy = make_schedule(
        WEEKDAY_HOURS,
        exceptions=[{"starts_on": dt.date(2026, 11, 25), "ends_on": dt.date(2026, 11, 26), "reason": "Flooding"}],
    )
    state = opening_state(pharmacy, london(2026, 11, 25, 10, 0))
    assert state.open is False and state.reason == "Flooding"
    assert state.opens_at == london(2026, 11, 27, 8, 0)


def test_special_hours_exception():
    gp = make_schedule(
        WEEKDAY_HOURS,
        exceptions=[{"starts_on": dt.date(2026, 12, 24), "closed": False, "opens": "09:00", "closes": "13:00"}],
    )
    assert is_open(gp, london(2026, 12, 24, 12, 0)) is True
    assert is_open(gp, london(2026, 12, 24, 14, 0)) is False


def test_closed_and_temporarily_closed_status_never_open():
    assert is_open(make_schedule(always_open=True, status="closed"), london(2026, 11, 25, 12)) is False
    temp = make_schedule(always_open=True, status="temporarily_closed", status_note="Closed since 2020")
    state = opening_state(temp, london(2026, 11, 25, 12))
    assert state.open is False and state.reason == "Closed since 2020" and state.opens_at is None


def test_unknown_hours():
    state = opening_state(make_schedule(hours_source="unknown"), london(2026, 11, 25, 12))
    assert state.known is False and state.open is None


def test_dst_spring_forward_day_span_lengths():
    # 29 March 2026: clocks go forward at 01:00 GMT. A 00:00-06:00 span lasts 5 real hours.
    shop = make_schedule({"sun": ["00:00-06:00"]})
    start = london(2026, 3, 29, 0, 30)
    closes = next_change(shop, start)
    assert closes == dt.datetime(2026, 3, 29, 6, 0, tzinfo=LONDON)
    assert (closes.astimezone(dt.timezone.utc) - start.astimezone(dt.timezone.utc)) == dt.timedelta(hours=4, minutes=30)


def test_dst_autumn_back_overnight():
    # 25 October 2026: clocks go back at 02:00 BST. Open 22:00 Sat to 06:00 Sun.
    night = make_schedule({"sat": ["22:00-06:00"]})
    assert is_open(night, dt.datetime(2026, 10, 25, 1, 30, fold=1, tzinfo=LONDON)) is True
    assert next_change(night, london(2026, 10, 24, 23, 0)) == london(2026, 10, 25, 6, 0)


def test_naive_datetimes_are_london_time():
    gp = make_schedule(WEEKDAY_HOURS)
    assert is_open(gp, dt.datetime(2026, 7, 1, 8, 15)) is True  # BST


@pytest.mark.parametrize("bad", ["8:00", "25:00", "08:60", "0800", "", "ab:cd"])
def test_parse_hhmm_rejects_bad_times(bad):
    if bad == "8:00":
        assert parse_hhmm(bad) == 480  # one-digit hours are fine
        return
    with pytest.raises(ValueError):
        parse_hhmm(bad)


# --- properties -------------------------------------------------------------------------

minutes = st.integers(min_value=0, max_value=24 * 4 - 1).map(lambda q: q * 15)
span = st.tuples(minutes, minutes).filter(lambda s: s[0] != s[1])
weekly = st.dictionaries(st.sampled_from(WEEKDAYS), st.lists(span, min_size=1, max_size=2), min_size=1)
moments = st.datetimes(
    min_value=dt.datetime(2025, 1, 1), max_value=dt.datetime(2028, 12, 31), timezones=st.just(LONDON)
)


def _fmt(m):
    return f"{m // 60:02d}:{m % 60:02d}"


def _schedule(spans, bank_holidays="as_usual"):
    return make_schedule(
        {day: [f"{_fmt(o)}-{_fmt(c)}" for o, c in rows] for day, rows in spans.items()}, bank_holidays=bank_holidays
    )


@settings(max_examples=300, deadline=None)
@given(weekly, moments, st.sampled_from(["as_usual", "closed"]))
def test_next_change_is_a_real_change(spans, at, bank_holidays):
    service = _schedule(spans, bank_holidays)
    state = opening_state(service, at)
    assert state.known
    change = state.closes_at if state.open else state.opens_at
    if change is None:
        return
    assert change > at
    minute = dt.timedelta(minutes=1)
    utc = dt.timezone.utc
    before = (change.astimezone(utc) - minute).astimezone(LONDON)
    assume(before > at)
    assert is_open(service, before) is state.open
    assert is_open(service, change) is (not state.open)


@settings(max_examples=200, deadline=None)
@given(weekly, moments)
def test_inside_a_declared_span_means_open(spans, at):
    service = _schedule(spans)
    local = at.astimezone(LONDON)
    assume(not is_bank_holiday(local.date()))
    minute_of_day = local.hour * 60 + local.minute
    for opens, closes in spans.get(WEEKDAYS[local.weekday()], []):
        if opens < closes and opens <= minute_of_day < closes and local.fold == 0:
            assert is_open(service, at) is True


@settings(max_examples=150, deadline=None)
@given(weekly, moments)
def test_closure_covering_the_day_wins(spans, at):
    day = at.astimezone(LONDON).date()
    service = make_schedule(
        {d: [f"{_fmt(o)}-{_fmt(c)}" for o, c in rows] for d, rows in spans.items() if True},
        exceptions=[{"starts_on": day - dt.timedelta(days=1), "ends_on": day, "reason": "closed"}],
    )
    assert is_open(service, at) is False


@settings(max_examples=100, deadline=None)
@given(moments)
def test_always_open_is_open_at_any_moment(at):
    assert is_open(make_schedule(always_open=True), at) is True
