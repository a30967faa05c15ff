"""The delivery address's district chooser on a 360 px phone against the live server, with
Biteship switched on (its documented answers mocked with ``responses``, which also holds for the
live server's thread): three typed letters bring Biteship's districts as suggestions, picking
one keeps its id and fills the postal code and city, and the shipping step quotes the couriers
for that district."""

import json

import pytest
import responses
from oscar.core.loading import get_model

from tests.biteship import API_BASE_URL, RATES_URL, fixture, set_weight, switch_on
from tests.factories import ADDRESS, make_product, shop_ready

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
Order = get_model("order", "Order")
AREA_ID = "IDNP9IDNC22IDND274IDZ40111"


def test_the_buyer_picks_the_district_from_biteship_suggestions(phone, live_server, settings):
    shop_ready()
    switch_on(settings)
    product = set_weight(make_product(price="50000"), 700)
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mocked:
        mocked.add(responses.GET, f"{API_BASE_URL}/v1/maps/areas", json=fixture("areas_response"))
        mocked.add(responses.POST, RATES_URL, json=fixture("rates_response"))

        phone.goto(live_server.url + product.get_absolute_url())
        phone.click("#add_to_basket_form button[type=submit]")
        phone.goto(live_server.url + "/shop/checkout/")
        phone.fill("#id_username", "siti@example.com")
        phone.press("#id_username", "Enter")
        phone.wait_for_selector("#new_shipping_address")
        for name in ("first_name", "phone_number", "line1", "line2"):
            phone.fill(f"[name={name}]", ADDRESS[name])
        phone.select_option("[name=state]", ADDRESS["state"])
        assert phone.get_attribute("#id_line3", "list")  # the script is on (CSP-safe, no inline code)

        phone.locator("#id_line3").press_sequentially("sumur", delay=50)
        choices = phone.locator("#id_line3_choices option")
        choices.nth(1).wait_for(state="attached")
        assert choices.count() == 2
        phone.fill("#id_line3", "Sumur Bandung, Bandung, Jawa Barat. 40111")  # the tapped suggestion

        assert phone.input_value("#id_line3") == "Sumur Bandung"
        assert phone.input_value("#id_courier_area_id") == AREA_ID
        assert (phone.input_value("#id_postcode"), phone.input_value("#id_line4")) == ("40111", "Bandung")
        phone.click("#new_shipping_address button[type=submit]")

        phone.wait_for_selector("input[value='courier-sicepat-reg']", state="attached")
        assert "SiCepat" in phone.content()
        rates = [call for call in mocked.calls if call.request.url == RATES_URL]
        assert json.loads(rates[0].request.body)["destination_area_id"] == AREA_ID
