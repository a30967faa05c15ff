"""Journeys at 360 px in headless Chromium against the live server: (a) a guest pays by bank
transfer and uploads a receipt, the owner confirms and ships, the buyer sees "Dikirim" with the
tracking number; (b) a signed-in buyer pays cash on delivery, never sees a transfer prompt, and
the owner completes the order with "uang diterima"."""

import io

import pytest
from django.contrib.auth import get_user_model
from oscar.core.loading import get_model
from PIL import Image

from tests.browser.steps import check_out, sign_in
from tests.conftest import PHONE_VIEWPORT
from tests.factories import make_product, shop_ready

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
Order = get_model("order", "Order")


def receipt_photo(tmp_path):
    path = tmp_path / "struk-transfer.jpg"
    image = io.BytesIO()
    Image.new("RGB", (300, 500), "white").save(image, "JPEG")
    path.write_bytes(image.getvalue())
    return str(path)


def owner_page(playwright_browser, live_server):
    """A second phone, signed in as the shop owner (session cookie from the test client)."""
    owner = get_user_model().objects.create_user(email="owner@example.com", password="pw-owner-123")
    owner.is_staff = owner.is_superuser = True
    owner.save()
    return signed_in_page(playwright_browser, live_server, owner)


def signed_in_page(playwright_browser, live_server, user):
    """A phone of its own, signed in as ``user``."""
    context = playwright_browser.new_context(viewport=PHONE_VIEWPORT, locale="id-ID", is_mobile=True)
    context.set_default_timeout(15_000)
    page = context.new_page()
    sign_in(page, live_server, user)
    return page


def test_guest_pays_by_transfer_owner_confirms_and_ships(phone, playwright_browser, live_server, tmp_path):
    shop_ready()
    product = make_product(price="75000", stock=3)

    check_out(phone, live_server, product, "bank_transfer", guest_email="siti@example.com")
    phone.wait_for_selector("#payment-instructions")
    assert "1234567890" in phone.inner_text("#payment-instructions")
    assert phone.get_attribute("#whatsapp-shop", "href").startswith("https://wa.me/")
    phone.click("#order-page-link")
    phone.set_input_files("#id_receipt", receipt_photo(tmp_path))
    phone.click("#receipt-upload-submit")
    phone.wait_for_selector(".receipts")
    assert phone.inner_text("#order-status") == "Menunggu pembayaran"
    order_page_url = phone.url.split("#")[0]
    order = Order.objects.get()

    owner = owner_page(playwright_browser, live_server)
    owner.goto(f"{live_server.url}/dashboard/orders/{order.number}/")
    owner.wait_for_selector("#receipt-list img")
    assert owner.evaluate("document.documentElement.scrollWidth") <= 360 + 1
    owner.click("#action-confirm")
    assert owner.inner_text("#order-status") == "Dibayar"
    assert owner.get_attribute("#whatsapp-buyer", "href").startswith("https://wa.me/6281234567890?text=")
    owner.click("#action-process")
    owner.select_option("#ship-courier", "jne")
    owner.fill("#ship-tracking", "JNE0012345678")
    owner.click("#action-ship")
    assert owner.inner_text("#order-status") == "Dikirim"
    assert "JNE0012345678" in owner.get_attribute("#whatsapp-buyer", "href")
    owner.context.close()

    phone.goto(order_page_url)
    assert phone.inner_text("#order-status") == "Dikirim"
    assert phone.inner_text("#tracking-number") == "JNE0012345678"
    wide = phone.evaluate(
        "[...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > 362)"
        ".map(e => e.tagName + '#' + e.id + '.' + e.className).slice(0, 15)"
    )
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360 + 1, wide


def test_signed_in_buyer_pays_cash_on_delivery_and_the_owner_records_the_cash(
    playwright_browser, live_server
):
    shop_ready()
    product = make_product(price="40000", stock=2)
    buyer = get_user_model().objects.create_user(email="budi@example.com", password="pw-budi-123")
    phone = signed_in_page(playwright_browser, live_server, buyer)

    check_out(phone, live_server, product, "cod")
    phone.wait_for_selector("#payment-instructions")
    thank_you = phone.inner_text("main") if phone.locator("main").count() else phone.inner_text("body")
    assert "Siapkan uang tunai" in thank_you
    for transfer_prompt in ("transfer", "bukti", "Bayar sebelum", "Menunggu pembayaran"):
        assert transfer_prompt.lower() not in thank_you.lower()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360 + 1
    phone.click("#order-page-link")
    order_page = phone.inner_text("body")
    assert "Diproses" in order_page and "Menunggu pembayaran" not in order_page
    assert phone.locator("#receipt-form").count() == 0
    order = Order.objects.get(user=buyer)

    owner = owner_page(playwright_browser, live_server)
    owner.goto(f"{live_server.url}/dashboard/orders/{order.number}/")
    assert owner.locator("#action-confirm").count() == 0  # nothing to confirm for COD
    assert owner.locator("#action-process").count() == 0  # ready to prepare since it was placed
    owner.select_option("#ship-courier", "sicepat")
    owner.fill("#ship-tracking", "SCP998877")
    owner.click("#action-ship")
    assert "Uang diterima" in owner.inner_text("#action-complete")
    owner.click("#action-complete")
    assert owner.inner_text("#order-status") == "Selesai"
    owner.context.close()

    phone.reload()
    assert phone.inner_text("#order-status") == "Selesai"
    order.refresh_from_db()
    assert order.payment_info.confirmed_at is not None
    assert order.payment_events.filter(event_type__name="Paid").count() == 1
    phone.context.close()
