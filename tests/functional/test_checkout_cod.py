"""Cash on delivery is its own flow: ready to prepare at once, no receipt, no deadline, never
auto-cancelled; the owner records "uang diterima" on completion and only then points count.
QRIS is a payment to confirm, like a transfer, with its own words."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from oscar.core.loading import get_model

from core import order_statuses
from loyalty import services as loyalty_services
from loyalty.models import Account
from storefront.order import services
from storefront.payment.models import PaymentSettings
from tests.factories import (
    checkout_over_http,
    make_product,
    place_with_order_creator,
    shop_ready,
    tap_place_order,
)

pytestmark = pytest.mark.django_db
Order = get_model("order", "Order")


def test_a_cod_order_is_ready_to_prepare_and_asks_for_no_transfer(client, django_capture_on_commit_callbacks):
    shop_ready()
    product = make_product(price="80000")
    checkout_over_http(client, product, method="cod", place=False)
    with django_capture_on_commit_callbacks(execute=True):
        tap_place_order(client)
    order = Order.objects.get()
    assert order.status == order_statuses.PROCESSING
    assert order.payment_info.deadline is None
    assert services.owner_actions(order) == ["ship", "cancel"]

    page = client.get(reverse("checkout:thank-you")).content.decode()
    assert "Siapkan uang tunai" in page
    assert "bukti" not in page.lower()  # no receipt to upload
    assert "Menunggu pembayaran" not in page and "Bayar sebelum" not in page

    order_page = client.get(
        reverse(
            "customer:anon-order", kwargs={"order_number": order.number, "hash": order.verification_hash()}
        )
    ).content.decode()
    assert "Menunggu pembayaran" not in order_page and 'id="receipt-form"' not in order_page
    assert "Siapkan uang tunai" in order_page

    from django.core import mail

    assert "Siapkan uang tunai" in mail.outbox[0].body and "bukti" not in mail.outbox[0].body.lower()


def test_a_cod_order_is_never_cancelled_for_being_unpaid():
    shop_ready()
    order = place_with_order_creator(payment_method="cod")
    assert services.cancel_overdue_orders(now=timezone.now() + datetime.timedelta(days=60)) == []
    assert Order.objects.get(pk=order.pk).status != order_statuses.CANCELLED


def test_today_lists_no_cod_order_and_asks_qris_buyers_about_qris(client, owner_user):
    shop_ready()
    config = PaymentSettings.objects.get()
    config.qris_image = "payment/qris/qris.png"
    config.save()
    place_with_order_creator(payment_method="cod", guest_email="cod@example.com")
    qris = place_with_order_creator(payment_method="qris", guest_email="qris@example.com")
    transfer = place_with_order_creator(payment_method="bank_transfer", guest_email="tf@example.com")
    client.force_login(owner_user)
    page = client.get(reverse("dashboard:index"))
    waiting = list(page.context["waiting_orders"])
    assert sorted(o.pk for o in waiting) == sorted([qris.pk, transfer.pk])
    body = page.content.decode()
    assert "QRIS" in body.split(str(qris.number), 1)[1].split("</li>", 1)[0]
    assert "transfer" not in body.split(str(qris.number), 1)[1].split("</li>", 1)[0]


def test_owner_completes_a_cod_order_with_money_received_and_points_count_then(
    client, owner_user, django_capture_on_commit_callbacks
):
    from tests.factories import make_buyer

    shop_ready()
    user = make_buyer()
    product = make_product(price="120000")
    client.force_login(user)
    checkout_over_http(client, product, method="cod", place=False)  # signed in: the gateway step is skipped
    with django_capture_on_commit_callbacks(execute=True):
        tap_place_order(client)
        order = Order.objects.get(user=user)
        services.ship(order.pk, "jne", "JNE123")
    order.status_changes.update(date_created=timezone.now() - datetime.timedelta(days=30))
    with django_capture_on_commit_callbacks(execute=True):
        assert loyalty_services.release_due_shipped_orders() == []  # cash not received yet
    account = Account.objects.get(customer__user=user)
    assert (account.available, account.pending) == (0, 12)
    assert loyalty_services.spend_last_12_months(account) == 0

    client.force_login(owner_user)
    detail = client.get(reverse("dashboard:order-detail", kwargs={"number": order.number})).content.decode()
    assert "Uang diterima" in detail
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("dashboard:order-pipeline-action", kwargs={"number": order.number, "action": "complete"})
        )
    order.refresh_from_db()
    assert order.status == order_statuses.COMPLETED
    assert order.payment_info.confirmed_at is not None
    assert order.payment_events.filter(event_type__name="Paid").get().amount == Decimal("120000") + (
        order.shipping_incl_tax
    )
    account.refresh_from_db()
    assert (account.available, account.pending) == (12, 0)
    assert loyalty_services.spend_last_12_months(account) == Decimal("120000")


def test_qris_instructions_speak_of_qris_not_transfer(client):
    shop_ready()
    config = PaymentSettings.objects.get()
    config.qris_image = "payment/qris/qris.png"
    config.save()
    checkout_over_http(client, make_product(), method="qris")
    page = client.get(reverse("checkout:thank-you")).content.decode()
    assert "QRIS" in page and "Bayar sebelum" in page
    assert "transfer" not in page.lower()
