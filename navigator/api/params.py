"""Query-string and JSON body parsing that turns bad input into contract errors, never a 500."""
from __future__ import annotations

import datetime as dt
import json
from typing import Optional

from ..directory.hours import LONDON
from ..errors import ApiError


def int_param(args, name: str, default: int, lo: int, hi: int) -> int:
    """An integer query parameter within [lo, hi]."""
    raw = args.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ApiError("invalid_parameter", f"{name} must be a whole number") from None
    if not lo <= value <= hi:
        raise ApiError("invalid_parameter", f"{name} must be between {lo} and {hi}")
    return value


def float_param(args, name: str, lo: float, hi: float) -> Optional[float]:
    """An optional number within [lo, hi]."""
    raw = args.get(name)
    if raw is None or raw == "":
        return None
    try:
        value = float(raw)
    except ValueError:
        raise ApiError("invalid_parameter", f"{name} must be a number") from None
    if not lo <= value <= hi:
        raise ApiError("invalid_parameter", f"{name} must be between {lo:g} and {hi:g}")
    return value


def bool_param(args, name: str) -> bool:
    """`1`/`true`/`yes` → True; `0`/`false`/`no`/absent → False; anything else is an error."""
    raw = (args.get(name) or "").strip().lower()
    if raw in ("", "0", "false", "no"):
        return False
    if raw in ("1", "true", "yes"):
        return True
    raise ApiError("invalid_parameter", f"{name} must be 1 or 0")


def choice_param(args, name: str, choices) -> Optional[str]:
    """An optional value from a fixed set."""
    raw = args.get(name)
    if raw is None or raw == "":
        return None
    if raw not in choices:
        raise ApiError("invalid_parameter", f"{name} must be one of: {', '.join(sorted(choices))}")
    return raw


def parse_at(raw: Optional[str], now: dt.datetime) -> Optional[dt.datetime]:
    """ISO 8601 date-time or time ('2026-12-25T10:00', '14:30'); London time unless an offset is given."""
    if raw is None or raw.strip() == "":
        return None
    text = raw.strip().replace(" ", "T", 1) if len(raw.strip()) > 8 else raw.strip()
    try:
        if "T" in text or len(text) == 10:
            value = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
        else:
            value = dt.datetime.combine(now.astimezone(LONDON).date(), dt.time.fromisoformat(text))
    except ValueError:
        raise ApiError("invalid_parameter", "at must be an ISO 8601 time, e.g. 2026-12-25T10:00 or 14:30") from None
    return value.replace(tzinfo=LONDON) if value.tzinfo is None else value.astimezone(LONDON)


def json_body(request) -> dict:
    """The request's JSON object, or a 400 in the contract's shape."""
    data = None
    if request.is_json:
        try:
            data = json.loads(request.get_data(cache=True))
        except (ValueError, RecursionError):  # bad UTF-8 or JSON; nesting deeper than Python's stack
            data = None
    if not isinstance(data, dict):
        raise ApiError("invalid_json", "The body must be a JSON object (Content-Type: application/json).")
    return data


def text_field(data: dict, name: str = "text", max_len: int = 1600) -> str:
    """A required text field of 1..max_len characters."""
    value = data.get(name)
    if not isinstance(value, str) or not value.strip():
        raise ApiError("invalid_text", f"{name} must be a non-empty string")
    if len(value) > max_len:
        raise ApiError("text_too_long", f"{name} must be at most {max_len} characters")
    return value
