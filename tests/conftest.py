"""Shared fixtures: the shop's basic data, its owner and a buyer, service checks and the headless browser.

Markers:
- ``services``: the test needs PostgreSQL (DATABASE_URL) and Redis (REDIS_URL). It skips on a
  machine without them, and fails instead when REQUIRE_SERVICES=1 (CI), so that it can never
  silently skip there.
- ``browser``: the test drives Debian's headless Chromium with Playwright. It skips where no
  chromium is installed, and fails instead under CI.
"""

import os
import shutil
import socket
from pathlib import Path
from urllib.parse import urlparse

import pytest
from django.conf import settings

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",  # CI runs as root
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",  # the machine's network is closed
    "--disable-component-update",
    "--disable-sync",
]
PHONE_VIEWPORT = {"width": 360, "height": 740}


def _truthy(name):
    return os.environ.get(name, "").lower() in {"1", "true", "yes"}


def _redis_reachable():
    url = urlparse(settings.REDIS_URL or "")
    if not url.hostname:
        return False
    try:
        with socket.create_connection((url.hostname, url.port or 6379), timeout=1):
            return True
    except OSError:
        return False


def services_missing_reason():
    """Why the PostgreSQL + Redis tests cannot run here, or '' when they can."""
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        return "DATABASE_URL is not PostgreSQL"
    if not _redis_reachable():
        return "REDIS_URL is not set or Redis is not reachable"
    return ""


def pytest_runtest_setup(item):
    if "services" in item.keywords:
        reason = services_missing_reason()
        if reason and _truthy("REQUIRE_SERVICES"):
            pytest.fail(f"REQUIRE_SERVICES=1 but {reason}", pytrace=False)
        if reason:
            pytest.skip(reason)
    if "browser" in item.keywords and not (os.path.exists(CHROMIUM) or shutil.which("chromium")):
        if _truthy("CI"):
            pytest.fail(f"CI needs the browser tests, but there is no chromium at {CHROMIUM}", pytrace=False)
        pytest.skip(f"no chromium at {CHROMIUM}")


@pytest.fixture(autouse=True)
def _indonesian_by_default(settings):
    """Every test starts in the shop's default language, Indonesian."""
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _empty_cache():
    """Every test starts with an empty cache: the database is rolled back after each test, so
    cached settings, menus and pages from an earlier test would be stale, and the rate limits
    and login throttles count in the cache."""
    from django.core.cache import caches

    for each in caches.all():
        each.clear()
    yield
    for each in caches.all():
        each.clear()


@pytest.fixture(autouse=True)
def _no_receipts_left_from_earlier_tests():
    """Every test starts with no stored payment receipts: the database is rolled back after each
    test, so the next test's order 100001 would find the last one's file and be stored under
    another name."""
    yield
    for stored in Path(settings.PRIVATE_MEDIA_ROOT).iterdir():
        shutil.rmtree(stored) if stored.is_dir() else stored.unlink()


@pytest.fixture(scope="session")
def playwright_browser():
    """One headless Chromium for the whole session (Debian's, not a downloaded build)."""
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright runs an event loop
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def phone(playwright_browser):
    """A fresh browser context sized like a small Android phone (360×740)."""
    context = playwright_browser.new_context(viewport=PHONE_VIEWPORT, locale="id-ID", is_mobile=True)
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def home_page(db):
    """The shop's Wagtail home page at ``/`` (the tests build tables without migrations)."""
    from cms.site import ensure_home_page

    return ensure_home_page()


@pytest.fixture
def ready_shop(db):
    """The owner's setup that checkout needs (``shop_ready``: a bank account, the province
    shipping rates, payment settings); modules mark ``pytest.mark.usefixtures("ready_shop")``."""
    from tests.factories import shop_ready

    return shop_ready()


@pytest.fixture
def owner_user(db):
    """The shop's owner as the demo shop makes them: a staff superuser (``make_owner``), e-mail
    ``OWNER_EMAIL``, password ``OWNER_PASSWORD`` (``tests.factories``)."""
    from tests.factories import make_owner

    return make_owner()


@pytest.fixture
def owner(client, owner_user):
    """The test ``client`` (the same object), logged in as the shop's owner."""
    client.force_login(owner_user)
    return client


@pytest.fixture
def buyer(db, client):
    """A registered buyer (``make_buyer``, rina@example.com); the test ``client`` is signed in
    as them."""
    from tests.factories import make_buyer

    user = make_buyer("rina@example.com")
    client.force_login(user)
    return user


@pytest.fixture
def make_product(db):
    """``tests.factories.make_product`` with a catalogue product's defaults: Rp 15.000, 10 in
    stock, filed under "Kopi".

    ``make_product(title="Kopi Gayo", price="15000", category="Kopi", stock=10)``.
    """
    from tests.factories import make_product

    def make(title="Kopi Arabika Gayo 250 g", price="15000", category="Kopi", stock=10):
        return make_product(title=title, price=price, stock=stock, category=category)

    return make


@pytest.fixture
def gayo(make_product):
    """A product whose drawn parts the kept-HTML tests watch: Rp 45.000, 5 in stock."""
    return make_product(title="Kopi Gayo", price="45000", stock=5)
