"""Staff tools in a real browser: a prescriber finds debt advice near a Brent postcode and texts it;
a call handler looks up open alternatives for UB3 1AA. Screenshots go to test-output/screenshots/."""
from __future__ import annotations

import uuid

import pytest
from sqlalchemy import select

pytestmark = pytest.mark.browser
PASSWORD = "browser test password"


@pytest.fixture()
def account(live_server):
    """account(role) → the email of a new staff account on the live server's database."""
    from navigator import db
    from navigator.staff.auth import create_user

    def make(role: str) -> str:
        email = f"browser-{role}-{uuid.uuid4().hex[:8]}@staff.test"
        with live_server.app.app_context():
            create_user(db.session(), email, PASSWORD, role, name=f"Test {role.replace('_', ' ').title()}")
        return email

    return make


def sign_in(page, email: str) -> None:
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def serious_accessibility_problems(page) -> list[str]:
    """axe-core violations of serious or critical impact on the current page."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [f"{v['id']}: {v['help']}" for v in results.response["violations"] if v.get("impact") in ("serious", "critical")]


def test_prescriber_finds_debt_advice_near_brent_and_texts_it(page, live_server, account, screenshot):
    from navigator import db
    from navigator.sms.sender import sender_for
    from navigator.staff.models import SendAudit, User

    email = account("prescriber")
    page.goto(live_server("/staff/search"))
    assert "/staff/login" in page.url
    screenshot(page, "1-sign-in")
    sign_in(page, email)
    page.wait_for_url("**/staff/search")

    page.get_by_label("What does the person need?").fill("debt advice")
    page.locator("summary", has_text="Filters").click()
    page.get_by_label("Near (postcode or area)").fill("HA0 4UJ")
    page.get_by_label("What does the person need?").press("Enter")
    page.wait_for_url("**q=debt+advice**")
    results = page.locator("li.result")
    assert results.count() >= 3
    assert "Why:" in results.first.inner_text()
    assert not serious_accessibility_problems(page)
    screenshot(page, "2-search-results")

    first_name = results.first.locator("h3 a").inner_text()
    results.first.locator("h3 a").click()
    page.wait_for_url("**/staff/services/**")
    assert page.locator("h1").inner_text() == first_name
    assert page.get_by_role("heading", name="Hours this week").is_visible()
    assert not serious_accessibility_problems(page)
    screenshot(page, "3-service")

    page.get_by_role("link", name="Send to resident").click()
    page.wait_for_url("**/staff/send**")
    page.get_by_label("Resident's mobile number").fill("07700 900123")
    page.get_by_label("Language of the text").select_option("pl")
    page.get_by_role("button", name="Update preview").click()
    assert first_name in page.locator(".sms-preview").inner_text()
    page.get_by_label("Resident's mobile number").fill("07700 900123")
    page.get_by_label("The resident has agreed").check()
    screenshot(page, "4-send")
    page.get_by_role("button", name="Send text").click()
    page.wait_for_selector(".flash")
    assert "Text sent to +44 ••• ••• •123" in page.locator(".flash").inner_text()
    screenshot(page, "5-sent")

    outbox = sender_for(live_server.app).outbox
    assert outbox and outbox[-1].to == "+447700900123" and first_name in outbox[-1].body
    with live_server.app.app_context():
        session = db.session()
        user = session.scalar(select(User).where(User.email == email))
        audit = session.scalar(select(SendAudit).where(SendAudit.user_id == user.id))
        assert audit.language == "pl" and 1 <= audit.segments <= 3


def test_call_handler_sees_open_alternatives_grouped(page, live_server, account, screenshot, browser):
    email = account("call_handler")
    page.goto(live_server("/staff/login?next=/staff/alternatives"))
    sign_in(page, email)
    page.wait_for_url("**/staff/alternatives")
    assert page.evaluate("document.activeElement.id") == "near"  # the postcode field has the focus
    page.keyboard.type("UB3 1AA")
    page.keyboard.press("Enter")
    page.wait_for_url("**near=UB3+1AA**")

    titles = page.locator(".alt-group h3").all_inner_texts()
    assert titles == [
        "Urgent treatment centres and walk-in centres",
        "Pharmacies",
        "GP practices",
        "Mental health crisis lines",
        "Urgent dental care",
    ]
    pharmacies = page.locator(".alt-group--pharmacy .alt-item")
    assert pharmacies.count() == 5
    assert all(text.startswith("Open") for text in page.locator(".alt-group--pharmacy .state").all_inner_texts())
    assert "NHS 111" in page.locator(".alt-group--dental").inner_text()
    assert not serious_accessibility_problems(page)
    screenshot(page, "1-laptop")

    tablet = browser.new_context(viewport={"width": 768, "height": 1024}, locale="en-GB")
    try:
        tablet_page = tablet.new_page()
        tablet_page.context.add_cookies(page.context.cookies())
        tablet_page.goto(page.url)
        assert tablet_page.locator(".alt-group").count() == 5
        width = tablet_page.evaluate("document.documentElement.scrollWidth")
        assert width <= 768  # no sideways scrolling on a tablet
        screenshot(tablet_page, "2-tablet")
    finally:
        tablet.close()
