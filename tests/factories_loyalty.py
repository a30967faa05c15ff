"""Helpers for the loyalty tests: buyers, baskets with offers applied, orders through OrderCreator."""

from decimal import Decimal

from django.contrib.auth import get_user_model
from oscar.apps.partner.strategy import Default
from oscar.core.loading import get_class, get_model
from oscar.test import factories

from core import order_statuses

Applicator = get_class("offer.applicator", "Applicator")
Basket = get_model("basket", "Basket")


def make_buyer(email="budi@example.com", phone="", **kwargs):
    return get_user_model().objects.create_user(email=email, password="rahasia-123", phone=phone, **kwargs)


def make_product(price=Decimal("100000"), stock=100, title="Kopi Gayo 250 g"):
    product = factories.create_product(title=title)
    factories.create_stockrecord(product, price=price, num_in_stock=stock)
    return product


def make_basket(user=None, price=Decimal("100000"), quantity=1, product=None):
    """A basket owned by ``user`` with offers applied, as the basket middleware would."""
    basket = Basket.objects.create(owner=user)
    basket.strategy = Default()
    basket.add_product(product or make_product(price), quantity)
    return apply_offers(basket)


def apply_offers(basket):
    basket.reset_offer_applications()
    Applicator().apply(basket, basket.owner)
    return basket


def place(basket, user=None, guest_email=""):
    """Place an order for ``basket`` through the shop's OrderCreator (free shipping)."""
    kwargs = {"guest_email": guest_email} if guest_email else {}
    return factories.create_order(basket=apply_offers(basket), user=user, **kwargs)


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
