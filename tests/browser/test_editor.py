"""A directory editor in a real browser closes a pharmacy for today with a reason; a resident's chat about a
sore throat nearby no longer offers it as open. Screenshots go to test-output/screenshots/."""
from __future__ import annotations

import re
import uuid

import pytest
from sqlalchemy import select

from tests.conftest import WEDNESDAY_2PM

pytestmark = pytest.mark.browser
PASSWORD = "browser test password"
TABLET = {"viewport": {"width": 820, "height": 1180}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}


def serious_accessibility_problems(page) -> list[str]:
    """axe-core violations of serious or critical impact on the current page."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [f"{v['id']}: {v['help']}" for v in results.response["violations"] if v.get("impact") in ("serious", "critical")]


@pytest.fixture()
def editor_email(live_server):
    from navigator import db
    from navigator.staff.auth import create_user

    email = f"browser-editor-{uuid.uuid4().hex[:8]}@staff.test"
    with live_server.app.app_context():
        create_user(db.session(), email, PASSWORD, "editor", name="Test Editor")
    return email


@pytest.fixture()
def open_pharmacy(live_server):
    """A real pharmacy the chat offers as open near its own postcode at the pinned time; put back afterwards."""
    from navigator import db
    from navigator.directory import editing
    from navigator.directory.models import AuditEvent, Service

    app = live_server.app
    client = app.test_client()
    found = None
    with app.app_context():
        candidates = db.session().scalars(
            select(Service).join(Service.location)
            .where(Service.category == "community_pharmacy", Service.status == "active", Service.hours_source == "default")
            .order_by(Service.id.desc()).limit(20)
        ).all()
        for service in candidates:
            body = client.post("/api/v1/chat", json={"text": f"sore throat, {service.location.postcode}"}).get_json()
            if any(s["id"] == service.id and s["open_now"] for s in body["services"]):
                found = (service.id, service.name, service.location.postcode)
                break
    assert found, "no pharmacy is offered as open near its own postcode"
    yield found
    with app.app_context():
        session = db.session()
        service = session.get(Service, found[0])
        first = session.scalars(select(AuditEvent).where(AuditEvent.service_id == service.id).order_by(AuditEvent.version)).first()
        if first is not None:
            editing.restore_version(session, service, first.id, "test-undo@staff.test", before=True)


def test_editor_closes_a_pharmacy_for_today_and_the_resident_chat_stops_offering_it(browser, page, live_server, editor_email, open_pharmacy, screenshot):
    service_id, name, postcode = open_pharmacy
    today = WEDNESDAY_2PM.date().isoformat()

    page.goto(live_server(f"/admin/services/{service_id}/edit"))
    assert "/staff/login" in page.url
    page.get_by_label("Email").fill(editor_email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"**/admin/services/{service_id}/edit")
    assert page.locator(".panel--muted .state").inner_text().startswith("Open")
    assert serious_accessibility_problems(page) == []
    screenshot(page, "1-edit-form")

    closure = page.get_by_role("group", name="Closure or special hours 1 (new)")
    closure.get_by_label("First day").fill(today)
    closure.get_by_label("Last day").fill(today)
    closure.get_by_label("What happens").select_option("closed")
    closure.get_by_label("Reason shown to residents").fill("Staff training")
    page.get_by_label("What changed and why").fill("Phoned: closed today for training")
    closure.scroll_into_view_if_needed()
    screenshot(page, "2-closure-filled")
    page.get_by_role("button", name="Save changes").click()
    page.wait_for_selector(".flash")
    assert "Saved" in page.locator(".flash").inner_text()
    assert "Closed (Staff training)" in page.locator(".panel--muted").inner_text()
    screenshot(page, "3-saved-closed")

    resident = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True, has_touch=True, locale="en-GB")
    try:
        chat = resident.new_page()
        chat.set_default_timeout(10_000)
        chat.goto(live_server("/?lang=en"))
        chat.get_by_label("Your message").fill(f"sore throat, {postcode}")
        chat.get_by_role("button", name="Send").click()
        chat.locator(".message-navigator .service").first.wait_for()
        cards = chat.locator(".message-navigator").last.locator(".service").all_inner_texts()
        assert cards, "the chat named no pharmacy"
        for card in (c for c in cards if name in c.splitlines()[0]):
            assert "Staff training" in card  # if named at all, it is named as closed, with the reason
        assert chat.locator(".message-navigator .service a[href^='/report/']").count() == len(cards)
        screenshot(chat, "4-resident-chat")
    finally:
        resident.close()

    body = live_server.app.test_client().post("/api/v1/chat", json={"text": f"sore throat, {postcode}"}).get_json()
    assert all(s["id"] != service_id or not s["open_now"] for s in body["services"])

    page.goto(live_server(f"/admin/services/{service_id}/history"))
    assert "Version" in page.locator("h2").first.inner_text() and "Staff training" in page.content()
    screenshot(page, "5-history")


def test_editor_pages_on_a_tablet(browser, live_server, editor_email, screenshot):
    context = browser.new_context(locale="en-GB", **TABLET)
    try:
        page = context.new_page()
        page.set_default_timeout(10_000)
        page.goto(live_server("/admin/review"))
        page.get_by_label("Email").fill(editor_email)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url("**/admin/review")
        assert re.search(r"\d+ running services? not verified", page.locator(".lead").inner_text())
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 820, f"the page scrolls sideways on a tablet ({width}px)"
        assert serious_accessibility_problems(page) == []
        screenshot(page, "tablet-review")
        page.goto(live_server("/admin/import"))
        assert serious_accessibility_problems(page) == []
    finally:
        context.close()
