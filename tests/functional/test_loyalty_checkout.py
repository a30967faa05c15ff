"""Redeeming points through the shop's real checkout (Django test client)."""

from decimal import Decimal

import pytest
from django.urls import reverse
from oscar.core.loading import get_model

from loyalty import services
from loyalty.models import Entry, EntryKind
from tests.factories import (
    checkout_over_http,
    make_buyer,
    make_product,
    shop_ready,
    tap_place_order,
)

pytestmark = pytest.mark.django_db
Order = get_model("order", "Order")


@pytest.fixture
def member(client):
    shop_ready(unique_code=False)
    user = make_buyer()
    client.force_login(user)
    account = services.account_for_user(user)
    services.adjust_points(account, 300, "saldo awal", by=None)
    return user


def test_points_chosen_on_the_preview_lower_the_order_total_and_are_debited(client, member):
    product = make_product(price="100000")
    preview = checkout_over_http(client, product, place=False)
    assert 'action="/shop/accounts/loyalty/tukar/"' in preview.content.decode()
    before = preview.context["order_total"].incl_tax
    response = client.post(reverse("loyalty:redeem"), {"points": 250, "next": reverse("checkout:preview")})
    assert response["Location"] == reverse("checkout:preview")
    preview = client.get(reverse("checkout:preview"))
    assert preview.context["order_total"].incl_tax == before - Decimal("25000")
    assert "Penukaran poin" in preview.content.decode()

    response = tap_place_order(client)
    assert response.status_code == 302 and response["Location"] == reverse("checkout:thank-you")
    order = Order.objects.get()
    assert order.total_incl_tax == before - Decimal("25000")
    assert order.discounts.get().amount == Decimal("25000")
    assert services.points_summary(order.user.customer).available == 50


def test_a_basket_changed_after_choosing_points_is_not_placed_and_nothing_is_debited(client, member):
    product = make_product(price="100000")
    checkout_over_http(client, product, place=False)
    client.post(reverse("loyalty:redeem"), {"points": 300, "next": reverse("checkout:preview")})
    basket = get_model("basket", "Basket").objects.get(owner=member)
    line = basket.all_lines()[0]
    line.quantity = 3  # changed in another tab after the points were chosen
    line.save()
    response = tap_place_order(client)
    assert response.status_code == 200  # the preview again, with the reason
    assert "Keranjang Anda berubah" in response.content.decode()
    assert not Order.objects.exists()
    assert not Entry.objects.filter(kind=EntryKind.REDEEM).exists()
    assert services.points_summary(member.customer).available == 300
