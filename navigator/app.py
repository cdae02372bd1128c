"""The Flask application factory."""
from __future__ import annotations

import logging

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from . import config, db, errors, extensions, outage, security_headers

log = logging.getLogger(__name__)


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
