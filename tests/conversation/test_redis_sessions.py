"""Conversation state in Redis when REDIS_URL is set: shared by every host."""
import os

import pytest

from navigator import create_app
from tests.conftest import IN_CI, WEDNESDAY_2PM

REDIS_URL = os.environ.get("TEST_REDIS_URL") or "redis://127.0.0.1:6379/15"


@pytest.fixture()
def redis_client():
    import redis

    client = redis.Redis.from_url(REDIS_URL, decode_responses=True)
    try:
        client.ping()
    except redis.exceptions.ConnectionError:
        if IN_CI:
            pytest.fail(f"Redis is required under CI=true but does not answer at {REDIS_URL}")
        pytest.skip(f"Redis not available at {REDIS_URL}")
    yield client
    for key in client.scan_iter("navigator:conversation:*"):
        client.delete(key)


def host(database_url):
    return create_app(
        {"TESTING": True, "DATABASE_URL": database_url, "REDIS_URL": REDIS_URL, "NOW": WEDNESDAY_2PM, "SECRET_KEY": "x"}
    )


def test_two_hosts_share_a_conversation_through_redis(database_url, redis_client):
    first_host, second_host = host(database_url), host(database_url)
    first = first_host.test_client().post("/api/v1/chat", json={"text": "I need to see a GP"}).get_json()
    assert first["next"] == "location"
    assert redis_client.exists("navigator:conversation:web:" + first["session"])
    ttl = redis_client.ttl("navigator:conversation:web:" + first["session"])
    assert 23 * 3600 < ttl <= 24 * 3600
    second = second_host.test_client().post(
        "/api/v1/chat", json={"text": "HA1 3UJ", "session": first["session"]}
    ).get_json()
    assert second["route"] == "gp" and second["services"]
    for app in (first_host, second_host):
        app.extensions["db_engine"].dispose()
        app.extensions["redis"].close()
