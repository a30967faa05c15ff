"""A double tap on "place order" (two tabs, a slow phone, a retry): one order, the second
request shows that order, the basket stays submitted and the buyer can shop again at once."""

import pytest
from django.test import Client
from django.urls import reverse
from oscar.core.loading import get_model

from tests.concurrency import in_parallel
from tests.factories import (
    checkout_over_http,
    make_buyer,
    make_product,
    shop_ready,
    tap_place_order,
)

Basket = get_model("basket", "Basket")
Order = get_model("order", "Order")


def signed_in_to_preview(client, product, method="bank_transfer"):
    """Walk a signed-in buyer from the basket to the preview page."""
    preview = checkout_over_http(client, product, method=method, place=False)
    assert preview.status_code == 200
    return preview


def place_from_preview(client, preview):
    """Post the preview page's "place order" form as the browser would (with its hidden fields)."""
    return client.post(
        reverse("checkout:preview"),
        {"action": "place_order", "basket_id": preview.context["basket"].pk},
    )


def assert_can_order_again(client, user, product):
    signed_in_to_preview(client, product)
    response = tap_place_order(client)
    assert response.status_code == 302 and response["Location"] == reverse("checkout:thank-you")
    assert Order.objects.filter(user=user).count() == 2


@pytest.mark.django_db
def test_second_tap_after_the_first_shows_the_placed_order(client):
    shop_ready()
    user = make_buyer()
    client.force_login(user)
    product = make_product(stock=5)
    preview = signed_in_to_preview(client, product)

    first = place_from_preview(client, preview)
    second = place_from_preview(client, preview)

    order = Order.objects.get(user=user)
    assert first["Location"] == second["Location"] == reverse("checkout:thank-you")
    page = client.get(reverse("checkout:thank-you"))
    assert page.context["order"] == order
    assert "Pesanan ini sudah dibuat" in page.content.decode()
    assert Basket.objects.get(pk=order.basket_id).status == Basket.SUBMITTED
    assert_can_order_again(client, user, product)


@pytest.mark.django_db
def test_a_basket_reopened_with_its_order_placed_does_not_lock_the_buyer_out(client):
    """The state the old double tap left behind: an open basket whose order (numbered after the
    basket) exists. Placing it shows that order; the next basket can be ordered."""
    shop_ready()
    user = make_buyer()
    client.force_login(user)
    product = make_product(stock=5)
    preview = signed_in_to_preview(client, product)
    place_from_preview(client, preview)
    order = Order.objects.get(user=user)
    Basket.objects.filter(pk=order.basket_id).update(status=Basket.OPEN)

    preview = signed_in_to_preview(client, product)
    assert preview.context["basket"].pk == order.basket_id
    response = tap_place_order(client)

    assert response["Location"] == reverse("checkout:thank-you")
    assert client.get(response["Location"]).context["order"] == order
    assert Basket.objects.get(pk=order.basket_id).status == Basket.SUBMITTED
    assert_can_order_again(client, user, product)


@pytest.mark.django_db
def test_another_buyers_basket_id_shows_nothing(client):
    """The posted basket id only finds the buyer's own order."""
    shop_ready()
    someone = make_buyer(email="lain@example.com")
    client.force_login(someone)
    product = make_product(stock=5)
    preview = signed_in_to_preview(client, product)
    place_from_preview(client, preview)
    basket_id = Order.objects.get(user=someone).basket_id

    other = Client()
    other.force_login(make_buyer())
    response = other.post(reverse("checkout:preview"), {"action": "place_order", "basket_id": basket_id})
    assert response.status_code == 302
    assert response["Location"] != reverse("checkout:thank-you")


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_two_taps_at_the_same_moment_place_one_order():
    shop_ready()
    user = make_buyer()
    first = Client()
    first.force_login(user)
    product = make_product(stock=5)
    preview = signed_in_to_preview(first, product, method="bank_transfer")
    second = Client()
    second.cookies = first.cookies  # the same session: a second tab or a repeated tap
    clients = [first, second]

    responses = in_parallel(lambda i: place_from_preview(clients[i], preview), 2)

    assert [getattr(r, "status_code", r) for r in responses] == [302, 302]
    assert {r["Location"] for r in responses} == {reverse("checkout:thank-you")}
    order = Order.objects.get(user=user)
    assert Basket.objects.get(pk=order.basket_id).status == Basket.SUBMITTED
    assert order.payment_info.amount_due >= order.total_incl_tax
    assert first.get(reverse("checkout:thank-you")).context["order"] == order
    assert_can_order_again(first, user, product)
