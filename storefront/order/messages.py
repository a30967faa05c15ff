"""Prefilled WhatsApp messages about an order, in the shop's language (Indonesian)."""

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from core import order_statuses
from core.whatsapp import whatsapp_url


def buyer_phone(order):
    """The buyer's phone from the delivery address (+62…), or "" when there is none."""
    address = order.shipping_address
    return str(address.phone_number.as_e164) if address and address.phone_number else ""


def message_to_buyer(order):
    """What the owner sends the buyer after the order's latest change."""
    with translation.override(settings.LANGUAGE_CODE):
        name = order.shipping_address.first_name if order.shipping_address else ""
        greeting = _("Hello %(name)s,") % {"name": name} if name else _("Hello,")
        text = _("your order %(number)s at %(shop)s is now: %(status)s.") % {
            "number": order.number,
            "shop": settings.OSCAR_SHOP_NAME,
            "status": order_statuses.status_label(order.status),
        }
        shipment = getattr(order, "shipment", None) if order.status == order_statuses.SHIPPED else None
        if shipment is not None:
            text += " " + _("Courier: %(courier)s, tracking number: %(tracking)s.") % {
                "courier": shipment.carrier,
                "tracking": shipment.tracking_number or "-",
            }
        return f"{greeting} {text} " + _("Thank you!")


def buyer_whatsapp_url(order):
    """One-tap link for the owner to send ``message_to_buyer`` ("" without a phone)."""
    return whatsapp_url(buyer_phone(order), message_to_buyer(order))


def message_to_shop(order):
    """What the buyer sends the shop about their order (confirmation page, order page)."""
    with translation.override(settings.LANGUAGE_CODE):
        return _("Hello %(shop)s, I would like to ask about my order %(number)s.") % {
            "shop": settings.OSCAR_SHOP_NAME,
            "number": order.number,
        }
