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


def chat_order_message(order, order_url):
    """What the owner sends a buyer whose order came by chat: the lines, shipping, total, how
    to pay (or that it is paid) and the link to the order page."""
    from core.prices import currency
    from storefront.payment.services import active_bank_accounts, payment_settings

    with translation.override(settings.LANGUAGE_CODE):
        payment = order.payment_info
        name = order.shipping_address.first_name if order.shipping_address else ""
        lines = [
            f"- {line.quantity} × {line.title} = {currency(line.line_price_incl_tax, order.currency)}"
            for line in order.lines.all()
        ]
        text = [
            (_("Hello %(name)s,") % {"name": name} if name else _("Hello,"))
            + " "
            + _("thank you for your order at %(shop)s. Order %(number)s:")
            % {"shop": settings.OSCAR_SHOP_NAME, "number": order.number},
            *lines,
            _("Shipping: %(amount)s") % {"amount": currency(order.shipping_incl_tax, order.currency)},
            _("Total: %(amount)s") % {"amount": currency(payment.amount_due, order.currency)},
        ]
        if payment.confirmed_at:
            text.append(_("We have received your payment. Thank you!"))
        elif payment.is_cod:
            text.append(_("Please pay in cash when the order arrives (COD)."))
        else:
            amount = currency(payment.amount_due, order.currency)
            text.append(_("Please transfer %(amount)s to:") % {"amount": amount})
            for bank in active_bank_accounts():
                text.append(f"{bank.bank_name} {bank.account_number} a.n. {bank.account_holder}")
            if payment_settings().qris_enabled:
                text.append(_("or pay by QRIS (the code is on the order page)."))
        text.append(_("Your order: %(url)s") % {"url": order_url})
        return "\n".join(text)
