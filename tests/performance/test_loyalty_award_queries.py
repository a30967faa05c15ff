"""Awarding the points of a completed order: a fixed, small number of queries (docs/performance.md: under
20 ms of database time), whatever the size of the buyer's ledger; one UPDATE of the account for
balances and tier; the tiers come from the cache, which a saved tier clears."""

from decimal import Decimal

import pytest
from django.core import mail

from core import order_statuses
from loyalty import services, tasks
from loyalty.models import Account, Entry, EntryKind, Tier
from tests.factories import make_basket, make_buyer, make_product, place_with_order_creator

pytestmark = pytest.mark.django_db

# Counted inside the test's transaction, so each atomic block adds a SAVEPOINT and a RELEASE.
RELEASE_WITH_PENDING = 10  # entries; lock; entries again; insert (savepoint); tier spend; UPDATE
# … plus the order's surcharges, whose customer it is (its link; the order's row lock, the link
# again, the buyer's record and the new link, in a savepoint) and the account
RELEASE_WITHOUT_PENDING = 19


def _completed_order(buyer, product, pending=True):
    order = tasks._order(
        place_with_order_creator(
            make_basket(buyer, product=product), user=buyer, payment_method=None, shipping_address=None
        ).pk
    )
    if pending:
        services.add_pending_for_order(order)
    order.status = order_statuses.COMPLETED
    return order


@pytest.fixture
def buyer_with_history():
    """A buyer with 30 released orders in the ledger (Rp 600.000: still Bronze), tiers and
    settings already cached."""
    buyer = make_buyer()
    product = make_product(price=Decimal("20000"), stock=100)
    for _i in range(30):
        services.release_order_points(_completed_order(buyer, product))
    services.tier_levels()
    services.get_settings()
    return buyer, product


def test_release_with_pending_points_has_a_fixed_query_count(buyer_with_history, django_assert_num_queries):
    buyer, product = buyer_with_history
    order = _completed_order(buyer, product)

    with django_assert_num_queries(RELEASE_WITH_PENDING):
        entry = services.release_order_points(order)

    assert entry.kind == EntryKind.EARN and entry.available_delta == 2
    account = Account.objects.get(customer__user=buyer)
    assert (account.available, account.pending) == (31 * 2, 0)
    assert services.drifted_accounts().count() == 0


def test_release_writes_a_missing_pending_entry_in_the_same_queries(
    buyer_with_history, django_assert_num_queries
):
    buyer, product = buyer_with_history
    order = _completed_order(buyer, product, pending=False)

    with django_assert_num_queries(RELEASE_WITHOUT_PENDING):
        services.release_order_points(order)

    kinds = set(Entry.objects.filter(source_id=str(order.pk)).values_list("kind", flat=True))
    assert kinds == {EntryKind.PENDING, EntryKind.EARN}
    assert services.drifted_accounts().count() == 0


def test_a_repeated_release_is_one_query(buyer_with_history, django_assert_num_queries):
    buyer, product = buyer_with_history
    order = _completed_order(buyer, product)
    services.release_order_points(order)

    with django_assert_num_queries(1):
        assert services.release_order_points(order) is None

    assert Entry.objects.filter(source_id=str(order.pk), kind=EntryKind.EARN).count() == 1


def test_no_release_after_the_order_was_reversed(buyer_with_history):
    buyer, product = buyer_with_history
    order = _completed_order(buyer, product)
    services.cancel_order_points(order)

    assert services.release_order_points(order) is None
    assert not Entry.objects.filter(source_id=str(order.pk), kind=EntryKind.EARN).exists()


def test_the_release_that_reaches_a_tier_upgrades_it_and_tells_the_buyer():
    buyer = make_buyer()
    services.release_order_points(_completed_order(buyer, make_product(price=Decimal("1200000"), stock=100)))

    account = Account.objects.select_related("tier").get(customer__user=buyer)
    assert account.tier.name == "Silver"
    assert "Silver" in mail.outbox[-1].subject


def test_a_saved_tier_is_used_at_once(buyer_with_history):
    buyer, product = buyer_with_history
    bronze = Tier.objects.get(name="Bronze")
    bronze.multiplier = Decimal("2.00")
    bronze.save()

    order = _completed_order(buyer, product)
    assert services.release_order_points(order).available_delta == 4  # Rp 20.000 → 2 points × 2
