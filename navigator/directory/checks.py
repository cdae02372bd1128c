"""Checking an edit to a service before it is saved: every field tidied, every problem named.

A service's editable state is a plain dict of every field an editor can change (hours as
"HH:MM-HH:MM" spans, exceptions as dicts, child rows as lists; see `audit.editable_values`).
An edit is a partial dict; `check_changes` returns the whole state after it, or raises
`EditError` listing every field that is wrong, so an editor sees all problems at once.
"""
from __future__ import annotations

import datetime as dt
import re
from typing import Iterable, Optional

from sqlalchemy.orm import Session

from ..text import clean_text as text_clean, http_url
from .hours import minutes_text, parse_hhmm
from .models import BANK_HOLIDAY_POLICIES, HOURS_SOURCES, NWL_BOROUGHS, ROUTES, STATUSES, Postcode
from .postcodes import normalise_postcode
from .sources import WEEKDAYS

FIELDS = (
    "name", "organisation", "description", "route", "category", "status", "status_note", "url", "contacts",
    "address", "postcode", "borough", "lat", "lon", "accessibility", "always_open", "weekly", "hours_source",
    "hours_note", "bank_holidays", "exceptions", "age_min", "age_max", "eligibility_note", "needs", "areas",
    "coverage", "languages", "source_url", "source_note", "last_verified",
)
LABELS = {
    "name": "Name", "organisation": "Organisation", "description": "Description", "route": "Route",
    "category": "Category", "status": "Status", "status_note": "Status note (shown to residents)", "url": "Website",
    "contacts": "Contacts", "address": "Address", "postcode": "Postcode", "borough": "Borough", "lat": "Latitude",
    "lon": "Longitude", "accessibility": "Accessibility", "always_open": "Open 24/7", "weekly": "Weekly hours",
    "hours_source": "Hours source", "hours_note": "Hours note", "bank_holidays": "Bank holidays",
    "exceptions": "Closures and special hours", "age_min": "Minimum age", "age_max": "Maximum age",
    "eligibility_note": "Who it is for", "needs": "Needs met", "areas": "Boroughs served", "coverage": "Coverage",
    "languages": "Languages", "source_url": "Source page", "source_note": "Source note", "last_verified": "Last verified",
}
CONTACT_KINDS = ("phone", "sms", "textphone", "website", "email")
LANGUAGE_KINDS = ("spoken", "interpreter", "bsl")
COVERAGES = ("borough", "nwl", "london", "england", "national")
NOTE_MAX = 1000
_NEED_ID = re.compile(r"^[a-z][a-z0-9_]{0,47}$")
_LIMITS = {"name": 255, "organisation": 255, "category": 48, "url": 500, "source_url": 1000, "coverage": 16}


class EditError(ValueError):
    """An edit was refused: `errors` maps each field to what is wrong with it."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(f"{LABELS.get(k, k)}: {v}" for k, v in errors.items()))
        self.errors = errors


def hhmm(minutes: Optional[int]) -> Optional[str]:
    """Minutes after midnight as "HH:MM" (None stays None)."""
    return minutes_text(minutes) if minutes is not None else None


def sorted_exceptions(items: Iterable[dict]) -> list[dict]:
    """Closures and special hours in one canonical order, so equal lists compare equal."""
    return sorted(items, key=lambda e: (e["starts_on"], e["ends_on"], not e["closed"], e["opens"] or "", e["closes"] or "", e["reason"] or ""))


def clean_text(value, limit: int = 4000) -> Optional[str]:
    """A field's text without control or bidi characters (navigator.text.clean_text), at most `limit` long."""
    return text_clean(value, limit, multiline=True)


def parse_span(text: str) -> tuple[int, int]:
    opens, sep, closes = text.replace("–", "-").partition("-")
    if not sep:
        raise ValueError(f"“{text}” is not a span like 08:00-18:30")
    try:
        start, end = parse_hhmm(opens), parse_hhmm(closes)
    except ValueError:
        raise ValueError(f"“{text}” is not a span like 08:00-18:30 (24-hour clock, HH:MM)") from None
    if start == end or start >= 1440:
        raise ValueError(f"“{text}”: opening and closing times must differ (use 00:00-24:00 for all day)")
    return start, end


def _check_weekly(value, errors: dict) -> dict[str, list[str]]:
    if not isinstance(value, dict):
        errors["weekly"] = "weekly hours must map days to spans"
        return {}
    weekly = {}
    for day in WEEKDAYS:
        spans = value.get(day) or []
        if isinstance(spans, str):
            spans = [s for s in re.split(r"[,;]", spans) if s.strip()]
        out = []
        for span in spans:
            try:
                start, end = parse_span(str(span).strip())
            except ValueError as exc:
                errors["weekly"] = f"{day.title()}: {exc}"
                continue
            out.append((start, end))
        if out:
            weekly[day] = [f"{minutes_text(s)}-{minutes_text(e)}" for s, e in sorted(out)]
    unknown = set(value) - set(WEEKDAYS)
    if unknown:
        errors["weekly"] = f"unknown day {sorted(unknown)[0]!r}"
    return weekly


def parse_date(value) -> dt.date:
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value).strip())


def _check_exceptions(value, errors: dict) -> list[dict]:
    out = []
    for i, item in enumerate(value or [], 1):
        try:
            starts = parse_date(item["starts_on"])
            ends = parse_date(item.get("ends_on") or item["starts_on"])
        except (KeyError, TypeError, ValueError):
            errors["exceptions"] = f"closure {i}: give the first day as a date"
            continue
        if ends < starts:
            errors["exceptions"] = f"closure {i}: the last day is before the first"
            continue
        closed = bool(item.get("closed", True))
        opens = closes = None
        if not closed:
            try:
                opens, closes = parse_span(f"{item.get('opens') or ''}-{item.get('closes') or ''}")
            except ValueError:
                errors["exceptions"] = f"closure {i}: special hours need an opening and a closing time (HH:MM)"
                continue
        out.append({"starts_on": starts.isoformat(), "ends_on": ends.isoformat(), "closed": closed,
                    "opens": hhmm(opens), "closes": hhmm(closes), "reason": clean_text(item.get("reason"), 500)})
    return sorted_exceptions(out)


def _check_contacts(value, errors: dict) -> list[dict]:
    out = []
    for item in value or []:
        kind, text = item.get("kind"), clean_text(item.get("value"), 500)
        if not text:
            continue
        if kind not in CONTACT_KINDS:
            errors["contacts"] = f"contact kind must be one of {', '.join(CONTACT_KINDS)}"
            continue
        if kind == "website" and http_url(text) is None:
            errors["contacts"] = f"“{text}” is not a web address starting http:// or https://"
        if kind == "email" and not re.match(r"^[^@\s]+@[^@\s]+\.[^@\s]+$", text):
            errors["contacts"] = f"“{text}” is not an email address"
        if kind in ("phone", "sms", "textphone") and not re.fullmatch(r"[0-9 +()]{3,30}", text):
            errors["contacts"] = f"“{text}” is not a phone number (digits and spaces only)"
        out.append({"kind": kind, "value": text, "note": clean_text(item.get("note"), 500)})
    return out


def _check_languages(value, errors: dict) -> list[dict]:
    out = []
    for item in value or []:
        code, kind = clean_text(item.get("code"), 16), item.get("kind") or "spoken"
        if not code and kind == "spoken":
            continue
        if kind not in LANGUAGE_KINDS:
            errors["languages"] = f"language kind must be one of {', '.join(LANGUAGE_KINDS)}"
            continue
        if code and not re.fullmatch(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*", code):
            errors["languages"] = f"“{code}” is not a language code like pl, ar or pa-Arab"
            continue
        out.append({"code": code, "kind": kind, "note": clean_text(item.get("note"), 500)})
    return out


def _age(value, field: str, errors: dict) -> Optional[int]:
    if value in (None, ""):
        return None
    try:
        age = int(value)
    except (TypeError, ValueError):
        errors[field] = "an age is a whole number of years"
        return None
    if not 0 <= age <= 120:
        errors[field] = "an age is between 0 and 120"
    return age


def check_changes(db: Session, before: dict, changes: dict, *, geocode: bool = True, today: Optional[dt.date] = None) -> dict:
    """The editable values after applying `changes` to `before`, tidied; raises EditError listing every problem."""
    unknown = set(changes) - set(FIELDS)
    if unknown:
        raise EditError({sorted(unknown)[0]: "not an editable field"})
    after = dict(before)
    errors: dict[str, str] = {}
    for key, value in changes.items():
        if key in ("description", "status_note", "hours_note", "eligibility_note", "accessibility", "source_note", "address", "borough"):
            after[key] = clean_text(value)
        elif key in _LIMITS:
            after[key] = clean_text(value, 10_000)
            if after[key] and len(after[key]) > _LIMITS[key]:
                errors[key] = f"at most {_LIMITS[key]} characters"
        elif key == "contacts":
            after[key] = _check_contacts(value, errors)
        elif key == "weekly":
            after[key] = _check_weekly(value, errors)
        elif key == "exceptions":
            after[key] = _check_exceptions(value, errors)
        elif key == "languages":
            after[key] = _check_languages(value, errors)
        elif key in ("age_min", "age_max"):
            after[key] = _age(value, key, errors)
        elif key in ("needs", "areas"):
            after[key] = sorted({str(v).strip() for v in value or [] if str(v).strip()})
        elif key == "always_open":
            after[key] = bool(value)
        elif key in ("lat", "lon"):
            after[key] = float(value) if value not in (None, "") else None
        elif key == "postcode":
            after[key] = (normalise_postcode(value) or clean_text(value, 10).upper()) if clean_text(value) else None
        elif key == "last_verified":
            try:
                after[key] = parse_date(value).isoformat() if value else None
            except ValueError:
                errors[key] = "give a date"
        else:
            after[key] = value
    if not after.get("name"):
        errors["name"] = "a service needs a name"
    if not after.get("category"):
        errors["category"] = "a service needs a category"
    for key, allowed in (("route", ROUTES), ("status", STATUSES), ("hours_source", HOURS_SOURCES), ("bank_holidays", BANK_HOLIDAY_POLICIES)):
        if after.get(key) not in allowed:
            errors[key] = f"must be one of {', '.join(allowed)}"
    for key in ("url", "source_url"):
        if after.get(key) and http_url(after[key]) is None:
            errors[key] = "a web address starts with http:// or https:// and names a site"
    if after.get("age_min") is not None and after.get("age_max") is not None and after["age_min"] > after["age_max"]:
        errors["age_max"] = "the maximum age is below the minimum age"
    bad_needs = [n for n in after.get("needs") or [] if not _NEED_ID.match(n)]
    if bad_needs:
        errors["needs"] = f"“{bad_needs[0]}” is not a need id"
    bad_areas = [a for a in after.get("areas") or [] if a not in NWL_BOROUGHS]
    if bad_areas:
        errors["areas"] = f"“{bad_areas[0]}” is not a North West London borough"
    if after.get("last_verified") and today and after["last_verified"] > today.isoformat():
        errors["last_verified"] = "cannot be in the future"
    if geocode and "postcode" in changes:
        _geocode(db, before, after, changes, errors)
    if after.get("status") == "active" and before.get("status") != "active" and "status_note" not in changes:
        after["status_note"] = None  # a reopened service should not keep telling residents it is closed
    if errors:
        raise EditError(errors)
    return after


def _geocode(db: Session, before: dict, after: dict, changes: dict, errors: dict) -> None:
    raw = (changes.get("postcode") or "").strip()
    if not raw:
        after["postcode"], after["lat"], after["lon"], after["borough"] = None, None, None, None
        return
    postcode = normalise_postcode(raw)
    if postcode is None:
        errors["postcode"] = f"“{raw}” is not a full UK postcode, like W12 0HS"
        return
    after["postcode"] = postcode
    if postcode == before.get("postcode") and before.get("lat") is not None:
        return
    row = db.get(Postcode, postcode)
    if row is None:
        errors["postcode"] = (
            f"We could not find {postcode} in the postcode data (Greater London only): check it with the service"
        )
        after["postcode"] = before.get("postcode")
        return
    after["lat"], after["lon"], after["borough"] = row.lat, row.lon, row.borough

