"""Real-browser fixtures: the app served on SQLite in a thread, driven by Debian's Chromium via Playwright.

`live_server` is shared by the whole session (directory loaded once); `page` is a fresh browser
context per test. A test that needs another "now" pins it with
`monkeypatch.setitem(live_server.app.config, "NOW", ...)`. Without /usr/bin/chromium the tests
are skipped locally and fail under CI=true.
"""
from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from navigator import create_app
from tests.conftest import IN_CI, OUTPUT_DIR, WEDNESDAY_2PM

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOT_DIR = OUTPUT_DIR / "screenshots"


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items):
    """Every test in this folder is a browser test (`-m "not browser"` leaves them out)."""
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.browser)


@dataclass
class LiveServer:
    """The running app: its base URL and the Flask app (for config and direct database setup)."""

    app: object
    url: str

    def __call__(self, path: str = "/") -> str:
        """An absolute URL for `path`."""
        return self.url + path


@pytest.fixture(scope="session")
def live_server(sqlite_url):
    """The app on SQLite, served by werkzeug on 127.0.0.1 and a free port, `NOW` pinned."""
    app = create_app(
        {
            "TESTING": True,
            "DATABASE_URL": sqlite_url,
            "SECRET_KEY": "browser-test-secret",
            "NOW": WEDNESDAY_2PM,
        }
    )
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    yield LiveServer(app, f"http://127.0.0.1:{server.server_port}")
    server.shutdown()
    thread.join(timeout=10)
    server.server_close()
    app.extensions["db_session"].remove()
    app.extensions["db_engine"].dispose()


def _require_chromium() -> None:
    if CHROMIUM.exists():
        return
    message = f"Chromium not found at {CHROMIUM} (apt-get install chromium chromium-driver)"
    if IN_CI:
        pytest.fail(message + ": browser tests must run under CI=true")
    pytest.skip(message)


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the session."""
    _require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture()
def open_page(browser):
    """open_page(**context_options) → a page in a fresh context (no cookies shared), closed after the test.

    Any Content-Security-Policy violation the browser reports fails the test: the pages must work under the CSP.
    """
    contexts = []
    violations = []

    def open_(**options):
        context = browser.new_context(**options)
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()
        page.on("console", lambda msg: violations.append(msg.text) if "Content Security Policy" in msg.text else None)
        return page

    yield open_
    for context in contexts:
        context.close()
    assert violations == [], violations


@pytest.fixture()
def page(open_page):
    """A fresh laptop-sized page."""
    return open_page(viewport={"width": 1280, "height": 900}, locale="en-GB")


@pytest.fixture()
def screenshot(request):
    """Save a full-page screenshot as test-output/screenshots/<test>-<name>.png and return the path."""
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    stem = re.sub(r"[^\w-]+", "_", request.node.name).strip("_")

    def take(page, name: str) -> Path:
        path = SCREENSHOT_DIR / f"{stem}-{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take
