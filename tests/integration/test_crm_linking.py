"""Orders and accounts find their customer through the signals, after commit, via Celery tasks."""

from decimal import Decimal

import pytest
from oscar.apps.customer.signals import user_registered
from oscar.apps.order.signals import order_placed

from core.order_statuses import CANCELLED, PENDING_PAYMENT
from crm.models import Customer
from tests.factories import make_order_row

pytestmark = pytest.mark.django_db


def test_placed_guest_order_creates_customer_with_stats(django_capture_on_commit_callbacks):
    order = make_order_row(phone="0812-4444-5555", email="Tamu@Example.com", total="75000", link=False)
    with django_capture_on_commit_callbacks(execute=True):
        order_placed.send(sender=None, order=order, user=None)
    customer = Customer.objects.get()
    assert (customer.phone, customer.email, customer.name) == (
        "+6281244445555",
        "tamu@example.com",
        "Budi Santoso",
    )
    assert (customer.order_count, customer.total_spent, customer.last_order) == (
        1,
        Decimal("75000"),
        order.date_placed,
    )


def test_registration_links_earlier_guest_orders_by_email(
    django_user_model, django_capture_on_commit_callbacks
):
    make_order_row(email="rudi@example.com", total="50000")
    user = django_user_model.objects.create_user(email="rudi@example.com", password="x")
    with django_capture_on_commit_callbacks(execute=True):
        user_registered.send(sender=None, request=None, user=user)
    customer = Customer.objects.get()
    assert customer.user == user and customer.order_count == 1


def test_cancelled_order_leaves_the_stats(django_capture_on_commit_callbacks):
    keep = make_order_row(phone="081244445555", total="100000", days_ago=3)
    cancel = make_order_row(phone="081244445555", total="40000", status=PENDING_PAYMENT)
    customer = Customer.objects.get()
    assert (customer.order_count, customer.total_spent) == (2, Decimal("140000"))
    with django_capture_on_commit_callbacks(execute=True):
        cancel.set_status(CANCELLED)
    customer.refresh_from_db()
    assert (customer.order_count, customer.total_spent, customer.last_order) == (
        1,
        Decimal("100000"),
        keep.date_placed,
    )


def test_refreshing_many_customers_is_one_update_that_writes_only_changed_ones(django_assert_num_queries):
    first = make_order_row(phone="081211110001", total="100000", days_ago=30)
    last = make_order_row(phone="081211110001", total="50000", days_ago=2)
    make_order_row(phone="081211110001", total="999000", days_ago=1, status=CANCELLED)
    only_cancelled = make_order_row(phone="081211110002", total="70000")
    make_order_row(phone="081211110003", total="20000")
    make_order_row(phone="081211110004", total="30000")
    type(first).objects.filter(pk=only_cancelled.pk).update(status=CANCELLED)  # no signal: stale
    Customer.objects.exclude(phone="+6281211110004").update(order_count=9, total_spent=9)
    Customer.objects.filter(phone="+6281211110004").update(first_order=None)  # only this is stale
    untouched = Customer.objects.get(phone="+6281211110003")

    with django_assert_num_queries(1):
        assert Customer.objects.exclude(pk=untouched.pk).refresh_order_stats() == 3
    assert Customer.objects.exclude(pk=untouched.pk).refresh_order_stats() == 0  # nothing changed

    stats = {
        c.phone: (c.order_count, c.total_spent, c.first_order, c.last_order) for c in Customer.objects.all()
    }
    assert stats["+6281211110001"] == (2, Decimal("150000"), first.date_placed, last.date_placed)
    assert stats["+6281211110002"] == (0, Decimal("0"), None, None)
    assert stats["+6281211110003"][:2] == (9, Decimal("9"))  # not in the queryset
    assert stats["+6281211110004"][2] is not None
