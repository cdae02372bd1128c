"""Signing out ends the session everywhere: a copied cookie stops working (per-user session counter)."""
from .conftest import PASSWORD


def _session_cookie(client):
    cookie = client.get_cookie("session")
    assert cookie is not None
    return cookie.value


def test_a_copied_cookie_stops_working_after_sign_out(app, client, make_user):
    user = make_user("prescriber")
    assert client.post("/staff/login", data={"email": user.email, "password": PASSWORD}).status_code == 302
    copied = app.test_client()
    copied.set_cookie("session", _session_cookie(client))
    assert copied.get("/staff/").status_code == 200  # the copy works while the session is live

    assert client.post("/staff/logout").status_code == 302
    assert client.get("/staff/").status_code == 302
    assert copied.get("/staff/").status_code == 302  # ... and not after signing out


def test_sign_in_works_again_after_sign_out(client, make_user):
    user = make_user("editor")
    for _ in range(2):
        assert client.post("/staff/login", data={"email": user.email, "password": PASSWORD}).status_code == 302
        assert client.get("/admin/").status_code == 200
        client.post("/staff/logout")
        assert client.get("/admin/").status_code == 302


def test_signing_out_one_account_leaves_others_signed_in(app, client, make_user):
    one, other = make_user("prescriber"), make_user("prescriber")
    second = app.test_client()
    client.post("/staff/login", data={"email": one.email, "password": PASSWORD})
    second.post("/staff/login", data={"email": other.email, "password": PASSWORD})
    client.post("/staff/logout")
    assert second.get("/staff/").status_code == 200


def test_signed_in_staff_pages_are_no_store(client, make_user):
    user = make_user("prescriber")
    client.post("/staff/login", data={"email": user.email, "password": PASSWORD})
    response = client.get("/staff/search?q=pharmacy")
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
