"""Words staff read about opening hours: "closes in 45 min", "opens 08:00 tomorrow", the week ahead."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Optional

from ..directory.hours import OpenState, exception_for, hours_confirmed, is_bank_holiday, minutes_text, to_london
from .pages import lazy_gettext as _l

SOON_MINUTES = 120
UNCONFIRMED = "usual hours, not confirmed: call to check"  # in the API's JSON: always English
UNCONFIRMED_LABEL = _l("usual hours, not confirmed: call to check")  # the same words on staff pages, translatable


def _day_word(when: dt.datetime, at: dt.datetime) -> str:
    days = (when.date() - at.date()).days
    if days == 0:
        return ""
    if days == 1:
        return " tomorrow"
    return " " + when.strftime("%a %-d %b")


def clock_text(when: dt.datetime, at: dt.datetime) -> str:
    """'18:30', 'midnight', '08:00 tomorrow', '09:00 Fri 27 Nov'."""
    if when.hour == 0 and when.minute == 0 and (when.date() - at.date()).days == 1:
        return "midnight"
    return when.strftime("%H:%M") + _day_word(when, at)


def minutes_until(when: Optional[dt.datetime], at: dt.datetime) -> Optional[int]:
    """Whole minutes from `at` to `when` (None when there is no `when`)."""
    if when is None:
        return None
    return max(0, int((when - at).total_seconds() // 60))


def duration_text(minutes: int) -> str:
    """45 → '45 min'; 90 → '1 h 30 min'."""
    hours, mins = divmod(minutes, 60)
    if not hours:
        return f"{mins} min"
    return f"{hours} h {mins} min" if mins else f"{hours} h"


def state_text(state: OpenState, at: dt.datetime) -> str:
    """One line for staff: 'Open · closes in 45 min (22:00)', 'Closed · opens 08:00 tomorrow', 'call to check'."""
    at = to_london(at)
    if not state.known:
        return "Hours not known: call to check"
    if state.open:
        if state.always_open:
            return "Open 24 hours"
        if state.closes_at is None:
            return "Open"
        left = minutes_until(state.closes_at, at)
        closes = clock_text(state.closes_at, at)
        if left is not None and left <= SOON_MINUTES:
            return f"Open · closes in {duration_text(left)} ({closes})"
        return f"Open until {closes}"
    text = "Closed"
    if state.reason:
        text += f" ({state.reason})"
    if state.opens_at is not None:
        text += f" · opens {clock_text(state.opens_at, at)}"
    return text


def state_class(state: OpenState, at: dt.datetime) -> str:
    """A CSS class for the state: open, closing (within 2 hours), closed or unknown."""
    if not state.known:
        return "unknown"
    if not state.open:
        return "closed"
    left = minutes_until(state.closes_at, to_london(at))
    return "closing" if left is not None and left <= SOON_MINUTES and not state.always_open else "open"


@dataclass(frozen=True)
class DayHours:
    """One day of the coming week as staff see it."""

    date: dt.date
    text: str
    bank_holiday: bool
    exception: bool


def week_hours(service, today: dt.date, days: int = 7) -> list[DayHours]:
    """The coming week day by day, with closures, special hours and bank holidays applied."""
    week = []
    for offset in range(days):
        day = today + dt.timedelta(days=offset)
        bank = is_bank_holiday(day)
        exc = exception_for(service, day)
        if service.status == "closed":
            text = "Closed permanently"
        elif service.status == "temporarily_closed":
            text = "Temporarily closed"
        elif exc is not None:
            if exc.closed or exc.opens is None or exc.closes is None:
                text = "Closed" + (f": {exc.reason}" if exc.reason else "")
            else:
                text = f"{minutes_text(exc.opens)}–{minutes_text(exc.closes)} (special hours" + (
                    f": {exc.reason})" if exc.reason else ")"
                )
        elif not hours_confirmed(service):
            text = "Not confirmed" + (f" (source dated {service.hours_source_date})" if service.hours_source_date else "") + ": call to check"
        elif service.always_open:
            text = "Open 24 hours"
        elif service.hours_source == "unknown" or not service.regular_schedules:
            text = "Not known: call to check"
        elif bank and service.bank_holidays == "closed":
            text = "Closed (bank holiday)"
        elif bank and service.bank_holidays != "as_usual":
            text = "Bank holiday: hours not known, call to check"
        else:
            spans = [r for r in service.regular_schedules if r.weekday == day.weekday()]
            text = ", ".join(f"{minutes_text(r.opens)}–{minutes_text(r.closes)}" for r in spans) or "Closed"
        week.append(DayHours(day, text, bank, exc is not None))
    return week
