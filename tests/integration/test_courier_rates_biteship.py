"""Courier rates at the shipping step and tracking of shipped orders through Biteship, against
its documented messages (tests/fixtures/biteship/) mocked with ``responses``; a real slow
server proves the 3-second limit. The checkout, order pipeline and tasks are the real ones."""

import json
import threading
import time
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import requests
import responses
from django.urls import reverse
from oscar.core.loading import get_model

from core import order_statuses
from storefront.dashboard.quickcatalogue import services as quick_catalogue
from storefront.order import services as order_services
from storefront.order.models import Courier
from storefront.shipping.tasks import track_shipments
from tests.biteship import RATES_URL, fixture, set_weight, switch_on, tracking_url
from tests.factories import (
    ADDRESS,
    add_to_basket,
    checkout_over_http,
    make_product,
    place_with_order_creator,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("ready_shop")]
Order = get_model("order", "Order")


@pytest.fixture
def mocked():
    with responses.RequestsMock(assert_all_requests_are_fired=False) as rsps:
        yield rsps


def to_shipping_step(client, product, quantity=1):
    add_to_basket(client, product, quantity)
    client.post(reverse("checkout:index"), {"username": "siti@example.com", "options": "anonymous"})
    client.post(reverse("checkout:shipping-address"), ADDRESS)
    return client.get(reverse("checkout:shipping-method"))


def method_codes(response):
    return [method.code for method in response.context["methods"]]


def test_the_buyer_sees_couriers_with_fee_and_days_cheapest_first(client, settings, mocked):
    switch_on(settings)
    mocked.add(responses.POST, RATES_URL, json=fixture("rates_response"))
    product = set_weight(make_product(price="50000"), 700)

    page = to_shipping_step(client, product, quantity=2)

    assert method_codes(page)[:3] == ["courier-sicepat-reg", "courier-jne-reg", "courier-jne-yes"]
    body = page.content.decode()
    assert "SiCepat Reguler" in body and ("Rp\xa015.000" in body or "Rp 15.000" in body)
    assert "1–2 hari" in body and "2–3 hari" in body
    sent = json.loads(mocked.calls[0].request.body)
    assert sent["origin_postal_code"] == 40111 and sent["destination_postal_code"] == int(ADDRESS["postcode"])
    assert sent["items"][0]["weight"] == 2000  # 1 400 g → the 2 kg band
    assert mocked.calls[0].request.headers["Authorization"] == settings.BITESHIP_API_KEY


def test_the_rates_ask_for_the_quick_catalogue_weights_times_the_quantities(client, settings, mocked):
    switch_on(settings)
    mocked.add(responses.POST, RATES_URL, json=fixture("rates_response"))
    add = quick_catalogue.add_product
    crackers = add(title="Rengginang", price=Decimal("20000"), num_in_stock=9, weight=200)
    coffee = add(title="Kopi 1 kg", price=Decimal("90000"), num_in_stock=9, weight=1500)

    add_to_basket(client, crackers, 3)
    to_shipping_step(client, coffee)

    sent = json.loads(mocked.calls[0].request.body)
    # 3 × 200 g + 1 500 g = 2 100 g → the 3 kg band (1 kg each without weights: 4 kg;
    # without the quantities: 1 700 g, 2 kg)
    assert sent["items"][0]["weight"] == 3000
    assert sent["destination_postal_code"] == int(ADDRESS["postcode"]) and "destination_area_id" not in sent


def test_quotes_are_cached_per_origin_destination_and_weight_band(client, settings, mocked):
    switch_on(settings)
    mocked.add(responses.POST, RATES_URL, json=fixture("rates_response"))
    product = set_weight(make_product(price="50000", stock=10), 300)

    to_shipping_step(client, product)  # 300 g → 1 kg band
    client.get(reverse("checkout:shipping-method"))
    add_to_basket(client, product, 2)  # 900 g: same band
    client.get(reverse("checkout:shipping-method"))
    assert len(mocked.calls) == 1
    add_to_basket(client, product, 1)  # 1 200 g: next band
    client.get(reverse("checkout:shipping-method"))
    assert len(mocked.calls) == 2


def test_the_chosen_courier_service_is_charged_on_the_order(client, settings, mocked):
    switch_on(settings)
    mocked.add(responses.POST, RATES_URL, json=fixture("rates_response"))
    product = set_weight(make_product(price="50000"), 700)

    checkout_over_http(client, product, shipping="courier-sicepat-reg")

    order = Order.objects.get()
    assert order.shipping_code == "courier-sicepat-reg"
    assert order.shipping_incl_tax == Decimal("15000")
    assert "SiCepat" in order.shipping_method


def test_provider_timeout_falls_back_to_the_province_rate_and_the_order_goes_through(
    client, settings, mocked
):
    switch_on(settings)
    mocked.add(responses.POST, RATES_URL, body=requests.ReadTimeout("slow"))
    product = make_product(price="50000")

    response = checkout_over_http(client, product)  # the flat province rate, as without the provider

    assert response.status_code == 302
    order = Order.objects.get()
    assert order.shipping_code == "province-flat-rate"
    assert order.shipping_incl_tax == Decimal("15000")  # Jawa Barat's flat rate


def test_provider_error_answer_falls_back_to_the_province_rate(client, settings, mocked):
    switch_on(settings)
    mocked.add(responses.POST, RATES_URL, json=fixture("error_unauthorized"), status=401)
    page = to_shipping_step(client, make_product())
    assert method_codes(page)[0] == "province-flat-rate"


def test_without_a_key_only_the_province_rates_are_offered(client, settings, mocked):
    settings.BITESHIP_API_KEY = ""
    page = to_shipping_step(client, make_product())
    assert method_codes(page)[0] == "province-flat-rate"
    assert not mocked.calls


class _Slow(BaseHTTPRequestHandler):
    def do_POST(self):  # noqa: N802 (http.server's name)
        time.sleep(6)
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


def test_a_slow_provider_is_given_up_after_three_seconds(client, settings):
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Slow)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        switch_on(settings)
        settings.BITESHIP_API_BASE_URL = f"http://127.0.0.1:{server.server_address[1]}"
        settings.BITESHIP_TIMEOUT = 30  # asked for more: the shop never waits over 3 s
        product = make_product()
        add_to_basket(client, product)
        client.post(reverse("checkout:index"), {"username": "siti@example.com", "options": "anonymous"})
        client.post(reverse("checkout:shipping-address"), ADDRESS)

        started = time.monotonic()
        page = client.get(reverse("checkout:shipping-method"))
        elapsed = time.monotonic() - started
    finally:
        server.shutdown()
        server.server_close()
    assert elapsed < 4.5, elapsed
    assert method_codes(page)[0] == "province-flat-rate"


# --- tracking ------------------------------------------------------------------------------


def shipped_order(courier=Courier.JNE, waybill="0123082100003094"):
    order = place_with_order_creator()
    order_services.confirm_payment(order.pk)
    order_services.mark_processing(order.pk)
    order_services.ship(order.pk, courier, waybill)
    order.refresh_from_db()
    return order


def test_tracking_task_stores_the_history_and_the_buyer_sees_it(client, settings, mocked):
    switch_on(settings)
    order = shipped_order()
    mocked.add(responses.GET, tracking_url("0123082100003094", "jne"), json=fixture("tracking_in_transit"))

    assert track_shipments.delay().get() == {order.number: "droppingOff"}

    order.refresh_from_db()
    assert order.status == order_statuses.SHIPPED
    shipment = order.shipment
    assert [step["note"] for step in shipment.tracking_history] == [
        "Paket diambil kurir di Bandung",
        "Paket sedang diantar ke alamat tujuan",
    ]
    session = client.session
    session["anon_order_email"] = order.guest_email
    session.save()
    page = client.get(
        reverse(
            "customer:anon-order", kwargs={"order_number": order.number, "hash": order.verification_hash()}
        )
    ).content.decode()
    assert 'id="tracking-history"' in page and "Paket sedang diantar ke alamat tujuan" in page


def test_delivered_completes_the_order_through_the_pipeline(
    settings, mocked, django_capture_on_commit_callbacks
):
    switch_on(settings)
    order = shipped_order()
    mocked.add(responses.GET, tracking_url("0123082100003094", "jne"), json=fixture("tracking_delivered"))

    with django_capture_on_commit_callbacks(execute=True):
        assert track_shipments.delay().get() == {order.number: "delivered"}

    order.refresh_from_db()
    assert order.status == order_statuses.COMPLETED
    assert order.shipment.tracking_history[-1]["status"] == "delivered"  # oldest first
    # Completed orders are not asked about again.
    assert track_shipments.delay().get() == {}


def test_tracking_leaves_the_order_alone_when_the_provider_is_down(settings, mocked):
    switch_on(settings)
    order = shipped_order()
    mocked.add(responses.GET, tracking_url("0123082100003094", "jne"), body=requests.ConnectionError("down"))

    assert track_shipments.delay().get() == {order.number: "unavailable"}
    order.refresh_from_db()
    assert order.status == order_statuses.SHIPPED


def test_other_couriers_are_not_tracked(settings, mocked):
    switch_on(settings)
    order_services_ship_other = shipped_order(courier=Courier.JNE, waybill="")
    assert order_services_ship_other.shipment.tracking_number == ""
    assert track_shipments.delay().get() == {}
    assert not mocked.calls
