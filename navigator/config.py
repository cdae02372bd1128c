"""Configuration: safe defaults, then environment variables (see the API contract)."""
from __future__ import annotations

import os
import secrets
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = REPO_ROOT / "directory_data"
INSTANCE_DIR = REPO_ROOT / "instance"


def _default_database_url() -> str:
    return f"sqlite:///{INSTANCE_DIR / 'navigator.db'}"


def _bool(value: str | None, default: bool = False) -> bool:
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def from_environment(env: dict[str, str] | None = None) -> dict:
    """Build the Flask config mapping from the environment."""
    env = dict(os.environ if env is None else env)
    secret = env.get("SECRET_KEY")
    return {
        # Without SECRET_KEY a random key is used: safe, but sessions end at restart and
        # several gunicorn hosts would not share them. Production sets SECRET_KEY.
        "SECRET_KEY": secret or secrets.token_hex(32),
        "SECRET_KEY_IS_RANDOM": secret is None,
        "DATABASE_URL": env.get("DATABASE_URL") or _default_database_url(),
        "REDIS_URL": env.get("REDIS_URL") or None,
        "TWILIO_AUTH_TOKEN": env.get("TWILIO_AUTH_TOKEN") or None,
        "TWILIO_ACCOUNT_SID": env.get("TWILIO_ACCOUNT_SID") or None,
        "TWILIO_FROM_NUMBER": env.get("TWILIO_FROM_NUMBER") or None,
        "PUBLIC_BASE_URL": (env.get("PUBLIC_BASE_URL") or "http://127.0.0.1:8000").rstrip("/"),
        "PHONE_HASH_PEPPER": env.get("PHONE_HASH_PEPPER") or None,
        "SESSION_TTL_HOURS": int(env.get("SESSION_TTL_HOURS", "24")),
        "SESSION_COOKIE_SECURE": _bool(env.get("SESSION_COOKIE_SECURE"), False),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "DATA_DIR": Path(env.get("NAVIGATOR_DATA_DIR") or DATA_DIR),
        "BABEL_DEFAULT_LOCALE": "en",
        "BABEL_TRANSLATION_DIRECTORIES": str(REPO_ROOT / "translations"),
        "JSON_SORT_KEYS": False,
        "MAX_CONTENT_LENGTH": 64 * 1024,
    }
