"""Points from real orders: placed → pending, completed → available, cancelled → removed."""

from decimal import Decimal

import pytest
from oscar.apps.order.exceptions import UnableToPlaceOrder

from core import order_statuses
from crm.models import Customer
from loyalty import services
from loyalty.models import Account, BasketRedemption, Entry, EntryKind
from tests.factories import apply_offers, make_basket, make_buyer, move_to, place_with_order_creator

pytestmark = pytest.mark.django_db


def _account(user):
    return Account.objects.get(customer__user=user)


def test_placed_order_gives_pending_points_and_completion_makes_them_available(
    django_capture_on_commit_callbacks,
):
    buyer = make_buyer()
    with django_capture_on_commit_callbacks(execute=True):
        order = place_with_order_creator(
            make_basket(buyer, Decimal("125000")), user=buyer, payment_method=None, shipping_address=None
        )
    account = _account(buyer)
    assert (account.available, account.pending) == (0, 12)  # Rp 125.000 / 10.000, rounded down
    with django_capture_on_commit_callbacks(execute=True):
        move_to(order, order_statuses.COMPLETED)
    account.refresh_from_db()
    assert (account.available, account.pending) == (12, 0)
    assert account.tier.name == "Bronze"
    assert Entry.objects.filter(source_id=str(order.pk), kind=EntryKind.EARN).count() == 1


def test_cancelled_order_loses_its_pending_points(django_capture_on_commit_callbacks):
    buyer = make_buyer()
    with django_capture_on_commit_callbacks(execute=True):
        order = place_with_order_creator(
            make_basket(buyer, Decimal("300000")), user=buyer, payment_method=None, shipping_address=None
        )
    assert _account(buyer).pending == 30
    with django_capture_on_commit_callbacks(execute=True):
        move_to(order, order_statuses.CANCELLED)
    account = _account(buyer)
    assert (account.available, account.pending) == (0, 0)
    assert account.entries.filter(kind=EntryKind.REVERSE, pending_delta=-30).exists()


def test_tasks_run_twice_change_nothing(django_capture_on_commit_callbacks):
    from loyalty import tasks

    buyer = make_buyer()
    with django_capture_on_commit_callbacks(execute=True):
        order = place_with_order_creator(
            make_basket(buyer, Decimal("200000")), user=buyer, payment_method=None, shipping_address=None
        )
        move_to(order, order_statuses.COMPLETED)
    tasks.add_pending_points(order.pk)
    tasks.release_points(order.pk)
    tasks.release_points(order.pk)
    account = _account(buyer)
    assert (account.available, account.pending) == (20, 0)
    assert account.entries.count() == 2


def test_guest_order_points_are_claimed_when_the_buyer_registers(
    client, settings, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        order = place_with_order_creator(
            make_basket(None, Decimal("150000")),
            guest_email="Sari@Example.com",
            payment_method=None,
            shipping_address=None,
        )
        move_to(order, order_statuses.COMPLETED)
    guest = Customer.objects.get(email="sari@example.com")
    assert guest.loyalty_account.available == 15
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/shop/accounts/login/",
            {
                "registration-email": "sari@example.com",
                "registration-password1": "Kopi-susu-2026!",
                "registration-password2": "Kopi-susu-2026!",
                "registration_submit": "Register",
            },
        )
    assert response.status_code == 302
    guest.refresh_from_db()
    assert guest.user is not None and guest.user.email == "sari@example.com"
    assert services.points_summary(guest).available == 15 + 20  # plus the sign-up bonus


def test_redeemed_points_become_a_discount_on_the_order_and_return_on_cancel(
    django_capture_on_commit_callbacks,
):
    buyer = make_buyer()
    account = services.account_for_user(buyer)
    services.adjust_points(account, 300, "saldo awal", by=None)
    basket = make_basket(buyer, Decimal("100000"))
    services.choose_points(basket, account, 200)
    apply_offers(basket)
    assert basket.total_incl_tax == Decimal("80000.00")  # 200 points × Rp 100
    with django_capture_on_commit_callbacks(execute=True):
        order = place_with_order_creator(basket, user=buyer, payment_method=None, shipping_address=None)
    account.refresh_from_db()
    assert account.available == 100
    assert order.total_incl_tax == Decimal("80000.00")
    discount = order.discounts.get()
    assert discount.amount == Decimal("20000.00") and discount.offer_name == "Penukaran poin"
    assert account.pending == 8  # points only on what was paid: Rp 80.000
    assert not BasketRedemption.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        move_to(order, order_statuses.CANCELLED)
    account.refresh_from_db()
    assert (account.available, account.pending) == (300, 0)


@pytest.mark.parametrize(
    "balance, points, message",
    [(1000, 40, "minimal 50 poin"), (1000, 600, "50%"), (350, 400, "hanya punya 350 poin")],
)
def test_choosing_points_outside_the_rules_is_refused(balance, points, message):
    buyer = make_buyer()
    account = services.account_for_user(buyer)
    services.adjust_points(account, balance, "saldo awal", by=None)
    basket = make_basket(buyer, Decimal("100000"))
    with pytest.raises(services.LoyaltyError) as excinfo:
        services.choose_points(basket, account, points)
    assert message in str(excinfo.value)


def test_changed_basket_refuses_the_order_and_debits_nothing():
    buyer = make_buyer()
    account = services.account_for_user(buyer)
    services.adjust_points(account, 500, "saldo awal", by=None)
    basket = make_basket(buyer, Decimal("100000"))
    services.choose_points(basket, account, 500)
    basket.add_product(basket.all_lines()[0].product, 1)  # basket changed after choosing
    with pytest.raises(UnableToPlaceOrder):
        place_with_order_creator(basket, user=buyer, payment_method=None, shipping_address=None)
    account.refresh_from_db()
    assert account.available == 500
    assert not Entry.objects.filter(kind=EntryKind.REDEEM).exists()


def test_balance_spent_elsewhere_refuses_the_order():
    buyer = make_buyer()
    account = services.account_for_user(buyer)
    services.adjust_points(account, 300, "saldo awal", by=None)
    basket = make_basket(buyer, Decimal("100000"))
    services.choose_points(basket, account, 300)
    services.adjust_points(account, -100, "koreksi", by=None)
    with pytest.raises(UnableToPlaceOrder):
        place_with_order_creator(basket, user=buyer, payment_method=None, shipping_address=None)
    account.refresh_from_db()
    assert account.available == 200


def test_reconciliation_repairs_a_completed_order_whose_task_was_lost():
    buyer = make_buyer()
    order = place_with_order_creator(
        make_basket(buyer, Decimal("90000")), user=buyer, payment_method=None, shipping_address=None
    )  # on_commit never ran
    move_to(order, order_statuses.COMPLETED)
    assert not Entry.objects.exists()
    report = services.reconcile_orders()
    assert report["released"] == [str(order.number)]  # the order number, for the owner
    assert _account(buyer).available == 9
    assert services.reconcile_orders() == {"released": [], "pending": [], "reversed": [], "failed": []}


def test_points_become_available_days_after_shipping_without_completion(django_capture_on_commit_callbacks):
    import datetime

    from django.utils import timezone

    from loyalty import tasks

    buyer = make_buyer()
    with django_capture_on_commit_callbacks(execute=True):
        order = place_with_order_creator(
            make_basket(buyer, Decimal("70000")), user=buyer, payment_method=None, shipping_address=None
        )
        move_to(order, order_statuses.SHIPPED)
    assert services.release_due_shipped_orders() == []  # shipped today: still pending
    order.status_changes.update(date_created=timezone.now() - datetime.timedelta(days=8))
    tasks.release_shipped_orders()
    assert (_account(buyer).available, _account(buyer).pending) == (7, 0)


def test_approved_review_earns_the_review_bonus_once(django_capture_on_commit_callbacks):
    from oscar.core.loading import get_model

    ProductReview = get_model("reviews", "ProductReview")
    buyer = make_buyer()
    product = make_basket(buyer).all_lines()[0].product
    with django_capture_on_commit_callbacks(execute=True):
        review = ProductReview.objects.create(
            product=product,
            user=buyer,
            score=5,
            title="Enak",
            body="Kopinya harum",
            status=ProductReview.FOR_MODERATION,
        )
    assert not Entry.objects.filter(kind=EntryKind.BONUS).exists()  # not approved yet
    with django_capture_on_commit_callbacks(execute=True):
        review.status = ProductReview.APPROVED
        review.save()
        review.save()
    assert Entry.objects.filter(kind=EntryKind.BONUS, source_type="review").count() == 1


def test_signing_in_claims_points_of_earlier_guest_orders(client, django_capture_on_commit_callbacks):
    buyer = make_buyer("joko@example.com")  # registered, but ordered as a guest
    with django_capture_on_commit_callbacks(execute=True):
        order = place_with_order_creator(
            make_basket(None, Decimal("60000")),
            guest_email="joko@example.com",
            payment_method=None,
            shipping_address=None,
        )
        move_to(order, order_statuses.COMPLETED)
    response = client.post(
        "/shop/accounts/login/",
        {"login-username": "joko@example.com", "login-password": "rahasia-123", "login_submit": "Log In"},
    )
    assert response.status_code == 302
    assert services.points_summary(Customer.objects.get(user=buyer)).available == 6


def test_reconciliation_reverses_a_cancelled_order_whose_task_was_lost(django_capture_on_commit_callbacks):
    from django.core.management import call_command

    buyer = make_buyer()
    account = services.account_for_user(buyer)
    services.adjust_points(account, 100, "saldo awal", by=None)
    basket = make_basket(buyer, Decimal("100000"))
    services.choose_points(basket, account, 50)
    with django_capture_on_commit_callbacks(execute=True):
        order = place_with_order_creator(basket, user=buyer, payment_method=None, shipping_address=None)
    move_to(order, order_statuses.CANCELLED)  # the cancel task never ran
    assert _account(buyer).available == 50
    call_command("loyalty_reconcile")
    assert (_account(buyer).available, _account(buyer).pending) == (100, 0)
    assert services.reconcile_orders()["reversed"] == []
