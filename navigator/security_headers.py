"""Security headers on every response, set in this one place.

The pages use no inline script or style (every script and stylesheet is a file under /static), so
the Content-Security-Policy can be strict. Pages that show a resident's words or staff data are
`no-store`, so a shared computer's cache or back button does not keep them.
"""
from __future__ import annotations

from flask import request

CSP = "default-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
# Blueprints whose pages carry personal data: the resident chat and report pages, SMS replies,
# and every staff and editor page. Plus the chat API, which returns the resident's conversation.
PERSONAL_BLUEPRINTS = frozenset({"web", "sms", "staff", "admin"})
PERSONAL_ENDPOINTS = frozenset({"api.chat"})
HSTS = "max-age=31536000"


def is_personal(blueprint: str | None, endpoint: str | None) -> bool:
    """Whether a response from this blueprint or endpoint may hold personal data."""
    return blueprint in PERSONAL_BLUEPRINTS or endpoint in PERSONAL_ENDPOINTS


def init_app(app) -> None:
    """Add the headers after every request (errors included)."""
    https = app.config["PUBLIC_BASE_URL"].startswith("https://")

    @app.after_request
    def _security_headers(response):
        headers = response.headers
        headers.setdefault("Content-Security-Policy", CSP)
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("X-Frame-Options", "DENY")  # for browsers that predate frame-ancestors
        headers.setdefault("Referrer-Policy", "same-origin")
        if https:
            headers.setdefault("Strict-Transport-Security", HSTS)
        if is_personal(request.blueprint, request.endpoint):
            headers["Cache-Control"] = "no-store"
        return response
