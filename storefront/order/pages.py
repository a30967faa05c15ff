"""Where the buyer sees an order: the one rule for the link to an order's page.

An order placed with an account opens on the account's order page (after signing in); a guest's
order opens on Oscar's signed order-status page (the order number and its verification hash),
which only works for orders without an account. Every e-mail, WhatsApp text, redirect and
template link to a buyer's order page is built here."""

from django.conf import settings
from django.urls import reverse


def order_page_path(order):
    """The path of the buyer's page of ``order`` (account page or signed guest link)."""
    if order.user_id:
        return reverse("customer:order", kwargs={"order_number": order.number})
    return reverse(
        "customer:anon-order", kwargs={"order_number": order.number, "hash": order.verification_hash()}
    )


def order_page_url(order):
    """The absolute link to the buyer's page of ``order``, for e-mails and WhatsApp texts."""
    return settings.SITE_URL.rstrip("/") + order_page_path(order)
