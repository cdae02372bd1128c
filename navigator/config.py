"""Configuration: safe defaults, then environment variables (see the API contract)."""
from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Mapping

REPO_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = REPO_ROOT / "directory_data"
INSTANCE_DIR = REPO_ROOT / "instance"


def _default_database_url() -> str:
    return f"sqlite:///{INSTANCE_DIR / 'navigator.db'}"


def _bool(value: str | None, default: bool = False) -> bool:
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def secret_key(env: Mapping[str, str]) -> str | None:
    """SECRET_KEY, else the contents of the file SECRET_KEY_FILE (as `make run` writes), else None."""
    if env.get("SECRET_KEY"):
        return env["SECRET_KEY"]
    path = env.get("SECRET_KEY_FILE")
    if path:
        try:
            return Path(path).read_text(encoding="utf-8").strip() or None
        except OSError as exc:
            raise RuntimeError(f"SECRET_KEY_FILE {path} cannot be read: {exc}") from exc
    return None


def from_environment(env: dict[str, str] | None = None) -> dict:
    """Build the Flask config mapping from the environment."""
    env = dict(os.environ if env is None else env)
    secret = secret_key(env)
    public_base_url = (env.get("PUBLIC_BASE_URL") or "http://127.0.0.1:8000").rstrip("/")
    return {
        # Without a key a random one is used (a warning is logged): fine for one development
        # process, but sessions end at restart. gunicorn.conf.py refuses several workers without one.
        "SECRET_KEY": secret or secrets.token_hex(32),
        "SECRET_KEY_IS_RANDOM": secret is None,
        "DATABASE_URL": env.get("DATABASE_URL") or _default_database_url(),
        "REDIS_URL": env.get("REDIS_URL") or None,
        "TWILIO_AUTH_TOKEN": env.get("TWILIO_AUTH_TOKEN") or None,
        "TWILIO_ACCOUNT_SID": env.get("TWILIO_ACCOUNT_SID") or None,
        "TWILIO_FROM_NUMBER": env.get("TWILIO_FROM_NUMBER") or None,
        "PUBLIC_BASE_URL": public_base_url,
        "PHONE_HASH_PEPPER": env.get("PHONE_HASH_PEPPER") or None,
        "SESSION_TTL_HOURS": int(env.get("SESSION_TTL_HOURS", "24")),
        # Secure cookies whenever the public address is https (the variable can still force either way).
        "SESSION_COOKIE_SECURE": _bool(env.get("SESSION_COOKIE_SECURE"), public_base_url.startswith("https://")),
        # How many proxies in front set X-Forwarded-For/-Proto (0: none, trust nothing).
        "PROXY_HOPS": int(env.get("PROXY_HOPS", "0")),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "DATA_DIR": Path(env.get("NAVIGATOR_DATA_DIR") or DATA_DIR),
        "BABEL_DEFAULT_LOCALE": "en",
        "BABEL_TRANSLATION_DIRECTORIES": str(REPO_ROOT / "translations"),
        "JSON_SORT_KEYS": False,
        "MAX_CONTENT_LENGTH": 64 * 1024,
    }
