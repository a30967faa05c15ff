"""The owner's provider settings screen: configured or not, sandbox or production, the webhook
URL to paste, and the "test connection" button against Midtrans' documented answers."""

import pytest
import requests
import responses
from django.urls import reverse

from tests.midtrans import fixture, status_url, switch_on

pytestmark = pytest.mark.django_db
PAGE = "/dashboard/orders/settings/providers/"


def test_without_keys_midtrans_shows_as_not_configured_with_the_variables_to_set(owner, settings):
    settings.MIDTRANS_SERVER_KEY = settings.MIDTRANS_CLIENT_KEY = ""
    page = owner.get(PAGE).content.decode()
    assert "Belum diatur" in page
    assert "MIDTRANS_SERVER_KEY" in page
    assert 'id="test-midtrans"' not in page


def test_with_sandbox_keys_the_owner_sees_the_mode_and_the_webhook_url(owner, settings):
    switch_on(settings)
    settings.SITE_URL = "https://toko.example"
    page = owner.get(PAGE).content.decode()
    assert "Sudah diatur" in page and "Sandbox (uji coba)" in page
    assert 'value="https://toko.example/shop/payment/midtrans/notification/"' in page
    settings.MIDTRANS_IS_PRODUCTION = True
    assert "Produksi (uang sungguhan)" in owner.get(PAGE).content.decode()


def test_the_providers_screen_is_in_the_dashboard_menu(owner):
    # A tab of the Orders place of the owner's menu (the bottom bar shows the places).
    page = owner.get("/dashboard/orders/").content.decode()
    assert f'href="{PAGE}"' in page


def test_staff_only(client):
    assert client.get(PAGE).status_code in (302, 403)


@responses.activate
def test_test_connection_with_accepted_keys(owner, settings):
    switch_on(settings)
    # Midtrans answers 404 for an order it does not know: the server key was accepted.
    responses.add(
        responses.GET, status_url("langganan-connection-test"), json=fixture("status_not_found"), status=404
    )
    response = owner.post(reverse("dashboard:provider-test", kwargs={"name": "midtrans"}), follow=True)
    assert "Midtrans menerima kunci toko." in response.content.decode()


@responses.activate
def test_test_connection_with_a_wrong_key(owner, settings):
    switch_on(settings)
    responses.add(
        responses.GET,
        status_url("langganan-connection-test"),
        json=fixture("status_unauthorized"),
        status=401,
    )
    response = owner.post(reverse("dashboard:provider-test", kwargs={"name": "midtrans"}), follow=True)
    page = response.content.decode()
    assert "Midtrans tidak dapat dihubungi atau menolak kunci" in page
    assert "401" in page


@responses.activate
def test_test_connection_when_midtrans_is_down(owner, settings):
    switch_on(settings)
    responses.add(
        responses.GET, status_url("langganan-connection-test"), body=requests.ConnectTimeout("timeout")
    )
    response = owner.post(reverse("dashboard:provider-test", kwargs={"name": "midtrans"}), follow=True)
    assert "Midtrans tidak dapat dihubungi" in response.content.decode()


def test_unknown_provider_is_404(owner):
    assert owner.post(reverse("dashboard:provider-test", kwargs={"name": "paypal"})).status_code == 404


def test_biteship_is_listed_and_its_key_tested(owner, settings):
    from tests.biteship import API_BASE_URL, API_KEY

    settings.BITESHIP_API_KEY = ""
    assert 'id="provider-biteship"' in owner.get(PAGE).content.decode()
    settings.BITESHIP_API_KEY, settings.BITESHIP_API_BASE_URL = API_KEY, API_BASE_URL
    with responses.RequestsMock() as mocked:
        mocked.add(responses.GET, f"{API_BASE_URL}/v1/couriers", json={"success": True, "couriers": []})
        response = owner.post(
            reverse("dashboard:provider-test", kwargs={"name": "biteship"}), follow=True
        )
    assert "Biteship menerima kunci toko." in response.content.decode()
