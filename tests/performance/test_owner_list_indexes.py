"""The owner's lists on many orders and customers (issue #19): "Hari ini"'s order lists and
counts are read in the index on status and date placed (storefront/order migration 0026), its
birthdays in the index of the birthday's month and day (crm), and the customer list's page in
the index of customers newest first (crm), instead of reading and sorting every order and
customer. (The list's count is read in that index too once autovacuum has marked the table's
pages all-visible, as on the scale data; a test's fresh rows are not.)
Run with ``--migrations`` (``make test-services``): the order index is made by a migration."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from oscar.core.loading import get_model

from core import order_statuses as statuses
from crm.models import Customer
from storefront.dashboard import today
from tests.performance.plans import plan

pytestmark = [pytest.mark.django_db, pytest.mark.services]
Order = get_model("order", "Order")
STATUSES = [statuses.COMPLETED] * 16 + [
    statuses.SHIPPED,
    statuses.PAID,
    statuses.CANCELLED,
    statuses.PENDING_PAYMENT,
]
ORDERS, MINUTES_APART = 20_000, 53


@pytest.fixture
def orders_of_two_years():
    """20 000 orders over two years, most completed, as the scale data's (with statistics)."""
    now = timezone.now()
    Order.objects.bulk_create(
        Order(
            number=f"S{number:07d}",
            site_id=1,
            currency="IDR",
            total_incl_tax=50000,
            total_excl_tax=50000,
            status=STATUSES[number % len(STATUSES)],
            date_placed=now - timedelta(minutes=number * MINUTES_APART),
        )
        for number in range(ORDERS)
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE order_order")
    return now


def test_orders_shipped_long_ago_are_read_in_the_status_index(orders_of_two_years):
    late = today.shipped_not_completed(orders_of_two_years)
    first_ids = plan(late.values("pk")[: today.LIST_SIZE + 1])
    assert "order_order_status_placed" in first_ids, first_ids
    counted = plan(late.order_by())
    assert "order_order_status_placed" in counted, counted
    over_a_week = timedelta(days=7) // timedelta(minutes=MINUTES_APART)  # orders placed since
    shipped = [n for n in range(over_a_week + 1, ORDERS) if STATUSES[n % len(STATUSES)] == statuses.SHIPPED]
    assert late.count() == len(shipped)


def test_orders_to_ship_are_counted_in_the_status_index(orders_of_two_years):
    to_ship = plan(today.orders_to_ship().order_by())
    assert "order_order_status_placed" in to_ship, to_ship
    assert "Seq Scan on order_order" not in to_ship


def test_birthdays_are_looked_up_by_month_and_day():
    Customer.objects.bulk_create(
        Customer(name=f"Pelanggan {n}", birthday=date(1970 + n % 40, 1 + n % 12, 1 + n % 28))
        for n in range(5000)
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE crm_customer")
    birthdays = Customer.objects.birthdays_on(date(2026, 12, 8))
    found = plan(birthdays)
    assert "crm_customer_birthday_day" in found, found
    assert birthdays.count() == len([n for n in range(5000) if (1 + n % 12, 1 + n % 28) == (12, 8)])


def test_the_customer_list_reads_its_page_in_the_newest_first_index(owner):
    Customer.objects.bulk_create(Customer(name=f"Pelanggan {n}", phone=f"0812{n:08d}") for n in range(5000))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE crm_customer")

    with CaptureQueriesContext(connection) as queries:
        page = owner.get(reverse("dashboard:crm-customer-list"))
    html = page.content.decode()
    assert "Pelanggan 4999<" in html and "Pelanggan 4950<" in html  # the 50 newest, newest first
    assert "Pelanggan 4949<" not in html and html.index("Pelanggan 4999<") < html.index("Pelanggan 4950<")
    rows = [query["sql"] for query in queries.captured_queries if 'FROM "crm_customer" WHERE' in query["sql"]]
    page_rows = [sql for sql in rows if "LIMIT 50" in sql]
    assert len(page_rows) == 1, rows
    found = plan(page_rows[0])
    assert "crm_customer_newest_first" in found, found
    assert "Sort" not in found  # the index gives the order: no sort of every customer
