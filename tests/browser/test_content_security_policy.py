"""Every main page of the demo shop under the real Content-Security-Policy, in headless Chromium
at 360 px: no CSP violation, no console error, no uncaught JavaScript error — as a buyer and as
the owner (Oscar dashboard, loyalty, CRM, quick catalogue). The policy itself must not allow
inline scripts or eval, and Oscar's dashboard widgets (tinymce, select2, date pickers) must
still start under it.
"""

import io
import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from oscar.core.loading import get_model
from wagtail.models import Page

from crm.models import Customer, Feedback
from storefront import demo
from tests.browser.steps import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

Order = get_model("order", "Order")
Product = get_model("catalogue", "Product")
Category = get_model("catalogue", "Category")

# Runs before any script of the page (Playwright injects it through the DevTools protocol, which
# the page's CSP does not govern) and keeps every violation the browser reports.
WATCH_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", function (e) {
    window.__violations.push(e.violatedDirective + " " + (e.blockedURI || "inline") + " " +
                             (e.sourceFile || "") + ":" + e.lineNumber + " " + (e.sample || ""));
});
"""


@pytest.fixture
def demo_shop(db):
    call_command("seed_demo", stdout=io.StringIO())


class Watcher:
    """Console errors, uncaught errors and CSP violations of one browser page, per URL."""

    def __init__(self, page, strict_scripts=True):
        self.page = page
        self.strict_scripts = strict_scripts
        self.problems = []
        page.context.add_init_script(WATCH_VIOLATIONS)
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.problems.append(f"{page.url}: uncaught {error}"))
        page.on("response", self._response)

    def _response(self, response):
        if response.status >= 400:
            self.problems.append(f"{self.page.url}: {response.status} for {response.url}")

    def _console(self, message):
        if message.type == "error":
            self.problems.append(f"{self.page.url}: console error {message.text}")

    def visit(self, url):
        response = self.page.goto(url)
        assert response.status < 400, f"{url} -> {response.status}"
        policy = response.headers.get("content-security-policy", "")
        scripts = re.search(r"script-src ([^;]*)", policy)
        assert scripts, f"{url}: no script-src in {policy!r}"
        if self.strict_scripts:
            assert "unsafe-inline" not in scripts.group(1) and "unsafe-eval" not in scripts.group(1), url
        self.page.wait_for_load_state("load")
        for violation in self.page.evaluate("window.__violations"):
            self.problems.append(f"{url}: CSP violation {violation}")
        return response


def test_buyer_pages_run_without_inline_scripts(phone, live_server, demo_shop):
    base = live_server.url
    watcher = Watcher(phone)
    product = Product.objects.filter(upc="BTK-001").get()
    category = Category.objects.get(name=demo.COFFEE)
    anonymous = [
        "/",
        "/tentang-kami/",
        "/shop/catalogue/",
        category.get_absolute_url(),
        product.get_absolute_url(),
        "/shop/search/?q=kopi",
        "/shop/basket/",
        "/shop/accounts/login/",
        "/shop/password-reset/",
    ]
    for url in anonymous:
        watcher.visit(base + url)

    log_in(phone, base + "/shop/accounts/login/", demo.BUYER_EMAIL, demo.BUYER_PASSWORD, "#login_form")
    # A product in the basket, so the basket page, its JavaScript and checkout have something.
    watcher.visit(base + product.get_absolute_url())
    phone.locator("#add_to_basket_form [type=submit]").click()
    phone.wait_for_load_state("load")
    order = Order.objects.filter(user__email=demo.BUYER_EMAIL).order_by("-date_placed").first()
    signed_in = [
        "/shop/basket/",
        "/shop/checkout/shipping-address/",
        "/shop/accounts/profile/",
        "/shop/accounts/orders/",
        f"/shop/accounts/orders/{order.number}/",
        reverse("checkout:invoice", kwargs={"order_number": order.number, "hash": order.verification_hash()}),
        "/shop/accounts/addresses/",
        reverse("loyalty:account"),
        reverse("crm_account:feedback-list"),
    ]
    for url in signed_in:
        watcher.visit(base + url)
    assert not watcher.problems, "\n".join(watcher.problems)


def test_owner_pages_run_without_inline_scripts_and_the_dashboard_widgets_start(
    phone, live_server, demo_shop
):
    base = live_server.url
    watcher = Watcher(phone)
    log_in(phone, base + "/dashboard/login/", demo.OWNER_EMAIL, demo.OWNER_PASSWORD, "#dashboard_login_form")
    order = Order.objects.order_by("-date_placed").first()
    customer = Customer.objects.order_by("pk").first()
    feedback = Feedback.objects.order_by("pk").first()
    product = Product.objects.filter(upc="BTK-001").get()
    pages = [
        "/dashboard/",
        "/dashboard/orders/",
        f"/dashboard/orders/{order.number}/",
        "/dashboard/orders/statistics/",
        "/dashboard/orders/settings/payment/",
        "/dashboard/orders/settings/shipping/",
        "/dashboard/catalogue/",
        "/dashboard/catalogue/categories/",
        "/dashboard/users/",
        "/dashboard/offers/",
        "/dashboard/reviews/",
        "/dashboard/reports/",
        "/dashboard/loyalty/",
        "/dashboard/loyalty/settings/",
        "/dashboard/loyalty/tiers/",
        "/dashboard/loyalty/rewards/",
        "/dashboard/loyalty/customers/",
        "/dashboard/loyalty/counter/",
        "/dashboard/crm/today/",
        "/dashboard/crm/customers/",
        f"/dashboard/crm/customers/{customer.pk}/",
        "/dashboard/crm/feedback/",
        f"/dashboard/crm/feedback/{feedback.pk}/",
        "/dashboard/crm/segments/",
        "/dashboard/crm/analytics/",
        "/dashboard/crm/campaigns/",
        "/dashboard/crm/campaigns/new/",
        "/dashboard/quick-catalogue/",
        "/dashboard/quick-catalogue/add/",
        "/dashboard/quick-catalogue/import/",
        "/dashboard/staff/",
        "/dashboard/staff/log/",
    ]
    for url in pages:
        watcher.visit(base + url)

    # Oscar's dashboard JavaScript still starts: the rich-text editor and select2 on the product
    # form, the date picker on the voucher form.
    watcher.visit(f"{base}/dashboard/catalogue/products/{product.pk}/")
    phone.locator(".tox-tinymce").first.wait_for()
    assert phone.locator(".select2-container").count() > 0
    watcher.visit(f"{base}/dashboard/vouchers/create/")
    phone.locator(".datetimepicker-input, [data-toggle=datetimepicker]").first.wait_for(state="attached")
    assert phone.evaluate("typeof jQuery.fn.datetimepicker") == "function"
    assert not watcher.problems, "\n".join(watcher.problems)


def test_the_wagtail_admin_has_its_own_script_policy_and_asks_no_third_party(phone, live_server, demo_shop):
    """Wagtail 8's admin needs inline scripts (page listing, page editor): /cms/ allows them,
    without a nonce (which would switch 'unsafe-inline' off) and without 'unsafe-eval'; every
    other directive is the shop's, and nothing is loaded from gravatar.com or wagtail.org."""
    base = live_server.url
    watcher = Watcher(phone, strict_scripts=False)
    log_in(phone, base + "/cms/login/", demo.OWNER_EMAIL, demo.OWNER_PASSWORD, "form[method=post]")
    home = Page.objects.get(depth=2)
    about = Page.objects.get(slug="tentang-kami")
    pages = ("/cms/", "/cms/pages/", f"/cms/pages/{home.pk}/", f"/cms/pages/{about.pk}/edit/", "/cms/images/")
    for url in pages:
        response = watcher.visit(base + url)
        policy = response.headers["content-security-policy"]
        directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
        assert directives["script-src"] == "'self' 'unsafe-inline'", policy
        assert "unsafe-eval" not in policy and "nonce-" not in policy
        assert directives["default-src"] == "'self'" and directives["object-src"] == "'none'", policy
    assert not watcher.problems, "\n".join(watcher.problems)
