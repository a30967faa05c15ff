""" "Hari ini" as the owner's whole day, and its one-screen "Kirim", through Django's test client
on the real order pipeline."""

import json
from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from oscar.core.loading import get_model

from core import order_statuses as statuses
from loyalty.models import Reward, RewardKind
from loyalty.services import adjust_points, claim_reward, get_account
from storefront.dashboard import today
from storefront.order import services
from storefront.order.models import Courier, Shipment
from tests.factories import make_order_row, make_product, place_with_order_creator, shop_ready

pytestmark = pytest.mark.django_db

OrderStatusChange = get_model("order", "OrderStatusChange")
ProductReview = get_model("reviews", "ProductReview")


def placed(method, hours_ago, **kwargs):
    order = place_with_order_creator(payment_method=method, **kwargs)
    order.date_placed = timezone.now() - timedelta(hours=hours_ago)
    order.save(update_fields=["date_placed"])
    return order


def test_to_ship_lists_paid_and_new_cash_on_delivery_orders_oldest_first(owner):
    shop_ready()
    unpaid_transfer = placed("bank_transfer", 1, guest_email="a@example.com")
    paid = placed("bank_transfer", 5, guest_email="b@example.com")
    services.confirm_payment(paid.pk)
    cod = placed("cod", 30, guest_email="c@example.com")
    preparing = placed("bank_transfer", 10, guest_email="d@example.com")
    services.confirm_payment(preparing.pk)
    services.mark_processing(preparing.pk)

    response = owner.get(reverse("dashboard:index"))
    to_ship = response.context["to_ship"]
    assert [order.pk for order in to_ship.items] == [cod.pk, preparing.pk, paid.pk]
    assert to_ship.count == 3 and unpaid_transfer not in to_ship.items
    html = response.content.decode()
    assert reverse("dashboard:order-ship", kwargs={"number": cod.number}) in html


def test_lists_count_every_row_but_show_the_first_ten(owner):
    shop_ready()
    for index in range(12):
        placed("cod", 20 - index, guest_email=f"p{index}@example.com")
    to_ship = owner.get(reverse("dashboard:index")).context["to_ship"]
    assert (len(to_ship.items), to_ship.count) == (10, 12)


def test_kirim_ships_a_cash_on_delivery_order_in_one_submit_and_gives_the_whatsapp_message(owner, owner_user):
    shop_ready()
    order = place_with_order_creator(payment_method="cod", stock=5, quantity=2)
    response = owner.post(
        reverse("dashboard:order-ship", kwargs={"number": order.number}),
        {"courier": Courier.JNE, "tracking_number": " JNE0012345 ", "courier_name": ""},
        HTTP_ACCEPT="application/json",
    )
    assert response.status_code == 200
    data = json.loads(response.content)
    assert data["next"] == reverse("dashboard:index")
    assert data["whatsapp"].startswith("https://wa.me/6281234567890?text=")
    assert "JNE0012345" in data["whatsapp"]
    order.refresh_from_db()
    assert order.status == statuses.SHIPPED and order.shipment.tracking_number == "JNE0012345"
    changes = list(order.status_changes.order_by("date_created", "pk").values_list("new_status", flat=True))
    assert changes[-1] == statuses.SHIPPED  # a COD order is being prepared from the start (order flow)
    record = order.lines.get().stockrecord
    assert (record.num_in_stock, record.num_allocated) == (3, 0)  # the parcel's stock left the shop


def test_kirim_without_javascript_opens_the_order_with_the_whatsapp_button(owner):
    shop_ready()
    order = place_with_order_creator(payment_method="bank_transfer")
    services.confirm_payment(order.pk)
    response = owner.post(
        reverse("dashboard:order-ship", kwargs={"number": order.number}),
        {"courier": Courier.OTHER, "courier_name": "Kurir Toko", "tracking_number": "-"},
    )
    detail = reverse("dashboard:order-detail", kwargs={"number": order.number})
    assert response["Location"] == detail + "?changed=1"
    order.refresh_from_db()
    assert order.status == statuses.SHIPPED and order.shipment.carrier == "Kurir Toko"


def test_kirim_without_tracking_number_comes_back_with_the_message_and_changes_nothing(owner):
    shop_ready()
    order = place_with_order_creator(payment_method="cod")
    before = order.status
    url = reverse("dashboard:order-ship", kwargs={"number": order.number})
    response = owner.post(url, {"courier": Courier.OTHER, "tracking_number": ""})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Tulis nama kurirnya." in html and "Silakan ketik nomor resi." in html
    assert 'value="other" checked' in html  # the choice is kept
    as_json = owner.post(url, {"courier": Courier.JNE, "tracking_number": ""}, HTTP_ACCEPT="application/json")
    assert as_json.status_code == 400 and "tracking_number" in json.loads(as_json.content)["errors"]
    order.refresh_from_db()
    assert order.status == before and not order.status_changes.filter(new_status=statuses.SHIPPED).exists()


def test_kirim_refuses_an_unpaid_transfer_order(owner):
    shop_ready()
    order = place_with_order_creator(payment_method="bank_transfer")
    response = owner.post(
        reverse("dashboard:order-ship", kwargs={"number": order.number}),
        {"courier": Courier.JNE, "tracking_number": "X1"},
    )
    assert response.status_code == 200
    assert "Konfirmasi pembayaran dulu sebelum memproses pesanan ini." in response.content.decode()
    order.refresh_from_db()
    assert order.status == statuses.PENDING_PAYMENT


def test_the_rest_of_the_day_late_parcels_low_stock_reviews_and_unused_rewards(owner, owner_user):
    shop_ready()
    late = make_order_row(phone="081299990000", status=statuses.PROCESSING, days_ago=12)
    services.ship(late.pk, Courier.JNE, "JNE-LATE")
    Shipment.objects.filter(order=late).update(shipped_at=timezone.now() - timedelta(days=9))
    recent = make_order_row(phone="081299990001", status=statuses.PROCESSING, days_ago=3)
    services.ship(recent.pk, Courier.JNE, "JNE-NEW")
    almost_gone = make_product(stock=2, title="Keripik Tempe")
    make_product(stock=40, title="Kopi Toraja")
    review = ProductReview.objects.create(
        product=almost_gone, score=4, title="Enak", body="Renyah", name="Ani", email="ani@example.com"
    )
    customer = make_order_row(phone="081277770000", name="Rina Kartika").crm_link.customer
    account = get_account(customer)
    adjust_points(account, 500, "hadiah", by=owner_user)
    reward = Reward.objects.create(
        name="Diskon Rp 10.000", kind=RewardKind.RUPIAH, points_cost=100, value=Decimal("10000")
    )
    claim_reward(account, reward)

    response = owner.get(reverse("dashboard:index"))
    context = response.context
    assert [order.number for order in context["shipped_long_ago"].items] == [late.number]
    assert [record.product.title for record in context["low_stock"].items] == ["Keripik Tempe"]
    assert list(context["reviews"].items) == [review]
    assert [claim.reward for claim in context["rewards"].items] == [reward]
    html = response.content.decode()
    assert "https://wa.me/6281299990000?text=" in html  # ask the buyer whether the parcel came
    assert "https://wa.me/6281277770000?text=" in html  # remind the customer of the reward
    approve = owner.post(
        reverse("dashboard:reviews-list"),
        {"action": "update_selected_review_status", "selected_review": review.pk, "status": review.APPROVED},
    )
    assert approve.status_code == 302
    review.refresh_from_db()
    assert review.status == review.APPROVED


def test_a_reward_used_or_run_out_since_the_night_is_not_listed_as_waiting(owner, owner_user):
    """"Rewards claimed, not used yet" reads each claim as it is now, like the buyer's page: a
    voucher used today or expired an hour ago is off the list before the nightly task stores it."""
    customer = make_order_row(phone="081277770000", name="Rina Kartika").crm_link.customer
    account = get_account(customer)
    adjust_points(account, 500, "hadiah", by=owner_user)
    used, expired, waiting = (
        claim_reward(account, Reward.objects.create(name=name, kind=RewardKind.RUPIAH, points_cost=100))
        for name in ("Dipakai", "Kedaluwarsa", "Menunggu")
    )
    used.voucher.num_orders = 1
    used.voucher.save()
    expired.voucher.end_datetime = timezone.now() - timedelta(hours=1)
    expired.voucher.save()

    listed = owner.get(reverse("dashboard:index")).context["rewards"]
    assert [claim.pk for claim in listed.items] == [waiting.pk] and listed.count == 1


def shipped_row(days_ago, shipped_days_ago=None, changes_days_ago=()):
    """A shipped order placed ``days_ago`` days ago; with a shipment ``shipped_days_ago`` days
    ago, and changes to "Shipped" ``changes_days_ago`` days ago (orders shipped before
    shipments were recorded have only those)."""
    order = make_order_row(status=statuses.SHIPPED, days_ago=days_ago)
    now = timezone.now()
    if shipped_days_ago is not None:
        shipment = Shipment.objects.create(order=order, courier=Courier.JNE, tracking_number="JNE1")
        Shipment.objects.filter(pk=shipment.pk).update(shipped_at=now - timedelta(days=shipped_days_ago))
    for change_days_ago in changes_days_ago:
        change = OrderStatusChange.objects.create(
            order=order, old_status=statuses.PROCESSING, new_status=statuses.SHIPPED
        )
        left = now - timedelta(days=change_days_ago)
        OrderStatusChange.objects.filter(pk=change.pk).update(date_created=left)
    return order


def test_shipped_over_a_week_ago_by_the_shipment_else_the_last_change_else_the_date_placed(owner):
    """When an order left: its shipment's time; for orders shipped before shipments were
    recorded, the last change to "Shipped"; without either, when it was placed. Listed once
    that is over a week ago, the longest on the road first, and counted."""
    by_shipment = shipped_row(days_ago=12, shipped_days_ago=10)
    by_last_change = shipped_row(days_ago=30, changes_days_ago=(20, 9))
    by_date_placed = shipped_row(days_ago=8)
    shipped_row(days_ago=12, shipped_days_ago=2, changes_days_ago=(11,))  # the shipment says when
    shipped_row(days_ago=30, changes_days_ago=(25, 3))  # sent again 3 days ago
    shipped_row(days_ago=6)  # placed, and so shipped, less than a week ago
    make_order_row(status=statuses.COMPLETED, days_ago=40)

    late = owner.get(reverse("dashboard:index")).context["shipped_long_ago"]
    assert [order.pk for order in late.items] == [by_shipment.pk, by_last_change.pk, by_date_placed.pk]
    assert late.count == 3
    days_on_the_road = [(timezone.now() - order.shipped_on).days for order in late.items]
    assert days_on_the_road == [10, 9, 8]
    first_two = today.listing(today.shipped_not_completed(timezone.now()), size=2)
    assert [order.pk for order in first_two.items] == [by_shipment.pk, by_last_change.pk]
    assert first_two.count == 3
