"""PostgreSQL + Redis: parallel redemptions never overdraw, parallel awards write one entry,
and a real Celery worker on Redis awards the points of a placed order."""

import time
from decimal import Decimal

import pytest

from core import order_statuses
from loyalty import services, tasks
from loyalty.models import Account, Entry, EntryKind, Reward, RewardClaim, RewardKind
from tests.concurrency import in_parallel
from tests.factories import make_basket, make_buyer, make_product, place_with_order_creator

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


def test_twenty_parallel_orders_redeeming_points_never_overdraw():
    from oscar.apps.order.exceptions import UnableToPlaceOrder

    buyer = make_buyer()
    account = services.account_for_user(buyer)
    services.adjust_points(account, 1000, "saldo awal", by=None)
    product = make_product(price=Decimal("100000"), stock=100)
    baskets = []
    for _i in range(20):
        basket = make_basket(buyer, product=product)
        services.choose_points(basket, account, 100)  # each alone is fine: 100 ≤ 1000
        baskets.append(basket)

    results = in_parallel(
        lambda i: place_with_order_creator(
            baskets[i], user=buyer, payment_method=None, shipping_address=None
        ),
        20,
    )

    placed = [r for r in results if not isinstance(r, Exception)]
    refused = [r for r in results if isinstance(r, UnableToPlaceOrder)]
    assert len(placed) == 10 and len(refused) == 10, results
    account.refresh_from_db()
    assert account.available == 0
    assert Entry.objects.filter(kind=EntryKind.REDEEM).count() == 10
    assert all(order.total_incl_tax == Decimal("90000.00") for order in placed)


def test_parallel_reward_claims_respect_balance_and_stock():
    buyer = make_buyer()
    account = services.account_for_user(buyer)
    services.adjust_points(account, 1000, "saldo awal", by=None)
    reward = Reward.objects.create(
        name="Potongan", kind=RewardKind.RUPIAH, points_cost=100, value=10000, stock=5
    )

    in_parallel(lambda i: services.claim_reward(account, reward), 20)

    assert RewardClaim.objects.count() == 5
    account.refresh_from_db()
    reward.refresh_from_db()
    assert (account.available, reward.stock) == (500, 0)


def test_award_task_run_twice_and_in_parallel_leaves_one_entry():
    buyer = make_buyer()
    order = place_with_order_creator(
        make_basket(buyer, Decimal("250000")), user=buyer, payment_method=None, shipping_address=None
    )  # no on_commit in this test

    in_parallel(lambda i: tasks.add_pending_points(order.pk), 10)
    tasks.add_pending_points(order.pk)

    assert Entry.objects.filter(source_id=str(order.pk), kind=EntryKind.PENDING).count() == 1
    account = Account.objects.get(customer__user=buyer)
    assert account.pending == 25
    assert services.drifted_accounts().count() == 0


@pytest.mark.parametrize("pending_first", [True, False], ids=["pending-written", "pending-lost"])
def test_release_run_in_parallel_leaves_one_earn_entry(pending_first):
    buyer = make_buyer()
    order = place_with_order_creator(
        make_basket(buyer, Decimal("250000")), user=buyer, payment_method=None, shipping_address=None
    )  # no on_commit in this test
    if pending_first:
        tasks.add_pending_points(order.pk)
    order.status = order_statuses.COMPLETED
    order.save(update_fields=["status"])

    results = in_parallel(lambda i: tasks.release_points(order.pk), 10)

    assert not [r for r in results if isinstance(r, Exception)], results
    kinds = sorted(Entry.objects.filter(source_id=str(order.pk)).values_list("kind", flat=True))
    assert kinds == [EntryKind.EARN, EntryKind.PENDING]
    account = Account.objects.get(customer__user=buyer)
    assert (account.available, account.pending) == (25, 0)
    assert services.drifted_accounts().count() == 0


def test_a_real_celery_worker_on_redis_awards_points_for_a_placed_order(settings):
    from celery.contrib.testing.worker import start_worker

    from storefront.celery import app

    settings.CELERY_TASK_ALWAYS_EAGER = False
    app.conf.update(task_always_eager=False, broker_url=settings.REDIS_URL)
    assert app.connection_for_write().transport.driver_type == "redis"
    buyer = make_buyer()
    try:
        with start_worker(app, perform_ping_check=False, pool="solo", shutdown_timeout=20):
            order = place_with_order_creator(
                make_basket(buyer, Decimal("180000")), user=buyer, payment_method=None, shipping_address=None
            )  # commits: on_commit → Redis
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline and not Entry.objects.filter(source_id=str(order.pk)).exists():
                time.sleep(0.2)
    finally:
        app.conf.task_always_eager = True
    entry = Entry.objects.get(source_id=str(order.pk), kind=EntryKind.PENDING)
    assert entry.pending_delta == 18
