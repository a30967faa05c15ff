"""generate_scale_data makes a consistent shop, and refuses to fill a real one."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Count, F, Sum
from oscar.core.loading import get_model

from bench.guard import refuse_real_shop
from bench.models import ScaleDataRun
from core import order_statuses
from crm import rules as crm_rules
from crm.models import Customer, CustomerOrder, Feedback, FeedbackSource
from loyalty.models import Account, Entry, EntryKind

pytestmark = pytest.mark.django_db
Order = get_model("order", "Order")
Line = get_model("order", "Line")
Product = get_model("catalogue", "Product")


def generate(**numbers):
    out = StringIO()
    call_command("generate_scale_data", "--no-index", *[f"--{k}={v}" for k, v in numbers.items()], stdout=out)
    return out.getvalue()


def assert_consistent_shop():
    """The invariants the order flow, the loyalty ledger and the CRM would have left."""
    run_lines = sum(ScaleDataRun.objects.values_list("order_lines", flat=True))
    assert Line.objects.count() == run_lines >= Order.objects.count()
    assert CustomerOrder.objects.count() == Order.objects.count()  # every order belongs to its customer
    live = Order.objects.exclude(status=order_statuses.CANCELLED)
    pending = Entry.objects.filter(kind=EntryKind.PENDING).values("source_id").annotate(n=Count("id"))
    assert {row["source_id"] for row in pending} == {str(pk) for pk in live.values_list("pk", flat=True)}
    assert all(row["n"] == 1 for row in pending)
    earned = set(Entry.objects.filter(kind=EntryKind.EARN).values_list("source_id", flat=True))
    completed = Order.objects.filter(status=order_statuses.COMPLETED).values_list("pk", flat=True)
    assert earned == {str(pk) for pk in completed}
    for account in Account.objects.all():  # the cached balances match the ledger
        sums = account.entries.aggregate(available=Sum("available_delta"), pending=Sum("pending_delta"))
        assert (account.available, account.pending) == (sums["available"], sums["pending"])
    assert not Feedback.objects.exclude(order__status=order_statuses.COMPLETED).exists()
    assert not Feedback.objects.exclude(customer__order_links__order=F("order")).exists()
    counted = Customer.objects.filter(order_count__gt=0)
    assert counted.exists() and not counted.filter(first_order=None).exists()  # CRM stats filled
    assert not counted.filter(segment="").exists()  # and every buyer has an RFM segment


def test_scale_shop_is_consistent():
    output = generate(customers=40, orders=120, products=15)
    assert "Made 15 products, 40 customers, 120 orders" in output
    assert Customer.objects.count() == 40 and Order.objects.count() == 120
    assert_consistent_shop()


@pytest.mark.services
def test_copy_on_postgresql_makes_the_same_consistent_shop():
    """The PostgreSQL path (COPY with ids handed out in Python), twice, then the ORM carries on."""
    output = generate(customers=300, orders=900, products=40)  # ≥ 100 buyers: RFM quintiles
    assert "order lines" in output and "VACUUM" not in output  # a test's transaction: ANALYZE only
    generate(customers=5, orders=5, products=3)  # ids continue after the first run's
    assert Customer.objects.count() == 305 and Order.objects.count() == 905
    assert_consistent_shop()
    assert Customer.objects.exclude(rfm_recency=None).values("rfm_recency").distinct().count() == 5
    # The sequences were moved past the ids handed out, or this would take one of them.
    Customer.objects.create(name="Pelanggan baru", phone="+6281100000001")


def test_refuses_a_database_with_a_real_shop(make_product):
    make_product(title="Kopi milik toko sungguhan")
    with pytest.raises(CommandError, match="did not make"):
        generate(customers=2, orders=2, products=2)
    assert not Order.objects.exists()
    refuse_real_shop(force=True, allow_empty=False)  # told to: no complaint


def test_a_second_run_adds_to_a_scale_database():
    generate(customers=5, orders=5, products=3)
    generate(customers=5, orders=5, products=3)
    assert Customer.objects.count() == 10 and ScaleDataRun.objects.count() == 2


def test_bulk_written_feedback_follows_the_one_complaint_rule():
    """The generator writes feedback in bulk, without ``Feedback.save``: every row is still a
    complaint exactly when ``crm.rules.is_complaint`` says so."""
    generate(customers=60, orders=600, products=10)
    rows = list(Feedback.objects.values_list("rating", "nps", "source", "is_complaint"))
    assert any(flagged for *_rest, flagged in rows) and not all(flagged for *_rest, flagged in rows)
    for rating, nps, source, flagged in rows:
        reported = source == FeedbackSource.ORDER_COMPLAINT
        assert flagged == crm_rules.is_complaint(rating=rating, nps=nps, reported=reported), (rating, nps)
