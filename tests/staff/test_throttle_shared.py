"""Sign-in throttling shared across workers (Redis) and counted per client behind a proxy (ProxyFix)."""
import os
import uuid

import pytest

from navigator import create_app
from tests.conftest import IN_CI

from .conftest import PASSWORD

REDIS_URL = os.environ.get("TEST_REDIS_URL") or "redis://127.0.0.1:6379/15"


def _attempt(client, email, password, **environ):
    return client.post("/staff/login", data={"email": email, "password": password}, environ_base=environ)


def _worker(database_url, **config):
    return create_app({"TESTING": True, "DATABASE_URL": database_url, "SECRET_KEY": "x", "WTF_CSRF_ENABLED": False, **config})


def test_limits_are_kept_in_redis_when_redis_url_is_set(database_url, make_user):
    import redis

    client = redis.Redis.from_url(REDIS_URL)
    try:
        client.ping()
    except redis.exceptions.ConnectionError:
        if IN_CI:
            pytest.fail(f"Redis is required under CI=true but does not answer at {REDIS_URL}")
        pytest.skip(f"Redis not available at {REDIS_URL}")
    user = make_user("prescriber")  # a unique email: its counter key is this test's own
    net = f"10.{uuid.uuid4().int % 200 + 20}"
    # Two "workers" (apps) share one Redis: failures in one count in the other.
    first, second = (_worker(database_url, REDIS_URL=REDIS_URL) for _ in range(2))
    try:
        for n in range(3):
            assert _attempt(first.test_client(), user.email, "wrong password", REMOTE_ADDR=f"{net}.0.{n}").status_code == 200
        assert any(client.scan_iter(f"*{user.email}*")), "no rate-limit counter was written to Redis"
        for n in range(2):
            assert _attempt(second.test_client(), user.email, "wrong password", REMOTE_ADDR=f"{net}.1.{n}").status_code == 200
        assert _attempt(second.test_client(), user.email, PASSWORD, REMOTE_ADDR=f"{net}.2.1").status_code == 429
    finally:
        for pattern in (f"*{user.email}*", f"*/{net}.*"):
            for key in client.scan_iter(pattern):
                client.delete(key)
        for app in (first, second):
            app.extensions["db_engine"].dispose()


def test_behind_a_proxy_each_client_has_its_own_bucket(database_url, make_user):
    app = _worker(database_url, PROXY_HOPS=1, STAFF_LOGIN_IP_LIMIT="3 per 15 minutes")
    try:
        client = app.test_client()
        proxy = "10.0.0.1"
        for n in range(3):
            response = _attempt(client, f"guess{n}@staff.test", "password123", REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR="203.0.113.9")
            assert response.status_code == 200
        assert _attempt(client, "guess9@staff.test", "password123", REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR="203.0.113.9").status_code == 429
        # Staff elsewhere, through the same proxy, can still sign in.
        user = make_user("call_handler")
        assert _attempt(client, user.email, PASSWORD, REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR="198.51.100.20").status_code == 302
    finally:
        app.extensions["db_engine"].dispose()


def test_without_proxy_hops_forwarded_for_is_not_trusted(database_url):
    app = _worker(database_url, STAFF_LOGIN_IP_LIMIT="2 per 15 minutes")
    try:
        client = app.test_client()
        for n in range(2):
            _attempt(client, f"spoof{n}@staff.test", "password123", REMOTE_ADDR="10.8.8.8", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}")
        # A made-up X-Forwarded-For does not give a fresh bucket when no proxy is configured.
        assert _attempt(client, "spoof9@staff.test", "password123", REMOTE_ADDR="10.8.8.8", HTTP_X_FORWARDED_FOR="192.0.2.99").status_code == 429
    finally:
        app.extensions["db_engine"].dispose()
