"""Two owners confirming the same payment at the same moment: one confirmation (row lock)."""


import pytest

from core import order_statuses
from storefront.order import services
from tests.concurrency import in_parallel
from tests.factories_checkout import placed_order, shop_ready


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_two_owners_confirming_at_once_make_one_confirmation():
    shop_ready()
    order = placed_order()
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
