"""The whole order path as a state machine (hypothesis): random sequences of placing orders
(with points and reward vouchers, also a double tap through real HTTP), paying, rejecting
receipts, processing, shipping, completing, cancelling, counter sales, guests who register,
expiry and merged customers — with the shop's promises checked after every step:

- every balance equals its ledger and is never negative;
- a completed order earned exactly once; a cancelled one nets zero pending points and earned
  nothing;
- the points and reward vouchers redeemed on a cancelled order came back exactly once;
- stock = initial − sold + released;
- every buyer can still place an order (no open basket whose order exists).

Runs on SQLite (``make test``) and PostgreSQL (``make test-services``), bounded to stay well
under two minutes.
"""

import contextlib
import datetime
import uuid
from decimal import Decimal

import pytest
from django.db import transaction
from django.db.models import Sum
from django.test import Client, TestCase
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)
from oscar.apps.customer.signals import user_registered
from oscar.apps.order.exceptions import UnableToPlaceOrder
from oscar.apps.partner.strategy import Default
from oscar.core.loading import get_model
from oscar.test import factories

from core import order_statuses
from crm.models import Customer
from crm.services import merge_customers
from loyalty import services as loyalty
from loyalty.models import Account, ClaimStatus, Entry, EntryKind, Reward, RewardClaim, RewardKind, SourceType
from loyalty.rules import LoyaltyError
from storefront.order import services as orders
from storefront.payment.models import PaymentReceipt
from storefront.payment.services import PaymentRefused, record_order_payment
from storefront.shipping.regions import ensure_indonesia
from tests.factories import apply_offers, checkout_over_http, make_buyer, make_product, shop_ready

Basket = get_model("basket", "Basket")
Order = get_model("order", "Order")
ShippingAddress = get_model("order", "ShippingAddress")
StockRecord = get_model("partner", "StockRecord")
VoucherApplication = get_model("voucher", "VoucherApplication")

STOCK = 60
BUYERS = 2
ACTIONS = {
    "confirm": lambda pk: orders.confirm_payment(pk),
    "process": lambda pk: orders.mark_processing(pk),
    "ship": lambda pk: orders.ship(pk, "jne", "JNE1"),
    "complete": lambda pk: orders.complete(pk),
    "cancel": lambda pk: orders.cancel(pk, "diuji"),
}


def run_tasks():
    """What the Celery worker does after each step: the order's queued tasks run at commit."""
    return TestCase.captureOnCommitCallbacks(execute=True)


class OrderLifecycle(RuleBasedStateMachine):
    def __init__(self):
        super().__init__()
        self._atomic = transaction.atomic()
        self._atomic.__enter__()
        from django.core.cache import cache

        cache.clear()
        shop_ready()
        loyalty.ensure_default_tiers()
        self.products = [
            make_product(price=price, stock=STOCK, title=f"Produk {price}") for price in ("45000", "120000")
        ]
        self.buyers = [
            make_buyer(email=f"pembeli{i}@example.com", phone=f"+62812000000{i}") for i in range(BUYERS)
        ]
        self.reward = Reward.objects.create(
            name="Potongan Rp 10.000", kind=RewardKind.RUPIAH, points_cost=60, value=Decimal("10000")
        )
        self.guests = 0
        self.double_taps = 0

    def teardown(self):
        transaction.set_rollback(True)
        self._atomic.__exit__(None, None, None)

    # -- helpers ---------------------------------------------------------------------------
    def _address(self, phone):
        return ShippingAddress.objects.create(
            first_name="Penerima",
            phone_number=phone,
            line1="Jl. Malioboro 1",
            line4="Yogyakarta",
            state="DI Yogyakarta",
            postcode="55271",
            country=ensure_indonesia(),
        )

    def _place(self, user, product, quantity, method, points=0, voucher=None, guest_email=""):
        basket = Basket.objects.create(owner=user)
        basket.strategy = Default()
        basket.add_product(product, quantity)
        if voucher is not None:
            basket.vouchers.add(voucher)
        apply_offers(basket)
        if points:
            with contextlib.suppress(LoyaltyError):
                loyalty.choose_points(basket, loyalty.account_for_user(user), points)
            apply_offers(basket)
        phone = user.phone if user else "+6281299990000"
        kwargs = {"guest_email": guest_email} if guest_email else {}
        with run_tasks():
            try:
                with transaction.atomic():
                    order = factories.create_order(
                        basket=basket, user=user, shipping_address=self._address(phone), **kwargs
                    )
                    record_order_payment(order, method)
                    basket.submit()
            except (UnableToPlaceOrder, PaymentRefused):
                return None
        return order

    # -- rules -----------------------------------------------------------------------------
    @rule(
        who=st.integers(0, BUYERS - 1),
        which=st.integers(0, 1),
        quantity=st.integers(1, 3),
        method=st.sampled_from(["bank_transfer", "qris", "cod"]),
        points=st.sampled_from([0, 0, 50]),
        use_reward=st.booleans(),
    )
    def place(self, who, which, quantity, method, points, use_reward):
        user = self.buyers[who]
        voucher = None
        if use_reward:
            claim = RewardClaim.objects.filter(
                account__customer__user=user, status=ClaimStatus.CLAIMED, voucher__num_orders=0
            ).first()
            voucher = claim.voucher if claim else None
        self._place(user, self.products[which], quantity, method, points=points, voucher=voucher)

    @precondition(lambda self: self.double_taps < 1)
    @rule(who=st.integers(0, BUYERS - 1))
    def place_twice_at_once(self, who):
        """A double tap through the real checkout: one order, and the buyer can order again."""
        self.double_taps += 1
        user = self.buyers[who]
        client = Client()
        client.force_login(user)
        before = Order.objects.filter(user=user).count()
        with run_tasks():
            preview = checkout_over_http(client, self.products[0], place=False)
            data = {"action": "place_order", "basket_id": preview.context["basket"].pk}
            first = client.post(reverse("checkout:preview"), data)
            second = client.post(reverse("checkout:preview"), data)
        assert first["Location"] == second["Location"] == reverse("checkout:thank-you")
        assert Order.objects.filter(user=user).count() == before + 1

    @rule(index=st.integers(0, 30), action=st.sampled_from(sorted(ACTIONS)))
    def move(self, index, action):
        order_ids = list(Order.objects.order_by("pk").values_list("pk", flat=True))
        if not order_ids:
            return
        with run_tasks(), contextlib.suppress(orders.OrderActionRefused):
            ACTIONS[action](order_ids[index % len(order_ids)])

    @rule(index=st.integers(0, 30))
    def reject_receipt(self, index):
        waiting = list(Order.objects.filter(status=order_statuses.PENDING_PAYMENT).order_by("pk"))
        if not waiting:
            return
        order = waiting[index % len(waiting)]
        PaymentReceipt.objects.create(payment=order.payment_info, file="receipts/bukti.jpg")
        with run_tasks():
            orders.reject_receipt(order.pk, "buram")

    @rule(who=st.integers(0, BUYERS - 1))
    def claim_reward(self, who):
        account = loyalty.account_for_user(self.buyers[who])
        with contextlib.suppress(LoyaltyError):
            loyalty.claim_reward(account, self.reward)

    @rule(who=st.integers(0, BUYERS - 1), amount=st.sampled_from(["250000", "800000"]))
    def counter_sale(self, who, amount):
        loyalty.record_counter_sale(phone=self.buyers[who].phone, amount=amount, token=uuid.uuid4().hex)

    @precondition(lambda self: self.guests < 2)
    @rule(complete=st.booleans())
    def guest_orders_then_registers(self, complete):
        self.guests += 1
        email = f"tamu{self.guests}@example.com"
        order = self._place(None, self.products[1], 1, "cod", guest_email=email)
        if order is not None and complete:
            with run_tasks():
                orders.ship(order.pk, "jne", "JNE2")
                orders.complete(order.pk)
        with run_tasks():
            user = make_buyer(email=email)
            user_registered.send(sender=self.__class__, request=None, user=user)
        if order is not None:
            assert Order.objects.get(pk=order.pk).user == user

    @rule()
    def expire_everything_due_in_a_year(self):
        loyalty.expire_points(now=timezone.now() + datetime.timedelta(days=400))

    @rule()
    def merge_a_guest_into_a_buyer(self):
        guest = Customer.objects.filter(user__isnull=True).first()
        target = Customer.objects.filter(user__isnull=False).first()
        if guest is not None and target is not None:
            merge_customers(source=guest, target=target)

    # -- the promises ----------------------------------------------------------------------
    @invariant()
    def balances_equal_the_ledger_and_are_never_negative(self):
        assert not loyalty.drifted_accounts().exists()
        assert not Account.objects.filter(available__lt=0).exists()
        assert not Account.objects.filter(pending__lt=0).exists()

    @invariant()
    def completed_orders_earned_once_and_cancelled_ones_net_zero(self):
        for order in Order.objects.all():
            entries = Entry.objects.filter(source_type=SourceType.ORDER, source_id=str(order.pk))
            kinds = list(entries.values_list("kind", flat=True))
            assert kinds.count(EntryKind.EARN) <= 1 and kinds.count(EntryKind.PENDING) <= 1
            if order.status == order_statuses.COMPLETED:
                assert kinds.count(EntryKind.EARN) == 1, (order.number, kinds)
            if order.status == order_statuses.CANCELLED:
                assert EntryKind.EARN not in kinds
                assert (entries.aggregate(p=Sum("pending_delta"))["p"] or 0) == 0
                redeemed = entries.filter(kind=EntryKind.REDEEM).first()
                refunds = entries.filter(kind=EntryKind.REFUND)
                if redeemed is not None:
                    assert [r.available_delta for r in refunds] == [-redeemed.available_delta]
                assert not VoucherApplication.objects.filter(order=order).exists()

    @invariant()
    def stock_is_initial_minus_sold_plus_released(self):
        for product in self.products:
            record = StockRecord.objects.get(product=product)
            active = (
                product.line_set.exclude(order__status=order_statuses.CANCELLED).aggregate(q=Sum("quantity"))[
                    "q"
                ]
                or 0
            )
            assert record.num_in_stock - (record.num_allocated or 0) == STOCK - active

    @invariant()
    def every_buyer_can_still_order(self):
        ordered = Order.objects.values("basket_id")
        assert not Basket.objects.filter(status=Basket.OPEN, pk__in=ordered).exists()


@pytest.mark.django_db
def test_the_order_lifecycle_keeps_every_promise():
    run_state_machine_as_test(
        OrderLifecycle,
        settings=settings(
            max_examples=5,
            stateful_step_count=10,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
        ),
    )
