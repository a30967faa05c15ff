"""The owner's daily tasks on a 360 px phone, each counted in taps from "Hari ini" against the
goal of issue 15: confirm a transfer (2), ship a paid order (2 + typing), answer a complaint (2),
record a counter sale (2 + typing), message a customer who is slipping away (1)."""

import re

import pytest

from core.order_statuses import PAID, SHIPPED
from crm.feedback import record_order_complaint
from crm.models import Customer, Feedback, FeedbackStatus
from loyalty.models import Entry
from storefront.order import services
from tests.browser.steps import log_in
from tests.factories import make_order_row, make_product, place_with_order_creator, shop_ready

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


class Taps:
    """Counts the owner's taps (clicks); typing is not a tap."""

    def __init__(self, phone):
        self.phone, self.count = phone, 0

    def __call__(self, locator):
        self.count += 1
        locator.click()


@pytest.fixture
def owner_on_hari_ini(phone, live_server, django_user_model, settings):
    settings.SITE_URL = live_server.url
    owner = django_user_model.objects.create_user(email="pemilik@example.com", password="rahasia-123")
    owner.is_staff = owner.is_superuser = True
    owner.save()
    shop_ready()
    phone.context.route(re.compile(r"https://wa\.me/.*"), lambda route: route.fulfill(body="WhatsApp"))
    login = f"{live_server.url}/dashboard/login/"
    log_in(phone, login, "pemilik@example.com", "rahasia-123", "#dashboard_login_form")
    phone.wait_for_url(re.compile(r"/dashboard/$"))

    def hari_ini():
        phone.goto(f"{live_server.url}/dashboard/")
        return Taps(phone)

    return hari_ini


def test_confirm_a_transfer_in_two_taps(owner_on_hari_ini, phone):
    order = place_with_order_creator(payment_method="bank_transfer")
    tap = owner_on_hari_ini()
    waiting = phone.locator("#today-waiting-orders li", has_text=str(order.number))
    tap(waiting.get_by_role("link", name="Buka"))
    tap(phone.locator("#action-confirm"))
    phone.locator("#order-status", has_text="Dibayar").wait_for()
    assert tap.count <= 2
    order.refresh_from_db()
    assert order.status == PAID


def test_ship_a_paid_order_in_two_taps_with_the_whatsapp_message(owner_on_hari_ini, phone):
    order = place_with_order_creator(payment_method="bank_transfer")
    services.confirm_payment(order.pk)
    tap = owner_on_hari_ini()
    to_ship = phone.locator("#today-to-ship")
    assert to_ship.locator(".badge").inner_text() == "1"
    tap(to_ship.locator("li", has_text=str(order.number)).get_by_role("link", name="Kirim"))
    # Tapped before cockpit.js has run, "Kirim" is the plain form (tested in functional tests).
    phone.wait_for_url(re.compile(r"/kirim/$"))
    phone.fill("#ship-tracking", "JP1234567890")  # typed (or scanned)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    with phone.context.expect_page() as whatsapp:
        tap(phone.locator("#ship-submit"))
    whatsapp.value.wait_for_url(re.compile(r"https://wa\.me/6281234567890\?text=.*JP1234567890"))
    phone.wait_for_url(re.compile(r"/dashboard/$"))
    phone.get_by_text(f"Pesanan {order.number} sudah dikirim.").wait_for()
    assert tap.count <= 2
    order.refresh_from_db()
    assert order.status == SHIPPED and order.shipment.tracking_number == "JP1234567890"
    assert phone.locator("#today-to-ship .badge").inner_text() == "0"


def test_answer_a_complaint_in_two_taps(owner_on_hari_ini, phone):
    order = make_order_row(phone="081234560000", email="sinta@example.com", name="Sinta Dewi")
    record_order_complaint(order, message="Kopinya datang basah.")
    tap = owner_on_hari_ini()
    tap(phone.locator("#today-complaints").get_by_role("link", name="Buka dan balas"))
    phone.fill("#replies textarea[name=message]", "Mohon maaf Kak Sinta, kami kirim ulang hari ini.")
    tap(phone.locator("#replies button[type=submit]"))
    phone.get_by_text("Kirim balasan ini lewat WhatsApp").wait_for()
    assert tap.count <= 2
    assert Feedback.objects.get().status != FeedbackStatus.NEW


def test_record_a_counter_sale_in_two_taps(owner_on_hari_ini, phone):
    tap = owner_on_hari_ini()
    tap(phone.locator("#shortcut-counter-sale"))
    phone.fill("input[name=phone]", "0812 7777 1234")
    phone.fill("input[name=amount]", "75000")
    tap(phone.get_by_role("button", name="Simpan dan beri poin"))
    phone.locator("[data-testid=receipt]").wait_for()
    assert tap.count <= 2
    assert Entry.objects.filter(account__customer__phone="+6281277771234").exists()


def test_message_a_customer_slipping_away_in_one_tap(owner_on_hari_ini, phone):
    for days_ago in (130, 120, 110):
        make_order_row(phone="081255550000", name="Dewi Lestari", days_ago=days_ago)
    Customer.objects.refresh_order_stats()
    tap = owner_on_hari_ini()
    with phone.context.expect_page() as whatsapp:
        tap(phone.locator("#today-late li", has_text="Dewi Lestari").get_by_role("link", name="WhatsApp"))
    whatsapp.value.wait_for_url(re.compile(r"https://wa\.me/6281255550000\?text=.+"))
    assert tap.count == 1


def test_order_from_whatsapp_in_six_taps_then_shipped_completed_with_points_in_the_customer_view(
    owner_on_hari_ini, phone, live_server
):
    product = make_product(price="45000", stock=8, title="Kopi Gayo 250 g")
    tap = owner_on_hari_ini()
    tap(phone.locator("#shortcut-chat-order"))
    phone.fill("input[name=phone]", "0813 5555 7777")
    phone.fill("input[name=name]", "Wulan")
    phone.fill("input[data-filter-list]", "gayo")
    phone.fill(f"input[name=qty_{product.pk}]", "2")
    tap.count += 1  # choosing the province is one tap on a phone
    phone.select_option("select[name=province]", "Jawa Tengah")
    tap(phone.locator("label.cockpit-choice", has_text="COD"))
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    tap(phone.locator("#chat-order-submit"))
    with phone.context.expect_page() as whatsapp:
        tap(phone.locator("#chat-order-whatsapp"))
    whatsapp.value.wait_for_url(re.compile(r"https://wa\.me/6281355557777\?text=.+"))
    assert tap.count <= 6

    customer = Customer.objects.get(phone="+6281355557777")
    order = customer.order_links.get().order
    assert order.lines.get().quantity == 2
    phone.goto(f"{live_server.url}/dashboard/")
    phone.locator("#today-to-ship li", has_text=str(order.number)).wait_for()
    services.pack_and_ship(order.pk, "jne", "JNE777")
    services.complete(order.pk)
    assert Entry.objects.filter(account__customer=customer).exists()
    phone.goto(f"{live_server.url}/dashboard/crm/customers/{customer.pk}/")
    phone.get_by_text(str(order.number)).first.wait_for()
    assert "Wulan" in phone.content()
