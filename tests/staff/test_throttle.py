"""Repeated failed sign-ins are throttled per account and per IP address (Flask-Limiter), with a clear message."""
from .conftest import PASSWORD


def _attempt(client, email, password, ip="10.1.1.1"):
    return client.post("/staff/login", data={"email": email, "password": password}, environ_base={"REMOTE_ADDR": ip})


def test_an_account_is_locked_after_five_failures_even_from_new_addresses(client, make_user):
    user = make_user("prescriber")
    for n in range(5):
        assert _attempt(client, user.email, "wrong password", ip=f"10.2.0.{n}").status_code == 200
    response = _attempt(client, user.email, PASSWORD, ip="10.2.0.99")
    assert response.status_code == 429
    assert b"Too many failed sign-in attempts" in response.data
    assert client.get("/staff/").status_code == 302

    other = make_user("prescriber")
    assert _attempt(client, other.email, PASSWORD, ip="10.2.0.99").status_code == 302


def test_successful_sign_ins_do_not_count(client, make_user):
    user = make_user("call_handler")
    for _ in range(8):
        assert _attempt(client, user.email, PASSWORD).status_code == 302
        client.post("/staff/logout")


def test_an_address_is_throttled_across_accounts(app, client, make_user):
    app.config["STAFF_LOGIN_IP_LIMIT"] = "3 per 15 minutes"
    for n in range(3):
        assert _attempt(client, f"guess{n}@staff.test", "password123", ip="10.3.3.3").status_code == 200
    user = make_user("editor")
    assert _attempt(client, user.email, PASSWORD, ip="10.3.3.3").status_code == 429
    assert _attempt(client, user.email, PASSWORD, ip="10.3.3.4").status_code == 302
