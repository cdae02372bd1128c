"""Staff fixtures: accounts of each role (unique emails: the database is shared by a backend's tests)."""
from __future__ import annotations

import itertools
import uuid

import pytest

from navigator.staff.auth import create_user

PASSWORD = "a long test password"
_counter = itertools.count()


@pytest.fixture(autouse=True)
def _forms_without_csrf(app):
    """Most tests post forms directly; test_csrf.py switches protection back on."""
    app.config["WTF_CSRF_ENABLED"] = False


@pytest.fixture()
def make_user(app):
    """make_user(role) → a new active account with PASSWORD."""

    def make(role: str, **kwargs):
        from navigator import db

        email = f"{role}-{next(_counter)}-{uuid.uuid4().hex[:8]}@staff.test"
        with app.app_context():
            user = create_user(db.session(), email, kwargs.pop("password", PASSWORD), role, **kwargs)
            db.session().expunge(user)
        return user

    return make


_shared: dict[tuple[str, str], object] = {}


@pytest.fixture()
def login(client, make_user, database_url):
    """login(role) → sign the test client in as that role (an account shared per backend unless fresh=True)."""

    def sign_in(role: str, fresh: bool = False):
        key = (database_url, role)
        if fresh:
            user = make_user(role)
        else:
            user = _shared.get(key) or _shared.setdefault(key, make_user(role))
        response = client.post("/staff/login", data={"email": user.email, "password": PASSWORD})
        assert response.status_code == 302, response.data
        return user

    return sign_in


@pytest.fixture()
def service_id(app):
    """The id of a real voluntary service (Citizens Advice Harrow) in the loaded directory."""
    from sqlalchemy import select

    from navigator import db
    from navigator.directory.models import Service

    with app.app_context():
        return db.session().scalar(select(Service.id).where(Service.name == "Citizens Advice Harrow"))
