"""A buyer's loyalty journey on a 360 px phone, through the real pages (Playwright + live server):
register → order → owner completes it → points available with tier progress → redeem them on the
next order and see the total drop → claim a reward and use its voucher at checkout."""

import re
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from oscar.core.loading import get_model

from loyalty import services
from loyalty.models import Reward, RewardKind
from tests.factories import ADDRESS, make_product, shop_ready

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
Order = get_model("order", "Order")
PASSWORD = "Kopi-susu-2026!"


def _rupiah(text):
    return Decimal(re.sub(r"[^\d]", "", text))


def _preview_total(page):
    return _rupiah(page.locator("#basket_totals .total, .basket-totals .total, tr.total").last.inner_text())


def _submit(page, locator):
    """Click a submit button and wait for the page it leads to."""
    with page.expect_navigation():
        page.locator(locator).first.click()


def _checkout(page, base, product_url, points=None, voucher=None):
    """Add the product, optionally a voucher, go through checkout (COD) and place the order.

    Returns the preview's order total before and after using points."""
    page.goto(base + product_url)
    _submit(page, "#add_to_basket_form [type=submit]")
    if voucher:
        page.goto(base + "/shop/basket/")
        page.locator("#voucher_form_link, [href='#voucher']").first.click()
        page.fill("#id_code", voucher)
        _submit(page, "#voucher_form [type=submit]")
    page.goto(base + "/shop/checkout/")
    if page.locator("#id_first_name").count():
        for field in ("first_name", "phone_number", "line1", "line2", "line4", "postcode"):
            page.fill(f"#id_{field}", ADDRESS[field])
        page.select_option("#id_state", ADDRESS["state"])
        _submit(page, "form#new_shipping_address [type=submit]")
    if "/shipping-method/" in page.url:
        _submit(page, "form:has(input[value='province-flat-rate']) [type=submit]")
    page.check("input[value='cod']")
    _submit(page, "#payment-method-submit")
    assert "/preview/" in page.url
    before = _preview_total(page)
    after = before
    if points:
        page.fill("#id_loyalty_points", str(points))
        _submit(page, "form.loyalty-redeem [type=submit]")
        assert "/preview/" in page.url
        after = _preview_total(page)
    page.click("#place-order")
    page.wait_for_url(re.compile(r".*/checkout/thank-you/"))
    return before, after


def _owner_completes(browser, base, order):
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True)
    page = context.new_page()
    page.goto(base + "/dashboard/login/")
    page.fill("input[name=username]", "pemilik@example.com")
    page.fill("input[name=password]", PASSWORD)
    _submit(page, "#dashboard_login_form [type=submit]")
    page.goto(f"{base}/dashboard/orders/{order.number}/")  # cash on delivery: ready to ship
    page.fill("#ship-tracking", "JNE123456")
    _submit(page, "#action-ship")
    _submit(page, "#action-complete")
    context.close()


def test_points_journey_on_a_phone(phone, playwright_browser, live_server, settings):
    shop_ready(unique_code=False)
    owner = get_user_model().objects.create_user(email="pemilik@example.com", password=PASSWORD)
    owner.is_staff = owner.is_superuser = True  # the shop owner (Oscar 4 checks permissions)
    owner.save()
    product = make_product(price="1200000", stock=20, title="Batik tulis Pekalongan")
    base = live_server.url

    phone.goto(base + "/shop/accounts/register/")
    phone.fill("#id_email", "dina@example.com")
    phone.fill("#id_password1", PASSWORD)
    phone.fill("#id_password2", PASSWORD)
    _submit(phone, "#register_form [type=submit]")

    _checkout(phone, base, product.get_absolute_url())
    order = Order.objects.get()
    _owner_completes(playwright_browser, base, order)

    phone.goto(base + "/shop/accounts/loyalty/")
    available = int(re.sub(r"\D", "", phone.get_by_test_id("available").inner_text()))
    assert available == 120 + 20  # Rp 1.200.000 / 10.000, plus the sign-up bonus
    assert phone.get_by_test_id("tier").inner_text() == "Silver"
    assert "lagi ke Gold" in phone.get_by_test_id("tier-progress").inner_text()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360

    before, after = _checkout(phone, base, product.get_absolute_url(), points=100)
    assert before - after == Decimal("10000")
    second = Order.objects.order_by("-pk").first()
    assert second.total_incl_tax == before - Decimal("10000")

    Reward.objects.create(name="Potongan Rp 50.000", kind=RewardKind.RUPIAH, points_cost=40, value=50000)
    phone.goto(base + "/shop/accounts/loyalty/")
    with phone.expect_navigation():
        phone.get_by_role("button", name="Klaim").first.click()
    code = phone.get_by_test_id("voucher-code").inner_text()
    _checkout(phone, base, product.get_absolute_url(), voucher=code)
    third = Order.objects.order_by("-pk").first()
    assert third.discounts.get().amount == Decimal("50000")
    assert services.points_summary(third.user.customer).available == available - 100 - 40
