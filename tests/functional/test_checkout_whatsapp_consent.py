"""A buyer gives their own WhatsApp consent at checkout (UU PDP: who, when, where), and only
when they tick it; the shop's WhatsApp notices and campaigns then follow that consent."""

import re

import pytest
from django.urls import reverse
from oscar.core.loading import get_model

from crm.models import ConsentChannel, ConsentRecord, Customer
from tests.factories import checkout_over_http, make_product, shop_ready, tap_place_order

pytestmark = pytest.mark.django_db
Order = get_model("order", "Order")


def order_with(client, ticked, email):
    checkout_over_http(client, make_product(), email=email, place=False)
    data = {"method": "bank_transfer", **({"whatsapp_updates": "on"} if ticked else {})}
    assert client.post(reverse("checkout:payment-method"), data).status_code == 302
    assert tap_place_order(client).status_code == 302
    return Customer.objects.get(email=email)


def test_the_payment_step_offers_whatsapp_news_unticked(client):
    shop_ready()
    checkout_over_http(client, make_product(), place=False)
    page = client.get(reverse("checkout:payment-method")).content.decode()
    [checkbox] = re.findall(r"<input[^>]*name=\"whatsapp_updates\"[^>]*>", page)
    assert "checked" not in checkbox
    assert "Kirimi saya kabar pesanan" in page


def test_ticked_consent_is_recorded_with_the_order(client):
    shop_ready()
    customer = order_with(client, ticked=True, email="asep@example.com")
    assert customer.whatsapp_consent is True
    record = ConsentRecord.objects.get(customer=customer, channel=ConsentChannel.WHATSAPP)
    order = Order.objects.get(guest_email="asep@example.com")
    assert record.granted and record.source == f"dicentang saat memesan (pesanan {order.number})"


def test_no_tick_no_consent(client):
    shop_ready()
    customer = order_with(client, ticked=False, email="siti@example.com")
    assert customer.whatsapp_consent is False
    assert not ConsentRecord.objects.filter(customer=customer).exists()
