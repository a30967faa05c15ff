"""A guest and a signed-in buyer buy through the real checkout (Django test client)."""

from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse
from oscar.core.loading import get_model

from core import order_statuses
from storefront.payment.models import PaymentMethod
from tests.factories import (
    ADDRESS,
    checkout_over_http,
    make_buyer,
    make_product,
    shop_ready,
    tap_place_order,
)

pytestmark = pytest.mark.django_db
Order = get_model("order", "Order")


def test_guest_buys_by_bank_transfer_and_gets_payment_instructions(
    client, django_capture_on_commit_callbacks
):
    shop_ready()
    product = make_product(price="50000", stock=3)
    preview = checkout_over_http(client, product, place=False)
    assert preview.status_code == 200
    assert "checkout_points" in " ".join(t.name for t in preview.templates if t.name)

    with django_capture_on_commit_callbacks(execute=True):
        response = tap_place_order(client)
    assert response.status_code == 302
    assert response["Location"] == reverse("checkout:thank-you")

    order = Order.objects.get()
    assert order.status == order_statuses.PENDING_PAYMENT
    assert order.guest_email == "siti@example.com"
    assert str(order.shipping_address.phone_number) == "+6281234567890"
    assert order.shipping_address.country_id == "ID"
    assert order.shipping_incl_tax == Decimal("15000")  # Jawa Barat flat rate
    payment = order.payment_info
    assert payment.method == PaymentMethod.BANK_TRANSFER
    assert 1 <= payment.unique_code <= 999
    assert payment.amount_due == Decimal("65000") + payment.unique_code
    assert payment.deadline is not None

    thanks = client.get(reverse("checkout:thank-you"))
    body = thanks.content.decode()
    assert "1234567890" in body  # the shop's account number
    assert 'id="whatsapp-shop"' in body and "https://wa.me/" in body
    assert order.verification_hash() in body  # the guest's order-status link

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["siti@example.com"]
    assert order.number in message.subject
    assert "1234567890" in message.body
    assert "wa.me" in message.body


def test_address_form_shows_indonesian_errors_and_keeps_what_was_typed(client):
    shop_ready()
    product = make_product()
    client.post(reverse("basket:add", kwargs={"pk": product.pk}), {"quantity": 1})
    client.post(reverse("checkout:index"), {"username": "a@example.com", "options": "anonymous"})
    bad = dict(ADDRESS, phone_number="12", postcode="4011")
    response = client.post(reverse("checkout:shipping-address"), bad)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "Nomor HP tidak valid" in errors["phone_number"][0]
    assert "postcode" in errors
    assert "Jl. Merdeka No. 10" in response.content.decode()


def test_cod_is_offered_only_in_ticked_provinces(client):
    from storefront.shipping.models import ProvinceRate

    shop_ready(cod_limited=True)
    ProvinceRate.objects.filter(province="DKI Jakarta").update(cod_available=True)
    product = make_product()
    client.post(reverse("basket:add", kwargs={"pk": product.pk}), {"quantity": 1})
    client.post(reverse("checkout:index"), {"username": "a@example.com", "options": "anonymous"})
    client.post(reverse("checkout:shipping-address"), ADDRESS)  # Jawa Barat: no COD
    client.post(reverse("checkout:shipping-method"), {"method_code": "province-flat-rate"})
    response = client.post(reverse("checkout:payment-method"), {"method": "cod"})
    assert response.status_code == 200
    assert "cod" not in dict(response.context["form"].fields["method"].choices)

    client.post(reverse("checkout:shipping-address"), dict(ADDRESS, state="DKI Jakarta"))
    client.post(reverse("checkout:shipping-method"), {"method_code": "province-flat-rate"})
    response = client.post(reverse("checkout:payment-method"), {"method": "cod"})
    assert response.status_code == 302


def test_free_shipping_above_threshold_and_pickup(client):
    from storefront.shipping.rates import shipping_settings

    shop_ready()
    config = shipping_settings()
    config.free_shipping_threshold = Decimal("100000")
    config.save()
    product = make_product(price="60000")
    checkout_over_http(client, product, quantity=2, shipping="free-shipping", method="cod")
    order = Order.objects.get()
    assert order.shipping_incl_tax == Decimal("0")
    assert order.shipping_code == "free-shipping"


def test_stock_gone_before_payment_keeps_the_basket(client):
    shop_ready()
    product = make_product(stock=1)
    checkout_over_http(client, product, place=False)
    stockrecord = product.stockrecords.get()
    stockrecord.num_in_stock = 0
    stockrecord.save()

    response = tap_place_order(client)
    assert response.status_code == 302
    assert response["Location"] == reverse("basket:summary")
    assert not Order.objects.exists()
    basket_page = client.get(response["Location"])
    assert (
        "Your basket is kept" in basket_page.content.decode()
        or "troli Anda tetap" in basket_page.content.decode()
    )
    assert basket_page.context["basket"].num_items == 1


def test_signed_in_buyer_reuses_saved_address(client):
    shop_ready()
    user = make_buyer()
    client.force_login(user)
    product = make_product()
    client.post(reverse("basket:add", kwargs={"pk": product.pk}), {"quantity": 1})
    client.post(reverse("checkout:shipping-address"), ADDRESS)
    client.post(reverse("checkout:shipping-method"), {"method_code": "province-flat-rate"})
    client.post(reverse("checkout:payment-method"), {"method": "bank_transfer"})
    tap_place_order(client)
    address = user.addresses.get()
    assert address.state == "Jawa Barat"

    client.post(reverse("basket:add", kwargs={"pk": product.pk}), {"quantity": 1})
    page = client.get(reverse("checkout:shipping-address"))
    assert f'value="{address.pk}"' in page.content.decode()
    response = client.post(
        reverse("checkout:shipping-address"), {"action": "ship_to", "address_id": address.pk}
    )
    assert response.status_code == 302
    client.post(reverse("checkout:shipping-method"), {"method_code": "province-flat-rate"})
    client.post(reverse("checkout:payment-method"), {"method": "bank_transfer"})
    tap_place_order(client)
    assert Order.objects.filter(user=user).count() == 2


def test_mail_failure_does_not_break_checkout(client, django_capture_on_commit_callbacks, monkeypatch):
    from django.core.mail import EmailMultiAlternatives

    def broken_send(self, fail_silently=False):
        raise ConnectionRefusedError("mail server down")

    monkeypatch.setattr(EmailMultiAlternatives, "send", broken_send)
    shop_ready()
    checkout_over_http(client, make_product(), place=False)
    with django_capture_on_commit_callbacks(execute=True):
        response = tap_place_order(client)
    assert response.status_code == 302
    assert response["Location"] == reverse("checkout:thank-you")
    assert Order.objects.count() == 1


def test_no_half_made_order_when_no_unique_code_is_left(client, monkeypatch):
    from storefront.payment import services as payment_services

    def all_taken(total, taken_amounts, rng=None):
        raise payment_services.PaymentRefused("Semua kode unik sedang dipakai.")

    monkeypatch.setattr(payment_services, "pick_unique_code", all_taken)
    shop_ready()
    product = make_product(stock=2)
    response = checkout_over_http(client, product)
    assert response.status_code == 200
    assert "Semua kode unik sedang dipakai." in response.content.decode()
    assert not Order.objects.exists()
    stockrecord = product.stockrecords.get()
    assert stockrecord.num_allocated in (0, None)
    assert client.get(reverse("basket:summary")).context["basket"].num_items == 1
