"""Shared fixtures: the app on SQLite and on PostgreSQL, each with the bundled directory loaded once."""
from __future__ import annotations

import datetime as dt
import os
import secrets
from pathlib import Path

import pytest
from sqlalchemy import text

from navigator import create_app
from navigator.cli import setup_database
from navigator.db import make_engine
from navigator.directory.hours import LONDON

IN_CI = os.environ.get("CI", "").lower() == "true"
PG_URL = os.environ.get("TEST_DATABASE_URL") or "postgresql://127.0.0.1:5432/test"
OUTPUT_DIR = Path(__file__).resolve().parent.parent / "test-output"

# A Wednesday in term time, not a bank holiday: 14:00 in London.
WEDNESDAY_2PM = dt.datetime(2026, 11, 25, 14, 0, tzinfo=LONDON)


def postgres_available() -> bool:
    """Whether PostgreSQL answers at PG_URL."""
    try:
        engine = make_engine(PG_URL)
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        engine.dispose()
        return True
    except Exception:
        return False


def _reset_postgres(url: str) -> None:
    engine = make_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()


def prepare_database(url: str) -> None:
    """Migrate an empty database to head and load the bundled directory."""
    setup_database(url)


@pytest.fixture(scope="session")
def sqlite_url(tmp_path_factory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'navigator.db'}"
    prepare_database(url)
    return url


def _create_scratch_database() -> str | None:
    """A new, empty database for this test run (so parallel runs never share one), or None."""
    from sqlalchemy.engine import make_url

    name = f"navigator_test_{os.getpid()}_{secrets.token_hex(3)}"
    engine = make_engine(PG_URL).execution_options(isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception:
        return None
    finally:
        engine.dispose()
    return make_url(PG_URL).set(database=name).render_as_string(hide_password=False)


def _drop_database(url: str) -> None:
    from sqlalchemy.engine import make_url

    engine = make_engine(PG_URL).execution_options(isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)'))
    engine.dispose()


@pytest.fixture(scope="session")
def postgresql_url():
    """A PostgreSQL database with the directory loaded: a scratch database per run where allowed."""
    if not postgres_available():
        if IN_CI:
            pytest.fail(f"PostgreSQL is required under CI=true but does not answer at {PG_URL}")
        pytest.skip(f"PostgreSQL not available at {PG_URL}")
    scratch = None if os.environ.get("TEST_DATABASE_URL") else _create_scratch_database()
    url = scratch or PG_URL
    if scratch is None:
        _reset_postgres(url)
    prepare_database(url)
    yield url
    if scratch:
        _drop_database(scratch)


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def database_url(request) -> str:
    """Each integration test runs against SQLite and against PostgreSQL."""
    return request.getfixturevalue(f"{request.param}_url")


@pytest.fixture()
def app(database_url):
    app = create_app(
        {
            "TESTING": True,
            "DATABASE_URL": database_url,
            "SECRET_KEY": "test-secret",
            "NOW": WEDNESDAY_2PM,
        }
    )
    yield app
    app.extensions["db_session"].remove()
    app.extensions["db_engine"].dispose()


@pytest.fixture()
def client(app):
    return app.test_client()


@pytest.fixture()
def runner(app):
    return app.test_cli_runner()


@pytest.fixture()
def db(app):
    """A session on the test database, inside an app context."""
    with app.app_context():
        from navigator import db as database

        yield database.session()
