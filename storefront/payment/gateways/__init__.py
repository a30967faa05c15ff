"""Payment gateways, one module per provider, listed in ``settings.PAYMENT_GATEWAYS``.

A provider module has a ``gateway()`` function returning an object with:

- ``name`` (stored on ``GatewayPayment.provider`` and used in the notification URL),
  ``label``, ``is_configured`` (its keys are set), ``is_production``, ``page_origin`` (scheme
  and host of its payment page);
- ``start(order, payment, finish_url)`` → the URL of the gateway's payment page;
- ``parse_notification(body)`` → a verified ``TransactionStatus`` (raises ``InvalidNotification``);
- ``fetch_status(order_number)`` → ``TransactionStatus``, or None when the gateway has no
  transaction for that order yet;
- ``can_refund(payment_type)`` and ``refund(order_number, amount, reason, refund_key)`` → the
  gateway's answer (a dict);
- ``test_connection()`` → None when the keys are accepted;
- for the owner's settings screen (``storefront.providers``): ``kind``, ``console_url``,
  ``environment`` (the variable names of its settings) and ``notification_urls()`` →
  (label, path) pairs to paste into the provider's console.

Network failures and error answers raise ``GatewayUnavailable``. Adding a second provider
(e.g. Xendit) is one more module with these functions and its name in the setting; the order
rules in ``storefront.payment.online`` stay as they are.
"""

from dataclasses import dataclass, field
from decimal import Decimal
from importlib import import_module

from django.conf import settings

PENDING, PAID, FAILED, REFUNDED = "pending", "paid", "failed", "refunded"


class GatewayUnavailable(Exception):
    """The gateway could not be reached or answered with an error; try again later."""


class InvalidNotification(Exception):
    """A notification that is malformed or not signed with the shop's key."""


@dataclass(frozen=True)
class TransactionStatus:
    """What a gateway says about the transaction of one order.

    ``outcome`` is the shop's reading of the gateway's own ``provider_status``: one of
    PENDING, PAID, FAILED (expired, cancelled, denied) or REFUNDED."""

    order_number: str
    transaction_id: str
    provider_status: str
    outcome: str
    payment_type: str = ""
    gross_amount: Decimal = Decimal("0")
    raw: dict = field(default_factory=dict, compare=False)


def all_gateways():
    """Every provider the shop knows (configured or not), in the setting's order."""
    return [import_module(path).gateway() for path in settings.PAYMENT_GATEWAYS]


def get_gateway(name):
    """The provider called ``name``; ``LookupError`` if the shop has none by that name."""
    for gateway in all_gateways():
        if gateway.name == name:
            return gateway
    raise LookupError(name)


def active_gateway():
    """The first provider whose keys are set, or None: buyers then see only the manual methods."""
    return next((gateway for gateway in all_gateways() if gateway.is_configured), None)
