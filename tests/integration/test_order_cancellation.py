"""Cancelling an order gives back exactly what it took and takes back only what it counted:
its reward vouchers become usable again (or their points come back once they expired), and
the tier's spend is reduced only for an order whose spend was counted."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone
from oscar.apps.partner.strategy import Default
from oscar.core.loading import get_model

from core import order_statuses
from loyalty import services
from loyalty.models import ClaimStatus, Entry, EntryKind, Reward, RewardKind, SourceType
from storefront.order import services as order_services
from tests.concurrency import in_parallel
from tests.factories import make_buyer, make_product, move_to, place_with_order_creator

Basket = get_model("basket", "Basket")
Voucher = get_model("voucher", "Voucher")


def order_with_reward(buyer, points=500, cost=200):
    """``buyer`` claims a Rp 20.000 reward and uses its voucher on an order (pending payment)."""
    account = services.account_for_user(buyer)
    services.adjust_points(account, points, "saldo awal", by=None)
    reward = Reward.objects.create(
        name="Potongan Rp 20.000", kind=RewardKind.RUPIAH, points_cost=cost, value=Decimal("20000"), stock=5
    )
    claim = services.claim_reward(account, reward)
    basket = Basket.objects.create(owner=buyer)
    basket.strategy = Default()
    basket.add_product(make_product(price=Decimal("100000"), stock=100), 1)
    basket.vouchers.add(claim.voucher)
    order = place_with_order_creator(basket, user=buyer, payment_method=None, shipping_address=None)
    assert order.total_excl_tax == Decimal("80000.00")  # the voucher gave its discount
    services.refresh_claim_statuses()  # the nightly run marks the claim used
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.USED
    return order, claim


@pytest.mark.django_db
def test_cancelling_an_order_makes_its_reward_voucher_usable_again(django_capture_on_commit_callbacks):
    buyer = make_buyer()
    order, claim = order_with_reward(buyer)
    with django_capture_on_commit_callbacks(execute=True):
        order_services.cancel(order.pk, "stok habis")

    claim.refresh_from_db()
    voucher = Voucher.objects.get(pk=claim.voucher_id)
    assert claim.status == ClaimStatus.CLAIMED
    assert voucher.num_orders == 0
    assert voucher.is_available_to_user(buyer)[0]
    assert services.account_for_user(buyer).available == 300  # the claim's points stay in the reward
    services.cancel_order_points(order)  # a repeated task
    voucher.refresh_from_db()
    assert voucher.num_orders == 0
    services.refresh_claim_statuses()
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.CLAIMED


@pytest.mark.django_db
def test_a_reward_voucher_that_expired_meanwhile_comes_back_as_points(django_capture_on_commit_callbacks):
    buyer = make_buyer()
    order, claim = order_with_reward(buyer)
    Voucher.objects.filter(pk=claim.voucher_id).update(
        end_datetime=timezone.now() - datetime.timedelta(days=1)
    )
    with django_capture_on_commit_callbacks(execute=True):
        order_services.cancel(order.pk, "tidak jadi")
    services.cancel_order_points(order)

    claim.refresh_from_db()
    assert claim.status == ClaimStatus.CANCELLED
    assert services.account_for_user(buyer).available == 500
    refunds = Entry.objects.filter(
        source_type=SourceType.REWARD, source_id=str(claim.pk), kind=EntryKind.REFUND
    )
    assert [entry.available_delta for entry in refunds] == [200]


@pytest.mark.django_db
def test_cancelling_an_order_that_never_counted_leaves_the_tier_spend_alone(
    django_capture_on_commit_callbacks,
):
    buyer = make_buyer()
    with django_capture_on_commit_callbacks(execute=True):
        completed = place_with_order_creator(
            _basket(buyer, "500000"), user=buyer, payment_method=None, shipping_address=None
        )
        move_to(completed, order_statuses.COMPLETED)
        pending = place_with_order_creator(
            _basket(buyer, "300000"), user=buyer, payment_method=None, shipping_address=None
        )
    account = services.account_for_user(buyer)
    assert services.spend_last_12_months(account) == Decimal("500000")
    with django_capture_on_commit_callbacks(execute=True):
        move_to(pending, order_statuses.CANCELLED)
    account.refresh_from_db()
    assert services.spend_last_12_months(account) == Decimal("500000")
    assert account.pending == 0


def _basket(buyer, price):
    basket = Basket.objects.create(owner=buyer)
    basket.strategy = Default()
    basket.add_product(make_product(price=Decimal(price), stock=100), 1)
    return basket


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_parallel_cancellations_return_the_voucher_and_the_points_once():
    buyer = make_buyer()
    account = services.account_for_user(buyer)
    services.adjust_points(account, 300, "saldo", by=None)
    order, claim = order_with_reward(buyer)
    basket = Basket.objects.get(pk=order.basket_id)
    assert basket.pk
    order.set_status(order_statuses.CANCELLED)

    in_parallel(lambda i: services.cancel_order_points(order), 4)

    voucher = Voucher.objects.get(pk=claim.voucher_id)
    assert voucher.num_orders == 0 and voucher.applications.count() == 0
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.CLAIMED
    account.refresh_from_db()
    assert account.available == 600  # 300 + 500 given, 200 in the reward
    assert account.pending == 0
    assert services.drifted_accounts().count() == 0
