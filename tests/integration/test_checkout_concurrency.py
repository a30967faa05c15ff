"""Two owners confirming the same payment at the same moment: one confirmation (row lock)."""

import threading

import pytest
from django.db import connection

from storefront.order import services, statuses
from tests.factories_checkout import placed_order, shop_ready


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_two_owners_confirming_at_once_make_one_confirmation():
    shop_ready()
    order = placed_order()
    barrier = threading.Barrier(2)
    outcomes = []

    def confirm():
        try:
            barrier.wait()
            services.confirm_payment(order.pk)
            outcomes.append("confirmed")
        except services.OrderActionRefused:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=confirm) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["confirmed", "refused"]
    order.refresh_from_db()
    assert order.status == statuses.PAID
    assert order.status_changes.count() == 1
    assert order.payment_events.count() == 1
