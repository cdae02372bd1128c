"""Who may use the editor pages: signed-out visitors go to sign in, other roles get 403, CSRF on every form."""
import re

import pytest

from .conftest import PASSWORD

PAGES = ["/admin/", "/admin/review", "/admin/feedback", "/admin/services/new", "/admin/import",
         "/admin/services/{id}/edit", "/admin/services/{id}/history"]
POSTS = ["/admin/services/{id}/edit", "/admin/services/{id}/verify", "/admin/services/{id}/retire", "/admin/services/{id}/restore",
         "/admin/services/{id}/overwrite", "/admin/services/new", "/admin/feedback/1/resolve", "/admin/import", "/admin/import/apply"]


@pytest.fixture()
def service_id(new_service):
    return new_service()


@pytest.mark.parametrize("path", PAGES)
def test_signed_out_visitors_are_sent_to_sign_in(client, service_id, path):
    response = client.get(path.format(id=service_id))
    assert response.status_code == 302 and "/staff/login?next=" in response.location


@pytest.mark.parametrize("path", POSTS)
def test_signed_out_posts_change_nothing(client, service_id, path):
    response = client.post(path.format(id=service_id), data={"version": "1", "note": "x"})
    assert response.status_code == 302 and "/staff/login" in response.location


@pytest.mark.parametrize("role", ["prescriber", "call_handler"])
def test_other_roles_are_refused(signed_in, service_id, role):
    client = signed_in(role)
    for path in PAGES:
        response = client.get(path.format(id=service_id))
        assert response.status_code == 403 and b"does not include directory editing" in response.data, path
    for path in POSTS:
        assert client.post(path.format(id=service_id), data={"version": "1"}).status_code == 403, path


@pytest.mark.parametrize("role", ["editor", "admin"])
def test_editors_and_admins_may_edit(signed_in, service_id, role):
    client = signed_in(role)
    for path in PAGES:
        response = client.get(path.format(id=service_id))
        assert response.status_code == 200, path
        assert response.headers["Cache-Control"] == "no-store"
        assert b"Sign out" in response.data  # the staff header knows who is signed in on admin pages too


def test_every_staff_role_may_report_a_problem(signed_in, client, service_id):
    assert signed_in("prescriber").get(f"/admin/services/{service_id}/report").status_code == 200
    assert client.get(f"/admin/services/{service_id}/report").status_code == 302


def test_signing_in_returns_to_the_editor_page_asked_for(client, make_user):
    user = make_user("editor")
    response = client.get("/admin/review")
    next_path = re.search(r"next=([^&]+)", response.location).group(1)
    response = client.post("/staff/login", data={"email": user.email, "password": PASSWORD, "next": "/admin/review"})
    assert response.status_code == 302 and response.location.endswith("/admin/review") and "review" in next_path


def test_editors_home_links_to_the_editor_pages(editor):
    assert b'href="/admin/"' in editor.get("/staff/").data


def test_forms_need_the_csrf_token(app, editor, service_id):
    app.config["WTF_CSRF_ENABLED"] = True
    page = editor.get(f"/admin/services/{service_id}/edit").data.decode()
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    refused = editor.post(f"/admin/services/{service_id}/edit", data={"version": "1", "name": "No token"})
    assert refused.status_code == 400 and b"did not come from this site" in refused.data
    assert editor.post(f"/admin/services/{service_id}/verify", data={"version": "1"}).status_code == 400
    from .pages import form_data

    data = form_data(page) | {"name": "With token"}
    assert data["csrf_token"] == token
    assert editor.post(f"/admin/services/{service_id}/edit", data=data).status_code == 302
    assert b"With token" in editor.get(f"/admin/services/{service_id}/edit").data
