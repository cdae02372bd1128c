"""Editor input that must never become dangerous output: URLs, bidi controls, LIKE wildcards, the picker's action."""
from __future__ import annotations

import pytest
from sqlalchemy import select, update

from navigator.directory import importing, oruk
from navigator.directory.models import Feedback, Service
from navigator.text import BIDI_CONTROLS, clean_text, http_url

from .pages import form_data

BAD_URLS = ["javascript:alert(1)", " JavaScript:alert(1)", "java\tscript:alert(1)", "data:text/html,<b>x</b>",
            "vbscript:msgbox(1)", "https://", "http:///path", "//evil.example/x", "ftp://example.org/", "mailto:a@b.c",
            "https://exa mple.org/", "http://\u202eexample.org"]
GOOD_URLS = ["https://www.nhs.uk/services/", "http://example.org", "HTTPS://Example.org/a?b=c#d"]


@pytest.mark.parametrize("raw", BAD_URLS)
def test_the_url_validator_refuses_everything_but_http_with_a_host(raw):
    assert http_url(raw) is None


@pytest.mark.parametrize("raw", GOOD_URLS)
def test_the_url_validator_keeps_web_addresses(raw):
    assert http_url(raw) == raw.strip()


@pytest.mark.parametrize("field", ["source_url", "url"])
def test_an_editor_cannot_save_a_javascript_url(editor, app, new_service, field):
    service_id = new_service()
    data = form_data(editor.get(f"/admin/services/{service_id}/edit").data.decode())
    data[field] = "javascript:alert(document.cookie)"
    response = editor.post(f"/admin/services/{service_id}/edit", data=data)
    assert response.status_code in (200, 400)
    assert "http" in response.get_data(as_text=True)
    from navigator import db

    with app.app_context():
        assert getattr(db.session().get(Service, service_id), field) is None


def test_an_import_cannot_bring_in_a_javascript_url(db, app, new_service):
    from navigator import db as database

    service_id = new_service(category="test_import_url", name="Import URL")
    with app.app_context():
        session = database.session()
        item = oruk.service_full(session.get(Service, service_id))
        item["navigator"]["source_url"] = "javascript:alert(1)"
        plan = importing.plan_import(session, importing.records_from_oruk([item]), mode="full", kind="oruk")
        assert plan.invalid and "Source page" in plan.invalid[0] and not plan.changed


def test_a_stored_javascript_url_is_never_a_link(signed_in, app, new_service):
    """Older rows (or a direct database write) with a bad URL are shown as text, never as a clickable link."""
    from navigator import db

    service_id = new_service()

    def set_urls(**values):
        with app.app_context():
            session = db.session()
            session.execute(update(Service).where(Service.id == service_id).values(**values))
            session.commit()

    set_urls(source_url="javascript:alert(1)", url="javascript:alert(2)")
    try:
        page = signed_in("admin").get(f"/staff/services/{service_id}").get_data(as_text=True)
        assert "javascript:alert(1)" in page and "javascript:alert(2)" in page  # shown, as plain text
        assert 'href="javascript:' not in page.lower()
    finally:
        set_urls(source_url=None, url=None)


@pytest.mark.parametrize("raw", ["Evil\u202eenO ycamrahP", "\u2066Name\u2069", "a\u200fb\u200ec", "x\u202ay\u202bz\u202c\u202d"])
def test_clean_text_strips_bidi_controls(raw):
    cleaned = clean_text(raw)
    assert not set(cleaned) & BIDI_CONTROLS and cleaned.replace(" ", "")


def test_clean_text_keeps_ordinary_rtl_text():
    assert clean_text("صيدلية المدينة") == "صيدلية المدينة"
    assert clean_text("  Boots\x00 Pharmacy \n") == "Boots Pharmacy"


def test_bidi_controls_are_stripped_from_names_closure_reasons_and_reports(editor, app, new_service):
    from navigator import db

    service_id = new_service()
    data = form_data(editor.get(f"/admin/services/{service_id}/edit").data.decode())
    data.update({"name": "Good \u202eevil\u202c Pharmacy", "exceptions-0-starts_on": "2026-12-24",
                 "exceptions-0-reason": "Closed \u2067for\u2069 works\u200f"})
    assert editor.post(f"/admin/services/{service_id}/edit", data=data).status_code == 302
    with app.app_context():
        service = db.session().get(Service, service_id)
        assert service.name == "Good evil Pharmacy"
        assert [h.reason for h in service.holiday_schedules] == ["Closed for works"]
    resident = app.test_client()
    resident.post(f"/report/{service_id}", data={"message": "Wrong \u202ephone\u202c number"})
    with app.app_context():
        messages = db.session().scalars(select(Feedback.message).where(Feedback.service_id == service_id)).all()
        assert messages and all(not set(m) & BIDI_CONTROLS for m in messages)


def test_names_are_isolated_with_bdi_where_shown(editor, signed_in, new_service):
    service_id = new_service(name="صيدلية الاختبار")
    page = signed_in("admin").get(f"/staff/services/{service_id}").get_data(as_text=True)
    assert "<bdi>صيدلية الاختبار</bdi>" in page
    listing = editor.get("/admin/", query_string={"q": "صيدلية الاختبار"}).get_data(as_text=True)
    assert "<bdi>صيدلية الاختبار</bdi>" in listing


@pytest.mark.parametrize("query", ["Wildcard%Zeta", "Wildcard_Zeta", "W_ldcard Zeta", "%Zeta 4711"])
def test_like_wildcards_in_the_admin_search_are_literal(editor, new_service, query):
    new_service(name="Wildcard Zeta 4711")
    page = editor.get("/admin/", query_string={"q": query}).get_data(as_text=True)
    assert "Wildcard Zeta 4711" not in page  # '%' and '_' used to match any text and any character
    assert "Wildcard Zeta 4711" in editor.get("/admin/", query_string={"q": "wildcard zeta"}).get_data(as_text=True)


def test_admin_search_still_finds_a_literal_percent(editor, new_service):
    new_service(name="Pharmacy 100% open test")
    page = editor.get("/admin/", query_string={"q": "100%"}).get_data(as_text=True)
    assert "Pharmacy 100% open test" in page


@pytest.mark.parametrize("path", ["/%5Cevil.example/", "/%5C%5Cevil.example/x", "/%2F%2Fevil.example/"])
def test_the_language_picker_never_posts_to_another_host(client, path):
    page = client.get(path, headers={"Accept": "text/html"}).get_data(as_text=True)
    action = page.split('class="language-picker"', 1)[1].split(">", 1)[0]
    target = action.split('action="', 1)[1].split('"', 1)[0]
    assert target.startswith("/") and not target.startswith("//") and "\\" not in target and "evil" not in target


def test_the_language_picker_stays_on_the_page(client, new_service):
    service_id = new_service()
    page = client.get(f"/report/{service_id}").get_data(as_text=True)
    assert f'class="language-picker" method="get" action="/report/{service_id}"' in page
    assert 'class="language-picker" method="get" action="/"' in client.get("/").get_data(as_text=True)
