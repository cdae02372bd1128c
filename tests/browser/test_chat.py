"""The resident chat page in a real Chromium: with and without JavaScript, English and Arabic, axe checks."""
import pytest

PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}


@pytest.fixture()
def phone_page(open_page):
    return open_page(locale="en-GB", **PHONE)


@pytest.fixture()
def no_js_page(open_page):
    return open_page(locale="ar", java_script_enabled=False, **PHONE)


def serious_violations(page):
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def test_sore_throat_in_ealing_shows_a_real_pharmacy_with_a_tel_link(phone_page, live_server, screenshot):
    page = phone_page
    page.goto(live_server("/"))
    assert page.locator(".emergency-banner").inner_text().startswith("In an emergency call 999")
    page.get_by_label("Your message").fill("sore throat, I'm in Ealing")
    page.get_by_role("button", name="Send").click()
    card = page.locator(".message-navigator .service").first
    card.wait_for()
    name = card.locator(".service-name").inner_text().split(". ", 1)[1].rsplit(" - ", 1)[0]
    with live_server.app.app_context():
        from sqlalchemy import select

        from navigator import db
        from navigator.directory.models import Location, Service

        found = db.session().scalars(
            select(Service).join(Location, Service.location_id == Location.id).where(Service.name == name)
        ).all()
    assert any(s.route == "pharmacy" and s.location.borough == "Ealing" for s in found), name
    tel = card.locator("a[href^='tel:']").first
    assert tel.get_attribute("href").startswith("tel:0")
    assert tel.inner_text().replace(" ", "") == tel.get_attribute("href").removeprefix("tel:")
    assert page.url == live_server("/")  # answered in place by the script, no reload
    screenshot(page, "ealing-pharmacy")


def test_works_without_javascript_in_arabic(no_js_page, live_server, screenshot):
    page = no_js_page
    page.goto(live_server("/?lang=ar"))
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("html").get_attribute("lang") == "ar"
    page.locator("#message").fill("عندي ألم في الحلق، W12 0HS")
    page.locator("#chat-form button[type=submit]").click()
    page.locator(".message-navigator .service").first.wait_for()
    reply = page.locator(".message-navigator").last
    assert reply.get_attribute("dir") == "rtl" and reply.get_attribute("lang") == "ar"
    assert page.locator(".message-navigator .service a[href^='tel:']").count() >= 1
    screenshot(page, "arabic-no-js")


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_chat_page_has_no_serious_accessibility_violations(page, live_server, screenshot, lang):
    page.goto(live_server(f"/?lang={lang}"))
    page.locator("#message").fill("twisted my ankle, HA1 3UJ")
    page.locator("#chat-form button[type=submit]").click()
    page.locator(".message-navigator").first.wait_for()
    assert serious_violations(page) == []
    screenshot(page, f"axe-{lang}")


def test_keyboard_only(page, live_server):
    page.goto(live_server("/"))
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    page.keyboard.press("Enter")
    page.locator("#message").focus()
    page.keyboard.type("I need a GP")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.locator(".message-navigator").first.wait_for()
    assert "postcode" in page.locator(".message-navigator").last.inner_text().lower()


@pytest.mark.parametrize("lang, text", [("ar", "عندي ألم في الحلق، W12 0HS"), ("ta", "தொண்டை வலி, W12 0HS")], ids=["ar", "ta"])
def test_chat_page_renders_in_arabic_and_tamil(phone_page, live_server, screenshot, lang, text):
    page = phone_page
    page.goto(live_server(f"/?lang={lang}"))
    html = page.locator("html")
    assert html.get_attribute("lang") == lang
    assert html.get_attribute("dir") == ("rtl" if lang == "ar" else "ltr")
    heading = page.locator("h1").inner_text()
    assert heading and heading != "Where should I go?"  # translated, not the English source
    page.locator("#message").fill(text)
    page.locator("#chat-form button[type=submit]").click()
    page.locator(".message-navigator .service").first.wait_for()
    screenshot(page, lang)
