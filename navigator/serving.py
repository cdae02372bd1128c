"""Checks made when gunicorn starts (called from gunicorn.conf.py): what would make several workers unsafe."""
from __future__ import annotations

from typing import Mapping

from .config import secret_key


def check_start(workers: int, env: Mapping[str, str]) -> tuple[list[str], list[str]]:
    """(errors that stop the start, loud warnings) for serving with `workers` processes."""
    errors: list[str] = []
    warnings: list[str] = []
    if workers > 1 and secret_key(env) is None:
        errors.append(
            f"SECRET_KEY is not set and {workers} workers were asked for. Set SECRET_KEY (the same on every host) "
            "or SECRET_KEY_FILE; a random key would end every staff session and open form at each restart "
            "and differ between hosts. One worker (-w 1) runs with a random key for development."
        )
    if workers > 1 and not env.get("REDIS_URL"):
        warnings.append(
            f"REDIS_URL is not set: rate limits (staff sign-in, problem reports) are counted in each of the "
            f"{workers} workers' memory, so an attacker gets {workers} times the attempts. Set REDIS_URL in production."
        )
    return errors, warnings
