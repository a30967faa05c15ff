"""The delivery address's district (kecamatan): suggestions from Biteship's district search
through the shop's own endpoint, the chosen district sent to the rates, and the checkout
without the provider or without a district. Biteship's documented messages
(tests/fixtures/biteship/) are mocked with ``responses``; the checkout is the real one."""

import json
import time
from decimal import Decimal
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
import responses
from django.urls import reverse
from oscar.core.loading import get_model

from tests.biteship import API_BASE_URL, RATES_URL, fixture, set_weight, switch_on
from tests.factories import ADDRESS, checkout_over_http, make_product, tap_place_order

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("ready_shop")]
Order = get_model("order", "Order")

AREAS_URL = f"{API_BASE_URL}/v1/maps/areas"
SEARCH_URL = reverse("checkout:courier-areas")
AREA_ID = "IDNP9IDNC22IDND274IDZ40111"


@pytest.fixture
def mocked():
    with responses.RequestsMock(assert_all_requests_are_fired=False) as rsps:
        yield rsps


def test_the_search_answers_the_providers_districts_and_caches_them(client, settings, mocked):
    switch_on(settings)
    mocked.add(responses.GET, AREAS_URL, json=fixture("areas_response"))

    response = client.get(SEARCH_URL, {"q": "Sumur  Bandung"})

    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    areas = response.json()["areas"]
    assert [area["id"] for area in areas] == [AREA_ID, "IDNP9IDNC22IDND274IDZ40112"]
    assert areas[0] == {
        "id": AREA_ID,
        "name": "Sumur Bandung, Bandung, Jawa Barat. 40111",
        "district": "Sumur Bandung",
        "city": "Bandung",
        "province": "Jawa Barat",
        "postcode": "40111",
    }
    request = mocked.calls[0].request
    assert parse_qs(urlsplit(request.url).query) == {
        "countries": ["ID"],
        "input": ["sumur bandung"],
        "type": ["single"],
    }
    assert request.headers["Authorization"] == settings.BITESHIP_API_KEY

    again = client.get(SEARCH_URL, {"q": "sumur bandung"})
    assert again.json()["areas"] == areas and len(mocked.calls) == 1  # from the cache


def test_too_short_a_search_does_not_ask_the_provider(client, settings, mocked):
    switch_on(settings)
    assert client.get(SEARCH_URL, {"q": "su"}).json() == {"areas": []}
    assert not mocked.calls


def test_a_provider_timeout_answers_no_districts_at_once(client, settings, mocked):
    switch_on(settings)
    mocked.add(responses.GET, AREAS_URL, body=requests.ReadTimeout("slow"))

    started = time.monotonic()
    response = client.get(SEARCH_URL, {"q": "sumur"})

    assert time.monotonic() - started < 1
    assert response.status_code == 200 and response.json() == {"areas": []}
    client.get(SEARCH_URL, {"q": "sumur b"})
    assert len(mocked.calls) == 1  # the next letters do not wait for the provider again


def test_a_provider_error_answers_no_districts(client, settings, mocked):
    switch_on(settings)
    mocked.add(responses.GET, AREAS_URL, json=fixture("error_unauthorized"), status=401)
    assert client.get(SEARCH_URL, {"q": "sumur"}).json() == {"areas": []}


def test_without_a_key_there_is_no_search(client, settings, mocked):
    settings.BITESHIP_API_KEY = ""
    assert client.get(SEARCH_URL, {"q": "sumur"}).status_code == 404
    assert not mocked.calls


def test_the_search_is_limited_per_visitor(client, settings, mocked, monkeypatch):
    from storefront.checkout.views import CourierAreaSearchView

    switch_on(settings)
    monkeypatch.setattr(CourierAreaSearchView, "limit_per_ten_minutes", 2)
    mocked.add(responses.GET, AREAS_URL, json=fixture("areas_response"))
    answers = [client.get(SEARCH_URL, {"q": f"sumur {n}"}).json()["areas"] for n in range(3)]
    assert [len(areas) for areas in answers] == [2, 2, 0]
    assert len(mocked.calls) == 2


def test_with_the_provider_the_district_field_offers_the_search(client, settings, mocked):
    switch_on(settings)
    mocked.add(responses.POST, RATES_URL, json=fixture("rates_response"))
    checkout_over_http(client, make_product(), place=False)
    page = client.get(reverse("checkout:shipping-address")).content.decode()
    assert f'data-area-search="{SEARCH_URL}"' in page
    assert 'name="courier_area_id"' in page and 'type="hidden"' in page
    assert "storefront/courier_areas" in page
    assert "Kecamatan" in page


def test_the_chosen_district_goes_to_the_rates_and_stays_on_the_order(client, settings, mocked):
    switch_on(settings)
    mocked.add(responses.POST, RATES_URL, json=fixture("rates_response"))
    product = set_weight(make_product(price="50000"), 700)
    address = {**ADDRESS, "line3": "Sumur Bandung", "courier_area_id": AREA_ID}

    checkout_over_http(client, product, address=address, shipping="courier-sicepat-reg", quantity=2)

    sent = json.loads(mocked.calls[0].request.body)
    assert sent["destination_area_id"] == AREA_ID and "destination_postal_code" not in sent
    assert sent["origin_postal_code"] == 40111 and sent["items"][0]["weight"] == 2000
    order = Order.objects.get()
    assert order.shipping_code == "courier-sicepat-reg"
    address = order.shipping_address
    assert (address.line3, address.courier_area_id) == ("Sumur Bandung", AREA_ID)
    invoice = client.get(
        reverse("checkout:invoice", kwargs={"order_number": order.number, "hash": order.verification_hash()})
    )
    assert "Sumur Bandung<br>" in invoice.content.decode()  # the courier reads the district


def test_a_forged_district_id_falls_back_to_the_postal_code(client, settings, mocked):
    switch_on(settings)
    mocked.add(responses.POST, RATES_URL, json=fixture("rates_response"))
    address = {**ADDRESS, "line3": "Sumur Bandung", "courier_area_id": "x' OR 1=1 --"}

    checkout_over_http(client, make_product(), address=address, shipping="courier-sicepat-reg")

    sent = json.loads(mocked.calls[0].request.body)
    assert sent["destination_postal_code"] == int(ADDRESS["postcode"]) and "destination_area_id" not in sent
    assert Order.objects.get().shipping_address.courier_area_id == ""


def test_without_the_provider_the_district_is_plain_optional_text(client, settings, mocked):
    settings.BITESHIP_API_KEY = ""
    product = make_product(price="50000")
    checkout_over_http(client, product, place=False)
    page = client.get(reverse("checkout:shipping-address")).content.decode()
    assert 'name="line3"' in page and "data-area-search" not in page
    assert 'name="courier_area_id"' not in page and "courier_areas.js" not in page

    address = {**ADDRESS, "line3": "Sumur Bandung", "courier_area_id": AREA_ID}  # ignored
    response = client.post(reverse("checkout:shipping-address"), address)
    assert response.status_code == 302
    client.post(reverse("checkout:shipping-method"), {"method_code": "province-flat-rate"})
    client.post(reverse("checkout:payment-method"), {"method": "bank_transfer"})
    assert tap_place_order(client).status_code == 302

    order = Order.objects.get()
    assert order.shipping_code == "province-flat-rate" and order.shipping_incl_tax == Decimal("15000")
    address = order.shipping_address
    assert (address.line3, address.courier_area_id) == ("Sumur Bandung", "")
    assert not mocked.calls


def test_the_order_goes_through_without_a_district(client, settings, mocked):
    switch_on(settings)
    mocked.add(responses.POST, RATES_URL, body=requests.ConnectionError("down"))
    assert "line3" not in ADDRESS

    response = checkout_over_http(client, make_product())  # the province rate, as without Biteship

    assert response.status_code == 302
    order = Order.objects.get()
    assert order.shipping_code == "province-flat-rate" and order.shipping_address.line3 == ""
