"""Editor-page fixtures: staff accounts of each role, signed-in clients, services made for a test."""
from __future__ import annotations

import itertools
import uuid

import pytest

from navigator.staff.auth import create_user
from tests.directory.service_factory import make_service, retire_all

PASSWORD = "a long test password"
_counter = itertools.count()


@pytest.fixture(autouse=True)
def _forms_without_csrf(app):
    """Most tests post forms directly; test_access.py switches protection back on."""
    app.config["WTF_CSRF_ENABLED"] = False


@pytest.fixture()
def make_user(app):
    """make_user(role) → a new active account with PASSWORD (unique email: the database is shared)."""

    def make(role: str):
        from navigator import db

        email = f"{role}-{next(_counter)}-{uuid.uuid4().hex[:8]}@staff.test"
        with app.app_context():
            user = create_user(db.session(), email, PASSWORD, role)
            db.session().expunge(user)
        return user

    return make


@pytest.fixture()
def signed_in(app, make_user):
    """signed_in(role) → a new test client signed in as a new account of that role."""

    def sign_in(role: str):
        client = app.test_client()
        user = make_user(role)
        response = client.post("/staff/login", data={"email": user.email, "password": PASSWORD})
        assert response.status_code == 302, response.data
        client.user = user
        return client

    return sign_in


@pytest.fixture()
def editor(signed_in):
    return signed_in("editor")


@pytest.fixture()
def new_service(app):
    """new_service(**overrides) → the id of a service created for this test; retired when it ends."""
    from navigator import db

    made = []

    def make(**overrides) -> int:
        with app.app_context():
            made.append(make_service(db.session(), **overrides).id)
        return made[-1]

    yield make
    with app.app_context():
        retire_all(db.session(), made)
