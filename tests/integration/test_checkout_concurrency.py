"""Two owners confirming the same payment at the same moment: one confirmation (row lock)."""

import pytest

from core import order_statuses
from storefront.order import services
from tests.concurrency import in_parallel
from tests.factories import place_with_order_creator, shop_ready


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_two_owners_confirming_at_once_make_one_confirmation():
    shop_ready()
    order = place_with_order_creator()

    def confirm(_i):
        try:
            services.confirm_payment(order.pk)
        except services.OrderActionRefused:
            return "refused"
        return "confirmed"

    outcomes = in_parallel(confirm, 2)

    assert sorted(outcomes) == ["confirmed", "refused"]
    order.refresh_from_db()
    assert order.status == order_statuses.PAID
    assert order.status_changes.count() == 1
    assert order.payment_events.count() == 1


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_the_same_midtrans_notification_delivered_four_times_at_once_pays_once(settings):
    """Midtrans resends a notification it thinks was lost while the first is still handled:
    the unique key on (transaction, status) and the row lock let exactly one through."""
    import json

    import responses
    from django.test import Client

    from storefront.payment.models import GatewayNotification, PaymentMethod
    from tests.midtrans import message, status_url, switch_on

    switch_on(settings)
    shop_ready()
    order = place_with_order_creator(payment_method=PaymentMethod.ONLINE)
    order.refresh_from_db()
    amount = f"{order.payment_info.amount_due}.00"
    body = json.dumps(message("notification_qris_settlement", order.number, amount, "settlement"))

    def deliver(_i):
        response = Client().post(
            "/shop/payment/midtrans/notification/", data=body, content_type="application/json"
        )
        return response.json()["result"]

    with responses.RequestsMock() as mocked:
        mocked.add(
            responses.GET,
            status_url(order.number),
            json=message("status_qris_settlement", order.number, amount, "settlement"),
        )
        outcomes = in_parallel(deliver, 4)

    assert sorted(outcomes) == ["duplicate"] * 3 + ["paid"], outcomes
    order.refresh_from_db()
    assert order.status == order_statuses.PAID
    assert order.status_changes.count() == 1
    assert order.payment_events.count() == 1
    assert GatewayNotification.objects.count() == 1
