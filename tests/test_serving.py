"""gunicorn as `make run` and the production command start it (gunicorn.conf.py), on a free loopback port.

- Three slow clients trickling one header byte every 2 s must not delay a resident: /healthz is
  answered in under 1 s throughout (with the old sync workers it waited until the clients gave up).
- The access log carries no query strings (staff search terms, postcodes).
- Several workers without SECRET_KEY refuse to start; without REDIS_URL a loud warning is logged.
"""
import logging
import time

import pytest

from bench.slow_clients import get, gunicorn, measure
from navigator.serving import check_start


@pytest.fixture(scope="module")
def server(sqlite_url):
    with gunicorn({"DATABASE_URL": sqlite_url, "SECRET_KEY": "serving-test"}, workers=2) as running:
        yield running


def test_slow_clients_do_not_delay_a_resident(server):
    port, _process, _log = server
    figures = measure(port, seconds=10, clients=3, interval=2.0)
    assert figures["probes"] >= 8
    assert figures["failed"] == 0, figures
    assert figures["max_s"] < 1.0, figures
    # The server cut the trickling clients off (request head timeout) rather than waiting for ever.
    assert figures["slow_connections"] > 3, figures


def test_access_log_has_no_query_strings(server):
    port, _process, log = server
    before = log.read_text().count("GET /healthz ")
    assert get(port, "/staff/search?q=secret-search-term&postcode=W12+0HS", timeout=60)[0] == 302
    assert get(port, "/healthz?near=UB3%201AA", timeout=60)[0] == 200
    deadline = time.monotonic() + 15
    text = log.read_text()
    # Lines are written after each response: wait for both requests' lines.
    while ("GET /staff/search " not in text or text.count("GET /healthz ") <= before) and time.monotonic() < deadline:
        time.sleep(0.2)
        text = log.read_text()
    assert "GET /staff/search HTTP/1.1" in text
    assert "secret-search-term" not in text and "W12" not in text and "UB3" not in text


def test_memory_rate_limits_with_several_workers_are_warned_about(server):
    _port, _process, log = server
    assert "!!! REDIS_URL is not set: rate limits" in log.with_suffix(".err").read_text()


def test_the_preloaded_app_serves_every_worker(server):
    """preload_app: the app (and triage index) is built once; both workers answer."""
    port, process, _log = server
    import os

    children = [p for p in os.listdir(f"/proc") if p.isdigit() and _parent(int(p)) == process.pid]
    assert len(children) == 2
    assert all(get(port, "/healthz")[0] == 200 for _ in range(4))


def _parent(pid: int) -> int | None:
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return int(fh.read().rsplit(")", 1)[1].split()[1])
    except (OSError, ValueError, IndexError):
        return None


def test_several_workers_without_secret_key_refuse_to_start(sqlite_url, monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.delenv("SECRET_KEY_FILE", raising=False)
    with pytest.raises(RuntimeError) as failed:
        with gunicorn({"DATABASE_URL": sqlite_url}, workers=2):
            pass
    assert "gunicorn exited" in str(failed.value)
    assert "SECRET_KEY is not set and 2 workers" in str(failed.value)


def test_start_checks():
    assert check_start(1, {})[0] == []  # one development process: a random key is allowed
    errors, warnings = check_start(3, {})
    assert "SECRET_KEY" in errors[0] and "REDIS_URL" in warnings[0]
    assert check_start(3, {"SECRET_KEY": "k", "REDIS_URL": "redis://127.0.0.1:6379/0"}) == ([], [])


def test_secret_key_file(tmp_path):
    key = tmp_path / "secret_key"
    key.write_text("from-a-file\n")
    assert check_start(2, {"SECRET_KEY_FILE": str(key), "REDIS_URL": "redis://x"}) == ([], [])
    from navigator.config import from_environment

    config = from_environment({"SECRET_KEY_FILE": str(key)})
    assert config["SECRET_KEY"] == "from-a-file" and config["SECRET_KEY_IS_RANDOM"] is False


def test_one_process_without_a_key_warns(database_url, caplog, monkeypatch):
    from navigator import create_app

    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.delenv("SECRET_KEY_FILE", raising=False)
    with caplog.at_level(logging.WARNING, logger="navigator.app"):
        app = create_app({"TESTING": True, "DATABASE_URL": database_url})
    app.extensions["db_engine"].dispose()
    assert app.config["SECRET_KEY_IS_RANDOM"] is True
    assert "SECRET_KEY is not set" in caplog.text


@pytest.mark.parametrize("env,secure", [
    ({}, False),
    ({"PUBLIC_BASE_URL": "https://navigator.example.nhs.uk"}, True),
    ({"PUBLIC_BASE_URL": "https://navigator.example.nhs.uk", "SESSION_COOKIE_SECURE": "0"}, False),
    ({"SESSION_COOKIE_SECURE": "1"}, True),
])
def test_session_cookie_is_secure_behind_https(env, secure):
    from navigator.config import from_environment

    assert from_environment(env)["SESSION_COOKIE_SECURE"] is secure
