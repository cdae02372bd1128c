"""The current time in London; tests may pin it with the NOW config value."""
from __future__ import annotations

import datetime as dt

from flask import current_app, has_app_context

from .directory.hours import LONDON


def now() -> dt.datetime:
    """Aware London time (or the app's pinned NOW, for tests and demos)."""
    if has_app_context():
        pinned = current_app.config.get("NOW")
        if pinned is not None:
            return pinned.astimezone(LONDON)
    return dt.datetime.now(LONDON)
