"""Opening-hours engine: open now?, closes at, opens at — in Europe/London time.

Works on any object shaped like `Service` (status, always_open, hours_source, bank_holidays,
regular_schedules, holiday_schedules), so it is testable without a database.
Weekly rows give minutes since local midnight; `closes <= opens` spans midnight and
`closes == 1440` is midnight. Dated exceptions (closures, special hours) beat the weekly
rows; England bank holidays follow the service's `bank_holidays` policy.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Optional
from zoneinfo import ZoneInfo

import holidays

LONDON = ZoneInfo("Europe/London")
UTC = dt.timezone.utc
DAY_MINUTES = 24 * 60
SEARCH_DAYS = 14  # how far ahead "opens at" looks


@dataclass(frozen=True)
class OpenState:
    """What a resident needs to know about a service's hours at one moment."""

    known: bool  # False: hours unknown here, say "call to check"
    open: Optional[bool]  # None when not known
    closes_at: Optional[dt.datetime] = None  # local time; None if open without end in sight
    opens_at: Optional[dt.datetime] = None  # local time of next opening, if known
    reason: Optional[str] = None  # closure reason shown to residents
    always_open: bool = False


@lru_cache(maxsize=64)
def _bank_holidays(year: int) -> frozenset[dt.date]:
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year).keys())


def is_bank_holiday(day: dt.date) -> bool:
    """True on an England bank holiday."""
    return day in _bank_holidays(day.year)


def to_london(at: dt.datetime) -> dt.datetime:
    """An aware London datetime; a naive one is taken as London local time."""
    if at.tzinfo is None:
        return at.replace(tzinfo=LONDON)
    return at.astimezone(LONDON)


def _local(day: dt.date, minutes: int) -> dt.datetime:
    """Local wall time `minutes` after midnight of `day`, as an aware UTC datetime."""
    extra_days, minutes = divmod(minutes, DAY_MINUTES)
    when = dt.datetime.combine(day + dt.timedelta(days=extra_days), dt.time(minutes // 60, minutes % 60))
    return when.replace(tzinfo=LONDON).astimezone(UTC)


def exception_for(service, day: dt.date):
    """The dated exception covering `day` (a closure wins over special hours), or None."""
    found = None
    for exc in service.holiday_schedules:
        if exc.starts_on <= day <= exc.ends_on:
            # A closure wins over special hours when both cover the day.
            if exc.closed:
                return exc
            found = found or exc
    return found


def hours_confirmed(service) -> bool:
    """False when the hours' own source does not confirm them (stale, superseded): treat as unknown.

    Only source-given hours can be unconfirmed; an editor's entry is taken as confirmed.
    """
    return service.hours_source != "source" or getattr(service, "hours_confirmed", True) is not False


def hours_known(service) -> bool:
    """Whether the weekly hours are known at all (24/7, from a source, a default or an editor)."""
    if not hours_confirmed(service):
        return False
    if service.always_open:
        return True
    return service.hours_source != "unknown" and bool(service.regular_schedules)


def _day_spans(service, day: dt.date) -> Optional[list[tuple[dt.datetime, dt.datetime]]]:
    """Open spans (UTC) that START on local `day`; None when unknown for that day."""
    exc = exception_for(service, day)
    if exc is not None:
        if exc.closed or exc.opens is None or exc.closes is None:
            return []
        return [_span(day, exc.opens, exc.closes)]
    if not hours_known(service):
        return None
    if service.always_open:
        return [(_local(day, 0), _local(day, DAY_MINUTES))]
    if is_bank_holiday(day):
        if service.bank_holidays == "closed":
            return []
        if service.bank_holidays != "as_usual":
            return None
    return [_span(day, row.opens, row.closes) for row in service.regular_schedules if row.weekday == day.weekday()]


def _span(day: dt.date, opens: int, closes: int) -> tuple[dt.datetime, dt.datetime]:
    end = closes if closes > opens else closes + DAY_MINUTES
    return _local(day, opens), _local(day, end)


def _spans_between(service, first: dt.date, last: dt.date) -> Iterable[Optional[tuple[dt.datetime, dt.datetime]]]:
    day = first
    while day <= last:
        spans = _day_spans(service, day)
        if spans is None:
            yield None
        else:
            yield from sorted(spans)
        day += dt.timedelta(days=1)


def _closure_reason(service, day: dt.date) -> Optional[str]:
    exc = exception_for(service, day)
    if exc is not None and exc.closed:
        return exc.reason or None
    if service.status == "temporarily_closed":
        return getattr(service, "status_note", None)
    return None


def opening_state(service, at: dt.datetime) -> OpenState:
    """Is the service open at `at`, until when, or when does it next open."""
    local = to_london(at)
    now = local.astimezone(UTC)
    today = local.date()
    if service.status in ("closed", "temporarily_closed"):
        return OpenState(known=True, open=False, reason=_closure_reason(service, today))

    current_end: Optional[dt.datetime] = None
    unknown_now = False
    for span in _spans_between(service, today - dt.timedelta(days=1), today):
        if span is None:
            unknown_now = True
            continue
        start, end = span
        if start <= now < end:
            current_end = max(current_end or end, end)
    if current_end is not None:
        closes_at, endless = _extend(service, current_end, today)
        return OpenState(
            known=True,
            open=True,
            closes_at=None if endless else closes_at.astimezone(LONDON),
            always_open=endless,
        )
    if unknown_now and _day_spans(service, today) is None:
        return OpenState(known=False, open=None)
    opens_at = _next_opening(service, now, today)
    return OpenState(
        known=True,
        open=False,
        opens_at=opens_at.astimezone(LONDON) if opens_at else None,
        reason=_closure_reason(service, today),
    )


def _extend(service, end: dt.datetime, today: dt.date) -> tuple[dt.datetime, bool]:
    """Follow spans that start exactly when the previous one ends (24/7, midnight joins)."""
    for span in _spans_between(service, today, today + dt.timedelta(days=SEARCH_DAYS)):
        if span is None:
            return end, False
        start, stop = span
        if start > end:
            return end, False  # spans come in order: nothing later can join this one
        if end < stop:
            end = stop
    horizon = _local(today + dt.timedelta(days=SEARCH_DAYS), 0)
    return end, end >= horizon


def _next_opening(service, now: dt.datetime, today: dt.date) -> Optional[dt.datetime]:
    for span in _spans_between(service, today, today + dt.timedelta(days=SEARCH_DAYS)):
        if span is None:
            return None  # cannot promise an opening past a day whose hours are unknown
        start, _ = span
        if start > now:
            return start
    return None


def is_open(service, at: dt.datetime) -> Optional[bool]:
    """True/False, or None when the hours are not known."""
    return opening_state(service, at).open


def next_change(service, at: dt.datetime) -> Optional[dt.datetime]:
    """When the open/closed state next changes: closes at if open, else opens at (local time)."""
    state = opening_state(service, at)
    return state.closes_at if state.open else state.opens_at


def minutes_text(value: int) -> str:
    """Minutes since midnight as HH:MM (1440 → 24:00)."""
    return f"{value // 60:02d}:{value % 60:02d}"


def parse_hhmm(text: str) -> int:
    """'08:30' → 510; '24:00' → 1440. Raises ValueError on anything else."""
    hours, sep, minutes = text.strip().partition(":")
    if not sep or not hours.isdigit() or not minutes.isdigit() or len(minutes) != 2:
        raise ValueError(f"not a time HH:MM: {text!r}")
    value = int(hours) * 60 + int(minutes)
    if int(minutes) >= 60 or value > DAY_MINUTES:
        raise ValueError(f"not a time HH:MM: {text!r}")
    return value
