"""Races on PostgreSQL: many buyers for the last units, many redemptions on one account.

Already proven elsewhere (not repeated here):
- two owners confirming the same payment → one confirmation:
  ``tests/integration/test_checkout_concurrency.py::test_two_owners_confirming_at_once_make_one_confirmation``;
- twenty parallel orders redeeming points never overdraw, parallel reward claims respect
  balance and stock, a parallel award writes one entry: ``tests/integration/test_loyalty_concurrency.py``.
"""

from decimal import Decimal

import pytest
from oscar.apps.order.exceptions import UnableToPlaceOrder
from oscar.core.loading import get_model

from loyalty import services
from loyalty.models import Entry, EntryKind, Reward, RewardClaim, RewardKind
from loyalty.rules import LoyaltyError
from tests.concurrency import in_parallel
from tests.factories import make_basket, make_buyer, make_product, place_with_order_creator

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]

Order = get_model("order", "Order")
StockRecord = get_model("partner", "StockRecord")


def test_thirty_buyers_for_the_last_ten_units_never_oversell():
    product = make_product(price=Decimal("75000"), stock=10)
    baskets = [make_basket(make_buyer(email=f"pembeli{i}@example.com"), product=product) for i in range(30)]

    results = in_parallel(
        lambda i: place_with_order_creator(
            baskets[i], user=baskets[i].owner, payment_method=None, shipping_address=None
        ),
        30,
    )

    placed = [r for r in results if isinstance(r, Order)]
    refused = [r for r in results if isinstance(r, UnableToPlaceOrder)]
    assert len(placed) == 10 and len(refused) == 20, results
    assert "tinggal 0" in str(refused[0]) or "only 0" in str(refused[0])
    record = StockRecord.objects.get(product=product)
    assert (record.num_in_stock, record.num_allocated) == (10, 10)
    assert Order.objects.count() == 10  # the refused orders were rolled back entirely


def test_a_basket_asking_for_more_than_is_left_is_refused_and_rolled_back():
    product = make_product(price=Decimal("20000"), stock=3)
    basket = make_basket(make_buyer(), product=product, quantity=4)
    with pytest.raises(UnableToPlaceOrder):
        place_with_order_creator(basket, user=basket.owner, payment_method=None, shipping_address=None)
    assert not Order.objects.exists()
    assert StockRecord.objects.get(product=product).num_allocated in (0, None)


def test_fifty_parallel_redemptions_on_one_account_never_go_below_zero():
    buyer = make_buyer()
    account = services.account_for_user(buyer)
    services.adjust_points(account, 1000, "saldo awal", by=None)
    reward = Reward.objects.create(
        name="Potongan", kind=RewardKind.RUPIAH, points_cost=100, value=10000, stock=100
    )

    def redeem(i):
        # Half claim rewards (100 points), half are staff corrections taking 30 points.
        if i % 2:
            return services.claim_reward(account, reward)
        return services.adjust_points(account, -30, "koreksi", by=None)

    results = in_parallel(redeem, 50)

    errors = [r for r in results if isinstance(r, Exception)]
    assert all(isinstance(e, LoyaltyError) for e in errors), errors
    account.refresh_from_db()
    claims = RewardClaim.objects.filter(account=account).count()
    corrections = Entry.objects.filter(account=account, kind=EntryKind.ADJUST, available_delta__lt=0).count()
    assert account.available == 1000 - 100 * claims - 30 * corrections >= 0
    assert account.available < 100 or claims == 25  # nobody was refused while points were left
    assert services.drifted_accounts().count() == 0
