"""Baskets and orders. Three ways to make an order, from the fastest to the most real:

- ``make_order_row``: an Order row written straight to the database (with its shipping
  address, no lines, no basket, no stock, no signals, no payment). For tests that only read
  orders: CRM, analytics, lists and exports, with a chosen date, total, status and contact.
- ``place_with_order_creator``: through the shop's OrderCreator (Oscar's ``place_order``):
  lines, stock allocated, ``order_placed`` sent, so the CRM link and the loyalty hooks run.
  For tests of what happens to a placed order (payment, pipeline, points, dashboard actions).
- ``checkout_over_http``: a buyer walks the real checkout pages with the Django test client.
  For tests of the checkout itself: its pages, forms, rules and what placing an order shows.
"""

import itertools
from datetime import timedelta
from decimal import Decimal

from django.contrib.auth import SESSION_KEY
from django.urls import reverse
from django.utils import timezone
from oscar.apps.partner.strategy import Default
from oscar.core.loading import get_class, get_model
from oscar.test import factories

from core import order_statuses
from crm.services import link_order
from storefront.payment.services import record_order_payment
from storefront.shipping.methods import COURIER_CODE
from tests.factories.catalogue import make_product
from tests.factories.customers import ADDRESS, make_shipping_address

Applicator = get_class("offer.applicator", "Applicator")
Basket = get_model("basket", "Basket")
Order = get_model("order", "Order")

GUEST_EMAIL = "siti@example.com"
# ``place_with_order_creator``'s address when none is given: ``make_shipping_address()``.
DEFAULT_ADDRESS = object()

_numbers = itertools.count(1)


def make_basket(user=None, price="100000", quantity=1, product=None):
    """A basket owned by ``user`` with ``quantity`` × ``product`` (by default a new product at
    ``price`` with 100 in stock) and offers applied, as the basket middleware would."""
    basket = Basket.objects.create(owner=user)
    basket.strategy = Default()
    basket.add_product(product or make_product(price=price, stock=100), quantity)
    return apply_offers(basket)


def apply_offers(basket):
    """Apply the shop's offers to ``basket`` afresh, for its owner."""
    basket.reset_offer_applications()
    Applicator().apply(basket, basket.owner)
    return basket


def make_order_row(
    *,
    phone="",
    email="",
    user=None,
    total="100000",
    days_ago=0,
    status=order_statuses.COMPLETED,
    name="Budi Santoso",
    link=True,
    now=None,
):
    """The fastest order: one Order row (and its shipping address to ``name`` and ``phone``),
    placed ``days_ago`` days before ``now``, of ``total`` Rupiah, in ``status``.

    No lines, no stock, no signals: use it where only the order's date, total, status and
    contact matter. It is linked to its CRM customer (``link=False`` leaves that to the test)."""
    first, _, last = name.partition(" ")
    total = Decimal(total)
    order = Order.objects.create(
        number=f"T{next(_numbers):06d}",
        site_id=1,
        currency="IDR",
        total_incl_tax=total,
        total_excl_tax=total,
        shipping_incl_tax=0,
        shipping_excl_tax=0,
        shipping_address=make_shipping_address(first_name=first, last_name=last, phone_number=phone),
        user=user,
        guest_email="" if user else email,
        status=status,
        date_placed=(now or timezone.now()) - timedelta(days=days_ago),
    )
    if link:
        link_order(order)
    return order


def place_with_order_creator(
    basket=None,
    *,
    user=None,
    guest_email=None,
    payment_method="bank_transfer",
    shipping_address=DEFAULT_ADDRESS,
    price="50000",
    stock=5,
    quantity=2,
):
    """An order placed through the shop's OrderCreator, free shipping: lines, stock allocated,
    ``order_placed`` sent (CRM link, loyalty hooks). No checkout pages.

    By default a guest's order (``siti@example.com``) as the checkout leaves it: ``quantity`` ×
    a new product at ``price`` with ``stock`` in stock, shipped to ``make_shipping_address()``,
    with its payment record for ``payment_method`` ("Pending payment"; cash on delivery goes
    straight to "Processing").

    - ``basket``: order this basket instead (``make_basket``; ``price``, ``stock`` and
      ``quantity`` are then unused); the shop's offers are applied.
    - ``user``: the buyer's order; ``guest_email``: a guest's e-mail.
    - ``shipping_address``: where it goes (``make_shipping_address(...)``); ``None`` for none.
    - ``payment_method=None``: no payment record.
    Loyalty tests pass ``shipping_address=None, payment_method=None``: the order alone, as the
    points and tiers see it.
    """
    if basket is None:
        basket = make_basket(quantity=quantity, product=make_product(price=price, stock=stock))
    if guest_email is None:
        guest_email = "" if user else GUEST_EMAIL
    extra = {"guest_email": guest_email} if guest_email else {}
    if shipping_address is DEFAULT_ADDRESS:
        shipping_address = make_shipping_address()
    if shipping_address is not None:
        extra["shipping_address"] = shipping_address
    order = factories.create_order(basket=apply_offers(basket), user=user, **extra)
    if payment_method:
        record_order_payment(order, payment_method)
    return order


PIPELINE_TO = {
    order_statuses.COMPLETED: [
        order_statuses.PAID,
        order_statuses.PROCESSING,
        order_statuses.SHIPPED,
        order_statuses.COMPLETED,
    ],
    order_statuses.SHIPPED: [order_statuses.PAID, order_statuses.PROCESSING, order_statuses.SHIPPED],
    order_statuses.CANCELLED: [order_statuses.CANCELLED],
}


def move_to(order, status):
    """Walk the order through the shop's pipeline to ``status`` (sends order_status_changed)."""
    for step in PIPELINE_TO[status]:
        order.set_status(step)
    return order


def add_to_basket(client, product, quantity=1):
    """The buyer's tap on "add to basket" on the product page."""
    return client.post(reverse("basket:add", kwargs={"pk": product.pk}), {"quantity": quantity})


def tap_place_order(client):
    """The buyer's last tap: "place order" on the checkout's preview page."""
    return client.post(reverse("checkout:preview"), {"action": "place_order"})


def checkout_over_http(
    client,
    product,
    *,
    method="bank_transfer",
    email=GUEST_EMAIL,
    address=None,
    shipping=COURIER_CODE,
    quantity=1,
    place=True,
):
    """The most real order: put ``product`` in the basket and walk the checkout pages with the
    test client (as a guest with ``email``, or as whoever ``client`` is signed in as), to
    ``address`` (default ``ADDRESS``), ``shipping`` method and payment ``method``.

    Returns the response to ``tap_place_order``; with ``place=False`` it stops at the preview
    page and returns that (the test taps ``tap_place_order`` itself)."""
    add_to_basket(client, product, quantity)
    if SESSION_KEY not in client.session:  # a signed-in buyer skips the gateway step
        client.post(reverse("checkout:index"), {"username": email, "options": "anonymous"})
    response = client.post(reverse("checkout:shipping-address"), address or ADDRESS)
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    client.post(reverse("checkout:shipping-method"), {"method_code": shipping})
    response = client.post(reverse("checkout:payment-method"), {"method": method})
    assert response.status_code == 302, response.content.decode()[:2000]
    preview = client.get(reverse("checkout:preview"))
    return tap_place_order(client) if place else preview
