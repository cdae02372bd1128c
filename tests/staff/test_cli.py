"""`navigator users create` and `navigator users list`."""
import uuid

from sqlalchemy import select

from navigator.staff.models import User


def test_create_with_password_on_stdin(app, runner):
    from navigator import db

    email = f"Cli-{uuid.uuid4().hex[:8]}@Staff.Test"
    result = runner.invoke(args=["users", "create", "--role", "call_handler", "--password-stdin", email], input="a good long password\n")
    assert result.exit_code == 0, result.output
    assert f"created call_handler account {email.lower()}" in result.output
    with app.app_context():
        user = db.session().scalar(select(User).where(User.email == email.lower()))
        assert user.role == "call_handler" and user.check_password("a good long password")
    assert email.lower() in runner.invoke(args=["users", "list"]).output

    again = runner.invoke(args=["users", "create", "--role", "editor", "--password-stdin", email], input="a good long password\n")
    assert again.exit_code == 1 and "already has an account" in again.output


def test_prompted_password_must_match_and_be_long_enough(runner):
    email = f"cli-{uuid.uuid4().hex[:8]}@staff.test"
    short = runner.invoke(args=["users", "create", "--role", "editor", email], input="short\nshort\n")
    assert short.exit_code == 1 and "at least 10 characters" in short.output
    ok = runner.invoke(args=["users", "create", "--role", "editor", email], input="long enough pw\nlong enough pw\n")
    assert ok.exit_code == 0, ok.output


def test_unknown_role_is_refused(runner):
    result = runner.invoke(args=["users", "create", "--role", "boss", "x@staff.test"], input="whatever long\n")
    assert result.exit_code == 2 and "boss" in result.output
