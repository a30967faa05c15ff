"""One rule decides whose an order is (crm.customers): a signed-in buyer's order always earns
for that buyer, a phone held by another record is a conflict for the owner, never an error;
the repair jobs go on past what they cannot repair; a guest who registers gets their orders."""

import datetime
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from oscar.core.loading import get_model

from core import order_statuses
from crm.models import Customer, CustomerOrder, PhoneConflict
from loyalty import services
from loyalty.models import Account, Entry, EntryKind
from tests.factories import make_basket, make_buyer, make_shipping_address, move_to, place_with_order_creator

pytestmark = pytest.mark.django_db
Order = get_model("order", "Order")

PHONE = "+6281234560001"


def order_shipped_to(phone, user=None, guest_email="", price="100000", name="Penerima"):
    """An order placed through Oscar's OrderCreator with a shipping address carrying ``phone``."""
    return place_with_order_creator(
        make_basket(user, Decimal(price)),
        user=user,
        guest_email=guest_email,
        payment_method=None,
        shipping_address=make_shipping_address(first_name=name, phone_number=phone),
    )


def test_a_phone_held_by_another_customer_never_loses_the_signed_in_buyers_points(
    client, django_capture_on_commit_callbacks
):
    first = make_buyer("b1@example.com", phone=PHONE)
    third = make_buyer("b3@example.com")  # no phone on file
    with django_capture_on_commit_callbacks(execute=True):
        order_shipped_to(PHONE, user=first)
        order = order_shipped_to(PHONE, user=third, price="90000")

    holder = Customer.objects.get(user=first)
    mine = Customer.objects.get(user=third)
    assert mine.phone == ""  # the number stays with the record that holds it
    assert Account.objects.get(customer=mine).pending == 9
    assert CustomerOrder.objects.get(order=order).customer == mine  # CRM and loyalty agree
    conflict = PhoneConflict.objects.get()
    assert (conflict.customer, conflict.holder, conflict.phone, conflict.order) == (
        mine,
        holder,
        PHONE,
        order,
    )

    from django.contrib.auth import get_user_model

    owner = get_user_model().objects.create_user(email="owner@example.com", password="x")
    owner.is_staff = owner.is_superuser = True
    owner.save()
    client.force_login(owner)
    today = client.get(reverse("dashboard:index")).content.decode()
    assert "dipakai dua pelanggan" in today
    detail = client.get(reverse("dashboard:crm-customer-detail", args=[mine.pk])).content.decode()
    assert "dipakai dua pelanggan" in detail
    assert reverse("dashboard:crm-customer-merge", args=[mine.pk]) + f"?other={holder.pk}" in detail


def test_crm_and_loyalty_find_the_same_customer_for_every_order(django_capture_on_commit_callbacks):
    from crm import customers

    buyer = make_buyer("sari@example.com", phone="+6281200000009")
    with django_capture_on_commit_callbacks(execute=True):
        orders = [
            order_shipped_to("081200000009", user=buyer),
            order_shipped_to("081200000009", guest_email="lain@example.com"),
            order_shipped_to("081299999999", guest_email="SARI@example.com"),
        ]
    for order in orders:
        pending = Entry.objects.get(source_id=str(order.pk), kind=EntryKind.PENDING)
        assert pending.account.customer == CustomerOrder.objects.get(order=order).customer
        assert customers.customer_for_order(order) == pending.account.customer


def test_reconciliation_repairs_each_order_and_reports_what_it_could_not(django_capture_on_commit_callbacks):
    buyer = make_buyer()
    with django_capture_on_commit_callbacks(execute=True):
        broken = order_shipped_to(PHONE, user=buyer)
    lost = order_shipped_to("081211112222", user=buyer, price="50000")  # its tasks were lost
    # The broken order is cancelled while its account's cached pending points drifted to 0:
    # taking its points back cannot be done until the balances are rebuilt.
    Account.objects.filter(customer__user=buyer).update(pending=0)
    Order.objects.filter(pk=broken.pk).update(status=order_statuses.CANCELLED)
    Order.objects.filter(pk=lost.pk).update(status=order_statuses.COMPLETED)

    out = StringIO()
    call_command("loyalty_reconcile", stdout=out)

    assert Entry.objects.filter(source_id=str(lost.pk), kind=EntryKind.EARN).exists()
    report = out.getvalue()
    assert f"released: 1 {lost.number}" in report
    assert f"not repaired: {broken.number}" in report and "kurang dari nol" in report


def test_the_balance_check_reports_orders_missing_their_entries():
    buyer = make_buyer()
    order = order_shipped_to(PHONE, user=buyer)
    placed = order.date_placed - datetime.timedelta(hours=1)
    Order.objects.filter(pk=order.pk).update(status=order_statuses.COMPLETED, date_placed=placed)  # task lost
    out = StringIO()
    with pytest.raises(SystemExit):
        call_command("loyalty_rebuild_balances", "--check", stdout=out)
    assert f"order {order.number}" in out.getvalue()
    services.reconcile_orders()
    out = StringIO()
    call_command("loyalty_rebuild_balances", "--check", stdout=out)
    assert "0 order(s) without their entries" in out.getvalue()


def test_a_guest_who_registers_gets_the_guest_orders_name_and_phone(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        order = order_shipped_to("0812-3456-0002", guest_email="Wati@Example.com", name="Wati Lestari")
        move_to(order, order_statuses.COMPLETED)
        other = order_shipped_to("0812-9999-0003", guest_email="orang.lain@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/shop/accounts/login/",
            {
                "registration-email": "wati@example.com",
                "registration-password1": "Kopi-susu-2026!",
                "registration-password2": "Kopi-susu-2026!",
                "registration_submit": "Register",
            },
        )
    order.refresh_from_db()
    user = order.user
    assert user is not None and user.email == "wati@example.com"
    assert (user.first_name, user.phone) == ("Wati Lestari", "+6281234560002")
    assert Order.objects.get(pk=other.pk).user is None
    history = client.get(reverse("customer:order-list")).content.decode()
    assert str(order.number) in history and str(other.number) not in history


def test_the_thank_you_page_invites_a_guest_to_register_for_the_points(client):
    from tests.factories import checkout_over_http, make_product, shop_ready

    shop_ready()
    checkout_over_http(client, make_product(price="95000"), email="tamu@example.com")
    page = client.get(reverse("checkout:thank-you")).content.decode()
    assert "Daftar dengan e-mail ini untuk mengumpulkan 9 poin" in page
    assert "tamu@example.com" in page
