"""Database engine and sessions: plain SQLAlchemy 2, usable with or without Flask."""
from __future__ import annotations

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, scoped_session, sessionmaker


def make_engine(url: str) -> Engine:
    """Create an engine; SQLite gets foreign keys and a busy timeout for concurrent workers."""
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://"):]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    kwargs: dict = {"future": True}
    if url.startswith("sqlite"):
        kwargs["connect_args"] = {"timeout": 30, "check_same_thread": False}
    else:
        kwargs["pool_pre_ping"] = True
    engine = create_engine(url, **kwargs)
    if url.startswith("sqlite"):
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    """A session factory bound to `engine`; objects stay usable after commit."""
    return sessionmaker(bind=engine, expire_on_commit=False, future=True)


def init_app(app) -> None:
    """Bind an engine and a request-scoped session to the Flask app."""
    engine = make_engine(app.config["DATABASE_URL"])
    factory = make_session_factory(engine)
    app.extensions["db_engine"] = engine
    app.extensions["db_session"] = scoped_session(factory)

    @app.teardown_appcontext
    def _remove_session(_exc=None):
        app.extensions["db_session"].remove()


def session() -> Session:
    """The current app's scoped session (inside an app context)."""
    from flask import current_app

    return current_app.extensions["db_session"]()
