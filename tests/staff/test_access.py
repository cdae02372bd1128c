"""Every staff route: signed out → sign-in page; wrong role → 403; right role (and admin) → allowed."""
import pytest

ROLES = ("prescriber", "call_handler", "editor", "admin")
# (method, path, roles allowed besides admin)
ROUTES = [
    ("GET", "/staff/", ROLES),
    ("GET", "/staff/search?q=food+bank", ("prescriber", "call_handler")),
    ("GET", "/staff/services/{sid}", ("prescriber", "call_handler")),
    ("GET", "/staff/shortlist", ("prescriber", "call_handler")),
    ("GET", "/staff/shortlist/print", ("prescriber", "call_handler")),
    ("POST", "/staff/shortlist/add", ("prescriber", "call_handler")),
    ("POST", "/staff/shortlist/remove", ("prescriber", "call_handler")),
    ("POST", "/staff/shortlist/clear", ("prescriber", "call_handler")),
    ("GET", "/staff/send?ids={sid}", ("prescriber",)),
    ("POST", "/staff/send", ("prescriber",)),
    ("GET", "/staff/alternatives?near=UB3+1AA", ("prescriber", "call_handler")),
]


def _request(client, method, path, service_id):
    url = path.format(sid=service_id)
    data = {"service_id": str(service_id), "service_ids": str(service_id), "mobile": "07700900123", "language": "en"}
    return client.get(url) if method == "GET" else client.post(url, data=data)


@pytest.mark.parametrize("method,path,allowed", ROUTES, ids=[f"{m} {p}" for m, p, _ in ROUTES])
def test_signed_out_goes_to_sign_in(client, service_id, method, path, allowed):
    response = _request(client, method, path, service_id)
    assert response.status_code == 302
    assert response.location.startswith("/staff/login?next=/staff")


@pytest.mark.parametrize("method,path,allowed", ROUTES, ids=[f"{m} {p}" for m, p, _ in ROUTES])
def test_roles(client, login, service_id, method, path, allowed):
    for role in ROLES:
        client.post("/staff/logout")
        login(role)
        response = _request(client, method, path, service_id)
        if role == "admin" or role in allowed:
            assert response.status_code in (200, 302), (role, response.status_code)
            assert "/staff/login" not in (response.location or "")
        else:
            assert response.status_code == 403, role
            assert b"Your role does not include this page" in response.data


def test_sign_in_returns_to_the_page_asked_for(client, make_user):
    user = make_user("call_handler")
    assert client.get("/staff/alternatives").location == "/staff/login?next=/staff/alternatives"
    response = client.post(
        "/staff/login", data={"email": user.email.upper(), "password": "a long test password", "next": "/staff/alternatives"}
    )
    assert response.status_code == 302 and response.location == "/staff/alternatives"
    assert client.get("/staff/alternatives").status_code == 200


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/x", "/api/v1/services", "/\\evil.example"])
def test_sign_in_never_redirects_off_the_staff_pages(client, make_user, target):
    user = make_user("prescriber")
    response = client.post("/staff/login", data={"email": user.email, "password": "a long test password", "next": target})
    assert response.location == "/staff/"


def test_wrong_password_and_unknown_email_read_the_same(client, make_user):
    user = make_user("prescriber")
    wrong = client.post("/staff/login", data={"email": user.email, "password": "not the password"})
    unknown = client.post("/staff/login", data={"email": "nobody@staff.test", "password": "not the password"})
    assert wrong.status_code == unknown.status_code == 200
    for response in (wrong, unknown):
        assert b"The email or password is not right." in response.data
    assert client.get("/staff/").status_code == 302


def test_sign_out_ends_the_session(client, login):
    login("prescriber")
    assert client.get("/staff/").status_code == 200
    assert client.post("/staff/logout").location == "/staff/login"
    assert client.get("/staff/").status_code == 302


def test_a_password_change_or_deactivation_ends_old_sessions(app, client, login):
    from navigator import db
    from navigator.staff.models import User

    user = login("prescriber", fresh=True)
    assert client.get("/staff/").status_code == 200
    with app.app_context():
        row = db.session().get(User, user.id)
        row.set_password("another long password")
        db.session().commit()
    assert client.get("/staff/").status_code == 302

    client.post("/staff/login", data={"email": user.email, "password": "another long password"})
    assert client.get("/staff/").status_code == 200
    with app.app_context():
        db.session().get(User, user.id).active = False
        db.session().commit()
    assert client.get("/staff/").status_code == 302


def test_password_is_stored_as_a_scrypt_hash(app, make_user):
    from navigator import db
    from navigator.staff.models import User

    user = make_user("editor")
    with app.app_context():
        stored = db.session().get(User, user.id).password_hash
    assert stored.startswith("scrypt:") and "a long test password" not in stored


def test_staff_pages_are_not_cached(client, login):
    login("prescriber")
    response = client.get("/staff/search")
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["X-Frame-Options"] == "DENY"
