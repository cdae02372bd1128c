"""Plain-object factories for the hours engine (no database needed)."""
from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

from navigator.directory.hours import parse_hhmm
from navigator.directory.sources import WEEKDAYS


def make_schedule(
    weekly: dict[str, list[str]] | None = None,
    *,
    always_open: bool = False,
    exceptions: list[dict] | None = None,
    bank_holidays: str = "as_usual",
    status: str = "active",
    hours_source: str = "source",
    status_note: str | None = None,
):
    """A Service-shaped object: weekly={'mon': ['08:00-18:30']}, exceptions=[{'starts_on':..., 'closed': True}]."""
    rows = []
    for day, spans in (weekly or {}).items():
        for span in spans:
            opens, _, closes = span.partition("-")
            rows.append(SimpleNamespace(weekday=WEEKDAYS.index(day), opens=parse_hhmm(opens), closes=parse_hhmm(closes)))
    holidays = [
        SimpleNamespace(
            starts_on=e["starts_on"],
            ends_on=e.get("ends_on", e["starts_on"]),
            closed=e.get("closed", True),
            opens=parse_hhmm(e["opens"]) if e.get("opens") else None,
            closes=parse_hhmm(e["closes"]) if e.get("closes") else None,
            reason=e.get("reason"),
        )
        for e in exceptions or []
    ]
    return SimpleNamespace(
        regular_schedules=rows,
        holiday_schedules=holidays,
        always_open=always_open,
        bank_holidays=bank_holidays,
        status=status,
        hours_source=hours_source,
        status_note=status_note,
    )


def london(year, month, day, hour=0, minute=0):
    """An aware Europe/London datetime."""
    from navigator.directory.hours import LONDON

    return dt.datetime(year, month, day, hour, minute, tzinfo=LONDON)
