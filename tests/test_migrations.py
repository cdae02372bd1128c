"""Alembic migrations: match the models, and go down and up again without losing rows."""
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import func, select

import navigator.models_all  # noqa: F401
from navigator.cli import alembic_config
from navigator.db import make_engine
from navigator.directory.models import Base, Contact, RegularSchedule, Service


def test_models_and_migrations_agree(database_url):
    engine = make_engine(database_url)
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata)
    engine.dispose()
    assert diff == []


def test_downgrade_and_upgrade_keep_every_row(sqlite_url, tmp_path):
    import shutil

    copy = tmp_path / "copy.db"
    shutil.copy(sqlite_url.removeprefix("sqlite:///"), copy)
    url = f"sqlite:///{copy}"
    engine = make_engine(url)

    def counts():
        with engine.connect() as conn:
            return [conn.scalar(select(func.count()).select_from(m)) for m in (Service, Contact, RegularSchedule)]

    before = counts()
    assert before[2] > 0
    command.downgrade(alembic_config(url), "0003")
    command.upgrade(alembic_config(url), "head")
    assert counts() == before
    with engine.connect() as conn:
        assert conn.scalar(select(func.count()).select_from(Service).where(Service.oruk_id.is_(None))) == 0
    engine.dispose()
