"""Flask extensions, created unbound and attached in create_app()."""
from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_wtf.csrf import CSRFProtect

babel = Babel()
csrf = CSRFProtect()
limiter = Limiter(key_func=get_remote_address, default_limits=[])


def init_app(app) -> None:
    """Attach the extensions; rate-limit state goes to Redis when REDIS_URL is set.

    Redis makes a limit one count across every worker and host (memory counts per worker; gunicorn.conf.py
    warns when several workers use it). If Redis stops answering, limits fall back to memory rather than fail.
    """
    redis_url = app.config.get("REDIS_URL")
    app.config.setdefault("RATELIMIT_STORAGE_URI", redis_url or "memory://")
    app.config.setdefault("RATELIMIT_KEY_PREFIX", "navigator-limits")
    app.config.setdefault("RATELIMIT_IN_MEMORY_FALLBACK_ENABLED", bool(redis_url))
    app.config.setdefault("RATELIMIT_HEADERS_ENABLED", True)
    csrf.init_app(app)
    limiter.init_app(app)
    from .i18n import select_locale

    babel.init_app(app, locale_selector=select_locale)
