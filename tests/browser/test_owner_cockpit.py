"""The owner's dashboard on a 360 px phone, as the owner of the demo shop: the shop's own shell
(name, one bottom menu of six places, their tabs, a "Panduan"), and every owner page reached
from the menu without a console error and without growing wider than the phone."""

import io
import re

import pytest
from django.core.management import call_command
from oscar.core.loading import get_model

from core.order_statuses import PENDING_PAYMENT
from storefront.payment.models import PaymentMethod
from storefront.payment.services import record_order_payment
from tests.browser.steps import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OWNER = ("pemilik@langganan.test", "demo-pemilik-123")
Order = get_model("order", "Order")
PLACES = ["Hari ini", "Pesanan", "Produk", "Pelanggan", "Loyalitas", "Halaman"]


@pytest.fixture
def demo_shop(settings, live_server):
    settings.SITE_URL = live_server.url
    call_command("seed_demo", stdout=io.StringIO())
    return live_server.url


class Watch:
    """Console errors and uncaught exceptions of one browser page."""

    def __init__(self, page):
        self.errors = []
        page.on("console", lambda message: message.type == "error" and self.errors.append(message.text))
        page.on("pageerror", lambda error: self.errors.append(str(error)))

    def take(self):
        errors, self.errors = self.errors, []
        return errors


def log_in_as_owner(phone, base):
    log_in(phone, f"{base}/dashboard/login/", *OWNER, "#dashboard_login_form")
    phone.wait_for_url(re.compile(r"/dashboard/$"))


def page_width(phone):
    """The widest the page grew: the document or the right edge of any element that is not
    inside its own scrolling box (a wide table scrolls inside the page, which stays 360 px)."""
    return phone.evaluate(
        """() => {
            const scrolls = e => {
                for (let a = e.parentElement; a && a !== document.body; a = a.parentElement) {
                    if (getComputedStyle(a).overflowX !== 'visible') return true;
                }
                return false;
            };
            const edges = Array.from(document.body.querySelectorAll('*'))
                .filter(e => !scrolls(e) && !e.closest('.modal')).map(e => e.getBoundingClientRect().right);
            return Math.max(document.documentElement.scrollWidth, ...edges);
        }"""
    )


# A list page, and the addresses of the detail pages opened from it (the first three of each).
DETAILS = [
    ("/dashboard/orders/", r"/dashboard/orders/DEMO-\d+/$"),
    ("/dashboard/crm/customers/", r"/dashboard/crm/customers/\d+/$"),
    ("/dashboard/crm/feedback/", r"/dashboard/crm/feedback/\d+/$"),
    ("/dashboard/loyalty/customers/", r"/dashboard/loyalty/customers/\d+/$"),
    ("/dashboard/catalogue/", r"/dashboard/catalogue/products/\d+/$"),
]


def first_links(phone, pattern, count=3):
    hrefs = phone.locator(".content a").evaluate_all("links => links.map(a => a.href)")
    return list(dict.fromkeys(href for href in hrefs if re.search(pattern, href)))[:count]


def test_every_owner_page_from_the_menu_fits_the_phone_without_console_errors(demo_shop, phone):
    watch = Watch(phone)
    log_in_as_owner(phone, demo_shop)

    bar = phone.locator(".cockpit-bar a")
    assert bar.all_inner_texts() == PLACES
    for box in (item.bounding_box() for item in bar.all()):
        assert box["height"] >= 44 and box["width"] >= 44
    assert phone.locator(".cockpit-brand").inner_text().strip() == "Toko Langganan"
    assert phone.locator(".cockpit-header, .cockpit-bar").count() == 2
    assert phone.locator(".navbar").count() == 0  # Oscar's two stacked menu bars are gone

    # Every place and every tab of every place, then one order and one customer from the lists.
    to_visit = list(bar.evaluate_all("links => links.map(a => a.href)"))
    seen, problems = set(), []
    while to_visit:
        url = to_visit.pop(0)
        if url in seen or "/cms/" in url:  # the Wagtail admin keeps its own layout
            continue
        seen.add(url)
        phone.goto(url)
        tabs = phone.locator(".cockpit-tabs a").evaluate_all("links => links.map(a => a.href)")
        to_visit += [tab for tab in tabs if tab not in seen]
        for box in (tab.bounding_box() for tab in phone.locator(".cockpit-tabs a").all()):
            assert box["height"] >= 44
        width = page_width(phone)
        errors = watch.take()
        if width > 360 or errors:
            problems.append((url, width, errors))
        for listing, detail in DETAILS:
            if url.endswith(listing):
                to_visit += first_links(phone, detail)
    assert len(seen) > 25
    assert any(re.search(r"/dashboard/orders/DEMO-\d+/$", url) for url in seen)
    assert not problems, problems

    # The order page stays phone-wide after the owner's action and its messages.
    waiting = Order.objects.filter(status=PENDING_PAYMENT).first()
    record_order_payment(waiting, PaymentMethod.BANK_TRANSFER)
    phone.goto(f"{demo_shop}/dashboard/orders/{waiting.number}/")
    phone.locator("#action-confirm").click()
    phone.locator("#whatsapp-buyer").wait_for()
    assert page_width(phone) <= 360
    assert not watch.take()


def test_dashboard_root_is_hari_ini_with_a_guide(demo_shop, phone):
    log_in_as_owner(phone, demo_shop)
    assert phone.locator(".cockpit-bar a.active").inner_text() == "Hari ini"
    assert phone.locator("h1").inner_text().strip() == "Hari ini"
    assert "Total pelanggan" not in phone.content()  # Oscar's own statistics are not the start page
    phone.locator("#panduan summary").click()
    phone.locator("#panduan ol li").first.wait_for()
    assert phone.locator("#panduan ol li").count() == 2


def test_installed_dashboard_shows_the_offline_page_without_a_connection(demo_shop, phone):
    log_in_as_owner(phone, demo_shop)
    phone.evaluate("navigator.serviceWorker.ready.then(() => true)")
    phone.reload()  # the page is now controlled by the service worker
    phone.context.set_offline(True)
    phone.goto(f"{demo_shop}/dashboard/orders/")
    phone.get_by_text("Tidak ada koneksi").wait_for()
    phone.context.set_offline(False)
    urls = phone.evaluate(
        "caches.keys().then(keys => Promise.all(keys.map(k => caches.open(k).then(c => c.keys()))))"
        ".then(all => all.flat().map(r => new URL(r.url).pathname))"
    )
    assert sorted(urls) == ["/offline/", "/static/storefront/offline.css"]  # no private page
