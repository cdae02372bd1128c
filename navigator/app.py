"""The Flask application factory."""
from __future__ import annotations

import logging

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.routing import IntegerConverter

from . import config, db, errors, extensions, outage, security_headers

log = logging.getLogger(__name__)


class DatabaseId(IntegerConverter):
    """`<int:...>` bounded to a signed 32-bit column (PostgreSQL INTEGER; SQLite refuses beyond 64 bits)."""

    def __init__(self, map, fixed_digits=0, min=None, max=2**31 - 1, signed=False):  # noqa: A002 (werkzeug's names)
        super().__init__(map, fixed_digits, min, max, signed)


def create_app(test_config: dict | None = None) -> Flask:
    """Application factory: config from the environment, then `test_config` on top."""
    app = Flask("navigator", instance_path=str(config.INSTANCE_DIR))
    app.config.from_mapping(config.from_environment())
    if test_config:
        app.config.update(test_config)
        if "SECRET_KEY" in test_config:
            app.config["SECRET_KEY_IS_RANDOM"] = False
    if app.config["SECRET_KEY_IS_RANDOM"]:
        log.warning("SECRET_KEY is not set: using a random key, so sessions end when this process stops "
                    "(fine for one development process; set SECRET_KEY in production)")
    hops = app.config["PROXY_HOPS"]
    if hops > 0:
        # Trust X-Forwarded-For/-Proto from exactly `hops` proxies: rate limits then count each client, not the proxy.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)
    app.json.sort_keys = False
    # Ids in URLs are database integers: a larger <int:...> is a 404, not an overflow inside the database (a 500).
    app.url_map.converters["int"] = DatabaseId
    # Templates link only to http(s) addresses: anything else (javascript:, data:) is shown as text.
    from .text import http_url

    app.jinja_env.filters["http_url"] = http_url
    if app.config["DATABASE_URL"].startswith("sqlite:///"):
        config.INSTANCE_DIR.mkdir(exist_ok=True)

    db.init_app(app)
    errors.init_app(app)
    outage.init_app(app)
    security_headers.init_app(app)
    extensions.init_app(app)
    # Compile the triage lexicons now: a bad lexicon file stops the app from starting (a loud,
    # failed deploy) instead of leaving every resident with the engine's fallback answer.
    from .triage.lexicon import get_index

    get_index()

    from .api import bp as api_bp

    # The JSON API is public and cookie-less: CSRF protects the HTML forms, not it.
    extensions.csrf.exempt(api_bp)
    app.register_blueprint(api_bp)

    from .web import bp as web_bp

    app.register_blueprint(web_bp)

    from .sms import bp as sms_bp

    # Twilio's webhook is authenticated by its signature, not by a CSRF token.
    extensions.csrf.exempt(sms_bp)
    app.register_blueprint(sms_bp)

    from .staff import bp as staff_bp

    app.register_blueprint(staff_bp)

    from .admin import bp as admin_bp

    app.register_blueprint(admin_bp)

    from . import cli

    cli.init_app(app)
    return app
