"""Security headers on every response, no-store on pages with personal data, no inline script or style."""
import re
from pathlib import Path

import pytest

from navigator.config import REPO_ROOT
from navigator.security_headers import CSP

RESIDENT_AND_PUBLIC = ["/", "/healthz", "/api/v1/services?route=pharmacy&near=W12%200HS", "/oruk/", "/staff/login",
                       "/no-such-page", "/static/navigator.css"]


@pytest.mark.parametrize("path", RESIDENT_AND_PUBLIC)
def test_every_response_carries_the_headers(client, path):
    response = client.get(path)
    response.close()
    assert response.headers["Content-Security-Policy"] == CSP
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert "Strict-Transport-Security" not in response.headers  # plain http: HSTS would be ignored or wrong


def test_the_policy_is_the_one_asked_for():
    assert CSP == "default-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"


def test_chat_api_and_staff_pages_are_no_store(client):
    assert client.get("/").headers["Cache-Control"] == "no-store"
    chat = client.post("/api/v1/chat", json={"text": "sore throat"})
    assert chat.status_code == 200 and chat.headers["Cache-Control"] == "no-store"
    assert client.get("/staff/login").headers["Cache-Control"] == "no-store"
    assert client.get("/admin/", follow_redirects=False).headers["Cache-Control"] == "no-store"


def test_public_directory_data_may_be_cached(client):
    assert client.get("/api/v1/services?route=pharmacy&near=W12%200HS").headers.get("Cache-Control") != "no-store"


def test_hsts_when_the_public_address_is_https(database_url):
    from navigator import create_app

    app = create_app({"TESTING": True, "DATABASE_URL": database_url, "SECRET_KEY": "x", "PUBLIC_BASE_URL": "https://navigator.example.nhs.uk"})
    try:
        assert app.test_client().get("/healthz").headers["Strict-Transport-Security"] == "max-age=31536000"
    finally:
        app.extensions["db_engine"].dispose()


def test_templates_have_no_inline_script_or_style():
    """The CSP forbids inline code: every script and style must be a file under /static."""
    problems = []
    for path in sorted((REPO_ROOT / "navigator" / "templates").rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        for pattern in (r"<script(?![^>]*\bsrc=)[^>]*>", r"<style\b", r"\sstyle=", r"\son[a-z]+=", r"javascript:"):
            if re.search(pattern, text, re.IGNORECASE):
                problems.append(f"{path.relative_to(REPO_ROOT)}: {pattern}")
    assert problems == []
